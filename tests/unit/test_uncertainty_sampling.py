"""make sample BY=uncertainty: the next batch drawn more often where the machine is least sure, every
unit with a known chance, and the design crossed with the strata it was drawn in."""

import numpy as np
import pandas as pd
import pytest

from qualsynth.coding.sampling import (
    append_register,
    batch_strata,
    draw_batch,
    empty_register,
    neyman,
    uncertainty_of,
    uncertainty_strata,
)
from qualsynth.synthesis.design import sample_design

UNITS = pd.DataFrame(
    {
        "unit_id": [f"u{i:02d}" for i in range(16)],
        "doc_id": [f"u{i:02d}" for i in range(16)],
        "place": ["Alder"] * 16,
        "wave": ["W1"] * 16,
        "method": ["interview"] * 16,
    }
)


def test_uncertainty_is_the_root_of_the_summed_bernoulli_variances():
    scores = pd.DataFrame(
        {
            "unit_id": ["a", "a", "a", "b", "b"],
            "role": ["", "", "staff", "", ""],
            "theme_id": ["t1", "t2", "t1", "t1", "t2"],
            "score": [0.5, 0.5, 0.9, 0.0, 1.0],
        }
    )
    u = uncertainty_of(scores)
    # a: 0.25 + 0.25 (its role piece is not a unit); b: sure of both themes.
    assert u["a"] == pytest.approx(np.sqrt(0.5)) and u["b"] == 0.0


def test_neyman_allocation_follows_size_times_spread():
    # Weights 10×1 and 10×3: 8 units go 2 and 6.
    assert neyman([10, 10], [1.0, 3.0], 8) == [2, 6]
    # Never more than a stratum holds, and every stratum at least one.
    assert neyman([2, 10], [10.0, 1.0], 6) == [2, 4]
    assert neyman([10, 10], [0.0, 1.0], 4) == [1, 3]


def test_uncertainty_strata_cut_the_eligible_units_into_quartiles():
    u = pd.Series(np.arange(8, dtype=float), index=[f"x{i}" for i in range(8)])
    strata = uncertainty_strata(u, list(u.index))
    assert (
        list(strata)
        == ["uncertainty 1 of 4"] * 2
        + ["uncertainty 2 of 4"] * 2
        + ["uncertainty 3 of 4"] * 2
        + ["uncertainty 4 of 4"] * 2
    )


def test_a_batch_by_uncertainty_draws_the_least_sure_units_more_often_with_known_probabilities():
    first = draw_batch(UNITS, empty_register(), 4, ["place", "wave"], seed=3, drawn_on="d")
    # The 12 units left have u 0.1 (four), 0.2 (four), 0.9 and 1.0, 1.1, 1.2.
    left = sorted(set(UNITS["unit_id"]) - set(first["unit_id"]))
    values = [0.1] * 4 + [0.2] * 4 + [0.9, 1.0, 1.1, 1.2]
    u = pd.Series(values, index=left).reindex(UNITS["unit_id"]).fillna(0.0)
    second = draw_batch(UNITS, first, 6, ["place", "wave"], seed=3, drawn_on="d", uncertainty=u)
    drawn = second.groupby("stratum").agg(
        n=("unit_id", "size"), of=("stratum_units", "first"), p=("inclusion_probability", "first")
    )
    # A batch of 6 in one place and wave is cut into 3 strata (two units expected per stratum): the
    # tertiles of the 12 are 0.167 and 0.433, giving four units at 0.1, four at 0.2 and four at 0.9–1.2
    # (mean 1.05). Neyman weights 0.4, 0.8 and 4.2 give 6 units as 0.44, 0.89 and 4.67: floors 1 (at
    # least one), 1 and 4, six in all. The most uncertain stratum is drawn whole.
    assert drawn.to_dict("index") == {
        "uncertainty 1 of 3": {"n": 1, "of": 4, "p": 0.25},
        "uncertainty 2 of 3": {"n": 1, "of": 4, "p": 0.25},
        "uncertainty 3 of 3": {"n": 4, "of": 4, "p": 1.0},
    }
    assert set(second["unit_id"]) <= set(left)
    strata = batch_strata(UNITS, first, second, u, ["place", "wave"])
    assert len(strata) == len(UNITS) and set(strata["batch"]) == {2}
    for unit_id, stratum in zip(second["unit_id"], second["stratum"]):
        assert strata.set_index("unit_id").loc[unit_id, "stratum"] == stratum


def test_the_design_crosses_the_cells_with_the_uncertainty_strata():
    first = draw_batch(UNITS, empty_register(), 4, ["place", "wave"], seed=3, drawn_on="d")
    u = pd.Series(np.linspace(0, 1, 16), index=UNITS["unit_id"])
    second = draw_batch(UNITS, first, 8, ["place", "wave"], seed=3, drawn_on="d", uncertainty=u)
    register = append_register(first, second)
    strata = batch_strata(UNITS, first, second, u, ["place", "wave"])
    design = sample_design(UNITS, register, set(register["unit_id"]), ["place", "wave"], batch_strata=strata)
    # One place and wave, crossed with the strata of batch 2: every estimation stratum is a stratum of u.
    assert set(design.table["cell"]) == {f"Alder / W1 / uncertainty {k} of 4" for k in range(1, 5)}
    # Within each, the weight is its units over its coded units.
    for cell, rows in design.table.groupby("cell"):
        coded = rows[rows["status"] == "sampled and coded"]
        assert np.allclose(coded["weight"], len(rows) / len(coded)), cell
