"""How long a developer waits: `make test-fast`, the demo's `make report` from scratch and with nothing to
do, and (with --full) the whole `make test`, each with .venv already installed.

    python bench/bench_feedback.py [--repeat 3] [--full]

Runs the make targets in this checkout (`make clean` first for the from-scratch report; the outputs
are rebuilt as they were). Each time is the median of ``--repeat`` runs (the whole suite runs once).
Results go to bench/results/feedback.json with the machine they ran on, against the targets below.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.bench_ingest import machine  # noqa: E402

TARGETS = {"test_fast_s": 90, "report_from_scratch_s": 30, "report_noop_s": 1.5, "test_full_s": 8 * 60}


def timed(*target: str) -> float:
    """Seconds ``make <target>`` took; fails loudly if it failed."""
    started = time.monotonic()
    done = subprocess.run(["make", *target], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"make {' '.join(target)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return round(elapsed, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="also time the whole make test (about ten minutes)")
    args = parser.parse_args()
    timed("setup")
    runs: dict[str, list[float]] = {"report_from_scratch_s": [], "report_noop_s": [], "test_fast_s": []}
    for _ in range(args.repeat):
        timed("clean")
        runs["report_from_scratch_s"].append(timed("report"))
        runs["report_noop_s"].append(timed("report"))
        runs["test_fast_s"].append(timed("test-fast"))
    if args.full:
        runs["test_full_s"] = [timed("test")]
    results = {name: statistics.median(times) for name, times in runs.items()}
    record = {
        "machine": machine(),
        "repeats": args.repeat,
        "runs": runs,
        "median": results,
        "targets": {name: TARGETS[name] for name in results},
        "met": {name: results[name] < TARGETS[name] for name in results},
    }
    out = ROOT / "bench/results/feedback.json"
    out.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, value in results.items():
        print(f"{name}: {value} s (target < {TARGETS[name]} s: {'met' if record['met'][name] else 'not met'})")


if __name__ == "__main__":
    main()
