"""Comparing estimates: the difference of two shares with its interval, and the coded units an
interval's width needs."""

from __future__ import annotations

import functools

import numpy as np
from scipy import stats

from qualsynth.synthesis.estimation import (
    ALPHA,
    CENSUS,
    DESIGN,
    HUMAN_ONLY,
    NOT_ESTIMABLE,
    UNCORRECTED,
    Design,
    Estimate,
    _critical,
)
from qualsynth.synthesis.small_areas import POOLED


@functools.cache
def _critical_at(df: int | None, alpha: float) -> float:
    return (
        _critical(df)
        if alpha == ALPHA
        else float(stats.norm.ppf(1 - alpha / 2) if df is None else stats.t.ppf(1 - alpha / 2, df))
    )


def p_value(gap: Estimate, margin: float = 0.0) -> float:
    """Two-sided p-value of a difference no larger than ``margin`` either way (of no difference, by
    default), from the estimate and its standard error (Student's t with the difference's degrees of
    freedom; normal where a side is a model's prediction)."""
    if gap.method in (CENSUS, UNCORRECTED, NOT_ESTIMABLE) or not gap.se == gap.se:
        return float("nan")
    se = gap.se
    if gap.method == HUMAN_ONLY:
        # Newcombe's interval is not symmetric: the half towards no change sizes the test, as it does the interval.
        toward = gap.estimate - gap.low if gap.estimate > 0 else gap.high - gap.estimate
        se = toward / _critical(None)
    if se <= 0:
        return 0.0 if abs(gap.estimate) > margin else 1.0
    t = max(abs(gap.estimate) - margin, 0.0) / se
    normal = gap.method in (POOLED, HUMAN_ONLY)
    return float(min(2 * (stats.norm.sf(t) if normal else stats.t.sf(t, max(gap.df, 1))), 1.0))


def false_discovery(p_values: np.ndarray, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg over one family of comparisons: each p-value's q-value, and which are
    discoveries at false discovery rate ``alpha`` (NaN p-values take no part and are never discoveries)."""
    p = np.asarray(p_values, dtype=float)
    q = np.full(len(p), np.nan)
    tested = ~np.isnan(p)
    if tested.any():
        q[tested] = stats.false_discovery_control(p[tested], method="bh")
    return q, np.nan_to_num(q, nan=1.0) <= alpha


def difference(a: Estimate, b: Estimate, design: Design, alpha: float = ALPHA) -> Estimate:
    """a − b, with the variance of the difference (covariance through shared strata and the pooled
    estimate both sides lean on included); uncorrected, or not estimable, when either side is.
    ``alpha`` below the usual 0.05 widens the interval, for a difference picked out of several."""
    nan = float("nan")
    for method in (NOT_ESTIMABLE, UNCORRECTED):
        if method in (a.method, b.method):
            return Estimate(
                a.estimate - b.estimate if method == UNCORRECTED else nan,
                nan,
                nan,
                nan,
                method,
                nan,
                a.units + b.units,
                a.coded + b.coded,
                a.sampled + b.sampled,
                1,
            )
    if HUMAN_ONLY in (a.method, b.method):
        # Newcombe's hybrid score interval (MOVER): each side's own interval, Wilson where it is one.
        estimate = a.estimate - b.estimate
        stretch = _critical_at(None, alpha) / _critical_at(None, ALPHA)
        low = estimate - stretch * np.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
        high = estimate + stretch * np.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
        return Estimate(
            estimate,
            max(low, -1.0),
            min(high, 1.0),
            float(np.hypot(a.se, b.se)),
            HUMAN_ONLY,
            nan,
            a.units + b.units,
            a.coded + b.coded,
            a.sampled + b.sampled,
            min(a.df, b.df),
        )
    zero = design.no_influence()
    influence = (a.influence if a.influence is not None else zero) - (b.influence if b.influence is not None else zero)
    variance = design.variance(influence) + a.extra + b.extra
    df = min(a.df, b.df) if a.df and b.df else max(a.df, b.df, 1)
    estimate = a.estimate - b.estimate
    # A side that borrows from the other groups is a model's prediction: normal, not t, quantiles.
    df_used = None if POOLED in (a.method, b.method) else df
    half = _critical_at(df_used, alpha) * np.sqrt(max(variance, 0.0))
    methods = {a.method, b.method} - {CENSUS}
    method = CENSUS if not methods else POOLED if POOLED in methods else DESIGN
    if method == CENSUS:
        half = 0.0
    return Estimate(
        estimate,
        max(estimate - half, -1.0),
        min(estimate + half, 1.0),
        float(np.sqrt(max(variance, 0))),
        method,
        nan,
        a.units + b.units,
        a.coded + b.coded,
        a.sampled + b.sampled,
        df,
        influence,
        a.extra + b.extra,
    )


def neyman_factor(
    design: Design, unit: np.ndarray, residual: np.ndarray, uncertainty: np.ndarray, levels: int = 4
) -> float:
    """How many units a batch drawn by the machine's uncertainty needs, as a share of a proportional one
    for the same variance: (Σ W_h S_h)² / Σ W_h S_h² over the quartiles h of the units not coded yet,
    W_h their shares and S_h the spread of the coded units' residuals (Y − λf) in each (Cochran 1977,
    §5.5). 1 where the coded units cannot tell the strata apart."""
    left = design.represented & ~design.known
    sampled = design.sampled[unit] & ~np.isnan(residual)
    if left.sum() < levels or sampled.sum() < 2 * levels:
        return 1.0
    cuts = np.unique(np.quantile(uncertainty[left], np.linspace(0, 1, levels + 1)[1:-1]))
    level = np.searchsorted(cuts, uncertainty, side="right")
    weights, spreads = [], []
    for h in range(len(cuts) + 1):
        here = residual[sampled & (level[unit] == h)]
        if len(here) < 2:
            return 1.0
        weights.append(float(np.sum(left & (level == h))))
        spreads.append(float(np.std(here, ddof=1)))
    w, s = np.array(weights) / sum(weights), np.array(spreads)
    denominator = float(np.sum(w * s * s))
    return float(np.sum(w * s) ** 2 / denominator) if denominator > 0 else 1.0


def units_for_width(estimate: Estimate, design: Design, target: float) -> int | None:
    """How many more units of the sample would bring the interval's half-width to ``target``, if
    drawn in proportion to the strata (from the variance, as for a normal interval); None when the
    estimate does not rest on the sample."""
    if estimate.method == CENSUS:
        return 0
    if estimate.method not in (DESIGN, HUMAN_ONLY) or estimate.se != estimate.se:
        return None
    half = (estimate.high - estimate.low) / 2
    if half <= target or estimate.se == 0:
        return 0
    n = float(design.sampled.sum())
    N = float(design.represented.sum())
    critical = _critical(estimate.df)
    variance = estimate.se**2
    goal = (target / critical) ** 2
    # V(n') = V(n) · (1/n' − 1/N) / (1/n − 1/N): the sampling variance shrinks with the sample.
    per_unit = variance / ((1 / n - 1 / N) if not design.superpopulation and n < N else 1 / n)
    if design.superpopulation:
        needed = per_unit / goal
    else:
        needed = 1 / (goal / per_unit + 1 / N)
    return int(min(np.ceil(needed), N) - n)
