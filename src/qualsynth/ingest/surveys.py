"""Survey exports: each free-text answer a unit, each rating answer a row of its own table.

An inquiry may hold exports from several organisations or platforms. ``ingest.surveys`` is one mapping
for every export, or a list of mappings each naming the exports it reads (``files``: patterns relative
to the raw folder). A mapping names every column (so nothing is read or lost by accident); a column in
``optional_columns`` may be absent from some exports. Headers are matched with their spaces and line
breaks normalised, so a header cell that wraps is written in the config on one line.

Dates: ``date_format`` may list several formats. Where a date reads as two different days (03/04/2025
by day/month and by month/day), the export's own unambiguous dates settle it: if they all follow one
format, so do its ambiguous ones; if the export mixes formats, an ambiguous date takes the format of
the unambiguous dates around it when they agree. A date neither settles is a problem naming its row.

Placeholders: answers the platform writes for a question left blank (``placeholders``: "Did not
answer", "N/A", "-") and answers with no letter or digit are no free text; they are counted, never
passages.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.config import did_you_mean
from qualsynth.errors import InputError, Problems
from qualsynth.ingest.readers import Source, Unit, read_text

log = logging.getLogger(__name__)
ROW_KEYS = ("respondent_column", "place_column", "date_column", "role_column")


def tidy(value: object) -> str:
    """A cell, header or config value as typed, without its line breaks, non-breaking or repeated spaces."""
    return " ".join(str(value).split())


def survey_mapping(
    surveys: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None, path: str
) -> Mapping[str, Any] | None:
    """The mapping of ``ingest.surveys`` that reads the export at ``path`` (relative to the raw folder):
    the one mapping, or the first of the list whose ``files`` patterns match it."""
    if not surveys:
        return None
    if isinstance(surveys, Mapping):
        return surveys
    for mapping in surveys:
        patterns = mapping.get("files") or ["*"]
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                return mapping
    return None


def likert_scale(surveys: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None) -> dict[str, int]:
    """Every rating answer the mappings know, with its value."""
    mappings = [surveys] if isinstance(surveys, Mapping) else list(surveys or [])
    scale: dict[str, int] = {}
    for mapping in mappings:
        scale.update({str(k): int(v) for k, v in (mapping.get("likert_scale") or {}).items()})
    return scale


@dataclass
class _Columns:
    """The config's column names resolved to the export's headers (None: absent, allowed)."""

    found: dict[str, str | None] = field(default_factory=dict)

    def get(self, name: str | None) -> str | None:
        return self.found.get(name) if name else None


def read_survey(path: Path, survey: Mapping[str, Any], places: Sequence[str], place: str | None = None) -> Source:
    """A survey export: each free-text answer is a unit; rating answers go to their own table. ``place``
    is the register's place for an export without a place column."""
    frame = _survey_frame(path)
    problems = Problems()
    columns = _resolve_columns(frame, survey, path, problems)
    if any(survey.get(k) and columns.get(survey[k]) is None for k in ROW_KEYS):
        problems.raise_if_any()  # without the columns the rows are read by, the rows cannot be checked
    canonical = {tidy(p).casefold(): p for p in places}
    scale = {tidy(k).casefold(): int(v) for k, v in (survey.get("likert_scale") or {}).items()}
    role_map = {tidy(k).casefold(): str(v) for k, v in (survey.get("role_map") or {}).items()}
    placeholders = {tidy(p).casefold() for p in survey.get("placeholders") or []}
    # Agreeing is a value above this export's own scale's midpoint (exports may rate on different scales).
    midpoint = (min(scale.values()) + max(scale.values())) / 2 if scale else float("nan")
    place_column, role_column = columns.get(survey.get("place_column")), columns.get(survey.get("role_column"))
    date_column = columns.get(survey["date_column"])
    dates = settle_dates(list(frame[date_column]), _formats(survey), path, problems)
    source = Source([], survey_rows=len(frame), layout="survey_export")
    for index, row in frame.iterrows():
        line = int(index) + 2
        where = f"{path}, row {line}"
        before = len(problems)
        row_place = place
        if place_column is not None:
            row_place = canonical.get(tidy(row[place_column]).casefold())
            if row_place is None:
                problems.add(
                    f"{where}: place {row[place_column]!r} is not a place in the register ({', '.join(places)}). "
                    "Correct the cell, or add the place to the register (or to ingest.places in the config).",
                    kind=f"{path}: place {tidy(row[place_column])!r}",
                    where=f"row {line}",
                )
        role = survey.get("role", "")
        if role_column is not None:
            role_text = tidy(row[role_column])
            role = role_map.get(role_text.casefold())
            if role is None:
                problems.add(
                    f"{where}: role {role_text!r} is not in ingest.surveys.role_map in the config"
                    f"{did_you_mean(role_text, list(survey.get('role_map') or {}))}. Add it there.",
                    kind=f"{path}: role {role_text!r} not in ingest.surveys.role_map",
                    where=f"row {line}",
                )
        date = dates[index]
        if len(problems) > before or date is None:
            continue  # this row's answers cannot be attributed; later rows are still checked
        respondent = respondent_id(row[columns.get(survey["respondent_column"])], survey, path, line)
        answered = False
        for number, name in enumerate(survey["text_columns"], start=1):
            column = columns.get(name)
            text = tidy(row[column]) if column is not None else ""
            if text and _is_placeholder(text, placeholders):
                source.placeholders += 1
                continue
            if text:
                answered = True
                unit = Unit(f"row {line}, question {number}", "", text, row_place, date, role, respondent)
                source.units.append(unit)
        if not answered:
            source.empty_rows.append(f"row {line}")
        for item_number, name in enumerate(survey.get("likert_columns") or [], start=1):
            column = columns.get(name)
            answer = tidy(row[column]) if column is not None else ""
            if not answer or _is_placeholder(answer, placeholders):
                continue
            if answer.casefold() not in scale:
                problems.add(
                    f"{where}, column {name!r}: answer {answer!r} is not on the Likert scale in the config "
                    "(ingest.surveys.likert_scale). Add it there, or to the export's placeholders if it means no answer.",
                    kind=f"{path}, column {name!r}: answer {answer!r} not on the Likert scale",
                    where=f"row {line}",
                )
                continue
            source.likert.append(
                {
                    "respondent": respondent,
                    "place": row_place,
                    "date": date,
                    "role": role,
                    "item": f"q{item_number}",
                    "question": tidy(name),
                    "answer": answer,
                    "value": scale[answer.casefold()],
                    "midpoint": midpoint,
                }
            )
    problems.raise_if_any()
    if source.placeholders:
        log.info("%s: %d placeholder answer(s) read as no answer", path, source.placeholders)
    return source


def respondent_id(value: object, survey: Mapping[str, Any], path: Path, line: int) -> str:
    """A respondent's pseudonym: their id as exports of one mapping give it (the same id in two exports of one
    platform is one person; ids of another organisation's mapping are its own), or, where the cell is empty,
    their row. 48 bits: no collision to expect below millions of respondents."""
    given = tidy(value)
    files = survey.get("files")
    space = "" if not files else "\x1f".join([files] if isinstance(files, str) else files) + "\x1f"
    key = space + given if given else f"{path.name}\x1frow {line}"
    return "S-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _is_placeholder(text: str, placeholders: set[str]) -> bool:
    return text.casefold() in placeholders or not any(ch.isalnum() for ch in text)


def _formats(survey: Mapping[str, Any]) -> list[str]:
    given = survey["date_format"]
    return [given] if isinstance(given, str) else list(given)


def _survey_frame(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.StringIO(read_text(path)), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError(f"{path}: malformed CSV ({exc}). Check quoting on that line, or export it again.") from exc
    except pd.errors.EmptyDataError:
        raise InputError(
            f"{path}: the export is empty (no header row). Export it again, or remove it from the register."
        ) from None
    return frame


def _named(survey: Mapping[str, Any]) -> list[str]:
    named = [survey[k] for k in ROW_KEYS if survey.get(k)]
    return named + [
        *survey["text_columns"],
        *(survey.get("likert_columns") or []),
        *(survey.get("drop_columns") or []),
    ]


def _resolve_columns(frame: pd.DataFrame, survey: Mapping[str, Any], path: Path, problems: Problems) -> _Columns:
    """The export's header for each column the config names (spaces and line breaks normalised); columns
    the config names that the export lacks, and columns of the export the config does not name."""
    headers = {tidy(c): c for c in frame.columns}
    optional = {tidy(c) for c in survey.get("optional_columns") or []}
    columns = _Columns({name: headers.get(tidy(name)) for name in _named(survey)})
    missing = [name for name, found in columns.found.items() if found is None and tidy(name) not in optional]
    if missing:
        problems.add(
            f"{path}: column(s) {missing} named in the config's 'surveys' section are not in this export's header"
            f"{did_you_mean(tidy(missing[0]), list(headers))}. If a name is misspelt, correct it in the config; if "
            "some exports lack the column, list it in optional_columns, or give this export a mapping of its own "
            "(ingest.surveys as a list of mappings, each naming its exports in 'files')."
        )
    known = {tidy(name) for name in columns.found}
    unknown = [header for header in headers if header not in known]
    if unknown:
        problems.add(
            f"{path}: column(s) {unknown} are not mapped. Name each one in the config's 'surveys' section as a "
            "text, rating (likert) or dropped column, so nothing is analysed or lost by accident."
        )
    return columns


def settle_dates(values: Sequence[str], formats: Sequence[str], path: Path, problems: Problems) -> list[str | None]:
    """Each row's date (ISO), read by the formats that read it; ambiguous ones settled by the export's
    unambiguous dates (see the module's docstring). A date no format reads, or none settles, is a problem
    and None."""
    readings: list[dict[str, str]] = []
    evidence: dict[int, str] = {}  # the one format that reads a date (03/13 is month first; 03/03 is no evidence)
    for index, value in enumerate(values):
        found: dict[str, str] = {}
        parsed = []
        for fmt in formats:
            try:
                found.setdefault(dt.datetime.strptime(tidy(value), fmt).date().isoformat(), fmt)
                parsed.append(fmt)
            except ValueError:
                continue
        readings.append(found)
        if len(parsed) == 1:
            evidence[index] = parsed[0]
    plain = evidence
    used = sorted(set(plain.values()), key=list(formats).index)
    order = sorted(plain)
    dates: list[str | None] = []
    settled_by: dict[str, int] = {}
    for index, (value, found) in enumerate(zip(values, readings)):
        line = index + 2
        if not found:
            problems.add(
                f"{path}, row {line}: date {value!r} matches no format in ingest.surveys.date_format "
                f"({', '.join(map(repr, formats))}). Correct the cell, or add its format to the list.",
                kind=f"{path}: a date that matches no format in ingest.surveys.date_format",
                where=f"row {line} ({tidy(value)})",
            )
            dates.append(None)
            continue
        if len(found) == 1:
            dates.append(next(iter(found)))
            continue
        fmt = _settling_format(index, found, plain, order, used)
        if fmt is None:
            readings_text = "; ".join(f"{date} by {f!r}" for date, f in found.items())
            why = (
                "no date in this export is unambiguous, so nothing settles it: give this export's mapping the one "
                "date_format it uses"
                if not used
                else "the export's other dates do not settle it (they follow both formats around this row). Give "
                "the date unambiguously in the export (e.g. 2025-03-04)"
            )
            problems.add(
                f"{path}, row {line}: date {value!r} is ambiguous: it reads as {readings_text}, and {why}.",
                kind=f"{path}: an ambiguous date that the export's other dates do not settle",
                where=f"row {line} ({tidy(value)})",
            )
            dates.append(None)
            continue
        settled_by[fmt] = settled_by.get(fmt, 0) + 1
        dates.append(next(date for date, f in found.items() if f == fmt))
    if settled_by:
        counts = {fmt: sum(1 for f in plain.values() if f == fmt) for fmt in used}
        log.info(
            "%s: %s; %s",
            path,
            ", ".join(f"{n} date(s) unambiguous by {fmt!r}" for fmt, n in counts.items()),
            ", ".join(f"{n} ambiguous date(s) read by {fmt!r}" for fmt, n in settled_by.items()),
        )
    return dates


def _settling_format(
    index: int, found: Mapping[str, str], plain: Mapping[int, str], order: Sequence[int], used: Sequence[str]
) -> str | None:
    """The format that settles an ambiguous date: the only one the export's unambiguous dates follow, or
    the one the nearest unambiguous dates before and after it (``order``: their rows, sorted) agree on."""
    import bisect

    candidates = set(found.values())
    if len(used) == 1:
        return used[0] if used[0] in candidates else None
    at = bisect.bisect_left(order, index)
    neighbours = ([order[at - 1]] if at > 0 else []) + ([order[at]] if at < len(order) else [])
    around = {plain[i] for i in neighbours}
    if len(around) == 1 and next(iter(around)) in candidates:
        return next(iter(around))
    return None
