"""The whole workflow at scale: wall time and peak memory per rule and in total, throughput, the
time of a rerun with nothing changed, and of a rerun after one document changed.

    python bench/bench_workflow.py [--factors 1 10 100] [--cores 2] [--shards 1 4 8]

For each factor, the corpus is generated with bench/make_corpus.py (factor 1 is the demo itself)
and the full workflow (`snakemake`, as `make report` runs it) runs in a scratch copy of the project
with the config's `shards` set (one value per factor; default 1, 4 and 8 shards for 1×, 10× and
100×); for generated corpora without human codes, so without the supervised coder (see
bench_coding.py). Snakemake's benchmark files give each rule's wall time and peak memory (a shard
rule's: the sum of its jobs' times and the largest job's memory). Results go to
bench/results/workflow.json with the machine they ran on; a factor's earlier result is replaced.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
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
    "full_run_100x_s": 600,
    "peak_rss_100x_mb": 4096,
    "noop_rerun_s": 3,
    "one_document_rerun_share_of_full_run": 0.2,
}


def snakemake(project: Path, cores: int, args: list[str]) -> tuple[float, list[str]]:
    """Run the workflow; its wall time in seconds and the jobs it ran ("rule" or "rule shard")."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONHASHSEED": "0",
    }
    started = time.monotonic()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "snakemake"), "--cores", str(cores), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the workflow failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started, jobs_run(done.stderr)


def jobs_run(log: str) -> list[str]:
    """The jobs in a Snakemake log, as "rule" or "rule shard"."""
    jobs: list[str] = []
    for line in log.splitlines():
        started = re.match(r"^\S*(?:rule|checkpoint) (\w+):$", line)
        if started:
            jobs.append(started.group(1))
        shard = re.match(r"^    wildcards: shard=(\d+)$", line)
        if shard and jobs:
            jobs[-1] += f" {shard.group(1)}"
    return jobs


def rule_benchmarks(folder: Path) -> dict[str, dict[str, float]]:
    """Each rule's wall time and peak memory from Snakemake's benchmark files; a shard rule's jobs summed."""
    rules: dict[str, dict[str, float]] = {}
    for tsv in sorted(folder.rglob("*.tsv")):
        with open(tsv) as handle:
            row = next(csv.DictReader(handle, delimiter="\t"))
        name = tsv.parent.name if tsv.parent != folder else tsv.stem
        entry = rules.setdefault(name, {"jobs": 0, "wall_s": 0.0, "max_rss_mb": 0.0})
        entry["jobs"] += 1
        entry["wall_s"] = round(entry["wall_s"] + float(row["s"]), 2)
        entry["max_rss_mb"] = max(entry["max_rss_mb"], round(float(row["max_rss"]), 1))
    return rules


def run(factor: int, cores: int, shards: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        args: list[str] = ["--config", f"shards={shards}"]
        raw = project / "data/raw"
        if factor > 1:
            corpus = Path(scratch) / f"x{factor}"
            subprocess.run(
                [sys.executable, str(ROOT / "bench/make_corpus.py"), "--factor", str(factor), "--out", str(corpus)],
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
            # The generated config names no human codes (the demo's are anchored to its own wording, which
            # the copies perturb): the supervised coder is off (its own benchmark: bench_coding.py).
            args = ["--configfile", str(corpus / "config.yaml"), "--config", f"shards={shards}"]
            raw = corpus / "raw"
        full, _ = snakemake(project, cores, args)
        rules = rule_benchmarks(project / "logs/benchmarks")
        segments = pd.read_parquet(project / "data/processed/segments.parquet")
        said = int(segments["is_participant"].sum())
        noop, _ = snakemake(project, cores, args)
        # One document changes: a word added inside the first participant passage of a transcript
        # (an edit to an excluded turn, a withdrawn participant's, would change no passage).
        register = pd.read_csv(raw / "documents.csv", dtype=str).set_index("doc_id")
        transcripts = set(register.index[register["path"].str.endswith(".txt")])
        for passage in segments[segments["is_participant"] & segments["doc_id"].isin(transcripts)].itertuples():
            source = raw / register.loc[passage.doc_id, "path"]
            text, probe = source.read_text(encoding="utf-8"), passage.text[:40]
            if len(probe) == 40 and "[" not in probe and probe in text:
                cut = text.index(probe) + len(probe)
                source.write_text(text[:cut] + " indeed" + text[cut:], encoding="utf-8")
                break
        one_document, rerun_jobs = snakemake(project, cores, args)
        return {
            "factor": factor,
            "cores": cores,
            "shards": shards,
            "documents": int(segments["doc_id"].nunique()),
            "segments": len(segments),
            "participant_segments": said,
            "words": int(segments["n_words"].sum()),
            "full_run_s": round(full, 1),
            "rules": rules,
            "peak_rss_mb": max(r["max_rss_mb"] for r in rules.values()),
            "segments_per_s": round(len(segments) / full, 1),
            "noop_rerun_s": round(noop, 2),
            "one_document_rerun_s": round(one_document, 1),
            "one_document_rerun_share_of_full_run": round(one_document / full, 3),
            "one_document_rerun_jobs": sorted(rerun_jobs),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--shards", type=int, nargs="+", help="shards per factor (default: 1, 4, 8 for 1x, 10x, 100x)")
    args = parser.parse_args()
    default_shards = {1: 1, 10: 4, 100: 8}
    shards = args.shards or [default_shards.get(f, max(1, f // 12)) for f in args.factors]
    if len(shards) != len(args.factors):
        parser.error("give one --shards value per factor")
    out = ROOT / "bench/results/workflow.json"
    earlier = json.loads(out.read_text())["runs"] if out.exists() else []
    runs = {r["factor"]: r for r in earlier}
    for factor, n in zip(args.factors, shards):
        runs[factor] = run(factor, args.cores, n)
        r = runs[factor]
        print(
            f"{factor:>4}x  {r['documents']:>6} docs  {r['segments']:>7} segments  full {r['full_run_s']:>7.1f} s  "
            f"{n} shards  peak {r['peak_rss_mb']:.0f} MB  no-op {r['noop_rerun_s']:.1f} s  one document {r['one_document_rerun_s']:.1f} s"
        )
        results = {"machine": machine(), "targets": TARGETS, "runs": [runs[f] for f in sorted(runs)]}
        out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
