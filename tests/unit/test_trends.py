import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.synthesis.disclosure import suppress_small_cells
from qualsynth.synthesis.trends import (
    first_salient_waves,
    sequencing_summary,
    stage_order,
    wave_change,
    wave_change_by_place,
)
from tests.unit.helpers import estimates_for

CODEBOOK = Codebook("t", "0" * 64, (Theme("trust", "Trust", "rel", "Relations", "d", ("trust",)),))


def corpus(raised: dict[str, tuple[str, str, str, bool]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One participant passage per document: doc_id → (place, wave, participant, raises trust?)."""
    segments = pd.DataFrame(
        [
            {
                "segment_id": f"{d}-1",
                "doc_id": d,
                "place": place,
                "wave": wave,
                "participant_id": person,
                "is_participant": True,
            }
            for d, (place, wave, person, _) in raised.items()
        ]
    )
    codes = pd.DataFrame({"segment_id": [f"{d}-1" for d, v in raised.items() if v[3]], "theme_id": "trust"})
    return segments, codes


def by_hand(raised: dict[str, tuple[str, str, str, bool]]) -> pd.DataFrame:
    """The reference coder's codes for every document of :func:`corpus`: trust where it is raised."""
    return pd.DataFrame(
        {"segment_id": [f"{d}-1" for d in raised], "theme_id": ["trust" if v[3] else "" for v in raised.values()]}
    )


def test_wave_change_census_by_hand():
    # Every unit coded by hand. Wave A: a1 raises trust, a2 does not (1/2); wave B: b1 does (1/1): +1/2, exact.
    segments, codes = corpus(
        {"a1": ("X", "A", "p1", True), "a2": ("X", "A", "p2", False), "b1": ("X", "B", "p1", True)}
    )
    human = pd.DataFrame({"segment_id": ["a1-1", "a2-1", "b1-1"], "theme_id": ["trust", "", "trust"]})
    row = wave_change(estimates_for(segments, codes.iloc[:0], CODEBOOK, human=human), ["A", "B"]).iloc[0]
    assert (row["share_first"], row["share_last"], row["change"]) == (0.5, 1.0, 0.5)
    assert (row["change_lo"], row["change_hi"], row["estimator"]) == (0.5, 0.5, "census")
    assert row["direction"] == "rose" and row["clear"]


def test_wave_change_flips_when_the_waves_are_reversed():
    docs = {
        "a1": ("X", "A", "p1", False),
        "a2": ("X", "A", "p2", False),
        "a3": ("X", "A", "p3", True),
        "b1": ("X", "B", "p1", True),
        "b2": ("X", "B", "p2", True),
        "b3": ("X", "B", "p3", False),
    }
    segments, codes = corpus(docs)
    human = by_hand(docs)
    forward = wave_change(estimates_for(segments, codes, CODEBOOK, human=human), ["A", "B"]).iloc[0]
    reversed_waves = segments.assign(wave=segments["wave"].map({"A": "B", "B": "A"}))
    backward = wave_change(estimates_for(reversed_waves, codes, CODEBOOK, human=human), ["A", "B"]).iloc[0]
    # Every unit coded by hand: 1 of 3 units, then 2 of 3: up a third; reversed, down a third.
    assert (forward["direction"], forward["change"]) == ("rose", 0.3333)
    assert (backward["direction"], backward["change"]) == ("fell", -0.3333)


def test_wave_change_by_place_states_its_people_and_the_policy_blanks_a_place_with_few():
    docs = {
        "x1": ("X", "A", "p1", False),
        "x2": ("X", "A", "p2", False),
        "x3": ("X", "B", "p1", True),
        "x4": ("X", "B", "p2", True),
        "y1": ("Y", "A", "p3", True),
        "y2": ("Y", "B", "p3", False),
    }
    segments, codes = corpus(docs)
    people = segments.groupby(["place", "wave"])["participant_id"].nunique().to_dict()
    estimates = estimates_for(segments, codes, CODEBOOK, human=by_hand(docs))
    table = wave_change_by_place(estimates, ["A", "B"], ["X", "Y"], people)
    # Coded by hand throughout. X: 0 of 2, then 2 of 2 (2 participants in each wave). Y rests on one participant.
    assert table.set_index("place")["participants"].to_dict() == {"X": 2, "Y": 1}
    table = suppress_small_cells(table, 2).set_index("place")
    assert (
        table.loc["X", "change"] == 1.0 and table.loc["X", "direction"] == "rose" and not table.loc["X", "suppressed"]
    )
    assert table.loc["Y", "suppressed"] and np.isnan(table.loc["Y", "change"]) and table.loc["Y", "direction"] is None
    assert not table.loc["Y", "clear"] and table.loc["Y", "estimator"] == table.loc["X", "estimator"]


BY_PLACE_WAVE = pd.DataFrame(
    [
        # Salient: at least half the theme's peak in the place. Place P: e1 peaks at 0.9, and reaches 0.45 in
        # wave 2; e2 peaks at 0.7, 0.35 reached in wave 1; the later theme l1 peaks at 0.5, 0.25 reached in wave 2.
        *[{"place": "P", "wave": w, "theme_id": "e1", "share": s} for w, s in zip("123", [0.2, 0.5, 0.9])],
        *[{"place": "P", "wave": w, "theme_id": "e2", "share": s} for w, s in zip("123", [0.6, 0.1, 0.7])],
        *[{"place": "P", "wave": w, "theme_id": "l1", "share": s} for w, s in zip("123", [0.0, 0.4, 0.5])],
        # place Q: later work salient from wave 1, early work from wave 2 (e1) and never (e2: never raised).
        *[{"place": "Q", "wave": w, "theme_id": "e1", "share": s} for w, s in zip("123", [0.0, 1.0, 1.0])],
        *[{"place": "Q", "wave": w, "theme_id": "e2", "share": s} for w, s in zip("123", [0.0, 0.0, 0.0])],
        *[{"place": "Q", "wave": w, "theme_id": "l1", "share": s} for w, s in zip("123", [0.5, 0.5, 0.5])],
        # place R: the later work never raised (a suppressed cell, NaN, does not count).
        *[{"place": "R", "wave": w, "theme_id": "e1", "share": s} for w, s in zip("123", [1.0, 1.0, 1.0])],
        *[{"place": "R", "wave": w, "theme_id": "e2", "share": s} for w, s in zip("123", [1.0, 1.0, 1.0])],
        *[{"place": "R", "wave": w, "theme_id": "l1", "share": s} for w, s in zip("123", [np.nan, 0.0, 0.0])],
    ]
)
STAGES = {"early": ["e1", "e2"], "later": ["l1"]}


def test_first_salient_waves_by_hand():
    salient = first_salient_waves(BY_PLACE_WAVE, ["1", "2", "3"], 0.5, STAGES).set_index(["place", "theme_id"])
    assert salient.loc[("P", "e1"), "first_salient_wave"] == "2"
    assert salient.loc[("P", "e2"), "first_salient_wave"] == "1"
    assert salient.loc[("P", "l1"), "first_salient_wave"] == "2"
    assert salient.loc[("Q", "e2"), "first_salient_wave"] == "" and np.isnan(
        salient.loc[("Q", "e2"), "first_salient_index"]
    )
    assert salient.loc[("P", "l1"), "stage"] == "later"


def test_stage_order_compares_median_onsets():
    salient = first_salient_waves(BY_PLACE_WAVE, ["1", "2", "3"], 0.5, STAGES)
    order = stage_order(salient, 3).set_index("place")
    # P: early onset median(2, 1) = 1.5, later 2 → early first.
    assert (order.loc["P", "early_onset"], order.loc["P", "later_onset"], order.loc["P", "order"]) == (
        1.5,
        2.0,
        "early first",
    )
    # Q: early median(2, never = 4) = 3, later 1 → later first.
    assert (order.loc["Q", "early_onset"], order.loc["Q", "order"]) == (3.0, "later first")
    # R: the later theme is never salient.
    assert order.loc["R", "order"] == "later not salient"
    summary = sequencing_summary(order.reset_index(), 0.5, STAGES)
    assert (
        summary["places"],
        summary["places_early_first"],
        summary["places_later_first"],
        summary["places_later_not_salient"],
    ) == (3, 1, 1, 1)
    assert summary["early_first_places"] == ["P"]
