"""Valence of a theme and the survey evidence behind it: expected values worked by hand from the inputs."""

import pandas as pd
import pytest

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.synthesis.valence import mapped_items, survey_evidence, survey_signal, theme_valence


def theme(id_, items=()):
    return Theme(id_, id_.title(), "area", "Area", "a definition", ("word",), survey_items=tuple(items))


def overall(rows):
    return pd.DataFrame(
        rows, columns=["item", "question", "respondents", "mean", "share_agree", "share_agree_lo", "share_agree_hi"]
    )


def by_wave(rows):
    return pd.DataFrame(
        rows,
        columns=["item", "question", "wave", "respondents", "mean", "share_agree", "share_agree_lo", "share_agree_hi"],
    )


def test_mapped_items_match_question_text_or_item_id_and_report_the_rest():
    book = Codebook("1", "x", (theme("capture", ["  what we learn is CAPTURED "]), theme("say", ["q2", "q9"])))
    likert = overall(
        [["q1", "What we learn is captured", 10, 3, 0.1, 0, 0.2], ["q2", "We have a say", 10, 3, 0.5, 0.3, 0.7]]
    )
    mapping, unmatched = mapped_items(book, likert)
    assert mapping.values.tolist() == [["capture", "q1"], ["say", "q2"]]
    assert unmatched == ["say: q9"]


def test_a_rating_change_has_newcombes_interval_from_the_two_waves():
    # One item: no Bonferroni widening. W1 3 of 30 agree, W2 18 of 30: change +0.5. Wilson's 95% intervals
    # (statsmodels' proportion_confint gives the same): 0.0346–0.2562 and 0.4232–0.7541; so
    # low = 0.5 − √(0.1768² + 0.1562²) = 0.2641, high = 0.5 + √(0.1541² + 0.0654²) = 0.6674.
    likert = overall([["q1", "Clear", 60, 3, 0.35, 0.2, 0.5]])
    waves = by_wave([["q1", "Clear", "W1", 30, 2, 0.1, 0.0, 0.2], ["q1", "Clear", "W2", 30, 4, 0.6, 0.4, 0.8]])
    got = survey_evidence(pd.DataFrame({"theme_id": ["t"], "item": ["q1"]}), likert, waves, ["W1", "W2"]).iloc[0]
    assert (got["first_wave"], got["latest_wave"], got["latest_share"]) == ("W1", "W2", 0.6)
    assert got["change"] == pytest.approx(0.5)
    assert got["change_lo"] == pytest.approx(0.2641, abs=1e-4)
    assert got["change_hi"] == pytest.approx(0.6674, abs=1e-4)
    assert got["direction"] == "rose"
    # The latest wave's interval is Wilson's too: 0.4232–0.7541 spans a half, so no strength or need from it.
    assert got["latest_lo"] == pytest.approx(0.4232, abs=1e-4) and got["latest_hi"] == pytest.approx(0.7541, abs=1e-4)


def test_a_ranking_is_stated_only_where_the_intervals_do_not_overlap():
    likert = overall(
        [
            ["q1", "Captured", 60, 2, 0.1, 0.05, 0.15],
            ["q2", "Say", 60, 3, 0.5, 0.4, 0.6],
            ["q3", "Time", 60, 3, 0.55, 0.45, 0.65],
        ]
    )
    waves = by_wave([])
    mapping = pd.DataFrame({"theme_id": ["a", "b", "c"], "item": ["q1", "q2", "q3"]})
    ranked = survey_evidence(mapping, likert, waves, ["W1"]).set_index("item")["ranked"].to_dict()
    # q1's 15% is below q2's 40% and q3's 45%: lowest. q3 overlaps q2 (45% < 60%): no highest.
    assert ranked == {"q1": "lowest", "q2": "", "q3": ""}


def test_survey_signal_needs_the_whole_interval_on_one_side_of_half():
    assert survey_signal(0.51, 0.8) == "strength"
    assert survey_signal(0.1, 0.49) == "need"
    assert survey_signal(0.4, 0.6) is None


def test_theme_valence_combines_the_stance_pairs_and_the_survey():
    pairs = [{"label": "Goals", "help": "clarity", "hindrance": "doubt"}]
    survey = pd.DataFrame(
        {
            "theme_id": ["clarity"],
            "latest_lo": [0.1],
            "latest_hi": [0.3],
            "latest_share": [0.2],
            "latest_wave": ["W2"],
            "question": ["I know what it is for"],
        }
    )
    assert theme_valence("doubt", pairs, survey.iloc[0:0])[0] == "need"
    assert theme_valence("clarity", pairs, survey.iloc[0:0])[0] == "strength"
    # The help side of a pair, yet 20% agree: the sources disagree.
    valence, reason = theme_valence("clarity", pairs, survey)
    assert valence == "mixed" and "20% agreed in W2" in reason
    assert theme_valence("other", pairs, survey)[0] is None
