import pandas as pd
import pytest

from qualsynth.synthesis.likert import likert_findings, likert_summary

SCALE = {"Disagree": 1, "Neither": 2, "Agree": 3}
# Item q1: four respondents rate 3, 3, 2, 1 in wave A; item q2: 1, 1, 3, 2 in wave B... by hand below.
LIKERT = pd.DataFrame(
    {
        "respondent": ["r1", "r2", "r3", "r4", "r1", "r2", "r3", "r4"],
        "item": ["q1"] * 4 + ["q2"] * 4,
        "question": ["Clear aims"] * 4 + ["Learning shared"] * 4,
        "wave": ["A", "A", "B", "B"] * 2,
        "value": [3, 3, 2, 1, 1, 1, 3, 2],
    }
)


def test_likert_summary_share_agreeing_is_above_the_midpoint():
    overall = likert_summary(LIKERT, SCALE, n_bootstrap=200).set_index("item")
    # Midpoint 2: only 3 counts as agreeing. q1: 2 of 4; q2: 1 of 4.
    assert (overall.loc["q1", "share_agree"], overall.loc["q2", "share_agree"]) == (0.5, 0.25)
    assert (overall.loc["q1", "mean"], overall.loc["q2", "mean"]) == (2.25, 1.75)
    assert overall.loc["q1", "respondents"] == 4


def test_likert_findings_name_the_lowest_item_and_the_change():
    overall = likert_summary(LIKERT, SCALE, n_bootstrap=200)
    by_wave = likert_summary(LIKERT, SCALE, by=["wave"], n_bootstrap=200)
    found = likert_findings(overall, by_wave, ["A", "B"])
    assert found["lowest"]["question"] == "Learning shared"
    assert found["highest"]["item"] == "q1"
    # q1: A 2 of 2 agree, B 0 of 2 → −1; q2: A 0 of 2, B 1 of 2 → +0.5.
    assert found["change_first_to_last_wave"] == {"q1": -1.0, "q2": 0.5}


def test_likert_summary_of_no_rating_answers_is_an_empty_table_with_its_columns():
    empty = pd.DataFrame(columns=["respondent", "item", "question", "value", "wave"])
    table = likert_summary(empty, {})
    assert table.empty and list(table.columns) == [
        "item",
        "question",
        "respondents",
        "mean",
        "share_agree",
        "share_agree_lo",
        "share_agree_hi",
    ]
    assert list(likert_summary(empty, {"Agree": 4}, by=["wave"]).columns)[2] == "wave"


def test_ratings_from_two_exports_are_one_item_per_question_each_on_its_own_scale():
    from qualsynth.synthesis.steps import rating_items

    # Practice A rates 1-5 (midpoint 3), practice B 0-10 (midpoint 5); both number their one rating column q1.
    ratings = pd.DataFrame(
        {
            "respondent": ["a1", "a2", "b1", "b2"],
            "item": ["q1", "q1", "q1", "q1"],
            "question": ["Staff were kind", "Staff were kind", "Easy to book", "Easy to book"],
            "value": [4, 2, 6, 4],
            "midpoint": [3.0, 3.0, 5.0, 5.0],
        }
    )
    ratings = ratings.assign(item=rating_items(ratings))
    assert list(ratings["item"]) == ["q1", "q1", "q2", "q2"]
    table = likert_summary(ratings, {"Agree": 4, "Ten": 10, "Zero": 0}, n_bootstrap=10)
    # A's 4 is above its own midpoint 3 (it would not be above the merged 0-10 scale's 5); B's 6 is above 5.
    assert table.set_index("question")["share_agree"].to_dict() == {"Easy to book": 0.5, "Staff were kind": 0.5}


def test_likert_findings_rank_and_change_only_as_far_as_the_intervals_allow():
    columns = ["item", "question", "respondents", "mean", "share_agree", "share_agree_lo", "share_agree_hi"]
    overall = pd.DataFrame(
        [["q1", "Captured", 20, 2, 0.1, 0.05, 0.15], ["q2", "Heard", 20, 3, 0.5, 0.4, 0.6]], columns=columns
    )
    by_wave = pd.DataFrame(
        [
            ["q1", "Captured", "A", 10, 2, 0.0, 0.0, 0.0],
            ["q1", "Captured", "B", 10, 2, 0.2, 0.1, 0.3],
            ["q2", "Heard", "A", 40, 3, 0.1, 0.0, 0.2],
            ["q2", "Heard", "B", 40, 3, 0.6, 0.45, 0.75],
        ],
        columns=["item", "question", "wave", *columns[2:]],
    )
    found = likert_findings(overall, by_wave, ["A", "B"])
    # 15% < 40%: q1 is clearly the lowest and q2 clearly the highest.
    assert found["lowest_clear"] and found["highest_clear"]
    # Two items: z = Φ⁻¹(1 − 0.025/2) = 2.2414. q1, 0 of 10 then 2 of 10: Wilson 0–0.3344 and 0.0482–0.5524,
    # so +0.2 from 0.2 − √(0.1518² + 0.3344²) = −0.1672 to 0.2 + √(0.3524² + 0²) = 0.5524: no clear change,
    # though the bootstrap's zero-width interval for 0 of 10 would have made it one.
    assert found["changes"]["q1"] == pytest.approx({"change": 0.2, "change_lo": -0.1672, "change_hi": 0.5524}, abs=1e-4)
    # q2, 4 of 40 then 24 of 40: +0.5, clearly above no change.
    assert found["changes"]["q2"]["change_lo"] > 0
    overlapping = overall.assign(share_agree_lo=[0.05, 0.12])
    assert not likert_findings(overlapping, by_wave, ["A", "B"])["lowest_clear"]
