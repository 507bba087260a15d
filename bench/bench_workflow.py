"""The whole workflow at scale: wall time and peak memory per rule and in total, throughput, the
time of a rerun with nothing changed, and of a rerun after one document changed.

    python bench/bench_workflow.py [--factors 1 10 100] [--cores 2] [--shards 1 4 8]
    python bench/bench_workflow.py --factors 100 --coded 500 --full-only

For each factor, the corpus is generated with bench/make_corpus.py (factor 1 is the demo itself)
and the full workflow (`snakemake`, as `make report` runs it) runs in a scratch copy of the project
with the config's `shards` set (one value per factor; default 1, 4 and 8 shards for 1×, 10× and
100×); for generated corpora without human codes, so without the supervised coder (see
bench_coding.py). Snakemake's benchmark files give each rule's wall time and peak memory (a shard
rule's: the sum of its jobs' times and the largest job's memory). Results go to
bench/results/workflow.json with the machine they ran on; a factor's earlier result is replaced.

With ``--coded N`` a generated corpus is run as a team would after coding a first batch: the workflow
runs up to ``draw_sample`` with a sample of N units (timed), the coding sheet is filled, and the
rest of the workflow runs with those human codes, so the supervised coder and the calibrated scorer
run too; results go to bench/results/workflow_coded.json. The sheet's codes are drawn at random at
the shares of passages the demo's reference coder gave each theme: they make the coders do a real
coder's work (as many positives to fit per theme) but say nothing of its accuracy, which
bench_coder_designs.py measures.
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

import numpy as np
import pandas as pd
import yaml
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.bench_ingest import machine  # noqa: E402
from qualsynth.coding.sheet import SHEET_COLUMNS  # noqa: E402
from tests.workflow import copy_project  # noqa: E402

TARGETS = {
    "full_run_100x_s": 600,
    "peak_rss_100x_mb": 4096,
    "noop_rerun_s": 3,
    "one_document_rerun_share_of_full_run": 0.2,
}


def snakemake(project: Path, cores: int, args: list[str], must_pass: bool = True) -> tuple[float, list[str]]:
    """Run the workflow; its wall time in seconds and the jobs it ran ("rule" or "rule shard"); with
    ``must_pass`` false a failed run returns no jobs instead of stopping the benchmark."""
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
    if done.returncode != 0 and must_pass:
        raise SystemExit(f"the workflow failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started, jobs_run(done.stderr) if done.returncode == 0 else []


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


def demo_theme_shares() -> dict[str, float]:
    """Each theme's share of the passages the demo's reference coder (A) coded."""
    sheets = pd.concat(pd.read_csv(f, dtype=str) for f in sorted((ROOT / "data/raw/human_codes").glob("*.csv")))
    reference = sheets[sheets["coder"] == "A"]
    themes = reference["theme_ids"].fillna("").str.split(";").explode()
    return (themes[~themes.isin(["", "none"])].value_counts() / len(reference)).sort_index().to_dict()


def code_the_sample(project: Path, corpus: Path, cores: int, shards: int, size: int) -> tuple[float, list[str]]:
    """Draw ``size`` units with draw_sample, fill the coding sheet at the demo's theme shares (seeded),
    save it where a config naming it reads it; the time to the sample drawn and the Snakemake arguments
    that name that config."""
    config = yaml.safe_load((corpus / "config.yaml").read_text(encoding="utf-8"))
    # Wave strata: a generated corpus has six places per copy, more place × wave strata than a batch holds.
    config["sampling"].update({"size": size, "drawn_on": "2026-04-01", "strata": ["wave"]})
    config["coding"]["human_codes"] = str(corpus / "raw/human_codes")
    coded = corpus / "config_coded.yaml"
    coded.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    args = ["--configfile", str(coded), "--config", f"shards={shards}"]
    drawn, _ = snakemake(project, cores, [*args, "--", "draw_sample"])
    book = load_workbook(next((project / "data/processed/sample").rglob("coding_sheet_*.xlsx")))
    sheet = book["coding"]
    themes_column = SHEET_COLUMNS.index("theme_ids") + 1
    shares = demo_theme_shares()
    rng = np.random.default_rng(0)
    for row in range(2, sheet.max_row + 1):
        raised = [t for t, p in shares.items() if rng.random() < p]
        sheet.cell(row=row, column=themes_column, value=";".join(raised) or "none")
    (corpus / "raw/human_codes").mkdir()
    book.save(corpus / "raw/human_codes/batch-01_A.xlsx")
    return drawn, args


def run(factor: int, cores: int, shards: int, coded: int = 0, full_only: bool = False) -> dict[str, object]:
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
        to_sample = 0.0
        if coded:
            to_sample, args = code_the_sample(project, corpus, cores, shards, coded)
        # The generated text's recombined sentences give the named-entity model contexts the demo never
        # has ("[laughs] Something's leaking"), and a word it replaced there stops the final name sweep
        # wherever it stands elsewhere, as it should; a user would list it in ingest.never_redact. The
        # sweep is timed on its own so that the run's other timings stand either way.
        rest, _ = snakemake(project, cores, [*args, "--omit-from", "sweep_names"] if factor > 1 else args)
        swept_s, swept = snakemake(project, cores, args, must_pass=False) if factor > 1 else (0.0, ["sweep_names"])
        full = to_sample + rest + swept_s
        rules = rule_benchmarks(project / "logs/benchmarks")
        segments = pd.read_parquet(project / "data/processed/segments.parquet")
        said = int(segments["is_participant"].sum())
        result: dict[str, object] = {
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
            "name_sweep_passed": "sweep_names" in swept,
            "name_sweep_s": round(swept_s, 1),
        }
        if coded:
            units = pd.read_parquet(project / "data/processed/coded_units.parquet")
            result |= {"coded_units": int(units["complete"].sum()), "to_sample_s": round(to_sample, 1)}
        if full_only:
            return result
        if "sweep_names" not in swept:  # the reruns are timed without the sweep that stopped the full run
            args = [*args, "--omit-from", "sweep_names"]
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
        return result | {
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
    parser.add_argument(
        "--coded", type=int, default=0, help="code a first sample of this many units (generated corpora)"
    )
    parser.add_argument("--full-only", action="store_true", help="time the full run only, not the reruns")
    args = parser.parse_args()
    default_shards = {1: 1, 10: 4, 100: 8}
    shards = args.shards or [default_shards.get(f, max(1, f // 12)) for f in args.factors]
    if len(shards) != len(args.factors):
        parser.error("give one --shards value per factor")
    if args.coded and 1 in args.factors:
        parser.error("--coded codes a generated corpus; the demo (factor 1) has its own human codes")
    out = ROOT / f"bench/results/{'workflow_coded' if args.coded else 'workflow'}.json"
    earlier = json.loads(out.read_text())["runs"] if out.exists() else []
    runs = {r["factor"]: r for r in earlier}
    for factor, n in zip(args.factors, shards):
        runs[factor] = run(factor, args.cores, n, args.coded, args.full_only)
        r = runs[factor]
        reruns = (
            ""
            if args.full_only
            else f"  no-op {r['noop_rerun_s']:.1f} s  one document {r['one_document_rerun_s']:.1f} s"
        )
        print(
            f"{factor:>4}x  {r['documents']:>6} docs  {r['segments']:>7} segments  full {r['full_run_s']:>7.1f} s  "
            f"{n} shards  peak {r['peak_rss_mb']:.0f} MB{reruns}"
        )
        results = {"machine": machine(), "targets": TARGETS, "runs": [runs[f] for f in sorted(runs)]}
        out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
