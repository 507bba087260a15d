"""Logging for rule scripts and notebooks: to the rule's log file and to the console."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qualsynth.errors import InputError

_FORMAT = "%(levelname)s %(name)s: %(message)s"


def start_log(path: str | Path, step: str) -> logging.Logger:
    """Log ``step`` to ``path`` (replacing it) and to stderr. No timestamps, so logs diff cleanly."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.handlers.clear()
    root.setLevel(logging.INFO)
    for handler in (logging.FileHandler(path, mode="w", encoding="utf-8"), logging.StreamHandler(sys.stderr)):
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    return logging.getLogger(f"qualsynth.{step}")


@contextmanager
def clear_errors(log: logging.Logger) -> Iterator[None]:
    """Turn an InputError into one readable message and a non-zero exit, without a traceback."""
    try:
        yield
    except InputError as exc:
        log.error("%s", exc)
        raise SystemExit(f"\nqualsynth: {exc}\n") from None


@contextmanager
def rule_log(path: str | Path, step: str) -> Iterator[logging.Logger]:
    """A rule's script: log to its log file, and end with one readable message on bad input."""
    log = start_log(path, step)
    with clear_errors(log):
        yield log
