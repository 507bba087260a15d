"""Read any registered source by its file type: transcripts, notes and logs (:mod:`qualsynth.ingest.readers`)
and survey exports (:mod:`qualsynth.ingest.surveys`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualsynth.errors import InputError
from qualsynth.ingest.layouts import Hints
from qualsynth.ingest.readers import TEXT_SUFFIXES, Source, read_docx, read_odt, read_transcript, read_vtt
from qualsynth.ingest.surveys import read_survey


def read_source(
    path: Path,
    survey: Mapping[str, Any] | None,
    places: Sequence[str],
    hints: Hints | None = None,
    place: str | None = None,
) -> Source:
    """Read any supported source by its file type: ``hints`` help read a transcript's layout; ``survey``
    is the mapping of a survey export's columns and ``place`` its register place."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_transcript(path, hints)
    if suffix == ".docx":
        return read_docx(path, hints)
    if suffix == ".odt":
        return read_odt(path, hints)
    if suffix == ".vtt":
        return read_vtt(path, hints)
    if suffix == ".csv":
        if not survey:
            raise InputError(
                f"{path}: a survey export, but no mapping of the config's 'surveys' section describes its columns. "
                "Add one (or name this file in a mapping's 'files')."
            )
        return read_survey(path, survey, places, place)
    raise InputError(
        f"{path}: files of type {suffix!r} are not supported. Convert it to .txt, .md, .docx, .odt, .vtt or .csv."
    )
