import pandas as pd

from qualsynth.coding.codebook import Theme
from qualsynth.coding.combine import combine_codes
from qualsynth.coding.rules import rules_codes

THEMES = [
    Theme("trust", "Trust", "rel", "Relations", "d", ("trust",)),
    Theme("rules", "Rules", "sys", "Systems", "d", ("rule", "red tape")),
]


def segments(rows):
    return pd.DataFrame(rows, columns=["segment_id", "text", "is_participant"])


def test_rules_codes_matches_whole_words_any_case_and_plurals():
    frame = segments(
        [
            ("s1", "TRUST matters; the rules too.", True),
            ("s2", "Trustworthy people and overruled plans.", True),
            ("s3", "So much Red  Tape!", True),
        ]
    )
    expected = pd.DataFrame(
        {
            "segment_id": ["s1", "s1", "s3"],
            "theme_id": ["rules", "trust", "rules"],
            "coder": ["rules", "rules", "rules"],
            "score": [1.0, 1.0, 1.0],
            "evidence": ["rules", "TRUST", "Red  Tape"],
        }
    )
    pd.testing.assert_frame_equal(rules_codes(frame, THEMES), expected)


def test_rules_codes_skips_interviewer_segments_and_counts_every_match():
    frame = segments([("s1", "Trust, trust and more trust.", True), ("s2", "Do you trust them?", False)])
    codes = rules_codes(frame, THEMES)
    assert list(codes["segment_id"]) == ["s1"]
    assert codes.loc[0, "score"] == 3.0
    assert codes.loc[0, "evidence"] == "Trust | trust | trust"


CAPTURE = [Theme("capture", "Capture", "l", "Learning", "d", ("capture", "write down", "story"))]


def test_rules_codes_match_simple_inflections_of_the_last_word():
    frame = segments(
        [
            ("s1", "Nothing gets captured.", True),
            ("s2", "We are capturing it now, and we wrote down nothing.", True),
            ("s3", "She writes down the stories.", True),
            ("s4", "Capturer? Recapture? Neither counts.", True),
        ]
    )
    codes = rules_codes(frame, CAPTURE)
    # "captured", "capturing" and "stories" are inflections; "wrote down" and "writes down" change the
    # first word, which is not inflected; "Recapture" is not a whole-word match, "Capturer" is.
    assert list(codes["segment_id"]) == ["s1", "s2", "s3", "s4"]
    assert list(codes["evidence"]) == ["captured", "capturing", "stories", "Capturer"]


def test_rules_codes_negation_window_drops_negated_matches_only_when_asked():
    frame = segments(
        [
            ("s1", "We do not really trust them.", True),
            ("s2", "Trust is everything.", True),
            ("s3", "I can't say the rules help.", True),
        ]
    )
    assert list(rules_codes(frame, THEMES, negation_window=0)["segment_id"]) == ["s1", "s2", "s3"]
    # "not really trust": the negator is 2 words before; "can't say the rules": 3 words before.
    assert list(rules_codes(frame, THEMES, negation_window=2)["segment_id"]) == ["s2", "s3"]
    assert list(rules_codes(frame, THEMES, negation_window=3)["segment_id"]) == ["s2"]


def test_combine_codes_names_the_coders_that_decided():
    rules = pd.DataFrame(
        {
            "segment_id": ["s1", "s2"],
            "theme_id": ["trust", "trust"],
            "coder": "rules",
            "score": [1.0, 2.0],
            "evidence": ["trust", "trust | trust"],
        }
    )
    supervised = pd.DataFrame(
        {
            "segment_id": ["s2", "s3"],
            "theme_id": ["trust", "rules"],
            "coder": "supervised",
            "score": [0.9, 0.7],
            "evidence": ["p=0.90", "p=0.70"],
        }
    )
    union = combine_codes(rules, supervised, {"trust", "rules"}, "union")
    assert list(zip(union["segment_id"], union["coder"])) == [
        ("s1", "rules"),
        ("s2", "rules+supervised"),
        ("s3", "supervised"),
    ]
    both = combine_codes(rules, supervised, {"trust", "rules"}, "intersection")
    assert list(both["segment_id"]) == ["s2"]
    where_trained = combine_codes(rules, supervised, {"rules"}, "supervised_where_trained")
    assert list(zip(where_trained["segment_id"], where_trained["coder"])) == [
        ("s1", "rules"),
        ("s2", "rules"),
        ("s3", "supervised"),
    ]
