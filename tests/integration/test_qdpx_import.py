"""Coding done in NVivo comes in: tests/data/qdpx_nvivo holds a small interview inquiry and its NVivo export,
written from the REFI-QDA standard and NVivo's ways by another hand (a Sources/ folder, nested codes, positions
over NVivo's copy of each text with its speaker and time lines and CRLF line ends, one source renamed and one
edited in NVivo), with where every selection belongs. Every coding must land on the turn(s) it lies in, or be
reported with its reason; none may land anywhere else."""

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from qualsynth.coding.code_map import IGNORE, check_code_map, draft_code_map
from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.qda_project import read_project
from qualsynth.coding.refiqda_import import ALIGNED, NOT_PLACED, PLACED, import_project
from qualsynth.config import load_schema
from qualsynth.ingest.clean import clean_documents
from qualsynth.ingest.inputs import check_register, read_roster
from qualsynth.settings import IngestSettings, waves_from_config

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "data" / "qdpx_nvivo"
EXPECTED = yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))
SCHEMAS = ROOT / "workflow" / "schemas"


@pytest.fixture(scope="module")
def inquiry():
    waves = waves_from_config([{"id": "W1", "start": "2024-01-01", "end": "2024-12-31"}])
    raw = FIXTURE / "raw"
    documents = check_register(raw, load_schema(SCHEMAS / "register.schema.yaml"), waves, ["interview", "focus_group"])
    roster = read_roster(raw, load_schema(SCHEMAS / "roster.schema.yaml"), ["staff", "volunteer", "user"])
    settings = IngestSettings(interviewer_labels=["Interviewer"], detect_third_party_names=False)
    cleaned = clean_documents(documents, roster, raw, settings, waves)
    codebook = load_codebook(FIXTURE / "codebook.yaml", load_schema(SCHEMAS / "codebook.schema.yaml"))
    return documents, cleaned, codebook, read_project(FIXTURE / "coded.qdpx")


def test_the_draft_code_map_rolls_child_codes_up_and_leaves_only_the_code_that_is_no_theme_to_decide(inquiry):
    _, _, codebook, project = inquiry
    draft = draft_code_map(project, codebook).set_index("code")
    expected = EXPECTED["codes"]
    decided = {code: theme for code, theme in draft["theme_id"].items() if theme and theme != IGNORE}
    assert decided == {code: theme for code, theme in expected.items() if theme}
    # The area codes hold no coding: ignored. "Good quotes" is used and is no theme: the user decides.
    assert set(draft.index[draft["theme_id"] == ""]) == {"Good quotes"}
    # "Volunteer burnout" is the theme labelled "Burnout among volunteers", whose id is volunteer_burnout.
    assert draft.loc["Running the service > Volunteer burnout", "matched_by"] == "theme id"
    assert draft.loc["Running the service > Funding uncertainty > Fundraising", "matched_by"] == "its parent"


def test_every_selection_lands_on_the_turns_it_lies_in_or_is_reported(inquiry):
    documents, cleaned, codebook, project = inquiry
    draft = draft_code_map(project, codebook)
    draft.loc[draft["code"] == "Good quotes", "theme_id"] = IGNORE  # the user's decision
    mapping, problems = check_code_map(draft, project, codebook, Path("qdpx_code_map.csv"))
    assert problems == []
    imported = import_project(project, documents, cleaned.segments, cleaned.texts, mapping)
    sources = imported.sources.set_index("source")
    assert sources.loc["FG - Millbrook volunteers", ["doc_id", "matched_by"]].tolist()[0] == "mb-fg-01"
    assert sources.loc["FG - Millbrook volunteers", "matched_by"].startswith("text")
    assert set(sources["matched_by"]) - {sources.loc["FG - Millbrook volunteers", "matched_by"]} == {"name"}
    assert set(sources["reading"]) == {"characters"}

    report = imported.report.set_index("selection")
    assert len(report) == len(EXPECTED["selections"])
    passages = cleaned.segments.set_index("segment_id")
    people = pd.read_csv(FIXTURE / "raw" / "participants.csv").set_index("names")["participant_id"]
    for expected in EXPECTED["selections"]:
        row = report.loc[expected["guid"]]
        participant_turns = [t for t, who in zip(expected["turns"], expected["speakers"]) if who != "Interviewer"]
        if not participant_turns:
            assert row["status"] == NOT_PLACED, expected["text"]
            assert "research team" in row["reason"]
            continue
        if expected["edited"] and row["status"] == NOT_PLACED:
            continue  # refused, not misplaced: allowed for the edited words
        assert row["status"] in (PLACED, ALIGNED), (expected["text"], row["reason"])
        # Turns are numbered as the transcript shows them, and the run joins a speaker's consecutive blocks: the
        # passages are checked by speaker and by words instead. Every passage is one of the selection's speakers'
        # and holds the selection's words (the speaker and time lines aside; names may be replaced).
        placed = passages.loc[row["passages"].split(";")]
        speakers = {people[who] for who in expected["speakers"] if who != "Interviewer"}
        assert set(placed["participant_id"]) <= speakers, expected["text"]
        said = [
            w.casefold()
            for line in expected["text"].split("\r\n")
            if not re.search(r"  \d+:\d\d$", line)
            for w in re.findall(r"\w+", line)
        ]
        held = {w.casefold() for w in re.findall(r"\w+", " ".join(placed["text"]))}
        assert sum(w in held for w in said) / len(said) >= (0.9 if not expected["edited"] else 0.8), expected["text"]
        for text in placed["text"]:  # and no passage is there that holds too little of it (the overlap rule)
            words = [w.casefold() for w in re.findall(r"\w+", text)]
            covered = sum(w in set(said) for w in words) / len(words)
            holds = sum(w in set(words) for w in said) / len(said)
            assert covered >= 0.5 or holds >= 0.5, (expected["text"], text)
        assert row["doc_id"] == expected["doc_id"]
        assert row["theme_id"] == (expected["theme"] or IGNORE)
    # The selection over the words NVivo's copy changed still lands in its turn: the rest of it is found.
    edited = next(e for e in EXPECTED["selections"] if e["edited"])
    assert report.loc[edited["guid"], "status"] == ALIGNED


def test_the_codes_count_every_passage_of_a_coded_source_as_read(inquiry):
    documents, cleaned, codebook, project = inquiry
    draft = draft_code_map(project, codebook)
    draft.loc[draft["code"] == "Good quotes", "theme_id"] = IGNORE
    mapping, _ = check_code_map(draft, project, codebook, Path("qdpx_code_map.csv"))
    codes = import_project(project, documents, cleaned.segments, cleaned.texts, mapping).codes
    said = cleaned.segments[cleaned.segments["is_participant"]]
    lead = codes[codes["coder"] == "Helen Marsh"]
    # Helen Marsh coded in all five sources: every participant passage has her code or her negative.
    assert set(lead["segment_id"]) == set(said["segment_id"])
    # Tom Baxter coded in two sources only.
    assert set(codes.loc[codes["coder"] == "Tom Baxter", "doc_id"]) == {"mb-int-02", "mb-fg-01"}


def test_a_code_map_that_leaves_a_used_code_undecided_is_refused_naming_the_line(inquiry):
    _, _, codebook, project = inquiry
    draft = draft_code_map(project, codebook)
    line = int(draft.index[draft["code"] == "Good quotes"][0]) + 2
    _, problems = check_code_map(draft, project, codebook, Path("map.csv"))
    assert problems == [
        f"map.csv, line {line}: code 'Good quotes' is mapped to no theme. Write a theme id of the codebook, or "
        "'ignore' if it is no theme (e.g. a code for good quotes)."
    ]
    broken = pd.concat([draft[draft["code"] != "Good quotes"]]).reset_index(drop=True)
    _, problems = check_code_map(broken, project, codebook, Path("map.csv"))
    assert problems == [
        "map.csv: the project's code(s) 'Good quotes' are not in the code map (1 in all). Add a row for each, or "
        "delete the map and run make check to draft it again."
    ]
