"""The synthesis rules (notebooks 02 and 03), one function each: ``discover_themes`` (inductive topics)
and ``synthesise`` (every table and the findings the report reads). Each returns its outputs by the
rule's output names, with what the notebook shows beside them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.coding.sampling import read_batch_strata, read_register
from qualsynth.coding.steps import read_codebook
from qualsynth.errors import InputError
from qualsynth.ingest.surveys import likert_scale
from qualsynth.settings import Settings
from qualsynth.synthesis.coder_worth import with_coder_worth, worth_summary
from qualsynth.synthesis.cooccurrence import cooccurrence
from qualsynth.synthesis.design import SampleDesign, sample_design
from qualsynth.synthesis.disclosure import NOT_STATISTICS, publish, suppress_small_cells
from qualsynth.synthesis.estimates import Estimates
from qualsynth.synthesis.findings import headline_findings, participation
from qualsynth.synthesis.likert import likert_findings, likert_summary
from qualsynth.synthesis.messages import Evidence, all_findings, key_messages
from qualsynth.synthesis.quotes import attributions, exemplar_quotes, topic_quotes_attributed
from qualsynth.synthesis.stance import ALL_PLACES, stance_summary, stance_table
from qualsynth.synthesis.topics import discover_topics
from qualsynth.synthesis.trends import (
    first_salient_waves,
    place_divergence,
    sequencing_summary,
    stage_order,
    wave_change,
    wave_change_by_place,
    wave_change_by_source,
)
from qualsynth.synthesis.valence import mapped_items, survey_evidence
from qualsynth.tables import read_parquet

log = logging.getLogger(__name__)

# The groupings of the prevalence tables: output name → the unit columns it groups by.
GROUPINGS = {
    "by_place": ["place"],
    "by_wave": ["wave"],
    "by_role": ["role"],
    "by_method": ["method"],
    "by_source": ["source"],
    "by_place_wave": ["place", "wave"],
}


def discover_themes(
    segments: Path, codes: Path, embeddings: Sequence[Path], codebook: Path, codebook_schema: Path, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Inductive topics over the participant passages (Ward clusters of the sentence embeddings where there
    are some, else of the passages' LSA vectors), compared with the codebook → ``topics``,
    ``segment_topics``, ``selection``."""
    book = read_codebook(codebook, codebook_schema)
    vectors = pd.concat([read_parquet(p) for p in embeddings], ignore_index=True) if embeddings else None
    passages = read_parquet(segments)
    found = discover_topics(
        passages, read_parquet(codes), {t.id: t.label for t in book.themes}, settings.topics, vectors
    )
    found["topics"] = found["topics"].assign(
        quotes=[
            topic_quotes_attributed(quotes, passages, settings.synthesis.min_cell_size)
            for quotes in found["topics"]["quotes"]
        ]
    )
    return found


@dataclass
class Synthesis:
    """What ``synthesise`` made: ``outputs`` by the rule's output names, and what the notebook shows."""

    outputs: dict[str, Any]
    codebook: Codebook
    design: SampleDesign
    suppressed: dict[str, int]


def rating_items(ratings: pd.DataFrame) -> list[str]:
    """Each rating answer's item id, one per question: exports of several organisations each number their rating
    columns from q1, so the questions are numbered again, in the order of their own numbers, then of first sight."""
    first = {}
    for position, (item, question) in enumerate(zip(ratings["item"], ratings["question"])):
        first.setdefault(question, (int(str(item).lstrip("q") or 0), position))
    number = {question: n for n, question in enumerate(sorted(first, key=first.get), start=1)}
    return [f"q{number[q]}" for q in ratings["question"]]


def partial_pooling_summary(checks: pd.DataFrame) -> dict[str, Any]:
    """How the places' shares were pooled: for how many themes the model could be fitted, and for how many
    the machine's errors differ between places more than chance allows (Cochran's Q, p < 0.05)."""
    modelled = checks[checks["groups_with_codes"].notna()]
    return {
        "grouping": "place",
        "themes": int(len(checks)),
        "themes_modelled": int(len(modelled)),
        "themes_where_errors_differ": int((modelled["heterogeneity_p"] < 0.05).sum()),
    }


def check_theme_settings(codebook: Codebook, settings: Settings) -> None:
    """Refuse theme ids in ``synthesis.stages`` and ``synthesis.stance`` that the codebook lacks."""
    stages = settings.synthesis.stages
    codebook.require_themes(stages["early"], "synthesis.stages.early")
    codebook.require_themes(stages["later"], "synthesis.stages.later")
    for i, pair in enumerate(settings.synthesis.stance):
        codebook.require_themes([pair["help"], pair["hindrance"]], f"synthesis.stance[{i}]")


def synthesise(
    segments: Path,
    units: Path,
    unit_scores: Path,
    coded_units: Path,
    register: Path | None,
    codes: Path,
    likert: Path,
    exclusions: Path,
    codebook: Path,
    codebook_schema: Path,
    settings: Settings,
) -> Synthesis:
    """Every table the report reads, and the headline findings its prose is written from."""
    passages = read_parquet(segments)
    unit_table = read_parquet(units)
    coded = read_parquet(coded_units)
    final = read_parquet(codes)
    # One item per question: exports of several organisations number their rating columns each from q1.
    ratings = read_parquet(likert)
    ratings = ratings.assign(item=rating_items(ratings))
    book = read_codebook(codebook, codebook_schema)
    check_theme_settings(book, settings)
    synthesis, estimation = settings.synthesis, settings.synthesis.estimation
    waves = [w.id for w in settings.inquiry.waves]
    min_cell = synthesis.min_cell_size
    boot = {"n_bootstrap": synthesis.bootstrap, "seed": synthesis.seed}
    out: dict[str, Any] = {}

    complete = set(coded.loc[coded["complete"], "unit_id"])
    imported = set(coded.loc[coded["complete"] & coded["imported"], "unit_id"]) if "imported" in coded else set()
    design = sample_design(
        unit_table,
        read_register(register),
        complete,
        settings.sampling.strata,
        superpopulation=estimation.population == "superpopulation",
        imported=imported,
        batch_strata=read_batch_strata(register),
    )
    out["design"] = design.table
    estimates = Estimates(design, read_parquet(unit_scores), unit_table, passages, book, estimation)
    said = passages[passages["is_participant"]]
    everyone = said["participant_id"].nunique()
    if everyone < min_cell:
        raise InputError(
            f"the inquiry has {everyone} participant(s), fewer than synthesis.min_cell_size ({min_cell}): disclosure "
            "control would blank every share. Lower synthesis.min_cell_size in the config if the participants may be "
            "reported on in so small a group (1 turns disclosure control off), or add the rest of the inquiry's data."
        )
    in_place = said.groupby("place")["participant_id"].nunique().to_dict()
    in_wave = said.groupby("wave")["participant_id"].nunique().to_dict()
    people = said.groupby(["place", "wave"])["participant_id"].nunique().to_dict()

    out["prevalence"] = with_coder_worth(estimates.prevalence(), read_parquet(unit_scores))
    # The tables the comparisons below are read from are published first, so that no comparison
    # rests on a cell disclosure control blanks.
    for name, by in GROUPINGS.items():
        out[name] = suppress_small_cells(estimates.prevalence(by), min_cell)
    out["participation"] = participation(passages, settings.inquiry.roles)
    out["power"] = estimates.power([t.id for t in book.themes]).assign(participants=everyone)

    change = wave_change(estimates, waves)
    first_last = (
        min(in_wave.get(change["first_wave"].iloc[0], 0), in_wave.get(change["last_wave"].iloc[0], 0))
        if len(change)
        else 0
    )
    out["wave_change"] = change.assign(participants=first_last)
    out["wave_change_by_place"] = wave_change_by_place(estimates, waves, sorted(in_place), people)
    out["wave_change_by_source"] = changes_by_source(estimates, waves, said, unit_table)
    divergence = place_divergence(estimates, out["by_place"])
    out["place_divergence"] = divergence.assign(
        participants=[
            min(in_place[h], in_place[lo]) for h, lo in zip(divergence["highest_place"], divergence["lowest_place"])
        ]
    )

    salient = first_salient_waves(out["by_place_wave"], waves, synthesis.salience, synthesis.stages)
    order = stage_order(salient, len(waves))
    out["sequencing"] = salient.assign(participants=salient["place"].map(in_place))
    out["stage_order"] = order.assign(participants=order["place"].map(in_place))
    out["cooccurrence"] = cooccurrence(estimates).assign(participants=everyone)
    out["stance"] = stance_table(estimates, passages, final, synthesis.stance)

    scale = likert_scale(settings.ingest.surveys)
    out["likert"] = likert_summary(ratings, scale, **boot)
    out["likert_by_wave"] = likert_summary(ratings, scale, by=["wave"], **boot)
    out["quotes"] = attributions(
        exemplar_quotes(
            passages, final, book, per_theme=synthesis.quotes_per_theme, max_words=synthesis.quote_max_words
        ),
        passages,
        min_cell,
    )
    out = publish(out, min_cell)
    suppressed = {name: int(table["suppressed"].sum()) for name, table in out.items() if name not in NOT_STATISTICS}

    overall, change = out["prevalence"], out["wave_change"]
    findings = headline_findings(
        passages, pd.read_csv(exclusions), overall, change, out["place_divergence"], book, out["wave_change_by_place"]
    )
    present = set(passages["wave"])
    findings["wave_order"] = [w for w in waves if w in present]
    findings["design"] = design.summary
    findings["estimation"] = {
        "min_coded_units": estimation.min_coded_units,
        "population": estimation.population,
        "min_coded_positives": estimation.min_coded_positives,
        "min_coded_positives_adjusted": estimation.min_coded_positives_adjusted,
        "corrected_from_few_positives": len(estimates.corrected_from_few_positives()),
        "target_half_width": estimation.target_half_width,
        "estimators": {m: int(n) for m, n in overall["estimator"].value_counts().items()},
        "partial_pooling": partial_pooling_summary(estimates.small_area_checks(["place"])),
        "coder_worth": worth_summary(overall),
    }
    findings["sequencing"] = sequencing_summary(out["stage_order"], synthesis.salience, synthesis.stages)
    findings["stance"] = stance_summary(out["stance"])
    findings["likert"] = likert_findings(out["likert"], out["likert_by_wave"], waves)
    findings["quotes"] = {"quotes": int(len(out["quotes"])), "themes_quoted": int(out["quotes"]["theme_id"].nunique())}
    findings["disclosure_control"] = {
        "min_cell_size": min_cell,
        **{f"suppressed_cells_{k}": v for k, v in suppressed.items()},
    }
    found, unmatched = findings_of(
        out, book, read_parquet(unit_scores), findings["sequencing"], settings, len(in_place)
    )
    out["key_findings"] = findings_table(found["findings"])
    findings.update(found, survey_items_not_found=unmatched)
    out["findings"] = findings
    return Synthesis(out, book, design, suppressed)


def changes_by_source(estimates: Estimates, waves: list[str], said: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Each theme's change within documents and within survey responses, where the inquiry has both."""
    sources = sorted(set(units["source"]))
    by_source = said.merge(units[["unit_id", "source"]], on="unit_id")
    people = by_source.groupby(["source", "wave"])["participant_id"].nunique().to_dict()
    return wave_change_by_source(estimates, waves, sources if len(sources) > 1 else [], people)


def findings_of(
    out: dict[str, Any],
    book: Codebook,
    scores: pd.DataFrame,
    sequencing: dict[str, Any],
    settings: Settings,
    places: int,
) -> tuple[dict[str, Any], list[str]]:
    """Every finding and the key messages, from the published tables; and the codebook's survey items that
    no rating question matched."""
    mapping, unmatched = mapped_items(book, out["likert"])
    if unmatched and not out["likert"].empty:
        # A mapping that matches nothing gives its theme no valence: say so rather than drop it quietly.
        log.warning(
            "codebook survey_items matching no rating question of the survey (theme: text): %s. Copy the question "
            "as the export writes it, or use its item id (q1, q2, … in tables/likert.csv).",
            "; ".join(unmatched),
        )
    coded = scores.dropna(subset=["human"])
    positives = coded[coded["human"] > 0].groupby("theme_id")["unit_id"].nunique().to_dict()
    # With units coded by hand, a theme the reference coder never coded has 0 positives, not an unknown number.
    positives = {t.id: positives.get(t.id, 0) for t in book.themes} if len(coded) else {}
    evidence = Evidence(
        codebook=book,
        overall=out["prevalence"].set_index("theme_id"),
        change=out["wave_change"].set_index("theme_id"),
        change_by_place=out["wave_change_by_place"],
        change_by_source=out["wave_change_by_source"],
        divergence=out["place_divergence"].set_index("theme_id"),
        stance=out["stance"][out["stance"]["place"] == ALL_PLACES],
        survey=survey_evidence(mapping, out["likert"], out["likert_by_wave"], [w.id for w in settings.inquiry.waves]),
        positives={t: int(n) for t, n in positives.items()},
        pairs=settings.synthesis.stance,
        places=places,
        min_cell=settings.synthesis.min_cell_size,
    )
    found = all_findings(evidence, sequencing)
    return {
        "findings": [f.record() for f in found],
        "key_messages": [f.id for f in key_messages(found)],
    }, unmatched


def findings_table(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The findings as a table a reader opens in Excel: one row each, its reasons joined."""
    columns = ["id", "kind", "area_id", "title", "statement", "valence", "confidence", "reasons", "question"]
    rows = [{**{c: r[c] for c in columns if c != "reasons"}, "reasons": "; ".join(r["reasons"])} for r in records]
    return pd.DataFrame(rows, columns=columns)
