"""Inquiries of one kind of data each, end to end from ``make new`` as a new user runs them, on data written by
another hand from how the tools write it, each with its own codebook and hand-counted answers:

* interviews only (tests/data/interviews_only): twelve transcripts from five tools (Otter, Zoom and Teams
  captions, Word with bold names, a typed Interviewer/Respondent transcript, UTF-16 focus groups);
* notes and logs only (tests/data/notes_only): learning logs, observation and meeting notes, one as .odt;
* surveys only (tests/data/survey_only): two organisations' exports, laid out differently, with
  placeholders and a header that wraps, one with rating questions;
* an interview study coded in NVivo (tests/data/qdpx_nvivo): the team's .qdpx brought in, its code map
  drafted by make check.

Each report must be built, and its wording fit the data it has."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_inquiry_kinds")]

CHECKOUT = Path(__file__).resolve().parents[2]
DATA = CHECKOUT / "tests/data"
SCALE = {"Strongly disagree": 1, "Disagree": 2, "Neither agree nor disagree": 3, "Agree": 4, "Strongly agree": 5}


def make(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "-s", *args, "CORES=2"], cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=900
    )


def start(folder: Path, data: str, title: str) -> dict:
    """make new, the data copied in, and the config as the template gives it."""
    done = make("new", f"DIR={folder}", f"TITLE={title}")
    assert done.returncode == 0, done.stderr
    shutil.copytree(DATA / data / "raw", folder / "data/raw", dirs_exist_ok=True)
    shutil.copy(DATA / data / "codebook.yaml", folder / "codebook.yaml")
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config.pop("topics", None), config.pop("synthesis", None)
    return config


def finish(folder: Path, config: dict) -> dict[str, subprocess.CompletedProcess[str]]:
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    steps = {"check": make("check", f"CONFIG={folder / 'config.yaml'}")}
    steps["report"] = make("report", f"CONFIG={folder / 'config.yaml'}")
    return steps


def waves(*spans: tuple[str, str]) -> list[dict]:
    return [{"id": f"W{k}", "label": f"Wave {k}", "start": a, "end": b} for k, (a, b) in enumerate(spans, start=1)]


def report_text(folder: Path) -> str:
    import pypandoc

    return pypandoc.convert_file(str(folder / "report/_output/synthesis.html"), "plain", extra_args=["--wrap=none"])


def turns_by_speaker(folder: Path) -> dict[str, dict[str, int]]:
    """Turns per document and participant, from the passages (a turn's passages share its -tNNN)."""
    passages = pd.read_parquet(folder / "data/processed/segments.parquet")
    said = passages[passages["is_participant"]].assign(turn=lambda p: p["segment_id"].str.rsplit("-", n=1).str[0])
    counts = said.groupby(["doc_id", "participant_id"])["turn"].nunique()
    found: dict[str, dict[str, int]] = {}
    for (doc, person), n in counts.items():
        found.setdefault(doc, {})[person] = int(n)
    return found


@pytest.fixture(scope="module")
def interviews(tmp_path_factory):
    folder = tmp_path_factory.mktemp("users") / "mens-sheds"
    config = start(folder, "interviews_only", "Men's sheds evaluation")
    config["inquiry"] = {
        "waves": waves(("2024-03-01", "2024-05-31"), ("2025-03-01", "2025-05-31")),
        "methods": ["interview", "focus_group"],
        "roles": ["member", "volunteer", "coordinator", "partner"],
    }
    config["ingest"]["interviewer_labels"] = ["Helen Okafor", "Helen", "Tom Brierley", "Tom", "Interviewer"]
    del config["ingest"]["surveys"]  # as the template says, for an inquiry with no survey
    return folder, finish(folder, config)


def test_an_interviews_only_inquiry_reads_every_tool_s_layout_into_the_turns_counted_by_hand(interviews):
    folder, steps = interviews
    assert steps["check"].returncode == 0, steps["check"].stderr
    assert "documents (12 read: 4 captions, 8 labels)" in steps["check"].stdout
    assert steps["report"].returncode == 0, steps["report"].stderr[-3000:]
    answers = yaml.safe_load((DATA / "interviews_only/answers.yaml").read_text(encoding="utf-8"))
    expected = {doc: {p: n for p, n in turns.items() if p != "MS05"} for doc, turns in answers["turns"].items()}
    assert turns_by_speaker(folder) == expected  # MS05 withdrew consent: none of their turns
    excluded = pd.read_csv(folder / "data/processed/exclusions.csv")
    assert len(excluded[excluded["reason"] == "consent_withdrawn"]) == answers["turns"]["cb-w1-fg-01"]["MS05"]
    text = report_text(folder)
    assert "12 documents (focus group: 2; interview: 10)" in text and "A unit is what is counted: one document." in text
    assert "15 participants spoke in" in text
    assert "survey" not in text.casefold() and "respondent" not in text.casefold()
    assert "learning logs into entries" not in text


@pytest.fixture(scope="module")
def notes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("users") / "community-hubs"
    config = start(folder, "notes_only", "Community hubs learning review")
    config["inquiry"] = {
        "waves": waves(("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-12-31")),
        "methods": ["learning_log", "observation", "meeting_notes"],
        "roles": ["hub_coordinator", "volunteer", "partner"],
        "labels": {"meeting_notes": "meeting notes"},
    }
    config["ingest"]["interviewer_labels"] = ["Kwame Asante", "Tessa", "Tessa Marlow", "Facilitator"]
    del config["ingest"]["surveys"]
    return folder, finish(folder, config)


def test_a_notes_and_logs_only_inquiry_runs_with_its_logs_entries_and_its_notes_speakers(notes):
    folder, steps = notes
    assert steps["check"].returncode == 0, steps["check"].stderr
    assert "documents (11 read: 5 labels, 6 learning log)" in steps["check"].stdout
    assert steps["report"].returncode == 0, steps["report"].stderr[-3000:]
    answers = yaml.safe_load((DATA / "notes_only/answers.yaml").read_text(encoding="utf-8"))
    withdrawn = answers["withdrawn"]["participant_id"]
    expected = {doc: {p: n for p, n in turns.items() if p != withdrawn} for doc, turns in answers["turns"].items()}
    assert turns_by_speaker(folder) == expected  # a log's entries are its turns
    text = report_text(folder)
    assert "11 documents (learning log: 6; meeting notes: 3; observation: 2)" in text
    assert "(learning logs into entries)" in text and "survey" not in text.casefold()
    # The observers' own accounts are the research team's: kept for context, never a participant's passage.
    passages = pd.read_parquet(folder / "data/processed/segments.parquet")
    assert (passages.loc[passages["participant_id"] == "", "role"] == "interviewer").all()


@pytest.fixture(scope="module")
def surveys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("users") / "gp-practices"
    config = start(folder, "survey_only", "Patient experience of two GP practices")
    config["inquiry"] = {
        "waves": waves(("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-12-31")),
        "methods": ["survey"],
        "roles": ["patient", "carer"],
        "labels": {"survey": "survey response"},
    }
    config["ingest"]["places"] = ["Linden Road Surgery", "Hartside Medical Practice"]
    config["ingest"]["surveys"] = [
        {
            "files": "surveys/Linden Road*.csv",
            "respondent_column": "ID",
            "place_column": "Which practice are you registered with?",
            "date_column": "Completion time",
            # Both orders given: the export's own unambiguous dates settle which one it uses.
            "date_format": ["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"],
            "role_column": "Are you a patient or carer?",
            "role_map": {"Patient": "patient", "Carer": "carer"},
            "text_columns": [
                "What has worked well for you at the practice?",
                "What could the practice do better? (Please give as much detail as you like)",  # wraps in the file
            ],
            "drop_columns": ["Start time", "Email", "Name"],
            "placeholders": ["Did not answer"],
        },
        {
            "files": "surveys/hartside*.csv",
            "respondent_column": "Respondent ID",
            "place_column": "Practice",
            "date_column": "Date submitted",
            "date_format": ["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"],
            "role_column": "Role",
            "role_map": {"Patient": "patient", "Carer/family member": "carer"},
            "text_columns": [
                "What could the practice do better?",
                "Is there anything else you would like to tell us about booking appointments?",
            ],
            "likert_columns": [
                "It is easy to get through to the practice by phone",
                "I felt listened to at my last appointment",
            ],
            "likert_scale": SCALE,
            "placeholders": ["N/A", "-"],
        },
    ]
    return folder, finish(folder, config)


def test_a_survey_only_inquiry_from_two_organisations_reads_each_export_by_its_own_mapping(surveys):
    folder, steps = surveys
    assert steps["check"].returncode == 0, steps["check"].stderr
    assert steps["report"].returncode == 0, steps["report"].stderr[-3000:]
    answers = yaml.safe_load((DATA / "survey_only/answers.yaml").read_text(encoding="utf-8"))
    processed = folder / "data/processed"
    passages = pd.read_parquet(processed / "segments.parquet")
    units = pd.read_parquet(processed / "units.parquet")
    excluded = pd.read_csv(processed / "exclusions.csv")
    for doc, export in answers["exports"].items():
        assert int((passages["doc_id"] == doc).sum()) == export["real_answers"], doc
        empty = excluded[(excluded["doc_id"] == doc) & (excluded["reason"] == "no_free_text")]
        assert len(empty) == export["respondents_without_any_real_answer"], doc
        assert int((units["doc_id"] == doc).sum()) + len(empty) == export["respondents"], doc
    # Every date read in the export's own order: each response in its wave (the ones without an answer aside).
    by_wave = units.groupby("wave").size().to_dict()
    assert sum(by_wave.values()) + 10 == sum(answers["totals"]["respondents_by_wave"].values())
    counts = [json.loads(p.read_text()) for p in (processed / "shards/clean").glob("*/counts.json")]
    assert sum(c["survey_placeholder_answers"] for c in counts) == 26 + 31  # free-text placeholder cells
    ratings = pd.read_parquet(processed / "likert.parquet").groupby("question").size().to_dict()
    likert = answers["exports"]["sv-hartside-2025"]["likert"]
    assert ratings == {question: answered["answered"] for question, answered in likert.items()}
    text = report_text(folder)
    assert "responses to 2 survey exports" in text and "one person's response to a survey" in text.replace("’", "'")
    assert "speaker turns" not in text and "transcripts" not in text


@pytest.fixture(scope="module")
def coded_in_nvivo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("users") / "food-share"
    config = start(folder, "qdpx_nvivo", "Food Share evaluation")
    shutil.copy(DATA / "qdpx_nvivo/coded.qdpx", folder / "data/raw/coded.qdpx")
    config["inquiry"] = {
        "waves": waves(("2024-01-01", "2024-12-31")),
        "methods": ["interview", "focus_group"],
        "roles": ["staff", "volunteer", "user"],
    }
    config["ingest"]["interviewer_labels"] = ["Interviewer"]
    del config["ingest"]["surveys"]
    config["coding"]["qdpx_import"] = "data/raw/coded.qdpx"
    config["synthesis"] = {"min_cell_size": 3}  # seven participants
    steps = {"first check": finish(folder, config)["check"]}
    # What make check asked for: the coders by the names the project gives them, and a decision on the one code
    # its draft map could not place.
    config["coding"]["coders"] = {"reference": "Helen Marsh", "second": "Tom Baxter"}
    code_map = pd.read_csv(folder / "qdpx_code_map.csv", dtype=str, keep_default_na=False)
    steps["draft"] = code_map.copy()
    code_map.loc[code_map["code"] == "Good quotes", "theme_id"] = "ignore"
    code_map.to_csv(folder / "qdpx_code_map.csv", index=False)
    steps.update(finish(folder, config))
    return folder, steps


def test_coding_done_in_nvivo_comes_in_and_the_report_says_what_it_is(coded_in_nvivo):
    folder, steps = coded_in_nvivo
    first = steps["first check"].stderr
    assert "the reference coder (config key coding.coders.reference) is 'A', but the users who coded" in first
    assert "a draft code map was written" in first and "1 left to you" in first
    assert list(steps["draft"].loc[steps["draft"]["theme_id"] == "", "code"]) == ["Good quotes"]
    assert steps["check"].returncode == 0, steps["check"].stderr
    assert "QDA project (NVivo 14: 5 sources, 4 matched by name, 1 matched by text" in steps["check"].stdout
    assert steps["report"].returncode == 0, steps["report"].stderr[-3000:]
    report = pd.read_csv(folder / "data/processed/qdpx_import.csv")
    expected = yaml.safe_load((DATA / "qdpx_nvivo/expected.yaml").read_text(encoding="utf-8"))
    assert len(report) == len(expected["selections"])
    on_team_only = {s["guid"] for s in expected["selections"] if set(s["speakers"]) == {"Interviewer"}}
    assert set(report.loc[report["status"] == "not placed", "selection"]) == on_team_only
    design = json.loads((folder / "data/processed/findings.json").read_text())["design"]
    assert (design["kind"], design["coded_in_another_tool"]) == ("census", 5)
    text = report_text(folder)
    assert "Coder Helen Marsh coded every unit by hand (in a QDA tool, whose coding was brought in)" in text
    assert "was corrected" not in text
