"""Shared test helpers: the project root and small corpora written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def schemas() -> Path:
    return ROOT / "workflow" / "schemas"
