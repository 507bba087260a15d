"""A survey-only design with other places, waves, methods and roles runs with only a different config.

Counted by hand from tests/data/consultation/raw: 7 respondents in 2 exports; C003 wrote nothing;
the other 6 wrote 9 answers. Transport is mentioned by C001, C004 (spring) and C101 (autumn);
parking by C002, C004 and C101; parks by C004 and C102. Each respondent is a unit: transport and
parking are raised by 3 of the 6, parks by 2. Nobody coded these by hand, so the shares are the
machine's, uncorrected.
"""

import pandas as pd
import pytest

from tests.workflow import copy_project, kept_for_the_session, report_text, snakemake

# One worker builds this module's project (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_consultation_workflow")]
CONFIG = "tests/data/consultation/config.yaml"


@pytest.fixture(scope="session")
@kept_for_the_session
def run(tmp_path_factory):
    """The project and what the run printed. Run as `.venv/bin/snakemake ...` from a shell whose PATH does
    not hold .venv/bin: the notebooks must still find the jupyter-nbconvert installed beside Snakemake."""
    project = copy_project(tmp_path_factory.mktemp("consultation"))
    result = snakemake(project, "--profile", "workflow/profiles/default", "--configfile", CONFIG, on_path=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return project, result.stdout + result.stderr


@pytest.fixture
def project(run):
    return run[0]


def test_consultation_run_prints_no_kernel_warning(run):
    # Three notebooks and the report each start a kernel; none may warn on the console, and Snakemake's
    # look for papermill before each notebook finds nothing to complain of.
    assert "IPKernelApp" not in run[1] and "Kernel is running over TCP" not in run[1]
    assert "papermill" not in run[1]


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


def test_consultation_report_counts_respondents_not_exports(project):
    text = report_text(project)
    assert (
        "draws on 6 units — 6 responses to 2 survey exports — from 2 places over 2 waves, in which 6 "
        "respondents gave 9 answers"
    ) in text
    # The method section speaks of what this inquiry holds: survey answers, no speaker turns.
    assert "Survey exports were split into answers, one per respondent and question; all were de-identified" in text
    assert "speaker turns" not in text
    assert "No unit was coded in full by a human coder" in text
    # Theme, share of units (the machine's own: no unit coded by hand) and no change stated, the machine's own
    # change having no interval: transport in 2 of 3 spring respondents (C001, C004) and 1 of 3 autumn ones (C101);
    # parks in 1 of 3 (C004) and 1 of 3 (C102).
    assert "Public transport 50% —" in text
    assert "Parking 50% —" in text
    assert "Parks 33% —" in text
    assert "−33 points" not in text
    # No theme reads 100% because of how the exports were cut.
    overall = pd.read_csv(project / "data/processed/tables/prevalence.csv")
    assert overall.set_index("theme_id")["share"].max() == 0.5 and set(overall["estimator"]) == {"uncorrected"}


def test_consultation_outputs_hold_no_contact_details_or_names(project):
    for path in list((project / "data/processed").rglob("*")) + list((project / "report/_output").rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".txt", ".json", ".html"}:
            content = path.read_text(encoding="utf-8", errors="replace")
            for value in ["07700 900777", "owner@example.com", "Ellison", "C001", "C101"]:
                assert value not in content, (path, value)
