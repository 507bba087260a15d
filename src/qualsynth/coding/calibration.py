"""From passages to a probability per unit: would the reference coder find the theme in it?
(rules ``train_coder`` and ``code_shard``)

The coders mark passages; shares count units. For every unit (and every unit-role pair, for the
shares by role) and theme, :mod:`qualsynth.coding.unit_model` turns what the machine reads in its
passages — rules matches, codebook similarities, supervised classifiers' logits — into the
probability that the reference coder would code the theme there, cross-fitted on the units the
reference coder coded in full. This module gathers those inputs per piece (unit or unit-role pair),
trains the scorer once (:func:`coded_unit_scorer`) and scores any shard's pieces (:func:`unit_scores`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from qualsynth.coding.codebook import Theme
from qualsynth.coding.pieces import Pieces, pieces
from qualsynth.coding.supervised import codebook_examples
from qualsynth.coding.unit_model import PassageText, PieceInputs, UnitModel, best_per_piece, cross_fit, predict_pieces

SCORE_COLUMNS = ["unit_id", "role", "theme_id", "score", "rules_hits", "supervised_max"]
_FEATURES = ["rules_any", "rules_log", "words_log"]


def passage_hits(passages: pd.DataFrame, rules: pd.DataFrame, theme_ids: Sequence[str]) -> np.ndarray:
    """How often the rules coder matched each theme in each passage (passages × themes)."""
    matrix = np.zeros((len(passages), len(theme_ids)))
    row = {s: i for i, s in enumerate(passages["segment_id"])}
    column = {t: j for j, t in enumerate(theme_ids)}
    for segment_id, theme_id, score in zip(rules["segment_id"], rules["theme_id"], rules["score"]):
        if segment_id in row and theme_id in column:
            matrix[row[segment_id], column[theme_id]] = float(score)
    return matrix


def rules_hits(p: Pieces, rules: pd.DataFrame, theme_ids: Sequence[str]) -> np.ndarray:
    """How often the rules coder matched each theme in each piece's passages (pieces × themes)."""
    matrix = passage_hits(p.passages, rules, theme_ids)
    out = np.zeros((len(p.table), len(theme_ids)))
    np.add.at(out, p.unit_piece, matrix)
    np.add.at(out, p.role_piece, matrix)
    return out


def best_probability(p: Pieces, probabilities: np.ndarray) -> np.ndarray:
    """The highest passage probability per piece and theme (NaN stays NaN: no model for the theme)."""
    filled = np.where(np.isnan(probabilities), -1.0, probabilities)
    out = np.full((len(p.table), probabilities.shape[1]), -1.0)
    np.maximum.at(out, p.unit_piece, filled)
    np.maximum.at(out, p.role_piece, filled)
    return np.where(out < 0, np.nan, out)


def codebook_references(themes: Sequence[Theme]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The codebook texts each passage is compared with: per theme its label with its definition
    (kind 0), its inclusion notes one by one (kind 1), its examples (kind 2); with their theme
    columns and kinds."""
    texts, owner, kind = [], [], []
    for j, theme in enumerate(themes):
        notes = [n.strip() for n in re.split(r";|(?<=[.!?])\s+", theme.inclusion) if n.strip()]
        for k, group in enumerate(([f"{theme.label}. {theme.definition}"], notes, list(theme.examples))):
            for text in group:
                texts.append(text)
                owner.append(j)
                kind.append(k)
    return texts, np.array(owner, dtype=int), np.array(kind, dtype=int)


SIMILARITY_KINDS = ("definition", "inclusion", "examples")


def passage_similarity(vectors: np.ndarray, references: np.ndarray, owner: np.ndarray, kind: np.ndarray, n_themes: int):
    """Per passage, theme and kind, the best cosine similarity to the theme's codebook texts of that kind
    (unit-length embeddings); a kind the theme lacks takes its label and definition's."""
    sims = np.asarray(vectors, dtype=np.float64) @ np.asarray(references, dtype=np.float64).T
    out = np.full((len(vectors), n_themes, len(SIMILARITY_KINDS)), -np.inf)
    for column, (j, k) in enumerate(zip(owner, kind)):
        out[:, j, k] = np.maximum(out[:, j, k], sims[:, column])
    for k in range(1, len(SIMILARITY_KINDS)):
        out[:, :, k] = np.where(np.isfinite(out[:, :, k]), out[:, :, k], out[:, :, 0])
    return np.round(out, 6)


@dataclass
class Scorer:
    """What scores any shard's units: the TF-IDF vocabulary, the codebook's embeddings (with the
    semantic coder on), the fitted folds, and the coded units' cross-fitted scores."""

    theme_ids: list[str]
    vectorizer: TfidfVectorizer | None
    references: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # embeddings, theme column, kind
    model: UnitModel
    fold_of_unit: dict[str, int]
    coded: pd.DataFrame  # SCORE_COLUMNS for the pieces of the units coded in full
    summary: dict[str, object] = field(default_factory=dict)
    embedding_classifier: bool = False

    def calibrator_inputs(self, p: Pieces, hits: np.ndarray, vectors: np.ndarray | None) -> PieceInputs:
        """What the calibrators read for ``p``, as they were trained: ``vectors`` are its passages' embeddings."""
        self._check(vectors)
        return piece_inputs(p, hits, vectors if self.references is not None else None, self.references)

    def classifier_inputs(self, p: Pieces, vectors: np.ndarray | None) -> PassageText:
        """What the classifiers read for ``p``'s passages, as they were trained."""
        self._check(vectors)
        return passage_text(p, self.vectorizer, vectors if self.embedding_classifier else None)

    def _check(self, vectors: np.ndarray | None) -> None:
        if self.references is not None and vectors is None:
            raise ValueError("the scorer reads embeddings: run the rule embed_shard for this shard")


def piece_inputs(p: Pieces, hits: np.ndarray, vectors: np.ndarray | None, scorer_refs) -> PieceInputs:
    """The calibrator's untrained inputs for ``p``: ``vectors`` are its passages' embeddings, or None."""
    similarity = None
    if vectors is not None and scorer_refs is not None:
        references, owner, kind = scorer_refs
        per_passage = passage_similarity(vectors, references, owner, kind, hits.shape[1])
        similarity = best_per_piece(p, per_passage, np.arange(len(p.passages)))
    return PieceInputs(hits, p.table["words"].to_numpy(), similarity)


def passage_text(p: Pieces, vectorizer: TfidfVectorizer | None, vectors: np.ndarray | None, seeds=None) -> PassageText:
    """The supervised classifiers' inputs for ``p``'s passages; ``seeds``: (texts' TF-IDF, their
    embeddings or None, labels) of the codebook's examples."""
    tfidf = vectorizer.transform(p.passages["text"]) if vectorizer is not None else None
    seed_tfidf, seed_vectors, seed_labels = seeds if seeds is not None else (None, None, None)
    return PassageText(tfidf, vectors, seed_tfidf, seed_vectors if vectors is not None else None, seed_labels)


def fit_scorer(
    p: Pieces,
    hits: np.ndarray,
    passage_labels: np.ndarray,
    fold_of_unit: dict[str, int],
    n_folds: int,
    theme_ids: Sequence[str],
    text: PassageText | None = None,
    vectors: np.ndarray | None = None,
    vectorizer: TfidfVectorizer | None = None,
    references: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    seed: int = 0,
    workers: int = 1,
) -> Scorer | None:
    """The scorer, fitted on the coded units' pieces ``p`` (every one coded in full) and their passages'
    codes ``passage_labels`` (passages × themes), its classifiers over ``workers`` threads. None when
    there is nothing to learn from (no positive or no negative, or fewer than two folds)."""
    labels = np.zeros((len(p.table), len(theme_ids)))
    np.maximum.at(labels, p.unit_piece, passage_labels)
    np.maximum.at(labels, p.role_piece, passage_labels)
    if not len(p.table) or labels.sum() == 0 or labels.sum() == labels.size or len(set(fold_of_unit.values())) < 2:
        return None
    inputs = piece_inputs(p, hits, vectors, references)
    text = text or PassageText()
    model = cross_fit(p, inputs, text, passage_labels, labels, fold_of_unit, n_folds, seed, workers)
    n = len(p.table)
    table = p.table.loc[np.repeat(np.arange(n), len(theme_ids)), ["unit_id", "role"]].reset_index(drop=True)
    tfidf_best = (
        1 / (1 + np.exp(-model.coded_logits[:, :, 0]))
        if model.coded_logits is not None
        else np.full(hits.shape, np.nan)
    )
    coded = table.assign(
        theme_id=np.tile(list(theme_ids), n),
        score=np.round(model.coded_scores.reshape(-1), 6),
        rules_hits=hits.reshape(-1),
        supervised_max=np.round(tfidf_best.reshape(-1), 6),
    )
    scorer = Scorer(
        list(theme_ids),
        vectorizer if text.tfidf is not None else None,
        references,
        model,
        dict(fold_of_unit),
        coded[SCORE_COLUMNS],
        embedding_classifier=text.embeddings is not None,
    )
    units_only = p.table["role"].to_numpy() == ""
    expected = model.coded_scores[units_only]
    truth = labels[units_only]
    scorer.summary = {
        "coded_units": int(units_only.sum()),
        "folds": n_folds,
        "inputs": ["rules", *(["codebook similarity"] if inputs.similarity is not None else []), *text.kinds()],
        "human_positives": int(truth.sum()),
        "expected_positives": round(float(expected.sum()), 2),
        "brier": round(float(np.mean((expected - truth) ** 2)), 4),
        "raw_machine_positives": int((hits[units_only] > 0).sum()),
    }
    return scorer


def unit_scores(
    scorer: Scorer | None,
    p: Pieces,
    hits: np.ndarray,
    theme_ids: Sequence[str],
    vectors: np.ndarray | None = None,
    logits_by_fold: list[np.ndarray] | None = None,
) -> pd.DataFrame:
    """SCORE_COLUMNS for every piece of ``p``: the coded units' cross-fitted probabilities, the others'
    mean over the folds. Without a scorer (nothing coded in full) the score is left empty: the machine's
    own yes/no stands in (:func:`assemble_unit_scores`)."""
    n = len(p.table)
    table = p.table.loc[np.repeat(np.arange(n), hits.shape[1]), ["unit_id", "role"]].reset_index(drop=True)
    out = table.assign(theme_id=np.tile(list(theme_ids), n), score=np.nan, rules_hits=hits.reshape(-1))
    out["supervised_max"] = np.nan
    if scorer is None:
        return out[SCORE_COLUMNS]
    # A coded unit's pieces take their cross-fitted scores; a piece the coded sample did not have (a role
    # whose passages were not all coded) is scored like any other, by the mean over the folds.
    known = scorer.coded.set_index(["unit_id", "role", "theme_id"])
    keys = pd.MultiIndex.from_frame(out[["unit_id", "role", "theme_id"]])
    mask = keys.isin(known.index)
    if not mask.all():
        # The classifiers' logits, when the caller has them, spare a second pass of TF-IDF over the passages.
        text = scorer.classifier_inputs(p, vectors) if logits_by_fold is None else PassageText()
        inputs = scorer.calibrator_inputs(p, hits, vectors)
        scores = predict_pieces(scorer.model, p, inputs, text, logits_by_fold=logits_by_fold)
        out["score"] = np.round(scores.reshape(-1), 6)
    if mask.any():
        out.loc[mask, "score"] = known.loc[keys[mask], "score"].to_numpy()
        out.loc[mask, "supervised_max"] = known.loc[keys[mask], "supervised_max"].to_numpy()
    return out[SCORE_COLUMNS]


def passage_label_matrix(passage_ids: Sequence[str], reference: pd.DataFrame, theme_ids: Sequence[str]) -> np.ndarray:
    """passages × themes: 1 where the reference coder coded the theme on the passage."""
    positive = set(zip(reference["segment_id"], reference["theme_id"]))
    return np.array([[(s, t) in positive for t in theme_ids] for s in passage_ids], dtype=float).reshape(
        len(passage_ids), len(theme_ids)
    )


def coded_unit_scorer(
    training: pd.DataFrame,
    reference: pd.DataFrame,
    complete: set[str],
    rules: pd.DataFrame,
    themes: Sequence[Theme],
    cv_folds: int,
    vectors: np.ndarray | None = None,
    references: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    seed_vectors: np.ndarray | None = None,
    seed: int = 0,
    classifiers: bool = True,
    workers: int = 1,
) -> Scorer | None:
    """The scorer, trained on the units the reference coder coded in full.

    ``training`` holds the reference coder's passages (:data:`qualsynth.supervised.LABELLED_COLUMNS`),
    in segment order, with their embeddings ``vectors`` (or None, semantic coder off); ``reference``
    their codes; ``rules`` the rules coder's codes on them; ``references`` the codebook's embeddings
    (:func:`codebook_references`) and ``seed_vectors`` those of its definitions and examples
    (:func:`qualsynth.coding.supervised.codebook_examples`). Units are dealt into ``cv_folds`` folds in
    unit order, each unit whole in one. ``workers``: threads for the classifiers' fits.
    """
    keep = training["unit_id"].isin(complete).to_numpy()
    coded = training[keep].assign(is_participant=True)
    if coded.empty:
        return None
    p = pieces(coded)
    theme_ids = [t.id for t in themes]
    order = np.argsort(coded["segment_id"].to_numpy(), kind="stable")
    coded_vectors = np.asarray(vectors)[keep][order] if vectors is not None else None
    units = sorted(set(coded["unit_id"]))
    n_folds = max(2, min(cv_folds, len(units)))
    fold_of_unit = {u: k % n_folds for k, u in enumerate(units)}
    seed_texts, seed_labels = codebook_examples(themes)
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True, max_features=50000
    )
    vectorizer.fit([*p.passages["text"], *seed_texts])  # unsupervised: the vocabulary sees no codes
    seeds = (vectorizer.transform(seed_texts), seed_vectors, seed_labels.astype(float))
    text = passage_text(p, vectorizer, coded_vectors, seeds) if classifiers else PassageText()
    hits = rules_hits(p, rules, theme_ids)
    passage_labels = passage_label_matrix(list(p.passages["segment_id"]), reference, theme_ids)
    return fit_scorer(
        p,
        hits,
        passage_labels,
        fold_of_unit,
        n_folds,
        theme_ids,
        text,
        coded_vectors,
        vectorizer,
        references,
        seed,
        workers,
    )


UNIT_SCORE_COLUMNS = ["unit_id", "role", "theme_id", "score", "machine", "human", "rules_hits", "supervised_max"]


def raised_by(p: Pieces, codes: pd.DataFrame, theme_ids: Sequence[str]) -> np.ndarray:
    """1 where a piece has a passage carrying the theme in ``codes`` (pieces × themes)."""
    row = {s: i for i, s in enumerate(p.passages["segment_id"])}
    column = {t: j for j, t in enumerate(theme_ids)}
    passage = np.zeros((len(p.passages), len(theme_ids)))
    for segment_id, theme_id in zip(codes["segment_id"], codes["theme_id"]):
        if segment_id in row and theme_id in column:
            passage[row[segment_id], column[theme_id]] = 1
    out = np.zeros((len(p.table), len(theme_ids)))
    np.maximum.at(out, p.unit_piece, passage)
    np.maximum.at(out, p.role_piece, passage)
    return out


def assemble_unit_scores(
    scores: pd.DataFrame,
    segments: pd.DataFrame,
    machine: pd.DataFrame,
    reference: pd.DataFrame,
    complete: set[str],
    theme_ids: Sequence[str],
) -> pd.DataFrame:
    """The shards' scores in one table (UNIT_SCORE_COLUMNS), with for every piece and theme whether the
    machine's final codes raise it (``machine``, 0/1) and, for units the reference coder coded in full,
    whether they do (``human``, 0/1; empty elsewhere). Without a calibration the score is ``machine``."""
    p = pieces(segments)
    n = len(p.table)
    table = p.table.loc[np.repeat(np.arange(n), len(theme_ids)), ["unit_id", "role"]].reset_index(drop=True)
    table["theme_id"] = np.tile(list(theme_ids), n)
    table["machine"] = raised_by(p, machine, theme_ids).reshape(-1).astype(int)
    human = raised_by(p, reference[reference["theme_id"] != ""], theme_ids).reshape(-1)
    coded = np.repeat(p.table["unit_id"].isin(complete).to_numpy(), len(theme_ids))
    table["human"] = np.where(coded, human, np.nan)
    merged = table.merge(scores, on=["unit_id", "role", "theme_id"], how="left", validate="one_to_one")
    merged["score"] = merged["score"].fillna(merged["machine"].astype(float))
    return merged[UNIT_SCORE_COLUMNS]


def calibration_table(unit_scores: pd.DataFrame, theme_ids: Sequence[str]) -> pd.DataFrame:
    """On the units coded in full (cross-fitted scores): per theme and pooled ("ALL"), the human
    positives, the machine's positives (its final codes), the calibrated expectation (sum of scores),
    their ratios to the human count, and the Brier score."""
    coded = unit_scores[(unit_scores["role"] == "") & unit_scores["human"].notna()]
    rows = []
    for theme_id, group in [*((t, coded[coded["theme_id"] == t]) for t in theme_ids), ("ALL", coded)]:
        human = float(group["human"].sum())
        rows.append(
            {
                "theme_id": theme_id,
                "coded_units": int(group["unit_id"].nunique()),
                "human_positives": int(human),
                "machine_positives": int(group["machine"].sum()),
                "machine_ratio": round(group["machine"].sum() / human, 4) if human else float("nan"),
                "expected_positives": round(float(group["score"].sum()), 2),
                "expected_ratio": round(float(group["score"].sum()) / human, 4) if human else float("nan"),
                "brier": round(float(np.mean((group["score"] - group["human"]) ** 2)), 4)
                if len(group)
                else float("nan"),
            }
        )
    return pd.DataFrame(rows)
