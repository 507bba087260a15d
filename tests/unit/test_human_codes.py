import pandas as pd
import pytest

from qualsynth.coding.code_files import human_code_files
from qualsynth.coding.human_codes import Corpus, anchor_for, coded_units, read_human_codes
from qualsynth.errors import InputError

SEGMENTS = pd.DataFrame(
    {
        "segment_id": [
            "d1-t001-s01",
            "d1-t002-s01",
            "d1-t003-s01",
            "d1-t003-s02",
            "d2-t001-s01",
            "d2-t004-s01",
            "sv-r0002q01-s01",
            "sv-r0002q02-s01",
        ],
        "unit_id": ["d1", "d1", "d1", "d1", "d2", "d2", "sv-r0002", "sv-r0002"],
        "doc_id": ["d1", "d1", "d1", "d1", "d2", "d2", "sv", "sv"],
        "is_participant": [False, True, True, True, True, True, True, True],
        "text": [
            "And what happened after that?",
            "We talk and then nobody writes a word of it down.",
            "NB02 rang me. The bus only comes once an hour,",
            "so most of us just can't get to the meetings.",
            "We talk and then nobody writes a word of it down.",
            "Nothing. Nothing at all changed.",
            "Nothing.",
            "The bus, again.",
        ],
    }
)
# d2 lost its turn 3: the speaker withdrew.
EXCLUSIONS = pd.DataFrame(
    {
        "unit": ["turn"],
        "doc_id": ["d2"],
        "unit_ref": ["line 7"],
        "reason": ["consent_withdrawn"],
        "detail": ["turn 3 by XX09"],
    }
)
CORPUS = Corpus.from_tables(SEGMENTS, EXCLUSIONS)
THEMES = {"learning_capture", "participation_barriers", "transport"}
LABELS = {
    "learning_capture": "Capturing and sharing learning",
    "participation_barriers": "Barriers to participation",
    "transport": "Transport",
}


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_anchor_for_avoids_pseudonyms_tags_and_mid_sentence_capitals():
    # Runs between unsafe tokens: "I rang" | "on" | "and she said the" | "would not pay for the bus."
    assert (
        anchor_for("I rang NB02 on [PHONE] and she said the Foundation would not pay for the bus.")
        == "would not pay for the bus."
    )
    assert (
        anchor_for("Honestly? It all lives in people's heads and nowhere else.")
        == "Honestly? It all lives in people's heads and nowhere else."
    )


def test_read_human_codes_places_each_anchor_in_its_own_document(tmp_path):
    path = write(
        tmp_path / "codes.csv",
        "doc_id,anchor,coder,theme_id\n"
        "d1,nobody writes a word of it,A,learning_capture\n"
        "d2,nobody writes a word of it,A,\n"
        "d1,The bus only comes once an hour,B,participation_barriers\n",
    )
    placed = read_human_codes(path, CORPUS, THEMES)
    expected = pd.DataFrame(
        {
            "segment_id": ["d1-t002-s01", "d2-t001-s01", "d1-t003-s01"],
            "coder": ["A", "A", "B"],
            "theme_id": ["learning_capture", "", "participation_barriers"],
        }
    )
    pd.testing.assert_frame_equal(placed.codes, expected)
    assert list(placed.placement["status"]) == ["placed"] * 3
    assert list(placed.placement["line"]) == [2, 3, 4]


def test_read_human_codes_refuses_an_anchor_that_matches_two_passages(tmp_path):
    # "the" is a word of d1's turn 3 (both its passages), not of turn 2 ("then") or the interviewer's turn.
    path = write(
        tmp_path / "codes.csv",
        "doc_id,anchor,coder,theme_id\nd1,We talk and then,A,learning_capture\n"
        "d1,of us just can't get,A,transport\nd1,the,A,transport\n",
    )
    with pytest.raises(
        InputError,
        match=r"codes.csv, line 4: the anchor matches 2 passages of document 'd1' "
        r"\(d1-t003-s01, d1-t003-s02\)\. Give the segment_id",
    ):
        read_human_codes(path, CORPUS, THEMES)


def test_read_human_codes_names_the_line_of_an_anchor_it_cannot_find(tmp_path):
    path = write(
        tmp_path / "codes.csv",
        "doc_id,anchor,coder,theme_id\nd1,nobody writes,A,learning_capture\n"
        "d1,words that are nowhere at all,A,transport\n",
    )
    with pytest.raises(InputError, match=r"codes.csv, line 3: the anchor matches no passage of document 'd1'"):
        read_human_codes(path, CORPUS, THEMES)


def test_read_human_codes_reports_codes_on_passages_that_left_the_corpus(tmp_path):
    # d2's turn 3 was withdrawn; sv is not withdrawn. An anchor gone from d2 and a segment_id of the withdrawn
    # turn are reported, not errors; an interviewer's turn is reported too.
    path = write(
        tmp_path / "codes.csv",
        "doc_id,segment_id,anchor,coder,theme_id\n"
        "d2,,a sentence the withdrawn speaker said,A,transport\n"
        "d2,d2-t003-s01,,A,transport\n"
        "d1,d1-t001-s01,,A,learning_capture\n"
        "sv,sv-r0002q02-s01,,A,transport\n",
    )
    placed = read_human_codes(path, CORPUS, THEMES)
    assert list(placed.placement["status"]) == ["not placed", "not placed", "not placed", "placed"]
    assert "withdrew consent" in placed.placement["reason"].iloc[0]
    assert placed.placement["reason"].iloc[1] == "its speaker withdrew consent"
    assert placed.placement["reason"].iloc[2].startswith("an interviewer's or facilitator's turn")
    assert list(placed.codes["segment_id"]) == ["sv-r0002q02-s01"]
    assert placed.summary() == {"rows": 4, "placed": 1, "not_placed": 3, "not_coded_yet": 0}


def test_read_human_codes_checks_a_segment_id_against_its_anchor(tmp_path):
    path = write(
        tmp_path / "codes.csv",
        "doc_id,segment_id,anchor,coder,theme_id\nd1,d1-t002-s01,the bus only comes,A,transport\n",
    )
    with pytest.raises(InputError, match=r"line 2: passage d1-t002-s01 does not contain the row's anchor"):
        read_human_codes(path, CORPUS, THEMES)
    unknown = write(tmp_path / "unknown.csv", "segment_id,coder,theme_id\nd1-t009-s01,A,transport\n")
    with pytest.raises(InputError, match=r"unknown.csv, line 2: passage 'd1-t009-s01' is not a passage of this run"):
        read_human_codes(unknown, CORPUS, THEMES)


def test_read_human_codes_names_an_unknown_theme_with_a_suggestion(tmp_path):
    path = write(tmp_path / "codes.csv", "doc_id,anchor,coder,theme_id\nd1,nobody writes,A,capture_learning\n")
    with pytest.raises(
        InputError,
        match=r"line 2: theme 'capture_learning' is not in the codebook\. "
        r"Did you mean 'learning_capture'\?",
    ):
        read_human_codes(path, CORPUS, THEMES, LABELS)
    sheet = write(tmp_path / "sheet.csv", "segment_id,coder,theme_ids\nd1-t002-s01,A,Barriers to participation\n")
    with pytest.raises(InputError, match=r"sheet.csv, line 2: theme 'Barriers' is not in the codebook"):
        read_human_codes(sheet, CORPUS, THEMES, LABELS)


def test_read_human_codes_reads_a_coding_sheet(tmp_path):
    # One row per passage: two themes; none (read, no theme); empty (not coded yet).
    path = write(
        tmp_path / "sheet.csv",
        "unit_id,segment_id,text,theme_ids,coder,note\n"
        "d1,d1-t002-s01,…,learning_capture; transport,A,\n"
        "d1,d1-t003-s01,…,none,A,\n"
        "d1,d1-t003-s02,…,,A,to do\n",
    )
    placed = read_human_codes(path, CORPUS, THEMES)
    expected = pd.DataFrame(
        {
            "segment_id": ["d1-t002-s01", "d1-t002-s01", "d1-t003-s01"],
            "coder": ["A", "A", "A"],
            "theme_id": ["learning_capture", "transport", ""],
        }
    )
    pd.testing.assert_frame_equal(placed.codes, expected)
    assert list(placed.placement["status"]) == ["placed", "placed", "not coded yet"]
    mixed = write(tmp_path / "mixed.csv", "segment_id,coder,theme_ids\nd1-t002-s01,A,none;transport\n")
    with pytest.raises(InputError, match=r"mixed.csv, line 2: theme_ids holds 'none' and theme ids"):
        read_human_codes(mixed, CORPUS, THEMES)


def test_read_human_codes_from_a_folder_refuses_one_passage_coded_two_ways(tmp_path):
    folder = tmp_path / "human_codes"
    folder.mkdir()
    write(folder / "batch-01.csv", "segment_id,coder,theme_ids\nd1-t002-s01,A,transport\n")
    write(folder / "batch-02.csv", "segment_id,coder,theme_ids\nd1-t002-s01,A,learning_capture\n")
    write(folder / "~$batch-01.xlsx", "an Excel lock file")
    assert [p.name for p in human_code_files(folder)] == ["batch-01.csv", "batch-02.csv"]
    with pytest.raises(
        InputError,
        match=r"batch-02.csv: coder A coded passage d1-t002-s01 differently here and in "
        r"batch-01.csv",
    ):
        read_human_codes(folder, CORPUS, THEMES)


def test_coded_units_tells_complete_units_from_partly_coded_ones():
    codes = pd.DataFrame(
        {
            "segment_id": ["d1-t002-s01", "d1-t003-s01", "d1-t003-s02", "d2-t001-s01", "sv-r0002q01-s01"],
            "coder": ["A", "A", "A", "A", "B"],
            "theme_id": ["x", "", "y", "x", "x"],
        }
    )
    table = coded_units(codes, SEGMENTS, "A")
    # d1: its 3 participant passages all coded; d2: 1 of 2; the survey response was coded by B only.
    expected = pd.DataFrame(
        {
            "unit_id": ["d1", "d2"],
            "passages": [3, 2],
            "passages_coded": [3, 1],
            "complete": [True, False],
            "imported": [False, False],
        }
    )
    pd.testing.assert_frame_equal(table, expected)
    # d1's passages came from a QDA project; d2's one coded passage from a coding sheet.
    table = coded_units(codes, SEGMENTS, "A", imported={"d1-t002-s01", "d1-t003-s01", "d1-t003-s02"})
    assert table["imported"].tolist() == [True, False]
