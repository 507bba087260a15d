import datetime as dt
import shutil

import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.inputs import assign_wave
from qualsynth.settings import Wave, waves_from_config
from tests.unit.helpers import MINI, mini_documents, mini_roster

WAVES = [Wave("A", dt.date(2022, 1, 1), dt.date(2022, 6, 30)), Wave("B", dt.date(2022, 7, 1), dt.date(2022, 12, 31))]


@pytest.fixture
def raw(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(MINI / "raw", target)
    return target


def test_validate_inputs_derives_waves_from_dates():
    documents = mini_documents()
    assert list(documents["doc_id"]) == ["h1", "r1", "r2"]
    assert list(documents["wave"]) == ["A", "A", "B"]
    assert list(documents["place"]) == ["Hilltop", "Riverside", "Riverside"]


def test_assign_wave_includes_both_ends_of_a_wave():
    assert assign_wave(dt.date(2022, 6, 30), WAVES) == "A"
    assert assign_wave(dt.date(2022, 7, 1), WAVES) == "B"
    assert assign_wave(dt.date(2023, 1, 1), WAVES) is None


def test_waves_from_config_refuses_overlapping_waves():
    with pytest.raises(InputError, match="waves 'A' and 'B' overlap"):
        waves_from_config(
            [
                {"id": "A", "start": "2022-01-01", "end": "2022-07-31"},
                {"id": "B", "start": "2022-07-01", "end": "2022-12-31"},
            ]
        )


def test_validate_inputs_names_the_register_line_of_a_missing_file(raw):
    (raw / "sources/hilltop_1.txt").unlink()
    with pytest.raises(
        InputError,
        match=r"documents.csv, line 4: document 'h1' points at 'sources/hilltop_1.txt', which does not exist",
    ):
        mini_documents(raw)


def test_validate_inputs_names_an_unknown_method(raw):
    text = (raw / "documents.csv").read_text().replace("group_session", "world_cafe")
    (raw / "documents.csv").write_text(text)
    with pytest.raises(InputError, match=r"line 3: method 'world_cafe' is not one of the configured methods"):
        mini_documents(raw)


def test_validate_inputs_names_a_date_outside_every_wave(raw):
    text = (raw / "documents.csv").read_text().replace("2022-03-05", "2021-03-05")
    (raw / "documents.csv").write_text(text)
    with pytest.raises(InputError, match=r"line 4: date 2021-03-05 of 'h1' falls in no wave"):
        mini_documents(raw)


def test_validate_inputs_names_a_duplicate_doc_id(raw):
    text = (raw / "documents.csv").read_text().replace("h1,", "r1,")
    (raw / "documents.csv").write_text(text)
    with pytest.raises(InputError, match=r"line 4: doc_id 'r1' is already used on line 2"):
        mini_documents(raw)


def test_validate_inputs_names_a_malformed_date(raw):
    text = (raw / "documents.csv").read_text().replace("2022-03-05", "5/3/2022")
    (raw / "documents.csv").write_text(text)
    with pytest.raises(
        InputError, match=r"line 4: column 'date'.*Expected the date the data were collected, as YYYY-MM-DD"
    ):
        mini_documents(raw)


def test_read_roster_refuses_a_name_shared_by_two_participants(raw):
    with open(raw / "participants.csv", "a") as handle:
        handle.write("H2,Hugo Stone;Hugh,resident,Hilltop,given\n")
    with pytest.raises(
        InputError, match=r"participants.csv, line 6: a name or alias of H2 is also listed for H1 \(line 5\)"
    ):
        mini_roster(raw)


def test_read_roster_names_an_unknown_consent_value(raw):
    text = (raw / "participants.csv").read_text().replace("withdrawn", "maybe")
    (raw / "participants.csv").write_text(text)
    with pytest.raises(InputError, match=r"participants.csv, line 4: column 'consent'"):
        mini_roster(raw)


def test_a_register_column_is_kept_only_when_the_sample_is_stratified_by_it(tmp_path, schemas):
    import datetime as dt

    from qualsynth.config import load_schema
    from qualsynth.ingest.inputs import check_register
    from qualsynth.settings import Wave

    (tmp_path / "a.txt").write_text("Ada: hi\n", encoding="utf-8")
    (tmp_path / "documents.csv").write_text(
        "doc_id,path,place,date,method,site,interviewee\nd1,a.txt,Alder,2024-01-05,interview,hub,Ada Lovelace\n",
        encoding="utf-8",
    )
    waves = [Wave("W1", dt.date(2024, 1, 1), dt.date(2024, 12, 31))]
    schema = load_schema(schemas / "register.schema.yaml")
    kept = check_register(tmp_path, schema, waves, ["interview"], ["place", "site"])
    assert "site" in kept.columns and "interviewee" not in kept.columns
    assert kept.loc[0, "site"] == "hub"
