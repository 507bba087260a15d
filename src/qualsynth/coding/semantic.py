"""The semantic coder: a passage carries a theme when its embedding is close enough to one of the
theme's codebook texts (its definition and example quotes), whatever words it uses.

Closeness is cosine similarity between unit-length sentence embeddings (:mod:`qualsynth.embeddings`),
rounded to four decimals so that a passage's codes do not depend on which other passages were
embedded in the same batch. Cut-offs:

* with a human-coded sample, each theme's cut-off is chosen inside cross-validation folds grouped by
  document (maximising F-beta, ``threshold_beta``, on the training folds' passages, then placed
  halfway to the next lower training score, for a margin), so a human-coded
  passage is coded with a cut-off its own code did not choose; other passages carry the theme where
  most folds' cut-offs apply it;
* for a theme with too few human codes (fewer than ``min_human_codes`` in most folds), or without a
  human-coded sample, the config's ``semantic.threshold``.

Evidence: the nearest codebook text and its similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from qualsynth.coding.codebook import Theme
from qualsynth.coding.rules import CODE_COLUMNS
from qualsynth.coding.supervised import best_threshold, label_matrix
from qualsynth.settings import CodingSettings


def reference_texts(themes: Sequence[Theme]) -> tuple[list[str], list[str]]:
    """Each theme's definition and example quotes, and the theme each stands for."""
    texts, owners = [], []
    for theme in themes:
        for text in (theme.definition, *theme.examples):
            if text.strip():
                texts.append(text)
                owners.append(theme.id)
    return texts, owners


@dataclass
class SemanticCoder:
    """What :func:`predict_semantic` needs for any shard."""

    theme_ids: list[str]
    references: np.ndarray  # embeddings of the codebook texts
    reference_texts: list[str]
    reference_themes: list[str]
    # theme id → the cut-offs to vote with: one per fold where calibrated, else the config's one.
    thresholds: dict[str, list[float]]
    calibrated: set[str]
    labelled: frozenset[str]
    cv_codes: pd.DataFrame


def similarities(
    coder_refs: np.ndarray, ref_themes: Sequence[str], theme_ids: Sequence[str], vectors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each passage and theme: the highest similarity to the theme's texts, and which text it is."""
    sims = np.round(vectors @ coder_refs.T, 4)
    best = np.full((len(vectors), len(theme_ids)), -1.0)
    nearest = np.zeros((len(vectors), len(theme_ids)), dtype=int)
    for j, theme_id in enumerate(theme_ids):
        columns = [i for i, t in enumerate(ref_themes) if t == theme_id]
        if not columns or not len(vectors):
            continue
        block = sims[:, columns]
        nearest[:, j] = np.array(columns)[block.argmax(axis=1)]
        best[:, j] = block.max(axis=1)
    return best, nearest


def train_semantic(
    themes: Sequence[Theme],
    references: np.ndarray,
    labelled: pd.DataFrame,
    labelled_vectors: np.ndarray,
    human: pd.DataFrame,
    settings: CodingSettings,
    threshold: float,
) -> SemanticCoder:
    """Calibrate cut-offs on the human-coded passages ``labelled`` (segment_id, doc_id; rows matching
    ``labelled_vectors``) with the reference coder's codes ``human``; ``threshold`` where there are too few."""
    theme_ids = [t.id for t in themes]
    texts, owners = reference_texts(themes)
    order = np.argsort(labelled["segment_id"].to_numpy(), kind="stable")
    labelled = labelled.iloc[order].reset_index(drop=True)
    labelled_vectors = np.asarray(labelled_vectors, dtype=np.float32)[order]
    scores, nearest = similarities(references, owners, theme_ids, labelled_vectors)
    y = label_matrix(list(labelled["segment_id"]), human, theme_ids)
    groups = labelled["unit_id"].to_numpy()
    n_folds = min(settings.cv_folds, len(np.unique(groups))) if len(labelled) else 0
    fold_cuts: dict[str, list[float]] = {t: [] for t in theme_ids}
    decisions = scores >= threshold
    if n_folds >= 2:
        for train, test in GroupKFold(n_splits=n_folds).split(scores, y, groups):
            for j, theme_id in enumerate(theme_ids):
                if y[train, j].sum() < settings.min_human_codes:
                    continue
                cut = _in_the_gap(
                    scores[train, j], best_threshold(scores[train, j], y[train, j], settings.threshold_beta)
                )
                fold_cuts[theme_id].append(cut)
                decisions[test, j] = scores[test, j] >= cut
    calibrated = {t for t, cuts in fold_cuts.items() if n_folds >= 2 and 2 * len(cuts) > n_folds}
    thresholds = {t: (fold_cuts[t] if t in calibrated else [threshold]) for t in theme_ids}
    rows = [
        _code(labelled["segment_id"].iloc[i], theme_id, scores[i, j], texts[nearest[i, j]], "cross-validated cut-off")
        for j, theme_id in enumerate(theme_ids)
        for i in np.flatnonzero(decisions[:, j])
    ]
    cv_codes = pd.DataFrame(rows, columns=CODE_COLUMNS).sort_values(["segment_id", "theme_id"], kind="stable")
    return SemanticCoder(
        theme_ids,
        references,
        texts,
        owners,
        thresholds,
        calibrated,
        frozenset(labelled["segment_id"]),
        cv_codes.reset_index(drop=True),
    )


def predict_semantic(coder: SemanticCoder, segments: pd.DataFrame, vectors: pd.DataFrame) -> pd.DataFrame:
    """Codes for the participant segments in ``segments``, from their embeddings ``vectors``
    (segment_id, embedding): cross-validated ones for the human-coded passages, the cut-offs' vote for the rest."""
    participant = segments[segments["is_participant"]].sort_values("segment_id")
    rows = coder.cv_codes[coder.cv_codes["segment_id"].isin(set(participant["segment_id"]))].to_dict("records")
    others = participant[~participant["segment_id"].isin(coder.labelled)]
    by_id = dict(zip(vectors["segment_id"], vectors["embedding"]))
    missing = [s for s in others["segment_id"] if s not in by_id]
    if missing:
        raise ValueError(f"no embedding for {len(missing)} passage(s), e.g. {missing[0]}: rerun the rule embed_shard")
    if len(others):
        matrix = np.vstack([np.asarray(by_id[s], dtype=np.float32) for s in others["segment_id"]])
        scores, nearest = similarities(coder.references, coder.reference_themes, coder.theme_ids, matrix)
        for j, theme_id in enumerate(coder.theme_ids):
            cuts = np.array(coder.thresholds[theme_id])
            votes = (scores[:, [j]] >= cuts[None, :]).sum(axis=1)
            how = f"cut-offs of {len(cuts)} folds" if theme_id in coder.calibrated else "the config's cut-off"
            for i in np.flatnonzero(2 * votes > len(cuts)):
                rows.append(
                    _code(
                        others["segment_id"].iloc[i], theme_id, scores[i, j], coder.reference_texts[nearest[i, j]], how
                    )
                )
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)


def _in_the_gap(scores: np.ndarray, cut: float) -> float:
    """Halfway between ``cut`` (a training score, the lowest that is coded) and the highest score below
    it: the cut-off F-beta chose, with a margin on unseen passages rather than none."""
    below = scores[scores < cut]
    return round(float((cut + below.max()) / 2), 4) if len(below) else cut


def _code(segment_id: str, theme_id: str, similarity: float, nearest: str, how: str) -> dict[str, object]:
    short = nearest if len(nearest) <= 90 else nearest[:87].rsplit(" ", 1)[0] + "…"
    return {
        "segment_id": segment_id,
        "theme_id": theme_id,
        "coder": "semantic",
        "score": round(float(similarity), 4),
        "evidence": f"similarity {similarity:.2f} ({how}) to “{short}”",
    }
