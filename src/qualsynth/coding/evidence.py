"""The machine's passage codes, from the same calibrated probabilities the estimates use (rules
``code_shard`` and ``code_themes``).

Each participant passage is scored as if it were a unit of its own: the scorer's probability that the
reference coder would code the theme in it (a coded unit's passages by the fold that never saw the
unit, the others by the mean over the folds). A theme's cut-off is then set once for the whole corpus
so that the units carrying a passage above it are as many as the units' probabilities add up to: the
machine codes as many units as it expects the reference coder to, instead of two or three times as
many, and the passages it shows as evidence are the ones it is surest of.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from qualsynth.coding.calibration import Scorer, passage_hits, rules_hits, unit_scores
from qualsynth.coding.pieces import Pieces
from qualsynth.coding.rules import CODE_COLUMNS
from qualsynth.coding.unit_model import PassageText, passage_logits, predict_pieces

CODER = "calibrated"


def passage_pieces(p: Pieces) -> Pieces:
    """Every participant passage of ``p`` as a piece of its own (``role`` holds its segment id)."""
    said = p.passages
    table = pd.DataFrame(
        {"unit_id": said["unit_id"].to_numpy(), "role": said["segment_id"].to_numpy(), "words": said["n_words"]}
    ).reset_index(drop=True)
    rows = np.arange(len(said))
    return Pieces(table, said, rows, rows)


def score_shard(
    scorer: Scorer | None, p: Pieces, rules: pd.DataFrame, theme_ids: Sequence[str], vectors: np.ndarray | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A shard's unit scores (:func:`qualsynth.coding.calibration.unit_scores`) and passage scores
    (:func:`passage_scores`), the classifiers run once over its passages for both."""
    hits = rules_hits(p, rules, theme_ids)
    logits = None
    if scorer is not None:
        logits = passage_logits(scorer.model, scorer.classifier_inputs(p, vectors), len(theme_ids))
    units = unit_scores(scorer, p, hits, theme_ids, vectors, logits)
    return units, passage_scores(scorer, p, rules, theme_ids, vectors, logits)


def passage_scores(
    scorer: Scorer | None,
    p: Pieces,
    rules: pd.DataFrame,
    theme_ids: Sequence[str],
    vectors: np.ndarray | None,
    logits_by_fold: list[np.ndarray] | None = None,
) -> pd.DataFrame:
    """One row per participant passage of ``p`` (segment_id, then one probability column per theme);
    empty without a scorer."""
    if scorer is None:
        return pd.DataFrame(columns=["segment_id", *theme_ids])
    single = passage_pieces(p)
    hits = passage_hits(single.passages, rules, theme_ids)  # each passage is its own piece: counted once
    fold = np.array([scorer.fold_of_unit.get(u, -1) for u in single.table["unit_id"]])
    text = scorer.classifier_inputs(single, vectors) if logits_by_fold is None else PassageText()
    inputs = scorer.calibrator_inputs(single, hits, vectors)
    probabilities = predict_pieces(scorer.model, single, inputs, text, fold, logits_by_fold)
    out = pd.DataFrame(np.round(probabilities, 6), columns=list(theme_ids))
    out.insert(0, "segment_id", single.passages["segment_id"].to_numpy())
    return out


def cut_offs(unit_scores: pd.DataFrame, passages: pd.DataFrame, said: pd.DataFrame) -> dict[str, float]:
    """Per theme, the passage probability at or above which the machine codes it: the k-th highest of
    the units' best passage, k the units' probabilities summed (rounded); above 1 where k is 0."""
    units = unit_scores[unit_scores["role"] == ""]
    expected = units.groupby("theme_id")["score"].sum()
    best = passages.assign(unit_id=passages["segment_id"].map(dict(zip(said["segment_id"], said["unit_id"]))))
    best = best.drop(columns="segment_id").groupby("unit_id").max()
    cuts = {}
    for theme_id in best.columns:
        k = int(round(float(expected.get(theme_id, 0.0))))
        ranked = np.sort(best[theme_id].to_numpy())[::-1]
        cuts[theme_id] = float(ranked[k - 1]) if 0 < k <= len(ranked) else 1.01
    return cuts


def calibrated_codes(passages: pd.DataFrame, cuts: dict[str, float]) -> pd.DataFrame:
    """The passages at or above their theme's cut-off (CODE_COLUMNS), with the probability as evidence."""
    rows = []
    for theme_id, cut in cuts.items():
        if theme_id not in passages:
            continue
        above = passages[passages[theme_id] >= cut]
        for segment_id, probability in zip(above["segment_id"], above[theme_id]):
            rows.append(
                {
                    "segment_id": segment_id,
                    "theme_id": theme_id,
                    "coder": CODER,
                    "score": round(float(probability), 4),
                    "evidence": f"p={probability:.2f}, at or above the theme's cut-off {cut:.2f}",
                }
            )
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)
