"""Sharding: the same bytes for any number of shards, and an edited document reruns its shard alone."""

import json
import re
import shutil

import pytest

from tests.workflow import copy_project, final_outputs, sha256, snakemake

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
SHARDED = ["--profile", "workflow/profiles/default", "--config", "shards=4"]
EDITED = "data/raw/eastmoor/2024-06-04_interview_practitioner.txt"
EDITED_DOC = "em-w3-int-04"


def jobs(log, rule):
    """The shard of each job of ``rule`` Snakemake ran, from its log."""
    return sorted(re.findall(rf"rule {rule}:\n(?:    .*\n)*?    wildcards: shard=(\d+)", log))


@pytest.fixture(scope="session")
def sharded(sharded_project):
    return sharded_project


def test_four_shards_give_the_bytes_of_one(demo_project, sharded):
    assert sorted(p.name for p in (sharded / "data/processed/shards/clean").iterdir()) == ["0", "1", "2", "3"]
    # Every shard holds some of the 64 documents.
    texts = [len(list((sharded / f"data/processed/shards/clean/{k}/deidentified").glob("*.txt"))) for k in range(4)]
    assert min(texts) > 0
    one, four = final_outputs(demo_project), final_outputs(sharded)
    assert len(one) > 90 and one.keys() == four.keys()
    assert [path for path in one if one[path] != four[path]] == []


def test_editing_one_document_reruns_its_shard_alone_and_changes_exactly_what_depends_on_it(sharded, tmp_path_factory):
    project = shutil.copytree(sharded, tmp_path_factory.mktemp("edited") / "project", symlinks=True)
    shard = next(
        k for k in "0123" if (project / f"data/processed/shards/clean/{k}/deidentified/{EDITED_DOC}.txt").exists()
    )
    before = json.loads((project / "data/processed/manifest.json").read_text())
    transcript = project / EDITED
    text = transcript.read_text(encoding="utf-8")
    assert text.count("About a third.") == 1
    transcript.write_text(text.replace("About a third.", "About a third, give or take."), encoding="utf-8")
    result = snakemake(project, *SHARDED)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert jobs(log, "clean_shard") == [shard]
    assert jobs(log, "code_shard") == [shard]
    assert "rule train_coder:" not in log  # the human-coded sample did not change
    edited = (project / f"data/processed/deidentified/{EDITED_DOC}.txt").read_text(encoding="utf-8")
    assert "About a third, give or take." in edited

    after = json.loads((project / "data/processed/manifest.json").read_text())
    changed = {
        p for p in after["outputs"] if after["outputs"][p]["sha256"] != before["outputs"].get(p, {}).get("sha256")
    }
    # The register's checksum of the document, the passages and that document's de-identified text change…
    assert {
        "data/processed/documents.parquet",
        "data/processed/segments.parquet",
        f"data/processed/deidentified/{EDITED_DOC}.txt",
    } <= changed
    # …while no other document's de-identified text does (assembled, or in its shard's folder).
    assert {p for p in changed if "/deidentified/" in p and not p.endswith(f"/{EDITED_DOC}.txt")} == set()
    # The manifest records the new raw checksum, and only that raw file's.
    raw_before, raw_after = before["raw_data"]["files"], after["raw_data"]["files"]
    assert raw_after[EDITED.removeprefix("data/raw/")]["sha256"] == sha256(transcript)
    assert [f for f in raw_after if raw_after[f] != raw_before[f]] == [EDITED.removeprefix("data/raw/")]
    # Each changed output's rule saw changed inputs.
    for path in changed:
        rule = after["outputs"][path]["rule"]
        assert after["rules"][rule]["inputs_sha256"] != before["rules"][rule]["inputs_sha256"], path

    # The incremental rerun ends where a clean build of the edited corpus does.
    fresh = copy_project(tmp_path_factory.mktemp("edited-one-shard"))
    (fresh / EDITED).write_text(transcript.read_text(encoding="utf-8"), encoding="utf-8")
    result = snakemake(fresh, "--profile", "workflow/profiles/default")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert final_outputs(fresh) == final_outputs(project)
