"""Running the real Snakemake workflow from tests."""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
Built = TypeVar("Built")
BIN = Path(sys.executable).parent
# What a copy of the project needs to run; outputs, caches and the environment stay behind.
PROJECT_ITEMS = ["Snakefile", "environment.yml", "config", "workflow", "notebooks", "report", "data/raw", "tests/data"]
SKIP = shutil.ignore_patterns("_output", "__pycache__", ".ipynb_checkpoints")


def copy_project(target: Path) -> Path:
    """Copy what the workflow needs into ``target`` (the package itself is installed in .venv)."""
    for item in PROJECT_ITEMS:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, target / item, ignore=SKIP)
        else:
            (target / item).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / item)
    return target


def _env(on_path: bool = True) -> dict[str, str]:
    """The environment a run gets: .venv's tools first on PATH, or (``on_path`` false) nowhere on it,
    as for `.venv/bin/snakemake ...` typed in a shell that never activated .venv."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and Path(p).resolve() != BIN.resolve()]
    return {**os.environ, "PATH": os.pathsep.join([str(BIN)] * on_path + path), "PYTHONHASHSEED": "0"}


def snakemake(workdir: Path, *args: str, timeout: int = 900, on_path: bool = True) -> subprocess.CompletedProcess[str]:
    """Run .venv's snakemake in ``workdir`` with .venv's tools first on PATH (or not on it)."""
    return subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", *args],
        cwd=workdir,
        env=_env(on_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_snakemake(workdir: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start snakemake in ``workdir`` without waiting, its output going to ``log``, in a process group
    of its own (so that a test can kill it with every job it started)."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            [str(BIN / "snakemake"), "--cores", "2", *args],
            cwd=workdir,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kept_for_the_session(build: Callable[..., Built]) -> Callable[..., Built]:
    """A session fixture whose first build is kept for the life of the test process.

    pytest-xdist tears a worker's session fixtures down whenever its queue of tests runs dry for a moment
    (the test it then runs has no next one), and the next test to ask would build the project again. The
    projects are folders that outlive their fixture, so the first build is kept instead. Put it under
    ``@pytest.fixture(scope="session")``."""
    kept: list[Built] = []

    @functools.wraps(build)
    def fixture(*args, **kwargs):
        if not kept:
            kept.append(build(*args, **kwargs))
        return kept[0]

    return fixture


def built_project(workdir: Path, *args: str, on_path: bool = True) -> Path:
    """A copy of the project in ``workdir`` on which the workflow has run with ``args``."""
    copy_project(workdir)
    result = snakemake(workdir, "--profile", "workflow/profiles/default", *args, on_path=on_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return workdir


def report_text(project: Path) -> str:
    """The HTML report's visible text, whitespace collapsed."""
    raw = (project / "report/_output/synthesis.html").read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>|<script.*?</script>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output_hashes(project: Path) -> dict[str, str]:
    """Every file under data/processed/ (Snakemake's hidden bookkeeping aside) and the report: HTML, DOCX
    and the PDF where one was made."""
    files = [p for p in (project / "data/processed").rglob("*") if p.is_file() and not p.name.startswith(".")]
    report = project / "report/_output"
    files += [report / "synthesis.html", report / "synthesis.docx"]
    files += [pdf for pdf in [report / "synthesis.pdf"] if pdf.exists()]
    return {p.relative_to(project).as_posix(): sha256(p) for p in sorted(files)}


def final_outputs(project: Path) -> dict[str, str]:
    """Every output but the shards' intermediates and the manifest that lists them."""
    return {
        path: digest
        for path, digest in output_hashes(project).items()
        if not path.startswith("data/processed/shards/") and path != "data/processed/manifest.json"
    }
