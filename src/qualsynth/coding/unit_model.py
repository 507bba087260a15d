"""The probability that the reference coder would code a theme in a unit, from everything the machine
reads (rules ``train_coder`` and ``code_shard``).

Per unit piece (a unit, or a unit-role pair) and theme, a small per-theme logistic regression — the
calibrator — reads

* the rules coder's matches in the piece's passages (any, and how many, log) and the piece's length;
* with the semantic coder on, three codebook similarities: the best cosine similarity of a passage's
  sentence embedding to the theme's label and definition, to its inclusion notes, to its examples —
  a zero-shot signal that needs no human code;
* the logits of two supervised classifiers, one over character n-grams (TF-IDF) and, with the semantic
  coder on, one over the sentence embeddings: each passage's logit, the piece's best.

Everything is cross-fitted by unit (Zrnic & Candès 2024, cross-prediction-powered inference), and the
supervised logits nested inside it: in outer fold k, the calibrator learns from the coded units outside
k, whose logits come from an inner cross-validation among those units alone; the classifiers trained on
all of them give the logits of fold k's units and of every uncoded unit. So no coded unit's score
depends on its own code, and the calibrator learns from logits as honest as the ones it is applied to.
An uncoded unit's probability is the mean over the folds.

A theme with too few coded positives (or negatives) for a model of its own in a fold is scored by a
model pooled over the themes (shared slopes, an intercept per theme): it cannot memorise one theme's
few cases. The estimates stay unbiased whatever these probabilities' quality; better ones narrow the
intervals by 1 / (1 − ρ²), ρ their correlation with the reference coder's codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from qualsynth.coding.pieces import Pieces
from qualsynth.parallel import map_in_threads

# A supervised classifier is fitted for a theme only with this many positive passages among its training
# units; the calibrator gives a theme its own model only with this many coded positives and negatives.
MIN_CLASSIFIER_POSITIVES = 2
MIN_OWN_MODEL = 8
INNER_FOLDS = 3
ABSENT_LOGIT = -8.0  # no classifier for the theme in this fold: no evidence


@dataclass(frozen=True)
class PassageText:
    """What the supervised classifiers read, one row per participant passage (``Pieces.passages``
    order); each may be absent. ``seeds``: the codebook's texts as extra labelled rows, per matrix."""

    tfidf: sparse.csr_matrix | None = None
    embeddings: np.ndarray | None = None
    seed_tfidf: sparse.csr_matrix | None = None
    seed_embeddings: np.ndarray | None = None
    seed_labels: np.ndarray | None = None  # seeds × themes

    def kinds(self) -> list[str]:
        return [k for k, m in (("tfidf", self.tfidf), ("embedding", self.embeddings)) if m is not None]

    def matrix(self, kind: str):
        return self.tfidf if kind == "tfidf" else self.embeddings

    def seeds(self, kind: str):
        return self.seed_tfidf if kind == "tfidf" else self.seed_embeddings


@dataclass(frozen=True)
class PieceInputs:
    """The calibrator's inputs that need no training: rules hits (pieces × themes), words per piece, and
    the codebook similarities (pieces × themes × kinds), or None without the semantic coder."""

    hits: np.ndarray
    words: np.ndarray
    similarity: np.ndarray | None = None


def _classifier(kind: str) -> LogisticRegression:
    if kind == "tfidf":
        return LogisticRegression(C=1.0, class_weight="balanced", solver="liblinear", max_iter=1000)
    return LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)


@dataclass
class Classifiers:
    """One fold's supervised classifiers: kind → theme column → model (absent: too few positives)."""

    models: dict[str, dict[int, LogisticRegression]] = field(default_factory=dict)

    def logits(self, text: PassageText, rows: np.ndarray, n_themes: int) -> np.ndarray:
        """Passages ``rows`` × themes × kinds."""
        kinds = text.kinds()
        out = np.full((len(rows), n_themes, len(kinds)), ABSENT_LOGIT)
        for c, kind in enumerate(kinds):
            x = text.matrix(kind)[rows] if len(rows) else None
            for j, model in self.models.get(kind, {}).items():
                if x is not None:
                    out[:, j, c] = model.decision_function(x)
        return out


def fit_classifiers(text: PassageText, rows: np.ndarray, labels: np.ndarray, workers: int = 1) -> Classifiers:
    """Per kind and theme, a classifier on the passages ``rows`` (labels: passages × themes) and the
    codebook's seed texts; the themes' fits shared over ``workers`` threads."""
    fitted = Classifiers()
    for kind in text.kinds():
        x, seeds = text.matrix(kind)[rows], text.seeds(kind)
        with_seeds = seeds is not None and text.seed_labels is not None and seeds.shape[0]
        x_fit = (sparse.vstack if sparse.issparse(x) else np.vstack)([x, seeds]) if with_seeds else x
        themes = [j for j in range(labels.shape[1]) if MIN_CLASSIFIER_POSITIVES <= labels[rows, j].sum() < len(rows)]

        def fit(j: int, kind: str = kind, x_fit=x_fit, with_seeds=with_seeds) -> LogisticRegression:
            y = labels[rows, j]
            y_fit = np.concatenate([y, text.seed_labels[:, j]]) if with_seeds else y
            return _classifier(kind).fit(x_fit, y_fit)

        fitted.models[kind] = dict(zip(themes, map_in_threads(fit, themes, workers)))
    return fitted


def best_per_piece(p: Pieces, passage_values: np.ndarray, passages: np.ndarray) -> np.ndarray:
    """The highest value per piece of the passages ``passages`` (rows of ``passage_values``, any trailing
    shape); pieces without such a passage stay −inf."""
    out = np.full((len(p.table), *passage_values.shape[1:]), -np.inf)
    np.maximum.at(out, p.unit_piece[passages], passage_values)
    np.maximum.at(out, p.role_piece[passages], passage_values)
    return out


def features(inputs: PieceInputs, logits: np.ndarray | None, j: int, rows: np.ndarray) -> np.ndarray:
    """Theme ``j``'s calibrator inputs for the pieces ``rows``: one row per piece."""
    hits = inputs.hits[rows, j]
    columns = [(hits > 0).astype(float), np.log1p(hits), np.log1p(inputs.words[rows].astype(float))]
    if inputs.similarity is not None:
        columns += list(inputs.similarity[rows, j, :].T)
    if logits is not None:
        columns += list(logits[rows, j, :].T)
    return np.stack(columns, axis=1)


@dataclass
class Calibrator:
    """One fold's per-theme models: a model of the theme's own, or the pooled one (theme column ``j``)."""

    own: dict[int, tuple[LogisticRegression, np.ndarray, np.ndarray]]
    pooled: tuple[LogisticRegression, np.ndarray, np.ndarray] | None
    prevalence: np.ndarray  # per theme, the training share: the score where no model can be fitted

    def predict(self, inputs: PieceInputs, logits: np.ndarray | None, rows: np.ndarray) -> np.ndarray:
        n_themes = inputs.hits.shape[1]
        out = np.tile(self.prevalence, (len(rows), 1))
        for j in range(n_themes):
            x = features(inputs, logits, j, rows)
            if j in self.own:
                model, centre, scale = self.own[j]
                out[:, j] = model.predict_proba((x - centre) / scale)[:, 1]
            elif self.pooled is not None:
                model, centre, scale = self.pooled
                out[:, j] = model.predict_proba(_with_theme((x - centre) / scale, j, n_themes))[:, 1]
        return out


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    centre, scale = x.mean(axis=0), x.std(axis=0)
    return centre, np.where(scale > 0, scale, 1.0)


def _with_theme(x: np.ndarray, j: int, n_themes: int) -> np.ndarray:
    theme = np.zeros((len(x), n_themes))
    theme[:, j] = 1.0
    return np.hstack([x, theme])


def fit_calibrator(
    inputs: PieceInputs, logits: np.ndarray | None, labels: np.ndarray, rows: np.ndarray, seed: int = 0
) -> Calibrator:
    """The per-theme calibrators on the unit pieces ``rows`` (labels: pieces × themes)."""
    n_themes = labels.shape[1]
    y = labels[rows]
    prevalence = y.mean(axis=0) if len(rows) else np.zeros(n_themes)
    own: dict[int, tuple[LogisticRegression, np.ndarray, np.ndarray]] = {}
    pooled_x, pooled_y = [], []
    for j in range(n_themes):
        x = features(inputs, logits, j, rows)
        positives = int(y[:, j].sum())
        if min(positives, len(rows) - positives) >= MIN_OWN_MODEL:
            centre, scale = _standardise(x)
            model = LogisticRegression(C=0.5, max_iter=2000, random_state=seed).fit((x - centre) / scale, y[:, j])
            own[j] = (model, centre, scale)
        pooled_x.append(x)
        pooled_y.append(y[:, j])
    pooled = None
    every = np.concatenate(pooled_y) if pooled_y else np.zeros(0)
    if len(own) < n_themes and 0 < every.sum() < len(every):
        stacked = np.vstack(pooled_x)
        centre, scale = _standardise(stacked)
        x = np.vstack([_with_theme((xj - centre) / scale, j, n_themes) for j, xj in enumerate(pooled_x)])
        pooled = (LogisticRegression(C=1.0, max_iter=2000, random_state=seed).fit(x, every), centre, scale)
    return Calibrator(own, pooled, prevalence)


@dataclass
class Fold:
    classifiers: Classifiers
    calibrator: Calibrator


@dataclass
class UnitModel:
    """The fitted folds, and the cross-fitted probabilities of the coded pieces (pieces × themes)."""

    folds: list[Fold]
    coded_scores: np.ndarray
    coded_logits: np.ndarray | None  # the logits the coded pieces were scored with, for audit


def _inner_folds(units: np.ndarray, n: int) -> np.ndarray:
    """Units dealt into ``n`` folds in sorted unit order."""
    order = {u: k for k, u in enumerate(sorted(set(units)))}
    return np.array([order[u] % n for u in units], dtype=int)


def piece_logits(p: Pieces, text: PassageText, classifiers: Classifiers, passages: np.ndarray, n_themes: int):
    """Each piece's best passage logit from ``classifiers``, over the passages ``passages``."""
    values = classifiers.logits(text, passages, n_themes)
    best = best_per_piece(p, values, passages)
    return np.where(np.isfinite(best), best, ABSENT_LOGIT)


def cross_fit(
    p: Pieces,
    inputs: PieceInputs,
    text: PassageText,
    passage_labels: np.ndarray,
    labels: np.ndarray,
    fold_of_unit: dict[str, int],
    n_folds: int,
    seed: int = 0,
    workers: int = 1,
) -> UnitModel:
    """Fit the folds on the coded units' pieces ``p`` (all of them coded in full) and score each coded
    piece with the fold that never saw its unit. ``passage_labels``: passages × themes; ``labels``:
    pieces × themes; ``workers``: threads for the classifiers' fits."""
    n_themes = labels.shape[1]
    has_text = bool(text.kinds())
    piece_fold = np.array([fold_of_unit[u] for u in p.table["unit_id"]])
    passage_fold = np.array([fold_of_unit[u] for u in p.passages["unit_id"]])
    is_unit = (p.table["role"] == "").to_numpy()
    scores = np.full(labels.shape, np.nan)
    logits = np.full((len(p.table), n_themes, len(text.kinds())), ABSENT_LOGIT) if has_text else None
    folds = []
    for k in range(n_folds):
        train_passages = np.flatnonzero(passage_fold != k)
        test_passages = np.flatnonzero(passage_fold == k)
        train_pieces = np.flatnonzero((piece_fold != k) & is_unit)
        test_pieces = np.flatnonzero(piece_fold == k)
        inner = None
        if has_text:
            inner = np.full_like(logits, ABSENT_LOGIT)
            inner_fold = _inner_folds(p.passages["unit_id"].to_numpy()[train_passages], INNER_FOLDS)
            for i in range(INNER_FOLDS):
                fitted = fit_classifiers(text, train_passages[inner_fold != i], passage_labels, workers)
                held = train_passages[inner_fold == i]
                best = best_per_piece(p, fitted.logits(text, held, n_themes), held)
                inner = np.where(np.isfinite(best), best, inner)
        calibrator = fit_calibrator(inputs, inner, labels, train_pieces, seed)
        classifiers = fit_classifiers(text, train_passages, passage_labels, workers) if has_text else Classifiers()
        outer = piece_logits(p, text, classifiers, test_passages, n_themes) if has_text else None
        if len(test_pieces):
            scores[test_pieces] = calibrator.predict(inputs, outer, test_pieces)
            if logits is not None and outer is not None:
                logits[test_pieces] = outer[test_pieces]
        folds.append(Fold(classifiers, calibrator))
    return UnitModel(folds, scores, logits)


def passage_logits(model: UnitModel, text: PassageText, n_themes: int) -> list[np.ndarray] | None:
    """Every passage's logits (passages × themes × kinds), one array per fold; None without classifiers.
    Computed once per shard, for its units and its passages alike."""
    if not text.kinds():
        return None
    rows = np.arange(text.matrix(text.kinds()[0]).shape[0])
    return [fold.classifiers.logits(text, rows, n_themes) for fold in model.folds]


def predict_pieces(
    model: UnitModel,
    p: Pieces,
    inputs: PieceInputs,
    text: PassageText,
    fold_of_piece: np.ndarray | None = None,
    logits_by_fold: list[np.ndarray] | None = None,
) -> np.ndarray:
    """Every piece's probability (pieces × themes): the mean over the folds; a piece with a fold in
    ``fold_of_piece`` (−1: none) is scored by that fold alone, which never saw its unit.
    ``logits_by_fold``: :func:`passage_logits` of ``p``'s passages, when the caller has them."""
    n_themes = inputs.hits.shape[1]
    own = np.full(len(p.table), -1) if fold_of_piece is None else np.asarray(fold_of_piece)
    passages = np.arange(len(p.passages))
    total = np.zeros((len(p.table), n_themes))
    if logits_by_fold is None:
        logits_by_fold = passage_logits(model, text, n_themes)
    for k, fold in enumerate(model.folds):
        logits = None
        if logits_by_fold is not None:
            best = best_per_piece(p, logits_by_fold[k], passages)
            logits = np.where(np.isfinite(best), best, ABSENT_LOGIT)
        rows = np.arange(len(p.table))
        scored = fold.calibrator.predict(inputs, logits, rows)
        total += np.where((own == -1)[:, None], scored / max(len(model.folds), 1), 0.0)
        total += np.where((own == k)[:, None], scored, 0.0)
    return total
