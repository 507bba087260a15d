"""A survey-only design with other places, waves, methods and roles runs with only a different config.

Counted by hand from tests/data/consultation/raw: 7 respondents in 2 exports; C003 wrote nothing;
the other 6 wrote 9 answers. Transport is mentioned by C001, C004 (spring) and C101 (autumn);
parking by C002, C004 and C101; parks by C004 and C102.
"""

import pandas as pd
import pytest

from tests.workflow import built_project, report_text

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("consultation"), "--configfile", "tests/data/consultation/config.yaml")


def test_consultation_segments_and_exclusions(project):
    segments = pd.read_parquet(project / "data/processed/segments.parquet")
    assert len(segments) == 9
    assert segments["participant_id"].nunique() == 6
    assert sorted(segments["place"].unique()) == ["Harbourside", "Uplands"]
    assert sorted(segments["wave"].unique()) == ["Autumn", "Spring"]
    assert set(segments["role"]) == {"resident", "business"}
    exclusions = pd.read_csv(project / "data/processed/exclusions.csv")
    assert list(exclusions["reason"]) == ["no_free_text"]
    assert len(pd.read_parquet(project / "data/processed/likert.parquet")) == 7


def test_consultation_report_numbers(project):
    text = report_text(project)
    assert "draws on 2 documents from 2 places over 2 waves, in which 6 participants spoke in 9 passages" in text
    # Each theme is raised in both documents, so every resample of them gives 100%.
    assert "Public transport 100% (100%–100%) 3 of 6" in text
    assert "Parking 100% (100%–100%) 3 of 6" in text
    assert "Parks 100% (100%–100%) 2 of 6" in text


def test_consultation_outputs_hold_no_contact_details_or_names(project):
    for path in list((project / "data/processed").rglob("*")) + list((project / "report/_output").rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".txt", ".json", ".html"}:
            content = path.read_text(encoding="utf-8", errors="replace")
            for value in ["07700 900777", "owner@example.com", "Ellison", "C001", "C101"]:
                assert value not in content, (path, value)
