import json

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from qualsynth.synthesis.topics import TopicSettings, class_tfidf, discover_topics, npmi_coherence, passage_terms


def test_npmi_coherence_by_hand():
    # Passages × terms a, b, c: a and b always together (NPMI 1), c never with either (-1).
    presence = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=bool)
    assert npmi_coherence(presence, [0, 1]) == pytest.approx(1.0)
    assert npmi_coherence(presence, [0, 1, 2]) == pytest.approx(-1 / 3)


def test_npmi_coherence_of_a_partial_overlap_by_hand_dense_or_sparse():
    from scipy import sparse

    # a in passages 0–2, b in 1–3: p(a) = p(b) = 3/4, p(a, b) = 2/4;
    # NPMI = log(0.5 / 0.5625) / −log 0.5 = −0.117783 / 0.693147 = −0.169925.
    presence = np.array([[1, 0], [1, 1], [1, 1], [0, 1]], dtype=bool)
    assert npmi_coherence(presence, [0, 1]) == pytest.approx(-0.169925, abs=1e-6)
    assert npmi_coherence(sparse.csc_matrix(presence), [0, 1]) == pytest.approx(-0.169925, abs=1e-6)
    # A term listed twice co-occurs with itself in every passage it is in.
    assert npmi_coherence(sparse.csc_matrix(presence), [0, 0]) == pytest.approx(np.log(1 / 0.75) / -np.log(0.75))


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
            "unit_id": [f"d{i // 3}" for i in range(12)],
            "doc_id": [f"d{i // 3}" for i in range(12)],
            "place": ["Alder", "Birch"] * 6,
            "wave": ["W1"] * 6 + ["W2"] * 6,
            "role": "resident",
            "method": "interview",
            "is_participant": True,
            "text": texts,
        }
    )
    codes = pd.DataFrame({"segment_id": segments["segment_id"][:6], "theme_id": "green"})
    return segments, codes


SETTINGS = TopicSettings(
    k_min=2, k_max=3, top_terms=4, min_df=2, max_df=0.9, min_theme_share=0.3, seed=1, max_topic_share=0.6
)


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


def test_passage_terms_keep_base_forms_and_phrases_and_drop_spoken_filler():
    text = "Um, yeah, I couldn't get the buses, you know, and [NAME] said the loan sharks came round."
    # "um", "yeah", "couldn", "know", "said", "came", "round" are filler or talk; [NAME] is a tag.
    assert passage_terms(text) == ["bus", "loan", "shark", "loan shark"]


def test_class_tfidf_by_hand():
    # Three passages × terms (a, b): topic 0 holds passages 0 and 1, topic 1 passage 2.
    counts = sparse.csr_matrix(np.array([[2, 0], [1, 1], [0, 3]]))
    weights = class_tfidf(counts, np.array([0, 0, 1]), 2)
    # Topic 0: tf a 3/4, b 1/4; topic 1: a 0, b 1. Mean words per topic 3.5; a occurs 3 times, b 4.
    assert weights[0, 0] == pytest.approx(0.75 * np.log(1 + 3.5 / 3))
    assert weights[0, 1] == pytest.approx(0.25 * np.log(1 + 3.5 / 4))
    assert weights[1, 0] == 0 and weights[1, 1] == pytest.approx(np.log(1 + 3.5 / 4))


def test_a_topic_holding_most_passages_is_the_rest_and_never_flagged():
    segments, codes = corpus()
    settings = TopicSettings(k_min=2, k_max=2, top_terms=4, min_df=2, max_df=0.9, seed=1, max_topic_share=0.4)
    topics = discover_topics(segments, codes, {"green": "Green spaces"}, settings)["topics"]
    # Each topic holds half the passages, more than 40%: both are the rest; the bus topic is not flagged.
    assert list(topics["is_rest"]) == [True, True] and not topics["codebook_may_miss"].any()


def test_a_topic_carries_two_quotes_from_its_passages_with_who_said_them():
    segments, codes = corpus()
    topics = discover_topics(segments, codes, {"green": "Green spaces"}, SETTINGS)["topics"]
    bus = topics[topics["codebook_may_miss"]].iloc[0]
    quotes = json.loads(bus["quotes"])
    assert len(quotes) == 2 and all(q["text"] in BUSES for q in quotes)
    assert {q["role"] for q in quotes} == {"resident"} and bus["rank"] == 1
    assert bus["places"] == "Alder;Birch" and bus["waves"] == "W2" and bus["n_units"] == 2


def test_a_corpus_larger_than_one_tree_is_first_gathered_into_groups(monkeypatch):
    # With trees of at most 4 passages, the 12 passages go into 4 k-means groups first; the garden and
    # bus passages still end in two topics, each group whole in one of them.
    import qualsynth.synthesis.topics as topics

    monkeypatch.setattr(topics, "MAX_TREE", 4)
    segments, codes = corpus()
    settings = TopicSettings(k_min=2, k_max=2, top_terms=4, min_df=2, max_df=0.9, seed=1, max_topic_share=0.6)
    result = discover_topics(segments, codes, {"green": "Green spaces"}, settings)
    by_topic = result["segment_topics"].groupby("topic_id")["segment_id"].apply(frozenset)
    assert set(by_topic) == {frozenset(segments["segment_id"][:6]), frozenset(segments["segment_id"][6:])}


def test_passage_terms_never_take_a_proper_noun_or_a_given_name():
    # "Tregothnan" is capitalised where no sentence starts; "kieran" is a given name, in lower case.
    terms = passage_terms("Then Tregothnan and kieran helped at the food bank.")
    assert "tregothnan" not in terms and "kieran" not in terms
    assert {"food", "bank", "food bank"} <= set(terms)


def test_topics_the_codebook_covers_sink_and_incoherent_ones_are_not_flagged():
    segments, codes = corpus()
    topics = discover_topics(segments, codes, {"green": "Green spaces"}, SETTINGS)["topics"]
    # The gap score: the share of a topic's passages coded with no theme, times its coherence (0 if negative).
    for row in topics.itertuples():
        assert row.gap_score == round((1 - row.coded_share) * max(row.coherence_npmi, 0.0), 4)
        assert row.codebook_may_miss == (row.best_theme_share < 0.3 and not row.is_rest and row.coherence_npmi > 0)
        assert row.incoherent == (row.coherence_npmi <= 0)
    # The garden passages are all coded "green" (nothing uncoded: a score of 0); the bus passages none.
    garden = topics[topics["best_themes"] == "green:1.0"].iloc[0]
    bus = topics[topics["best_themes"] == ""].iloc[0]
    assert garden["gap_score"] == 0 and bus["gap_score"] == bus["coherence_npmi"] > 0 and bus["rank"] == 1
