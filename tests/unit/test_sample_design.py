"""The estimation design: strata from the register's cells, merges, collapsed singletons, and its kinds."""

import numpy as np
import pandas as pd
import pytest

from qualsynth.coding.sampling import REGISTER_COLUMNS
from qualsynth.synthesis.design import sample_design

UNITS = pd.DataFrame(
    {
        "unit_id": ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "sv-r0002", "b5"],
        "place": ["Alder"] * 5 + ["Birch"] * 5,
        "wave": ["W1", "W1", "W1", "W2", "W2", "W1", "W1", "W1", "W1", "W2"],
        "method": ["interview"] * 8 + ["survey", "interview"],
    }
)


def register(rows):
    table = pd.DataFrame([{"unit_id": u, "batch": b, "population": p} for u, b, p in rows])
    for column in REGISTER_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    return table[REGISTER_COLUMNS]


def test_sample_design_from_a_register_merges_empty_cells_and_pairs_single_units():
    drawn = register(
        [
            ("a1", 1, "method!=survey"),
            ("a4", 1, "method!=survey"),
            ("b1", 1, "method!=survey"),
            ("b2", 1, "method!=survey"),
        ]
    )
    found = sample_design(UNITS, drawn, {"a1", "a4", "b1", "b2"}, ["place", "wave"])
    table = found.table.set_index("unit_id")
    # Birch W2 (b5) and the survey response have no coded unit in their cells: both join Birch W1, the
    # cell sharing most of their stratum values.
    assert found.summary["merged_cells"] == [
        {"cell": "Birch / W1 [outside the drawn populations]", "into": "Birch / W1 [method!=survey]"},
        {"cell": "Birch / W2 [method!=survey]", "into": "Birch / W1 [method!=survey]"},
    ]
    assert table.loc["b5", "stratum"] == table.loc["sv-r0002", "stratum"] == table.loc["b1", "stratum"]
    # Weights N_h / n_h: Alder W1 3/1, Alder W2 2/1, Birch (5 units, 2 coded) 2.5.
    assert table.loc[["a1", "a4", "b1", "b2"], "weight"].tolist() == [3.0, 2.0, 2.5, 2.5]
    assert table.loc["a2", "weight"] == 0 and table.loc["a1", "status"] == "sampled and coded"
    # Alder W1 and Alder W2 have one coded unit each: their variance is estimated as a pair.
    assert found.design.groups == ((0, 1),)
    assert found.summary["kind"] == "probability sample" and found.summary["strata"] == 3


def test_a_stratum_of_many_merged_cells_is_named_by_its_coded_cell_and_a_count():
    units = pd.DataFrame(
        {
            "unit_id": ["u1", "u2", "u3", "u4", "u5", "u6"],
            "place": ["Alder"] * 6,
            "wave": ["W1", "W1", "W2", "W3", "W4", "W5"],
            "method": ["interview"] * 6,
        }
    )
    drawn = register([("u1", 1, "all units"), ("u2", 1, "all units")])
    found = sample_design(units, drawn, {"u1", "u2"}, ["wave"])
    # Only W1 has coded units: W2–W5 each join it, and the five labels would make one long name.
    assert found.table["stratum"].tolist() == ["W1 + 4 merged cells"] * 6
    assert [m["cell"] for m in found.summary["merged_cells"]] == ["W2", "W3", "W4", "W5"]
    assert found.table["cell"].tolist() == ["W1", "W1", "W2", "W3", "W4", "W5"]


def test_sample_design_counts_units_coded_outside_the_sample_and_drawn_units_not_yet_coded():
    drawn = register([("a1", 1, "all units"), ("a2", 1, "all units"), ("b1", 1, "all units")])
    found = sample_design(UNITS, drawn, {"a1", "b1", "b5"}, ["place"])
    status = found.table.set_index("unit_id")["status"]
    assert status[["a1", "a2", "b1", "b5", "b2"]].tolist() == [
        "sampled and coded",
        "drawn, not coded yet",
        "sampled and coded",
        "coded outside the sample",
        "not coded",
    ]
    # b5 is counted as coded; Birch's sampled unit stands for the other four Birch units.
    design = found.design
    assert design.known[found.index_of(["b5"])].all()
    assert design.N_h.tolist() == [5.0, 4.0] and design.n_h.tolist() == [1.0, 1.0]
    assert (found.summary["drawn_not_coded"], found.summary["coded_outside_sample"]) == (1, 1)


def test_sample_design_kinds_without_a_register():
    empty = register([])[:0]
    assert sample_design(UNITS, empty, set(), ["place"]).summary["kind"] == "none"
    assumed = sample_design(UNITS, empty, {"a1", "a4", "b1"}, ["place"])
    assert assumed.summary["kind"] == "assumed random" and assumed.design.sampled.sum() == 3
    census = sample_design(UNITS, empty, set(UNITS["unit_id"]), ["place"])
    assert census.summary["kind"] == "census" and np.all(census.design.known)


def test_units_coded_in_another_tool_are_no_sample_of_the_rest():
    from qualsynth.synthesis.estimation import UNCORRECTED, estimate_share

    # a1 and a2 coded in a QDA tool, chosen by the team; no register.
    found = sample_design(UNITS, register([]), {"a1", "a2"}, ["place", "wave"], imported={"a1", "a2"})
    assert found.summary["kind"] == "coded subset" and found.summary["coded_in_another_tool"] == 2
    assert not found.design.sampled.any() and found.design.known.sum() == 2
    # The same units coded by hand with no register are taken for a random sample (the report says so).
    assert sample_design(UNITS, register([]), {"a1", "a2"}, ["place", "wave"]).summary["kind"] == "assumed random"
    # All ten coded in the tool: a census.
    everyone = set(UNITS["unit_id"])
    assert sample_design(UNITS, register([]), everyone, ["place"], imported=everyone).summary["kind"] == "census"
    # The share: a1 and a2's codes (1 and 0) counted, the machine's probabilities for the other 8 (0.2 each):
    # (1 + 0 + 8 × 0.2) / 10 = 0.26, uncorrected, with no interval.
    y = np.array([1, 0] + [np.nan] * 8)
    estimate, _ = estimate_share(found.design, np.arange(10), y, np.full(10, 0.2))
    assert estimate.method == UNCORRECTED and estimate.low != estimate.low
    assert estimate.estimate == pytest.approx(0.26)
