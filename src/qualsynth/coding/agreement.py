"""Agreement between coders on binary (segment, theme) decisions, with bootstrap intervals.

Point estimates of Krippendorff's alpha come from the ``krippendorff`` package. The bootstrap
resamples source units (passages from one document, or one survey response, are not independent) and recomputes every
statistic from the resampled 2×2 counts; for two coders with no missing values, nominal alpha
has the closed form ``1 - (n - 1) * d / (n0 * n1)`` (n = 2N values, d = disagreeing units, n0 and
n1 = zeros and ones over both coders), which the tests check against the package.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import krippendorff
import numpy as np
import pandas as pd

STATISTICS = ["precision", "recall", "f1", "kappa", "alpha"]
AGREEMENT_COLUMNS = (
    ["comparison", "theme_id", "n_segments", "n_units", "reference_positives", "other_positives"]
    + [f"{s}{suffix}" for s in STATISTICS for suffix in ("", "_lo", "_hi")]
    + ["flag"]
)


def counts(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    """[tp, fp, fn, tn] of ``other`` against ``reference`` (boolean arrays)."""
    reference, other = reference.astype(bool), other.astype(bool)
    return np.array(
        [
            np.sum(reference & other),
            np.sum(~reference & other),
            np.sum(reference & ~other),
            np.sum(~reference & ~other),
        ],
        dtype=float,
    )


def statistics(table: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall, F1, Cohen's kappa and nominal alpha from counts [..., 4] (vectorised)."""
    tp, fp, fn, tn = (table[..., i] for i in range(4))
    n = tp + fp + fn + tn
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = tp / (tp + fp)
        recall = tp / (tp + fn)
        f1 = 2 * tp / (2 * tp + fp + fn)
        observed = (tp + tn) / n
        chance = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / n**2
        kappa = (observed - chance) / (1 - chance)
        values, ones = 2 * n, 2 * tp + fp + fn
        zeros = values - ones
        alpha = 1 - (values - 1) * (fp + fn) / (zeros * ones)
    return {"precision": precision, "recall": recall, "f1": f1, "kappa": kappa, "alpha": alpha}


def krippendorff_alpha(reference: np.ndarray, other: np.ndarray) -> float:
    """Nominal alpha for two coders, from the ``krippendorff`` package (nan when undefined)."""
    data = np.vstack([reference.astype(float), other.astype(float)])
    if len(np.unique(data)) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def agreement_table(
    decisions: pd.DataFrame,
    comparison: str,
    theme_ids: Sequence[str],
    *,
    min_reference_positives: int = 5,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Agreement per theme and overall for one comparison.

    ``decisions`` has one row per (segment, theme) both coders decided on: ``segment_id, unit_id,
    theme_id, reference, other`` (booleans). Overall rows: ``ALL (pooled)`` over every decision
    and ``ALL (macro)``, the mean over themes not flagged for too few reference codes.
    Intervals are 2.5th–97.5th percentiles over ``n_bootstrap`` resamples of units.
    """
    docs = sorted(decisions["unit_id"].unique())
    doc_index = {d: i for i, d in enumerate(docs)}
    per_doc = np.zeros((len(docs), len(theme_ids), 4))
    positions = {t: i for i, t in enumerate(theme_ids)}
    # Each decision adds one to its unit's and theme's cell of [tp, fp, fn, tn], as counts() has them.
    reference, other = decisions["reference"].to_numpy(bool), decisions["other"].to_numpy(bool)
    cell = np.where(other, np.where(reference, 0, 1), np.where(reference, 2, 3))
    rows_at = [doc_index[d] for d in decisions["unit_id"]], [positions[t] for t in decisions["theme_id"]], cell
    np.add.at(per_doc, rows_at, 1.0)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(docs), np.full(len(docs), 1 / len(docs)), size=n_bootstrap)
    boot = np.einsum("bd,dtk->btk", weights, per_doc)  # (bootstrap, theme, 4)
    total = per_doc.sum(axis=0)
    judged = np.array([total[i, 0] + total[i, 2] >= min_reference_positives for i in range(len(theme_ids))])
    rows = []
    for i, theme in enumerate(theme_ids):
        point = statistics(total[i])
        group = decisions[decisions["theme_id"] == theme]
        point["alpha"] = krippendorff_alpha(group["reference"].to_numpy(), group["other"].to_numpy())
        rows.append(
            _row(
                comparison,
                theme,
                group,
                total[i],
                point,
                statistics(boot[:, i]),
                "" if judged[i] else "too_few_reference_codes",
            )
        )
    pooled_point = statistics(total.sum(axis=0))
    pooled_point["alpha"] = krippendorff_alpha(decisions["reference"].to_numpy(), decisions["other"].to_numpy())
    rows.append(
        _row(comparison, "ALL (pooled)", decisions, total.sum(axis=0), pooled_point, statistics(boot.sum(axis=1)), "")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a resample may leave a theme undefined
        macro_point = {k: np.nanmean(v[judged]) if judged.any() else np.nan for k, v in statistics(total).items()}
        macro_boot = {
            k: np.nanmean(v[:, judged], axis=1) if judged.any() else np.full(n_bootstrap, np.nan)
            for k, v in statistics(boot).items()
        }
    rows.append(
        _row(
            comparison,
            "ALL (macro)",
            decisions,
            total[judged].sum(axis=0),
            macro_point,
            macro_boot,
            f"mean over {int(judged.sum())} themes with ≥{min_reference_positives} reference codes",
        )
    )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def _row(comparison, theme, group, table, point, boot, flag) -> dict[str, object]:
    row: dict[str, object] = {
        "comparison": comparison,
        "theme_id": theme,
        "n_segments": int(group["segment_id"].nunique()),
        "n_units": int(group["unit_id"].nunique()),
        "reference_positives": int(table[0] + table[2]),
        "other_positives": int(table[0] + table[1]),
        "flag": flag,
    }
    for name in STATISTICS:
        values = np.asarray(boot[name], dtype=float)
        values = values[~np.isnan(values)]
        row[name] = _round(point[name])
        row[f"{name}_lo"] = _round(np.percentile(values, 2.5)) if len(values) else float("nan")
        row[f"{name}_hi"] = _round(np.percentile(values, 97.5)) if len(values) else float("nan")
    return row


def _round(value: float) -> float:
    value = float(value)
    return round(value, 4) if np.isfinite(value) else float("nan")


def decision_frame(
    reference: pd.DataFrame,
    other: pd.DataFrame,
    segment_ids: Sequence[str],
    unit_of: dict[str, str],
    theme_ids: Sequence[str],
) -> pd.DataFrame:
    """Every (segment, theme) decision on ``segment_ids``: did the reference and the other coder apply it?"""
    ref = set(zip(reference["segment_id"], reference["theme_id"]))
    oth = set(zip(other["segment_id"], other["theme_id"]))
    rows = [(s, unit_of[s], t, (s, t) in ref, (s, t) in oth) for s in segment_ids for t in theme_ids]
    return pd.DataFrame(rows, columns=["segment_id", "unit_id", "theme_id", "reference", "other"])
