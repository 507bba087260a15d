"""The semantic coder's cut-offs and votes on hand-made embeddings (no model needed)."""

import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Theme
from qualsynth.coding.semantic import _in_the_gap, predict_semantic, train_semantic
from qualsynth.settings import CodingSettings

THEMES = [
    Theme("a", "A", "x", "X", "Theme a.", ("a",), (), "", "", ()),
    Theme("b", "B", "x", "X", "Theme b.", ("b",), (), "", "", ()),
]
# Theme a's text points along the first axis, theme b's along the second.
REFERENCES = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)


def test_the_cut_off_sits_halfway_to_the_next_lower_score():
    assert _in_the_gap(np.array([0.1, 0.3, 0.5, 0.7]), 0.5) == 0.4
    assert _in_the_gap(np.array([0.5, 0.7]), 0.5) == 0.5  # nothing lower: the cut-off itself


def test_without_human_codes_the_config_cut_off_decides_with_the_nearest_text_as_evidence():
    coder = train_semantic(
        THEMES,
        REFERENCES,
        pd.DataFrame(columns=["segment_id", "unit_id", "doc_id", "text"]),
        np.zeros((0, 2), dtype=np.float32),
        pd.DataFrame(columns=["segment_id", "theme_id"]),
        CodingSettings(),
        threshold=0.7,
    )
    segments = pd.DataFrame(
        {"segment_id": ["s1", "s2", "s3"], "doc_id": "d", "is_participant": [True, True, False], "text": ["", "", ""]}
    )
    # s1 = (0.8, 0.6): similarity 0.8 to a, 0.6 to b; s2 = (0.6, 0.8): the reverse; s3 is the interviewer's.
    vectors = pd.DataFrame(
        {
            "segment_id": ["s1", "s2", "s3"],
            "embedding": [np.array([0.8, 0.6]), np.array([0.6, 0.8]), np.array([1.0, 0.0])],
        }
    )
    codes = predict_semantic(coder, segments, vectors)
    assert codes[["segment_id", "theme_id", "score"]].values.tolist() == [["s1", "a", 0.8], ["s2", "b", 0.8]]
    assert codes["evidence"].tolist() == [
        "similarity 0.80 (the config's cut-off) to “Theme a.”",
        "similarity 0.80 (the config's cut-off) to “Theme b.”",
    ]


def test_calibrated_cut_offs_vote_for_passages_nobody_coded():
    # Three documents, each with an a-passage at 0.9 similarity to a and a passage at 0.1.
    angle = {"hi": (0.9, np.sqrt(1 - 0.81)), "lo": (0.1, np.sqrt(1 - 0.01))}
    labelled = pd.DataFrame(
        {
            "segment_id": [f"d{i}-{k}" for i in range(3) for k in ("hi", "lo")],
            "doc_id": [f"d{i}" for i in range(3) for _ in range(2)],
            "unit_id": [f"d{i}" for i in range(3) for _ in range(2)],
            "text": "",
        }
    )
    vectors = np.array([angle[s.split("-")[1]] for s in labelled["segment_id"]], dtype=np.float32)
    human = pd.DataFrame({"segment_id": ["d0-hi", "d1-hi", "d2-hi"], "theme_id": "a"})
    coder = train_semantic(
        THEMES, REFERENCES, labelled, vectors, human, CodingSettings(min_human_codes=2, cv_folds=3), threshold=0.99
    )
    # Each fold trains on two documents: a-scores 0.9, 0.9, 0.1, 0.1 → F1 best at 0.9, halfway to 0.1: 0.5.
    assert coder.calibrated == {"a"} and coder.thresholds["a"] == [0.5, 0.5, 0.5]
    assert coder.thresholds["b"] == [0.99]
    by_theme = coder.cv_codes.groupby("theme_id")["segment_id"].apply(sorted).to_dict()
    # b keeps the config's 0.99: the low passages lie at sqrt(0.99) = 0.995 from b's text, so they carry it.
    assert by_theme == {"a": ["d0-hi", "d1-hi", "d2-hi"], "b": ["d0-lo", "d1-lo", "d2-lo"]}
    new = pd.DataFrame({"segment_id": ["n1", "n2"], "doc_id": "n", "is_participant": True, "text": ""})
    codes = predict_semantic(
        coder,
        new,
        pd.DataFrame({"segment_id": ["n1", "n2"], "embedding": [np.array([0.6, 0.8]), np.array([0.2, np.sqrt(0.96)])]}),
    )
    # n1 scores 0.6 on a (over 0.5 in all three folds), n2 0.2 (under): only n1 is coded.
    assert codes[["segment_id", "theme_id"]].values.tolist() == [["n1", "a"]]
    assert "cut-offs of 3 folds" in codes["evidence"].iloc[0]
