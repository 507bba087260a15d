"""Writing tables so that the same data always give the same bytes."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


@contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed onto it only when the write finished: a run killed
    mid-write leaves no half-written table behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame without its index, with fixed writer options."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with atomic(path) as partial:
        pq.write_table(table, partial, compression="zstd", use_dictionary=False, write_statistics=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a UTF-8 CSV with Unix line endings; Excel opens it as it is."""
    with atomic(path) as partial:
        frame.to_csv(partial, index=False, lineterminator="\n", encoding="utf-8")


def write_json(data: Any, path: Path) -> None:
    """Write strict JSON (a number that is not one, NaN or infinite, as ``null``, which every JSON reader
    accepts) with sorted keys and a trailing newline."""
    text = json.dumps(_strict(data), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    with atomic(path) as partial:
        partial.write_text(text + "\n", encoding="utf-8")


def _strict(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict(v) for v in value]
    return value


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a table written by :func:`write_parquet`."""
    return pq.read_table(path).to_pandas()


class TextFiles(dict[str, str]):
    """A folder of UTF-8 text files as a rule's output: file name → text."""


def write_outputs(outputs: Mapping[str, Any], paths: Any) -> None:
    """Write a rule's outputs, each to the path of the rule output of the same name, in the format its
    path names: a frame as Parquet or CSV, a mapping or list as JSON, :class:`TextFiles` as a folder,
    bytes as they are, anything else with joblib. ``paths`` is the rule's named outputs (Snakemake's
    ``snakemake.output``, or any mapping of name → path)."""
    names = list(paths.keys())
    if set(names) != set(outputs):
        raise AssertionError(
            f"outputs {sorted(outputs)} do not match the rule's outputs {sorted(names)}. Please report this as a bug."
        )
    for name in names:
        target = paths[name] if isinstance(paths, Mapping) else getattr(paths, name)
        if isinstance(target, str | Path):
            _write_output(name, outputs[name], Path(target))
        else:  # one output name for several files (one per shard): a list of values
            if len(outputs[name]) != len(target):
                raise AssertionError(
                    f"output {name!r}: {len(outputs[name])} values for {len(target)} files. "
                    "Please report this as a bug."
                )
            for value, path in zip(outputs[name], target):
                _write_output(name, value, Path(path))


def _write_output(name: str, value: Any, path: Path) -> None:
    if isinstance(value, TextFiles):
        path.mkdir(parents=True, exist_ok=True)
        for file_name, text in sorted(value.items()):
            with atomic(path / file_name) as partial:
                partial.write_text(text, encoding="utf-8", newline="\n")
    elif isinstance(value, pd.DataFrame) and path.suffix == ".parquet":
        write_parquet(value, path)
    elif isinstance(value, pd.DataFrame) and path.suffix == ".csv":
        write_csv(value, path)
    elif path.suffix == ".json":
        write_json(value, path)
    elif isinstance(value, bytes):
        with atomic(path) as partial:
            partial.write_bytes(value)
    elif path.suffix == ".joblib":
        import joblib

        with atomic(path) as partial:
            joblib.dump(value, partial, compress=3)
    else:
        raise AssertionError(
            f"no writer for output {name!r} ({type(value).__name__} to {path.name}). Please report this as a bug."
        )
