import pandas as pd

from qualsynth.codebook import Theme
from qualsynth.coding import code_themes

THEMES = [
    Theme("trust", "Trust", "rel", "Relations", "d", ("trust",)),
    Theme("rules", "Rules", "sys", "Systems", "d", ("rule", "red tape")),
]


def segments(rows):
    return pd.DataFrame(rows, columns=["segment_id", "text", "is_participant"])


def test_code_themes_matches_whole_words_any_case_and_plurals():
    frame = segments([
        ("s1", "TRUST matters; the rules too.", True),
        ("s2", "Trustworthy people and overruled plans.", True),
        ("s3", "So much Red  Tape!", True),
    ])
    expected = pd.DataFrame({
        "segment_id": ["s1", "s1", "s3"],
        "theme_id": ["rules", "trust", "rules"],
        "coder": ["rules", "rules", "rules"],
        "score": [1.0, 1.0, 1.0],
        "evidence": ["rules", "TRUST", "Red  Tape"],
    })
    pd.testing.assert_frame_equal(code_themes(frame, THEMES), expected)


def test_code_themes_skips_interviewer_segments_and_counts_every_match():
    frame = segments([("s1", "Trust, trust and more trust.", True), ("s2", "Do you trust them?", False)])
    codes = code_themes(frame, THEMES)
    assert list(codes["segment_id"]) == ["s1"]
    assert codes.loc[0, "score"] == 3.0
    assert codes.loc[0, "evidence"] == "Trust | trust | trust"
