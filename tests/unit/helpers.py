"""Loading the hand-written mini corpus the unit tests share."""

from __future__ import annotations

from pathlib import Path

import yaml

from qualsynth.config import load_schema
from qualsynth.ingest.inputs import check_register, read_roster
from qualsynth.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests/data/mini"
SCHEMAS = ROOT / "workflow/schemas"


def mini_config() -> dict:
    return yaml.safe_load((MINI / "config.yaml").read_text())


def mini_settings() -> Settings:
    return load_settings(mini_config())


def mini_documents(raw_dir: Path = MINI / "raw"):
    inquiry = mini_settings().inquiry
    return check_register(raw_dir, load_schema(SCHEMAS / "register.schema.yaml"), inquiry.waves, inquiry.methods)


def mini_roster(raw_dir: Path = MINI / "raw"):
    return read_roster(raw_dir, load_schema(SCHEMAS / "roster.schema.yaml"), mini_settings().inquiry.roles)


def estimates_for(segments, machine, codebook, human=None, register=None, strata=("place",), min_coded=10):
    """qualsynth.estimates.Estimates for a hand-made corpus: ``machine`` codes for every passage and, for the
    units the reference coder coded in full, ``human`` codes (segment_id, theme_id; '' for read, no theme).
    Without a calibration the machine's own yes/no is its score, as the pipeline has it then."""
    import pandas as pd

    from qualsynth.coding.calibration import assemble_unit_scores
    from qualsynth.coding.human_codes import coded_units
    from qualsynth.coding.sampling import empty_register
    from qualsynth.ingest.units import unit_table
    from qualsynth.settings import EstimationSettings
    from qualsynth.synthesis.design import sample_design
    from qualsynth.synthesis.estimates import Estimates

    segments = segments.copy()
    for column, default in [
        ("unit_id", None),
        ("role", "resident"),
        ("method", "interview"),
        ("n_words", 5),
        ("date", "2024-01-01"),
    ]:
        if column not in segments:
            segments[column] = segments["doc_id"] if default is None else default
    human = human if human is not None else pd.DataFrame(columns=["segment_id", "theme_id"])
    reference = human.assign(coder="A")
    units = unit_table(segments)
    done = coded_units(reference, segments, "A")
    complete = set(done.loc[done["complete"], "unit_id"])
    theme_ids = [t.id for t in codebook.themes]
    scores = assemble_unit_scores(
        pd.DataFrame(columns=["unit_id", "role", "theme_id", "score", "rules_hits", "supervised_max"]),
        segments,
        machine,
        reference,
        complete,
        theme_ids,
    )
    design = sample_design(units, register if register is not None else empty_register(), complete, list(strata))
    return Estimates(design, scores, units, segments, codebook, EstimationSettings(min_coded_units=min_coded))
