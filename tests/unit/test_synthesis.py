import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.synthesis.cooccurrence import cooccurrence
from qualsynth.synthesis.disclosure import suppress_small_cells
from qualsynth.synthesis.findings import headline_findings
from qualsynth.synthesis.trends import place_divergence, wave_change
from tests.unit.helpers import estimates_for

CODEBOOK = Codebook(
    "t",
    "0" * 64,
    (
        Theme("trust", "Trust", "rel", "Relations", "d", ("trust",)),
        Theme("rules", "Rules", "sys", "Systems", "d", ("rule",)),
    ),
)

# Three documents. d1 (place X, wave A): p1 raises trust in two segments. d2 (X, B): p2 trust, p3 rules.
# d3 (Y, A): p4 says nothing coded. An interviewer segment coded to rules must not count.
SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["d1-1", "d1-2", "d1-3", "d2-1", "d2-2", "d3-1"],
        "doc_id": ["d1", "d1", "d1", "d2", "d2", "d3"],
        "participant_id": ["p1", "p1", "", "p2", "p3", "p4"],
        "is_participant": [True, True, False, True, True, True],
        "place": ["X", "X", "X", "X", "X", "Y"],
        "wave": ["A", "A", "A", "B", "B", "A"],
    }
)
CODES = pd.DataFrame(
    {
        "segment_id": ["d1-1", "d1-2", "d1-3", "d2-1", "d2-2"],
        "theme_id": ["trust", "trust", "rules", "trust", "rules"],
    }
)


def test_prevalence_counts_units_not_passages_and_is_uncorrected_without_human_codes():
    overall = estimates_for(SEGMENTS, CODES, CODEBOOK).prevalence()
    assert list(overall["theme_id"]) == ["trust", "rules"]
    # trust: d1 and d2 of 3 units (d1 raises it twice: still once); rules: d2 only (d1's is the interviewer's).
    assert list(overall["share"]) == [0.6667, 0.3333]
    assert list(overall["machine_share"]) == [0.6667, 0.3333]
    assert list(overall["units"]) == [3, 3] and list(overall["participants"]) == [4, 4]
    assert set(overall["estimator"]) == {"uncorrected"} and overall["share_lo"].isna().all()


def test_prevalence_by_place_uses_each_place_as_denominator():
    by_place = estimates_for(SEGMENTS, CODES, CODEBOOK).prevalence(["place"])
    expected = pd.DataFrame(
        {
            "place": ["X", "X", "Y", "Y"],
            "theme_id": ["trust", "rules", "trust", "rules"],
            "units": [2, 2, 1, 1],
            "share": [1.0, 0.5, 0.0, 0.0],
        }
    )
    pd.testing.assert_frame_equal(by_place[list(expected.columns)], expected)


def test_prevalence_of_a_project_coded_entirely_by_hand_counts_the_human_codes():
    # The machine says trust everywhere; the coder found trust in d1 only and rules in d2 and d3.
    machine = pd.DataFrame({"segment_id": ["d1-1", "d2-1", "d3-1"], "theme_id": "trust"})
    human = pd.DataFrame(
        {"segment_id": ["d1-1", "d1-2", "d2-1", "d2-2", "d3-1"], "theme_id": ["trust", "", "rules", "", "rules"]}
    )
    overall = estimates_for(SEGMENTS, machine, CODEBOOK, human=human).prevalence().set_index("theme_id")
    assert overall.loc["trust", ["share", "share_lo", "share_hi", "units_with"]].tolist() == [0.3333, 0.3333, 0.3333, 1]
    assert overall.loc["rules", ["share", "units_with"]].tolist() == [0.6667, 2]
    assert set(overall["estimator"]) == {"census"} and overall.loc["trust", "machine_share"] == 1.0


def test_wave_change_is_last_wave_minus_first():
    change = wave_change(estimates_for(SEGMENTS, CODES, CODEBOOK), ["A", "B"])
    # Wave A: d1 and d3, trust in d1 only (1/2), rules in neither. Wave B: d2 has both (1/1).
    assert change.set_index("theme_id")["change"].to_dict() == {"trust": 0.5, "rules": 1.0}
    # Uncorrected: no interval, so no change is called clear, and no direction is stated.
    assert change["change_lo"].isna().all() and not change["clear"].any()
    assert list(change["direction"]) == ["no clear change", "no clear change"]


def test_headline_findings_reports_ties_together():
    estimates = estimates_for(SEGMENTS, CODES, CODEBOOK)
    overall = estimates.prevalence()
    change = pd.DataFrame(
        {
            "theme_id": ["trust", "rules"],
            "first_wave": ["A", "A"],
            "last_wave": ["B", "B"],
            "share_first": [0.5, 0.0],
            "share_last": [1.0, 0.5],
            "change": [0.5, 0.5],
            "change_lo": [0.0, 0.0],
            "change_hi": [1.0, 1.0],
            "estimator": "design-based",
            "direction": ["rose", "rose"],
            "clear": [False, False],
        }
    )
    divergence = place_divergence(estimates, estimates.prevalence(["place"]))
    findings = headline_findings(
        SEGMENTS.assign(unit_id=SEGMENTS["doc_id"]), pd.DataFrame({"reason": []}), overall, change, divergence, CODEBOOK
    )
    assert findings["most_prevalent"]["theme_ids"] == ["trust"]
    assert findings["largest_rise"]["theme_ids"] == ["trust", "rules"]
    assert findings["largest_rise"]["direction"] == "rose"
    assert findings["counts"]["participants"] == 4
    assert (findings["counts"]["documents"], findings["counts"]["units"], findings["counts"]["survey_responses"]) == (
        3,
        3,
        0,
    )
    # Place X: trust 2/2, rules 1/2; place Y: both 0/1. Trust has the larger gap.
    gap = findings["largest_place_gap"]
    assert (gap["theme_ids"], gap["gap"], gap["highest_place"], gap["lowest_place"]) == (["trust"], 1.0, "X", "Y")
    assert findings["trends"]["trust"]["direction"] == "rose" and not findings["trends"]["trust"]["clear"]


def test_place_divergence_names_the_highest_and_lowest_place_and_ranks_by_gap():
    estimates = estimates_for(SEGMENTS, CODES, CODEBOOK)
    divergence = place_divergence(estimates, estimates.prevalence(["place"]))
    expected = pd.DataFrame(
        {
            "rank": [1, 2],
            "theme_id": ["trust", "rules"],
            "highest_place": ["X", "X"],
            "highest_share": [1.0, 0.5],
            "lowest_place": ["Y", "Y"],
            "lowest_share": [0.0, 0.0],
            "gap": [1.0, 0.5],
            "estimator": ["uncorrected", "uncorrected"],
        }
    )
    pd.testing.assert_frame_equal(divergence[list(expected.columns)], expected)


def test_cooccurrence_estimates_the_share_of_units_raising_both_and_the_lift():
    # With rules added to d1-1: d1 raises trust and rules, d2 both, d3 neither. Both: 2 of 3 units;
    # trust 2/3, rules 2/3 → lift (2/3) / (4/9) = 1.5.
    codes = pd.concat([CODES, pd.DataFrame({"segment_id": ["d1-1"], "theme_id": ["rules"]})])
    edges = cooccurrence(estimates_for(SEGMENTS, codes, CODEBOOK))
    assert edges[["theme_a", "theme_b", "units", "share_both", "estimator", "lift"]].to_dict("records") == [
        {
            "theme_a": "trust",
            "theme_b": "rules",
            "units": 3,
            "share_both": 0.6667,
            "estimator": "uncorrected",
            "lift": 1.5,
        }
    ]


def test_suppress_small_cells_blanks_shares_resting_on_few_participants():
    by_place = estimates_for(SEGMENTS, CODES, CODEBOOK).prevalence(["place"])
    # Place X has 3 participants (p1, p2, p3), place Y one (p4): with a minimum of 2, Y is suppressed.
    safe = suppress_small_cells(by_place, 2).set_index(["place", "theme_id"])
    assert safe.loc[("Y", "trust"), "suppressed"] and np.isnan(safe.loc[("Y", "trust"), "share"])
    assert np.isnan(safe.loc[("Y", "trust"), "machine_share"]) and safe.loc[("Y", "trust"), "participants"] == 1
    assert not safe.loc[("X", "trust"), "suppressed"] and safe.loc[("X", "trust"), "share"] == 1.0


def test_headline_findings_with_nothing_to_compare_say_so():
    # One wave only, and every place's cells suppressed: no gap and no change to report.
    one_wave = SEGMENTS[SEGMENTS["wave"] == "A"]
    estimates = estimates_for(one_wave, CODES, CODEBOOK)
    empty_change = wave_change(estimates, ["A", "B"])
    empty_divergence = place_divergence(estimates, estimates.prevalence(["place"]).iloc[0:0])
    findings = headline_findings(
        one_wave.assign(unit_id=one_wave["doc_id"]),
        pd.DataFrame({"reason": []}),
        estimates.prevalence(),
        empty_change,
        empty_divergence,
        CODEBOOK,
    )
    assert findings["largest_rise"] is None and findings["largest_fall"] is None
    assert findings["largest_place_gap"] is None and findings["place_divergence"] == {}
    assert findings["most_prevalent"]["theme_ids"] == ["trust"]
