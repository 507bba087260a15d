"""Writing tables so that the same data always give the same bytes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
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
    """Write JSON with sorted keys and a trailing newline."""
    with atomic(path) as partial:
        partial.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a table written by :func:`write_parquet`."""
    return pq.read_table(path).to_pandas()
