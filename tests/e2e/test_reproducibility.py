"""Reruns give the same bytes; a changed raw file changes exactly what depends on it; an interrupted
run leaves nothing a rerun would trust; and no output names the folder it was built in."""

import json
import os
import re
import signal
import time
import zipfile
from pathlib import Path

import pytest

from tests.workflow import copy_project, final_outputs, kept_for_the_session, output_hashes, snakemake, start_snakemake

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
PROFILE = ["--profile", "workflow/profiles/default"]
SAMPLE = [*PROFILE, "--configfile", "tests/data/sample/config.yaml"]


def test_two_clean_runs_in_two_folders_give_identical_bytes(demo_project, sharded_project):
    # The four-shard build ran in another folder: every output but the shards' own intermediates, and the
    # manifest's lists of them, is the same to the byte.
    assert sharded_project.resolve() != demo_project.resolve()
    first, other = final_outputs(demo_project), final_outputs(sharded_project)
    assert len(first) > 90 and first.keys() == other.keys()
    assert [path for path in first if first[path] != other[path]] == []
    manifests = [json.loads((p / "data/processed/manifest.json").read_text()) for p in (demo_project, sharded_project)]
    assert manifests[0]["raw_data"] == manifests[1]["raw_data"]


NOTEBOOK_RULES = {"code_themes", "discover_themes", "synthesise"}


def running_jobs(log: Path) -> set[str]:
    """Rules Snakemake has started and not reported finished, from its log."""
    text = log.read_text(encoding="utf-8", errors="replace")
    started = {jobid: rule for rule, jobid in re.findall(r"rule (\w+):\n(?:    .*\n)*?    jobid: (\d+)", text)}
    finished = set(re.findall(r"Finished jobid: (\d+)", text))
    return {rule for jobid, rule in started.items() if jobid not in finished}


def test_a_run_interrupted_during_a_notebook_reruns_to_the_same_outputs(sample_project, tmp_path_factory):
    clean = sample_project
    work = copy_project(tmp_path_factory.mktemp("interrupted"))
    log = work / "first-run.log"
    run = start_snakemake(work, log, *SAMPLE)
    deadline = time.monotonic() + 300
    while not running_jobs(log) & NOTEBOOK_RULES:
        assert run.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, "no notebook job started"
        time.sleep(0.1)
    time.sleep(1)  # the kernel is up and the notebook is running
    interrupted = running_jobs(log) & NOTEBOOK_RULES
    # As hard as it gets: snakemake, the notebook's kernel and everything else, with no chance to tidy up.
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=120)
    assert interrupted and run.returncode == -signal.SIGKILL
    # Snakemake's lock outlives a killed run; --unlock is the documented way on.
    assert snakemake(work, *SAMPLE, "--unlock").returncode == 0
    # Nothing the interrupted notebook was writing is taken as done: a dry run wants to rerun it.
    dry = snakemake(work, *SAMPLE, "--dry-run")
    for rule in interrupted:
        assert re.search(rf"rule {rule}:", dry.stdout), (rule, dry.stdout[-3000:])
    rerun = snakemake(work, *SAMPLE)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]
    assert output_hashes(work) == output_hashes(clean)


@pytest.fixture(scope="session")
@kept_for_the_session
def audited(demo_project):
    result = snakemake(demo_project, *PROFILE, "audit")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = snakemake(demo_project, *PROFILE, "--report", "report/_output/audit/workflow-report.html")
    assert report.returncode == 0, report.stdout[-3000:] + report.stderr[-3000:]
    return demo_project / "report/_output/audit"


def test_audit_folder_links_everything_it_holds(audited):
    index = (audited / "index.html").read_text(encoding="utf-8")
    for name in [
        "manifest.json",
        "exclusions_by_reason.csv",
        "redactions_by_category.csv",
        "agreement.csv",
        "workflow-report.html",
        "notebooks/01_code_themes.html",
        "notebooks/02_discover_themes.html",
        "notebooks/03_synthesise.html",
    ]:
        assert f'href="{name}"' in index and (audited / name).stat().st_size > 0, name
    assert "data/processed/segments.parquet" in index
    notebook = (audited / "notebooks/01_code_themes.html").read_text(encoding="utf-8")
    assert "01 · Code themes" in notebook and "snakemake preamble" not in notebook


def test_no_output_contains_the_checkouts_absolute_path(demo_project, audited):
    needle = str(demo_project.resolve()).encode()
    for folder in ["report/_output", "data/processed"]:
        for path in (demo_project / folder).rglob("*"):
            if not path.is_file():
                continue
            assert needle not in path.read_bytes(), path
            if path.suffix == ".docx":
                with zipfile.ZipFile(path) as archive:
                    for member in archive.namelist():
                        assert needle not in archive.read(member), (path, member)
