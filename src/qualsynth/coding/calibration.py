"""From passage codes to a probability per unit: would the reference coder find the theme in it?
(rules ``train_coder`` and ``code_shard``)

The coders mark passages; shares count units. For every unit (and every unit-role pair, for the
shares by role) and theme, a calibration model turns what the coders found in its passages into the
probability that the reference coder would code the theme there: a logistic regression, pooled over
themes with an intercept per theme, on

* whether the rules coder matched the theme in any passage, and how often (log),
* the participant words in the unit (log): a long transcript has more chances than one answer.

It is cross-fitted on the units the reference coder coded in full, in the supervised coder's folds:
a coded unit's probability comes from the fold that saw neither it nor its passages; any other unit's
is the mean over the folds (Zrnic & Candès 2024, cross-prediction-powered inference). The estimates
stay unbiased whatever this model's quality; a better model narrows their intervals.

Why not the supervised coder's probabilities: the intervals hold when one coded unit can move the
machine's scores for other units only a little (the learner is stable). A text classifier trained on
a few hundred coded passages is not: it learns the coded passages' phrases, scores the coded units
(out of fold) almost perfectly wherever a phrase recurs, and misses units whose phrasing the sample
never showed it, so the sample underestimates how far the scores err elsewhere (on the patient-survey
test design, intervals from such scores covered the true shares of 76% of the groups, against 88%
with the keyword coder alone).
A smooth, low-dimensional model of a fixed keyword coder cannot memorise. The supervised coder still
codes passages (evidence, quotes, the machine's own share); its highest probability per unit is kept
in ``supervised_max`` for audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

PIECE_COLUMNS = ["unit_id", "role"]
SCORE_COLUMNS = ["unit_id", "role", "theme_id", "score", "rules_hits", "supervised_max"]
_FEATURES = ["rules_any", "rules_log", "words_log"]


@dataclass(frozen=True)
class Pieces:
    """What shares are counted over: every unit (``role`` empty) and every role within a unit.

    ``passage_of`` maps each participant passage (rows of ``passages``) to its unit piece and its
    role piece, so passage-level evidence can be gathered per piece.
    """

    table: pd.DataFrame  # unit_id, role, words
    passages: pd.DataFrame  # segment_id, unit_id, role, n_words, text…
    unit_piece: np.ndarray  # per passage: row of its unit piece
    role_piece: np.ndarray  # per passage: row of its role piece


def pieces(segments: pd.DataFrame) -> Pieces:
    """The unit and unit-role pieces of the participant passages in ``segments``, in (unit, role) order."""
    said = segments[segments["is_participant"]].sort_values("segment_id").reset_index(drop=True)
    units = said.groupby("unit_id", sort=True)["n_words"].sum()
    roles = said.groupby(["unit_id", "role"], sort=True)["n_words"].sum()
    table = (
        pd.concat(
            [
                pd.DataFrame({"unit_id": units.index, "role": "", "words": units.to_numpy()}),
                pd.DataFrame(
                    {
                        "unit_id": [u for u, _ in roles.index],
                        "role": [r for _, r in roles.index],
                        "words": roles.to_numpy(),
                    }
                ),
            ],
            ignore_index=True,
        )
        .sort_values(["unit_id", "role"], kind="stable")
        .reset_index(drop=True)
    )
    row = {(u, r): i for i, (u, r) in enumerate(zip(table["unit_id"], table["role"]))}
    unit_piece = np.array([row[(u, "")] for u in said["unit_id"]], dtype=int)
    role_piece = np.array([row[(u, r)] for u, r in zip(said["unit_id"], said["role"])], dtype=int)
    return Pieces(table, said, unit_piece, role_piece)


def rules_hits(p: Pieces, rules: pd.DataFrame, theme_ids: Sequence[str]) -> np.ndarray:
    """How often the rules coder matched each theme in each piece's passages (pieces × themes)."""
    matrix = np.zeros((len(p.passages), len(theme_ids)))
    row = {s: i for i, s in enumerate(p.passages["segment_id"])}
    column = {t: j for j, t in enumerate(theme_ids)}
    for segment_id, theme_id, score in zip(rules["segment_id"], rules["theme_id"], rules["score"]):
        if segment_id in row and theme_id in column:
            matrix[row[segment_id], column[theme_id]] = float(score)
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


def features(hits: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The model's inputs, one row per (piece, theme) in piece-major order, theme indicators last."""
    n_pieces, n_themes = hits.shape
    columns = [
        (hits > 0).astype(float),
        np.log1p(hits),
        np.repeat(np.log1p(words.astype(float))[:, None], n_themes, axis=1),
    ]
    base = np.stack([c.reshape(-1) for c in columns], axis=1)
    themes = np.tile(np.eye(n_themes), (n_pieces, 1))
    return np.hstack([base, themes])


@dataclass
class Calibration:
    """The fold models, and the cross-fitted probabilities of the coded units' pieces."""

    theme_ids: list[str]
    models: list[LogisticRegression | None]
    fold_of_unit: dict[str, int]
    coded: pd.DataFrame  # SCORE_COLUMNS for the pieces of the units coded in full
    summary: dict[str, object] = field(default_factory=dict)


def train_calibration(
    p: Pieces,
    hits: np.ndarray,
    oof_best: np.ndarray,
    labels: np.ndarray,
    fold_of_unit: dict[str, int],
    theme_ids: Sequence[str],
    n_folds: int,
    seed: int = 0,
) -> Calibration | None:
    """Fit one model per fold on the coded units outside it; score every coded piece with its unit's
    fold's model. ``p`` holds the coded units' pieces only; ``labels`` (pieces × themes) the reference
    coder's codes; ``oof_best`` the supervised coder's out-of-fold probabilities, kept for audit only.
    None when there is nothing to learn from (no coded unit, or no positive or no negative)."""
    if not len(p.table) or labels.sum() == 0 or labels.sum() == labels.size:
        return None
    x = features(hits, p.table["words"].to_numpy())
    y = labels.reshape(-1)
    piece_fold = np.array([fold_of_unit[u] for u in p.table["unit_id"]])
    row_fold = np.repeat(piece_fold, len(theme_ids))
    is_unit = np.repeat((p.table["role"] == "").to_numpy(), len(theme_ids))
    models: list[LogisticRegression | None] = []
    scores = np.full(len(y), np.nan)
    for k in range(n_folds):
        train = (row_fold != k) & is_unit
        model = None
        if train.any() and 0 < y[train].sum() < train.sum():
            model = LogisticRegression(C=1.0, max_iter=2000, random_state=seed).fit(x[train], y[train])
        models.append(model)
        test = row_fold == k
        if test.any():
            scores[test] = (
                model.predict_proba(x[test])[:, 1] if model is not None else y[train].mean() if train.any() else np.nan
            )
    table = p.table.loc[np.repeat(np.arange(len(p.table)), len(theme_ids)), ["unit_id", "role"]].reset_index(drop=True)
    coded = table.assign(
        theme_id=np.tile(list(theme_ids), len(p.table)),
        score=np.round(scores, 6),
        rules_hits=hits.reshape(-1),
        supervised_max=np.round(oof_best.reshape(-1), 6),
    )
    return Calibration(list(theme_ids), models, dict(fold_of_unit), coded[SCORE_COLUMNS])


def predict(calibration: Calibration, p: Pieces, hits: np.ndarray) -> np.ndarray:
    """Each piece's probability (pieces × themes): the mean over the fold models."""
    x = features(hits, p.table["words"].to_numpy())
    models = [m for m in calibration.models if m is not None]
    total = sum(model.predict_proba(x)[:, 1] for model in models)
    return (total / max(len(models), 1)).reshape(hits.shape)


def unit_scores(
    p: Pieces, hits: np.ndarray, fold_best: np.ndarray, theme_ids: Sequence[str], calibration: Calibration | None
) -> pd.DataFrame:
    """SCORE_COLUMNS for every piece: the coded units' cross-fitted probabilities, the others' mean
    over the folds. Without a calibration (nothing coded in full), the score is the machine's own
    yes/no: 1 where the rules or the supervised coder's folds mark the theme in a passage."""
    n = len(p.table)
    table = p.table.loc[np.repeat(np.arange(n), len(theme_ids)), ["unit_id", "role"]].reset_index(drop=True)
    mean_best = (
        np.nanmean(fold_best, axis=0)
        if len(fold_best) and not np.all(np.isnan(fold_best))
        else np.full(hits.shape, np.nan)
    )
    out = table.assign(
        theme_id=np.tile(list(theme_ids), n),
        score=np.nan,
        rules_hits=hits.reshape(-1),
        supervised_max=np.round(mean_best.reshape(-1), 6),
    )
    if calibration is None:
        return out[SCORE_COLUMNS]
    coded = set(calibration.fold_of_unit)
    is_coded = p.table["unit_id"].isin(coded).to_numpy()
    scores = predict(calibration, p, hits).reshape(-1) if (~is_coded).any() else np.full(hits.size, np.nan)
    out["score"] = np.round(scores, 6)
    if is_coded.any():
        known = calibration.coded.set_index(["unit_id", "role", "theme_id"])
        mask = np.repeat(is_coded, len(theme_ids))
        keys = list(zip(out.loc[mask, "unit_id"], out.loc[mask, "role"], out.loc[mask, "theme_id"]))
        out.loc[mask, "score"] = known.loc[keys, "score"].to_numpy()
        out.loc[mask, "supervised_max"] = known.loc[keys, "supervised_max"].to_numpy()
    return out[SCORE_COLUMNS]


def coded_unit_calibration(
    training: pd.DataFrame,
    reference: pd.DataFrame,
    complete: set[str],
    rules: pd.DataFrame,
    theme_ids: Sequence[str],
    supervised,
    cv_folds: int,
    seed: int = 0,
) -> Calibration | None:
    """The calibration, trained on the units the reference coder coded in full.

    ``training`` holds the reference coder's passages (:data:`qualsynth.supervised.LABELLED_COLUMNS`),
    ``reference`` their codes, ``rules`` the rules coder's codes on them, ``supervised`` the trained
    supervised coder or None. Folds are the supervised coder's (each unit whole in one); without it,
    units are dealt into ``cv_folds`` folds in unit order.
    """
    coded = training[training["unit_id"].isin(complete)].assign(is_participant=True)
    if coded.empty:
        return None
    p = pieces(coded)
    hits = rules_hits(p, rules, theme_ids)
    units = sorted(set(coded["unit_id"]))
    if supervised is not None:
        fold_of_unit = {u: supervised.fold_of[s] for s, u in zip(coded["segment_id"], coded["unit_id"])}
        n_folds = supervised.n_folds
        oof = np.full((len(p.passages), len(theme_ids)), np.nan)
        position = {t: j for j, t in enumerate(theme_ids)}
        for theme_id, folds in supervised.model_folds.items():
            j = position[theme_id]
            for i, segment_id in enumerate(p.passages["segment_id"]):
                if supervised.fold_of[segment_id] in folds:
                    oof[i, j] = supervised.cv_probabilities.loc[segment_id, theme_id]
        best = best_probability(p, oof)
    else:
        n_folds = max(2, min(cv_folds, len(units)))
        fold_of_unit = {u: k % n_folds for k, u in enumerate(units)}
        best = np.full(hits.shape, np.nan)
    if len(set(fold_of_unit.values())) < 2:
        return None
    coded_positive = reference[reference["theme_id"] != ""]
    positive = set(zip(coded_positive["segment_id"], coded_positive["theme_id"]))
    passage_labels = np.array([[(s, t) in positive for t in theme_ids] for s in p.passages["segment_id"]], dtype=float)
    labels = np.zeros((len(p.table), len(theme_ids)))
    np.maximum.at(labels, p.unit_piece, passage_labels)
    np.maximum.at(labels, p.role_piece, passage_labels)
    calibration = train_calibration(p, hits, best, labels, fold_of_unit, theme_ids, n_folds, seed)
    if calibration is not None:
        units_only = p.table["role"].to_numpy() == ""
        expected = calibration.coded["score"].to_numpy().reshape(labels.shape)[units_only]
        machine = ((hits > 0) | (np.nan_to_num(best) >= 0.5))[units_only]  # rules, or a likely supervised code
        calibration.summary = {
            "coded_units": int(units_only.sum()),
            "folds": n_folds,
            "human_positives": int(labels[units_only].sum()),
            "expected_positives": round(float(expected.sum()), 2),
            "brier": round(float(np.mean((expected - labels[units_only]) ** 2)), 4),
            "raw_machine_positives": int(machine.sum()),
        }
    return calibration


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
