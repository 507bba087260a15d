"""The same workflow on a real SLURM cluster, through Snakemake's SLURM executor plugin.

`.ci/run` starts a single-node cluster on the CI machine (tests/cluster/slurm.sh) and sets
QUALSYNTH_SLURM=1; elsewhere the cluster test is skipped, and only the local run of the mini corpus
it compares against runs.
"""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.workflow import built_project, copy_project, final_outputs, kept_for_the_session, start_snakemake

# One worker builds this module's project (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_slurm_cluster")]
MINI = ["--configfile", "tests/data/mini/config.yaml"]
# The CI machine is one node with 2 cores: the profile's 4-core requests would never be scheduled.
ON_TWO_CORES = [
    "--cores",
    "2",
    "--set-threads",
    "scan_corpus=2",
    "clean_shard=2",
    "train_coder=2",
    "code_shard=2",
    "--set-resources",
    "scan_corpus:cpus_per_task=2",
    "clean_shard:cpus_per_task=2",
    "train_coder:cpus_per_task=2",
    "code_shard:cpus_per_task=2",
]
# The run takes about three minutes on an idle 2-core node.
TIMEOUT_S = 900


def queued_jobs() -> list[str]:
    """The cluster's queue, one line per job: id, state, reason or node, working directory."""
    listing = subprocess.run(["squeue", "-h", "-o", "%i %T %R %Z"], capture_output=True, text=True)
    if listing.returncode != 0:
        pytest.fail(
            f"squeue cannot reach the cluster ({listing.stderr.strip()}): start it with tests/cluster/slurm.sh start"
        )
    return listing.stdout.splitlines()


def cancel_jobs_under(project: Path) -> None:
    for line in queued_jobs():
        job, *_, workdir = line.split()
        if workdir.startswith(str(project)):
            subprocess.run(["scancel", job], check=False)


@pytest.fixture(scope="session")
@kept_for_the_session
def local(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("mini-local"), *MINI)


def test_mini_corpus_runs_end_to_end(local):
    assert (local / "report/_output/synthesis.html").stat().st_size > 0
    assert (local / "data/processed/manifest.json").stat().st_size > 0


@pytest.mark.skipif(not os.environ.get("QUALSYNTH_SLURM"), reason="no SLURM cluster here (.ci/run starts one)")
def test_workflow_runs_through_slurm_with_identical_outputs(local, tmp_path):
    # Jobs left by another run would hold the node's cores and this run would wait behind them.
    waiting = queued_jobs()
    assert not waiting, (
        "the SLURM cluster is busy (scancel these jobs, or restart it with tests/cluster/slurm.sh):\n"
        + "\n".join(waiting)
    )
    project = copy_project(tmp_path / "mini-slurm")
    started = time.monotonic()
    log_path = tmp_path / "snakemake.log"
    # Two shards, so that the shard jobs too go through the cluster.
    run = start_snakemake(
        project,
        log_path,
        "--profile",
        "workflow/profiles/slurm",
        *MINI,
        *ON_TWO_CORES,
        "--slurm-status-command",
        "squeue",
        "--slurm-no-account",
        # The plugin waits 40 s (and more each round) between status checks, which a shared cluster
        # needs; on this one-node cluster the workflow's chain of jobs would spend minutes waiting.
        "--slurm-init-seconds-before-status-checks",
        "2",
        "--config",
        "shards=2",
    )
    try:
        returncode = run.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        queue = queued_jobs()
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        cancel_jobs_under(project)
        pytest.fail(
            f"the SLURM run did not finish in {TIMEOUT_S} s; the queue then:\n"
            + "\n".join(queue)
            + "\n\nthe end of its log:\n"
            + log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        )
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, log[-5000:]
    submitted = re.findall(r"has been submitted with SLURM jobid (\d+)", log)
    # Every job but the local ones (all, and the manifest's checks) went through sbatch, two of
    # them per shard rule.
    assert len(submitted) >= 13, log[-3000:]
    assert final_outputs(project) == final_outputs(local)
    print(f"SLURM run: {len(submitted)} jobs in {time.monotonic() - started:.0f} s")
