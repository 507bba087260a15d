"""Partial pooling of small groups (Fay–Herriot) and directions over a family of comparisons, on
numbers small enough to work out by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from qualsynth.synthesis.comparisons import false_discovery, p_value
from qualsynth.synthesis.estimates import family_directions
from qualsynth.synthesis.estimation import DESIGN, HUMAN_ONLY, Design, Estimate
from qualsynth.synthesis.small_areas import POOLED, Direct, fit, group_estimates

DESIGN_OF_TWO = Design(np.array([0, 0]), np.array([True, False]), np.array([True, False]))


def group(rectifier: float, psi: float = 0.01, sampled: int = 5) -> Direct:
    """A group whose share is its rectifier (nothing counted, λ f summing to 0, the sample standing for it all)."""
    return Direct(0.0, 1.0, 1.0, rectifier, DESIGN_OF_TWO.no_influence(), psi, psi, sampled, 10, sampled, sampled - 1)


def never(g: int) -> Estimate:
    raise AssertionError(f"group {g} should have borrowed strength")


def test_fit_is_the_prasad_rao_moment_estimate():
    # d = 0, 0.3, 0.6, ψ = 0.01 each: Σ(d − d̄)² = 0.18, Σψ(1 − 1/3) = 0.02, τ² = (0.18 − 0.02)/2 = 0.08.
    model = fit([group(0.0), group(0.3), group(0.6)])
    assert model.tau2 == pytest.approx(0.08)
    assert model.mean == pytest.approx(0.3)
    # Cochran's Q = Σ (d − d̄)² / ψ = 18 on 2 degrees of freedom: p = e^(−9).
    assert model.q == pytest.approx(18.0)
    assert model.p_value == pytest.approx(np.exp(-9))


def test_fit_needs_three_groups_with_codes():
    assert fit([group(0.0), group(0.3), group(0.6, sampled=0)]) is None


def test_a_group_leans_on_its_own_codes_by_their_weight_against_the_spread_between_groups():
    groups = [group(0.0), group(0.3), group(0.6)]
    first = group_estimates(DESIGN_OF_TWO, groups, fit(groups), never)[0]
    # γ = 0.08 / 0.09; 0.889 × 0 + 0.111 × 0.3 = 0.0333.
    assert first.estimate == pytest.approx(0.3 / 9)
    assert first.method == POOLED and first.own_weight == pytest.approx(8 / 9)
    # The groups' sampling errors are the design's part (zero here: no influence values); the model's part
    # is (1 − γ)² τ² (1 + Σw²/W² − 2 w_g/W) with equal weights, 1 + 1/3 − 2/3, and 2g₃, where
    # g₃ = ψ²/(τ² + ψ)³ × 2 Σ(τ² + ψ)²/9 = (0.0001/0.000729) × 0.0054.
    g3 = 0.0001 / 0.000729 * 0.0054
    assert first.se == pytest.approx(np.sqrt(0.08 / 81 * 2 / 3 + 2 * g3))
    assert first.low == 0.0 and first.high == pytest.approx(0.3 / 9 + 1.959964 * first.se, abs=1e-6)


def test_a_group_without_coded_units_takes_the_pooled_estimate_and_the_spread_between_groups():
    groups = [group(0.0), group(0.3), group(0.6), group(float("nan"), psi=float("nan"), sampled=0)]
    last = group_estimates(DESIGN_OF_TWO, groups, fit(groups[:3]), never)[3]
    assert last.estimate == pytest.approx(0.3)
    # γ = 0: τ² for its own departure and τ² Σw²/W² = τ²/3 for the others' in δ̂ (with the design's part,
    # Σw²ψ/W² = 0.01/3, this is Prasad–Rao's τ² + 1/W = 0.08 + 0.03).
    assert last.se == pytest.approx(np.sqrt(0.08 * 4 / 3)) and last.own_weight == 0.0


def test_a_group_whose_codes_contradict_the_others_is_estimated_alone():
    # Nine groups at 0 and one at 1: τ² = (0.9 − 0.009)/9 = 0.099, pooled 0.1; the odd one sits 0.9 away,
    # beyond 1.96 √(0.099 + 0.001) = 0.62; the others 0.1 away.
    groups = [group(0.0, psi=0.001)] * 9 + [group(1.0, psi=0.001)]
    alone = Estimate(0.5, 0.2, 0.8, 0.15, HUMAN_ONLY, 0.0, 10, 5, 5, 4)
    asked = []

    def own(g: int) -> Estimate:
        asked.append(g)
        return alone

    found = group_estimates(DESIGN_OF_TWO, groups, fit(groups), own)
    assert asked == [9] and found[9] is alone
    assert {e.method for e in found[:9]} == {POOLED}


def test_false_discovery_is_benjamini_hochberg():
    # Four tested: 0.01, 0.03, 0.04, 0.20 → × 4 / rank: 0.04, 0.06, 0.0533, 0.20 → running minimum from the top.
    q, found = false_discovery(np.array([0.01, 0.04, 0.03, 0.20, np.nan]))
    assert q[:4] == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20]) and np.isnan(q[4])
    assert found.tolist() == [True, False, False, False, False]


def test_family_directions_states_a_direction_only_for_a_discovery_whose_interval_excludes_no_change():
    frame = pd.DataFrame(
        {
            "change": [0.30, -0.25, 0.10, 0.50, 0.20],
            "change_lo": [0.10, -0.40, -0.05, np.nan, 0.20],
            "change_hi": [0.50, -0.10, 0.25, np.nan, 0.20],
            "estimator": [DESIGN, DESIGN, DESIGN, "uncorrected", "census"],
            "p_value": [0.001, 0.004, 0.2, np.nan, np.nan],
        }
    )
    marked = family_directions(frame)
    # Three tested: 0.001 × 3 = 0.003 and 0.004 × 3/2 = 0.006 are discoveries, 0.2 is not. The census change is exact.
    assert marked["direction"].tolist() == ["rose", "fell", "no clear change", "no clear change", "rose"]
    assert marked["family"].iloc[0] == "Benjamini–Hochberg over 3 comparisons"


def test_p_value_tests_against_a_margin():
    gap = Estimate(0.10, 0.06, 0.14, 0.02, DESIGN, 0.5, 10, 10, 10, 30)
    # (0.10 − 0.02) / 0.02 = 4 on 30 degrees of freedom.
    assert p_value(gap, 0.02) == pytest.approx(2 * stats.t.sf(4, 30))
    assert p_value(gap) == pytest.approx(2 * stats.t.sf(5, 30))
