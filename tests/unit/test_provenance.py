import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from qualsynth.errors import InputError
from qualsynth.provenance.manifest import build_manifest, describe_file, raw_checksums, verify_raw
from qualsynth.tables import write_csv, write_parquet


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    (folder / "sources").mkdir(parents=True)
    (folder / "documents.csv").write_bytes(b"doc_id\nd1\n")
    (folder / "sources/d1.txt").write_bytes(b"A: hello\n")
    (folder / ".DS_Store").write_bytes(b"finder")
    return folder


def test_raw_checksums_cover_every_file_but_hidden_ones(raw):
    assert raw_checksums(raw) == {
        "documents.csv": {"sha256": sha(b"doc_id\nd1\n"), "bytes": 10},
        "sources/d1.txt": {"sha256": sha(b"A: hello\n"), "bytes": 9},
    }


def test_verify_raw_names_changed_added_and_removed_files(raw):
    recorded = raw_checksums(raw)
    assert verify_raw(raw, recorded) == recorded
    (raw / "sources/d1.txt").write_bytes(b"A: hello again\n")
    (raw / "sources/d2.txt").write_bytes(b"B: new\n")
    (raw / "documents.csv").unlink()
    with pytest.raises(InputError) as caught:
        verify_raw(raw, recorded)
    message = str(caught.value)
    assert "raw data changed while the workflow ran" in message
    assert "changed: sources/d1.txt" in message and "added: sources/d2.txt" in message
    assert "removed: documents.csv" in message and "run the workflow again" in message


def test_describe_file_counts_rows_and_columns_of_tables(tmp_path):
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "", "z"]})
    write_csv(frame, tmp_path / "t.csv")
    write_parquet(frame, tmp_path / "t.parquet")
    assert describe_file(tmp_path / "t.csv") | {"sha256": "-"} == {
        "sha256": "-",
        "bytes": len(b"a,b\n1,x\n2,\n3,z\n"),
        "rows": 3,
        "columns": 2,
    }
    assert describe_file(tmp_path / "t.parquet")["rows"] == 3
    assert describe_file(tmp_path / "t.parquet")["columns"] == 2


def test_build_manifest_ties_each_output_to_its_rule_and_inputs(tmp_path, raw):
    (tmp_path / "out").mkdir()
    (tmp_path / "out/d1.txt").write_bytes(b"[NAME]: hello\n")
    (tmp_path / "out/.snakemake_timestamp").write_bytes(b"")
    (tmp_path / "codebook.yaml").write_bytes(b"version: 1\n")
    rules = {"clean": {"inputs": ["raw/sources/d1.txt"], "outputs": ["out"]}}
    manifest = build_manifest(
        rules,
        tmp_path,
        raw_checksums(raw),
        "raw",
        {"b": 1, "a": 2},
        tmp_path.joinpath("codebook.yaml").relative_to(tmp_path),
        {"python": "3"},
        {"version": "0", "git_commit": "abc"},
    )
    inputs_sha = sha(json.dumps({"raw/sources/d1.txt": sha(b"A: hello\n")}, sort_keys=True).encode())
    assert manifest["outputs"] == {
        "out/d1.txt": {"sha256": sha(b"[NAME]: hello\n"), "bytes": 14, "rule": "clean", "inputs_sha256": inputs_sha}
    }
    assert manifest["raw_data"]["files"]["sources/d1.txt"]["sha256"] == sha(b"A: hello\n")
    assert manifest["config_sha256"] == sha(b'{"a": 2, "b": 1}')
    assert manifest["codebook"] == {"path": "codebook.yaml", "sha256": sha(b"version: 1\n")}
    assert str(tmp_path) not in json.dumps(manifest)


class Unprintable:
    def __str__(self):
        raise RuntimeError("killed mid-write")


def test_tables_are_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "t.csv"
    write_csv(pd.DataFrame({"a": [1]}), target)
    # The third row fails while the CSV is being written: the old table stays, with no partial file beside it.
    with pytest.raises(RuntimeError, match="killed mid-write"):
        write_csv(pd.DataFrame({"a": ["x", "y", Unprintable()]}), target)
    assert target.read_text() == "a\n1\n" and sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_build_manifest_names_inputs_outside_the_project_relative_to_it(tmp_path, raw):
    project = tmp_path / "project"
    (project / "out").mkdir(parents=True)
    (project / "out/t.csv").write_bytes(b"a\n1\n")
    (project / "codebook.yaml").write_bytes(b"version: 1\n")
    rules = {"validate_inputs": {"inputs": [str(raw / "documents.csv")], "outputs": ["out/t.csv"]}}
    manifest = build_manifest(rules, project, raw_checksums(raw), str(raw), {}, Path("codebook.yaml"), {}, {})
    assert list(manifest["rules"]["validate_inputs"]["inputs"]) == ["../raw/documents.csv"]
    assert str(tmp_path) not in json.dumps(manifest["rules"])
