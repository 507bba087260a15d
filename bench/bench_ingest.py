"""Ingest throughput: the real validate_inputs and clean rules on the demo and on generated corpora.

    python bench/bench_ingest.py [--factors 1 100] [--cores 2]

For each factor, the corpus is generated with bench/make_corpus.py (factor 1 is the demo itself),
the workflow runs up to segments.parquet in a scratch copy of the project, and Snakemake's own
benchmark files give wall time and peak memory per rule. Results go to bench/results/ingest.json
with the machine they ran on.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.workflow import copy_project  # noqa: E402


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def run(factor: int, cores: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        args = []
        if factor > 1:
            corpus = Path(scratch) / f"x{factor}"
            subprocess.run(
                [sys.executable, str(ROOT / "bench/make_corpus.py"), "--factor", str(factor), "--out", str(corpus)],
                check=True,
                cwd=ROOT,
            )
            args = ["--configfile", str(corpus / "config.yaml")]
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        # The target comes first: --configfile takes every word after it as another config file.
        subprocess.run(
            [
                str(Path(sys.executable).parent / "snakemake"),
                "data/processed/segments.parquet",
                "--cores",
                str(cores),
                *args,
            ],
            check=True,
            cwd=project,
            env=env,
            capture_output=True,
        )
        rules = {}
        for rule in ["validate_inputs", "clean"]:
            with open(project / f"logs/benchmarks/{rule}.tsv") as handle:
                row = next(csv.DictReader(handle, delimiter="\t"))
            rules[rule] = {"wall_s": round(float(row["s"]), 2), "max_rss_mb": round(float(row["max_rss"]), 1)}
        segments = pd.read_parquet(project / "data/processed/segments.parquet")
        words = int(segments["n_words"].sum())
        total = sum(r["wall_s"] for r in rules.values())
        return {
            "factor": factor,
            "cores": cores,
            "documents": int(segments["doc_id"].nunique()),
            "segments": len(segments),
            "words": words,
            "rules": rules,
            "ingest_wall_s": round(total, 2),
            "words_per_s": round(words / total),
            "peak_rss_mb": max(r["max_rss_mb"] for r in rules.values()),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    results = {
        "machine": machine(),
        "target": "100x corpus ingests in under 60 s on 2 cores",
        "runs": [run(f, args.cores) for f in args.factors],
    }
    out = ROOT / "bench/results/ingest.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for r in results["runs"]:
        print(
            f"{r['factor']:>4}x  {r['documents']:>6} docs  {r['words']:>9} words  {r['ingest_wall_s']:>7.1f} s  "
            f"{r['words_per_s']:>8} words/s  peak {r['peak_rss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
