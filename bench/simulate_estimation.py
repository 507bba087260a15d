"""The simulation study of the product's estimates: coverage, bias and false directions with a known truth.

    python bench/simulate_estimation.py [--replicates 1000] [--workers 2]

Runs every setting of qualsynth.synthesis.simulation.SETTINGS through the product's own path (the
stratified draw of ``make sample``, the calibration, ``Estimates``, the changes and their directions
over the family of places and themes) and writes bench/results/estimation.json and a Markdown table,
bench/results/estimation.md. Settings run in parallel, one per worker; each has its own seed, so the
results do not depend on the number of workers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import machine  # noqa: E402

from qualsynth.synthesis.simulation import SETTINGS, run  # noqa: E402


def one(job: tuple[int, int, int]) -> dict:
    index, replicates, seed = job
    return run([SETTINGS[index]], replicates, seed + index)


def table(coverage: list[dict], directions: list[dict]) -> str:
    lines = [
        "| Setting | Quantity | Estimator | Cells | Coverage | Truth at 0 or 100% | Coverage, truth not at 0 or 100% "
        "| Bias | Mean width | Not estimable | Wider than human codes alone |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in coverage:
        extra = [
            f"{r['not_estimable']:.3f}" if "not_estimable" in r else "",
            f"{r['wider_than_human_only']:.3f}"
            if r.get("wider_than_human_only") == r.get("wider_than_human_only") and "wider_than_human_only" in r
            else "",
        ]
        lines.append(
            f"| {r['setting']} | {r['quantity']} | {r['estimator']} | {r['cells']} | {r['coverage']:.3f} | "
            f"{r['at_bound']:.3f} | {r['coverage_off_bound']:.3f} | "
            f"{r['bias']:+.3f} | {r['mean_width']:.3f} | " + " | ".join(extra) + " |"
        )
    lines += [
        "",
        "| Setting | Directions stated | False (wrong sign or under 2 points) | Share false |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in directions:
        lines.append(
            f"| {r['setting']} | {r['directions_stated']} | {r['false_directions']} | {r['false_share']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20241130)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    jobs = [(i, args.replicates, args.seed) for i in range(len(SETTINGS))]
    with Pool(args.workers) as pool:
        parts = pool.map(one, jobs)
    coverage = [r for part in parts for r in part["coverage"]]
    directions = [r for part in parts for r in part["directions"]]
    seconds = round(time.perf_counter() - started, 1)
    results = {
        "machine": machine(),
        "replicates": args.replicates,
        "seed": args.seed,
        "seconds": seconds,
        "settings": [asdict(s) for s in SETTINGS],
        "coverage": coverage,
        "directions": directions,
    }
    out = ROOT / "bench/results"
    (out / "estimation.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / "estimation.md").write_text(table(coverage, directions), encoding="utf-8")
    print(table(coverage, directions))
    print(f"{args.replicates} replicates per setting in {seconds} s → bench/results/estimation.json")


if __name__ == "__main__":
    main()
