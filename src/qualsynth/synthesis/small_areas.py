"""Shares for small groups (places, waves, roles and their crossings): each group's own coded units,
borrowing strength from the other groups only as far as the groups are alike.

Every group's share is the machine's corrected share: θ_g = A_g + c_g · δ_g, where A_g counts the
units coded outside the sample and λ times the machine's probabilities of the rest, c_g is the share
of the group the sample stands for, and δ_g = mean(Y − λ f) over the group is the *rectifier*: how far
the reference coder's codes sit from the machine's scaled probabilities in this group. The group's
coded units give a direct, design-unbiased estimate d_g of δ_g whatever the machine's quality; with a
handful of coded units it is noisy.

The groups of one partition are combined with the Fay–Herriot model (Fay & Herriot 1979; Rao &
Molina 2015, ch. 6): d_g = δ + u_g + e_g, with u_g ~ (0, τ²) the group's own departure (a machine that
errs differently there) and e_g ~ (0, ψ_g) the sampling error. Its empirical best linear unbiased
predictor, δ̃_g = γ_g d_g + (1 − γ_g) δ̂ with γ_g = τ² / (τ² + ψ_g), leans on the group's own codes in
proportion to how much they say against how much the groups differ: a group with many coded units,
or groups whose machine errs differently, keep their own estimate, and so does a group whose own
codes contradict the model (its standardised residual (d_g − δ̂)/√(τ² + ψ_g) beyond ±1.96): such a
group, like a group with a single coded unit where no model can be fitted, is estimated from its own
human codes alone, with a Wilson interval where they are few. τ² is the Prasad–Rao moment
estimate; a test of τ² = 0 (Cochran's Q) is reported, so the reader sees whether the machine errs
alike across groups. The mean squared error is Prasad & Rao's (1990) second-order approximation,
g₁ + g₂ + 2g₃, and the estimate is kept within one standard error of the group's own (Fay & Herriot's
limited translation), so no group's share sits outside what its own coded units make plausible.

ψ_g is the group's own design variance where it holds at least ten coded units (with the weights and
collapsed strata of the design), never below the smoothed one; with fewer, the smoothed one: the
pooled residual variance divided by its coded units,
with the finite-population correction (smoothed sampling variances, a generalised variance function:
Wolter 2007 ch. 7; Rao & Molina 2015 §6.4.1): a group whose few coded units all agree has no spread to
measure, not no uncertainty, and a variance from a handful of units would make its weight γ_g noise. With fewer than three groups holding coded units, τ²
cannot be estimated: each group then keeps its own direct estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from qualsynth.synthesis.estimation import DESIGN, Design, Estimate, _critical

POOLED = "partially pooled"
MIN_GROUPS = 3
MIN_DIRECT = 2
MIN_OWN_VARIANCE = 10


@dataclass(frozen=True)
class Direct:
    """One group's direct estimate, in the rectifier's terms.

    ``influence`` holds, per sampled unit (the design's ``slot``), the values whose weighted sample
    total d_g moves with;
    ``own`` is d_g's design variance from its own coded units, ``psi`` the smoothed one the model uses.
    """

    base: float
    scale: float
    lam: float
    rectifier: float
    influence: np.ndarray
    own: float
    psi: float
    sampled: int
    units: int
    coded: int
    df: int
    extra: float = 0.0


@dataclass(frozen=True)
class SmallAreaFit:
    """The model over one partition's groups: between-group variance, pooled rectifier and its
    precision, and the test of τ² = 0."""

    tau2: float
    mean: float
    precision: float
    groups: int
    q: float
    p_value: float
    tau2_variance: float

    def row(self) -> dict[str, object]:
        return {
            "groups_with_codes": self.groups,
            "tau2": round(self.tau2, 6),
            "pooled_rectifier": round(self.mean, 4),
            "heterogeneity_q": round(self.q, 3),
            "heterogeneity_p": round(self.p_value, 4),
        }


def residual_variance(design: Design, unit: np.ndarray, y: np.ndarray, f: np.ndarray, lam: float) -> float:
    """S², the variance of Y − λf among the sampled pieces within their strata, pooled over strata."""
    sampled = design.sampled[unit]
    residual = y[sampled] - lam * f[sampled]
    strata = design.stratum[unit[sampled]]
    size = int(strata.max()) + 1 if len(strata) else 0
    count = np.bincount(strata, minlength=size)
    mean = np.bincount(strata, residual, minlength=size) / np.maximum(count, 1)
    spread = float(np.sum((residual - mean[strata]) ** 2))
    freedom = int(np.sum(np.maximum(count - 1, 0)))
    return spread / freedom if freedom > 0 else float(np.var(residual)) if len(residual) else 0.0


def direct(design: Design, unit: np.ndarray, y: np.ndarray, f: np.ndarray, lam: float, pooled: float) -> Direct:
    """The group's direct estimate: A_g + c_g d_g, d_g the weighted mean of Y − λf over its coded units
    of the sample (NaN without any)."""
    m = len(unit)
    known, sampled = design.known[unit], design.sampled[unit]
    rest = ~known | sampled
    size_rest = float(rest.sum())
    counted = float(np.nansum(y[known & ~sampled]))
    base = (counted + lam * float(np.sum(f[rest]))) / m
    scale = size_rest / m
    n = int(sampled.sum())
    influence = design.no_influence()
    extra = 0.0
    if design.superpopulation and size_rest:  # the machine's mean over the rest is itself a sample's
        extra = scale * scale * lam * lam * float(np.var(f[rest])) / size_rest
    if n == 0:
        nan = float("nan")
        return Direct(base, scale, lam, nan, influence, nan, nan, 0, m, int(known.sum()), 1, extra)
    w = design.weights()[unit][sampled]
    residual = y[sampled] - lam * f[sampled]
    total = float(w.sum())
    rectifier = float(np.sum(w * residual) / total)
    np.add.at(influence, design.slot[unit[sampled]], (residual - rectifier) / total)
    own = design.variance(influence)
    fpc = 1.0 if design.superpopulation else max(1.0 - n / size_rest, 0.0)
    # Enough coded units measure their own spread, with the design's weights and collapsed strata, but
    # never below the pooled spread: codes that happen to agree are no evidence of certainty. A handful
    # of units borrow the pooled spread.
    smoothed = pooled * fpc / n
    psi = max(own, smoothed) if n >= MIN_OWN_VARIANCE else smoothed
    df = design.degrees_of_freedom(design.mask(unit[sampled]))
    return Direct(base, scale, lam, rectifier, influence, own, psi, n, m, int(known.sum()), df, extra)


def fit(directs: Sequence[Direct]) -> SmallAreaFit | None:
    """τ² by Prasad & Rao's moment estimator over the groups with coded units, the pooled rectifier
    weighted by 1/(τ² + ψ_g), and Cochran's Q for τ² = 0. None with fewer than three such groups."""
    used = [d for d in directs if d.sampled > 0 and d.psi > 0]
    k = len(used)
    if k < MIN_GROUPS:
        return None
    d = np.array([g.rectifier for g in used])
    psi = np.array([g.psi for g in used])
    tau2 = max(0.0, (float(np.sum((d - d.mean()) ** 2)) - float(np.sum(psi)) * (1 - 1 / k)) / (k - 1))
    weight = 1 / (tau2 + psi)
    mean = float(np.sum(weight * d) / np.sum(weight))
    plain = 1 / psi
    q = float(np.sum(plain * (d - np.sum(plain * d) / np.sum(plain)) ** 2))
    p_value = float(stats.chi2.sf(q, k - 1))
    tau2_variance = 2 * float(np.sum((tau2 + psi) ** 2)) / k**2
    return SmallAreaFit(tau2, mean, float(np.sum(weight)), k, q, p_value, tau2_variance)


def group_estimates(
    design: Design, directs: Sequence[Direct], model: SmallAreaFit | None, alone: Callable[[int], Estimate]
) -> list[Estimate]:
    """Each group's estimate: the Fay–Herriot prediction where the model could be fitted and the group's
    codes do not contradict it, else ``alone(g)``, what group g's own coded units say by themselves
    (its human codes, with a Wilson interval where they are few; a count where every unit is coded)."""
    if model is None:
        return [_own(design, d) if d.sampled >= MIN_DIRECT and d.psi > 0 else alone(g) for g, d in enumerate(directs)]
    weights = np.array([1 / (model.tau2 + d.psi) if d.sampled > 0 and d.psi > 0 else 0.0 for d in directs])
    pooled_influence = sum(w * d.influence for w, d in zip(weights, directs)) / model.precision
    spread = float(np.sum(weights**2)) / model.precision**2
    return [
        alone(g)
        if (d.sampled > 0 and d.psi <= 0) or _contradicts(d, model)
        else _predicted(design, d, model, pooled_influence, weights[g] / model.precision, spread)
        for g, d in enumerate(directs)
    ]


def _contradicts(d: Direct, model: SmallAreaFit) -> bool:
    """The group's own codes sit beyond what the model allows (standardised residual beyond ±1.96): a
    machine that errs there unlike anywhere else. Borrowing from groups it is not like would mislead."""
    return d.sampled > 0 and abs(d.rectifier - model.mean) > _critical(None) * np.sqrt(model.tau2 + d.psi)


def _own(design: Design, d: Direct) -> Estimate:
    influence = d.scale * d.influence
    extra = d.scale**2 * (d.psi - d.own) + d.extra
    return _finish(design, d.base + d.scale * d.rectifier, influence, extra, DESIGN, d, _critical(d.df), 1.0)


def _predicted(
    design: Design, d: Direct, model: SmallAreaFit, pooled_influence: np.ndarray, share: float, spread: float
) -> Estimate:
    """θ̃_g = A_g + c_g (γ d_g + (1 − γ) δ̂), within one standard error of the group's own estimate; its
    variance is the design variance of the prediction's sample part plus the model's: (1 − γ)² τ² for
    the group's own departure, (1 − γ)² τ² (Σw²/W² − 2 w_g/W) for the other groups' departures in δ̂
    (``share`` = w_g/W, ``spread`` = Σw²/W²), which together with the design part make Prasad–Rao's
    g₁ + g₂, and 2g₃ for estimating τ²."""
    if d.sampled == 0:
        gamma, own_part = 0.0, 0.0
    else:
        gamma = model.tau2 / (model.tau2 + d.psi)
        own_part = d.rectifier
    predicted = gamma * own_part + (1 - gamma) * model.mean
    if d.sampled > 0:
        reach = float(np.sqrt(d.psi))
        predicted = float(np.clip(predicted, d.rectifier - reach, d.rectifier + reach))
    influence = d.scale * (gamma * d.influence + (1 - gamma) * pooled_influence)
    g3 = (d.psi**2 / (model.tau2 + d.psi) ** 3) * model.tau2_variance if d.sampled > 0 else 0.0
    unseen = gamma**2 * (d.psi - d.own) if d.sampled > 0 else 0.0
    departures = (1 - gamma) ** 2 * model.tau2 * (1 + spread - 2 * share)
    extra = d.scale**2 * (departures + 2 * g3 + unseen) + d.extra
    method = DESIGN if gamma >= 0.999 else POOLED
    estimate = float(np.clip(d.base + d.scale * predicted, 0.0, 1.0))
    return _finish(design, estimate, influence, extra, method, d, _critical(None), gamma)


def _finish(
    design: Design,
    estimate: float,
    influence: np.ndarray,
    extra: float,
    method: str,
    d: Direct,
    critical: float,
    own_weight: float,
) -> Estimate:
    variance = design.variance(influence) + extra
    half = critical * float(np.sqrt(max(variance, 0.0)))
    return Estimate(
        float(estimate),
        float(max(estimate - half, 0.0)),
        float(min(estimate + half, 1.0)),
        float(np.sqrt(max(variance, 0.0))),
        method,
        d.lam,
        d.units,
        d.coded,
        d.sampled,
        d.df,
        influence,
        extra,
        own_weight,
    )
