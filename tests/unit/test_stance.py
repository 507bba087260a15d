import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.synthesis.disclosure import suppress_small_cells
from qualsynth.synthesis.stance import evidence_terms, stance_table
from tests.unit.helpers import estimates_for

# Four units in two places. Help: d1, d3; hindrance: d1, d2, d4. Both: d1.
SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["d1-1", "d1-2", "d2-1", "d3-1", "d4-1"],
        "doc_id": ["d1", "d1", "d2", "d3", "d4"],
        "place": ["X", "X", "X", "Y", "Y"],
        "wave": "W1",
        "participant_id": ["p1", "p1", "p2", "p3", "p4"],
        "is_participant": True,
    }
)
CODES = pd.DataFrame(
    {
        "segment_id": ["d1-1", "d1-2", "d2-1", "d3-1", "d4-1"],
        "theme_id": ["help", "hinder", "hinder", "help", "hinder"],
        "evidence": ["permission to", "forms | red tape", "forms || p=0.4 (cross-validated)", "permission to", "forms"],
    }
)
PAIR = [{"label": "Structures", "help": "help", "hindrance": "hinder"}]
CODEBOOK = Codebook(
    "t", "0" * 64, (Theme("help", "Help", "s", "S", "d", ("x",)), Theme("hinder", "Hinder", "s", "S", "d", ("y",)))
)


def table_of(min_cell_size):
    estimates = estimates_for(SEGMENTS, CODES, CODEBOOK)
    table = stance_table(estimates, SEGMENTS.assign(unit_id=SEGMENTS["doc_id"]), CODES, PAIR)
    return suppress_small_cells(table, min_cell_size).set_index("place")


def test_stance_table_estimates_each_side_and_both_by_hand():
    table = table_of(1)
    every = table.loc["All places"]
    assert every["units"] == 4
    assert (every["share_help"], every["share_hindrance"], every["share_both"]) == (0.5, 0.75, 0.25)
    assert every["estimator_help"] == "uncorrected"
    assert every["hindrance_evidence"] == "forms (3); red tape (1)"
    assert every["help_evidence"] == "permission to (2)"
    # Place X: d1 helps and hinders, d2 hinders → 1/2, 2/2, 1/2.
    assert (table.loc["X", "share_help"], table.loc["X", "share_hindrance"], table.loc["X", "share_both"]) == (
        0.5,
        1.0,
        0.5,
    )


def test_stance_table_suppresses_places_with_few_participants():
    table = table_of(3)
    # X and Y have two participants each; all places together have four.
    assert table.loc["X", "suppressed"] and np.isnan(table.loc["X", "share_help"])
    assert table.loc["X", "help_evidence"] is None and table.loc["X", "estimator_help"] is None
    assert not table.loc["All places", "suppressed"] and table.loc["All places", "share_help"] == 0.5


def test_evidence_terms_leaves_out_model_probabilities():
    assert evidence_terms(pd.Series(["p=0.3 (model)", "Forms || p=0.2", "forms"]), 5) == "forms (2)"


def test_evidence_terms_leaves_out_a_human_coders_name():
    # "coded by A" is the evidence of a human code: the coder, not a word the participant said.
    assert evidence_terms(pd.Series(["coded by A", "coded by A", "red tape"]), 5) == "red tape (1)"
