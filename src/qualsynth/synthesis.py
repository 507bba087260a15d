"""Cross-unit synthesis (rule ``synthesise``): themes raised together, who took part, disclosure
control, and the headline findings the report's prose is written from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from qualsynth.codebook import Codebook
from qualsynth.estimates import Estimates

def bootstrap_shares(raised: np.ndarray, n_bootstrap: int, rng: np.random.Generator) -> np.ndarray:
    """Each theme's share of documents in ``n_bootstrap`` resamples of the rows (documents)."""
    n = raised.shape[0]
    if n == 0:
        return np.full((n_bootstrap, raised.shape[1]), np.nan)
    weights = rng.multinomial(n, np.full(n, 1 / n), size=n_bootstrap)
    return weights @ raised / n


def percentile_interval(replicates: np.ndarray) -> tuple[list[float], list[float]]:
    """The 2.5th and 97.5th percentiles of each column, rounded as the tables are."""
    if np.isnan(replicates).all():
        return [float("nan")] * replicates.shape[1], [float("nan")] * replicates.shape[1]
    low, high = np.percentile(replicates, [2.5, 97.5], axis=0)
    return [round(float(v), 4) for v in low], [round(float(v), 4) for v in high]


def cooccurrence(estimates: Estimates, min_machine_units: int = 1) -> pd.DataFrame:
    """Pairs of themes raised in the same unit: the estimated share of units raising both, with its
    interval, and the lift θ_ab / (θ_a θ_b): above 1, the themes travel together more than chance would
    have them. Pairs the machine never finds together in any unit are left out."""
    themes = estimates.themes
    kind = {t: estimates.kinds[(t, "unit")] for t in themes}
    machine = np.column_stack([kind[t].machine for t in themes]) if themes else np.zeros((0, 0))
    human = np.column_stack([np.nan_to_num(kind[t].y) for t in themes]) if themes else np.zeros((0, 0))
    together = machine.T @ machine + human.T @ human
    single = {t: estimates.share(t)[0].estimate for t in themes}
    rows = []
    for i, a in enumerate(themes):
        for j in range(i + 1, len(themes)):
            if together[i, j] < min_machine_units:
                continue
            b = themes[j]
            both, _, machine_share, _ = estimates.share(a, joint=b)
            denominator = single[a] * single[b]
            rows.append({"theme_a": a, "theme_b": b, "units": both.units, "share_both": _r(both.estimate),
                         "share_both_lo": _r(both.low), "share_both_hi": _r(both.high), "estimator": both.method,
                         "machine_share_both": _r(machine_share),
                         "lift": _r(both.estimate / denominator) if denominator > 0 else float("nan")})
    return pd.DataFrame(rows, columns=["theme_a", "theme_b", "units", "share_both", "share_both_lo", "share_both_hi",
                                       "estimator", "machine_share_both", "lift"])


def _r(value: float) -> float:
    return round(float(value), 4) if value == value else float("nan")


def participation(segments: pd.DataFrame, roles: Sequence[str]) -> pd.DataFrame:
    """Participants, passages and documents by role (in ``roles`` order), participant passages only."""
    said = segments[segments["is_participant"]]
    grouped = said.groupby("role").agg(participants=("participant_id", "nunique"), passages=("segment_id", "size"),
                                       documents=("doc_id", "nunique"))
    order = [r for r in roles if r in grouped.index] + sorted(set(grouped.index) - set(roles))
    return grouped.reindex(order).rename_axis("role").reset_index()


def suppress_small_cells(table: pd.DataFrame, min_cell_size: int) -> pd.DataFrame:
    """Blank the shares of cells resting on fewer than ``min_cell_size`` participants, and mark them.

    Statistical disclosure control: a share of three people can identify them. Counts of
    participants stay, so the reader can see why a cell is empty.
    """
    out = table.copy()
    small = out["participants"] < min_cell_size
    share_columns = [c for c in out.columns if c.startswith(("share", "human_only", "machine_share"))
                     or c in ("units_with", "lambda")]
    out[share_columns] = out[share_columns].astype(float)
    out.loc[small, share_columns] = float("nan")
    out["suppressed"] = small
    return out




def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else float("nan")


def headline_findings(
    segments: pd.DataFrame,
    exclusions: pd.DataFrame,
    overall: pd.DataFrame,
    change: pd.DataFrame,
    divergence: pd.DataFrame,
    codebook: Codebook,
    change_by_place: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The numbers and directions the report's prose is written from.

    ``change`` and ``divergence`` are the tables of :mod:`qualsynth.trends`; with
    ``change_by_place``, each theme's trend also counts the places in which it rose and fell.
    """
    said = segments[segments["is_participant"]]
    labels = {t.id: t.label for t in codebook.themes}
    order = [t.id for t in codebook.themes]
    survey = said["unit_id"] != said["doc_id"]
    return {
        "codebook_version": codebook.version,
        "counts": {
            "documents": int(segments["doc_id"].nunique()),
            "units": int(said["unit_id"].nunique()),
            "survey_responses": int(said.loc[survey, "unit_id"].nunique()),
            "survey_exports": int(said.loc[survey, "doc_id"].nunique()),
            "other_units": int(said.loc[~survey, "unit_id"].nunique()),
            "places": int(segments["place"].nunique()),
            "waves": int(segments["wave"].nunique()),
            "participants": int(said["participant_id"].nunique()),
            "segments": int(len(segments)),
            "participant_segments": int(len(said)),
            "themes": len(codebook.themes),
            "excluded_units": int(len(exclusions)),
        },
        # None where there is nothing to compare: one wave, or every place's cells suppressed.
        "most_prevalent": _theme_summary(_tied(overall, "share", max, order), labels),
        "least_prevalent": _theme_summary(_tied(overall, "share", min, order), labels),
        "largest_rise": _change_summary(_tied(change, "change", max, order), labels) if len(change) else None,
        "largest_fall": _change_summary(_tied(change, "change", min, order), labels) if len(change) else None,
        "largest_place_gap": _gap_summary(_tied(divergence, "gap", max, order), labels) if len(divergence) else None,
        "trends": {row.theme_id: _trend(row, change_by_place) for row in change.itertuples(index=False)},
        "place_divergence": {row.theme_id: {
            "rank": int(row.rank), "highest_place": row.highest_place, "highest_share": float(row.highest_share),
            "lowest_place": row.lowest_place, "lowest_share": float(row.lowest_share), "gap": float(row.gap),
            "gap_lo": float(row.gap_lo), "gap_hi": float(row.gap_hi), "estimator": row.estimator}
            for row in divergence.itertuples(index=False)},
    }


def _trend(row: Any, by_place: pd.DataFrame | None) -> dict[str, Any]:
    """One theme's first-to-last-wave change; ``clear`` when its interval excludes no change."""
    trend = {"direction": row.direction, "share_first": float(row.share_first), "share_last": float(row.share_last),
             "change": float(row.change), "change_lo": float(row.change_lo), "change_hi": float(row.change_hi),
             "clear": bool(row.clear), "estimator": row.estimator}
    if by_place is not None:
        here = by_place[(by_place["theme_id"] == row.theme_id) & ~by_place["suppressed"].astype(bool)]
        trend["places"] = int(len(here))
        trend["places_rose"] = int((here["change"] > 0).sum())
        trend["places_fell"] = int((here["change"] < 0).sum())
    return trend


def _tied(frame: pd.DataFrame, column: str, pick: Any, order: list[str]) -> pd.DataFrame:
    """Rows sharing the extreme value of ``column``, in codebook order: ties are reported, not broken."""
    best = pick(frame[column])
    rows = frame[frame[column] == best]
    return rows.set_index("theme_id").reindex([t for t in order if t in set(rows["theme_id"])]).reset_index()


def _theme_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {"theme_ids": list(rows["theme_id"]), "labels": [labels[t] for t in rows["theme_id"]],
            "n_themes": len(rows), "units": int(first["units"]), "share": float(first["share"]),
            "share_lo": float(first["share_lo"]), "share_hi": float(first["share_hi"]), "estimator": first["estimator"],
            "machine_share": float(first["machine_share"]), "units_with": float(first["units_with"])}


def _change_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {"theme_ids": list(rows["theme_id"]), "labels": [labels[t] for t in rows["theme_id"]],
            "n_themes": len(rows), "first_wave": first["first_wave"], "last_wave": first["last_wave"],
            "share_first": float(first["share_first"]), "share_last": float(first["share_last"]),
            "change": float(first["change"]), "change_lo": float(first["change_lo"]),
            "change_hi": float(first["change_hi"]), "direction": first["direction"], "clear": bool(first["clear"]),
            "estimator": first["estimator"]}


def _gap_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {"theme_ids": list(rows["theme_id"]), "labels": [labels[t] for t in rows["theme_id"]],
            "n_themes": len(rows), "gap": float(first["gap"]), "gap_lo": float(first["gap_lo"]),
            "gap_hi": float(first["gap_hi"]), "highest_place": first["highest_place"],
            "lowest_place": first["lowest_place"], "estimator": first["estimator"]}
