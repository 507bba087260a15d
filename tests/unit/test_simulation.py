"""The simulation study, small: 150 replicates of three settings (bench/simulate_estimation.py runs
1,000 of every setting). With 150 replicates a true 95% coverage lands in 0.91-0.99 almost always."""

import pytest

from qualsynth.synthesis.simulation import SETTINGS, run

REPLICATES = 150


@pytest.fixture(scope="module")
def rows():
    chosen = [
        s
        for s in SETTINGS
        if s.name in ("informative coder", "over-coder (twice the true positives)", "one coded unit per stratum")
    ]
    return {(r["setting"], r["quantity"], r["estimator"]): r for r in run(chosen, REPLICATES, seed=7)}


@pytest.mark.parametrize(
    "setting", ["informative coder", "over-coder (twice the true positives)", "one coded unit per stratum"]
)
@pytest.mark.parametrize("quantity", ["overall", "difference"])
def test_simulation_corrected_intervals_cover_the_truth(rows, setting, quantity):
    row = rows[(setting, quantity, "corrected")]
    assert 0.91 <= row["coverage"] <= 0.99, row
    assert abs(row["bias"]) < 0.01, row
    assert row["never_wider_than_human"]


def test_simulation_naive_share_of_an_over_coder_misses_the_truth(rows):
    naive = rows[("over-coder (twice the true positives)", "overall", "naive")]
    assert naive["coverage"] < 0.2 and naive["bias"] > 0.2


def test_simulation_informative_coder_narrows_the_interval(rows):
    corrected = rows[("informative coder", "overall", "corrected")]
    human = rows[("informative coder", "overall", "human")]
    assert corrected["mean_width"] < 0.8 * human["mean_width"]
