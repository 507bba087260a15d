"""The human-coding sample: a recorded, stratified probability sample of whole units (rule ``draw_sample``).

Each batch is a stratified simple random sample, without replacement, of the units not drawn
before (optionally only those matching a ``where`` filter such as ``method=survey``). Strata are the
cells of the configured unit columns (place × wave by default). Every stratum gets at least one unit
and the rest are shared in proportion to the strata's sizes, so a batch cannot be smaller than the
number of strata: a user with many small strata is told to draw more or to stratify more coarsely.
Within a stratum every unit has the same chance, recorded as ``inclusion_probability``
(drawn / stratum units), with the batch, the stratum, its size, the seed and the date, in a register
kept beside the raw data: the register is an input of the estimates, like the human codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from qualsynth.config import did_you_mean
from qualsynth.errors import InputError, Problems
from qualsynth.ingest.inputs import read_table
from qualsynth.ingest.units import ROLE_SEPARATOR

REGISTER_COLUMNS = [
    "unit_id",
    "doc_id",
    "place",
    "wave",
    "method",
    "batch",
    "population",
    "stratum",
    "stratum_units",
    "stratum_drawn",
    "inclusion_probability",
    "seed",
    "drawn_on",
]
STRATA_COLUMNS = ("place", "wave", "method", "role")
ALL_UNITS = "all units"
_WHERE = re.compile(r"^\s*(?P<column>[a-z_]+)\s*(?P<op>!=|=)\s*(?P<values>.+?)\s*$")


def empty_register() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in REGISTER_COLUMNS})


def read_register(path: Path | None, units: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sample register, checked: its columns, one row per unit, and numbers where numbers belong.

    Units the register names that are no longer in the corpus (a withdrawn respondent, a removed
    document) are kept: the caller reports them.
    """
    if path is None or not Path(path).exists():
        return empty_register()
    table = read_table(Path(path))
    missing = [
        c for c in ("unit_id", "batch", "population", "stratum", "inclusion_probability") if c not in table.columns
    ]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}. The sample register is written by "
            f"`make sample`; its header is {','.join(REGISTER_COLUMNS)}."
        )
    problems = Problems()
    duplicated = table["unit_id"].duplicated(keep="first")
    for index in np.flatnonzero(duplicated.to_numpy()):
        problems.add(
            f"{path}, line {index + 2}: unit {table['unit_id'].iloc[index]!r} is registered twice. "
            "Remove the later row: a unit is drawn once."
        )
    for column in ("batch", "inclusion_probability"):
        values = pd.to_numeric(table[column], errors="coerce")
        bad = values.isna() | (values <= 0) | ((values > 1) if column == "inclusion_probability" else False)
        for index in np.flatnonzero(bad.to_numpy()):
            problems.add(
                f"{path}, line {index + 2}: {column} {table[column].iloc[index]!r} is not valid "
                f"({'a number in (0, 1]' if column == 'inclusion_probability' else 'a batch number'}). "
                "The register is written by `make sample`: restore the value it wrote."
            )
    problems.raise_if_any()
    for column in REGISTER_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    table["batch"] = pd.to_numeric(table["batch"]).astype(int)
    return table[REGISTER_COLUMNS]


def unit_attributes(units: pd.DataFrame) -> list[str]:
    """What units can be stratified or filtered by: place, wave, method, role and the register's own columns."""
    from qualsynth.ingest.units import UNIT_COLUMNS

    return [*STRATA_COLUMNS, *(c for c in units.columns if c not in UNIT_COLUMNS)]


def attribute_column(name: str, units: pd.DataFrame, where: str) -> str:
    """The units table's column for an attribute (a unit's role: the roles that speak in it), or an error
    naming ``where`` it was asked for and the attributes there are."""
    known = unit_attributes(units)
    if name not in known:
        raise InputError(
            f"{where}: {name!r} is not something units can be grouped by{did_you_mean(name, known)}; use "
            f"{', '.join(known)} (a column of the register, documents.csv, counts too)."
        )
    return "roles" if name == "role" else name


def _holds(column: pd.Series, values: Sequence[str]) -> pd.Series:
    """Which units have one of ``values``: for the roles that speak in a unit (``a;b``), any of them."""
    wanted = set(values)
    return column.astype(str).map(lambda cell: bool(wanted & set(cell.split(ROLE_SEPARATOR))) or cell in wanted)


def parse_where(where: str | None, units: pd.DataFrame) -> tuple[str, pd.Series]:
    """A batch's population: ``column=value[,value…]`` or ``column!=value[,…]`` over the units table, or all units."""
    if where is None or not str(where).strip():
        return ALL_UNITS, pd.Series(True, index=units.index)
    match = _WHERE.match(str(where))
    if not match:
        raise InputError(
            f"sample filter {where!r} is not understood. Write column=value or column!=value, with "
            f"column one of {', '.join(unit_attributes(units))} (e.g. WHERE='method=survey')."
        )
    column = attribute_column(match["column"], units, f"sample filter {where!r} is not understood")
    values = [v.strip() for v in match["values"].split(",") if v.strip()]
    known = {part for cell in units[column].astype(str) for part in cell.split(ROLE_SEPARATOR)}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise InputError(
            f"sample filter {where!r}: no unit has {match['column']} {unknown[0]!r}. "
            f"Known values: {', '.join(sorted(known))}."
        )
    inside = _holds(units[column], values)
    label = f"{match['column']}{match['op']}{','.join(values)}"
    return label, (inside if match["op"] == "=" else ~inside)


def population_mask(label: str, units: pd.DataFrame) -> pd.Series:
    """Which units a batch's recorded population (``parse_where``'s label) covers, with today's units table."""
    if label in ("", ALL_UNITS):
        return pd.Series(True, index=units.index)
    match = _WHERE.match(label)
    if not match:
        raise InputError(
            f"the sample register's population {label!r} is not understood; it is written by "
            "`make sample` (e.g. 'method=survey'). Restore the value it wrote."
        )
    column = attribute_column(match["column"], units, f"the sample register's population {label!r}")
    inside = _holds(units[column], [v.strip() for v in match["values"].split(",")])
    return inside if match["op"] == "=" else ~inside


def stratum_label(values: Sequence[str]) -> str:
    return " / ".join(str(v) for v in values)


def allocate(sizes: Sequence[int], n: int, caps: Sequence[int] | None = None) -> list[int]:
    """Units to draw from each stratum: at least one each, the rest in proportion to ``sizes`` (largest
    remainders, ties to the earlier stratum), never more than a stratum holds (``caps``, default its size)."""
    sizes = [int(s) for s in sizes]
    caps = [int(c) for c in caps] if caps is not None else sizes
    total = sum(sizes)
    if not 0 < len(sizes) <= n <= sum(caps):
        raise ValueError(f"cannot draw {n} from {len(sizes)} strata of {sum(caps)} units")
    target = [n * s / total for s in sizes]
    drawn = [min(c, max(1, int(np.floor(t)))) for c, t in zip(caps, target)]
    while sum(drawn) < n:
        room = [k for k in range(len(sizes)) if drawn[k] < caps[k]]
        drawn[max(room, key=lambda k: (target[k] - drawn[k], -k))] += 1
    while sum(drawn) > n:
        spare = [k for k in range(len(sizes)) if drawn[k] > 1]
        drawn[min(spare, key=lambda k: (target[k] - drawn[k], k))] -= 1
    return drawn


UNCERTAINTY_LEVELS = 4
STRATA_FILE_COLUMNS = ["unit_id", "batch", "stratum"]


def strata_file(register: Path) -> Path:
    """Where the uncertainty-stratified batches' strata of every unit are kept: beside the register."""
    return register.with_name(f"{register.stem}_strata.csv")


def read_batch_strata(register: Path | None) -> pd.DataFrame | None:
    """The strata file beside ``register`` (STRATA_FILE_COLUMNS), or None where no batch was drawn by
    uncertainty."""
    if register is None or not strata_file(register).exists():
        return None
    path = strata_file(register)
    table = read_table(path)
    missing = [c for c in STRATA_FILE_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            f"{path}: column(s) {', '.join(missing)} missing. `make sample BY=uncertainty` writes this file with "
            f"{', '.join(STRATA_FILE_COLUMNS)}; restore it from a backup rather than editing it."
        )
    return table[STRATA_FILE_COLUMNS]


def uncertainty_of(unit_scores: pd.DataFrame) -> pd.Series:
    """Each unit's uncertainty u = √Σ p(1 − p) over the themes, from its calibrated probabilities: the
    spread of what the reference coder may find there that the machine cannot tell."""
    units = unit_scores[unit_scores["role"] == ""]
    spread = units["score"].clip(0, 1) * (1 - units["score"].clip(0, 1))
    return np.sqrt(spread.groupby(units["unit_id"], sort=True).sum()).rename("uncertainty")


def uncertainty_strata(uncertainty: pd.Series, eligible: Sequence[str], levels: int = UNCERTAINTY_LEVELS) -> pd.Series:
    """Every unit's uncertainty stratum ("uncertainty 2 of 4"), cut at the quantiles of the ``eligible``
    units' u so that they fall in strata of equal size (fewer where u ties); units with no score count as
    the most uncertain, and a unit outside the eligible ones joins the stratum below it."""
    u = uncertainty.fillna(np.inf)
    inside = u.index.isin(set(eligible))
    pool = np.sort(u[inside].to_numpy())
    finite = pool[np.isfinite(pool)]
    cuts = np.unique(np.quantile(finite, np.linspace(0, 1, levels + 1)[1:-1])) if len(finite) else np.array([])
    level = np.searchsorted(cuts, u.to_numpy(), side="right")
    occupied = np.unique(level[inside]) if inside.any() else np.array([0])
    rank = np.clip(np.searchsorted(occupied, level, side="right") - 1, 0, None)
    return pd.Series([f"uncertainty {k + 1} of {len(occupied)}" for k in rank], index=u.index, name="stratum")


def uncertainty_levels(remaining: pd.DataFrame, columns: Sequence[str], n: int) -> int:
    """How many uncertainty strata a batch of ``n`` is cut into: the estimates cross them with the strata
    (``columns``), so each crossing should expect two of the batch's units — 4, or fewer where the strata
    are many for the batch (:func:`draw_batch` refuses a batch too small for 2)."""
    cells = remaining.groupby(list(columns)).ngroups if columns else 1
    return int(np.clip(n // (2 * max(cells, 1)), 2, UNCERTAINTY_LEVELS))


def neyman(sizes: Sequence[int], spreads: Sequence[float], n: int) -> list[int]:
    """Units to draw from each stratum: at least one each, the rest in proportion to size × spread
    (Neyman allocation; largest remainders), never more than a stratum holds."""
    weight = np.asarray(sizes, dtype=float) * np.maximum(np.asarray(spreads, dtype=float), 1e-9)
    return allocate(list(np.maximum(np.round(weight / weight.sum() * 1e6), 1).astype(int)), n, caps=sizes)


def draw_batch(
    units: pd.DataFrame,
    register: pd.DataFrame,
    n: int,
    strata: Sequence[str],
    seed: int,
    where: str | None = None,
    drawn_on: str | None = None,
    coded: set[str] = frozenset(),
    uncertainty: pd.Series | None = None,
) -> pd.DataFrame:
    """The next batch: ``n`` units not yet drawn nor ``coded`` in full already (by hand outside a sample,
    or in another tool), stratified by ``strata``, as new register rows. With ``uncertainty`` (per unit,
    :func:`uncertainty_of`), stratified instead by the machine's uncertainty (:func:`uncertainty_strata`)
    with Neyman allocation: the units the machine is least sure of are drawn more often, each with its
    stratum's known inclusion probability.

    The batch's random numbers come from ``seed`` and the batch number, so the same register, units
    and settings draw the same batch.
    """
    columns = [attribute_column(c, units, "config key 'sampling.strata'") for c in strata]
    population, remaining = remaining_units(units, register, where, coded)
    if n < 1:
        raise InputError(f"make sample N={n}: draw at least one unit.")
    if len(remaining) == 0:
        raise InputError(
            f"every unit of {population} has been drawn or coded in full already ({len(register)} in the register, "
            f"{len(set(coded) - set(register['unit_id']))} coded outside it): "
            "there is nothing left to sample."
        )
    if n > len(remaining):
        raise InputError(
            f"make sample N={n}: only {len(remaining)} unit(s) of {population} are neither drawn nor coded yet. "
            f"Draw at most {len(remaining)}."
        )
    if uncertainty is not None:
        levels = uncertainty_levels(remaining, columns, n)
        cells = remaining.groupby(columns).ngroups if columns else 1
        if n < 2 * 2 * cells:
            raise InputError(
                f"make sample N={n} BY=uncertainty: the estimates cross the uncertainty strata with the {cells} "
                f"strata of the units left ({' × '.join(strata) or 'none'}), and with fewer than two units of the "
                f"batch in each crossing their variances cannot be trusted. Draw at least {4 * cells} by "
                f"uncertainty, draw this batch without BY, or stratify more coarsely (config key sampling.strata, "
                f"e.g. [{strata[-1] if strata else 'wave'}])."
            )
        level = uncertainty_strata(uncertainty.reindex(units["unit_id"]), list(remaining["unit_id"]), levels)
        remaining = remaining.assign(uncertainty_stratum=remaining["unit_id"].map(level))
        columns = ["uncertainty_stratum"]
    if uncertainty is not None or strata:
        cells = {key: group for key, group in remaining.groupby(columns, sort=True)}
    else:
        cells = {(): remaining}
    if n < len(cells):
        raise InputError(
            f"make sample N={n}: the units left to draw fall in {len(cells)} strata ({' × '.join(strata)}), and "
            f"every stratum needs at least one. Draw at least {len(cells)}, or stratify more coarsely "
            f"(config key sampling.strata, e.g. [{strata[-1] if strata else 'wave'}])."
        )
    batch = int(register["batch"].max()) + 1 if len(register) else 1
    rng = np.random.default_rng([int(seed), batch])
    if uncertainty is not None:
        spread = [float(uncertainty.reindex(g["unit_id"]).fillna(uncertainty.max()).mean()) for g in cells.values()]
        sizes = neyman([len(g) for g in cells.values()], spread, n)
    else:
        sizes = allocate([len(g) for g in cells.values()], n)
    rows = []
    for (key, group), drawn in zip(cells.items(), sizes):
        key = key if isinstance(key, tuple) else (key,)
        chosen = sorted(rng.choice(group["unit_id"].to_numpy(), size=drawn, replace=False))
        picked = group.set_index("unit_id").loc[chosen]
        for unit_id, unit in picked.iterrows():
            rows.append(
                {
                    "unit_id": unit_id,
                    "doc_id": unit["doc_id"],
                    "place": unit["place"],
                    "wave": unit["wave"],
                    "method": unit["method"],
                    "batch": batch,
                    "population": population,
                    "stratum": stratum_label(key) if key else ALL_UNITS,
                    "stratum_units": len(group),
                    "stratum_drawn": drawn,
                    "inclusion_probability": round(drawn / len(group), 6),
                    "seed": int(seed),
                    "drawn_on": drawn_on or dt.date.today().isoformat(),
                }
            )
    return pd.DataFrame(rows, columns=REGISTER_COLUMNS)


def batch_strata(
    units: pd.DataFrame,
    register: pd.DataFrame,
    batch: pd.DataFrame,
    uncertainty: pd.Series,
    strata: Sequence[str],
    where: str | None = None,
    coded: set[str] = frozenset(),
) -> pd.DataFrame:
    """Every unit's uncertainty stratum for the uncertainty-stratified ``batch`` drawn after ``register``
    (STRATA_FILE_COLUMNS), cut as :func:`draw_batch` cut them: the design needs the strata of the units
    not drawn as well, as they were when the batch was drawn."""
    _, remaining = remaining_units(units, register, where, coded)
    columns = [attribute_column(c, units, "config key 'sampling.strata'") for c in strata]
    levels = uncertainty_levels(remaining, columns, len(batch))
    level = uncertainty_strata(uncertainty.reindex(units["unit_id"]), list(remaining["unit_id"]), levels)
    return pd.DataFrame(
        {"unit_id": units["unit_id"].to_numpy(), "batch": batch["batch"].iloc[0], "stratum": level.to_numpy()}
    )


def remaining_units(
    units: pd.DataFrame, register: pd.DataFrame, where: str | None, coded: set[str]
) -> tuple[str, pd.DataFrame]:
    """The population's label, and its units neither drawn before nor coded in full, in unit order."""
    population, inside = parse_where(where, units)
    taken = set(register["unit_id"]) | set(coded)
    return population, units[inside & ~units["unit_id"].isin(taken)].sort_values("unit_id")


def append_register(register: pd.DataFrame, batch: pd.DataFrame) -> pd.DataFrame:
    """The register with a new batch after its rows."""
    return pd.concat([register.astype(str), batch.astype(str)], ignore_index=True)[REGISTER_COLUMNS]
