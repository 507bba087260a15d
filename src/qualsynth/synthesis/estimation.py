"""What the reference human coder would find: shares of units, corrected for the machine's errors.

The quantity every share estimates is, for a group of units (or of unit-role pairs), the share in
which the reference coder codes the theme: θ = (1/m) Σ Yᵢ. The reference coder has coded a
stratified probability sample of whole units; the machine gives every unit a calibrated probability
fᵢ. The estimate is prediction-powered (Angelopoulos et al. 2023; PPI++, Angelopoulos, Duchi & Zrnic
2023) in its design-based form (Egami et al. 2023; the difference estimator of survey sampling,
Särndal, Swensson & Wretman 1992):

    θ̂ = (1/m) [ Σ_known Yᵢ + Σ_rest λ fᵢ + |rest| · R̄ ],   R̄ = Σ_s wᵢ (Yᵢ − λ fᵢ) / Σ_s wᵢ,

where ``known`` are units coded outside the probability sample (their codes are simply counted),
``s`` the coded units of the sample with weights wᵢ = N_h / n_h of their stratum, and λ ∈ [0, 1] is
chosen to minimise the estimated variance (power tuning), so the interval is never wider than with
λ = 0, the estimate from the human codes alone. It is unbiased for θ whatever the machine's quality:
a better machine only narrows the interval. The variance is the stratified-sampling variance of the
linearised estimator, with the finite-population correction; strata with one coded unit are
collapsed in pairs (the Hansen–Hurwitz–Madow collapsed-strata estimator, conservative). Intervals
use Student's t with the design's degrees of freedom and are cut to [0, 1].

Groups (places, waves, roles) are estimated together, borrowing strength from each other as far as
the machine errs alike across them: :mod:`qualsynth.synthesis.small_areas`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

CENSUS = "census"
DESIGN = "design-based"
UNCORRECTED = "uncorrected"
HUMAN_ONLY = "human codes only"
NOT_ESTIMABLE = "not estimable"
METHODS = (CENSUS, DESIGN, HUMAN_ONLY, UNCORRECTED, NOT_ESTIMABLE)
ALPHA = 0.05
# A standard error below this is rounding: every stratum's coded pieces were alike.
NO_SPREAD = 1e-9


@dataclass(frozen=True)
class Design:
    """The human-coding sample as the estimators see it, one entry per population unit.

    ``stratum``: each unit's estimation stratum (0…H−1); ``sampled``: coded in full and in the
    probability sample; ``known``: coded in full (in the sample or outside it). ``groups`` lists the
    strata whose variance is estimated together (collapsed singletons); every other stratum with
    sampled units stands alone. ``slot``: each sampled unit's place among the sampled units (−1 for
    the others), where an estimate keeps its influence values: one per sampled unit, not per unit of
    the population, which at tens of thousands of units times every group and theme would not fit in
    memory.
    """

    stratum: np.ndarray
    sampled: np.ndarray
    known: np.ndarray
    groups: tuple[tuple[int, ...], ...] = ()
    superpopulation: bool = False
    represented: np.ndarray = field(init=False)
    N_h: np.ndarray = field(init=False)
    n_h: np.ndarray = field(init=False)
    slot: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        stratum = np.asarray(self.stratum, dtype=int)
        sampled = np.asarray(self.sampled, dtype=bool)
        known = np.asarray(self.known, dtype=bool) | sampled
        object.__setattr__(self, "stratum", stratum)
        object.__setattr__(self, "sampled", sampled)
        object.__setattr__(self, "known", known)
        # Units coded outside the sample are counted as they are; the sample stands for the rest.
        represented = ~known | sampled
        object.__setattr__(self, "represented", represented)
        size = int(stratum.max()) + 1 if len(stratum) else 0
        object.__setattr__(self, "N_h", np.bincount(stratum[represented], minlength=size).astype(float))
        object.__setattr__(self, "n_h", np.bincount(stratum[sampled], minlength=size).astype(float))
        object.__setattr__(self, "slot", np.where(sampled, np.cumsum(sampled) - 1, -1))

    @property
    def has_sample(self) -> bool:
        return bool(self.sampled.any())

    def weights(self) -> np.ndarray:
        """wᵢ = N_h / n_h for sampled units, 0 elsewhere (read-only: computed once, read per group and theme)."""
        return self._weights

    @functools.cached_property
    def _weights(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            per_stratum = np.where(self.n_h > 0, self.N_h / self.n_h, 0.0)
        weights = np.where(self.sampled, per_stratum[self.stratum], 0.0)
        weights.flags.writeable = False
        return weights

    @functools.cached_property
    def _sampled_strata(self) -> np.ndarray:
        return self.stratum[self.sampled]

    @functools.cached_property
    def _grouped(self) -> np.ndarray:
        grouped = np.zeros(len(self.N_h), dtype=bool)
        for group in self.groups:
            grouped[list(group)] = True
        return grouped

    def mask(self, units: np.ndarray) -> np.ndarray:
        """The units at positions ``units`` as a boolean mask over the population."""
        found = np.zeros(len(self.stratum), dtype=bool)
        found[units] = True
        return found

    def no_influence(self) -> np.ndarray:
        """Influence values that are all zero: one per sampled unit (``slot``)."""
        return np.zeros(int(self.sampled.sum()))

    def variance(self, a: np.ndarray, b: np.ndarray | None = None) -> float:
        """The estimated design variance (or covariance) of Σ_s wᵢ aᵢ and Σ_s wᵢ bᵢ.

        ``a`` and ``b`` hold one value per sampled unit, in ``slot`` order.
        Computed stratum by stratum from sums over the sampled units, so its cost grows with the
        units, not with the units times the strata.
        """
        b = a if b is None else b
        size = len(self.N_h)
        strata = self._sampled_strata
        sum_a = np.bincount(strata, a, minlength=size)
        sum_b = np.bincount(strata, b, minlength=size)
        sum_ab = np.bincount(strata, a * b, minlength=size)
        n, N = self.n_h, self.N_h
        ddof = 0 if self.superpopulation else 1
        with np.errstate(divide="ignore", invalid="ignore"):
            covariance = (sum_ab - sum_a * sum_b / n) / (n - ddof)
            fpc = 1.0 if self.superpopulation else 1.0 - n / N
            within = np.where(n >= 2, N * N * fpc * covariance / n, 0.0)
        total = float(np.sum(within[~self._grouped]))
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_a, mean_b = sum_a / n, sum_b / n
        for group in self.groups:
            total += self._collapsed(list(group), mean_a, mean_b, within)
        return total

    def _collapsed(self, group: list[int], mean_a: np.ndarray, mean_b: np.ndarray, within: np.ndarray) -> float:
        """Hansen–Hurwitz–Madow: the spread of the strata's estimated totals around their share of
        the group's total, L/(L−1) Σ (t̂_h − N_h t̂_G / N_G)²; strata with more units add their own
        within-stratum variance."""
        sizes = self.N_h[group]
        totals_a, totals_b = sizes * mean_a[group], sizes * mean_b[group]
        share = sizes / sizes.sum()
        spread = (totals_a - share * totals_a.sum()) * (totals_b - share * totals_b.sum())
        size = len(group)
        return float(size / (size - 1) * spread.sum()) + float(within[group].sum())

    def degrees_of_freedom(self, units: np.ndarray) -> int:
        """Degrees of freedom of a variance from the sampled units ``units`` (a boolean mask): n − 1
        for each stratum standing alone, L − 1 for each collapsed group."""
        grouped = {h for g in self.groups for h in g}
        touched = set(np.unique(self.stratum[units & self.sampled]))
        df = sum(int(self.n_h[h]) - 1 for h in touched if h not in grouped)
        df += sum(len(g) - 1 for g in self.groups if touched & set(g))
        return max(df, 1)


@dataclass(frozen=True)
class Estimate:
    """One estimated share (or a difference of shares) with its 95% interval and how it was made.

    ``influence`` holds, per sampled unit (the design's ``slot``), the values whose weighted sample
    total the estimate moves with, and ``extra`` the variance that does not come from the
    sample (the model's), so that sums and differences of estimates get their variance right.
    """

    estimate: float
    low: float
    high: float
    se: float
    method: str
    lam: float
    units: int
    coded: int
    sampled: int
    df: int
    influence: np.ndarray | None = None
    extra: float = 0.0
    own_weight: float = float("nan")  # partial pooling: the weight γ on the group's own coded units
    few_errors: bool = False  # corrected from few coded positives, with a missed one and a false one added

    @property
    def width(self) -> float:
        return self.high - self.low

    def row(self, prefix: str = "") -> dict[str, object]:
        return {
            f"{prefix}estimate": _round(self.estimate),
            f"{prefix}low": _round(self.low),
            f"{prefix}high": _round(self.high),
            f"{prefix}se": _round(self.se),
            f"{prefix}method": self.method,
        }


def _round(value: float) -> float:
    return round(float(value), 4) if value == value else float("nan")


@functools.cache
def _critical(df: int | None) -> float:
    return float(stats.norm.ppf(1 - ALPHA / 2)) if df is None else float(stats.t.ppf(1 - ALPHA / 2, df))


def estimate_share(
    design: Design,
    unit: np.ndarray,
    y: np.ndarray,
    f: np.ndarray,
    min_coded: int = 10,
    lam: float | None = None,
    df: bool = True,
    min_positive: int = 10,
    min_positive_adjusted: int | None = None,
) -> tuple[Estimate, Estimate | None]:
    """The share of the pieces (units, or unit-role pairs) in which the reference coder finds the
    theme: the corrected estimate and, where it is design-based, the human-only one (λ = 0).

    ``unit`` gives each piece's unit (an index into the design), ``y`` its human code (1/0; NaN where
    not coded) and ``f`` the machine's calibrated probability. ``lam`` fixes the power-tuning
    parameter instead of choosing it.

    With fewer than ``min_positive`` coded positives (or negatives) among the sampled pieces, how far
    the machine errs cannot be measured reliably, and a variance from so few is unreliable too: the
    share is then the human codes' alone, with a Wilson score interval at the design's effective
    sample size (Brown, Cai & DasGupta 2001; Dean & Pagano 2015); so it is with fewer than
    ``min_coded`` sampled pieces.

    From ``min_positive_adjusted`` coded positives (and negatives) up to ``min_positive``, the correction
    is kept, but its variance is that of a coded sample which also held one positive the machine
    missed and one negative it flagged (:func:`_pseudo_errors`): a few coded positives may hold none of
    the machine's errors, and a variance from them alone would say it makes none. It is used where its
    standard error is below the human codes' own (λ = 0); elsewhere the Wilson interval above.
    """
    unit = np.asarray(unit, dtype=int)
    y = np.asarray(y, dtype=float)
    f = np.asarray(f, dtype=float)
    m = len(unit)
    known = design.known[unit]
    sampled = design.sampled[unit]
    rest = ~known | sampled
    counted = float(np.nansum(y[known & ~sampled]))
    n_known, n_sampled = int(known.sum()), int(sampled.sum())
    common = {"units": m, "coded": n_known, "sampled": n_sampled}
    if m == 0:
        nan = float("nan")
        return Estimate(nan, nan, nan, nan, UNCORRECTED, nan, 0, 0, 0, 1), None
    if known.all() and not design.superpopulation:  # every piece coded: the share is the human codes' own
        share = float(np.nansum(y) / m)
        return Estimate(
            share, share, share, 0.0, CENSUS, float("nan"), df=1, **common, influence=design.no_influence()
        ), None
    if not design.has_sample:  # the coded units' own codes, the machine's share of the rest
        share = (counted + float(np.sum(f[~known]))) / m
        nan = float("nan")
        return Estimate(share, nan, nan, nan, UNCORRECTED, nan, df=1, **common), None
    positives = float(np.nansum(y[sampled]))
    fewer = min(positives, n_sampled - positives)
    adjusted = min_positive_adjusted is not None and min_positive_adjusted <= fewer < min_positive
    if n_sampled >= min_coded and (fewer >= min_positive or adjusted):
        tuned = _design_based(design, unit, y, f, rest, sampled, counted, lam, df, adjusted)
        human = _design_based(design, unit, y, f, rest, sampled, counted, 0.0, df)
        # No spread within any stratum (each stratum's coded pieces alike, or drawn whole) says nothing
        # of the pieces not coded: the human codes' bound for so few below.
        if human.se > NO_SPREAD and not adjusted:
            return tuned, human
        if human.se > NO_SPREAD and tuned.lam > 0 and tuned.se < human.se:
            return tuned, _human_only(design, unit, y, f, rest, sampled, counted, df)
    if n_sampled == 0:
        nan = float("nan")
        return Estimate(nan, nan, nan, nan, NOT_ESTIMABLE, nan, df=1, **common), None
    human = _human_only(design, unit, y, f, rest, sampled, counted, df)
    return human, human


def _design_based(design: Design, unit, y, f, rest, sampled, counted, lam, use_df, few_errors=False) -> Estimate:
    m = len(unit)
    w = design.weights()[unit]
    size_rest = float(rest.sum())
    s = sampled
    n_hat = float(np.sum(w[s]))
    scale = size_rest / (m * n_hat)
    y_bar = float(np.sum(w[s] * y[s]) / n_hat)
    f_bar = float(np.sum(w[s] * f[s]) / n_hat)
    z0, z1 = design.no_influence(), design.no_influence()
    np.add.at(z0, design.slot[unit[s]], scale * (y[s] - y_bar))
    np.add.at(z1, design.slot[unit[s]], scale * (f[s] - f_bar))
    imputed = 0.0
    if design.superpopulation:  # the machine's mean over the rest is itself a sample's mean
        imputed = (size_rest / m) ** 2 * float(np.var(f[rest])) / size_rest
    pseudo = _pseudo_errors(w[s], size_rest, m, design.superpopulation) if few_errors else 0.0
    if lam is None:
        # The false positive's residual, −λ, shrinks λ as a ridge would: the thinner the evidence, the less
        # the machine is leant on.
        denominator = design.variance(z1) + imputed + pseudo
        best = design.variance(z0, z1) / denominator if denominator > 0 else 0.0
        lam = float(np.clip(best, 0.0, 1.0))
    z = z0 - lam * z1
    extra = lam * lam * imputed + pseudo * (1.0 + lam * lam)
    variance = design.variance(z) + extra
    estimate = (counted + lam * float(np.sum(f[rest])) + size_rest * (y_bar - lam * f_bar)) / m
    df = design.degrees_of_freedom(design.mask(unit[s])) if use_df else None
    half = _critical(df) * np.sqrt(max(variance, 0.0))
    low, high = estimate - half, estimate + half
    return Estimate(
        float(estimate),
        float(max(low, 0.0)),
        float(min(high, 1.0)),
        float(np.sqrt(max(variance, 0))),
        DESIGN,
        float(lam),
        m,
        int((~rest).sum() + s.sum()),
        int(s.sum()),
        int(df or 0),
        z,
        extra,
        few_errors=few_errors,
    )


def _pseudo_errors(weights: np.ndarray, size_rest: float, m: int, superpopulation: bool) -> float:
    """The variance one coded unit with a residual of 1 adds to the estimate of the share: a positive the
    machine missed (Y = 1, f = 0); a negative it flagged (Y = 0, f = 1) adds λ² times as much. As for a
    simple random sample of Kish's effective size n* = (Σw)²/Σw², with the finite-population correction:
    (1 − n/N) / (n* (n* − 1)), on the scale of the share of all m pieces. Adding an error of each kind
    is Agresti and Caffo's (2000) remedy for a difference of proportions with few events, carried to the
    machine's residuals."""
    n = len(weights)
    effective = float(weights.sum() ** 2 / np.sum(weights**2))
    fpc = 1.0 if superpopulation else max(1.0 - n / size_rest, 0.0)
    return (size_rest / m) ** 2 * fpc / (effective * max(effective - 1.0, 1.0))


def _human_only(design: Design, unit, y, f, rest, sampled, counted, use_df) -> Estimate:
    """The human codes alone, with a Wilson score interval for the represented units' share at the
    design's effective sample size; coded units outside the sample are counted as they are. When each
    stratum's sampled pieces are coded alike there is no spread to size the design effect by: the
    Wilson bound for n coded pieces then covers each stratum's pieces not yet coded."""
    plain = _design_based(design, unit, y, f, rest, sampled, counted, 0.0, use_df)
    m = len(unit)
    size_rest = float(rest.sum())
    n = int(sampled.sum())
    share = (plain.estimate * m - counted) / size_rest  # the represented units' share
    # Wilson's interval is calibrated with the normal quantile; its effective n carries the design.
    critical = _critical(None)
    z2 = critical * critical
    if share <= 1e-12 or share >= 1 - 1e-12 or design.superpopulation:
        unseen = size_rest if design.superpopulation else size_rest - n
        seen = 0.0 if design.superpopulation else float(np.nansum(y[sampled]))
        bound = z2 / (n + z2)
        low, high = (seen, seen + unseen * bound) if share < 0.5 else (seen + unseen * (1 - bound), seen + unseen)
        low, high = (counted + low) / m, (counted + high) / m
    elif plain.se <= NO_SPREAD:
        # Each stratum's coded pieces all raise the theme or all do not: its pieces not coded are bounded
        # by Wilson's bound for that stratum's coded pieces, z²/(n_h + z²).
        stratum = design.stratum[unit]
        coded_in = np.bincount(stratum[sampled], minlength=len(design.N_h)).astype(float)
        bound_of = z2 / (np.maximum(coded_in, 1) + z2)
        raising = np.isin(stratum, np.unique(stratum[sampled & (np.nan_to_num(y) == 1)]))
        unseen = rest & ~sampled
        seen = float(np.nansum(y[sampled]))
        low = seen + float(np.sum((1 - bound_of[stratum]) * (unseen & raising)))
        high = seen + float(np.sum(unseen & raising)) + float(np.sum(bound_of[stratum] * (unseen & ~raising)))
        low, high = (counted + low) / m, (counted + high) / m
    else:
        n_eff = share * (1 - share) / (plain.se * m / size_rest) ** 2
        centre = (share + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
        half = critical / (1 + z2 / n_eff) * np.sqrt(share * (1 - share) / n_eff + z2 / (4 * n_eff * n_eff))
        low, high = (counted + size_rest * (centre - half)) / m, (counted + size_rest * (centre + half)) / m
    return Estimate(
        plain.estimate,
        float(max(low, 0.0)),
        float(min(high, 1.0)),
        plain.se,
        HUMAN_ONLY,
        0.0,
        plain.units,
        plain.coded,
        plain.sampled,
        plain.df,
        plain.influence,
        plain.extra,
    )
