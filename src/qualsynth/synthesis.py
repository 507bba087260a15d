"""Cross-document synthesis (rule ``synthesise``): how widely each theme is raised, and where."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from qualsynth.codebook import Codebook

PREVALENCE_COLUMNS = [
    "theme_id", "theme_label", "area_id", "area_label", "docs_with", "docs", "share_docs",
    "participants_with", "participants", "share_participants",
]


def theme_prevalence(
    segments: pd.DataFrame, codes: pd.DataFrame, codebook: Codebook, by: Sequence[str] = (),
    n_bootstrap: int = 0, seed: int = 0,
) -> pd.DataFrame:
    """Share of documents and of participants raising each theme, within each group of ``by``.

    A document (or participant) raises a theme when at least one of its participant segments
    is coded to it. Denominators count documents and participants with any participant segment
    in the group, so a theme's share does not grow with how much one person talked. With
    ``n_bootstrap`` > 0, ``share_docs_lo``/``share_docs_hi`` give a 95% interval from resampling the
    group's documents.
    """
    said = segments.loc[segments["is_participant"], ["segment_id", "doc_id", "participant_id", *by]]
    coded = said.merge(codes[["segment_id", "theme_id"]], on="segment_id")
    # Each group's rows once (not a mask over the corpus per group and theme): linear in the corpus.
    if by:
        said_groups = {k: g for k, g in said.groupby(list(by), sort=True, dropna=False)}
        coded_groups = {k: g for k, g in coded.groupby(list(by), sort=True, dropna=False)}
    else:
        said_groups, coded_groups = {(): said}, {(): coded}
    rows = []
    for key in sorted(said_groups):
        group_said, group_coded = said_groups[key], coded_groups.get(key, coded.iloc[:0])
        docs = group_said["doc_id"].nunique()
        people = group_said["participant_id"].nunique()
        intervals = _document_bootstrap(group_said["doc_id"], group_coded, codebook, n_bootstrap,
                                        seed) if n_bootstrap else {}
        per_theme = group_coded.groupby("theme_id").agg(docs_with=("doc_id", "nunique"),
                                                        people_with=("participant_id", "nunique"))
        for theme in codebook.themes:
            docs_with = int(per_theme["docs_with"].get(theme.id, 0))
            people_with = int(per_theme["people_with"].get(theme.id, 0))
            rows.append({
                **dict(zip(by, key)),
                "theme_id": theme.id, "theme_label": theme.label, "area_id": theme.area_id,
                "area_label": theme.area_label,
                "docs_with": docs_with, "docs": docs, "share_docs": _share(docs_with, docs),
                "participants_with": people_with, "participants": people,
                "share_participants": _share(people_with, people),
                **intervals.get(theme.id, {}),
            })
    columns = [*by, *PREVALENCE_COLUMNS] + (["share_docs_lo", "share_docs_hi"] if n_bootstrap else [])
    return pd.DataFrame(rows, columns=columns)


def _document_bootstrap(doc_ids: pd.Series, coded: pd.DataFrame, codebook: Codebook, n_bootstrap: int,
                        seed: int) -> dict[str, dict[str, float]]:
    """95% percentile intervals of each theme's share of documents, resampling documents."""
    themes = [t.id for t in codebook.themes]
    shares = bootstrap_shares(raised_matrix(doc_ids, coded, themes), n_bootstrap, np.random.default_rng(seed))
    low, high = percentile_interval(shares)
    return {t: {"share_docs_lo": low[j], "share_docs_hi": high[j]} for j, t in enumerate(themes)}


def raised_matrix(doc_ids: pd.Series, coded: pd.DataFrame, themes: Sequence[str]) -> np.ndarray:
    """Documents (sorted) × themes: 1 where one of the document's coded passages carries the theme."""
    docs = sorted(set(doc_ids))
    position = {d: i for i, d in enumerate(docs)}
    column = {t: j for j, t in enumerate(themes)}
    raised = np.zeros((len(docs), len(themes)))
    for doc, theme in set(zip(coded["doc_id"], coded["theme_id"])):
        if theme in column and doc in position:
            raised[position[doc], column[theme]] = 1
    return raised


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


def cooccurrence(segments: pd.DataFrame, codes: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Theme pairs coded on the same participant passage: counts and lift.

    lift = P(both) / (P(a) P(b)) over participant passages: above 1, the themes travel together
    more than chance would have them.
    """
    said = set(segments.loc[segments["is_participant"], "segment_id"])
    order = [t.id for t in codebook.themes]
    pairs = codes.loc[codes["segment_id"].isin(said) & codes["theme_id"].isin(order), ["segment_id", "theme_id"]]
    pairs = pairs.drop_duplicates()
    rows_of = {s: i for i, s in enumerate(sorted(set(pairs["segment_id"])))}
    column = {t: j for j, t in enumerate(order)}
    # Passages × themes, 0/1: its Gram matrix counts the passages each pair of themes shares.
    matrix = np.zeros((len(rows_of), len(order)), dtype=np.int64)
    matrix[[rows_of[s] for s in pairs["segment_id"]], [column[t] for t in pairs["theme_id"]]] = 1
    shared = matrix.T @ matrix
    n = len(said)
    rows = []
    for i, a in enumerate(order):
        for j in range(i + 1, len(order)):
            both = int(shared[i, j])
            if both:
                rows.append({"theme_a": a, "theme_b": order[j], "segments_both": both, "segments_a": int(shared[i, i]),
                             "segments_b": int(shared[j, j]), "lift": round(both * n / (shared[i, i] * shared[j, j]), 4)})
    return pd.DataFrame(rows, columns=["theme_a", "theme_b", "segments_both", "segments_a", "segments_b", "lift"])


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
    share_columns = [c for c in out.columns if c.startswith("share_") or c in ("docs_with", "participants_with")]
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
    return {
        "codebook_version": codebook.version,
        "counts": {
            "documents": int(segments["doc_id"].nunique()),
            "places": int(segments["place"].nunique()),
            "waves": int(segments["wave"].nunique()),
            "participants": int(said["participant_id"].nunique()),
            "segments": int(len(segments)),
            "participant_segments": int(len(said)),
            "themes": len(codebook.themes),
            "excluded_units": int(len(exclusions)),
        },
        # None where there is nothing to compare: one wave, or every place's cells suppressed.
        "most_prevalent": _theme_summary(_tied(overall, "share_docs", max, order), labels),
        "least_prevalent": _theme_summary(_tied(overall, "share_docs", min, order), labels),
        "largest_rise": _change_summary(_tied(change, "change", max, order), labels) if len(change) else None,
        "largest_fall": _change_summary(_tied(change, "change", min, order), labels) if len(change) else None,
        "largest_place_gap": _gap_summary(_tied(divergence, "gap", max, order), labels) if len(divergence) else None,
        "trends": {row.theme_id: _trend(row, change_by_place) for row in change.itertuples(index=False)},
        "place_divergence": {row.theme_id: {
            "rank": int(row.rank), "highest_place": row.highest_place, "highest_share": float(row.highest_share),
            "lowest_place": row.lowest_place, "lowest_share": float(row.lowest_share), "gap": float(row.gap),
            "gap_lo": float(row.gap_lo), "gap_hi": float(row.gap_hi)} for row in divergence.itertuples(index=False)},
    }


def _trend(row: Any, by_place: pd.DataFrame | None) -> dict[str, Any]:
    """One theme's first-to-last-wave change; ``clear`` when its interval excludes no change."""
    trend = {"direction": row.direction, "share_first": float(row.share_first), "share_last": float(row.share_last),
             "change": float(row.change), "change_lo": float(row.change_lo), "change_hi": float(row.change_hi),
             "clear": bool(row.change_lo > 0 or row.change_hi < 0)}
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
            "n_themes": len(rows), "docs_with": int(first["docs_with"]), "docs": int(first["docs"]),
            "share_docs": float(first["share_docs"])}


def _change_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {"theme_ids": list(rows["theme_id"]), "labels": [labels[t] for t in rows["theme_id"]],
            "n_themes": len(rows), "first_wave": first["first_wave"], "last_wave": first["last_wave"],
            "share_first": float(first["share_first"]), "share_last": float(first["share_last"]),
            "change": float(first["change"]), "change_lo": float(first["change_lo"]),
            "change_hi": float(first["change_hi"]), "direction": first["direction"]}


def _gap_summary(rows: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    first = rows.iloc[0]
    return {"theme_ids": list(rows["theme_id"]), "labels": [labels[t] for t in rows["theme_id"]],
            "n_themes": len(rows), "gap": float(first["gap"]), "gap_lo": float(first["gap_lo"]),
            "gap_hi": float(first["gap_hi"]), "highest_place": first["highest_place"],
            "lowest_place": first["lowest_place"]}
