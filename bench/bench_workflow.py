"""The whole workflow at scale: wall time and peak memory per rule and in total, throughput, the
time of a rerun with nothing changed, and of a rerun after one document changed.

    python bench/bench_workflow.py [--factors 1 10 100] [--cores 2]

For each factor, the corpus is generated with bench/make_corpus.py (factor 1 is the demo itself)
and the full workflow (`snakemake`, as `make report` runs it) runs in a scratch copy of the project;
for generated corpora without human codes, so without the supervised coder (see bench_coding.py).
Snakemake's benchmark files give each rule's wall time and peak memory. Results go to
bench/results/workflow.json with the machine they ran on; a factor's earlier result is replaced.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.bench_ingest import machine  # noqa: E402
from tests.workflow import copy_project  # noqa: E402

TARGETS = {
    "full_run_100x_s": 600, "peak_rss_100x_mb": 4096, "noop_rerun_s": 3,
    "one_document_rerun_share_of_full_run": 0.2,
}


def snakemake(project: Path, cores: int, args: list[str]) -> float:
    """Run the workflow; its wall time in seconds."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONHASHSEED": "0"}
    started = time.monotonic()
    done = subprocess.run([str(Path(sys.executable).parent / "snakemake"), "--cores", str(cores), *args],
                          cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the workflow failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def run(factor: int, cores: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        args: list[str] = []
        raw = project / "data/raw"
        if factor > 1:
            corpus = Path(scratch) / f"x{factor}"
            subprocess.run([sys.executable, str(ROOT / "bench/make_corpus.py"), "--factor", str(factor),
                            "--out", str(corpus)], check=True, cwd=ROOT, capture_output=True)
            # The demo's human codes are anchored to its own wording, which the generated copies
            # perturb: without them the supervised coder is off (its own benchmark: bench_coding.py).
            args = ["--configfile", str(corpus / "config.yaml"), "--config", "human_codes="]
            raw = corpus / "raw"
        full = snakemake(project, cores, args)
        rules = {}
        for tsv in sorted((project / "logs/benchmarks").glob("*.tsv")):
            with open(tsv) as handle:
                row = next(csv.DictReader(handle, delimiter="\t"))
            rules[tsv.stem] = {"wall_s": round(float(row["s"]), 2), "max_rss_mb": round(float(row["max_rss"]), 1)}
        segments = pd.read_parquet(project / "data/processed/segments.parquet")
        said = int(segments["is_participant"].sum())
        noop = snakemake(project, cores, args)
        # One document changes: a word added to the first transcript of the register.
        register = pd.read_csv(raw / "documents.csv", dtype=str)
        first = raw / register.loc[register["path"].str.endswith(".txt"), "path"].iloc[0]
        first.write_text(first.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
        one_document = snakemake(project, cores, args)
        return {
            "factor": factor, "cores": cores, "documents": int(segments["doc_id"].nunique()),
            "segments": len(segments), "participant_segments": said, "words": int(segments["n_words"].sum()),
            "full_run_s": round(full, 1), "rules": rules,
            "peak_rss_mb": max(r["max_rss_mb"] for r in rules.values()),
            "segments_per_s": round(len(segments) / full, 1),
            "noop_rerun_s": round(noop, 2), "one_document_rerun_s": round(one_document, 1),
            "one_document_rerun_share_of_full_run": round(one_document / full, 3),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    out = ROOT / "bench/results/workflow.json"
    earlier = json.loads(out.read_text())["runs"] if out.exists() else []
    runs = {r["factor"]: r for r in earlier}
    for factor in args.factors:
        runs[factor] = run(factor, args.cores)
        r = runs[factor]
        print(f"{factor:>4}x  {r['documents']:>6} docs  {r['segments']:>7} segments  full {r['full_run_s']:>7.1f} s  "
              f"peak {r['peak_rss_mb']:.0f} MB  no-op {r['noop_rerun_s']:.1f} s  one document {r['one_document_rerun_s']:.1f} s")
        results = {"machine": machine(), "targets": TARGETS, "runs": [runs[f] for f in sorted(runs)]}
        out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
