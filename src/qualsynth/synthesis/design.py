"""The design the estimates rest on: which units the reference coder coded, how they were chosen, and
the strata (rule ``synthesise``).

* **Probability sample**: the register of ``make sample`` names the units drawn. Each batch is a
  stratified random sample of the units not drawn before, so given how many coded units fall in each
  cell (stratum values × the batches' populations), they are a simple random sample of that cell's
  units: the cells are the estimation strata, weighted by their current sizes. A cell with no coded
  unit (units added since the last draw, or drawn units not coded yet) is merged with its nearest
  cell, and the merge is reported.
* **Assumed random**: human codes but no register. The coded units are treated as a random sample
  within each stratum; the report says so, because nothing guarantees it.
* **Coded subset**: the only units coded in full were coded in another tool (a QDA project's coding),
  chosen by the team, not drawn: final on the units it covers, it is no sample of the rest, whose
  shares stay the machine's, uncorrected, until ``make sample`` draws a probability sample of them.
* **Census**: every unit coded; the shares are the human codes' own.
* **None**: no unit coded in full; the shares are the machine's, uncorrected.

Units coded in full outside the register (a QDA project's coding among them) are counted with their
human codes and take no part in correcting the others. A unit the register drew is part of the sample
whatever tool coded it: it was drawn at random.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualsynth.coding.sampling import ALL_UNITS, attribute_column, population_mask, stratum_label
from qualsynth.synthesis.estimation import Design

PROBABILITY, ASSUMED, SUBSET, CENSUS_KIND, NONE = (
    "probability sample",
    "assumed random",
    "coded subset",
    "census",
    "none",
)
DESIGN_COLUMNS = ["unit_id", "cell", "stratum", "status", "batch", "weight"]
SAMPLED, DRAWN_NOT_CODED, CODED_OUTSIDE, NOT_CODED = (
    "sampled and coded",
    "drawn, not coded yet",
    "coded outside the sample",
    "not coded",
)


@dataclass(frozen=True)
class SampleDesign:
    """The design, the per-unit table an auditor reads, and a summary for the report."""

    design: Design
    table: pd.DataFrame
    summary: dict[str, object]
    unit_ids: list[str]

    @functools.cached_property
    def _position(self) -> dict[str, int]:
        return {u: i for i, u in enumerate(self.unit_ids)}

    def index_of(self, unit_ids: Sequence[str]) -> np.ndarray:
        position = self._position
        return np.array([position[u] for u in unit_ids], dtype=int)


def sample_design(
    units: pd.DataFrame,
    register: pd.DataFrame,
    complete: set[str],
    strata: Sequence[str],
    superpopulation: bool = False,
    imported: set[str] = frozenset(),
    batch_strata: pd.DataFrame | None = None,
) -> SampleDesign:
    """The estimation design for ``units`` (the units table, in its order), given the sample
    ``register``, the units the reference coder coded in full (``complete``) and those of them coded in
    another tool (``imported``), which are never taken for a sample. ``batch_strata`` holds every unit's
    stratum for each batch drawn by the machine's uncertainty: the cells are crossed with them, so that
    within a cell every batch is a simple random sample of the units it could draw."""
    unit_ids = list(units["unit_id"])
    present = set(unit_ids)
    complete = complete & present
    registered = set(register["unit_id"]) & present
    gone = sorted(set(register["unit_id"]) - present)
    known = np.array([u in complete for u in unit_ids])
    if registered:
        kind = CENSUS_KIND if complete == present else PROBABILITY
        sampled = np.array([u in complete and u in registered for u in unit_ids])
        populations = sorted(set(register["population"]) - {"", ALL_UNITS})
    else:
        assumed = complete - imported
        kind = CENSUS_KIND if complete and complete == present else ASSUMED if assumed else SUBSET if complete else NONE
        sampled = np.array([u in assumed for u in unit_ids])
        populations = []
    keys = _cell_keys(units, strata, populations, _uncertainty_columns(unit_ids, batch_strata, registered))
    labels = [_label(k, strata, populations) for k in keys]
    represented = ~known | sampled
    stratum, names, merges = _strata(keys, labels, sampled, represented)
    groups = _collapse_singletons(stratum, names, sampled, represented)
    design = Design(stratum, sampled, known, groups, superpopulation)
    batch_of = dict(zip(register["unit_id"], register["batch"].astype(str)))
    status = [
        SAMPLED if s else DRAWN_NOT_CODED if u in registered and not k else CODED_OUTSIDE if k else NOT_CODED
        for u, s, k in zip(unit_ids, sampled, known)
    ]
    table = pd.DataFrame(
        {
            "unit_id": unit_ids,
            "cell": labels,
            "stratum": [names[h] for h in stratum],
            "status": status,
            "batch": [batch_of.get(u, "") for u in unit_ids],
            "weight": np.round(design.weights(), 6),
        }
    )
    summary = {
        "kind": kind,
        "units": len(unit_ids),
        "sampled_and_coded": int(sampled.sum()),
        "drawn_not_coded": int(sum(s == DRAWN_NOT_CODED for s in status)),
        "coded_outside_sample": int(sum(s == CODED_OUTSIDE for s in status)),
        "coded_in_another_tool": len(complete & imported),
        "registered_not_in_corpus": gone,
        "batches": int(register["batch"].nunique()) if len(register) else 0,
        "strata_variables": list(strata),
        "populations": populations,
        "strata": len(names),
        "merged_cells": merges,
        "collapsed_groups": len(groups),
        "singleton_strata": int(sum(len(g) for g in groups)),
    }
    return SampleDesign(design, table, summary, unit_ids)


def _uncertainty_columns(
    unit_ids: Sequence[str], batch_strata: pd.DataFrame | None, registered: set[str]
) -> list[list[str]]:
    """Per uncertainty-stratified batch still in the register, every unit's stratum ("" for a unit the
    batch did not know)."""
    if batch_strata is None or not len(batch_strata) or not registered:
        return []
    columns = []
    for _, rows in batch_strata.groupby(batch_strata["batch"].astype(str), sort=True):
        of = dict(zip(rows["unit_id"], rows["stratum"]))
        columns.append([str(of.get(u, "")) for u in unit_ids])
    return columns


def _label(key: tuple, strata: Sequence[str], populations: Sequence[str]) -> str:
    """'Alder / W1', with the batch populations the cell belongs to: 'Alder / W1 [method=survey]'; with
    an uncertainty-stratified batch, 'Alder / W1 / uncertainty 2 of 4'."""
    extra = [v for v in key[len(strata) :] if isinstance(v, str) and v]
    base = stratum_label([*key[: len(strata)], *extra]) if strata or extra else "all units"
    if not populations:
        return base
    flags = [v for v in key[len(strata) :] if isinstance(v, bool)]
    inside = [p for p, flag in zip(populations, flags) if flag]
    return f"{base} [{', '.join(inside) if inside else 'outside the drawn populations'}]"


def _cell_keys(
    units: pd.DataFrame, strata: Sequence[str], populations: Sequence[str], uncertainty: Sequence[Sequence[str]] = ()
) -> list[tuple]:
    masks = [population_mask(p, units).to_numpy() for p in populations]
    values = [units[attribute_column(c, units, "config key 'sampling.strata'")].astype(str).to_numpy() for c in strata]
    values += [np.asarray(column) for column in uncertainty]
    return [tuple(v[i] for v in values) + tuple(bool(m[i]) for m in masks) for i in range(len(units))]


def _strata(
    keys: list[tuple], labels: list[str], sampled: np.ndarray, represented: np.ndarray
) -> tuple[np.ndarray, list[str], list[dict[str, str]]]:
    """Estimation strata: the cells, each cell with units to represent but no coded unit merged into
    the nearest cell that has some (same populations, most leading stratum values in common)."""
    cells = sorted(set(keys))
    label_of = dict(zip(keys, labels))
    # Each cell's positions from one pass over the units: a mask per cell was cells × units comparisons.
    members: dict[tuple, list[int]] = {}
    for i, k in enumerate(keys):
        members.setdefault(k, []).append(i)
    has_sample = {c: bool(sampled[members[c]].any()) for c in cells}
    needs = {c: bool(represented[members[c]].any()) for c in cells}
    target = {c: c for c in cells}
    merges = []
    donors = [c for c in cells if has_sample[c]]
    order = {d: i for i, d in enumerate(cells)}
    for c in cells:
        if has_sample[c] or not needs[c] or not donors:
            continue
        k = _populations(c)
        same_population = [d for d in donors if k and d[-k:] == c[-k:]] or donors
        best = max(same_population, key=lambda d: (_common_prefix(c, d), -abs(order[d] - order[c]), -order[d]))
        target[c] = best
        merges.append({"cell": label_of[c], "into": label_of[best]})
    groups = sorted(set(target.values()))
    merged: dict[tuple, list[str]] = {g: [] for g in groups}
    for c in cells:
        merged[target[c]].append(label_of[c])
    index = {g: h for h, g in enumerate(groups)}
    names = [_stratum_name(label_of[g], merged[g]) for g in groups]
    stratum = np.array([index[target[k]] for k in keys], dtype=int)
    return stratum, names, merges


def _stratum_name(donor: str, merged: list[str]) -> str:
    """A stratum's cells joined with "+"; past three, the cell with coded units and a count: every unit's
    own cell is beside it in the table, and each merge in the summary."""
    if len(merged) <= 3:
        return " + ".join(merged)
    return f"{donor} + {len(merged) - 1} merged cells"


def _populations(key: tuple) -> int:
    return sum(isinstance(v, bool) for v in key)


def _common_prefix(a: tuple, b: tuple) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def _collapse_singletons(
    stratum: np.ndarray, names: list[str], sampled: np.ndarray, represented: np.ndarray
) -> tuple[tuple[int, ...], ...]:
    """Pairs of strata with one coded unit each (and more units to represent): one coded unit gives no
    spread, so neighbouring strata are compared instead. An odd one out joins the last pair; a lone
    one joins its nearest stratum with more coded units."""
    size = len(names)
    n_h = np.bincount(stratum[sampled], minlength=size)
    N_h = np.bincount(stratum[represented], minlength=size)
    singles = [h for h in range(size) if n_h[h] == 1 and N_h[h] > 1]
    if not singles:
        return ()
    if len(singles) == 1:
        others = [h for h in range(size) if n_h[h] >= 2 and N_h[h] > n_h[h]]
        if not others:
            return ()
        nearest = min(others, key=lambda h: (abs(h - singles[0]), h))
        return (tuple(sorted((singles[0], nearest))),)
    pairs = [tuple(singles[i : i + 2]) for i in range(0, len(singles) - len(singles) % 2, 2)]
    if len(singles) % 2:
        pairs[-1] = pairs[-1] + (singles[-1],)
    return tuple(pairs)
