import docx
import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.readers import Unit, read_source, read_text

SURVEY = {
    "respondent_column": "ID",
    "place_column": "Place",
    "date_column": "When",
    "date_format": "%d/%m/%Y",
    "role_column": "Role",
    "role_map": {"Resident": "resident"},
    "text_columns": ["Changed?", "Barriers?"],
    "likert_columns": ["Clear goals"],
    "likert_scale": {"Disagree": 2, "Agree": 4},
    "drop_columns": ["Email"],
}


def test_read_text_decodes_cp1252_and_keeps_smart_quotes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Ada: It’s “fine” – really.\r\n".encode("cp1252"))
    assert read_text(path) == "Ada: It’s “fine” – really.\n"


def test_read_text_drops_a_utf8_bom_and_normalises_to_nfc(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfCafe\xcc\x81\n")  # "e" + combining acute
    assert read_text(path) == "Café\n"


def test_read_source_skips_front_matter_and_counts_lines_from_the_file_top(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("---\ninterviewee: Ada Lovelace\n---\nINT: Hello?\nAda: Hi.\n")
    assert read_source(path, None, []).units == [Unit("line 4", "INT", "Hello?"), Unit("line 5", "Ada", "Hi.")]


def test_read_source_reads_markdown_bold_labels(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("---\ntitle: Session\n---\n\n**FACILITATOR:** Start.\n\n**Ada Lovelace:** We mapped it.\n")
    assert [(u.label, u.text) for u in read_source(path, None, []).units] == [
        ("FACILITATOR", "Start."),
        ("Ada Lovelace", "We mapped it."),
    ]


def test_read_source_reads_a_learning_log_entry_by_entry(tmp_path):
    path = tmp_path / "log.md"
    path.write_text(
        "---\nauthor: Ada Lovelace\n---\n\n## 3 May 2023\n\nFirst thought.\nStill first.\n\n"
        "## 9 May 2023\n\n- a list item\n"
    )
    assert read_source(path, None, []).units == [
        Unit("line 5", "Ada Lovelace", "First thought. Still first."),
        Unit("line 10", "Ada Lovelace", "- a list item"),
    ]


def test_read_source_merges_consecutive_vtt_cues_of_one_speaker(tmp_path):
    path = tmp_path / "c.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v HOST>Ready?</v>\n\n"
        "00:00:02.000 --> 00:00:04.000\n<v Ada Lovelace>Yes, I\nthink so.</v>\n\n"
        "00:00:04.000 --> 00:00:05.000\n<v Ada Lovelace>Go on.</v>\n\n"
        "00:00:05.000 --> 00:00:06.000\n<v HOST>Thanks.</v>\n"
    )
    assert read_source(path, None, []).units == [
        Unit("cue 1 (00:00:01.000)", "HOST", "Ready?"),
        Unit("cue 2 (00:00:02.000)", "Ada Lovelace", "Yes, I think so. Go on."),
        Unit("cue 4 (00:00:05.000)", "HOST", "Thanks."),
    ]


def test_read_source_reads_docx_paragraphs_and_tables(tmp_path):
    paragraphs = docx.Document()
    paragraphs.add_paragraph("HOST: Hello.")
    paragraphs.add_paragraph("Ada: Hi there.")
    paragraphs.add_paragraph("And more.")
    paragraphs.save(tmp_path / "p.docx")
    table_doc = docx.Document()
    table = table_doc.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows, [("Speaker", "Time", "Text"), ("HOST", "00:01", "Hello."), ("Ada", "00:02", "Hi.")]
    ):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table_doc.save(tmp_path / "t.docx")
    assert read_source(tmp_path / "p.docx", None, []).units == [
        Unit("paragraph 1", "HOST", "Hello."),
        Unit("paragraph 2", "Ada", "Hi there. And more."),
    ]
    assert read_source(tmp_path / "t.docx", None, []).units == [
        Unit("table row 2", "HOST", "Hello."),
        Unit("table row 3", "Ada", "Hi."),
    ]


def test_read_source_names_a_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"broken.docx: not a readable .docx file"):
        read_source(path, None, [])


def test_read_source_turns_survey_answers_into_units_and_likert_rows(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "ID,When,Place,Role,Email,Clear goals,Changed?,Barriers?\n"
        "R_1,02/05/2023,hilltop ,Resident,a@b.org,Agree,More trust.,\n"
        "R_2,03/05/2023,Riverside,Resident,,Disagree,,\n"
    )
    source = read_source(path, SURVEY, ["Hilltop", "Riverside"])
    assert source.survey_rows == 2
    assert source.empty_rows == ["row 3"]
    [unit] = source.units
    assert (unit.ref, unit.text, unit.place, unit.date, unit.role) == (
        "row 2, question 1",
        "More trust.",
        "Hilltop",
        "2023-05-02",
        "resident",
    )
    assert unit.respondent.startswith("S-") and "R_1" not in unit.respondent
    assert [(r["item"], r["value"], r["place"]) for r in source.likert] == [
        ("q1", 4, "Hilltop"),
        ("q1", 2, "Riverside"),
    ]


def test_read_source_refuses_an_unmapped_survey_column(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("ID,When,Place,Role,Email,Clear goals,Changed?,Barriers?,Postcode\n")
    with pytest.raises(InputError, match=r"s.csv: column\(s\) \['Postcode'\] are not mapped"):
        read_source(path, SURVEY, ["Hilltop"])


def test_read_source_names_the_survey_row_with_an_unknown_place(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "ID,When,Place,Role,Email,Clear goals,Changed?,Barriers?\nR_1,02/05/2023,Nowhere,Resident,,Agree,x,\n"
    )
    with pytest.raises(InputError, match=r"s.csv, row 2: place 'Nowhere' is not a place in the register"):
        read_source(path, SURVEY, ["Hilltop"])


def test_read_source_names_an_empty_document(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("---\ntitle: x\n---\n\n")
    with pytest.raises(InputError, match=r"empty.txt: the document is empty"):
        read_source(path, None, [])


def test_read_text_names_the_line_of_binary_or_undecodable_content(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes("Ada: fine\n".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"b.txt, line 1: undecodable or binary content \(character U\+0000\)"):
        read_text(path)
