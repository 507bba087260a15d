import docx
import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.readers import Unit, read_text
from qualsynth.ingest.sources import read_source

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


def test_read_text_names_the_line_of_binary_content(tmp_path):
    path = tmp_path / "b.txt"
    # A PNG's first bytes: "\x89PNG" (four bytes, read as cp1252), CR LF, then the control character 0x1A: byte 6.
    path.write_bytes(b"\x89PNG\r\n\x1a\nIHDR")
    with pytest.raises(InputError, match=r"b.txt, line 2, byte 6: binary content, not text \(character U\+001A\)"):
        read_text(path)


@pytest.mark.parametrize(
    ("data", "how"),
    [
        (b"\xff\xfe" + "Zoë: fine\r\nAda: “yes”\r\n".encode("utf-16-le"), "UTF-16 LE with a byte-order mark"),
        (b"\xfe\xff" + "Zoë: fine\r\nAda: “yes”\r\n".encode("utf-16-be"), "UTF-16 BE with a byte-order mark"),
        ("Zoë: fine\r\nAda: “yes”\r\n".encode("utf-16-le"), "UTF-16 LE without a mark"),
        (b"\xef\xbb\xbf" + "Zoë: fine\nAda: “yes”\n".encode(), "UTF-8 with a byte-order mark"),
        ("Zoë: fine\nAda: “yes”\n".encode(), "UTF-8"),
        ("Zoë: fine\r\nAda: “yes”\r\n".encode("cp1252"), "Windows-1252"),
    ],
)
def test_read_text_reads_the_encodings_windows_and_other_tools_save(tmp_path, data, how):
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    assert read_text(path) == "Zoë: fine\nAda: “yes”\n", how


def test_read_text_names_the_line_and_byte_of_binary_content_further_in(tmp_path):
    path = tmp_path / "b.csv"
    # Line 1 is 4 bytes with its newline, "é" is two bytes in UTF-8: the zero byte is byte 4 + 2 = 6.
    path.write_bytes("a,b\né\x00,c\n".encode())
    with pytest.raises(InputError, match=r"b.csv, line 2, byte 6: binary content"):
        read_text(path)


def test_read_text_counts_a_byte_order_mark_once_in_a_file_read_as_cp1252(tmp_path):
    path = tmp_path / "b.txt"
    # A UTF-8 mark, then "café" in cp1252 (é is byte 0xE9, not UTF-8), so the file is read as cp1252 and its
    # mark as three characters of text: bytes 0-2 the mark, 3-5 "caf", 6 "é", 7 the space, 8 the control.
    path.write_bytes(b"\xef\xbb\xbfcaf\xe9 \x01")
    with pytest.raises(InputError, match=r"b.txt, line 1, byte 8: binary content"):
        read_text(path)


# A Microsoft Forms export as Excel saves it: answers with line breaks inside their cells (U+000B),
# start times in two formats (as typed by hand, and as the platform writes them), and a role and a
# place with non-breaking and doubled spaces.
FORMS = {
    "respondent_column": "ID",
    "place_column": "Where do you live?",
    "date_column": "Start time",
    "date_format": ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"],
    "role_column": "I am a...",
    "role_map": {"Local resident": "resident", "Staff member": "staff"},
    "text_columns": ["What changed for you?"],
    "likert_columns": ["The goals were clear"],
    "likert_scale": {"Disagree": 2, "Strongly agree": 5},
    "drop_columns": ["Email", "Name", "Completion time"],
}
FORMS_HEADER = (
    "ID,Start time,Completion time,Email,Name,Where do you live?,I am a...,The goals were clear,What changed for you?\n"
)


def test_read_source_reads_a_forms_export_with_cell_line_breaks_two_date_formats_and_odd_spaces(tmp_path, caplog):
    path = tmp_path / "forms.csv"
    path.write_text(
        FORMS_HEADER
        + "1,02/05/2023 10:31,02/05/2023 10:40,anon,anon,Hilltop,Local\u00a0resident,Strongly\u00a0agree,"
        + '"We talk more.\x0bThe hall is open\x0b\x0bon Sundays."\n'
        + "2,2023-05-03 09:12:00,2023-05-03 09:20:00,anon,anon,River  side,Staff  member,Disagree,Nothing yet.\n",
        encoding="utf-8",
    )
    caplog.set_level("INFO")
    source = read_source(path, FORMS, ["Hilltop", "River side"])
    assert [(u.text, u.place, u.date, u.role) for u in source.units] == [
        ("We talk more. The hall is open on Sundays.", "Hilltop", "2023-05-02", "resident"),
        ("Nothing yet.", "River side", "2023-05-03", "staff"),
    ]
    assert [(r["answer"], r["value"]) for r in source.likert] == [("Strongly agree", 5), ("Disagree", 2)]
    assert "forms.csv: 3 line break(s) inside a line or cell (such as Excel's) read as spaces" in caplog.text


def test_read_source_names_the_row_of_an_ambiguous_date_between_dates_of_both_formats(tmp_path):
    path = tmp_path / "forms.csv"
    formats = {**FORMS, "date_format": ["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"]}
    row = ",02/05/2023 10:40,anon,anon,Hilltop,Local resident,Disagree,x\n"
    # 25/05 reads only by day/month and 05/26 only by month/day; 03/04, between them, reads as 3 April and as
    # 4 March, and its neighbours disagree.
    path.write_text(
        FORMS_HEADER + "1,25/05/2023 10:31" + row + "2,03/04/2023 09:12" + row + "3,05/26/2023 11:00" + row,
        encoding="utf-8",
    )
    with pytest.raises(
        InputError,
        match=r"forms.csv, row 3: date '03/04/2023 09:12' is ambiguous: it reads as 2023-04-03 by "
        r"'%d/%m/%Y %H:%M'; 2023-03-04 by '%m/%d/%Y %H:%M', and the export's other dates do not settle it",
    ):
        read_source(path, formats, ["Hilltop"])


def test_read_source_settles_ambiguous_dates_by_the_export_s_unambiguous_ones(tmp_path, caplog):
    path = tmp_path / "forms.csv"
    formats = {**FORMS, "date_format": ["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"]}
    row = ",02/05/2023 10:40,anon,anon,Hilltop,Local resident,Disagree,x\n"
    # Rows 2-4 are day/month (25/05 settles 03/04 and 04/05 between it and 26/05); rows 5-7 are month/day
    # (05/27 and 05/28 settle 06/01 between them).
    dates = ["25/05/2023 10:31", "03/04/2023 09:12", "26/05/2023 08:00", "05/27/2023 10:00", "06/01/2023 11:00"]
    dates.append("05/28/2023 12:00")
    body = "".join(f"{n},{d}{row}" for n, d in enumerate(dates, start=1))
    path.write_text(FORMS_HEADER + body, encoding="utf-8")
    with caplog.at_level("INFO"):
        found = read_source(path, formats, ["Hilltop"])
    assert [u.date for u in found.units] == [
        "2023-05-25",
        "2023-04-03",
        "2023-05-26",
        "2023-05-27",
        "2023-06-01",
        "2023-05-28",
    ]
    assert "1 ambiguous date(s) read by '%d/%m/%Y %H:%M', 1 ambiguous date(s) read by '%m/%d/%Y %H:%M'" in caplog.text


def test_read_source_names_the_row_of_a_date_no_format_reads(tmp_path):
    path = tmp_path / "forms.csv"
    path.write_text(
        FORMS_HEADER + "1,May 2nd 2023,02/05/2023 10:40,anon,anon,Hilltop,Local resident,Disagree,x\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"forms.csv, row 2: date 'May 2nd 2023' matches no format in ingest.surveys"):
        read_source(path, FORMS, ["Hilltop"])


def word_file(path, paragraphs, table=None, table_first=True):
    """A .docx of ``paragraphs``: plain text, or (bold, plain) pairs; and a table of rows before or after them."""
    import docx

    document = docx.Document()

    def add_table():
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell

    if table and table_first:
        add_table()
    for item in paragraphs:
        paragraph = document.add_paragraph()
        bold, plain = item if isinstance(item, tuple) else ("", item)
        if bold:
            paragraph.add_run(bold).bold = True
        if plain:
            paragraph.add_run(plain)
    if table and not table_first:
        add_table()
    document.save(path)
    return path


def test_a_word_transcript_with_the_interviewer_s_lines_all_in_bold_keeps_them_the_interviewer_s(tmp_path):
    path = word_file(
        tmp_path / "t.docx",
        [
            ("Interviewer: How did it go?", ""),
            ("Jane Smith: ", "Badly at first."),
            ("I mean it.", ""),  # emphasis in bold, not a name
            ("Interviewer: And now?", ""),
        ],
    )
    assert [(u.label, u.text) for u in read_source(path, None, []).units] == [
        ("Interviewer", "How did it go?"),
        ("Jane Smith", "Badly at first. I mean it."),
        ("Interviewer", "And now?"),
    ]


def test_a_word_table_of_facts_above_a_transcript_is_its_title_and_text_outside_a_table_of_turns_is_refused(
    tmp_path,
):
    facts = [["Date", "3 May 2024"], ["Location", "Cork"]]
    above = word_file(tmp_path / "a.docx", ["Ada: Hello.", "Ben: Hi.", "Ada: Bye."], table=facts)
    source = read_source(above, None, [])
    assert [(u.label, u.text) for u in source.units] == [("Ada", "Hello."), ("Ben", "Hi."), ("Ada", "Bye.")]
    assert [reason for _, reason in source.set_apart] == ["title", "title"]
    turns = [["Speaker", "Text"], ["Ada", "Hello."], ["Ben", "Hi."]]
    after = word_file(tmp_path / "b.docx", ["Notes from the session, and what came after it."], table=turns)
    with pytest.raises(InputError, match=r"b.docx, paragraph 2: text outside the document's table of turns"):
        read_source(after, None, [])


def test_captions_before_the_first_named_cue_are_set_apart_and_a_file_without_cues_says_so(tmp_path):
    vtt = tmp_path / "z.vtt"
    vtt.write_text(
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nOkay we are recording.\n\n"
        "2\n00:00:02.000 --> 00:00:04.000\nJane Smith: Hello.\n",
        encoding="utf-8",
    )
    source = read_source(vtt, None, [])
    assert [(u.label, u.text) for u in source.units] == [("Jane Smith", "Hello.")]
    assert source.set_apart == [("cue 1 (00:00:00.000)", "no_speaker")]
    empty = tmp_path / "e.vtt"
    empty.write_text("WEBVTT\n\nNOTE a note and nothing else\n", encoding="utf-8")
    with pytest.raises(InputError, match="e.vtt: the caption file holds no cues"):
        read_source(empty, None, [])


def test_an_empty_survey_export_is_refused_naming_it(tmp_path):
    path = tmp_path / "forms.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="forms.csv: the export is empty"):
        read_source(path, FORMS, ["Hilltop"])


def test_zoom_captions_name_a_speaker_as_the_meeting_shows_them_a_device_too(tmp_path):
    vtt = tmp_path / "zoom.vtt"
    cues = [
        ("Amira Haddad", "Right."),
        ("Gwen's iPad", "Can I say, same with us."),
        ("Amira Haddad", "Go on."),
        ("Gwen's iPad", "Nobody came."),
    ]
    vtt.write_text(
        "WEBVTT\n\n"
        + "".join(
            f"{n}\n00:00:0{n}.000 --> 00:00:0{n}.900\n{who}: {said}\n\n" for n, (who, said) in enumerate(cues, 1)
        ),
        encoding="utf-8",
    )
    assert [(u.label, u.text) for u in read_source(vtt, None, []).units] == cues
