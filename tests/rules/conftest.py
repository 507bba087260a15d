"""The counterfactual corpus (tests/data/counterfactual) run once through every rule's package function, in
workflow order, each rule's outputs written with ``write_outputs`` under the file names its rule declares in
workflow/rules/*.smk, in a throwaway project folder laid out like the real one:

    <project>/config/codebook.yaml            a copy of config/codebook.yaml
    <project>/data/raw/                        a copy of tests/data/counterfactual/raw
    <project>/data/processed/                  every rule's outputs
    <project>/report/synthesis.qmd, styles.css copies of report/ (the report writes its figures beside itself)
    <project>/report/_output/                  the rendered report and the audit folder

Each rule is given its settings as its script is (``settings_for(rule, params_for(config, rule))``), so a
function reading a key its rule is not given fails here as it would in the workflow. The config is
config/config.yaml with tests/data/counterfactual/config.yaml merged over it, as Snakemake merges a
``--configfile``, the human codes set to tests/data/counterfactual/human_codes.csv and two shards.
Nothing in it is relaxed: the whole pipeline (the report aside) runs in a few seconds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualsynth.coding.code_themes import code_themes
from qualsynth.coding.exchange import export_qdpx
from qualsynth.coding.steps import code_shard, train_coder, training_set
from qualsynth.config import merge_config
from qualsynth.ingest.steps import clean, clean_shard, scan_corpus, validate_inputs
from qualsynth.provenance.steps import manifest, record_raw_checksums
from qualsynth.report.steps import render_report
from qualsynth.settings import Settings, load_settings, params_for, settings_for
from qualsynth.synthesis.steps import discover_themes, synthesise
from qualsynth.tables import write_outputs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests/data/counterfactual"
HUMAN_CODES = DATA / "human_codes.csv"
SCHEMAS = ROOT / "workflow/schemas"
SHARDS = 2  # more than one, so that the shard rules and the rules that put shards together are exercised

# Each rule's outputs under data/processed, by output name, as workflow/rules/*.smk declares them. "{shard}" is
# the shard number; an output of a rule that is not a shard rule with "{shard}" in it is one file per shard.
OUTPUTS: dict[str, dict[str, str]] = {
    "validate_inputs": {"documents": "documents.parquet"},
    "scan_corpus": {"scan": "shards/scan.json", "registers": "shards/register/{shard}.parquet"},
    "clean_shard": {
        "segments": "shards/clean/{shard}/segments.parquet",
        "deidentified": "shards/clean/{shard}/deidentified",
        "exclusions": "shards/clean/{shard}/exclusions.csv",
        "redactions": "shards/clean/{shard}/redactions.csv",
        "likert": "shards/clean/{shard}/likert.parquet",
        "review": "../sensitive/shards/{shard}/deidentification_review.csv",
        "counts": "shards/clean/{shard}/counts.json",
    },
    "clean": {
        "segments": "segments.parquet",
        "units": "units.parquet",
        "deidentified": "deidentified",
        "exclusions": "exclusions.csv",
        "redactions": "redactions.csv",
        "likert": "likert.parquet",
        "review": "../sensitive/deidentification_review.csv",
    },
    "training_set": {
        "human_codes": "shards/human_codes.parquet",
        "placement": "human_codes_placement.csv",
        "coded_units": "coded_units.parquet",
        "training": "shards/training.parquet",
    },
    "train_coder": {"coder": "shards/coder.joblib", "summary": "shards/coder.json"},
    "code_shard": {
        "rules": "shards/code/{shard}/rules.parquet",
        "supervised": "shards/code/{shard}/supervised.parquet",
        "semantic": "shards/code/{shard}/semantic.parquet",
        "unit_scores": "shards/code/{shard}/unit_scores.parquet",
        "passage_scores": "shards/code/{shard}/passage_scores.parquet",
    },
    "code_themes": {
        "codes": "codes.parquet",
        "machine_codes": "machine_codes.parquet",
        "unit_scores": "unit_scores.parquet",
        "agreement": "agreement.csv",
        "calibration": "calibration.csv",
        "run": "coding_run.json",
    },
    "discover_themes": {
        "topics": "topics.parquet",
        "segment_topics": "segment_topics.parquet",
        "selection": "topic_selection.csv",
    },
    "synthesise": {
        "prevalence": "tables/prevalence.csv",
        "by_place": "tables/prevalence_by_place.csv",
        "by_wave": "tables/prevalence_by_wave.csv",
        "by_role": "tables/prevalence_by_role.csv",
        "by_method": "tables/prevalence_by_method.csv",
        "by_source": "tables/prevalence_by_source.csv",
        "by_place_wave": "tables/prevalence_by_place_wave.csv",
        "wave_change": "tables/wave_change.csv",
        "wave_change_by_place": "tables/wave_change_by_place.csv",
        "wave_change_by_source": "tables/wave_change_by_source.csv",
        "place_divergence": "tables/place_divergence.csv",
        "sequencing": "tables/sequencing.csv",
        "stage_order": "tables/stage_order.csv",
        "cooccurrence": "tables/cooccurrence.csv",
        "stance": "tables/stance.csv",
        "likert": "tables/likert.csv",
        "likert_by_wave": "tables/likert_by_wave.csv",
        "quotes": "tables/quotes.csv",
        "participation": "tables/participation.csv",
        "power": "tables/power.csv",
        "key_findings": "tables/findings.csv",
        "design": "sample_design.csv",
        "findings": "findings.json",
    },
    "export_qdpx": {"qdpx": "project.qdpx"},
    "record_raw_checksums": {"checksums": "raw_checksums.json"},
    "manifest": {"manifest": "manifest.json"},
}
SHARD_RULES = {"clean_shard", "code_shard"}
# The support files the validate_inputs rule is given (raw_support_files() in workflow/rules/common.smk).
SUPPORT = ["documents.csv", "participants.csv", "README.md", "coding_sample.csv"]


def counterfactual_config() -> dict[str, Any]:
    """config/config.yaml with the counterfactual corpus's config merged over it, its human codes and two shards."""
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
    merge_config(config, yaml.safe_load((DATA / "config.yaml").read_text(encoding="utf-8")))
    config["coding"]["human_codes"] = str(HUMAN_CODES)
    config["shards"] = SHARDS
    config["raw_dir"] = "data/raw"
    return config


def rule_settings(config: Mapping[str, Any], rule: str) -> Settings:
    """The settings ``rule``'s script builds from what the rule is given: the keys it reads and no others."""
    return settings_for(rule, params_for(config, rule))


@dataclass
class Project:
    """The throwaway project the rule functions ran in, and what each rule read and wrote."""

    root: Path
    config: dict[str, Any]
    # rule (a shard rule once per shard, as "clean_shard 0") → its "inputs" and "outputs", as paths relative
    # to root: what the manifest rule is given.
    steps: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def raw(self) -> Path:
        return self.root / "data/raw"

    @property
    def processed(self) -> Path:
        return self.root / "data/processed"

    @property
    def report_out(self) -> Path:
        return self.root / "report/_output"

    @property
    def codebook(self) -> Path:
        return self.root / "config/codebook.yaml"

    @property
    def settings(self) -> Settings:
        return load_settings(self.config)

    def settings_for(self, rule: str) -> Settings:
        return rule_settings(self.config, rule)

    def outputs(self, rule: str, shard: int | None = None) -> dict[str, Any]:
        """``rule``'s output paths by name (for a shard rule, shard ``shard``'s); one per shard where the
        rule writes one file per shard."""
        paths: dict[str, Any] = {}
        for name, template in OUTPUTS[rule].items():
            if rule in SHARD_RULES:
                paths[name] = self.processed / template.format(shard=shard)
            elif "{shard}" in template:
                paths[name] = [self.processed / template.format(shard=k) for k in range(SHARDS)]
            else:
                paths[name] = self.processed / template
        return paths

    def output(self, rule: str, name: str, shard: int | None = None) -> Any:
        return self.outputs(rule, shard)[name]

    def shard_outputs(self, rule: str, name: str) -> list[Path]:
        """Output ``name`` of the shard rule ``rule``, one path per shard."""
        return [self.output(rule, name, k) for k in range(SHARDS)]

    def record(self, step: str, inputs: Iterable[Path], outputs: Mapping[str, Any]) -> None:
        files = [p for value in outputs.values() for p in (value if isinstance(value, list) else [value])]
        self.steps[step] = {"inputs": [self.relative(p) for p in inputs], "outputs": [self.relative(p) for p in files]}

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.root)).as_posix()


def _flat(values: Iterable[Any]) -> list[Path]:
    return [p for value in values for p in (value if isinstance(value, list) else [value])]


def run_pipeline(root: Path) -> Project:
    """Copy the counterfactual corpus into ``root`` and run every rule from validate_inputs to synthesise."""
    project = Project(root, counterfactual_config())
    shutil.copytree(DATA / "raw", project.raw)
    project.codebook.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "config/codebook.yaml", project.codebook)
    (root / "report").mkdir()
    for name in ["synthesis.qmd", "styles.css"]:
        shutil.copyfile(ROOT / "report" / name, root / "report" / name)
    raw, settings_for_rule = project.raw, project.settings_for
    codebook, codebook_schema = project.codebook, SCHEMAS / "codebook.schema.yaml"
    roster, roster_schema = raw / "participants.csv", SCHEMAS / "roster.schema.yaml"

    # First, as in the workflow (priority 100): the record of the raw data as the run found it.
    write_outputs(record_raw_checksums(raw), project.outputs("record_raw_checksums"))

    out = project.outputs("validate_inputs")
    write_outputs(
        validate_inputs(raw, SCHEMAS / "register.schema.yaml", settings_for_rule("validate_inputs"), SUPPORT), out
    )
    sources = sorted(p for p in (raw / "transcripts").iterdir())
    project.record("validate_inputs", [raw / "documents.csv", roster, *sources], out)
    documents = out["documents"]

    out = project.outputs("scan_corpus")
    write_outputs(scan_corpus(documents, roster, roster_schema, raw, settings_for_rule("scan_corpus"), SHARDS), out)
    project.record("scan_corpus", [documents, roster], out)

    for shard in range(SHARDS):
        register, scan = project.output("scan_corpus", "registers")[shard], project.output("scan_corpus", "scan")
        out = project.outputs("clean_shard", shard)
        write_outputs(
            clean_shard(register, roster, roster_schema, scan, raw, settings_for_rule("clean_shard"), shard, SHARDS),
            out,
        )
        project.record(f"clean_shard {shard}", [register, roster, scan], out)

    parts = {name: project.shard_outputs("clean_shard", name) for name in OUTPUTS["clean_shard"]}
    out = project.outputs("clean")
    write_outputs(clean(documents, **parts), out)
    project.record("clean", [documents, *_flat(parts.values())], out)
    segments, exclusions = out["segments"], out["exclusions"]

    out = project.outputs("training_set")
    write_outputs(
        training_set(segments, exclusions, codebook, codebook_schema, [HUMAN_CODES], settings_for_rule("training_set")),
        out,
    )
    project.record("training_set", [segments, exclusions, codebook, HUMAN_CODES], out)
    human_codes, training, coded_units = out["human_codes"], out["training"], out["coded_units"]

    out = project.outputs("train_coder")
    write_outputs(
        train_coder(human_codes, training, coded_units, codebook, codebook_schema, settings_for_rule("train_coder")),
        out,
    )
    project.record("train_coder", [human_codes, training, coded_units, codebook], out)
    coder = out["coder"]

    for shard in range(SHARDS):
        shard_segments = project.output("clean_shard", "segments", shard)
        out = project.outputs("code_shard", shard)
        write_outputs(
            code_shard(shard_segments, coder, None, codebook, codebook_schema, settings_for_rule("code_shard")), out
        )
        project.record(f"code_shard {shard}", [shard_segments, coder, codebook], out)

    coded = {name: project.shard_outputs("code_shard", name) for name in OUTPUTS["code_shard"]}
    coder_summary = project.output("train_coder", "summary")
    result = code_themes(
        segments,
        **coded,
        coded_units=coded_units,
        coder=coder_summary,
        human_codes=human_codes,
        human_codes_files=[HUMAN_CODES],
        codebook=codebook,
        codebook_schema=codebook_schema,
        settings=settings_for_rule("code_themes"),
    )
    out = project.outputs("code_themes")
    write_outputs(result.outputs, out)
    project.record(
        "code_themes",
        [segments, *_flat(coded.values()), coded_units, coder_summary, human_codes, HUMAN_CODES, codebook],
        out,
    )
    codes = out["codes"]

    out = project.outputs("discover_themes")
    write_outputs(
        discover_themes(segments, codes, [], codebook, codebook_schema, settings_for_rule("discover_themes")), out
    )
    project.record("discover_themes", [segments, codes, codebook], out)

    cleaned, coding = project.outputs("clean"), project.outputs("code_themes")
    synthesis_inputs = [
        segments,
        cleaned["units"],
        coding["unit_scores"],
        coded_units,
        codes,
        cleaned["likert"],
        exclusions,
    ]
    # No sample register: the counterfactual corpus is coded in full by hand, not sampled by `make sample`.
    result = synthesise(
        segments,
        cleaned["units"],
        coding["unit_scores"],
        coded_units,
        None,
        codes,
        cleaned["likert"],
        exclusions,
        codebook,
        codebook_schema,
        settings_for_rule("synthesise"),
    )
    out = project.outputs("synthesise")
    write_outputs(result.outputs, out)
    project.record("synthesise", [*synthesis_inputs, codebook], out)
    return project


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Project:
    """The counterfactual corpus after every rule from record_raw_checksums to synthesise."""
    return run_pipeline(tmp_path_factory.mktemp("counterfactual"))


@pytest.fixture(scope="session")
def rendered(project) -> Project:
    """``project`` with the report rendered (the fallback engine, as the counterfactual config asks)."""
    qmd, css = project.root / "report/synthesis.qmd", project.root / "report/styles.css"
    out = {
        "html": project.report_out / "synthesis.html",
        "docx": project.report_out / "synthesis.docx",
        "render": project.report_out / "render.json",
    }
    render = render_report(qmd, css, project.processed, project.report_out, project.settings_for("render_report"))
    write_outputs(render, {"render": out["render"]})
    read = [
        project.output("validate_inputs", "documents"),
        *[project.output("clean", name) for name in ["units", "exclusions", "redactions"]],
        *[project.output("code_themes", name) for name in ["agreement", "calibration", "run"]],
        project.output("training_set", "placement"),
        project.output("discover_themes", "topics"),
        *project.outputs("synthesise").values(),
    ]
    project.record("render_report", [qmd, css, *read], out)
    return project


@pytest.fixture(scope="session")
def exported(project) -> Project:
    """``project`` with the coded project exported as REFI-QDA (data/processed/project.qdpx)."""
    inputs = {
        "segments": project.output("clean", "segments"),
        "documents": project.output("validate_inputs", "documents"),
        "deidentified": project.output("clean", "deidentified"),
        "machine_codes": project.output("code_themes", "machine_codes"),
        "human_codes": project.output("training_set", "human_codes"),
    }
    out = project.outputs("export_qdpx")
    export_qdpx(
        out["qdpx"],
        *inputs.values(),
        project.codebook,
        SCHEMAS / "codebook.schema.yaml",
        project.settings_for("export_qdpx"),
    )
    project.record("export_qdpx", [*inputs.values(), project.codebook], out)
    return project


@pytest.fixture(scope="session")
def manifested(rendered, exported) -> Project:
    """``project`` after the manifest rule, which lists the outputs of every rule above."""
    project = rendered
    out = project.outputs("manifest")
    # Paths relative to the project folder, as the rule gives them (its script runs there).
    listing = manifest(
        project.output("record_raw_checksums", "checksums"),
        project.steps,
        Path("data/raw"),
        project.config,
        Path("config/codebook.yaml"),
        project.root,
    )
    write_outputs(listing, out)
    return project


# What the counterfactual corpus holds, read by hand from tests/data/counterfactual (its README and raw files).
# Each document's place, and its wave from the register's date (W1: Jan–Jun 2023, W2: Jul–Dec 2023).
DOCUMENTS = {
    "al-w1-01": ("Alder", "W1"),  # 2023-02-10
    "al-w1-02": ("Alder", "W1"),  # 2023-03-14
    "al-w2-01": ("Alder", "W2"),  # 2023-09-12
    "al-w2-02": ("Alder", "W2"),  # 2023-10-05
    "bi-w1-01": ("Birch", "W1"),  # 2023-02-20
    "bi-w1-02": ("Birch", "W1"),  # 2023-04-02
    "bi-w2-01": ("Birch", "W2"),  # 2023-09-30
    "bi-w2-02": ("Birch", "W2"),  # 2023-11-11
}
# Who answers the interviewer in each transcript: the roster's participant_id for the speaker's name.
SPEAKERS = {
    "al-w1-01": "AL01",  # Amy Fisher
    "al-w1-02": "AL02",  # Tom Reed
    "al-w2-01": "AL01",
    "al-w2-02": "AL02",
    "bi-w1-01": "BI01",  # Joan Pike
    "bi-w1-02": "BI02",  # Raj Patel
    "bi-w2-01": "BI01",
    "bi-w2-02": "BI02",
}
ROSTER_NAMES = ["Amy", "Fisher", "Tom", "Reed", "Joan", "Pike", "Raj", "Patel"]
# Every transcript is two turns: the interviewer's question (turn 1), then the participant's answer (turn 2),
# each well under segment_max_words, so one passage each.
QUESTION, ANSWER = "t001-s01", "t002-s01"
# The README's table: the documents whose participant raises each theme's keyword; human_codes.csv codes
# the same documents for the same five themes (coder A, on the answer of every transcript).
KEYWORD_DOCUMENTS = {
    "goal_clarity": ["bi-w1-01", "al-w2-01", "al-w2-02", "bi-w2-01"],  # "clearer"
    "shared_values": ["al-w1-01", "al-w2-01", "al-w2-02", "bi-w2-02"],  # "values"
    "relationship_building": ["al-w1-01", "al-w1-02", "bi-w1-01", "bi-w1-02"],  # "getting to know"
    "diagnostic_work": ["al-w1-01", "al-w1-02", "bi-w1-01", "bi-w1-02"],  # "mapping"
    "challenging_practice": ["al-w2-01", "al-w2-02", "bi-w2-01", "bi-w2-02"],  # "pilot"
}
KEYWORDS = {
    "goal_clarity": "clearer",
    "shared_values": "values",
    "relationship_building": "getting to know",
    "diagnostic_work": "mapping",
    "challenging_practice": "pilot",
}
CODER_A = {(f"{doc}-{ANSWER}", theme) for theme, docs in KEYWORD_DOCUMENTS.items() for doc in docs}
HUMAN_CODE_ROWS = 20  # lines of human_codes.csv after its header: 3+2+3+3 in Alder, 3+2+2+2 in Birch
