"""Who took part, and the headline findings the report's prose is written from (rule ``synthesise``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from qualsynth.coding.codebook import Codebook


def participation(segments: pd.DataFrame, roles: Sequence[str]) -> pd.DataFrame:
    """Participants, passages and documents by role (in ``roles`` order), participant passages only."""
    said = segments[segments["is_participant"]]
    grouped = said.groupby("role").agg(
        participants=("participant_id", "nunique"), passages=("segment_id", "size"), documents=("doc_id", "nunique")
    )
    order = [r for r in roles if r in grouped.index] + sorted(set(grouped.index) - set(roles))
    return grouped.reindex(order).rename_axis("role").reset_index()


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
    changed = change["change"].notna()
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
        # None where a change rests on too few people in the first or last wave and was suppressed.
        "largest_rise": _change_summary(_tied(change, "change", max, order), labels) if changed.any() else None,
        "largest_fall": _change_summary(_tied(change, "change", min, order), labels) if changed.any() else None,
        "largest_place_gap": _gap_summary(_tied(divergence, "gap", max, order), labels) if len(divergence) else None,
        "trends": {row.theme_id: _trend(row, change_by_place) for row in change[changed].itertuples(index=False)},
        "place_divergence": {
            row.theme_id: {
                "rank": int(row.rank),
                "highest_place": row.highest_place,
                "highest_share": float(row.highest_share),
                "lowest_place": row.lowest_place,
                "lowest_share": float(row.lowest_share),
                "gap": float(row.gap),
                "gap_lo": float(row.gap_lo),
                "gap_hi": float(row.gap_hi),
                "estimator": row.estimator,
                "clear": bool(row.clear),
            }
            for row in divergence.itertuples(index=False)
        },
    }


def _trend(row: Any, by_place: pd.DataFrame | None) -> dict[str, Any]:
    """One theme's first-to-last-wave change; ``clear`` when it is a discovery over the family of themes
    and its interval excludes no change; ``direction`` is stated only then."""
    trend = {
        "direction": row.direction,
        "share_first": float(row.share_first),
        "share_last": float(row.share_last),
        "change": float(row.change),
        "change_lo": float(row.change_lo),
        "change_hi": float(row.change_hi),
        "clear": bool(row.clear),
        "q_value": float(getattr(row, "q_value", float("nan"))),
        "estimator": row.estimator,
    }
    if by_place is not None:
        here = by_place[(by_place["theme_id"] == row.theme_id) & ~by_place["suppressed"].astype(bool)]
        trend["places"] = int(len(here))
        # Only changes that are clear over the whole family of places and themes are counted.
        trend["places_rose"] = int((here["direction"] == "rose").sum())
        trend["places_fell"] = int((here["direction"] == "fell").sum())
    return trend


def _tied(frame: pd.DataFrame, column: str, pick: Any, order: list[str]) -> pd.DataFrame:
    """Rows sharing the extreme value of ``column``, in codebook order: ties are reported, not broken."""
    best = pick(frame[column])
    rows = frame[frame[column] == best]
    return rows.set_index("theme_id").reindex([t for t in order if t in set(rows["theme_id"])]).reset_index()


def _theme_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {
        "theme_ids": list(rows["theme_id"]),
        "labels": [labels[t] for t in rows["theme_id"]],
        "n_themes": len(rows),
        "units": int(first["units"]),
        "share": float(first["share"]),
        "share_lo": float(first["share_lo"]),
        "share_hi": float(first["share_hi"]),
        "estimator": first["estimator"],
        "machine_share": float(first["machine_share"]),
        "units_with": float(first["units_with"]),
    }


def _change_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {
        "theme_ids": list(rows["theme_id"]),
        "labels": [labels[t] for t in rows["theme_id"]],
        "n_themes": len(rows),
        "first_wave": first["first_wave"],
        "last_wave": first["last_wave"],
        "share_first": float(first["share_first"]),
        "share_last": float(first["share_last"]),
        "change": float(first["change"]),
        "change_lo": float(first["change_lo"]),
        "change_hi": float(first["change_hi"]),
        "direction": first["direction"],
        "clear": bool(first["clear"]),
        "estimator": first["estimator"],
    }


def _gap_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {
        "theme_ids": list(rows["theme_id"]),
        "labels": [labels[t] for t in rows["theme_id"]],
        "n_themes": len(rows),
        "gap": float(first["gap"]),
        "gap_lo": float(first["gap_lo"]),
        "gap_hi": float(first["gap_hi"]),
        "highest_place": first["highest_place"],
        "lowest_place": first["lowest_place"],
        "estimator": first["estimator"],
        "clear": bool(first.get("clear", False)),
    }
