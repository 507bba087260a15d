"""Sharding: the same bytes for any number of shards, and an edited document reruns its shard alone."""

import re

import pytest

from tests.e2e.test_reproducibility import output_hashes
from tests.workflow import built_project, copy_project, snakemake

pytestmark = pytest.mark.e2e
SHARDED = ["--profile", "workflow/profiles/default", "--config", "shards=4"]
EDITED = "data/raw/eastmoor/2024-06-04_interview_practitioner.txt"
EDITED_DOC = "em-w3-int-04"


def final_outputs(project):
    """Every output but the shards' intermediates and the manifest that lists them."""
    return {
        path: digest
        for path, digest in output_hashes(project).items()
        if not path.startswith("data/processed/shards/") and path != "data/processed/manifest.json"
    }


def jobs(log, rule):
    """The shard of each job of ``rule`` Snakemake ran, from its log."""
    return sorted(re.findall(rf"rule {rule}:\n(?:    .*\n)*?    wildcards: shard=(\d+)", log))


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("four-shards"), "--config", "shards=4")


def test_four_shards_give_the_bytes_of_one(demo_project, sharded):
    assert sorted(p.name for p in (sharded / "data/processed/shards/clean").iterdir()) == ["0", "1", "2", "3"]
    # Every shard holds some of the 64 documents.
    texts = [len(list((sharded / f"data/processed/shards/clean/{k}/deidentified").glob("*.txt"))) for k in range(4)]
    assert min(texts) > 0
    one, four = final_outputs(demo_project), final_outputs(sharded)
    assert len(one) > 90 and one.keys() == four.keys()
    assert [path for path in one if one[path] != four[path]] == []


def test_editing_one_document_reruns_its_shard_alone(sharded, tmp_path_factory):
    shard = next(
        k for k in "0123" if (sharded / f"data/processed/shards/clean/{k}/deidentified/{EDITED_DOC}.txt").exists()
    )
    transcript = sharded / EDITED
    text = transcript.read_text(encoding="utf-8")
    assert text.count("About a third.") == 1
    transcript.write_text(text.replace("About a third.", "About a third, give or take."), encoding="utf-8")
    result = snakemake(sharded, *SHARDED)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert jobs(log, "clean_shard") == [shard]
    assert jobs(log, "code_shard") == [shard]
    assert "rule train_coder:" not in log  # the human-coded sample did not change
    edited = (sharded / f"data/processed/deidentified/{EDITED_DOC}.txt").read_text(encoding="utf-8")
    assert "About a third, give or take." in edited
    # The incremental rerun ends where a clean build of the edited corpus does.
    fresh = copy_project(tmp_path_factory.mktemp("edited-one-shard"))
    (fresh / EDITED).write_text(transcript.read_text(encoding="utf-8"), encoding="utf-8")
    result = snakemake(fresh, "--profile", "workflow/profiles/default")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert final_outputs(fresh) == final_outputs(sharded)
