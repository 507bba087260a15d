"""Coder throughput: the rules coder, the supervised coder and the calibrated scorer on a generated corpus.

    python bench/bench_coding.py [--factor 100] [--cores 2]

Ingests the corpus (bench/make_corpus.py), then times, in this process: the rules coder over every
participant segment; the supervised coder, as the workflow runs it: trained once on the demo's
human codes (which the generated corpus does not carry), then predicting every participant segment
of the corpus; and the scorer behind the estimates and the calibrated codes (rules, TF-IDF classifiers
nested in the cross-fitting; without the semantic extra), trained once on the demo's units coded in
full, then scoring every unit and passage of the corpus (``code_shard``'s work, in one shard).
Results go to bench/results/coding.json with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import machine  # noqa: E402

from qualsynth.coding.calibration import coded_unit_scorer  # noqa: E402
from qualsynth.coding.codebook import load_codebook  # noqa: E402
from qualsynth.coding.evidence import score_shard  # noqa: E402
from qualsynth.coding.human_codes import Corpus, coded_units, read_human_codes  # noqa: E402
from qualsynth.coding.pieces import pieces  # noqa: E402
from qualsynth.coding.rules import rules_codes  # noqa: E402
from qualsynth.coding.supervised import labelled_segments, predict_supervised, train_supervised  # noqa: E402
from qualsynth.config import load_schema  # noqa: E402
from qualsynth.ingest.clean import clean_documents  # noqa: E402
from qualsynth.ingest.inputs import check_register, read_roster  # noqa: E402
from qualsynth.settings import CodingSettings, load_settings  # noqa: E402

SCHEMAS = ROOT / "workflow/schemas"


def segments_of(config_path: Path, cores: int):
    config = yaml.safe_load(config_path.read_text())
    raw = Path(config["raw_dir"]) if Path(config["raw_dir"]).is_absolute() else ROOT / config["raw_dir"]
    settings = load_settings(config)
    inquiry = settings.inquiry
    documents = check_register(raw, load_schema(SCHEMAS / "register.schema.yaml"), inquiry.waves, inquiry.methods)
    roster = read_roster(raw, load_schema(SCHEMAS / "roster.schema.yaml"), inquiry.roles)
    return clean_documents(documents, roster, raw, settings.ingest, inquiry.waves, workers=cores).segments


def generated(factor: int, cores: int) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / f"x{factor}"
        subprocess.run(
            [sys.executable, str(ROOT / "bench/make_corpus.py"), "--factor", str(factor), "--out", str(corpus)],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        return segments_of(corpus / "config.yaml", cores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, default=100, help="corpus size")
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    codebook = load_codebook(ROOT / "config/codebook.yaml", load_schema(SCHEMAS / "codebook.schema.yaml"))
    demo = segments_of(ROOT / "config/config.yaml", args.cores)
    human = read_human_codes(
        ROOT / "data/raw/human_codes", Corpus.from_tables(demo), [t.id for t in codebook.themes]
    ).codes
    reference = human[human["coder"] == "A"]
    big = generated(args.factor, args.cores)
    n = int(big["is_participant"].sum())
    start = time.perf_counter()
    rules = rules_codes(big, codebook.themes, workers=args.cores)
    rules_s = time.perf_counter() - start
    # Supervised: trained once on the demo's human codes, then predicting every segment of the corpus.
    start = time.perf_counter()
    coder = train_supervised(
        labelled_segments(demo, reference),
        reference,
        codebook.themes,
        CodingSettings(seed=20240601, threshold_beta=0.5),
    )
    training_s = time.perf_counter() - start
    start = time.perf_counter()
    supervised = predict_supervised(coder, big)
    predict_s = time.perf_counter() - start
    start = time.perf_counter()
    training = labelled_segments(demo, reference).sort_values("segment_id").reset_index(drop=True)
    complete = set(coded_units(human, demo, "A").query("complete")["unit_id"])
    scorer = coded_unit_scorer(
        training,
        reference,
        complete,
        rules_codes(training.assign(is_participant=True), codebook.themes),
        codebook.themes,
        5,
    )
    scorer_training_s = time.perf_counter() - start
    start = time.perf_counter()
    units, passages = score_shard(scorer, pieces(big), rules, [t.id for t in codebook.themes], None)
    scoring_s = time.perf_counter() - start
    result = {
        "machine": machine(),
        "factor": args.factor,
        "participant_segments": n,
        "themes": len(codebook.themes),
        "rules": {
            "cores": args.cores,
            "seconds": round(rules_s, 2),
            "segments_per_s": round(n / rules_s),
            "codes": len(rules),
            "target_segments_per_s": 20000,
        },
        "supervised": {
            "training_passages": len(coder.labelled),
            "training_and_cross_validation_s": round(training_s, 2),
            "prediction_s": round(predict_s, 2),
            "prediction_segments_per_s": round(n / predict_s),
            "codes": len(supervised),
            "themes_trained": len(coder.trained),
        },
        "scorer": {
            "coded_units": len(complete),
            "training_s": round(scorer_training_s, 2),
            "scoring_s": round(scoring_s, 2),
            "units_scored": int((units["role"] == "").sum()),
            "passages_scored": len(passages),
            "passages_per_s": round(n / scoring_s),
        },
    }
    (ROOT / "bench/results/coding.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
