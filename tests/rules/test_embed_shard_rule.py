"""embed_shard on the counterfactual corpus, with the real all-MiniLM-L6-v2 model on the CPU (the semantic
extra: `make test` installs it and `.ci/run` requires it; elsewhere this test is skipped without it)."""

import os

import numpy as np
import pytest

from qualsynth.coding import embeddings
from qualsynth.coding.steps import embed_shard
from qualsynth.tables import read_parquet
from tests.rules.conftest import ANSWER, DOCUMENTS, rule_settings

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")

if not embeddings.available():
    if os.environ.get("QUALSYNTH_REQUIRE_SEMANTIC"):
        pytest.fail("the semantic extra is not installed (make test installs it)", pytrace=False)
    pytest.skip("the semantic extra is not installed", allow_module_level=True)


def test_embed_shard_embeds_each_participant_passage_of_its_shard_once(project):
    for shard in range(2):
        segments = project.output("clean_shard", "segments", shard)
        shard_docs = sorted(set(read_parquet(segments)["doc_id"]))
        out = embed_shard(segments, rule_settings(project.config, "embed_shard"))
        # One answer per interview (the interviewer's questions are not embedded), in segment_id order.
        assert list(out["embeddings"]["segment_id"]) == [f"{doc}-{ANSWER}" for doc in shard_docs]
        assert set(shard_docs) <= set(DOCUMENTS)
        matrix = np.vstack(out["embeddings"]["embedding"].to_numpy())
        assert matrix.shape == (len(shard_docs), 384)
        assert np.allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-4)
        assert out["device"]["device"] == "cpu"
