"""Every registered document read as a run reads it, before any job runs (``make check``): each one that
cannot be read, and each speaker label that matches no one, listed at once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.errors import InputError, Problems
from qualsynth.ingest.clean import corpus_places
from qualsynth.ingest.inputs import assign_wave
from qualsynth.ingest.readers import Source
from qualsynth.ingest.sources import read_source
from qualsynth.ingest.speakers import Speaker, Speakers, document_speakers
from qualsynth.ingest.surveys import survey_mapping
from qualsynth.settings import Settings, Wave


def document_problems(
    documents: pd.DataFrame, lookup: Mapping[str, Speaker] | None, raw: Path, settings: Settings
) -> tuple[list[str], str]:
    """Every problem in reading the registered ``documents``: those no layout reads (the file, the line,
    what was seen, the layouts tried), speaker labels that match no one in ``lookup`` (with the lines
    they are on and the nearest known label; not checked when the roster could not be read: None), and
    survey responses dated in no wave. Returns the problems and a summary of what was read."""
    ingest = settings.ingest
    places = corpus_places(documents, ingest)
    problems: list[str] = []
    labels = Problems()  # a label misread in every document is listed three times, then counted
    layouts: Counter[str] = Counter()
    present = documents[documents["path"].map(lambda p: (raw / str(p)).is_file()).astype(bool)]
    skipped: list[str] = []
    for doc in present.sort_values("doc_id").itertuples(index=False):
        path = raw / str(doc.path)
        try:
            team, generic = ingest.interviewer_labels, ingest.respondent_labels
            speakers = document_speakers(lookup or {}, team, generic, doc, path, check_ids=lookup is not None)
            survey = survey_mapping(ingest.surveys, str(doc.path))
            source = read_source(path, survey, places, speakers.hints(), place=str(doc.place))
        except InputError as exc:
            if ingest.on_bad_document == "skip":  # the run excludes it, with its reason
                skipped.append(str(doc.path))
            else:
                problems += exc.problems
            continue
        layouts[source.layout or "survey"] += 1
        if lookup is not None:
            _unmatched_labels(source, speakers, path, labels)
        problems += _responses_in_no_wave(path, source, settings.inquiry.waves)
    problems += labels.messages()
    summary = ", ".join(f"{n} {layout.replace('_', ' ')}" for layout, n in sorted(layouts.items()))
    if skipped:
        summary += (
            f"; {len(skipped)} unreadable, to be excluded as ingest.on_bad_document is 'skip': "
            + ", ".join(skipped[:5])
            + (" …" if len(skipped) > 5 else "")
        )
    read = len(present) - len(skipped)
    return problems, f"documents ({read} read: {summary})" if len(present) else "documents (none)"


def _unmatched_labels(source: Source, speakers: Speakers, path: Path, problems: Problems) -> None:
    """One problem per speaker label that matches no one, naming the lines (or cues) it is on."""
    where: dict[str, list[str]] = {}
    for unit in source.units:
        if not unit.respondent and speakers.find(unit.label) is None:
            where.setdefault(unit.label, []).append(unit.ref)
    for label, refs in sorted(where.items()):
        problems.add(
            f"{path}, {_places(refs)}: {speakers.unmatched(label)}",
            kind=f"speaker label {label!r} matches no one",
            where=path.name,
        )


def _places(refs: Sequence[str]) -> str:
    shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
    return shown


def _responses_in_no_wave(path: Path, source: Source, waves: Sequence[Wave]) -> list[str]:
    """Survey rows dated in no wave (often a date format that reads day and month the wrong way round)."""
    found = Problems()
    rows: dict[str, Any] = {unit.ref.split(",")[0]: unit.date for unit in source.units if unit.date}
    for row, date in rows.items():
        if date and assign_wave(dt.date.fromisoformat(date), waves) is None:
            found.add(
                f"{path}, {row}: the response is dated {date}, in no wave of inquiry.waves. Check "
                "ingest.surveys.date_format (day and month the right way round?), or widen the waves.",
                kind=f"{path}: responses dated in no wave",
                where=f"{row} ({date})",
            )
    return found.messages()
