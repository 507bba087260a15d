"""How few coded positives still let the correction hold: the simulation study's path on rare themes.

    python bench/simulate_rare_themes.py [--replicates 60] [--thresholds 10 5] [--adjusted 5]

Five settings with rare themes (4%, 2% and 8% of respondents; 15–20% coded; coders whose error rates
differ by place: one with a codebook similarity, one with keywords alone, one weak with small groups,
one whose similarity and keywords never recognise a quarter of each theme's positives, and one whose
similarity all but separates the positives, as a classifier that has learnt a theme's few wordings
does) are run at each value of
``synthesis.estimation.min_coded_positives``: below it, a theme's shares rest on the human codes alone,
except from ``min_coded_positives_adjusted`` (``--adjusted``; equal to the threshold: off), where the
correction is kept with a missed and a false positive added to its variance. A run replaces the rows of
its own (threshold, adjusted) pair and keeps the others. Coverage of the overall shares, places, places × waves and places' changes, by the estimator used, and
mean widths go to bench/results/rare_themes.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import machine  # noqa: E402

from qualsynth.synthesis.simulation import Setting, run  # noqa: E402

RARE = (0.04, 0.02, 0.08)
QUANTITIES = ("overall share", "place share", "place × wave share", "place change")


def settings(threshold: int) -> list[Setting]:
    return [
        Setting(
            f"similarity, m={threshold}", spread=0.8, signal=1.5, prevalence=RARE, coded=0.2, min_positives=threshold
        ),
        Setting(f"keywords, m={threshold}", spread=0.8, prevalence=RARE, coded=0.2, min_positives=threshold),
        Setting(
            f"weak coder, small groups, m={threshold}",
            spread=1.5,
            sensitivity=0.6,
            false_rate=0.3,
            cell_sizes=(5, 20),
            prevalence=RARE,
            coded=0.15,
            min_positives=threshold,
        ),
        Setting(
            f"similarity with a blind spot, m={threshold}",
            spread=0.8,
            signal=1.5,
            prevalence=RARE,
            coded=0.2,
            blind=0.25,
            min_positives=threshold,
        ),
        Setting(
            f"near-perfect similarity, m={threshold}",
            spread=0.8,
            signal=4.0,
            prevalence=RARE,
            coded=0.2,
            min_positives=threshold,
        ),
    ]


def labelled(threshold: int, adjusted: int) -> list[Setting]:
    """The settings at ``threshold``, named with the adjusted range where there is one."""
    suffix = f", adjusted from {adjusted}" if adjusted < threshold else ""
    return [replace(s, name=s.name + suffix, min_adjusted=adjusted) for s in settings(threshold)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=60)
    parser.add_argument("--thresholds", type=int, nargs="+", default=[10, 5])
    parser.add_argument("--adjusted", type=int, default=None, help="min_coded_positives_adjusted (default: off)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    path = ROOT / "bench/results/rare_themes.json"
    earlier = json.loads(path.read_text()) if path.exists() else {}
    rows, seconds = [], {}
    for threshold in args.thresholds:
        adjusted = min(args.adjusted or threshold, threshold)
        started = time.perf_counter()
        result = run(labelled(threshold, adjusted), args.replicates, seed=args.seed)
        seconds[f"{threshold}/{adjusted}"] = round(time.perf_counter() - started, 1)
        key = {"min_coded_positives": threshold, "min_coded_positives_adjusted": adjusted}
        rows += [{**key, **r} for r in result["coverage"] if r["quantity"] in QUANTITIES]
    ran = {(r["min_coded_positives"], r["min_coded_positives_adjusted"]) for r in rows}
    kept = [
        r
        for r in earlier.get("coverage", [])
        if (r["min_coded_positives"], r.get("min_coded_positives_adjusted", r["min_coded_positives"])) not in ran
    ]
    out = {
        "machine": machine(),
        "replicates": args.replicates,
        "seconds_by_run": {**earlier.get("seconds_by_run", {}), **seconds},
        "coverage": kept + rows,
    }
    path.write_text(json.dumps(out, indent=2) + "\n")
    for r in rows:
        if r["estimator"] == "all" or r["coverage"] < 0.9:
            print(r["setting"], "|", r["quantity"], "|", r["estimator"], r["cells"], r["coverage"], r["mean_width"])


if __name__ == "__main__":
    main()
