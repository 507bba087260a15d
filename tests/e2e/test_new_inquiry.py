"""A new user's inquiry, end to end, through the make targets the README gives: ``make new`` in a folder
outside the checkout, the raw data dropped in (tests/data/new_inquiry: a Microsoft Forms export and four
interview transcripts, written for this test by another hand, with their own codebook), the config filled
in as its README describes the data — first with the mistakes a new user makes — then ``make check``,
the fixes, and ``make report``.

The planted mistakes, each of which make check must name with its file and row or key:
  1. ``report.titel``: a misspelt key (did you mean 'title'?);
  2. the council officer's role left out of ``inquiry.roles``: participants.csv line 5 (FW02);
  3. a UK date format for the US-style export: ``11/28/24`` is not day/month (row 2 is the first);
  4. the venue column left unnamed in the survey mapping;
  5. "Staff at the venue" left out of ``role_map`` (rows 9 and 31 of the export say it, among others);
  6. ``include`` for ``inclusion`` in the codebook's first theme (did you mean 'inclusion'?).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_new_inquiry")]

CHECKOUT = Path(__file__).resolve().parents[2]
DATA = CHECKOUT / "tests/data/new_inquiry"
TITLE = "Warm Spaces: two winters"
SURVEY = "Which warm space did you visit?"


def make(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "-s", *args, "CORES=2"], cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=900
    )


def filled_config(folder: Path) -> dict:
    """config.yaml as a user fills it from the data's README: the waves, methods, roles, display names,
    the survey's columns; the topics and synthesis sections deleted, to take the defaults."""
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config["inquiry"] = {
        "waves": [
            {"id": "W1", "label": "Winter 2024-25", "start": "2024-11-01", "end": "2025-02-28"},
            {"id": "W2", "label": "Winter 2025-26", "start": "2025-11-01", "end": "2026-02-28"},
        ],
        "methods": ["interview", "survey"],
        "roles": ["volunteer", "venue_staff", "visitor", "council_officer"],
        "labels": {"venue_staff": "venue staff", "survey": "survey response"},
    }
    config["ingest"]["interviewer_labels"] = ["INTERVIEWER"]
    config["ingest"]["places"] = ["Brackley Moor", "Fenwick"]
    config["ingest"]["surveys"] = {
        "respondent_column": "ID",
        "place_column": "Town",
        "date_column": "Start time",
        "date_format": "%m/%d/%y %H:%M:%S",
        "role_column": "Are you...",
        "role_map": {"A visitor": "visitor", "A volunteer": "volunteer", "Staff at the venue": "venue_staff"},
        "text_columns": [
            "What difference has the warm space made to you this winter?",
            "Is there anything we could do better?",
        ],
        "likert_columns": ["How welcome did you feel?"],
        "likert_scale": {"Not at all welcome": 1, "Not very welcome": 2, "Quite welcome": 3, "Very welcome": 4},
        "drop_columns": ["Completion time", "Email", "Name", SURVEY],
    }
    config.pop("topics", None), config.pop("synthesis", None)
    return config


def with_mistakes(config: dict) -> dict:
    config = json.loads(json.dumps(config))
    config["report"]["titel"] = config["report"].pop("title")  # 1
    config["inquiry"]["roles"].remove("council_officer")  # 2
    config["ingest"]["surveys"]["date_format"] = "%d/%m/%y %H:%M:%S"  # 3
    config["ingest"]["surveys"]["drop_columns"].remove(SURVEY)  # 4
    del config["ingest"]["surveys"]["role_map"]["Staff at the venue"]  # 5
    return config


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def inquiry(tmp_path_factory):
    """The folder, what each step printed, and the checkout's state before, to compare with after."""
    folder = tmp_path_factory.mktemp("users") / "warm-spaces"
    before = checkout_state()
    steps = {"new": make("new", f"DIR={folder}", f"TITLE={TITLE}")}
    assert steps["new"].returncode == 0, steps["new"].stderr
    shutil.copytree(DATA / "raw", folder / "data/raw", dirs_exist_ok=True)
    codebook = yaml.safe_load((DATA / "codebook.yaml").read_text(encoding="utf-8"))
    theme = codebook["areas"][0]["themes"][0]
    good_config = filled_config(folder)
    write_yaml(folder / "config.yaml", with_mistakes(good_config))
    theme["include"] = theme.pop("inclusion")  # 6
    write_yaml(folder / "codebook.yaml", codebook)

    config = f"CONFIG={folder / 'config.yaml'}"
    steps["check with mistakes"] = make("check", config)
    steps["report with mistakes"] = make("report", config)

    write_yaml(folder / "config.yaml", good_config)
    theme["inclusion"] = theme.pop("include")
    write_yaml(folder / "codebook.yaml", codebook)
    steps["check"] = make("check", config)
    steps["report"] = make("report", config)
    return folder, steps, before


def test_make_new_writes_the_folder_with_the_title(inquiry):
    folder, steps, _ = inquiry
    assert "New inquiry in" in steps["new"].stdout
    assert (folder / "README.md").read_text(encoding="utf-8").startswith(f"# {TITLE}\n")


def test_make_check_lists_every_planted_mistake_with_its_place(inquiry):
    folder, steps, _ = inquiry
    check = steps["check with mistakes"]
    assert check.returncode != 0
    problems = [line for line in check.stderr.splitlines() if line.strip()[:1].isdigit()]
    text = "\n".join(problems)
    assert "unknown key 'titel' (did you mean 'title'?)" in text  # 1
    assert "participants.csv" in text and "line 5" in text and "council_officer" in text  # 2
    assert "warm_spaces_visitor_survey.csv" in text and "11/28/24" in text  # 3
    assert SURVEY in text  # 4
    assert "Staff at the venue" in text  # 5
    assert "codebook.yaml" in text and "did you mean 'inclusion'" in text  # 6
    assert len(problems) >= 6


def test_make_report_runs_nothing_while_a_problem_remains(inquiry):
    folder, steps, _ = inquiry
    assert steps["report with mistakes"].returncode != 0
    assert "did you mean 'title'" in steps["report with mistakes"].stderr
    # The fixed run made everything; the refused one had made nothing before it.
    assert steps["check"].returncode == 0, steps["check"].stderr
    assert steps["check"].stdout.startswith("No problems found in: config, codebook (8 themes), register (5 documents)")


def test_make_report_builds_the_report_with_its_title_in_the_inquirys_folder(inquiry):
    folder, steps, _ = inquiry
    report = steps["report"]
    assert report.returncode == 0, report.stdout[-3000:] + report.stderr[-3000:]
    assert f"Report: {folder}/report/_output/synthesis.html" in report.stdout
    html = (folder / "report/_output/synthesis.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in html.replace("&#39;", "'")
    assert (folder / "report/_output/synthesis.docx").stat().st_size > 10_000
    assert (folder / "data/processed/segments.parquet").is_file()
    assert (folder / "logs/render_report.log").is_file() and (folder / ".snakemake").is_dir()
    # The survey's 40 respondents and four interviews: read by hand from the export and the register.
    units = pd.read_parquet(folder / "data/processed/units.parquet")
    assert (units["method"] == "interview").sum() == 4
    assert sorted(units["place"].unique()) == ["Brackley Moor", "Fenwick"]


def test_the_run_resolved_nothing_of_the_demos_config(inquiry):
    folder, _, _ = inquiry
    recorded = json.loads((folder / "data/processed/manifest.json").read_text(encoding="utf-8"))["config"]
    # Keys the user deleted take the schema's defaults, not the demo's values.
    assert recorded["topics"] == {
        "k_min": 15,
        "k_max": 40,
        "top_terms": 6,
        "min_df": 2,
        "max_df": 0.1,
        "min_theme_share": 0.3,
        "seed": 0,
        "resamples": 5,
        "max_topic_share": 0.25,
        "quote_max_words": 60,
        "embeddings": True,
    }
    assert recorded["synthesis"]["stages"] == {"early": [], "later": []}
    assert recorded["synthesis"]["stance"] == [] and recorded["synthesis"]["seed"] == 0
    assert recorded["report"]["title"] == TITLE
    # No value of the demo's config that the user did not write also appears in the resolved one.
    demo = yaml.safe_load((CHECKOUT / "config/config.yaml").read_text(encoding="utf-8"))
    mine = set(leaves(filled_config(folder)))
    # Its words and its distinctive numbers (the seeds); not flags, or small numbers any config has.
    distinctive = {v for v in leaves(demo) if (isinstance(v, str) and len(v) > 3) or (type(v) is int and v >= 1000)}
    demo_values = distinctive - mine
    assert {"senior_leader", "Response ID", "System structures", "relationship_building", 20240601} <= demo_values
    resolved = set(leaves(recorded))
    assert demo_values & resolved == set()


def checkout_state() -> tuple[str, dict[str, int]]:
    """What git sees changed in the checkout, and every file under its report/ folder (the report template's
    folder, where a render would leave figures) with its modification time."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=CHECKOUT, capture_output=True, text=True).stdout
    return status, {str(p): p.stat().st_mtime_ns for p in (CHECKOUT / "report").rglob("*") if p.is_file()}


def test_nothing_was_written_in_the_checkout(inquiry):
    _, _, before = inquiry
    assert checkout_state() == before


def test_the_report_names_roles_and_methods_as_the_config_does(inquiry):
    folder, _, _ = inquiry
    html = (folder / "report/_output/synthesis.html").read_text(encoding="utf-8")
    assert "Venue staff" in html and "survey response" in html
    assert "Venue_staff" not in html and "Council_officer" not in html


def leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value
