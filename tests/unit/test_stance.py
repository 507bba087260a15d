import pandas as pd

from qualsynth.stance import evidence_terms, stance_table

# Four documents in two places. Help: d1, d3; hindrance: d1, d2, d4. Both: d1.
SEGMENTS = pd.DataFrame({
    "segment_id": ["d1-1", "d1-2", "d2-1", "d3-1", "d4-1"], "doc_id": ["d1", "d1", "d2", "d3", "d4"],
    "place": ["X", "X", "X", "Y", "Y"], "participant_id": ["p1", "p1", "p2", "p3", "p4"],
    "is_participant": True,
})
CODES = pd.DataFrame({
    "segment_id": ["d1-1", "d1-2", "d2-1", "d3-1", "d4-1"],
    "theme_id": ["help", "hinder", "hinder", "help", "hinder"],
    "evidence": ["permission to", "forms | red tape", "forms || p=0.4 (cross-validated)", "permission to", "forms"],
})
PAIR = [{"label": "Structures", "help": "help", "hindrance": "hinder"}]


def test_stance_table_counts_each_side_and_both_by_hand():
    table = stance_table(SEGMENTS, CODES, PAIR, n_bootstrap=200, min_cell_size=1).set_index("place")
    every = table.loc["All places"]
    assert (every["docs"], every["help_docs"], every["hindrance_docs"], every["both_docs"]) == (4, 2, 3, 1)
    assert (every["share_help"], every["share_hindrance"], every["share_both"]) == (0.5, 0.75, 0.25)
    assert every["hindrance_evidence"] == "forms (3); red tape (1)"
    assert every["help_evidence"] == "permission to (2)"
    assert (table.loc["X", "help_docs"], table.loc["X", "hindrance_docs"], table.loc["X", "both_docs"]) == (1, 2, 1)


def test_stance_table_suppresses_places_with_few_participants():
    table = stance_table(SEGMENTS, CODES, PAIR, n_bootstrap=200, min_cell_size=3).set_index("place")
    # X and Y have two participants each; all places together have four.
    assert table.loc["X", "suppressed"] and table.loc["X", "share_help"] is None and table.loc["X", "help_evidence"] is None
    assert not table.loc["All places", "suppressed"] and table.loc["All places", "share_help"] == 0.5


def test_evidence_terms_leaves_out_model_probabilities():
    assert evidence_terms(pd.Series(["p=0.3 (model)", "Forms || p=0.2", "forms"]), 5) == "forms (2)"
