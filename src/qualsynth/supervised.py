"""A supervised coder learned from the human-coded sample: one TF-IDF + logistic regression per theme.

Honesty rules, which the tests check:

* predictions for a human-coded segment come from cross-validation folds grouped by document, so
  no model that saw the segment (or its document) codes it;
* each fold's decision threshold is chosen inside that fold's training data (by an inner grouped
  cross-validation maximising F-beta, ``threshold_beta``), never on the segments it is applied to;
* a theme is trained in a fold only if that fold's training data hold at least
  ``min_human_codes`` positives.

Segments nobody coded are coded by models trained on all human codes. A model trained on all the
codes is more confident than the fold models, so its probabilities are not on the fold models'
scale; its cut-off is therefore set so that it codes the same share of uncoded segments as the
cross-validated coder coded of the human-coded sample (a random sample of the same corpus). Each theme's codebook definition and example quotes are added to
every training set as positive examples of that theme (and negatives of the others): they are the
codebook, not the data, so they leak nothing, and with a few human codes per theme they help.
Features are character n-grams within words (3–5), which cope with inflections and typos.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import vstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from qualsynth.codebook import Theme
from qualsynth.coding import CODE_COLUMNS, CodingSettings
from qualsynth.errors import InputError


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


def best_threshold(probabilities: np.ndarray, labels: np.ndarray, beta: float = 1.0) -> float:
    """The probability cut-off that maximises F-beta on (out-of-fold) predictions; 0.5 without positives.

    beta < 1 weighs precision above recall: with few human codes, an F1-optimal cut-off tends to be
    low and to code far more passages than people do, which inflates every prevalence downstream.
    """
    if labels.sum() == 0:
        return 0.5
    best, best_score = 0.5, -1.0
    b2 = beta * beta
    for cut in np.unique(probabilities):
        predicted = probabilities >= cut
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
    x, y: np.ndarray, groups: np.ndarray, settings: CodingSettings, seeds=None
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and decisions for every labelled segment and theme."""
    probabilities = np.zeros(y.shape)
    decisions = np.zeros(y.shape, dtype=bool)
    n_folds = min(settings.cv_folds, len(np.unique(groups)))
    for train, test in GroupKFold(n_splits=n_folds).split(x, y, groups):
        for j in range(y.shape[1]):
            theme_seeds = (seeds[0], seeds[1][:, j]) if seeds is not None else (x[:0], y[:0, j])
            fitted = _fit_with_threshold(x[train], y[train, j], groups[train], settings.min_human_codes, theme_seeds,
                                         settings.threshold_beta)
            if fitted is None:
                continue
            model, threshold = fitted
            probabilities[test, j] = model.predict_proba(x[test])[:, 1]
            decisions[test, j] = probabilities[test, j] >= threshold
    return probabilities, decisions


def supervised_codes(
    segments: pd.DataFrame, human: pd.DataFrame, themes: Sequence[Theme], settings: CodingSettings
) -> tuple[pd.DataFrame, set[str]]:
    """Codes from the supervised coder for every participant segment, and the themes it was trained for."""
    participant = segments[segments["is_participant"]].sort_values("segment_id")
    theme_ids = [t.id for t in themes]
    labelled = participant[participant["segment_id"].isin(set(human["segment_id"]))]
    others = participant[~participant["segment_id"].isin(set(labelled["segment_id"]))]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    vectorizer.fit(participant["text"])  # unsupervised: the vocabulary sees no labels
    x = vectorizer.transform(labelled["text"])
    y = label_matrix(list(labelled["segment_id"]), human, theme_ids)
    seed_texts, seed_labels = codebook_examples(themes)
    seeds = (vectorizer.transform(seed_texts), seed_labels)
    groups = labelled["doc_id"].to_numpy()
    if len(np.unique(groups)) < 2:
        raise InputError(
            "the human codes cover passages of fewer than two documents, so the supervised coder cannot be "
            "cross-validated. Code passages from more documents, or set coding.combine: rules."
        )
    cv_prob, cv_decision = cross_validated_probabilities(x, y, groups, settings, seeds)
    terms = np.array(vectorizer.get_feature_names_out())
    rows = []
    trained: set[str] = set()
    x_others = vectorizer.transform(others["text"]) if len(others) else None
    for j, theme_id in enumerate(theme_ids):
        for i in np.flatnonzero(cv_decision[:, j]):
            rows.append(_code(labelled["segment_id"].iloc[i], theme_id, cv_prob[i, j], "cross-validated", None, None))
        if y[:, j].sum() < settings.min_human_codes or x_others is None:
            continue
        trained.add(theme_id)
        model = _fit(x, y[:, j], (seeds[0], seeds[1][:, j]))
        probabilities = model.predict_proba(x_others)[:, 1]
        threshold = matched_rate_threshold(probabilities, cv_decision[:, j].mean())
        for i in np.flatnonzero(probabilities >= threshold):  # ties at the cut-off are all coded
            rows.append(_code(others["segment_id"].iloc[i], theme_id, probabilities[i], "model on all human codes",
                              _top_terms(model, x_others[i], terms), threshold))
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True), trained


def matched_rate_threshold(probabilities: np.ndarray, rate: float) -> float:
    """The cut-off above which a share ``rate`` of ``probabilities`` lie (1.0+ when rate is 0)."""
    if rate <= 0 or len(probabilities) == 0:
        return float("inf")
    ordered = np.sort(probabilities)[::-1]
    return float(ordered[min(len(ordered), max(1, round(rate * len(ordered)))) - 1])


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


def _top_terms(model: LogisticRegression, row, terms: np.ndarray, k: int = 3) -> str:
    contribution = row.multiply(model.coef_[0]).toarray()[0]
    best = [i for i in np.argsort(-contribution)[:k] if contribution[i] > 0]
    return ", ".join(terms[best])


def _code(segment_id: str, theme_id: str, probability: float, how: str, terms: str | None,
          threshold: float | None) -> dict[str, object]:
    evidence = f"p={probability:.2f} ({how})"
    if threshold is not None:
        evidence += f", threshold {threshold:.2f}"
    if terms:
        evidence += f"; terms: {terms}"
    return {"segment_id": segment_id, "theme_id": theme_id, "coder": "supervised",
            "score": round(float(probability), 4), "evidence": evidence}
