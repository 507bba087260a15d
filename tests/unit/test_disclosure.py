import numpy as np
import pandas as pd
import pytest

from qualsynth.synthesis.disclosure import NOT_STATISTICS, publish, suppress_small_cells

# Ratings by wave: W1 rests on 3 respondents, W2 on 7.
RATINGS_BY_WAVE = pd.DataFrame(
    {
        "item": ["q1", "q1"],
        "question": ["Clear aims", "Clear aims"],
        "wave": ["W1", "W2"],
        "respondents": [3, 7],
        "mean": [4.0, 3.1],
        "share_agree": [1.0, 0.4286],
        "share_agree_lo": [1.0, 0.1429],
        "share_agree_hi": [1.0, 0.7143],
    }
)
# Two pairs of themes over a corpus of 4 participants, and one over 40.
PAIRS = pd.DataFrame(
    {
        "theme_a": ["a", "a"],
        "theme_b": ["b", "c"],
        "units": [4, 40],
        "share_both": [0.5, 0.1],
        "estimator": ["design-based", "design-based"],
        "lift": [2.0, 0.8],
        "participants": [4, 40],
    }
)


def test_ratings_by_wave_resting_on_few_respondents_lose_every_statistic_and_keep_their_keys():
    table = suppress_small_cells(RATINGS_BY_WAVE, 5).set_index("wave")
    assert table.loc["W1", "suppressed"] and not table.loc["W2", "suppressed"]
    assert all(np.isnan(table.loc["W1", c]) for c in ["mean", "share_agree", "share_agree_lo", "share_agree_hi"])
    assert (table.loc["W1", "question"], table.loc["W1", "respondents"]) == ("Clear aims", 3)
    assert table.loc["W2", "share_agree"] == 0.4286 and table.loc["W2", "mean"] == 3.1


def test_cooccurrence_resting_on_few_participants_is_blanked_but_says_how_it_would_be_estimated():
    table = suppress_small_cells(PAIRS, 5).set_index("theme_b")
    assert table.loc["b", "suppressed"] and np.isnan(table.loc["b", "share_both"]) and np.isnan(table.loc["b", "lift"])
    assert table.loc["b", "estimator"] == "design-based" and table.loc["b", "units"] == 4
    assert table.loc["c", "share_both"] == 0.1 and not table.loc["c", "suppressed"]


def test_a_table_with_nothing_to_blank_keeps_its_values_and_types():
    table = suppress_small_cells(PAIRS.assign(places=[6, 6]), 1)
    assert not table["suppressed"].any() and table["places"].dtype == PAIRS["units"].dtype


def test_a_table_that_states_no_people_cannot_be_published():
    with pytest.raises(AssertionError, match="states no people"):
        publish({"cooccurrence": PAIRS.drop(columns="participants")}, 5)


def test_publish_passes_every_statistic_through_the_policy_and_leaves_the_named_exceptions():
    quotes = pd.DataFrame({"theme_id": ["a"], "text": ["We tried it."]})
    published = publish({"cooccurrence": PAIRS, "likert_by_wave": RATINGS_BY_WAVE, "quotes": quotes}, 5)
    assert published["cooccurrence"]["suppressed"].tolist() == [True, False]
    assert published["likert_by_wave"]["suppressed"].tolist() == [True, False]
    assert published["quotes"] is quotes and "quotes" in NOT_STATISTICS
