"""qualsynth.estimation on populations small enough to work by hand.

Every expected value below is computed in the comment beside it from the inputs, with the textbook
formulas: the difference estimator θ̂ = mean(λf) + weighted mean residual, its stratified variance
N²(1 − n/N) s²/n per stratum, Student's t with n − H degrees of freedom.
"""

import numpy as np
import pytest
from ppi_py import ppi_mean_ci, ppi_mean_pointestimate

from qualsynth.synthesis.comparisons import difference, units_for_width
from qualsynth.synthesis.estimation import CENSUS, DESIGN, UNCORRECTED, Design, estimate_share

NAN = float("nan")


def one_stratum(n_units, sampled):
    mask = np.zeros(n_units, dtype=bool)
    mask[list(sampled)] = True
    return Design(np.zeros(n_units, dtype=int), mask, mask)


def test_estimate_share_census_counts_the_human_codes():
    design = one_stratum(4, range(4))
    estimate, human = estimate_share(design, np.arange(4), np.array([1, 0, 1, 1.0]), np.full(4, 0.9))
    assert (estimate.estimate, estimate.low, estimate.high, estimate.method) == (0.75, 0.75, 0.75, CENSUS)
    assert human is None


def test_estimate_share_difference_estimator_by_hand():
    # 6 units, units 0-2 coded: y = 1, 0, 1; f = 0.8, 0.2, 0.6, 0.5, 0.1, 0.9; λ = 1.
    # mean f = 3.1/6 = 0.516667; residuals 0.2, -0.2, 0.4 → mean 0.133333; θ̂ = 0.65.
    # V = (1 - 3/6) s²(r)/3, s²(r) = (0.0667² + 0.3333² + 0.2667²)/2 = 0.093333 → V = 0.015556, se = 0.124722.
    # df = 2, t = 4.302653, half-width 0.536641 → [0.113359, 1.186641] cut to 1.
    design = one_stratum(6, range(3))
    y = np.array([1, 0, 1, NAN, NAN, NAN])
    f = np.array([0.8, 0.2, 0.6, 0.5, 0.1, 0.9])
    estimate, human = estimate_share(design, np.arange(6), y, f, min_coded=2, lam=1.0, min_positive=1)
    assert estimate.method == DESIGN and estimate.df == 2
    assert estimate.estimate == pytest.approx(0.65)
    assert estimate.se == pytest.approx(0.124722, abs=1e-6)
    assert estimate.low == pytest.approx(0.113359, abs=1e-5) and estimate.high == 1.0
    # Human codes alone: 2/3, V = 0.5 · s²(y)/3 with s²(y) = 1/3 → se = 0.235702.
    assert human.estimate == pytest.approx(2 / 3) and human.se == pytest.approx(0.235702, abs=1e-6)


def test_estimate_share_power_tuning_minimises_the_variance():
    # y = 1, 0, 1 and f = 0.2, 0.5, 0.9 on the coded units: cov = 1/30, var = 37/150 → λ = 5/37.
    design = one_stratum(5, range(3))
    y = np.array([1, 0, 1, NAN, NAN])
    f = np.array([0.2, 0.5, 0.9, 0.4, 0.4])
    estimate, human = estimate_share(design, np.arange(5), y, f, min_coded=2, min_positive=1)
    assert estimate.lam == pytest.approx(5 / 37)
    assert estimate.se <= human.se


def test_estimate_share_two_strata_with_a_unit_coded_outside_the_sample():
    # Stratum A: units 0-3, coded 0, 1 (y 1, 0), f 0.9, 0.1, 0.7, 0.3. Stratum B: unit 4 coded outside the
    # sample (y 1), 5 and 6 sampled (y 0, 1), 7 not coded; f 0.5, 0.2, 0.8, 0.6. λ = 1.
    # Unit 4 is counted: 1. The rest (7 units) is 3.6 of machine score plus 7 × the weighted mean residual,
    # which is (2·0.1 + 2·-0.1 + 1.5·-0.2 + 1.5·0.2)/7 = 0 → θ̂ = 4.6/8 = 0.575.
    # z = (7/(8·7)) r = r/8; stratum A: 16·(1/2)/2 · s² = 4 · 0.0003125; B: 9·(1/3)/2 · 0.00125 → V = 0.003125.
    design = Design(
        np.repeat([0, 1], 4),
        np.array([1, 1, 0, 0, 0, 1, 1, 0], dtype=bool),
        np.array([1, 1, 0, 0, 1, 1, 1, 0], dtype=bool),
    )
    y = np.array([1, 0, NAN, NAN, 1, 0, 1, NAN])
    f = np.array([0.9, 0.1, 0.7, 0.3, 0.5, 0.2, 0.8, 0.6])
    estimate, _ = estimate_share(design, np.arange(8), y, f, min_coded=2, lam=1.0, min_positive=1)
    assert estimate.estimate == pytest.approx(0.575)
    assert estimate.se == pytest.approx(np.sqrt(0.003125))
    assert estimate.df == 2
    assert (estimate.low, estimate.high) == pytest.approx(
        (0.575 - 4.302653 * np.sqrt(0.003125), 0.575 + 4.302653 * np.sqrt(0.003125)), abs=1e-5
    )
    assert (estimate.units, estimate.coded, estimate.sampled) == (8, 5, 4)


def test_estimate_share_collapses_strata_with_one_coded_unit():
    # Two strata of 3 units, one coded in each: y = 1 and 0. Human-only estimate 0.5; z = ±1/12; the
    # collapsed pair's totals ±0.25 around 0 → 2 · (0.0625 + 0.0625) = 0.25 → se 0.5, one degree of freedom.
    design = Design(
        np.repeat([0, 1], 3),
        np.array([1, 0, 0, 1, 0, 0], dtype=bool),
        np.array([1, 0, 0, 1, 0, 0], dtype=bool),
        groups=((0, 1),),
    )
    y = np.array([1, NAN, NAN, 0, NAN, NAN])
    estimate, _ = estimate_share(design, np.arange(6), y, np.full(6, 0.5), min_coded=2, lam=0.0, min_positive=1)
    assert estimate.estimate == pytest.approx(0.5)
    assert estimate.se == pytest.approx(0.5)
    assert estimate.df == 1


def test_difference_of_two_groups_in_their_own_strata_adds_their_variances():
    # The design of the two-strata test, λ = 0. Group A: 0.5, V = 4 · s²(±0.125) = 0.125. Group B: unit 4
    # counted (1) plus 3 × 0.5 → 0.625, V = 1.5 · 0.03125 = 0.046875. B − A = 0.125, V = 0.171875.
    design = Design(
        np.repeat([0, 1], 4),
        np.array([1, 1, 0, 0, 0, 1, 1, 0], dtype=bool),
        np.array([1, 1, 0, 0, 1, 1, 1, 0], dtype=bool),
    )
    y = np.array([1, 0, NAN, NAN, 1, 0, 1, NAN])
    f = np.full(8, 0.5)
    a, _ = estimate_share(design, np.arange(4), y[:4], f[:4], min_coded=2, lam=0.0, min_positive=1)
    b, _ = estimate_share(design, np.arange(4, 8), y[4:], f[4:], min_coded=2, lam=0.0, min_positive=1)
    assert (a.estimate, b.estimate) == pytest.approx((0.5, 0.625))
    gap = difference(b, a, design)
    assert gap.estimate == pytest.approx(0.125)
    assert gap.se == pytest.approx(np.sqrt(0.171875))
    assert (gap.low, gap.high) == (-1.0, 1.0)  # one degree of freedom: t = 12.7


def test_estimate_share_uncorrected_without_a_sample():
    design = Design(np.zeros(4, dtype=int), np.zeros(4, dtype=bool), np.zeros(4, dtype=bool))
    estimate, human = estimate_share(design, np.arange(4), np.full(4, NAN), np.array([1, 0, 1, 1.0]))
    assert estimate.method == UNCORRECTED and estimate.estimate == 0.75 and np.isnan(estimate.low)
    assert human is None


def test_estimate_share_with_few_coded_positives_uses_the_human_codes_and_a_wilson_interval():
    # 20 units, 10 coded, 2 positive: fewer than min_positive (10), so the human codes alone.
    # p = 0.2; V = (1 - 10/20) · s²/10 with s² = 10·0.16/9 = 0.177778 → V = 0.008889, se 0.094281.
    # n_eff = p(1 - p)/V = 18; z = 1.959964, z² = 3.841459.
    # centre = (0.2 + 3.841459/36)/(1 + 3.841459/18) = 0.306707/1.213414 = 0.252764;
    # half = 1.959964/1.213414 · sqrt(0.16/18 + 3.841459/1296) = 1.615244 · sqrt(0.011853) = 0.175854.
    design = one_stratum(20, range(10))
    y = np.r_[[1, 1], np.zeros(8), np.full(10, NAN)]
    estimate, human = estimate_share(design, np.arange(20), y, np.full(20, 0.3), min_coded=5)
    assert estimate.method == "human codes only" and human is estimate
    assert estimate.estimate == pytest.approx(0.2) and estimate.se == pytest.approx(0.094281, abs=1e-6)
    assert (estimate.low, estimate.high) == pytest.approx((0.076910, 0.428618), abs=1e-5)


def test_few_coded_positives_keep_the_correction_with_a_missed_and_a_false_positive_added():
    # 100 units, 20 coded at random, 6 positive; the machine is right on every coded unit (f = y), and
    # flags 20 of the 80 not coded (f = 1), the other 60 not (f = 0). 6 positives: from 5 to 9, adjusted.
    # Σ(y − ȳ)² = 20 · 0.3 · 0.7 = 4.2; per unit of residual sum of squares the variance of the share is
    # k = (1 − 20/100)/(20 · 19) = 0.00210526, so V(human) = 4.2k, and one added error adds k (its
    # residual is 1; the false positive's −λ adds λ²k).
    # λ = 4.2k / (4.2k + k) = 0.807692; variance = 4.2k(1 − λ)² + k(1 + λ²) = 1.807692k = 0.0038057,
    # se = 0.061690. θ̂ = (λ · 26 + 100 · (0.3 − 0.3λ))/100 = 0.3 − 0.04λ = 0.267692.
    # df = 19, t = 2.093024, half = 0.129119 → [0.138573, 0.396811].
    design = one_stratum(100, range(20))
    y = np.r_[np.ones(6), np.zeros(14), np.full(80, NAN)]
    f = np.r_[np.ones(6), np.zeros(14), np.ones(20), np.zeros(60)]
    estimate, human = estimate_share(design, np.arange(100), y, f, min_positive=10, min_positive_adjusted=5)
    assert estimate.method == DESIGN and estimate.few_errors
    assert estimate.lam == pytest.approx(0.807692, abs=1e-6)
    assert estimate.se == pytest.approx(0.061690, abs=1e-6)
    assert estimate.estimate == pytest.approx(0.267692, abs=1e-6)
    assert (estimate.low, estimate.high) == pytest.approx((0.138573, 0.396811), abs=1e-5)
    # Its counterpart is the human codes' own Wilson interval, which the corrected one is narrower than.
    assert human.method == "human codes only" and human.width > estimate.width
    # Without the adjusted range (or with 4 coded positives) the human codes alone, as before.
    alone, _ = estimate_share(design, np.arange(100), y, f, min_positive=10)
    assert alone.method == "human codes only" and alone.estimate == pytest.approx(0.3)
    y[4:6] = 0.0
    four, _ = estimate_share(design, np.arange(100), y, f, min_positive=10, min_positive_adjusted=5)
    assert four.method == "human codes only"


def test_estimate_share_all_coded_units_negative_bounds_the_units_not_coded():
    # 10 of 20 coded, none positive: no spread for a design effect. The Wilson bound for 10 coded,
    # z² / (10 + z²) = 3.841459/13.841459 = 0.277533, covers the 10 not coded → 2.775328/20.
    design = one_stratum(20, range(10))
    y = np.r_[np.zeros(10), np.full(10, NAN)]
    estimate, _ = estimate_share(design, np.arange(20), y, np.full(20, 0.1), min_coded=5)
    assert estimate.estimate == pytest.approx(0.0) and estimate.low == 0.0
    assert estimate.high == pytest.approx(10 * 0.277533 / 20, abs=1e-5)


def test_difference_with_a_wilson_side_combines_the_two_intervals():
    # Newcombe's method: a = 0.5 [0.3, 0.8], b = 0.2 [0.1, 0.4] (human codes only):
    # low = 0.3 - sqrt(0.2² + 0.2²) = 0.017157; high = 0.3 + sqrt(0.3² + 0.1²) = 0.616228.
    from qualsynth.synthesis.estimation import Estimate

    design = one_stratum(4, range(2))
    a = Estimate(0.5, 0.3, 0.8, 0.1, "human codes only", 0.0, 10, 5, 5, 4)
    b = Estimate(0.2, 0.1, 0.4, 0.1, "design-based", 0.5, 10, 5, 5, 4, design.no_influence())
    gap = difference(a, b, design)
    assert gap.method == "human codes only"
    assert (gap.estimate, gap.low, gap.high) == pytest.approx((0.3, 0.017157, 0.616228), abs=1e-6)


def test_units_for_width_by_hand():
    # se 0.1 from n = 20 of N = 220, t(19) = 2.093024: half-width 0.209 > 0.1.
    # Per-unit variance 0.01/(1/20 - 1/220) = 0.22; goal (0.1/2.093024)² = 0.00228268;
    # n' = 1/(0.00228268/0.22 + 1/220) = 67.24 → 68, so 48 more.
    design = one_stratum(220, range(20))
    from qualsynth.synthesis.estimation import Estimate

    estimate = Estimate(0.3, 0.3 - 0.209, 0.3 + 0.209, 0.1, DESIGN, 1.0, 220, 20, 20, 19)
    assert units_for_width(estimate, design, 0.1) == 48


@pytest.mark.parametrize("lam", [0.0, 0.5, 1.0])
def test_estimate_share_equals_ppi_py_on_unweighted_data(lam):
    """In its superpopulation form, with one stratum and equal weights, the estimator is PPI++ itself."""
    rng = np.random.default_rng(3)
    y = rng.binomial(1, 0.3, 400).astype(float)
    f = np.clip(0.5 * y + rng.normal(0.25, 0.2, 400), 0, 1)
    coded = np.zeros(400, dtype=bool)
    coded[rng.choice(400, 60, replace=False)] = True
    design = Design(np.zeros(400, dtype=int), coded, coded, superpopulation=True)
    ours, _ = estimate_share(
        design, np.arange(400), np.where(coded, y, NAN), f, min_coded=2, lam=lam, df=False, min_positive=1
    )
    low, high = ppi_mean_ci(y[coded], f[coded], f, alpha=0.05, lam=lam)
    assert ours.estimate == pytest.approx(float(np.squeeze(ppi_mean_pointestimate(y[coded], f[coded], f, lam=lam))))
    assert (ours.low, ours.high) == pytest.approx((float(np.squeeze(low)), float(np.squeeze(high))))


def test_estimate_share_finite_population_point_estimate_equals_ppi_py():
    """With the finite-population correction the interval differs (it describes these units), the
    point estimate for a given λ does not."""
    rng = np.random.default_rng(4)
    y = rng.binomial(1, 0.4, 300).astype(float)
    f = np.clip(0.6 * y + rng.normal(0.2, 0.15, 300), 0, 1)
    coded = np.zeros(300, dtype=bool)
    coded[rng.choice(300, 50, replace=False)] = True
    ours, _ = estimate_share(
        one_stratum(300, np.flatnonzero(coded)),
        np.arange(300),
        np.where(coded, y, NAN),
        f,
        min_coded=2,
        lam=0.7,
        min_positive=1,
    )
    assert ours.estimate == pytest.approx(float(np.squeeze(ppi_mean_pointestimate(y[coded], f[coded], f, lam=0.7))))


def _tuned(size: int, coded_n: int, seed: int):
    rng = np.random.default_rng(seed)
    y = rng.binomial(1, 0.3, size).astype(float)
    f = np.clip(0.3 * y + rng.normal(0.3, 0.25, size), 0, 1)
    coded = np.zeros(size, dtype=bool)
    coded[rng.choice(size, coded_n, replace=False)] = True
    design = Design(np.zeros(size, dtype=int), coded, coded, superpopulation=True)
    ours, _ = estimate_share(design, np.arange(size), np.where(coded, y, NAN), f, min_coded=2, df=False, min_positive=1)
    cov = float(np.mean((y[coded] - y[coded].mean()) * (f[coded] - f[coded].mean())))
    theirs = cov / ((1 + coded_n / size) * np.var(np.concatenate([f[coded], f]), ddof=1))
    tuned = float(np.squeeze(ppi_mean_pointestimate(y[coded], f[coded], f)))
    return y, f, coded, ours, cov, theirs, tuned


def test_power_tuning_is_the_ppi_plus_plus_rule_with_each_sides_own_variance():
    """λ is PPI++'s: the covariance of code and score over the variance of the estimate's score part. PPI++
    (ppi_py) takes one variance of the scores pooled over coded and uncoded units for both parts; this
    estimator takes the coded units' variance for the sample's part and all units' for the rest's. Both
    estimate Var(f): on 60 coded units the two λ differ by sampling noise, on 2,000 they agree."""
    y, f, coded, ours, cov, theirs, tuned = _tuned(400, 60, 3)
    assert 0 < ours.lam < 1  # not clipped
    assert ours.lam == pytest.approx(cov / (np.var(f[coded]) + 60 / 400 * np.var(f)))
    assert tuned == pytest.approx(float(np.squeeze(ppi_mean_pointestimate(y[coded], f[coded], f, lam=theirs))))
    # Either λ gives an unbiased estimate; here they land within a third of a standard error of each other.
    assert abs(ours.estimate - tuned) < ours.se / 3
    _, _, _, large, _, large_theirs, _ = _tuned(20000, 2000, 4)
    assert abs(large.lam - large_theirs) < 0.02


def test_strata_each_coded_alike_bound_the_units_not_coded_stratum_by_stratum():
    # Three strata of 4 units, 2 coded in each: both coded units of stratum 0 raise the theme, none of the
    # others do. No stratum has any spread, so the variance is 0: the estimate is 4/12 (stratum 0 counts
    # whole), and each stratum's 2 units not coded are bounded by Wilson's z²/(n_h + z²) for its 2 coded,
    # b = 3.8415 / 5.8415 = 0.6576: low (2 + 2 · (1 − b)) / 12 = 0.2237, high (2 + 2 + 4 · b) / 12 = 0.5525.
    stratum = np.repeat([0, 1, 2], 4)
    sampled = np.tile([True, True, False, False], 3)
    design = Design(stratum, sampled, sampled)
    y = np.where(sampled, np.repeat([1.0, 0.0, 0.0], 4), NAN)
    estimate, _ = estimate_share(design, np.arange(12), y, np.zeros(12))
    assert estimate.estimate == pytest.approx(4 / 12)
    assert (estimate.low, estimate.high) == (pytest.approx(0.2237, abs=1e-4), pytest.approx(0.5525, abs=1e-4))
    assert estimate.method == "human codes only"
