import pandas as pd
import pytest

from qualsynth.errors import InputError
from qualsynth.human_codes import anchor_for, read_human_codes

SEGMENTS = pd.DataFrame({
    "segment_id": ["d1-t001-s01", "d1-t002-s01", "d1-t002-s02", "d2-t001-s01"],
    "doc_id": ["d1", "d1", "d1", "d2"],
    "text": ["We talk and then nobody writes a word of it down.",
             "NB02 rang me. The bus only comes once an hour,",
             "so most of us just can't get to the meetings.",
             "We talk and then nobody writes a word of it down."],
})


def test_anchor_for_avoids_pseudonyms_tags_and_mid_sentence_capitals():
    # Runs between unsafe tokens: "I rang" | "on" | "and she said the" | "would not pay for the bus."
    assert anchor_for("I rang NB02 on [PHONE] and she said the Foundation would not pay for the bus.") == \
        "would not pay for the bus."
    assert anchor_for("Honestly? It all lives in people's heads and nowhere else.") == \
        "Honestly? It all lives in people's heads and nowhere else."


def test_read_human_codes_finds_each_anchor_in_its_own_document(tmp_path):
    path = tmp_path / "human_codes.csv"
    path.write_text("doc_id,anchor,coder,theme_id\n"
                    "d1,nobody writes a word of it,A,learning_capture\n"
                    "d2,nobody writes a word of it,A,\n"
                    "d1,The bus only comes once an hour,B,participation_barriers\n")
    codes = read_human_codes(path, SEGMENTS, {"learning_capture", "participation_barriers"})
    expected = pd.DataFrame({"segment_id": ["d1-t001-s01", "d2-t001-s01", "d1-t002-s01"],
                             "coder": ["A", "A", "B"], "theme_id": ["learning_capture", "", "participation_barriers"]})
    pd.testing.assert_frame_equal(codes, expected)


def test_read_human_codes_places_an_anchor_cut_by_resegmentation_where_most_of_it_is(tmp_path):
    path = tmp_path / "human_codes.csv"
    path.write_text("doc_id,anchor,coder,theme_id\nd1,once an hour so most of us just can't get to the meetings,A,x\n")
    assert list(read_human_codes(path, SEGMENTS, {"x"})["segment_id"]) == ["d1-t002-s02"]


def test_read_human_codes_names_the_line_of_an_anchor_it_cannot_find(tmp_path):
    path = tmp_path / "human_codes.csv"
    path.write_text("doc_id,anchor,coder,theme_id\nd1,nobody writes,A,x\nd2,words that are nowhere at all,A,x\n")
    with pytest.raises(InputError, match=r"human_codes.csv, line 3: the anchor is not in any passage of document 'd2'"):
        read_human_codes(path, SEGMENTS, {"x"})
    # In a document where someone withdrew, an anchor that is gone is dropped, not an error.
    assert list(read_human_codes(path, SEGMENTS, {"x"}, withdrawn_documents={"d2"})["segment_id"]) == ["d1-t001-s01"]


def test_read_human_codes_names_an_unknown_theme(tmp_path):
    path = tmp_path / "human_codes.csv"
    path.write_text("doc_id,anchor,coder,theme_id\nd1,nobody writes,A,capture_learning\n")
    with pytest.raises(InputError, match=r"line 2: theme 'capture_learning' is not in the codebook"):
        read_human_codes(path, SEGMENTS, {"learning_capture"})
