"""The synthesis rules on the counterfactual corpus: discover_themes and synthesise. Coder A coded every
interview, so the shares are the human codes' own counts (a census), as tests/data/counterfactual/README.md
counts them."""

from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from qualsynth.synthesis.steps import discover_themes
from qualsynth.tables import read_parquet
from tests.rules.conftest import ANSWER, DOCUMENTS, KEYWORD_DOCUMENTS, SCHEMAS, rule_settings

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")

ANSWERS = [f"{doc}-{ANSWER}" for doc in sorted(DOCUMENTS)]


def table(project, name: str) -> pd.DataFrame:
    return pd.read_csv(project.output("synthesise", name), keep_default_na=False)


def test_discover_themes_finds_no_topics_when_no_word_passes_the_document_frequencies(project):
    # The config (by default) asks for words in at least min_df = 2 passages and at most max_df = 10% of them:
    # of eight passages, no word can be in at least 2 and at most 0.8.
    assert (project.settings.topics.min_df, project.settings.topics.max_df) == (2, 0.1)
    topics = read_parquet(project.output("discover_themes", "topics"))
    assert topics.empty and "codebook_may_miss" in topics.columns
    assert read_parquet(project.output("discover_themes", "segment_topics")).empty
    assert pd.read_csv(project.output("discover_themes", "selection")).empty


def test_discover_themes_places_each_participant_passage_with_looser_frequencies(project):
    config = copy.deepcopy(project.config)
    config["topics"].update(min_df=2, max_df=1.0, k_min=2, k_max=3)
    out = discover_themes(
        project.output("clean", "segments"),
        project.output("code_themes", "codes"),
        [],
        project.codebook,
        SCHEMAS / "codebook.schema.yaml",
        rule_settings(config, "discover_themes"),
    )
    # Only participant passages, never the interviewer's questions.
    assert list(out["segment_topics"]["segment_id"]) == ANSWERS
    assert list(out["selection"]["k"]) == [2, 3]
    assert out["selection"]["chosen"].sum() == 1
    chosen = int(out["selection"].loc[out["selection"]["chosen"], "k"].iloc[0])
    assert sorted(out["topics"]["topic_id"]) == list(range(chosen))
    placed = out["segment_topics"]["topic_id"] >= 0
    assert out["topics"]["n_segments"].sum() == placed.sum()
    # The topics are read against the final codes: coder A's five themes.
    best = {part.split(":")[0] for cell in out["topics"]["best_themes"] for part in cell.split(";") if part}
    assert best <= set(KEYWORD_DOCUMENTS)


def test_synthesise_shares_goal_clarity_by_wave_as_the_human_codes_count_it(project):
    by_wave = table(project, "by_wave").set_index(["theme_id", "wave"])
    # README: "clearer" in 1 of 4 W1 interviews (bi-w1-01) and 3 of 4 W2 ones; coder A codes the same.
    for wave, units_with, share in [("W1", 1, 0.25), ("W2", 3, 0.75)]:
        row = by_wave.loc[("goal_clarity", wave)]
        assert (row["units"], row["coded_units"], row["units_with"]) == (4, 4, units_with)
        assert (row["share"], row["share_lo"], row["share_hi"]) == (share, share, share)
        assert row["estimator"] == "census"
    change = table(project, "wave_change").set_index("theme_id").loc["goal_clarity"]
    assert (change["direction"], change["share_first"], change["share_last"], change["change"]) == (
        "rose",
        0.25,
        0.75,
        0.5,
    )


def test_synthesise_counts_each_theme_in_the_interviews_coder_a_gave_it(project):
    prevalence = table(project, "prevalence").set_index("theme_id")
    assert (prevalence["units"] == 8).all()
    expected = {theme: len(KEYWORD_DOCUMENTS.get(theme, [])) for theme in prevalence.index}
    assert prevalence["units_with"].astype(int).to_dict() == expected
    assert set(prevalence["estimator"]) == {"census"}


def test_synthesise_finds_alder_raising_shared_values_most(project):
    # README: "values" in 3 of Alder's 4 interviews and 1 of Birch's 4.
    by_place = table(project, "by_place").set_index(["theme_id", "place"])
    assert by_place.loc[("shared_values", "Alder"), "share"] == 0.75
    assert by_place.loc[("shared_values", "Birch"), "share"] == 0.25
    divergence = table(project, "place_divergence").set_index("theme_id").loc["shared_values"]
    assert (divergence["highest_place"], divergence["lowest_place"], divergence["gap"]) == ("Alder", "Birch", 0.5)


def test_synthesise_finds_the_early_work_first_in_both_places(project):
    # Relationship building and diagnostic work in every W1 interview, challenging practice in every W2 one.
    order = table(project, "stage_order").set_index("place")["order"].to_dict()
    assert order == {"Alder": "early first", "Birch": "early first"}


def test_synthesise_findings_count_the_corpus(project):
    findings = json.loads(project.output("synthesise", "findings").read_text(encoding="utf-8"))
    counts = findings["counts"]
    # 8 interviews in 2 places and 2 waves; 4 participants; 16 turns, 8 of them participants' answers.
    assert (counts["documents"], counts["units"], counts["places"], counts["waves"]) == (8, 8, 2, 2)
    assert (counts["participants"], counts["segments"], counts["participant_segments"]) == (4, 16, 8)
    assert counts["excluded_units"] == 0
    assert findings["wave_order"] == ["W1", "W2"]


def test_synthesise_quotes_only_participant_passages_coded_with_the_theme(project):
    quotes = table(project, "quotes")
    assert len(quotes) > 0
    segments = read_parquet(project.output("clean", "segments")).set_index("segment_id")
    for quote in quotes.itertuples():
        assert quote.segment_id in ANSWERS
        assert quote.segment_id.rsplit("-", 2)[0] in KEYWORD_DOCUMENTS[quote.theme_id]
        assert quote.text.strip(" …") in segments.loc[quote.segment_id, "text"]
