"""Findings and key messages from hand-built tables: each expectation worked out from the rows below."""

import pandas as pd
import pytest

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.synthesis.messages import Evidence, all_findings, key_messages, pair_finding, sequencing_finding

PAIR = {"label": "Goals", "help": "clarity", "hindrance": "doubt"}
THEMES = (
    Theme("clarity", "Clarity", "goals", "Goals", "d", ("w",)),
    Theme("doubt", "Doubt", "goals", "Goals", "d", ("w",)),
    Theme("capture", "Capturing learning", "learning", "Learning", "d", ("w",)),
    Theme("early", "Early work", "roles", "Roles", "d", ("w",)),
    Theme("later", "Later work", "roles", "Roles", "d", ("w",)),
)
IDS = [t.id for t in THEMES]


def change(directions):
    """+0.3 for rose, −0.3 for fell, +0.02 for no clear change; intervals ±0.1."""
    value = {"rose": 0.3, "fell": -0.3, "no clear change": 0.02}
    rows = [
        {
            "theme_id": t,
            "first_wave": "W1",
            "last_wave": "W2",
            "share_first": 0.4 if d == "fell" else 0.1,
            "share_last": 0.1 if d == "fell" else 0.4 if d == "rose" else 0.12,
            "change": value[d],
            "change_lo": value[d] - 0.1,
            "change_hi": value[d] + 0.1,
            "direction": d,
            "clear": d != "no clear change",
            "estimator": "design-based",
        }
        for t, d in directions.items()
    ]
    return pd.DataFrame(rows).set_index("theme_id")


def evidence(directions, gaps=(), stance=None, survey=None, by_source=None):
    overall = pd.DataFrame(
        {
            "theme_id": IDS,
            "estimator": "design-based",
            "share": 0.2,
            "share_lo": 0.1,
            "share_hi": 0.3,
            "participants": 100,
        }
    ).set_index("theme_id")
    divergence = pd.DataFrame(
        [
            {
                "theme_id": t,
                "highest_place": "North",
                "highest_share": 0.5,
                "lowest_place": "South",
                "lowest_share": 0.1,
                "gap": 0.4,
                "gap_lo": 0.2,
                "gap_hi": 0.6,
                "estimator": "design-based",
                "clear": t in gaps,
            }
            for t in IDS
        ]
    ).set_index("theme_id")
    by_place = pd.DataFrame(
        [
            {"place": p, "theme_id": t, "change": change(directions).loc[t, "change"], "direction": d, "clear": False}
            for p in ("North", "South")
            for t, d in directions.items()
        ]
    )
    return Evidence(
        codebook=Codebook("1", "x", THEMES),
        overall=overall,
        change=change(directions),
        change_by_place=by_place,
        change_by_source=by_source if by_source is not None else pd.DataFrame(columns=["theme_id"]),
        divergence=divergence,
        stance=stance if stance is not None else pd.DataFrame(columns=["label"]),
        survey=survey if survey is not None else pd.DataFrame(columns=["theme_id", "direction", "item"]),
        positives=dict.fromkeys(IDS, 20),
        pairs=[PAIR],
        places=2,
        min_cell=5,
    )


# No stages named in the config: no order of the work to read.
NO_SEQUENCING = {
    "places": 0,
    "places_early_first": 0,
    "places_later_first": 0,
    "places_undetermined": 0,
    "early_themes": [],
    "later_themes": [],
}
STEADY = {"clarity": "no clear change", "capture": "no clear change", "early": "fell", "later": "rose"}


def test_a_pair_whose_hindrance_fell_is_improving_and_turns_harder_when_it_rises():
    improving = pair_finding(evidence({**STEADY, "doubt": "fell"}), PAIR)
    assert improving.title == "Goals: improving" and improving.valence == "strength"
    assert improving.statement.startswith("Doubt fell: raised in 40% of units in W1 and 10% in W2 (−30 points;")
    harder = pair_finding(evidence({**STEADY, "doubt": "rose"}), PAIR)
    assert harder.title == "Goals: getting harder" and harder.valence == "need"


def test_a_pair_with_no_clear_change_but_a_clear_gap_differs_between_places():
    found = pair_finding(evidence({**STEADY, "doubt": "no clear change"}, gaps={"clarity"}), PAIR)
    assert found.title == "Goals: differs between places"
    assert "Clarity differs between places: raised in 50% of units in North and 10% in South" in found.statement
    # Nothing clear at all: no finding.
    assert pair_finding(evidence({**STEADY, "doubt": "no clear change"}), PAIR) is None


def test_a_pair_raised_more_as_a_hindrance_says_so_only_where_the_intervals_part():
    parted = pd.DataFrame(
        [
            {
                "label": "Goals",
                "share_help": 0.05,
                "share_help_lo": 0.02,
                "share_help_hi": 0.08,
                "share_hindrance": 0.2,
                "share_hindrance_lo": 0.15,
                "share_hindrance_hi": 0.25,
            }
        ]
    )
    found = pair_finding(evidence({**STEADY, "doubt": "no clear change"}, stance=parted), PAIR)
    assert found.title == "Goals: raised more as a hindrance" and found.valence == "need"
    overlapping = parted.assign(share_help_hi=0.16)
    assert pair_finding(evidence({**STEADY, "doubt": "no clear change"}, stance=overlapping), PAIR) is None


def test_the_order_of_the_work_is_stated_where_most_places_show_it():
    sequencing = {
        "places": 2,
        "places_early_first": 2,
        "places_later_first": 0,
        "places_undetermined": 0,
        "early_themes": ["early"],
        "later_themes": ["later"],
    }
    found = sequencing_finding(evidence(STEADY | {"doubt": "fell"}), sequencing)
    assert (
        found.statement
        == "In 2 of 2 places the early work (early work) was prominent before the later work (later work)."
    )
    flipped = sequencing_finding(
        evidence(STEADY | {"doubt": "fell"}), sequencing | {"places_early_first": 0, "places_later_first": 2}
    )
    assert flipped.title == "The later work came first"
    # One of two places either way is no majority.
    assert sequencing_finding(evidence(STEADY), sequencing | {"places_early_first": 1, "places_later_first": 1}) is None


def test_no_finding_states_a_change_whose_interval_includes_none():
    ev = evidence(
        {"clarity": "no clear change", "doubt": "fell", "capture": "no clear change", "early": "fell", "later": "rose"}
    )
    found = all_findings(
        ev,
        NO_SEQUENCING,
    )
    changed = {f.theme_ids[0] for f in found if f.kind == "change"}
    assert changed == {"doubt", "early", "later"}
    assert not any("Capturing learning" in f.statement or "Clarity rose" in f.statement for f in found)


def test_key_messages_put_the_pair_first_and_each_theme_once():
    ev = evidence({**STEADY, "doubt": "fell"})
    found = all_findings(
        ev,
        NO_SEQUENCING,
    )
    keys = key_messages(found)
    assert [f.id for f in keys] == ["clarity+doubt", "early.change", "later.change"]
    # The pair already speaks of doubt: its own change is not a second message.
    assert "doubt.change" in {f.id for f in found} and "doubt.change" not in {f.id for f in keys}
    assert all(f.confidence in ("high", "moderate", "low", "very low") for f in keys)


@pytest.mark.parametrize("lowest", [True, False])
def test_the_least_developed_item_is_raised_as_a_need(lowest):
    survey = pd.DataFrame(
        [
            {
                "theme_id": "capture",
                "item": "q5",
                "question": "What we learn is captured",
                "respondents": 60,
                "share_agree": 0.1 if lowest else 0.8,
                "share_agree_lo": 0.05 if lowest else 0.7,
                "share_agree_hi": 0.15 if lowest else 0.9,
                "latest_wave": "W2",
                "latest_share": 0.1,
                "latest_lo": 0.05,
                "latest_hi": 0.15,
                "first_wave": "W1",
                "first_share": 0.1,
                "change": 0.0,
                "change_lo": -0.1,
                "change_hi": 0.1,
                "direction": "no clear change",
                "ranked": "lowest" if lowest else "highest",
            }
        ]
    )
    ev = evidence({**STEADY, "doubt": "fell", "capture": "rose"}, survey=survey)
    found = all_findings(
        ev,
        NO_SEQUENCING,
    )
    ranking = next(f for f in found if f.kind == "ranking")
    assert ranking.title == (
        "Capturing learning: the least developed" if lowest else "Capturing learning: the most developed"
    )
    assert ranking.valence == ("need" if lowest else "strength")
    assert "Capturing learning rose: raised in 10% of units in W1 and 40% in W2" in ranking.statement
    assert ranking.statement.endswith("(+30 points; 95% interval 20 to 40 points).")


def test_a_pair_of_three_parts_gives_the_key_message_its_first_two():
    found = pair_finding(evidence({**STEADY, "doubt": "fell", "clarity": "rose"}, gaps={"clarity"}), PAIR)
    # Doubt fell, clarity rose, and clarity differs between places: three parts, the brief the two changes.
    assert found.statement.count("); ") == 2 and "differs between places" in found.statement
    # A later part starts with a small letter: the label is a theme's name, not a new sentence.
    assert found.brief.startswith("Doubt fell: ") and "; clarity rose: " in found.brief
    assert "differs between places" not in found.brief and found.brief.endswith(".")


def source_change(source, first, last, clear):
    """Doubt's change within one source, W1 to W2, its interval ±0.2 around it."""
    change = round(last - first, 2)
    return {
        "source": source,
        "theme_id": "doubt",
        "first_wave": "W1",
        "last_wave": "W2",
        "estimator": "design-based",
        "share_first": first,
        "share_last": last,
        "change": change,
        "change_lo": change - 0.2 if clear else change - 0.15,
        "change_hi": change + 0.2 if clear else change + 0.15,
        "clear": clear,
    }


DOCUMENTS_FELL = source_change("document", 0.7, 0.2, True)


def test_a_change_is_told_within_documents_and_survey_responses_where_both_exist():
    by_source = pd.DataFrame([DOCUMENTS_FELL, source_change("survey response", 0.3, 0.25, False)])
    found = pair_finding(evidence({**STEADY, "doubt": "fell"}, by_source=by_source), PAIR)
    assert found.statement.endswith(
        "; in documents from 70% to 20% (−50 points; 95% interval −70 to −30 points), in survey responses no clear "
        "change."
    )


def test_a_key_message_leaves_the_breakdown_by_source_to_the_area():
    found = pair_finding(evidence({**STEADY, "doubt": "fell"}, by_source=pd.DataFrame([DOCUMENTS_FELL])), PAIR)
    assert "in documents from 70% to 20%" in found.statement and "in documents" not in found.brief
    assert found.brief.startswith("Doubt fell: raised in 40% of units in W1 and 10% in W2")
