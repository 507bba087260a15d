"""The workflow with the semantic coder on (the mini corpus), and off (the demo, as `make report` builds it)."""

import json
import os

import numpy as np
import pandas as pd
import pytest

from qualsynth.coding import embeddings
from tests.workflow import built_project, kept_for_the_session

# One worker builds this module's project (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_semantic_workflow")]
if not embeddings.available():
    if os.environ.get("QUALSYNTH_REQUIRE_SEMANTIC"):
        pytest.fail("the semantic extra is not installed (make test installs it)", pytrace=False)
    pytest.skip("the semantic extra is not installed", allow_module_level=True)


@pytest.fixture(scope="session")
@kept_for_the_session
def semantic(tmp_path_factory):
    return built_project(
        tmp_path_factory.mktemp("mini-semantic"), "--configfile", "tests/data/mini/config.yaml", "config/semantic.yaml"
    )


def test_every_participant_passage_is_embedded_once_on_the_cpu(semantic):
    vectors = pd.read_parquet(semantic / "data/processed/shards/embed/0/embeddings.parquet")
    # Participant passages of the mini corpus: Ada's two turns, Benny's and Ben Carter's, Hugo's one
    # (Cleo Marsh withdrew; the host is no participant).
    assert len(vectors) == 5 and vectors["segment_id"].is_unique
    matrix = np.vstack(vectors["embedding"].to_numpy())
    assert matrix.shape == (5, 384) and np.allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-4)
    manifest = json.loads((semantic / "data/processed/manifest.json").read_text())
    assert [e["device"] for e in manifest["embeddings"]] == ["cpu"]
    assert manifest["software"]["torch"].startswith("2.13.0")


def test_without_human_codes_every_theme_keeps_the_config_cut_off(semantic):
    summary = json.loads((semantic / "data/processed/shards/coder.json").read_text())
    assert summary["semantic"]["calibrated"] == []
    assert summary["semantic"]["thresholds"] == {"gardens": [0.5], "rules": [0.5], "trust": [0.5]}
    codes = pd.read_parquet(semantic / "data/processed/codes.parquet")
    semantic_codes = pd.read_parquet(semantic / "data/processed/shards/code/0/semantic.parquet")
    # Ada's "Trust. Without trust nothing moves." is about trust if anything is: the coder finds something.
    assert len(semantic_codes) >= 1
    # Every semantic code clears 0.5; with semantic.in_final false (the default) none joins the final codes.
    assert (semantic_codes["score"] >= 0.5).all()
    assert not codes["coder"].str.contains("semantic").any()
    run = json.loads((semantic / "data/processed/coding_run.json").read_text())
    assert run["semantic"]["enabled"] is True and run["semantic"]["in_final"] is False


def test_topics_come_from_the_embeddings(semantic):
    executed = (semantic / "logs/notebooks/02_discover_themes.ipynb").read_text()
    assert "topics from Ward clusters of sentence embeddings" in executed
