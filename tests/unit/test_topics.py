import numpy as np
import pandas as pd
import pytest

from qualsynth.synthesis.topics import TopicSettings, discover_topics, npmi_coherence


def test_npmi_coherence_by_hand():
    # Passages × terms a, b, c: a and b always together (NPMI 1), c never with either (-1).
    presence = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=bool)
    assert npmi_coherence(presence, [0, 1]) == pytest.approx(1.0)
    assert npmi_coherence(presence, [0, 1, 2]) == pytest.approx(-1 / 3)


GARDEN = [
    "the allotment soil grew vegetables",
    "vegetables from the allotment garden",
    "garden soil and compost heap",
    "compost for the garden vegetables",
    "allotment garden compost soil",
    "soil vegetables allotment seeds",
]
BUSES = [
    "the bus timetable changed again",
    "bus driver missed the route",
    "timetable for the route is wrong",
    "driver said the bus route is cut",
    "route timetable bus stop moved",
    "bus stop driver timetable late",
]


def corpus():
    texts = GARDEN + BUSES
    segments = pd.DataFrame(
        {
            "segment_id": [f"d{i // 3}-t{i:03d}-s01" for i in range(12)],
            "doc_id": [f"d{i // 3}" for i in range(12)],
            "is_participant": True,
            "text": texts,
        }
    )
    codes = pd.DataFrame({"segment_id": segments["segment_id"][:6], "theme_id": "green"})
    return segments, codes


SETTINGS = TopicSettings(k_min=2, k_max=3, top_terms=4, min_df=2, max_df=0.9, min_theme_share=0.3, seed=1)


def test_discover_topics_separates_two_clear_topics_and_flags_the_uncoded_one():
    segments, codes = corpus()
    result = discover_topics(segments, codes, {"green": "Green spaces"}, SETTINGS)
    topics = result["topics"].set_index("topic_id")
    assert int(result["selection"].loc[result["selection"]["chosen"], "k"].iloc[0]) == 2
    by_topic = result["segment_topics"].groupby("topic_id")["segment_id"].apply(set)
    garden_ids, bus_ids = set(segments["segment_id"][:6]), set(segments["segment_id"][6:])
    assert sorted(map(frozenset, by_topic)) == sorted([frozenset(garden_ids), frozenset(bus_ids)])
    garden = next(t for t, ids in by_topic.items() if ids == garden_ids)
    bus = next(t for t, ids in by_topic.items() if ids == bus_ids)
    assert topics.loc[garden, "best_themes"] == "green:1.0" and not topics.loc[garden, "codebook_may_miss"]
    assert topics.loc[bus, "best_themes"] == "" and topics.loc[bus, "codebook_may_miss"]


def test_discover_topics_is_deterministic_for_a_seed():
    segments, codes = corpus()
    first = discover_topics(segments, codes, {}, SETTINGS)
    second = discover_topics(segments, codes, {}, SETTINGS)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_discover_topics_returns_empty_tables_for_a_corpus_too_small_to_model():
    segments, codes = corpus()
    result = discover_topics(segments.head(3), codes, {}, TopicSettings(min_df=5))
    assert all(frame.empty for frame in result.values())
    assert "codebook_may_miss" in result["topics"].columns
