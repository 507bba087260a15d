"""Survey exports as several organisations' platforms write them: one mapping per export, columns some
exports lack, headers that wrap, placeholder answers, and the places a response may name."""

import pandas as pd
import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.clean import corpus_places
from qualsynth.ingest.sources import read_source
from qualsynth.ingest.surveys import likert_scale, survey_mapping
from qualsynth.settings import IngestSettings

PRACTICE_A = {
    "files": ["surveys/practice_a*.csv"],
    "respondent_column": "ID",
    "place_column": "Which practice",
    "date_column": "Start time",
    "date_format": "%d/%m/%Y %H:%M",
    "role_column": "Are you a patient or carer?",
    "role_map": {"Patient": "patient", "Carer": "carer"},
    "text_columns": ["What went well?", "What could be better?"],
    "placeholders": ["Did not answer", "N/A"],
}
PRACTICE_B = {
    "files": "surveys/practice_b*.csv",
    "respondent_column": "Respondent ID",
    "date_column": "Date submitted",
    "date_format": "%m/%d/%Y",
    "role": "patient",
    "text_columns": ["What went well?", "Anything else?"],
    "likert_columns": ["I was treated with respect"],
    "likert_scale": {"Agree": 4, "Disagree": 2},
    "optional_columns": ["Anything else?"],
}


def test_survey_mapping_picks_each_export_s_own_mapping_by_its_files():
    surveys = [PRACTICE_A, PRACTICE_B]
    assert survey_mapping(surveys, "surveys/practice_a_2025.csv") is PRACTICE_A
    assert survey_mapping(surveys, "surveys/practice_b_2025.csv") is PRACTICE_B
    assert survey_mapping(surveys, "surveys/other.csv") is None
    assert survey_mapping(PRACTICE_A, "anything.csv") is PRACTICE_A
    assert likert_scale(surveys) == {"Agree": 4, "Disagree": 2}


def test_a_header_that_wraps_matches_the_config_s_name_on_one_line_and_placeholders_are_no_answer(tmp_path, caplog):
    path = tmp_path / "practice_a.csv"
    # The second free-text header wraps inside its cell, as Forms writes a long question.
    path.write_text(
        'ID,Start time,Which practice,Are you a patient or carer?,What went well?,"What could\nbe better?"\n'
        "1,13/03/2025 09:14,Millgate,Patient,Kind reception staff.,Did not answer\n"
        "2,14/03/2025 10:00,Millgate,Carer,Did not answer,N/A\n"
        "3,15/03/2025 11:30,Millgate,Patient,-,Parking.\n",
        encoding="utf-8",
    )
    with caplog.at_level("INFO"):
        source = read_source(path, PRACTICE_A, ["Millgate"])
    # Row 2: two placeholders; row 3: "-" has no letter or digit; row 2 said nothing else.
    assert [(u.ref, u.text) for u in source.units] == [
        ("row 2, question 1", "Kind reception staff."),
        ("row 4, question 2", "Parking."),
    ]
    assert source.placeholders == 4
    assert source.empty_rows == ["row 3"]
    assert "4 placeholder answer(s) read as no answer" in caplog.text


def test_an_export_without_a_place_column_takes_its_register_place_and_may_lack_an_optional_column(tmp_path):
    path = tmp_path / "practice_b.csv"
    path.write_text(
        "Respondent ID,Date submitted,What went well?,I was treated with respect\n"
        "R1,03/13/2025,The nurse listened.,Agree\n",
        encoding="utf-8",
    )
    source = read_source(path, PRACTICE_B, ["Millgate", "Rowan Street"], place="Rowan Street")
    assert [(u.place, u.date, u.role, u.text) for u in source.units] == [
        ("Rowan Street", "2025-03-13", "patient", "The nurse listened.")
    ]
    assert [(r["question"], r["value"]) for r in source.likert] == [("I was treated with respect", 4)]


def test_a_column_an_export_lacks_is_reported_with_both_fixes(tmp_path):
    path = tmp_path / "practice_a.csv"
    path.write_text(
        "ID,Start time,Which practice,Are you a patient or carer?,What went well?\n"
        "1,13/03/2025 09:14,Millgate,Patient,Fine.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InputError,
        match=r"\['What could be better\?'\] named in the config's 'surveys' section are "
        r"not in this export's header\. If a name is misspelt, correct it in the config; if some "
        r"exports lack the column, list it in optional_columns, or give this export a mapping",
    ):
        read_source(path, PRACTICE_A, ["Millgate"])


def test_survey_places_default_to_every_place_of_the_register():
    # A survey-only inquiry: one export per organisation, each registered at its organisation.
    register = pd.DataFrame(
        {"path": ["surveys/practice_a.csv", "surveys/practice_b.csv"], "place": ["Millgate", "Rowan Street"]}
    )
    assert corpus_places(register, IngestSettings()) == ["Millgate", "Rowan Street"]
    assert corpus_places(register, IngestSettings(places=["Elm"])) == ["Elm"]


def test_a_date_that_reads_the_same_in_both_orders_is_no_evidence_of_either(tmp_path):
    from qualsynth.errors import Problems
    from qualsynth.ingest.surveys import settle_dates

    # 03/03 is the same day either way; 03/13 shows the export is month first, which settles 09/02 as 2 September.
    problems = Problems()
    dates = settle_dates(["03/03/2025", "03/13/2025", "09/02/2025"], ["%d/%m/%Y", "%m/%d/%Y"], tmp_path, problems)
    assert (dates, problems.messages()) == (["2025-03-03", "2025-03-13", "2025-09-02"], [])


def test_respondents_of_two_organisations_with_the_same_id_are_two_people_and_a_blank_id_is_its_row(tmp_path):
    from qualsynth.ingest.surveys import respondent_id

    one, other = {"files": "surveys/a*.csv"}, {"files": "surveys/b*.csv"}
    assert respondent_id("1", one, tmp_path / "a.csv", 2) != respondent_id("1", other, tmp_path / "b.csv", 2)
    # One organisation's exports share their ids: the same respondent in two waves is one person.
    assert respondent_id("1", one, tmp_path / "a1.csv", 2) == respondent_id("1", one, tmp_path / "a2.csv", 9)
    assert respondent_id("", one, tmp_path / "a.csv", 2) != respondent_id("", one, tmp_path / "a.csv", 3)
    # A single mapping for every export keeps the ids as they were.
    assert respondent_id("1", PRACTICE_B | {"files": None}, tmp_path / "x.csv", 2) == respondent_id(
        "1", {}, tmp_path / "y.csv", 5
    )
