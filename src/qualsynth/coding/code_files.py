"""Which files hold the human codes (config key ``coding.human_codes``): light enough for the workflow to
read as it starts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

FILE_SUFFIXES = {".csv", ".xlsx"}


def human_code_files(paths: str | Path | Sequence[str | Path] | None) -> list[Path]:
    """The files ``human_codes`` names: each file as given, and the .csv/.xlsx files in each folder
    (sorted; hidden files and Excel's ``~$`` lock files left out)."""
    if paths is None:
        return []
    found: list[Path] = []
    for item in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(item)
        if path.is_dir():
            found += sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in FILE_SUFFIXES and not p.name.startswith((".", "~$"))
            )
        else:
            found.append(path)
    return found
