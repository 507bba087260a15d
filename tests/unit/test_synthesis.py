import numpy as np
import pandas as pd

from qualsynth.codebook import Codebook, Theme
from qualsynth.synthesis import headline_findings, theme_prevalence
from qualsynth.trends import place_divergence, wave_change

CODEBOOK = Codebook("t", "0" * 64, (
    Theme("trust", "Trust", "rel", "Relations", "d", ("trust",)),
    Theme("rules", "Rules", "sys", "Systems", "d", ("rule",)),
))

# Three documents. d1 (place X, wave A): p1 raises trust in two segments. d2 (X, B): p2 trust, p3 rules.
# d3 (Y, A): p4 says nothing coded. An interviewer segment coded to rules must not count.
SEGMENTS = pd.DataFrame({
    "segment_id": ["d1-1", "d1-2", "d1-3", "d2-1", "d2-2", "d3-1"],
    "doc_id": ["d1", "d1", "d1", "d2", "d2", "d3"],
    "participant_id": ["p1", "p1", "", "p2", "p3", "p4"],
    "is_participant": [True, True, False, True, True, True],
    "place": ["X", "X", "X", "X", "X", "Y"],
    "wave": ["A", "A", "A", "B", "B", "A"],
})
CODES = pd.DataFrame({
    "segment_id": ["d1-1", "d1-2", "d1-3", "d2-1", "d2-2"],
    "theme_id": ["trust", "trust", "rules", "trust", "rules"],
})


def test_theme_prevalence_counts_documents_and_participants_not_segments():
    overall = theme_prevalence(SEGMENTS, CODES, CODEBOOK)
    assert list(overall["theme_id"]) == ["trust", "rules"]
    # trust: d1 and d2 of 3 documents; p1 and p2 of 4 participants.
    assert list(overall["docs_with"]) == [2, 1]
    assert list(overall["docs"]) == [3, 3]
    assert list(overall["share_docs"]) == [0.6667, 0.3333]
    assert list(overall["participants_with"]) == [2, 1]
    assert list(overall["share_participants"]) == [0.5, 0.25]


def test_theme_prevalence_by_place_uses_each_place_as_denominator():
    by_place = theme_prevalence(SEGMENTS, CODES, CODEBOOK, by=["place"])
    expected = pd.DataFrame({
        "place": ["X", "X", "Y", "Y"],
        "theme_id": ["trust", "rules", "trust", "rules"],
        "docs_with": [2, 1, 0, 0],
        "docs": [2, 2, 1, 1],
        "share_docs": [1.0, 0.5, 0.0, 0.0],
    })
    pd.testing.assert_frame_equal(by_place[list(expected.columns)], expected)


def test_wave_change_is_last_wave_minus_first():
    change = wave_change(SEGMENTS, CODES, CODEBOOK, ["A", "B"], n_bootstrap=200)
    # Wave A: d1 and d3, trust in d1 only (1/2), rules in neither. Wave B: d2 has both (1/1).
    assert change.set_index("theme_id")["change"].to_dict() == {"trust": 0.5, "rules": 1.0}
    assert list(change["direction"]) == ["rose", "rose"]


def test_headline_findings_reports_ties_together():
    overall = theme_prevalence(SEGMENTS, CODES, CODEBOOK)
    change = pd.DataFrame({"theme_id": ["trust", "rules"], "first_wave": ["A", "A"], "last_wave": ["B", "B"],
                           "share_first": [0.5, 0.0], "share_last": [1.0, 0.5], "change": [0.5, 0.5],
                           "change_lo": [0.0, 0.0], "change_hi": [1.0, 1.0], "direction": ["rose", "rose"]})
    by_place = theme_prevalence(SEGMENTS, CODES, CODEBOOK, by=["place"])
    divergence = place_divergence(SEGMENTS, CODES, CODEBOOK, by_place, n_bootstrap=200)
    findings = headline_findings(SEGMENTS, pd.DataFrame({"reason": []}), overall, change, divergence, CODEBOOK)
    assert findings["most_prevalent"]["theme_ids"] == ["trust"]
    assert findings["largest_rise"]["theme_ids"] == ["trust", "rules"]
    assert findings["largest_rise"]["direction"] == "rose"
    assert findings["counts"]["participants"] == 4
    assert findings["counts"]["documents"] == 3
    # Place X: trust 2/2, rules 1/2; place Y: both 0/1. Trust has the larger gap.
    gap = findings["largest_place_gap"]
    assert (gap["theme_ids"], gap["gap"], gap["highest_place"], gap["lowest_place"]) == (["trust"], 1.0, "X", "Y")
    assert findings["trends"]["trust"]["direction"] == "rose" and not findings["trends"]["trust"]["clear"]


def test_place_divergence_names_the_highest_and_lowest_place_and_ranks_by_gap():
    divergence = place_divergence(SEGMENTS, CODES, CODEBOOK, theme_prevalence(SEGMENTS, CODES, CODEBOOK, by=["place"]),
                                  n_bootstrap=200)
    expected = pd.DataFrame({"rank": [1, 2], "theme_id": ["trust", "rules"], "highest_place": ["X", "X"],
                             "highest_share": [1.0, 0.5], "lowest_place": ["Y", "Y"], "lowest_share": [0.0, 0.0],
                             "gap": [1.0, 0.5]})
    pd.testing.assert_frame_equal(divergence[list(expected.columns)], expected)
    # Trust: X's two documents both raise it, Y's one does not, in every resample: no width.
    assert (divergence.loc[0, "gap_lo"], divergence.loc[0, "gap_hi"]) == (1.0, 1.0)
    # Rules: X resamples give 0, 0.5 or 1 (d2 raises it, d1 does not); Y stays 0.
    assert (divergence.loc[1, "gap_lo"], divergence.loc[1, "gap_hi"]) == (0.0, 1.0)


def test_theme_prevalence_interval_has_no_width_when_every_document_agrees():
    # Every one of d1 and d2 raises trust: every resample of documents gives a share of 1.
    two = SEGMENTS[SEGMENTS["doc_id"].isin(["d1", "d2"])]
    overall = theme_prevalence(two, CODES, CODEBOOK, n_bootstrap=200, seed=1).set_index("theme_id")
    assert (overall.loc["trust", "share_docs_lo"], overall.loc["trust", "share_docs_hi"]) == (1.0, 1.0)
    # rules: d2 only, so shares of 0, 0.5 or 1 occur across resamples.
    assert overall.loc["rules", "share_docs_lo"] == 0.0 and overall.loc["rules", "share_docs_hi"] == 1.0


def test_cooccurrence_counts_and_lift_by_hand():
    from qualsynth.synthesis import cooccurrence

    # Participant passages: d1-1 trust, d1-2 trust, d2-1 trust, d2-2 rules, d3-1 nothing (5 in all);
    # add rules to d1-1: trust & rules together once; trust 3 passages, rules 2.
    codes = pd.concat([CODES, pd.DataFrame({"segment_id": ["d1-1"], "theme_id": ["rules"]})])
    edges = cooccurrence(SEGMENTS, codes, CODEBOOK)
    assert edges.to_dict("records") == [{"theme_a": "trust", "theme_b": "rules", "segments_both": 1, "segments_a": 3,
                                         "segments_b": 2, "lift": round(1 * 5 / (3 * 2), 4)}]


def test_suppress_small_cells_blanks_shares_resting_on_few_participants():
    from qualsynth.synthesis import suppress_small_cells

    by_place = theme_prevalence(SEGMENTS, CODES, CODEBOOK, by=["place"])
    # Place X has 3 participants (p1, p2, p3), place Y one (p4): with a minimum of 2, Y is suppressed.
    safe = suppress_small_cells(by_place, 2).set_index(["place", "theme_id"])
    assert safe.loc[("Y", "trust"), "suppressed"] and np.isnan(safe.loc[("Y", "trust"), "share_docs"])
    assert safe.loc[("Y", "trust"), "participants"] == 1
    assert not safe.loc[("X", "trust"), "suppressed"] and safe.loc[("X", "trust"), "share_docs"] == 1.0


def test_headline_findings_with_nothing_to_compare_say_so():
    # One place whose cells are all suppressed, one wave: no gap and no change to report.
    overall = theme_prevalence(SEGMENTS, CODES, CODEBOOK)
    empty_change = wave_change(SEGMENTS[SEGMENTS["wave"] == "A"], CODES, CODEBOOK, ["A", "B"])
    empty_divergence = place_divergence(SEGMENTS, CODES, CODEBOOK, theme_prevalence(SEGMENTS, CODES, CODEBOOK,
                                                                                      by=["place"]).iloc[0:0])
    findings = headline_findings(SEGMENTS, pd.DataFrame({"reason": []}), overall, empty_change, empty_divergence, CODEBOOK)
    assert findings["largest_rise"] is None and findings["largest_fall"] is None
    assert findings["largest_place_gap"] is None and findings["place_divergence"] == {}
    assert findings["most_prevalent"]["theme_ids"] == ["trust"]
