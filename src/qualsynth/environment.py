"""The environment the workflow's jobs run in, set once when the Snakefile is read."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def prepare_job_environment(workflow_dir: Path) -> None:
    """Put this Python's bin/ first on PATH, and the workflow's Jupyter config on Jupyter's path.

    The notebooks run jupyter-nbconvert: the one installed beside this Snakemake, even where that
    environment's bin/ is not on PATH (`.venv/bin/snakemake ...` straight from a shell). The config in
    workflow/jupyter makes the notebooks' kernels log errors only, not a warning per kernel that it
    talks to nbconvert over local TCP. workflow/bin, last on PATH, answers Snakemake's check for papermill
    where it is not installed, so that the check prints nothing.
    """
    os.environ["PATH"] = os.pathsep.join(
        filter(None, [str(Path(sys.executable).parent), os.environ.get("PATH"), str(workflow_dir / "workflow/bin")])
    )
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        filter(None, [str(workflow_dir / "workflow/jupyter"), os.environ.get("JUPYTER_CONFIG_PATH")])
    )
