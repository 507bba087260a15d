"""Share a pure function's work across processes or threads, results in input order (so outputs do
not depend on the number of workers)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

_TASK: Callable[[Any], Any] | None = None


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def map_in_order(task: Callable[[Any], Any], items: Sequence[Any], workers: int, minimum: int = 2000) -> list[Any]:
    """``[task(i) for i in items]``, on ``workers`` forked processes when there are at least ``minimum`` items.

    Forked workers inherit ``task`` with everything it closes over (name indexes, compiled
    patterns), so nothing large is pickled per item.
    """
    global _TASK
    if workers <= 1 or len(items) < minimum:
        return [task(i) for i in items]
    _TASK = task
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, items, chunksize=max(1, len(items) // (workers * 8))))
    finally:
        _TASK = None


def map_in_threads(task: Callable[[Any], Any], items: Sequence[Any], workers: int) -> list[Any]:
    """``[task(i) for i in items]`` on ``workers`` threads: for tasks that spend their time in code that
    releases the GIL (liblinear's solver), where forking would copy the training matrices for nothing."""
    if workers <= 1 or len(items) < 2:
        return [task(i) for i in items]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(task, items))
