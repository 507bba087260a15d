"""Ingest throughput: the real validate_inputs and clean rules on the demo and on generated corpora.

    python bench/bench_ingest.py [--factors 1 100] [--cores 2]

For each factor, the corpus is generated with bench/make_corpus.py (factor 1 is the demo itself),
the workflow runs up to segments.parquet in a scratch copy of the project, and Snakemake's own
benchmark files give wall time and peak memory per rule (``scan_corpus`` and each ``clean_shard`` job
included: de-identification runs there). The passages are then searched, whole-word and
case-sensitively, for every roster name of the corpus and every third-party name planted in the demo
(tests/data/planted): the leak count must be 0. Results go to bench/results/ingest.json with the
machine they ran on.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
from tests.workflow import copy_project  # noqa: E402


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def run(factor: int, cores: int, people: bool = True) -> dict[str, object]:
    """One ingest; ``people=False`` turns the finding of third parties' names off, for a baseline."""
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
        config = corpus / "config.yaml" if factor > 1 else project / "config/config.yaml"
        if not people:
            settings = yaml.safe_load(config.read_text(encoding="utf-8"))
            settings.setdefault("ingest", {})["detect_third_party_names"] = False
            config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
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
        for rule in ["validate_inputs", "scan_corpus", "clean_shard", "clean"]:
            files = sorted((project / "logs/benchmarks").glob(f"{rule}.tsv")) + sorted(
                (project / "logs/benchmarks" / rule).glob("*.tsv")
            )
            rows = [next(csv.DictReader(open(f), delimiter="\t")) for f in files]
            rules[rule] = {
                "wall_s": round(sum(float(r["s"]) for r in rows), 2),
                "max_rss_mb": round(max(float(r["max_rss"]) for r in rows), 1),
            }
        segments = pd.read_parquet(project / "data/processed/segments.parquet")
        roster = corpus / "raw/participants.csv" if factor > 1 else project / "data/raw/participants.csv"
        leaks = leak_count(segments, roster)
        words = int(segments["n_words"].sum())
        total = sum(r["wall_s"] for r in rules.values())
        return {
            "factor": factor,
            "cores": cores,
            "third_party_names": people,
            "documents": int(segments["doc_id"].nunique()),
            "segments": len(segments),
            "words": words,
            "rules": rules,
            "ingest_wall_s": round(total, 2),
            "words_per_s": round(words / total),
            "peak_rss_mb": max(r["max_rss_mb"] for r in rules.values()),
            "leaks": leaks,
        }


def leak_count(segments: pd.DataFrame, roster: Path) -> dict[str, int]:
    """Roster names and planted third-party names standing in the passages (case-sensitive, whole words;
    a roster name that is an everyday word, "Hope", only in its full form)."""
    from qualsynth.ingest.keeplists import bundled, fold
    from qualsynth.ingest.speakers import split_names

    words = bundled().name_words
    names = {
        n
        for row in csv.DictReader(open(roster, encoding="utf-8"))
        for n in split_names(row["names"])
        if len(n) > 2 and (" " in n or fold(n) not in words)
    }
    planted = {
        row["value"]
        for f in (ROOT / "tests/data/planted").glob("*.csv")
        for row in csv.DictReader(open(f, encoding="utf-8"))
        if row["kind"] == "third_party_name"
    }
    text = "\n".join(segments["text"])

    def hits(found: set[str]) -> list[str]:
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(found, key=len, reverse=True))) + r")(?!\w)"
        )
        return pattern.findall(text)

    roster_hits, planted_hits = hits(names), hits(planted)
    return {
        "roster": len(roster_hits),
        "planted_third_party": len(planted_hits),
        "planted_third_party_forms": len(set(planted_hits)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument(
        "--baseline", action="store_true", help="also run each factor with third-party names off, for comparison"
    )
    args = parser.parse_args()
    results = {
        "machine": machine(),
        "target": "100x corpus ingests in under 60 s on 2 cores",
        "runs": [run(f, args.cores, p) for f in args.factors for p in ([True, False] if args.baseline else [True])],
    }
    out = ROOT / "bench/results/ingest.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for r in results["runs"]:
        print(
            f"{r['factor']:>4}x {'names on ' if r['third_party_names'] else 'names off'} {r['documents']:>6} docs  {r['words']:>9} words  {r['ingest_wall_s']:>7.1f} s  "
            f"{r['words_per_s']:>8} words/s  peak {r['peak_rss_mb']:.0f} MB  leaks {r['leaks']}"
        )


if __name__ == "__main__":
    main()
