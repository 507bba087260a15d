"""The demo's `make report` from scratch, as a new user runs it: a fresh clone, its own .venv, every step.

    python bench/bench_fresh_report.py [--semantic] [--source .] [--repeat 3]

Clones the repository (its committed HEAD) into a scratch folder and times `make report` there (with
`SEMANTIC=1`: the semantic extra installed and the codebook similarities and embedding classifier on),
split into setting up .venv and running the workflow. pip's cache is whatever the machine has. With
`--repeat N`, N clones one after another: the run of median total is recorded, with every try's total.
Results go to bench/results/report_from_scratch.json, one entry per variant, with the machine they ran on.

A machine with SLURM's client tools but no controller answering (as a test machine has them between
cluster tests) makes every Snakemake start wait: the SLURM executor plugin asks `scontrol show config`
when it is imported, and scontrol retries for about ten seconds. That wait is measured and recorded
(`slurm_wait_s`, part of `workflow_s`) where the clone's .venv has the plugin; a machine without SLURM, or
a cluster's, does not wait.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import machine  # noqa: E402

TARGET_S = 120  # a fresh `make report` sets up and runs within two minutes on two cores


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return round(time.perf_counter() - started, 1)


def slurm_wait(clone: Path) -> float:
    """Seconds `scontrol show config` takes to fail here, as the SLURM plugin waits at every Snakemake
    start; 0 where the clone's .venv has no plugin (`make report` does not install it), the plugin would
    not ask (no `sinfo`) or a controller answers."""
    plugin = subprocess.run(
        [clone / ".venv/bin/python", "-c", "import snakemake_executor_plugin_slurm"], capture_output=True
    )
    if plugin.returncode != 0 or shutil.which("sinfo") is None or shutil.which("scontrol") is None:
        return 0.0
    started = time.perf_counter()
    try:
        answered = subprocess.run(["scontrol", "show", "config"], capture_output=True, timeout=10).returncode == 0
    except subprocess.TimeoutExpired:
        answered = False
    return 0.0 if answered else round(time.perf_counter() - started, 1)


def from_scratch(source: Path, semantic: bool) -> dict[str, object]:
    """One clone, set up and run: its commit, the seconds each took, and the SLURM wait within them."""
    extra = ["SEMANTIC=1"] if semantic else []
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "qualsynth"
        subprocess.run(["git", "clone", "-q", str(source), str(clone)], check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True)
        setup_target = [".venv/.installed", *([".venv/.installed-semantic"] if semantic else [])]
        setup_s = timed(["make", *setup_target], clone)
        run_s = timed(["make", "report", *extra], clone)
        waited = slurm_wait(clone)
    return {"commit": commit.stdout.strip(), "setup_s": setup_s, "workflow_s": run_s, "slurm_wait_s": waited}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--semantic", action="store_true")
    parser.add_argument("--source", type=Path, default=ROOT)
    # Installing moves by tens of seconds from run to run (pip fetches the wheels): the median of a few.
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    tries = [from_scratch(args.source, args.semantic) for _ in range(args.repeat)]
    totals = [round(t["setup_s"] + t["workflow_s"], 1) for t in tries]
    median = tries[sorted(range(len(tries)), key=lambda i: totals[i])[len(tries) // 2]]
    result = {
        "machine": machine(),
        "commit": median["commit"],
        "variant": "SEMANTIC=1" if args.semantic else "default",
        "setup_s": median["setup_s"],
        "workflow_s": median["workflow_s"],
        "total_s": round(median["setup_s"] + median["workflow_s"], 1),
        "slurm_wait_s": median["slurm_wait_s"],
        "target_s": TARGET_S,
        "tries_total_s": totals,
    }
    out = ROOT / "bench/results/report_from_scratch.json"
    runs = json.loads(out.read_text())["runs"] if out.exists() else []
    runs = [r for r in runs if r["variant"] != result["variant"]] + [result]
    out.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
