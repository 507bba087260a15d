"""Running the real Snakemake workflow from tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def snakemake(workdir: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run .venv's snakemake in ``workdir`` with .venv's tools first on PATH."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", *args],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout,
    )
