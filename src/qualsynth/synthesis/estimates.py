"""The synthesis's shares as estimates of what the reference coder would find (rule ``synthesise``).

Every table here counts source units (a transcript, a log, a set of notes, one survey response), or,
by role, unit-role pairs (a focus group counts once for each role that spoke in it, raising a theme
when a participant of that role did). Each share comes with its 95% interval and the method that
made it (:mod:`qualsynth.estimation`): ``census`` (every unit coded by hand), ``design-based`` (the
coded sample corrects the machine's probabilities), ``model-based`` (a group with too few coded
units: the machine's error rates measured on all coded units are assumed to hold in it), ``human
codes only`` (too few coded positives or negatives to measure the machine's errors: the coded units
alone, with a Wilson interval) or ``uncorrected`` (no unit coded in full: the machine's share, with
no interval). The machine's own
share of units sits beside each estimate for comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.settings import EstimationSettings
from qualsynth.synthesis.comparisons import difference, units_for_width
from qualsynth.synthesis.design import SampleDesign
from qualsynth.synthesis.estimation import CENSUS, DESIGN, UNCORRECTED, Estimate, error_rates, estimate_share

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
    "direction",
    "clear",
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
        self._lam: dict[tuple[str, str], float | None] = {}
        self._rates: dict[tuple[str, str], Any] = {}
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
        ``joint``, the share raising both themes."""
        kind_name = "role" if where and "role" in where else "unit"
        return self._share(theme_id, kind_name, self.rows(kind_name, where), bool(where), joint)

    def _share(
        self, theme_id: str, kind_name: str, rows: np.ndarray, grouped: bool, joint: str | None = None
    ) -> tuple[Estimate, Estimate | None, float, np.ndarray]:
        kind = self.kinds[(theme_id, kind_name)]
        y, f, machine = kind.y, kind.f, kind.machine
        key = (theme_id, kind_name)
        if joint is not None:
            other = self.kinds[(joint, kind_name)]
            y, f, machine = y * other.y, f * other.f, machine * other.machine
            key = (f"{theme_id}&{joint}", kind_name)
        if key not in self._lam:
            overall, _ = estimate_share(
                self.design,
                kind.unit,
                y,
                f,
                self.settings.min_coded_units,
                min_positive=self.settings.min_coded_positives,
            )
            self._lam[key] = overall.lam if overall.method == DESIGN else None
            self._rates[key] = error_rates(self.design, kind.unit, y, f) if self.design.has_sample else None
        pooled = self._lam[key] if grouped else None
        estimate, human = estimate_share(
            self.design,
            kind.unit[rows],
            y[rows],
            f[rows],
            self.settings.min_coded_units,
            rates=self._rates[key],
            pooled_lam=pooled,
            min_positive=self.settings.min_coded_positives,
        )
        machine_share = float(machine[rows].mean()) if len(rows) else float("nan")
        return estimate, human, machine_share, rows

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
                estimate, human, machine_share, _ = self._share(theme.id, kind_name, members, bool(by))
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
        present = [w for w in wave_order if w in set(table["wave"].iloc[self.rows("unit", where)])]
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
        return pd.DataFrame(rows, columns=CHANGE_COLUMNS)

    def gap(self, theme_id: str, column: str, high: str, low: str) -> Estimate:
        a, _, _, _ = self.share(theme_id, {column: high})
        b, _, _, _ = self.share(theme_id, {column: low})
        return difference(a, b, self.design)

    def power(self, theme_ids: Sequence[str]) -> pd.DataFrame:
        """For each theme: the overall interval's half-width, and how many more units coded (drawn in
        proportion to the strata) would bring it to ``target_half_width``."""
        rows = []
        target = self.settings.target_half_width
        for theme_id in theme_ids:
            estimate, _, _, _ = self.share(theme_id)
            more = units_for_width(estimate, self.design, target)
            rows.append(
                {
                    "theme_id": theme_id,
                    "share": _r(estimate.estimate),
                    "estimator": estimate.method,
                    "half_width": _r((estimate.high - estimate.low) / 2),
                    "target_half_width": target,
                    "coded_units": int(self.design.sampled.sum()),
                    "more_units": more if more is not None else float("nan"),
                }
            )
        return pd.DataFrame(
            rows,
            columns=["theme_id", "share", "estimator", "half_width", "target_half_width", "coded_units", "more_units"],
        )


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
    value = _r(gap.estimate)
    clear = bool(gap.method != UNCORRECTED and (gap.low > 0 or gap.high < 0))
    return {
        name: value,
        f"{name}_lo": _r(gap.low),
        f"{name}_hi": _r(gap.high),
        "estimator": gap.method,
        "direction": "rose" if value > 0 else "fell" if value < 0 else "did not change",
        "clear": clear,
    }
