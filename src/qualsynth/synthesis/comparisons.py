"""Comparing estimates: the difference of two shares with its interval, and the coded units an
interval's width needs."""

from __future__ import annotations

import numpy as np

from qualsynth.synthesis.estimation import (
    CENSUS,
    DESIGN,
    HUMAN_ONLY,
    MODEL,
    NOT_ESTIMABLE,
    UNCORRECTED,
    Design,
    Estimate,
    _critical,
)


def difference(a: Estimate, b: Estimate, design: Design) -> Estimate:
    """a − b, with the variance of the difference (covariance through shared strata and the shared
    error rates included); uncorrected, or not estimable, when either side is."""
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
        low = estimate - np.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
        high = estimate + np.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
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
    zero = np.zeros(len(design.stratum))
    influence = (a.influence if a.influence is not None else zero) - (b.influence if b.influence is not None else zero)
    variance = design.variance(influence) + a.extra + b.extra
    df = min(a.df, b.df) if a.df and b.df else max(a.df, b.df, 1)
    estimate = a.estimate - b.estimate
    half = _critical(df) * np.sqrt(max(variance, 0.0))
    methods = {a.method, b.method} - {CENSUS}
    method = CENSUS if not methods else MODEL if MODEL in methods else DESIGN
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
