"""Bad input stops the ingest stages with a message naming the file, the line or row, and the fix —
before any output is written, and without touching the raw folder.

Each case breaks one thing in a copy of the hand-made mini corpus (tests/data/mini) and runs the
real workflow up to segments.parquet.
"""

import hashlib
from pathlib import Path

import pytest

from tests.workflow import copy_project, snakemake

pytestmark = pytest.mark.workflow

MINI = "tests/data/mini"
CONFIG = ["--configfile", f"{MINI}/config.yaml"]


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def missing_file(raw):
    (raw / "sources/hilltop_1.txt").unlink()


def unknown_method(raw):
    edit(raw / "documents.csv", "group_session", "world_cafe")


def date_outside_waves(raw):
    edit(raw / "documents.csv", "2022-03-05", "2021-03-05")


def duplicate_doc_id(raw):
    edit(raw / "documents.csv", "h1,", "r1,")


def malformed_register(raw):
    edit(raw / "documents.csv", "r2,sources/riverside_2.txt", 'r2,"sources/riverside_2.txt')


def corrupt_docx(raw):
    (raw / "sources/extra.docx").write_bytes(b"PK\x03\x04 this is not a Word file")
    with open(raw / "documents.csv", "a", encoding="utf-8") as handle:
        handle.write("x1,sources/extra.docx,Hilltop,2022-04-01,interview\n")


def binary_bytes(raw):
    # "HOST: Hi" and its line end are bytes 0-8; the zero byte is byte 9, on line 2.
    (raw / "sources/hilltop_1.txt").write_bytes(b"HOST: Hi\n\x00\x01\x02\x89PNG")


def empty_document(raw):
    (raw / "sources/hilltop_1.txt").write_text("\n\n", encoding="utf-8")


def shared_name(raw):
    with open(raw / "participants.csv", "a", encoding="utf-8") as handle:
        handle.write("H2,Hugh Stone;Hugo,resident,Hilltop,given\n")


def unknown_speaker(raw):
    with open(raw / "sources/hilltop_1.txt", "a", encoding="utf-8") as handle:
        handle.write("Mystery Guest: Hello.\n")


CASES = [
    (missing_file, r"documents.csv, line 4: document 'h1' points at 'sources/hilltop_1.txt', which does not exist"),
    (unknown_method, r"documents.csv, line 3: method 'world_cafe' is not one of the configured methods"),
    (date_outside_waves, r"documents.csv, line 4: date 2021-03-05 of 'h1' falls in no wave"),
    (duplicate_doc_id, r"documents.csv, line 4: doc_id 'r1' is already used on line 2"),
    (malformed_register, r"documents.csv: cannot be read as a UTF-8 CSV"),
    (corrupt_docx, r"extra.docx: not a readable .docx file"),
    (binary_bytes, r"hilltop_1.txt, line 2, byte 9: binary content, not text"),
    (empty_document, r"hilltop_1.txt: the document is empty"),
    (shared_name, r"participants.csv, line 6: a name or alias of H2 is also listed for H1 \(line 5\)"),
    (unknown_speaker, r"hilltop_1.txt, line 3: speaker label 'Mystery Guest' matches no participant"),
]


@pytest.mark.parametrize("breakage, message", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_fails_naming_the_place_and_writes_nothing(tmp_path, breakage, message):
    import re

    project = copy_project(tmp_path)
    raw = project / MINI / "raw"
    breakage(raw)
    before = checksums(raw)
    result = snakemake(project, "data/processed/segments.parquet", *CONFIG)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(message, output), output[-3000:]
    assert not (project / "data/processed/segments.parquet").exists()
    assert checksums(raw) == before


def test_an_unregistered_file_is_a_warning_naming_it(tmp_path):
    project = copy_project(tmp_path)
    raw = project / MINI / "raw"
    (raw / "sources/stray_notes.txt").write_text("HOST: not registered\n", encoding="utf-8")
    before = checksums(raw)
    result = snakemake(project, "data/processed/documents.parquet", *CONFIG)
    assert result.returncode == 0
    assert "sources/stray_notes.txt is in the raw folder but not in documents.csv" in result.stdout + result.stderr
    assert checksums(raw) == before


def test_with_on_bad_document_skip_a_bad_document_becomes_an_exclusion(tmp_path):
    import pandas as pd

    project = copy_project(tmp_path)
    corrupt_docx(project / MINI / "raw")
    result = snakemake(
        project, "data/processed/segments.parquet", *CONFIG, "--config", "ingest={on_bad_document: skip}"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    exclusions = pd.read_csv(project / "data/processed/exclusions.csv")
    row = exclusions[exclusions["unit"] == "document"].iloc[0]
    assert (row["doc_id"], row["reason"]) == ("x1", "bad_document")
    assert "not a readable .docx file" in row["detail"]
