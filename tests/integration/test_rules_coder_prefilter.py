"""The rules coder's word-prefix prefilter changes speed, not results: compared on the demo corpus
with a plain scan of every segment by every theme's pattern."""

from pathlib import Path

import pandas as pd
import yaml

from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.rules import CODE_COLUMNS, keyword_pattern, rules_codes
from qualsynth.config import load_schema
from qualsynth.ingest.clean import clean_documents
from qualsynth.ingest.inputs import check_register, read_roster
from qualsynth.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "workflow/schemas"


def test_rules_codes_equal_a_plain_scan_of_every_segment():
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    settings = load_settings(config)
    raw = ROOT / config["raw_dir"]
    documents = check_register(
        raw, load_schema(SCHEMAS / "register.schema.yaml"), settings.inquiry.waves, settings.inquiry.methods
    )
    roster = read_roster(raw, load_schema(SCHEMAS / "roster.schema.yaml"), settings.inquiry.roles)
    segments = clean_documents(documents, roster, raw, settings.ingest, settings.inquiry.waves).segments
    codebook = load_codebook(ROOT / config["codebook"], load_schema(SCHEMAS / "codebook.schema.yaml"))
    said = segments[segments["is_participant"]]
    plain = []
    for theme in codebook.themes:
        pattern = keyword_pattern(theme.keywords, theme.patterns)
        for segment_id, text in zip(said["segment_id"], said["text"]):
            hits = [m.group(0) for m in pattern.finditer(text)]
            if hits:
                plain.append(
                    {
                        "segment_id": segment_id,
                        "theme_id": theme.id,
                        "coder": "rules",
                        "score": float(len(hits)),
                        "evidence": " | ".join(hits),
                    }
                )
    expected = pd.DataFrame(plain, columns=CODE_COLUMNS).sort_values(["segment_id", "theme_id"]).reset_index(drop=True)
    assert len(expected) > 500
    pd.testing.assert_frame_equal(rules_codes(segments, codebook.themes), expected)
