"""bench/make_corpus.py: an N-times larger corpus with the same schema, the same for the same seed."""

import subprocess
import sys
from pathlib import Path

import yaml

from qualsynth.config import check_config, load_schema
from qualsynth.ingest.inputs import check_register, read_roster
from qualsynth.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def generate(out: Path, factor: int, seed: int = 1) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/make_corpus.py"),
            "--factor",
            str(factor),
            "--out",
            str(out),
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return out


def test_make_corpus_is_factor_times_the_demo_and_valid(tmp_path):
    out = generate(tmp_path / "x3", 3)
    config = yaml.safe_load((out / "config.yaml").read_text())
    check_config(config, load_schema(ROOT / "workflow/schemas/config.schema.yaml"), "generated config")
    schemas = ROOT / "workflow/schemas"
    inquiry = load_settings(config).inquiry
    documents = check_register(
        out / "raw", load_schema(schemas / "register.schema.yaml"), inquiry.waves, inquiry.methods
    )
    demo = (ROOT / "data/raw/documents.csv").read_text().count("\n") - 1
    assert len(documents) == 3 * demo
    assert documents["place"].nunique() == 3 * 7  # six places and the surveys' "All places", per copy
    roster = read_roster(out / "raw", load_schema(schemas / "roster.schema.yaml"), inquiry.roles)
    assert roster["participant_id"].is_unique


def test_make_corpus_gives_the_same_bytes_for_the_same_seed_and_different_text_for_another(tmp_path):
    first, second, other = generate(tmp_path / "a", 2), generate(tmp_path / "b", 2), generate(tmp_path / "c", 2, seed=2)
    # config.yaml names its own folder, so only the corpus itself is compared.
    files = sorted(p.relative_to(first) for p in (first / "raw").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in (second / "raw").rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    assert any((first / f).read_bytes() != (other / f).read_bytes() for f in files if f.suffix == ".txt")
