"""The bundled demo inquiry: complete, valid, as large as promised, and carrying the planted identifiers."""

import csv
import re
from pathlib import Path

import docx
import pytest
import yaml

from qualsynth.config import load_schema
from qualsynth.ingest.inputs import check_register, read_roster, split_names, unregistered_files
from qualsynth.ingest.inventory import corpus_inventory
from qualsynth.ingest.readers import read_text
from qualsynth.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data/raw"
PLANTED = ROOT / "tests/data/planted"
SUPPORT_FILES = ["README.md", "documents.csv", "participants.csv", "coding_sample.csv"]
# The human coding: coding sheets of the passages' de-identified text, not raw sources.
CODING = sorted(p.relative_to(RAW).as_posix() for p in (RAW / "human_codes").glob("*.csv"))


@pytest.fixture(scope="module")
def config():
    return load_settings(yaml.safe_load((ROOT / "config/config.yaml").read_text()))


@pytest.fixture(scope="module")
def documents(config):
    return check_register(
        RAW, load_schema(ROOT / "workflow/schemas/register.schema.yaml"), config.inquiry.waves, config.inquiry.methods
    )


@pytest.fixture(scope="module")
def raw_text():
    """All text in the raw folder, one string per file (docx body text included)."""
    texts = {}
    for path in sorted(RAW.rglob("*")):
        if path.suffix == ".docx":
            document = docx.Document(str(path))
            cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
            texts[path] = "\n".join([p.text for p in document.paragraphs] + cells)
        elif path.is_file() and path.name not in SUPPORT_FILES and path.parent.name != "human_codes":
            texts[path] = read_text(path)
    return texts


def test_register_and_roster_validate_against_their_schemas(config, documents):
    roster = read_roster(RAW, load_schema(ROOT / "workflow/schemas/roster.schema.yaml"), config.inquiry.roles)
    assert len(documents) >= 60
    assert set(roster["consent"]) == {"given", "withdrawn"}


def test_every_raw_file_is_registered_and_every_registered_file_exists(documents):
    assert all((RAW / p).is_file() for p in documents["path"])
    assert unregistered_files(RAW, documents, SUPPORT_FILES + CODING) == []


def test_corpus_meets_the_size_and_coverage_the_demo_promises(config):
    stats = corpus_inventory(RAW, config, ROOT / "workflow/schemas")
    assert stats["documents"] >= 60
    assert stats["participant_words"] >= 35_000
    assert len(stats["places"]) == 6
    assert stats["waves"] == ["W1", "W2", "W3", "W4"]
    assert set(stats["methods"]) == {"interview", "focus_group", "learning_log", "sensemaking", "survey"}
    assert set(stats["roles_speaking"]) == set(config.inquiry.roles)
    assert stats["formats"][".docx"] >= 3 and stats["formats"][".vtt"] >= 3 and stats["formats"][".csv"] >= 1


def planted_values():
    rows = []
    for path in sorted(PLANTED.glob("*.csv")):
        with open(path, encoding="utf-8") as handle:
            rows += [(r["value"], r["kind"]) for r in csv.DictReader(handle)]
    return rows


def roster_names():
    with open(RAW / "participants.csv", encoding="utf-8") as handle:
        return [n for row in csv.DictReader(handle) for n in split_names(row["names"])]


@pytest.mark.parametrize("value", [v for v, _ in planted_values()] + roster_names())
def test_each_planted_identifying_value_really_occurs_in_the_raw_data(value, raw_text):
    pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.I)
    assert any(pattern.search(text) for text in raw_text.values()), value


def test_planted_values_cover_every_kind_of_identifier():
    kinds = {k for _, k in planted_values()}
    assert {"third_party_name", "email", "phone", "postcode", "address"} <= kinds


def test_withdrawn_participants_sentences_occur_in_the_raw_data(raw_text):
    sentences = (PLANTED / "withdrawn_sentences.txt").read_text(encoding="utf-8").split("\n")
    everything = " ".join(" ".join(t.split()) for t in raw_text.values())
    for sentence in filter(None, (s.strip() for s in sentences)):
        assert " ".join(sentence.split()) in everything, sentence


def test_cp1252_survey_export_decodes_with_its_smart_quotes(documents):
    encoded = [p for p in documents["path"] if p.endswith(".csv")]
    undecodable = []
    for path in encoded:
        try:
            (RAW / path).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            undecodable.append(path)
    assert len(undecodable) == 1
    assert "“" in read_text(RAW / undecodable[0])


def test_the_human_coding_sheets_hold_no_identifying_value():
    """The sheets carry the passages' de-identified text: no roster name, contact detail or planted name."""
    values = [v for v, _ in planted_values()] + roster_names()
    patterns = [re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.I) for v in values]
    assert len(CODING) == 3
    for name in CODING:
        text = (RAW / name).read_text(encoding="utf-8")
        leaked = [p.pattern for p in patterns if p.search(text)]
        assert not leaked, (name, leaked)
