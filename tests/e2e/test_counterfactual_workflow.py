"""The synthesis's directions come from the data: the counterfactual corpus (tests/data/counterfactual),
and the same texts with every date moved into the other wave and the two places swapped, each run as
a project coded entirely by hand (tests/data/counterfactual/human_codes.csv), whose shares must be the
human codes' own counts.

Expected values are counted by hand in tests/data/counterfactual/README.md.
"""

import json

import pandas as pd
import pytest

from tests.workflow import copy_project, kept_for_the_session, snakemake

# One worker builds this module's project (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_counterfactual_workflow")]
CONFIG = [
    "--profile",
    "workflow/profiles/default",
    "--configfile",
    "tests/data/counterfactual/config.yaml",
    "--config",
    "coding={human_codes: tests/data/counterfactual/human_codes.csv}",
]
REGISTER = "tests/data/counterfactual/raw/documents.csv"


def run(workdir, rewrite=None):
    copy_project(workdir)
    if rewrite:
        register = pd.read_csv(workdir / REGISTER, dtype=str)
        rewrite(register).to_csv(workdir / REGISTER, index=False)
    result = snakemake(workdir, *CONFIG)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return workdir


def reverse_waves_and_swap_places(register):
    def other_wave(date):  # Jan–Jun 2023 ↔ Jul–Dec 2023, same day of the month
        year, month, day = date.split("-")
        return f"{year}-{int(month) + 6 if int(month) <= 6 else int(month) - 6:02d}-{day}"

    return register.assign(
        date=register["date"].map(other_wave), place=register["place"].map({"Alder": "Birch", "Birch": "Alder"})
    )


@pytest.fixture(scope="session")
@kept_for_the_session
def original(tmp_path_factory):
    return run(tmp_path_factory.mktemp("original"))


@pytest.fixture(scope="session")
@kept_for_the_session
def counterfactual(tmp_path_factory):
    return run(tmp_path_factory.mktemp("counterfactual"), reverse_waves_and_swap_places)


def findings(project):
    return json.loads((project / "data/processed/findings.json").read_text())


def table(project, name):
    return pd.read_csv(project / "data/processed/tables" / name)


def test_goal_clarity_rises_in_the_corpus_and_falls_with_the_waves_reversed(original, counterfactual):
    forward, backward = findings(original)["trends"]["goal_clarity"], findings(counterfactual)["trends"]["goal_clarity"]
    # 1 of 4 documents in W1, 3 of 4 in W2; reversed, 3 of 4 then 1 of 4.
    assert (forward["direction"], forward["share_first"], forward["share_last"], forward["change"]) == (
        "rose",
        0.25,
        0.75,
        0.5,
    )
    assert (backward["direction"], backward["share_first"], backward["share_last"], backward["change"]) == (
        "fell",
        0.75,
        0.25,
        -0.5,
    )
    # Every unit coded by hand: the change is a count, with no interval around it.
    assert (forward["estimator"], forward["change_lo"], forward["change_hi"], forward["clear"]) == (
        "census",
        0.5,
        0.5,
        True,
    )
    assert (backward["estimator"], backward["change_lo"], backward["change_hi"]) == ("census", -0.5, -0.5)


def test_the_place_raising_shared_values_most_follows_the_documents(original, counterfactual):
    forward = findings(original)["place_divergence"]["shared_values"]
    backward = findings(counterfactual)["place_divergence"]["shared_values"]
    # Alder's documents raise it in 3 of 4, Birch's in 1 of 4; with the places swapped, the other way round.
    assert (forward["highest_place"], forward["highest_share"], forward["lowest_place"], forward["gap"]) == (
        "Alder",
        0.75,
        "Birch",
        0.5,
    )
    assert (backward["highest_place"], backward["highest_share"], backward["lowest_place"], backward["gap"]) == (
        "Birch",
        0.75,
        "Alder",
        0.5,
    )


def test_early_work_comes_first_and_comes_last_with_the_waves_reversed(original, counterfactual):
    assert table(original, "stage_order.csv").set_index("place")["order"].to_dict() == {
        "Alder": "early first",
        "Birch": "early first",
    }
    assert table(counterfactual, "stage_order.csv").set_index("place")["order"].to_dict() == {
        "Alder": "later first",
        "Birch": "later first",
    }
    assert findings(original)["sequencing"]["places_early_first"] == 2
    assert findings(counterfactual)["sequencing"]["places_later_first"] == 2


def report(project):
    from tests.workflow import report_text

    return report_text(project)


def test_the_report_prose_follows_the_data_not_the_text_of_the_report(original, counterfactual):
    forward, backward = report(original), report(counterfactual)
    rose = (
        "Clarity and shared understanding of purpose rose: raised in 25% of units in W1 and 75% in W2 "
        "(+50 points; every unit coded by hand)"
    )
    fell = (
        "Clarity and shared understanding of purpose fell: raised in 75% of units in W1 and 25% in W2 "
        "(−50 points; every unit coded by hand)"
    )
    assert rose in forward and fell not in forward
    assert fell in backward and rose not in backward
    # Shared values: Alder 3 of 4 documents, Birch 1 of 4; then the other way round.
    assert "Alder (75%) Birch (25%) 50 points" in forward and "Birch (75%) Alder (25%) 50 points" in backward
    assert "In 2 of 2 places the early work" in forward and "In 0 of 2 places the early work" in backward


def key_titles(project):
    found = findings(project)
    by_id = {f["id"]: f for f in found["findings"]}
    return [by_id[i]["title"] for i in found["key_messages"]]


def test_the_key_messages_turn_round_with_the_waves_and_places(original, counterfactual):
    # Goal clarity rises from 1 of 4 documents to 3 of 4 (the help side of "Goals and purpose"), the early work
    # comes first in both places, and shared values rise from 1 of 4 to 3 of 4; with the waves reversed, each
    # the other way. Every unit is coded by hand, so each is a count: high confidence needs no interval.
    forward, backward = key_titles(original), key_titles(counterfactual)
    assert {
        "Goals and purpose: improving",
        "The early work came first",
        "Aligned values and a shared focal point rose",
    } <= set(forward)
    assert {
        "Goals and purpose: getting harder",
        "The later work came first",
        "Aligned values and a shared focal point fell",
    } <= set(backward)
    assert not {"Goals and purpose: getting harder", "The later work came first"} & set(forward)
    assert not {"Goals and purpose: improving", "The early work came first"} & set(backward)


def test_a_project_coded_entirely_by_hand_reports_its_human_counts(original):
    # Counted from human_codes.csv: relationship building, diagnostic work, goal clarity, challenging
    # practice and shared values are each coded in 4 of the 8 interviews; no other theme in any.
    overall = table(original, "prevalence.csv").set_index("theme_id")
    counted = {
        "relationship_building": 4,
        "diagnostic_work": 4,
        "goal_clarity": 4,
        "challenging_practice": 4,
        "shared_values": 4,
    }
    assert set(overall["estimator"]) == {"census"} and (overall["units"] == 8).all()
    assert overall["units_with"].astype(int).to_dict() == {t: counted.get(t, 0) for t in overall.index}
    assert (overall["share_lo"] == overall["share"]).all() and (overall["share_hi"] == overall["share"]).all()
    text = report(original)
    assert "Coder A coded every unit by hand" in text
    assert "Clarity and shared understanding of purpose 50% (4 of 8)" in text
