"""The simulation study of the product's path, small: 40 replicates of two settings with a keyword coder
and two with the codebook similarity too, one of them with half its sample drawn by the machine's
uncertainty (bench/simulate_estimation.py runs more of every setting). Each replicate publishes 3 themes × 6
places, 12 place × wave cells and 6 changes, so a setting scores about 4,000 intervals."""

import numpy as np
import pytest

from qualsynth.synthesis.simulation import SETTINGS, Setting, population, run

REPLICATES = 40
CHOSEN = [
    "coder errs alike in every place",
    "coder's error rates differ by place",
    "with codebook similarity",
    "similarity, 40% coded, half by uncertainty",
]


@pytest.fixture(scope="module")
def results():
    return run([s for s in SETTINGS if s.name in CHOSEN], REPLICATES, seed=7)


@pytest.mark.parametrize("setting", CHOSEN)
@pytest.mark.parametrize("quantity", ["place share", "place × wave share", "place change"])
def test_simulation_intervals_cover_the_true_shares_of_small_groups(results, setting, quantity):
    row = next(
        r for r in results["coverage"] if (r["setting"], r["quantity"], r["estimator"]) == (setting, quantity, "all")
    )
    assert 0.92 <= row["coverage"] <= 0.99, row
    assert abs(row["bias"]) < 0.02, row


def test_simulation_states_few_false_directions(results):
    # 40 replicates state a few dozen directions over the two settings, too few to check a 5% rate
    # (bench/simulate_estimation.py does, over 1,000); here: directions are stated, and few are false.
    stated = sum(r["directions_stated"] for r in results["directions"])
    false = sum(r["false_directions"] for r in results["directions"])
    assert stated >= 20, results["directions"]
    assert false <= 0.1 * stated, results["directions"]


def test_simulation_uses_partial_pooling_for_most_groups(results):
    pooled = sum(
        r["cells"]
        for r in results["coverage"]
        if r["quantity"] == "place share" and r["estimator"] == "partially pooled"
    )
    every = sum(r["cells"] for r in results["coverage"] if r["quantity"] == "place share" and r["estimator"] == "all")
    assert pooled > every / 2


def test_a_blind_spot_gives_the_coder_negatives_hit_rate_on_those_positives():
    # sensitivity 0.8 and false-hit rate 0.1 in every place (spread 0); with blind = 1 every positive is
    # written in a way the coder never recognises, so positives are hit at the negatives' rate, 0.1.
    # One theme at about 40% in 6 places × 2 waves of 50: 600 respondents, about 240 positives. A hit share
    # over 150 or more has a standard error of at most √(0.25/150) ≈ 0.04, so ±0.08 allows two of them
    # and still tells 0.1 from 0.8.
    rng = np.random.default_rng(3)
    blind = population(Setting("blind", spread=0.0, cell_sizes=(50, 50), prevalence=(0.4,), blind=1.0), rng)
    seen = population(Setting("seen", spread=0.0, cell_sizes=(50, 50), prevalence=(0.4,)), np.random.default_rng(3))
    for pop, rate in ((blind, 0.1), (seen, 0.8)):
        positives = pop.truth[:, 0] == 1
        assert positives.sum() > 150
        assert abs((pop.hits[positives, 0] > 0).mean() - rate) < 0.08
        assert abs((pop.hits[~positives, 0] > 0).mean() - 0.1) < 0.08
