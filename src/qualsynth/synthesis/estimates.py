"""The synthesis's shares as estimates of what the reference coder would find (rule ``synthesise``).

Every table here counts source units (a transcript, a log, a set of notes, one survey response), or,
by role, unit-role pairs (a focus group counts once for each role that spoke in it, raising a theme
when a participant of that role did). Each share comes with its 95% interval and the method that
made it (:mod:`qualsynth.estimation`): ``census`` (every unit coded by hand), ``design-based`` (the
coded sample corrects the machine's probabilities), ``partially pooled`` (a group's own coded units
correct the machine there, the other groups of its kind lending strength as far as the machine errs
alike across them: :mod:`qualsynth.small_areas`), ``human codes only`` (too few coded positives or
negatives to measure the machine's errors: the coded units alone, with a Wilson interval) or
``uncorrected`` (no unit coded in full: the machine's share, with no interval). The machine's own
share of units sits beside each estimate for comparison. Changes state a direction only where they
are clear over their family (:func:`family_directions`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.settings import EstimationSettings
from qualsynth.synthesis.comparisons import difference, false_discovery, neyman_factor, p_value, units_for_width
from qualsynth.synthesis.design import SampleDesign
from qualsynth.synthesis.estimation import ALPHA, CENSUS, DESIGN, HUMAN_ONLY, Estimate, estimate_share
from qualsynth.synthesis.small_areas import direct, fit, group_estimates, residual_variance

GROUP_COLUMNS = ["place", "wave", "method", "source", "role"]
SHARE_COLUMNS = [
    "theme_id",
    "theme_label",
    "area_id",
    "area_label",
    "units",
    "coded_units",
    "participants",
    "share",
    "share_lo",
    "share_hi",
    "estimator",
    "lambda",
    "units_with",
    "human_only",
    "human_only_lo",
    "human_only_hi",
    "machine_share",
]
NO_CLEAR_CHANGE = "no clear change"
# A change is tested against one of at most 2 points either way, not against exactly none: a direction
# stated for a change of a point is as misleading to a reader as one with the wrong sign.
MIN_CHANGE = 0.02
SMALL_AREA_COLUMNS = [
    "grouping",
    "theme_id",
    "model",
    "groups_with_codes",
    "tau2",
    "pooled_rectifier",
    "heterogeneity_q",
    "heterogeneity_p",
]
CHANGE_COLUMNS = [
    "theme_id",
    "first_wave",
    "last_wave",
    "share_first",
    "share_last",
    "change",
    "change_lo",
    "change_hi",
    "estimator",
    "p_value",
    "q_value",
    "direction",
    "clear",
    "family",
]


@dataclass(frozen=True)
class _Kind:
    """One theme's pieces of one kind (whole units, or unit-role pairs): where they sit in the design,
    the human codes (NaN where not coded), the calibrated scores and the machine's own codes."""

    table: pd.DataFrame  # unit_id, role and the unit's columns (place, wave, method)
    unit: np.ndarray
    y: np.ndarray
    f: np.ndarray
    machine: np.ndarray


class Estimates:
    """Estimates for every theme over the units (and unit-role pairs) of ``unit_scores``."""

    def __init__(
        self,
        sample: SampleDesign,
        unit_scores: pd.DataFrame,
        units: pd.DataFrame,
        segments: pd.DataFrame,
        codebook: Codebook,
        settings: EstimationSettings,
    ) -> None:
        self.sample = sample
        self.design = sample.design
        self.codebook = codebook
        self.settings = settings
        self.themes = [t.id for t in codebook.themes]
        info = units.set_index("unit_id")[["place", "wave", "method", "source"]]
        said = segments[segments["is_participant"]]
        self._people = said.groupby("unit_id")["participant_id"].agg(lambda p: frozenset(p))
        self._role_people = said.groupby(["unit_id", "role"])["participant_id"].agg(lambda p: frozenset(p))
        self.kinds: dict[tuple[str, str], _Kind] = {}
        self._overall_cache: dict[tuple[str, str], tuple[Estimate, Estimate | None]] = {}
        self._fits: dict[tuple, Any] = {}
        self._rows: dict[tuple, np.ndarray] = {}
        for theme_id, rows in unit_scores.groupby("theme_id", sort=False):
            for kind, pieces in (("unit", rows[rows["role"] == ""]), ("role", rows[rows["role"] != ""])):
                pieces = pieces.sort_values(["unit_id", "role"], kind="stable").reset_index(drop=True)
                table = pieces[["unit_id", "role"]].join(info, on="unit_id")
                self.kinds[(theme_id, kind)] = _Kind(
                    table,
                    self.sample.index_of(pieces["unit_id"]),
                    pieces["human"].to_numpy(dtype=float),
                    pieces["score"].to_numpy(dtype=float),
                    pieces["machine"].to_numpy(dtype=float),
                )

    # ---- single shares ---------------------------------------------------------------------------

    def rows(self, kind_name: str, where: dict[str, str] | None) -> np.ndarray:
        """The positions of the pieces of a kind that match ``where`` (cached: every theme shares them)."""
        key = (kind_name, tuple(sorted((where or {}).items())))
        if key not in self._rows:
            table = self.kinds[(self.themes[0], kind_name)].table
            mask = np.ones(len(table), dtype=bool)
            for column, value in (where or {}).items():
                mask &= (table[column] == value).to_numpy()
            self._rows[key] = np.flatnonzero(mask)
        return self._rows[key]

    def share(
        self, theme_id: str, where: dict[str, str] | None = None, joint: str | None = None
    ) -> tuple[Estimate, Estimate | None, float, np.ndarray]:
        """The estimate for ``theme_id`` over the pieces matching ``where`` (``role`` selects unit-role
        pairs), its human-only counterpart, the machine's share, and the pieces' positions. With
        ``joint``, the share raising both themes. A group is estimated with the other groups of its
        partition (the groups of the same columns), which it borrows strength from."""
        kind_name = "role" if where and "role" in where else "unit"
        columns = tuple(sorted(where or {}))
        group = tuple(str((where or {})[c]) for c in columns)
        return self._share(theme_id, kind_name, self.rows(kind_name, where), columns, group, joint)

    def _codes(
        self, theme_id: str, kind_name: str, joint: str | None
    ) -> tuple[tuple[str, str], np.ndarray, np.ndarray, np.ndarray]:
        kind = self.kinds[(theme_id, kind_name)]
        if joint is None:
            return (theme_id, kind_name), kind.y, kind.f, kind.machine
        other = self.kinds[(joint, kind_name)]
        return (f"{theme_id}&{joint}", kind_name), kind.y * other.y, kind.f * other.f, kind.machine * other.machine

    def _overall(
        self, key: tuple[str, str], unit: np.ndarray, y: np.ndarray, f: np.ndarray
    ) -> tuple[Estimate, Estimate | None]:
        if key not in self._overall_cache:
            self._overall_cache[key] = estimate_share(
                self.design,
                unit,
                y,
                f,
                self.settings.min_coded_units,
                min_positive=self.settings.min_coded_positives,
                min_positive_adjusted=self.settings.min_coded_positives_adjusted,
            )
        return self._overall_cache[key]

    def _share(
        self,
        theme_id: str,
        kind_name: str,
        rows: np.ndarray,
        columns: tuple[str, ...] = (),
        group: tuple[str, ...] = (),
        joint: str | None = None,
    ) -> tuple[Estimate, Estimate | None, float, np.ndarray]:
        key, y, f, machine = self._codes(theme_id, kind_name, joint)
        unit = self.kinds[(theme_id, kind_name)].unit
        machine_share = float(machine[rows].mean()) if len(rows) else float("nan")
        overall, overall_human = self._overall(key, unit, y, f)
        if not columns:
            return overall, overall_human, machine_share, rows
        # A theme too rare (or too common) in the sample to measure the machine's errors keeps the human
        # codes alone in every group too, with their Wilson intervals; one corrected from few coded
        # positives estimates each group from its own codes, without borrowing.
        if overall.method == DESIGN and not overall.few_errors and len(rows):
            estimate, human = self._partition(key, kind_name, columns, unit, y, f, overall)[group]
            return estimate, human, machine_share, rows
        estimate, human = estimate_share(
            self.design,
            unit[rows],
            y[rows],
            f[rows],
            self.settings.min_coded_units,
            min_positive=self.settings.min_coded_positives,
            min_positive_adjusted=self.settings.min_coded_positives_adjusted,
        )
        return estimate, human, machine_share, rows

    def _partition(
        self,
        key: tuple[str, str],
        kind_name: str,
        columns: tuple[str, ...],
        unit: np.ndarray,
        y: np.ndarray,
        f: np.ndarray,
        overall: Estimate,
    ) -> dict[tuple[str, ...], tuple[Estimate, Estimate]]:
        """Every group of the partition by ``columns``, estimated together (:mod:`small_areas`), with the
        λ of the overall estimate; beside each, the group's human codes alone (λ = 0)."""
        cache = (key, kind_name, columns)
        if cache not in self._fits:
            table = self.kinds[(self.themes[0], kind_name)].table
            groups = {
                tuple(str(v) for v in (k if isinstance(k, tuple) else (k,))): rows
                for k, rows in sorted(table.groupby(list(columns), sort=True).indices.items())
            }
            lam = overall.lam
            spread = residual_variance(self.design, unit, y, f, lam)
            plain = residual_variance(self.design, unit, y, f, 0.0)
            directs = [direct(self.design, unit[r], y[r], f[r], lam, spread) for r in groups.values()]
            humans = [direct(self.design, unit[r], y[r], f[r], 0.0, plain) for r in groups.values()]
            members = list(groups.values())
            settings = self.settings

            def alone(g: int) -> Estimate:
                r = members[g]
                own = estimate_share(
                    self.design,
                    unit[r],
                    y[r],
                    f[r],
                    settings.min_coded_units,
                    lam=0.0,
                    min_positive=settings.min_coded_positives,
                )[0]
                # λ = 0: the human codes alone, whichever interval they have.
                return dataclasses.replace(own, method=HUMAN_ONLY) if own.method == DESIGN else own

            model = fit(directs)
            found = group_estimates(self.design, directs, model, alone)
            human = group_estimates(self.design, humans, None, alone)
            self._fits[cache] = (dict(zip(groups, zip(found, human))), model)
        return self._fits[cache][0]

    def corrected_from_few_positives(self) -> list[str]:
        """The themes whose overall share keeps the correction with few coded positives (or negatives),
        its variance with a missed and a false positive added."""
        found = []
        for theme in self.codebook.themes:
            key, y, f, _ = self._codes(theme.id, "unit", None)
            if self._overall(key, self.kinds[(theme.id, "unit")].unit, y, f)[0].few_errors:
                found.append(theme.id)
        return found

    def small_area_checks(self, by: Sequence[str]) -> pd.DataFrame:
        """Per theme, the partial-pooling model over the groups of ``by``: how many groups hold coded
        units, the between-group variance of the machine's errors (τ²) and the test that they err alike."""
        columns = tuple(sorted(by))
        kind_name = "role" if "role" in by else "unit"
        rows = []
        for theme in self.codebook.themes:
            key, y, f, _ = self._codes(theme.id, kind_name, None)
            unit = self.kinds[(theme.id, kind_name)].unit
            overall, _ = self._overall(key, unit, y, f)
            model = None
            if overall.method == DESIGN:
                self._partition(key, kind_name, columns, unit, y, f, overall)
                model = self._fits[(key, kind_name, columns)][1]
            rows.append(
                {
                    "grouping": " × ".join(by),
                    "theme_id": theme.id,
                    "model": "Fay–Herriot" if model else "none: each group's own codes",
                    **(model.row() if model else dict.fromkeys(SMALL_AREA_COLUMNS[3:], float("nan"))),
                }
            )
        return pd.DataFrame(rows, columns=SMALL_AREA_COLUMNS)

    def participants(self, kind_name: str, rows: np.ndarray) -> int:
        """How many people speak in these pieces (by role: in that role)."""
        table = self.kinds[(self.themes[0], kind_name)].table.iloc[rows]
        if kind_name == "role":
            found = [self._role_people.get((u, r), frozenset()) for u, r in zip(table["unit_id"], table["role"])]
        else:
            found = [self._people.get(u, frozenset()) for u in table["unit_id"]]
        return len(frozenset().union(*found)) if found else 0

    def prevalence(self, by: Sequence[str] = ()) -> pd.DataFrame:
        """SHARE_COLUMNS for every theme, overall or within each group of ``by``."""
        kind_name = "role" if "role" in by else "unit"
        table = self.kinds[(self.themes[0], kind_name)].table
        groups = (
            {(): np.arange(len(table))}
            if not by
            else {
                (k if isinstance(k, tuple) else (k,)): v
                for k, v in sorted(table.groupby(list(by), sort=True).indices.items())
            }
        )
        rows = []
        for key, members in groups.items():
            where = dict(zip(by, key))
            people = self.participants(kind_name, members)
            for theme in self.codebook.themes:
                estimate, human, machine_share, _ = self._share(
                    theme.id, kind_name, members, tuple(sorted(by)), tuple(str(where[c]) for c in sorted(by))
                )
                rows.append(
                    {
                        **where,
                        "theme_id": theme.id,
                        "theme_label": theme.label,
                        "area_id": theme.area_id,
                        "area_label": theme.area_label,
                        **_share_row(estimate, human, machine_share),
                        "participants": people,
                    }
                )
        return pd.DataFrame(rows, columns=[*by, *SHARE_COLUMNS])

    # ---- differences -----------------------------------------------------------------------------

    def change(self, wave_order: Sequence[str], where: dict[str, str] | None = None) -> pd.DataFrame:
        """CHANGE_COLUMNS: each theme's share in the last wave with units minus the first's."""
        where = dict(where or {})
        table = self.kinds[(self.themes[0], "unit")].table
        seen = set(table["wave"].iloc[self.rows("unit", where)])
        present = [w for w in wave_order if w in seen]
        if len(present) < 2:
            return pd.DataFrame(columns=CHANGE_COLUMNS)
        first, last = present[0], present[-1]
        rows = []
        for theme_id in self.themes:
            a, _, _, _ = self.share(theme_id, {**where, "wave": first})
            b, _, _, _ = self.share(theme_id, {**where, "wave": last})
            gap = difference(b, a, self.design)
            rows.append(
                {
                    "theme_id": theme_id,
                    "first_wave": first,
                    "last_wave": last,
                    "share_first": _r(a.estimate),
                    "share_last": _r(b.estimate),
                    **_difference_row(gap, "change"),
                }
            )
        return family_directions(pd.DataFrame(rows))[CHANGE_COLUMNS]

    def gap(self, theme_id: str, column: str, high: str, low: str, pairs: int = 1) -> Estimate:
        """The difference between two groups; with ``pairs`` > 1, its interval is simultaneous over that
        many pairs (Bonferroni), so it holds for a pair picked out of them, such as the highest and lowest."""
        a, _, _, _ = self.share(theme_id, {column: high})
        b, _, _, _ = self.share(theme_id, {column: low})
        return difference(a, b, self.design, alpha=ALPHA / max(pairs, 1))

    def uncertainty(self) -> np.ndarray:
        """Each design unit's uncertainty, √Σ f(1 − f) over the themes (``make sample BY=uncertainty``)."""
        spread = np.zeros(len(self.design.stratum))
        for theme_id in self.themes:
            kind = self.kinds[(theme_id, "unit")]
            f = np.clip(np.nan_to_num(kind.f), 0, 1)
            np.add.at(spread, kind.unit, f * (1 - f))
        return np.sqrt(spread)

    def power(self, theme_ids: Sequence[str]) -> pd.DataFrame:
        """For each theme: the overall interval's half-width, and how many more units coded would bring it
        to ``target_half_width``: drawn in proportion to the strata, and drawn by the machine's uncertainty
        (Neyman allocation over its quartiles, :func:`neyman_factor`)."""
        rows = []
        target = self.settings.target_half_width
        u = self.uncertainty()
        for theme_id in theme_ids:
            estimate, _, _, _ = self.share(theme_id)
            more = units_for_width(estimate, self.design, target)
            kind = self.kinds[(theme_id, "unit")]
            lam = estimate.lam if estimate.method == DESIGN else 0.0
            factor = neyman_factor(self.design, kind.unit, kind.y - lam * kind.f, u)
            by_uncertainty = int(np.ceil(more * factor)) if more is not None else float("nan")
            rows.append(
                {
                    "theme_id": theme_id,
                    "share": _r(estimate.estimate),
                    "estimator": estimate.method,
                    "half_width": _r((estimate.high - estimate.low) / 2),
                    "target_half_width": target,
                    "coded_units": int(self.design.sampled.sum()),
                    "more_units": more if more is not None else float("nan"),
                    "more_units_by_uncertainty": by_uncertainty,
                }
            )
        columns = ["theme_id", "share", "estimator", "half_width", "target_half_width", "coded_units", "more_units"]
        return pd.DataFrame(rows, columns=[*columns, "more_units_by_uncertainty"])


def _r(value: float) -> float:
    return round(float(value), 4) if value == value else float("nan")


def _share_row(estimate: Estimate, human: Estimate | None, machine_share: float) -> dict[str, object]:
    return {
        "units": estimate.units,
        "coded_units": estimate.coded,
        "share": _r(estimate.estimate),
        "share_lo": _r(estimate.low),
        "share_hi": _r(estimate.high),
        "estimator": estimate.method,
        "lambda": _r(estimate.lam),
        "units_with": (int(round(estimate.estimate * estimate.units)) if estimate.method == CENSUS else float("nan")),
        "human_only": _r(human.estimate) if human else float("nan"),
        "human_only_lo": _r(human.low) if human else float("nan"),
        "human_only_hi": _r(human.high) if human else float("nan"),
        "machine_share": _r(machine_share),
    }


def _difference_row(gap: Estimate, name: str) -> dict[str, object]:
    return {
        name: _r(gap.estimate),
        f"{name}_lo": _r(gap.low),
        f"{name}_hi": _r(gap.high),
        "estimator": gap.method,
        "p_value": _r(p_value(gap, MIN_CHANGE)),
    }


def family_directions(frame: pd.DataFrame, name: str = "change") -> pd.DataFrame:
    """Directions across one family of comparisons (every row of ``frame``): a change is ``clear``, and
    its direction stated, only when it is a discovery of Benjamini–Hochberg at a 5% false discovery
    rate over the family (each tested against a change of at most ``MIN_CHANGE`` either way) and its
    own interval excludes no change. A census change is exact, and clear when it is at least
    ``MIN_CHANGE``; an uncorrected one is never clear."""
    q, found = false_discovery(frame["p_value"].to_numpy(dtype=float))
    value = frame[name].to_numpy(dtype=float)
    excludes = ((frame[f"{name}_lo"] > 0) | (frame[f"{name}_hi"] < 0)).to_numpy()
    census = (frame["estimator"] == CENSUS).to_numpy()
    clear = np.where(census, np.abs(value) >= MIN_CHANGE, found & excludes)
    tested = int(np.sum(~np.isnan(frame["p_value"].to_numpy(dtype=float))))
    return frame.assign(
        q_value=np.round(q, 4),
        clear=clear.astype(bool),
        direction=np.where(clear & (value > 0), "rose", np.where(clear & (value < 0), "fell", NO_CLEAR_CHANGE)),
        family=f"Benjamini–Hochberg over {tested} comparisons" if tested else "",
    )
