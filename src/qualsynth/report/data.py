"""Everything the report reads from the processed folder, read in one place and grouped by what the report's
parts show: the inquiry itself, the shares, the coding behind them and the audit trail."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from qualsynth.report.prose import nice


@dataclass(frozen=True)
class Inquiry:
    """What was gathered: the documents, units and participants, and how themes, areas, waves and sources are named."""

    counts: dict[str, Any]
    documents: pd.DataFrame
    units: pd.DataFrame
    participation: pd.DataFrame
    names: Mapping[str, str]
    labels: dict[str, str]
    theme_area: dict[str, str]
    areas: list[tuple[str, str]]
    wave_order: list[str]
    first_wave: str
    last_wave: str
    sources: dict[str, str]

    def name(self, value: str, *, capital: bool = False) -> str:
        """A role or method as the config's ``inquiry.labels`` names it."""
        return nice(value, self.names, capital=capital)


@dataclass(frozen=True)
class Shares:
    """The themes' shares and what is computed from them: breakdowns, changes, sequencing, ratings and quotes."""

    prevalence: pd.DataFrame
    by_place: pd.DataFrame
    by_wave: pd.DataFrame
    by_role: pd.DataFrame
    by_method: pd.DataFrame
    by_source: pd.DataFrame
    by_place_wave: pd.DataFrame
    change: pd.DataFrame
    divergence: pd.DataFrame
    trends: dict[str, Any]
    stage_order: pd.DataFrame
    sequencing: dict[str, Any]
    cooccurrence: pd.DataFrame
    likert: pd.DataFrame
    likert_waves: pd.DataFrame
    rated: dict[str, Any]
    power: pd.DataFrame
    quotes: pd.DataFrame
    topics: pd.DataFrame


@dataclass(frozen=True)
class Coding:
    """How the units were coded: the coding run, the human-coded sample's design and agreement with the coders."""

    coding_run: dict[str, Any]
    calibration: pd.DataFrame
    placement: pd.DataFrame
    design: dict[str, Any]
    design_table: pd.DataFrame
    kind: str
    reference: str
    second: str
    machine_vs: pd.DataFrame
    human_vs: pd.DataFrame
    has_agreement: bool
    corrected: bool


@dataclass(frozen=True)
class Audit:
    """What was left out of the raw data: the exclusions and the redactions."""

    exclusions: pd.DataFrame
    redactions: pd.DataFrame


class ReportInputs(NamedTuple):
    """The report's inputs as :func:`load_report_data` returns them, for the report to take apart."""

    inquiry: Inquiry
    shares: Shares
    coding: Coding
    audit: Audit
    findings: dict[str, Any]
    figures: Path


# findings.json is strict JSON: a number that is none (NaN: no interval, say) is written as null. These keys hold
# an object, or null where there is none (nothing to compare); every other null is a number that is none.
OBJECT_KEYS = frozenset({"largest_rise", "largest_fall", "largest_place_gap"})


def read_findings(path: Path) -> dict[str, Any]:
    """findings.json with its nulls read back as the NaN they stand for (objects that are absent stay None)."""

    def numbers(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        return {k: float("nan") if v is None and k not in OBJECT_KEYS else v for k, v in pairs}

    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=numbers)


# The quotes' attribution columns, read as text, not as the numbers pandas might take an id such as "007" for.
QUOTE_TEXT_COLUMNS = ("participant_id", "attributed_role", "attributed_place", "attributed_wave", "attributed_method")


# The groups the shares are broken down by, in the order the method counts their estimators.
BREAKDOWNS = ("place", "wave", "role", "method", "source", "place_wave")


def read_tables(processed: Path) -> dict[str, pd.DataFrame]:
    """The processed folder's tables, keyed by the record field they fill (or, for agreement, feed)."""
    tables = processed / "tables"
    return {
        "documents": pd.read_parquet(processed / "documents.parquet"),
        "units": pd.read_parquet(processed / "units.parquet"),
        "topics": pd.read_parquet(processed / "topics.parquet"),
        "agreement": pd.read_csv(processed / "agreement.csv"),
        "calibration": pd.read_csv(processed / "calibration.csv"),
        "placement": pd.read_csv(processed / "human_codes_placement.csv", keep_default_na=False),
        "design_table": pd.read_csv(processed / "sample_design.csv", keep_default_na=False),
        "exclusions": pd.read_csv(processed / "exclusions.csv"),
        "redactions": pd.read_csv(processed / "redactions.csv"),
        "prevalence": pd.read_csv(tables / "prevalence.csv"),
        **{f"by_{g}": pd.read_csv(tables / f"prevalence_by_{g}.csv") for g in BREAKDOWNS},
        "change": pd.read_csv(tables / "wave_change.csv"),
        "divergence": pd.read_csv(tables / "place_divergence.csv"),
        "stage_order": pd.read_csv(tables / "stage_order.csv"),
        "cooccurrence": pd.read_csv(tables / "cooccurrence.csv"),
        "likert": pd.read_csv(tables / "likert.csv"),
        "likert_waves": pd.read_csv(tables / "likert_by_wave.csv"),
        "quotes": pd.read_csv(tables / "quotes.csv", dtype=dict.fromkeys(QUOTE_TEXT_COLUMNS, str)),
        "participation": pd.read_csv(tables / "participation.csv"),
        "power": pd.read_csv(tables / "power.csv"),
    }


def read_records(processed: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The findings and the coding run's record (findings.json, coding_run.json)."""
    findings = read_findings(processed / "findings.json")
    coding_run = json.loads((processed / "coding_run.json").read_text(encoding="utf-8"))
    return findings, coding_run


def inquiry_of(frames: Mapping[str, pd.DataFrame], findings: Mapping[str, Any], names: Mapping[str, str]) -> Inquiry:
    """The inquiry's record: its counts and tables, and the names of its themes, areas and waves."""
    prevalence, change = frames["prevalence"], frames["change"]
    first_wave, last_wave = (change["first_wave"].iloc[0], change["last_wave"].iloc[0]) if len(change) else ("", "")
    return Inquiry(
        counts=findings["counts"],
        documents=frames["documents"],
        units=frames["units"],
        participation=frames["participation"],
        names=dict(names),
        labels=dict(zip(prevalence["theme_id"], prevalence["theme_label"])),
        theme_area=dict(zip(prevalence["theme_id"], prevalence["area_label"])),
        areas=list(dict.fromkeys(zip(prevalence["area_id"], prevalence["area_label"]))),
        wave_order=findings["wave_order"],
        first_wave=first_wave,
        last_wave=last_wave,
        sources={"document": "documents", "survey response": "survey responses"},
    )


def shares_of(frames: Mapping[str, pd.DataFrame], findings: Mapping[str, Any]) -> Shares:
    """The shares' record: the tables of shares and the findings' trends, sequencing and ratings."""
    tables = {f.name: frames[f.name] for f in fields(Shares) if f.name in frames}
    return Shares(
        **tables,
        trends=findings["trends"],
        sequencing=findings.get("sequencing", {}),
        rated=findings.get("likert", {}),
    )


def coding_of(frames: Mapping[str, pd.DataFrame], findings: Mapping[str, Any], coding_run: dict[str, Any]) -> Coding:
    """The coding's record: the run, the sample's design, and the machine's and the coders' agreement."""
    agreement, design = frames["agreement"], findings["design"]
    reference, second = coding_run["coders"]["reference"], coding_run["coders"]["second"]
    machine_vs = agreement[agreement["comparison"] == f"machine vs {reference}"].set_index("theme_id")
    human_vs = agreement[agreement["comparison"] == f"{second} vs {reference}"].set_index("theme_id")
    return Coding(
        coding_run=coding_run,
        calibration=frames["calibration"],
        placement=frames["placement"],
        design=design,
        design_table=frames["design_table"],
        kind=design["kind"],
        reference=reference,
        second=second,
        machine_vs=machine_vs,
        human_vs=human_vs,
        has_agreement="ALL (macro)" in machine_vs.index,
        corrected=design["kind"] in ("probability sample", "assumed random"),
    )


def load_report_data(processed: Path, figures: Path, names: Mapping[str, str] | None = None) -> ReportInputs:
    """The report's inputs from ``processed``; its figures go to ``figures``; ``names``: how roles and
    methods are named (the config's ``inquiry.labels``)."""
    findings, coding_run = read_records(processed)
    frames = read_tables(processed)
    return ReportInputs(
        inquiry=inquiry_of(frames, findings, names or {}),
        shares=shares_of(frames, findings),
        coding=coding_of(frames, findings, coding_run),
        audit=Audit(exclusions=frames["exclusions"], redactions=frames["redactions"]),
        findings=findings,
        figures=figures,
    )
