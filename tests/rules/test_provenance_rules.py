"""The provenance rules on the counterfactual corpus: record_raw_checksums, manifest and audit."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from qualsynth.errors import InputError
from qualsynth.provenance.steps import audit, manifest, record_raw_checksums
from qualsynth.tables import write_outputs
from tests.rules.conftest import DATA, DOCUMENTS

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")

# Every file of tests/data/counterfactual/raw, by path relative to it.
RAW_FILES = ["documents.csv", "participants.csv", *[f"transcripts/{doc}.txt" for doc in sorted(DOCUMENTS)]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def test_record_raw_checksums_matches_sha256_of_each_raw_file(project):
    recorded = json.loads(project.output("record_raw_checksums", "checksums").read_text(encoding="utf-8"))
    assert sorted(recorded) == sorted(RAW_FILES)
    for name in RAW_FILES:
        source = DATA / "raw" / name
        assert recorded[name] == {"sha256": sha256(source), "bytes": source.stat().st_size}, name


def test_record_raw_checksums_leaves_out_hidden_files(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "raw", raw)
    (raw / ".DS_Store").write_bytes(b"\0")
    assert sorted(record_raw_checksums(raw)["checksums"]) == sorted(RAW_FILES)


def test_manifest_lists_each_output_with_a_sha256_recomputed_here(manifested):
    project = manifested
    listing = json.loads(project.output("manifest", "manifest").read_text(encoding="utf-8"))
    expected = {
        project.relative(path): step
        for step, files in project.steps.items()
        for name in files["outputs"]
        for path in files_under(project.root / name)
    }
    assert {path: entry["rule"] for path, entry in listing["outputs"].items()} == expected
    for path, entry in listing["outputs"].items():
        assert entry["sha256"] == sha256(project.root / path), path
        assert entry["bytes"] == (project.root / path).stat().st_size, path
    outputs = listing["outputs"]
    # A few by hand: the rule that made each, and the rows of a table (8 interviews × 2 turns).
    assert outputs["data/processed/segments.parquet"]["rule"] == "clean"
    assert outputs["data/processed/segments.parquet"]["rows"] == 16
    assert outputs["data/processed/shards/clean/1/segments.parquet"]["rule"] == "clean_shard 1"
    assert outputs["data/processed/deidentified/bi-w2-02.txt"]["rule"] == "clean"
    assert outputs["report/_output/synthesis.html"]["rule"] == "render_report"
    assert outputs["data/processed/project.qdpx"]["rule"] == "export_qdpx"


def test_manifest_records_the_raw_data_codebook_and_no_absolute_path(manifested):
    project = manifested
    text = project.output("manifest", "manifest").read_text(encoding="utf-8")
    listing = json.loads(text)
    recorded = json.loads(project.output("record_raw_checksums", "checksums").read_text(encoding="utf-8"))
    assert listing["raw_data"] == {"folder": "data/raw", "files": recorded}
    assert listing["codebook"] == {
        "path": "config/codebook.yaml",
        "sha256": sha256(DATA.parents[2] / "config/codebook.yaml"),
    }
    assert str(project.root) not in text
    assert listing["software"]["report renderer"].startswith("fallback: ")
    # Each rule's inputs, with their checksums.
    documents = listing["rules"]["scan_corpus"]["inputs"]["data/processed/documents.parquet"]
    assert documents == sha256(project.output("validate_inputs", "documents"))


def test_manifest_refuses_raw_data_changed_since_the_run_started(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "raw", raw)
    checksums = tmp_path / "raw_checksums.json"
    write_outputs(record_raw_checksums(raw), {"checksums": checksums})
    edited = raw / "transcripts/al-w1-01.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "A corrected line.\n", encoding="utf-8")
    (raw / "transcripts/al-w1-03.txt").write_text("INTERVIEWER: New.\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"raw data changed while the workflow ran \(changed: transcripts/al-w1-01\.txt; added: "
        r"transcripts/al-w1-03\.txt\)",
    ):
        manifest(checksums, {}, raw, {}, Path("config/codebook.yaml"), tmp_path)


def executed_notebook(path: Path, root: Path) -> Path:
    """A small executed notebook, with the preamble Snakemake puts first (holding the checkout's path)."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(f"######## snakemake preamble\nsnakemake = '{root}/Snakefile'"),
        nbformat.v4.new_markdown_cell(f"# {path.stem}"),
        nbformat.v4.new_code_cell("print(8)", outputs=[nbformat.v4.new_output("stream", text="8\n")]),
    ]
    nbformat.write(notebook, path)
    return path


def test_audit_writes_an_index_linking_the_files_it_wrote(manifested, tmp_path):
    project = manifested
    executed = [
        executed_notebook(tmp_path / f"{name}.ipynb", project.root) for name in ["01_code_themes", "02_discover_themes"]
    ]
    folder = tmp_path / "audit"
    folder.mkdir()  # Snakemake makes an output's folder before the rule runs
    out = {
        "index": folder / "index.html",
        "manifest": folder / "manifest.json",
        "exclusions": folder / "exclusions_by_reason.csv",
        "redactions": folder / "redactions_by_category.csv",
        "agreement": folder / "agreement.csv",
        "notebooks": folder / "notebooks",
    }
    audit(
        project.output("manifest", "manifest"),
        project.output("clean", "exclusions"),
        project.output("clean", "redactions"),
        project.output("code_themes", "agreement"),
        executed,
        out,
        project.root,
    )
    index = out["index"].read_text(encoding="utf-8")
    links = {html.unescape(href) for href in re.findall(r'href="([^"]+)"', index)}
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"index.html"}
    # Every file it wrote is linked; the one link more is Snakemake's report, which `make audit` writes next.
    assert links == written | {"workflow-report.html"}
    assert written == {
        "manifest.json",
        "exclusions_by_reason.csv",
        "redactions_by_category.csv",
        "agreement.csv",
        "notebooks/01_code_themes.html",
        "notebooks/02_discover_themes.html",
    }
    assert out["manifest"].read_bytes() == project.output("manifest", "manifest").read_bytes()
    assert out["agreement"].read_bytes() == project.output("code_themes", "agreement").read_bytes()
    # No turn was excluded and no identifying detail was replaced in this corpus: the summaries are empty.
    assert pd.read_csv(out["exclusions"]).columns.tolist() == ["reason", "units"]
    assert pd.read_csv(out["exclusions"]).empty and pd.read_csv(out["redactions"]).empty
    # The index lists every output of the manifest.
    for path in json.loads(out["manifest"].read_text(encoding="utf-8"))["outputs"]:
        assert html.escape(path) in index, path
    archived = (out["notebooks"] / "01_code_themes.html").read_text(encoding="utf-8")
    assert "snakemake preamble" not in archived and str(project.root) not in archived
    assert "01_code_themes" in archived
