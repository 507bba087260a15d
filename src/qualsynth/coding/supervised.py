"""A supervised coder learned from the human-coded sample: one TF-IDF + logistic regression per theme.

Honesty rules, which the tests check:

* predictions for a human-coded segment come from cross-validation folds grouped by document, so
  no model that saw the segment (or its document) codes it;
* each fold's decision threshold is chosen inside that fold's training data (by an inner grouped
  cross-validation maximising F-beta, ``threshold_beta``), never on the segments it is applied to;
* a theme is trained in a fold only if that fold's training data hold at least
  ``min_human_codes`` positives.

Segments nobody coded are coded by the cross-validation's fold models, each with its own cut-off:
a segment carries a theme when most of them code it. Each fold model is exactly what the agreement
figures measure (a single model trained on all the codes would be more confident than they are, its
probabilities on another scale, and would code more). Each segment is coded on its own (the vocabulary and the models are learned from the human-coded sample
and the codebook only), so a segment's codes do not depend on the rest of the corpus or on how it
was split into shards: :func:`train_supervised` runs once, :func:`predict_supervised` per shard.

Each theme's codebook definition and example quotes are added to every training set as positive
examples of that theme (and negatives of the others): they are the codebook, not the data, so they
leak nothing, and with a few human codes per theme they help. Features are character n-grams
within words (3–5), which cope with inflections and typos.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import vstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from qualsynth.coding.codebook import Theme
from qualsynth.coding.rules import CODE_COLUMNS
from qualsynth.errors import InputError
from qualsynth.parallel import map_in_threads
from qualsynth.settings import CodingSettings


def label_matrix(ids: Sequence[str], human: pd.DataFrame, theme_ids: Sequence[str]) -> np.ndarray:
    """Rows = segments in ``ids``, columns = themes; 1 where the human coder applied the theme."""
    row = {s: i for i, s in enumerate(ids)}
    col = {t: j for j, t in enumerate(theme_ids)}
    y = np.zeros((len(ids), len(theme_ids)), dtype=int)
    for segment_id, theme_id in zip(human["segment_id"], human["theme_id"]):
        if theme_id and segment_id in row and theme_id in col:
            y[row[segment_id], col[theme_id]] = 1
    return y


def _model(seed: int) -> LogisticRegression:
    return LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=seed)


# A cut-off never marks more than this many times the passages the reference coder marked.
MAX_MARKED_RATIO = 2.0


def best_threshold(probabilities: np.ndarray, labels: np.ndarray, beta: float = 1.0) -> float:
    """The probability cut-off that maximises F-beta on (out-of-fold) predictions; 0.5 without positives.

    beta < 1 weighs precision above recall: with few human codes, an F1-optimal cut-off tends to be
    low and to code far more passages than people do, which inflates every prevalence downstream.
    Its floor: a cut-off that would mark more than ``MAX_MARKED_RATIO`` times the coder's positives is
    never chosen; for a rare theme the F-beta optimum can otherwise sink to near zero and mark half the
    passages.
    """
    if labels.sum() == 0:
        return 0.5
    best, best_score = 0.5, -1.0
    b2 = beta * beta
    for cut in np.unique(probabilities):
        predicted = probabilities >= cut
        if predicted.sum() > MAX_MARKED_RATIO * labels.sum():
            continue
        tp = np.sum(predicted & (labels == 1))
        score = (1 + b2) * tp / (predicted.sum() + b2 * labels.sum())
        if score > best_score + 1e-12:
            best, best_score = float(cut), score
    return best


def _fit(x, y, seeds):
    """Fit one theme's model on (x, y) plus the codebook's seed examples ``seeds = (x_seed, y_seed)``.

    liblinear's logistic regression is deterministic for the same data, so no seed is needed.
    """
    return _model(0).fit(vstack([x, seeds[0]]), np.concatenate([y, seeds[1]]))


def _fit_with_threshold(x, y, groups, min_codes: int, seeds, beta: float = 1.0, inner_folds: int = 3):
    """Fit on (x, y) and choose its threshold by inner grouped CV; None when too few positives."""
    if y.sum() < min_codes or y.sum() == len(y):
        return None
    n_inner = min(inner_folds, len(np.unique(groups)))
    oof = np.zeros(len(y))
    if n_inner >= 2:
        for train, test in GroupKFold(n_splits=n_inner).split(x, y, groups):
            oof[test] = _fit(x[train], y[train], seeds).predict_proba(x[test])[:, 1]
    threshold = best_threshold(oof, y, beta) if n_inner >= 2 else 0.5
    return _fit(x, y, seeds), threshold


def cross_validated_probabilities(
    x, y: np.ndarray, groups: np.ndarray, settings: CodingSettings, seeds=None, workers: int = 1
) -> tuple[np.ndarray, np.ndarray, list[dict[int, tuple[LogisticRegression, float]]], np.ndarray]:
    """Out-of-fold probabilities and decisions for every labelled segment and theme, each fold's
    models with their cut-offs (theme column → (model, cut-off); a theme without enough codes is
    absent), and each segment's fold; a fold's themes are fitted over ``workers`` threads."""
    probabilities = np.zeros(y.shape)
    decisions = np.zeros(y.shape, dtype=bool)
    folds: list[dict[int, tuple[LogisticRegression, float]]] = []
    fold_of = np.zeros(len(y), dtype=int)
    n_folds = min(settings.cv_folds, len(np.unique(groups)))
    for k, (train, test) in enumerate(GroupKFold(n_splits=n_folds).split(x, y, groups)):
        fold_of[test] = k
        folds.append({})

        def fit(j: int, train=train):
            theme_seeds = (seeds[0], seeds[1][:, j]) if seeds is not None else (x[:0], y[:0, j])
            return _fit_with_threshold(
                x[train], y[train, j], groups[train], settings.min_human_codes, theme_seeds, settings.threshold_beta
            )

        themes = range(y.shape[1])
        for j, fitted in zip(themes, map_in_threads(fit, list(themes), workers)):
            if fitted is None:
                continue
            model, threshold = fitted
            folds[-1][j] = fitted
            probabilities[test, j] = model.predict_proba(x[test])[:, 1]
            decisions[test, j] = probabilities[test, j] >= threshold
    return probabilities, decisions, folds, fold_of


@dataclass
class TrainedCoder:
    """The supervised coder after training: what :func:`predict_supervised` needs for any shard."""

    vectorizer: TfidfVectorizer
    # theme id → the fold models trained for it, each with its cut-off; only themes trained in most folds.
    models: dict[str, list[tuple[LogisticRegression, float]]]
    n_folds: int
    labelled: frozenset[str]  # the human-coded segments, coded by cross-validation instead
    cv_codes: pd.DataFrame  # their cross-validated codes (CODE_COLUMNS)
    theme_ids: list[str] = field(default_factory=list)
    # theme id → the fold each of its models was trained without (parallel to ``models``).
    model_folds: dict[str, list[int]] = field(default_factory=dict)
    # The labelled segments' fold and out-of-fold probability for every theme (0 where not trained).
    fold_of: dict[str, int] = field(default_factory=dict)
    cv_probabilities: pd.DataFrame | None = None

    @property
    def trained(self) -> set[str]:
        return set(self.models)


def train_supervised(
    labelled: pd.DataFrame, human: pd.DataFrame, themes: Sequence[Theme], settings: CodingSettings, workers: int = 1
) -> TrainedCoder:
    """Train on the human-coded participant segments ``labelled`` (segment_id, doc_id, text) and the
    reference coder's codes ``human``: cross-validated codes for them, and the fold models for the rest
    (fitted over ``workers`` threads)."""
    labelled = labelled.sort_values("segment_id").reset_index(drop=True)
    theme_ids = [t.id for t in themes]
    seed_texts, seed_labels = codebook_examples(themes)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    vectorizer.fit([*labelled["text"], *seed_texts])  # unsupervised: the vocabulary sees no labels
    x = vectorizer.transform(labelled["text"])
    y = label_matrix(list(labelled["segment_id"]), human, theme_ids)
    seeds = (vectorizer.transform(seed_texts), seed_labels)
    # Folds keep each source unit (a document, or one survey response) whole: its passages share a speaker
    # and a context, so a model must not see some of them while coding the others.
    groups = labelled["unit_id"].to_numpy()
    if len(np.unique(groups)) < 2:
        raise InputError(
            "the human codes cover passages of fewer than two units, so the supervised coder cannot be "
            "cross-validated. Code passages from more units, or set coding.combine: rules."
        )
    cv_prob, cv_decision, folds, fold_of = cross_validated_probabilities(x, y, groups, settings, seeds, workers)
    rows = [
        _code(labelled["segment_id"].iloc[i], theme_id, cv_prob[i, j], "cross-validated", None, None)
        for j, theme_id in enumerate(theme_ids)
        for i in np.flatnonzero(cv_decision[:, j])
    ]
    kept = {theme_id: [k for k, fold in enumerate(folds) if j in fold] for j, theme_id in enumerate(theme_ids)}
    kept = {t: ks for t, ks in kept.items() if 2 * len(ks) > len(folds)}
    models = {t: [folds[k][theme_ids.index(t)] for k in ks] for t, ks in kept.items()}
    cv_codes = pd.DataFrame(rows, columns=CODE_COLUMNS).sort_values(["segment_id", "theme_id"], kind="stable")
    probabilities = pd.DataFrame(cv_prob, index=list(labelled["segment_id"]), columns=theme_ids)
    return TrainedCoder(
        vectorizer,
        models,
        len(folds),
        frozenset(labelled["segment_id"]),
        cv_codes.reset_index(drop=True),
        theme_ids,
        kept,
        dict(zip(labelled["segment_id"], map(int, fold_of))),
        probabilities,
    )


def predict_supervised(
    coder: TrainedCoder, segments: pd.DataFrame, fold_p: np.ndarray | None = None, x=None
) -> pd.DataFrame:
    """Codes for the participant segments in ``segments``: cross-validated ones for the human-coded
    segments; for the others, a theme where most fold models code it. Each segment's codes depend on it
    alone. ``fold_p`` may hold :func:`fold_probabilities` of the participant segments in segment_id
    order, and ``x`` their TF-IDF rows (:func:`tfidf_rows`), when the caller has them already."""
    participant = segments[segments["is_participant"]].sort_values("segment_id")
    mine = set(participant["segment_id"])
    rows = coder.cv_codes[coder.cv_codes["segment_id"].isin(mine)].to_dict("records")
    unlabelled = ~participant["segment_id"].isin(coder.labelled).to_numpy()
    others = participant[unlabelled]
    if len(others) and coder.models:
        x_others = x[unlabelled] if x is not None else tfidf_rows(coder, others)
        probabilities = fold_p[:, unlabelled, :] if fold_p is not None else fold_probabilities(coder, others, x_others)
        terms = np.array(coder.vectorizer.get_feature_names_out())
        for j, theme_id in enumerate(coder.theme_ids):
            if theme_id not in coder.models:
                continue
            fold_models = coder.models[theme_id]
            folds = coder.model_folds[theme_id]
            theme_p = probabilities[folds, :, j].T  # segments × this theme's fold models
            votes = (theme_p >= np.array([t for _, t in fold_models])).sum(axis=1)
            for i in np.flatnonzero(2 * votes > coder.n_folds):
                best = int(np.argmax(theme_p[i]))
                rows.append(
                    _code(
                        others["segment_id"].iloc[i],
                        theme_id,
                        theme_p[i].mean(),
                        f"{votes[i]} of {coder.n_folds} fold models",
                        _top_terms(fold_models[best][0], x_others, i, terms),
                        None,
                    )
                )
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)


LABELLED_COLUMNS = ["segment_id", "unit_id", "doc_id", "role", "n_words", "text"]


def labelled_segments(segments: pd.DataFrame, human: pd.DataFrame) -> pd.DataFrame:
    """The participant segments the reference coder coded."""
    participant = segments[segments["is_participant"]]
    return participant.loc[participant["segment_id"].isin(set(human["segment_id"])), LABELLED_COLUMNS]


def tfidf_rows(coder: TrainedCoder, segments: pd.DataFrame):
    """The segments' TF-IDF rows in the coder's vocabulary (sparse, in the given order)."""
    return coder.vectorizer.transform(segments["text"])


def fold_probabilities(coder: TrainedCoder, segments: pd.DataFrame, x=None) -> np.ndarray:
    """Each fold model's probability for every segment (rows, in the given order) and theme: an array
    folds × segments × themes, NaN where a fold has no model for the theme. ``x``: the segments'
    :func:`tfidf_rows`, when the caller has them already (the char n-grams are most of the cost)."""
    out = np.full((coder.n_folds, len(segments), len(coder.theme_ids)), np.nan)
    if not len(segments) or not coder.models:
        return out
    x = tfidf_rows(coder, segments) if x is None else x
    for j, theme_id in enumerate(coder.theme_ids):
        for k, (model, _) in zip(coder.model_folds.get(theme_id, []), coder.models.get(theme_id, [])):
            out[k, :, j] = model.predict_proba(x)[:, 1]
    return out


def supervised_codes(
    segments: pd.DataFrame, human: pd.DataFrame, themes: Sequence[Theme], settings: CodingSettings
) -> tuple[pd.DataFrame, set[str]]:
    """Codes from the supervised coder for every participant segment, and the themes it was trained for."""
    coder = train_supervised(labelled_segments(segments, human), human, themes, settings)
    return predict_supervised(coder, segments), coder.trained


def codebook_examples(themes: Sequence[Theme]) -> tuple[list[str], np.ndarray]:
    """Each theme's definition and example quotes, labelled positive for that theme only."""
    texts, labels = [], []
    for j, theme in enumerate(themes):
        for text in (theme.definition, *theme.examples):
            texts.append(text)
            row = np.zeros(len(themes), dtype=int)
            row[j] = 1
            labels.append(row)
    return texts, np.array(labels).reshape(len(texts), len(themes))


def _top_terms(model: LogisticRegression, x, i: int, terms: np.ndarray, k: int = 3) -> str:
    """The ``k`` terms of row ``i`` of the CSR matrix ``x`` that add most to the model's logit."""
    # Only the row's own terms can contribute: sorting them, not the whole vocabulary, is what keeps
    # this cheap on a shard of tens of thousands of passages.
    columns = x.indices[x.indptr[i] : x.indptr[i + 1]]
    contribution = x.data[x.indptr[i] : x.indptr[i + 1]] * model.coef_[0][columns]
    order = np.lexsort((columns, -contribution))[:k]  # ties by vocabulary index: deterministic
    return ", ".join(terms[columns[order[contribution[order] > 0]]])


def _code(
    segment_id: str, theme_id: str, probability: float, how: str, terms: str | None, threshold: float | None
) -> dict[str, object]:
    evidence = f"p={probability:.2f} ({how})"
    if threshold is not None:
        evidence += f", threshold {threshold:.2f}"
    if terms:
        evidence += f"; terms: {terms}"
    return {
        "segment_id": segment_id,
        "theme_id": theme_id,
        "coder": "supervised",
        "score": round(float(probability), 4),
        "evidence": evidence,
    }
