"""Loading the hand-written mini corpus the unit tests share."""

from __future__ import annotations

from pathlib import Path

import yaml

from qualsynth.config import load_schema
from qualsynth.inputs import read_roster, validate_inputs, waves_from_config

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests/data/mini"
SCHEMAS = ROOT / "workflow/schemas"


def mini_config() -> dict:
    return yaml.safe_load((MINI / "config.yaml").read_text())


def mini_documents(raw_dir: Path = MINI / "raw"):
    cfg = mini_config()
    return validate_inputs(raw_dir, load_schema(SCHEMAS / "register.schema.yaml"),
                           waves_from_config(cfg["waves"]), cfg["methods"])


def mini_roster(raw_dir: Path = MINI / "raw"):
    return read_roster(raw_dir, load_schema(SCHEMAS / "roster.schema.yaml"), mini_config()["roles"])
