"""The coding sheet: written for Excel, filled in by a coder, read back and placed exactly."""

import pandas as pd
from openpyxl import load_workbook

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.coding.human_codes import Corpus, coded_units, read_human_codes
from qualsynth.coding.sheet import SHEET_COLUMNS, coding_sheet, write_coding_sheet

THEMES = (
    Theme("transport", "Transport", "a", "Access", "Getting there.", ("bus",)),
    Theme("trust", "Trust", "b", "Relationships", "Trust between people and services.", ("trust",)),
)
CODEBOOK = Codebook("1", "0" * 64, THEMES)
SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["d1-t001-s01", "d1-t002-s01", "d1-t003-s01", "sv-r0002q01-s01", "sv-r0003q01-s01"],
        "unit_id": ["d1", "d1", "d1", "sv-r0002", "sv-r0003"],
        "doc_id": ["d1", "d1", "d1", "sv", "sv"],
        "place": ["Alder", "Alder", "Alder", "Birch", "Alder"],
        "wave": "W1",
        "method": ["interview", "interview", "interview", "survey", "survey"],
        "participant_id": ["", "AB01", "AB02", "S-aaaaaaaaaaaa", "S-bbbbbbbbbbbb"],
        "role": ["interviewer", "resident", "worker", "resident", "resident"],
        "is_participant": [False, True, True, True, True],
        "start": [0, 40, 90, 0, 60],
        "text": ["So, how was it?", "The bus never came, again.", "I do trust them now.", "Nothing to say.", "Buses."],
    }
)


def test_coding_sheet_lists_every_participant_passage_of_the_drawn_units_in_order():
    sheet = coding_sheet(["d1", "sv-r0002"], SEGMENTS, "A")
    assert list(sheet.columns) == SHEET_COLUMNS
    # The interviewer's question is context, not coded; sv-r0003 was not drawn.
    assert list(sheet["segment_id"]) == ["d1-t002-s01", "d1-t003-s01", "sv-r0002q01-s01"]
    assert list(sheet["coder"]) == ["A"] * 3 and (sheet["theme_ids"] == "").all()
    assert list(sheet["speaker"]) == ["AB01", "AB02", "S-aaaaaaaaaaaa"]


def test_coding_sheet_round_trip_through_excel_places_every_code(tmp_path):
    path = write_coding_sheet(
        tmp_path / "batch-01.xlsx", coding_sheet(["d1", "sv-r0002"], SEGMENTS, "A"), CODEBOOK, "Test"
    )
    book = load_workbook(path)
    assert book.sheetnames == ["coding", "codebook", "how to code"]
    assert [c.value for c in book["codebook"]["A"]][1:] == ["transport", "trust"]
    # The coder fills in theme_ids in Excel and saves: two themes, one theme, and "none".
    coding = book["coding"]
    column = SHEET_COLUMNS.index("theme_ids") + 1
    for row, value in zip(range(2, 5), ["transport; trust", "trust", "none"]):
        coding.cell(row=row, column=column, value=value)
    book.save(path)
    placed = read_human_codes(path, Corpus.from_tables(SEGMENTS), ["transport", "trust"])
    expected = pd.DataFrame(
        {
            "segment_id": ["d1-t002-s01", "d1-t002-s01", "d1-t003-s01", "sv-r0002q01-s01"],
            "coder": "A",
            "theme_id": ["transport", "trust", "trust", ""],
        }
    )
    pd.testing.assert_frame_equal(placed.codes, expected)
    assert list(placed.placement["line"]) == [2, 3, 4] and set(placed.placement["status"]) == {"placed"}
    units = coded_units(placed.codes, SEGMENTS, "A")
    assert dict(zip(units["unit_id"], units["complete"])) == {"d1": True, "sv-r0002": True}


def test_coding_sheet_workbook_carries_a_fixed_date_not_the_day_it_was_written(tmp_path):
    sheet = coding_sheet(["d1"], SEGMENTS, "A")
    first = write_coding_sheet(tmp_path / "a.xlsx", sheet, CODEBOOK, "T")
    import zipfile

    with zipfile.ZipFile(first) as archive:
        assert "2000-01-01" in archive.read("docProps/core.xml").decode()
