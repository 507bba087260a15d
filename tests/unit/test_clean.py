import dataclasses
import json

import pandas as pd
import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.accounting import assemble
from qualsynth.ingest.clean import CorpusScan, clean_documents, in_shard, scan_documents, shard_of
from tests.unit.helpers import MINI, mini_documents, mini_roster, mini_settings


def settings(**overrides):
    return dataclasses.replace(mini_settings().ingest, **overrides)


WAVES = mini_settings().inquiry.waves


@pytest.fixture(scope="module")
def result():
    return clean_documents(mini_documents(), mini_roster(), MINI / "raw", settings(), WAVES)


def test_clean_accounts_for_every_document_and_turn(result):
    # 3 documents; 4 + 4 + 2 turns; Cleo Marsh's one turn is withdrawn.
    assert result.counts == {
        "documents_in": 3,
        "documents_with_segments": 3,
        "documents_excluded": 0,
        "units_in": 10,
        "units_segmented": 9,
        "units_excluded": 1,
        "units_in_excluded_documents": 0,
        "survey_rows_in": 0,
        "survey_rows_with_segments": 0,
        "survey_rows_excluded": 0,
        "survey_rows_in_excluded_documents": 0,
        "survey_placeholder_answers": 0,
        "segments": 9,
        "redactions": 5,
    }


def test_clean_excludes_the_withdrawn_participant_with_a_reason(result):
    expected = pd.DataFrame(
        {
            "unit": ["turn"],
            "doc_id": ["r2"],
            "unit_ref": ["line 3"],
            "reason": ["consent_withdrawn"],
            "detail": ["turn 3 by R3"],
        }
    )
    pd.testing.assert_frame_equal(result.exclusions, expected)
    assert "rules are fine" not in " ".join(result.texts.values())
    assert not result.segments["text"].str.contains("fine").any()


def test_clean_attributes_turns_and_marks_interviewers(result):
    r2 = result.segments[result.segments["doc_id"] == "r2"]
    assert list(r2["segment_id"]) == ["r2-t001-s01", "r2-t002-s01", "r2-t004-s01"]
    assert list(r2["participant_id"]) == ["", "R2", "R2"]
    assert list(r2["role"]) == ["interviewer", "worker", "worker"]
    assert list(r2["is_participant"]) == [False, True, True]
    assert list(r2["wave"]) == ["B", "B", "B"]


def test_clean_joins_continuation_lines_into_the_turn(result):
    text = result.segments.set_index("segment_id").loc["r2-t004-s01", "text"]
    assert text == "The rules still slow us down, but less than before."


def test_clean_offsets_point_into_the_deidentified_text(result):
    row = result.segments.set_index("segment_id").loc["r1-t002-s01"]
    # "HOST: Hello R1, what matters most to you here?" is 46 characters, then a blank line, then "R1: ".
    # Ben (R2) neither speaks in r1 nor is named there in full: his first name becomes [NAME], not R2.
    assert (row["start"], row["end"]) == (52, 110)
    assert row["text"] == "Trust. Without trust nothing moves. [NAME] knows that too."
    for seg in result.segments.itertuples():
        assert result.texts[seg.doc_id][seg.start : seg.end] == seg.text


def test_clean_removes_names_and_contact_details(result):
    everything = " ".join(result.texts.values())
    for value in [
        "Ada",
        "Lovelace",
        "Ben",
        "Benny",
        "Carter",
        "Cleo",
        "Hugo",
        "Stone",
        "07700 900456",
        "hugo.stone@example.org",
    ]:
        assert value not in everything
    assert list(result.redactions["category"].value_counts().sort_index().items()) == [
        ("EMAIL", 1),
        ("NAME", 3),
        ("PHONE", 1),
    ]


def test_clean_names_the_document_line_and_label_of_an_unknown_speaker(tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(MINI / "raw", raw)
    path = raw / "sources/hilltop_1.txt"
    path.write_text(path.read_text() + "Mystery Guest: Hello.\n")
    with pytest.raises(
        InputError, match=r"hilltop_1.txt, line 3: speaker label 'Mystery Guest' matches no participant"
    ):
        clean_documents(mini_documents(raw), mini_roster(raw), raw, settings(), WAVES)


def test_clean_accounts_for_a_duplicated_survey_export_and_an_empty_turn(tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(MINI / "raw", raw)
    survey = "ID,When,Place,Role,Text\nq1,01/05/2022,Hilltop,resident,The garden is lovely.\nq2,02/05/2022,Hilltop,resident,\n"
    (raw / "sources/s1.csv").write_text(survey)
    (raw / "sources/s2.csv").write_text(survey)
    with open(raw / "documents.csv", "a") as handle:
        handle.write("s1,sources/s1.csv,Hilltop,2022-05-31,interview\ns2,sources/s2.csv,Hilltop,2022-05-31,interview\n")
    (raw / "sources/call.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v HOST>Hello?</v>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Hugo Stone></v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v HOST>Still there?</v>\n\n"
        "00:00:04.000 --> 00:00:05.000\n<v Hugo Stone>Yes, sorry.</v>\n"
    )
    with open(raw / "documents.csv", "a") as handle:
        handle.write("c1,sources/call.vtt,Hilltop,2022-05-01,interview\n")
    surveys = {
        "respondent_column": "ID",
        "place_column": "Place",
        "date_column": "When",
        "date_format": "%d/%m/%Y",
        "role_column": "Role",
        "role_map": {"resident": "resident"},
        "text_columns": ["Text"],
        "likert_columns": [],
        "likert_scale": {},
    }
    result = clean_documents(mini_documents(raw), mini_roster(raw), raw, settings(surveys=surveys), WAVES)
    # s1: one answered row, one empty row; s2 is the same text, so excluded whole (2 rows).
    assert (
        result.counts["survey_rows_in"],
        result.counts["survey_rows_with_segments"],
        result.counts["survey_rows_excluded"],
        result.counts["survey_rows_in_excluded_documents"],
    ) == (4, 1, 1, 2)
    reasons = result.exclusions.set_index(["doc_id", "unit"])["reason"].to_dict()
    assert reasons[("s2", "document")] == "duplicate"
    assert reasons[("c1", "turn")] == "empty_turn"


def test_cleaning_shard_by_shard_gives_the_tables_of_cleaning_the_whole_corpus(result):
    documents, roster = mini_documents(), mini_roster()
    scan = scan_documents(documents, roster, MINI / "raw", settings())
    # r1 and h1 fall in shard 0 of 2, r2 (with the withdrawn turn) in shard 1.
    assert [shard_of(d, 2) for d in ["r1", "r2", "h1"]] == [0, 1, 0]
    parts = [
        clean_documents(in_shard(documents, k, 2), roster, MINI / "raw", settings(), WAVES, scan=scan, shard=(k, 2))
        for k in (0, 1)
    ]
    assert [sorted(p.texts) for p in parts] == [["h1", "r1"], ["r2"]]
    pd.testing.assert_frame_equal(assemble([p.segments for p in parts]), result.segments)
    pd.testing.assert_frame_equal(assemble([p.exclusions for p in parts]), result.exclusions)
    pd.testing.assert_frame_equal(assemble([p.redactions for p in parts]), result.redactions)
    assert {**parts[0].texts, **parts[1].texts} == result.texts
    assert parts[0].counts["documents_in"] + parts[1].counts["documents_in"] == 3


def write_corpus(raw, texts):
    (raw / "sources").mkdir(parents=True)
    rows = ["doc_id,path,place,date,method"]
    for doc_id, text in texts.items():
        (raw / "sources" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        rows.append(f"{doc_id},sources/{doc_id}.txt,Riverside,2022-02-10,interview")
    (raw / "documents.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (raw / "participants.csv").write_text(
        "participant_id,names,role,place,consent\nR1,Ada Lovelace;Ada,resident,Riverside,given\n", encoding="utf-8"
    )


def test_a_name_learned_in_one_shard_is_redacted_in_another_and_the_scan_names_no_one(tmp_path):
    write_corpus(
        tmp_path,
        {
            "a3": "Ada Lovelace: My neighbour Kieran Ashworth helped with the forms.\n",
            "a1": "Ada Lovelace: Kieran came round again on Tuesday.\n",
        },
    )
    documents, roster = mini_documents(tmp_path), mini_roster(tmp_path)
    assert (shard_of("a1", 2), shard_of("a3", 2)) == (0, 1)
    scan = scan_documents(documents, roster, tmp_path, settings())
    assert scan.duplicates == {}
    written = json.dumps(scan.to_json())
    assert "ieran" not in written and "shworth" not in written
    scan = CorpusScan.from_json(json.loads(written))
    shard = shard_of("a1", 2)
    alone = clean_documents(
        in_shard(documents, shard, 2), roster, tmp_path, settings(), WAVES, scan=scan, shard=(shard, 2)
    )
    assert alone.texts["a1"] == "R1: [NAME] came round again on Tuesday.\n\n"


def test_a_corpus_scanned_on_two_processes_finds_the_duplicates_one_finds(tmp_path):
    # 600 documents, enough to be read on two processes: d0100 repeats d0007 and d0599 repeats d0300,
    # so the later of each pair (in doc_id order) is the duplicate, whichever process read it.
    texts = {f"d{k:04d}": f"Ada Lovelace: Meeting {k} was about the rules.\n" for k in range(600)}
    texts["d0100"], texts["d0599"] = texts["d0007"], texts["d0300"]
    write_corpus(tmp_path, texts)
    documents, roster = mini_documents(tmp_path), mini_roster(tmp_path)
    two = scan_documents(documents, roster, tmp_path, settings(), workers=2)
    assert two.duplicates == {"d0100": "d0007", "d0599": "d0300"}
    assert two.to_json() == scan_documents(documents, roster, tmp_path, settings()).to_json()


def test_a_duplicate_in_another_shard_is_excluded_naming_the_document_kept(tmp_path):
    same = "Ada Lovelace: The rules get in the way.\n"
    write_corpus(tmp_path, {"a3": same, "a1": same})
    documents, roster = mini_documents(tmp_path), mini_roster(tmp_path)
    assert (shard_of("a1", 2), shard_of("a3", 2)) == (0, 1)
    scan = scan_documents(documents, roster, tmp_path, settings())
    # The first in doc_id order is kept.
    assert scan.duplicates == {"a3": "a1"}
    shard = shard_of("a3", 2)
    alone = clean_documents(
        in_shard(documents, shard, 2), roster, tmp_path, settings(), WAVES, scan=scan, shard=(shard, 2)
    )
    assert alone.segments.empty
    assert alone.exclusions[["doc_id", "reason", "detail"]].values.tolist() == [
        ["a3", "duplicate", "same text as a1, which is kept"]
    ]


def test_an_inquiry_with_no_participant_passage_says_why_and_where_to_look():
    from qualsynth.ingest.steps import nothing_to_analyse

    exclusions = pd.DataFrame(
        {
            "unit": ["document", "document", "turn"],
            "doc_id": ["d1", "d2", "d3"],
            "unit_ref": ["", "", "line 4"],
            "reason": ["bad_document", "no_participant_turns", "consent_withdrawn"],
            "detail": ["d1.txt: no speaker label found.", "3 unit(s), none from a consenting participant", "turn 2"],
        }
    )
    assert nothing_to_analyse(exclusions) == (
        "no document gave a participant's passage to analyse (documents excluded: 1 bad document; 1 no participant "
        "turns). The first unreadable one: d1.txt: no speaker label found. Run make check, which lists every "
        "document it cannot read and every speaker label that matches no one; data/processed/exclusions.csv gives "
        "each exclusion's reason."
    )


def test_a_survey_export_whose_respondents_only_rated_keeps_its_ratings(tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(MINI / "raw", raw)
    (raw / "ratings.csv").write_text(
        "ID,When,Where,Role,Comments,Was it useful?\n1,05/03/2022,Hilltop,Resident,,Agree\n2,06/03/2022,Hilltop,Resident,N/A,Disagree\n",
        encoding="utf-8",
    )
    with open(raw / "documents.csv", "a", encoding="utf-8") as register:
        register.write("sv,ratings.csv,Hilltop,2022-03-06,interview\n")
    survey = {
        "respondent_column": "ID",
        "place_column": "Where",
        "date_column": "When",
        "date_format": "%d/%m/%Y",
        "role_column": "Role",
        "role_map": {"Resident": "resident"},
        "text_columns": ["Comments"],
        "likert_columns": ["Was it useful?"],
        "likert_scale": {"Disagree": 2, "Agree": 4},
        "placeholders": ["N/A"],
    }
    found = clean_documents(mini_documents(raw), mini_roster(raw), raw, settings(surveys=survey), WAVES)
    # No free text: the export is excluded as a source of passages, but both ratings are kept.
    assert found.exclusions.loc[found.exclusions["doc_id"] == "sv", "reason"].tolist()[0] == "no_participant_turns"
    assert found.likert[["doc_id", "answer", "value"]].values.tolist() == [["sv", "Agree", 4], ["sv", "Disagree", 2]]


def test_clean_reviews_every_replacement_with_its_original_words_and_reason(result):
    r1 = result.review[(result.review["doc_id"] == "r1") & (result.review["decision"] == "replaced")]
    # riverside_1.txt: "Hello Ada" (R1 speaks in r1), "Ben knows that too" (R2 neither speaks in r1 nor is
    # named there in full) and Ada's phone number.
    assert list(zip(r1["original"], r1["category"], r1["reason"])) == [
        ("Ada", "NAME", "a participant (roster)"),
        ("Ben", "NAME", "a roster name no one participant owns here"),
        ("07700 900456", "PHONE", "phone"),
    ]
    assert "Ben knows that too" in r1["context"].iloc[1]
    # The published table of replacements never holds the original words.
    assert "original" not in result.redactions.columns and "context" not in result.redactions.columns
