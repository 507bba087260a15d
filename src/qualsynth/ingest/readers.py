"""Read every raw source format into units: speaker turns, log entries or survey answers.

Each reader returns :class:`Unit` objects carrying the raw speaker label (sensitive: it is only
used to attribute the unit and is never written out) and where in the file the unit came from.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from qualsynth.config import did_you_mean
from qualsynth.errors import InputError, Problems
from qualsynth.ingest.segment import Turn, parse_transcript

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LOG_ENTRY = re.compile(r"^#{2,3}\s+(?P<heading>.+?)\s*$")
TEXT_SUFFIXES = {".txt", ".md"}
# Breaks that spreadsheets and word processors leave inside text: Excel's line break within a cell
# (U+000B), form feeds, the information separators, NEL and Unicode's line and paragraph separators.
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
# Any other control character is not in text: the file is binary, or in an encoding not recognised.
_BINARY = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unit:
    """One raw unit of speech or writing, and where it came from."""

    ref: str
    label: str
    text: str
    place: str | None = None
    date: str | None = None
    role: str | None = None
    respondent: str | None = None


@dataclass
class Source:
    """What a source file holds: its units, any survey rows, and Likert answers."""

    units: list[Unit]
    survey_rows: int = 0
    empty_rows: list[str] = field(default_factory=list)
    likert: list[dict[str, Any]] = field(default_factory=list)


def read_text(path: Path) -> str:
    """Decode a text file as NFC with Unix line endings, breaks inside lines read as spaces.

    UTF-8 first; then Windows-1252, which Excel and most survey platforms write on Windows and
    which detectors confuse with Mac Roman when smart quotes are the only non-ASCII bytes; then
    whatever charset-normalizer detects. Binary content is refused, naming its line and byte.
    """
    data = path.read_bytes()
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = _detect(data, path, exc)
    # The byte-order mark is no character of a UTF-8 text but counts in its bytes; in cp1252 it is text.
    bom = 3 if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8) else 0
    _refuse_binary(text, encoding, bom, path)
    text, breaks = _BREAKS.subn(" ", text)
    if breaks:
        log.info("%s: %d line break(s) inside a line or cell (such as Excel's) read as spaces", path, breaks)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _refuse_binary(text: str, encoding: str, bom: int, path: Path) -> None:
    bad = _BINARY.search(text)
    if bad:
        line = text[: bad.start()].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        try:
            where = f"byte {bom + len(text[: bad.start()].encode(encoding))}"
        except (LookupError, UnicodeEncodeError):
            where = f"character {bad.start()}"
        raise InputError(
            f"{path}, line {line}, {where}: binary content, not text (character U+{ord(bad.group(0)):04X}). "
            "If it is text, open it in a text editor and save it as UTF-8; otherwise remove its row from the register (documents.csv)."
        )


def _detect(data: bytes, path: Path, error: UnicodeDecodeError) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_16", "cp1250", "mac_roman"]).best()
    if best is None:
        raise InputError(
            f"{path}: byte {error.start} cannot be decoded as UTF-8 or any common encoding. "
            "Open the file and save it as UTF-8."
        )
    return str(best), best.encoding


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Separate a leading ``---`` YAML block; return it, the body and the body's first line number."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}, line 1: the header block between '---' lines is not valid YAML ({exc}).") from exc
    if not isinstance(meta, dict):
        raise InputError(f"{path}, line 1: the header block between '---' lines must hold 'key: value' lines.")
    return meta, text[match.end() :], match.group(0).count("\n") + 1


def read_transcript(path: Path) -> Source:
    """A ``.txt``/``.md`` transcript or notes with speaker labels, or a learning log with an author."""
    meta, body, first_line = split_front_matter(read_text(path), path)
    if not body.strip():
        raise InputError(f"{path}: the document is empty. Add its text, or remove it from the register.")
    if "author" in meta:
        return Source(_log_entries(body, first_line, str(meta["author"]), path))
    return Source([_from_turn(t) for t in parse_transcript(body, path, first_line)])


def _from_turn(turn: Turn, ref: str | None = None) -> Unit:
    return Unit(ref or f"line {turn.line}", turn.label, turn.text)


def _log_entries(body: str, first_line: int, author: str, path: Path) -> list[Unit]:
    """A learning log: each ``## heading`` starts an entry written by the log's author."""
    units: list[Unit] = []
    lines: list[str] = []
    start: int | None = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        heading = _LOG_ENTRY.match(line)
        if heading:
            if start is not None:
                units.append(Unit(f"line {start}", author, _join_paragraphs(lines)))
            start, lines = number, []
        elif start is None and line.strip():
            raise InputError(
                f"{path}, line {number}: learning-log text before the first dated heading. "
                "Start each entry with a heading such as '## 16 January 2023'."
            )
        else:
            lines.append(line)
    if start is not None:
        units.append(Unit(f"line {start}", author, _join_paragraphs(lines)))
    units = [u for u in units if u.text]
    if not units:
        raise InputError(f"{path}: the learning log has no entries. Add entries under '## date' headings.")
    return units


def _join_paragraphs(lines: Sequence[str]) -> str:
    return " ".join(" ".join(lines).split())


def read_docx(path: Path) -> Source:
    """A Word transcript: a Speaker/Text table, or one ``Name: text`` paragraph per turn."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{path}: not a readable .docx file ({type(exc).__name__}). Open it in Word and save it "
            "again as a Word document (.docx)."
        ) from exc
    for table in document.tables:
        header = [c.text.strip().casefold() for c in table.rows[0].cells]
        if "speaker" in header and "text" in header:
            speaker, text = header.index("speaker"), header.index("text")
            units = []
            for number, row in enumerate(table.rows[1:], start=2):
                cells = [c.text.strip() for c in row.cells]
                if cells[speaker] or cells[text]:
                    units.append(Unit(f"table row {number}", cells[speaker], " ".join(cells[text].split())))
            if units:
                return Source(units)
    paragraphs = [p.text for p in document.paragraphs]
    if not any(p.strip() for p in paragraphs):
        raise InputError(f"{path}: the document is empty. Add its text, or remove it from the register.")
    turns = parse_transcript("\n".join(paragraphs), path)
    return Source([_from_turn(t, f"paragraph {t.line}") for t in turns])


def read_vtt(path: Path) -> Source:
    """WebVTT captions: consecutive cues with the same ``<v Speaker>`` merge into one turn."""
    import webvtt

    try:
        captions = list(webvtt.read(str(path)))
    except Exception as exc:  # webvtt raises its own MalformedFileError and friends
        raise InputError(f"{path}: not a valid WebVTT file ({exc}). Export the captions again as .vtt.") from exc
    units: list[Unit] = []
    for number, caption in enumerate(captions, start=1):
        text = " ".join(caption.text.split())
        if not caption.voice:
            raise InputError(
                f"{path}, cue {number} ({caption.start}): no speaker voice tag. "
                "Label the cue as '<v Speaker Name>text'."
            )
        if units and units[-1].label == caption.voice:
            last = units[-1]
            units[-1] = Unit(last.ref, last.label, f"{last.text} {text}".strip())
        else:
            units.append(Unit(f"cue {number} ({caption.start})", caption.voice, text))
    if not units:
        raise InputError(f"{path}: the caption file has no cues.")
    return Source(units)


def read_survey(path: Path, survey: Mapping[str, Any], places: Sequence[str]) -> Source:
    """A survey export: each free-text answer is a unit; Likert answers go to their own table."""
    frame = _survey_frame(path)
    problems = Problems()
    problems.extend(_column_problems(frame, survey, path))
    if not _row_columns(survey) <= set(frame.columns):
        problems.raise_if_any()  # without the columns the rows are read by, the rows cannot be checked
    canonical = {_tidy(p).casefold(): p for p in places}
    scale = {_tidy(k).casefold(): int(v) for k, v in survey["likert_scale"].items()}
    role_map = {_tidy(k).casefold(): str(v) for k, v in survey["role_map"].items()}
    formats = [survey["date_format"]] if isinstance(survey["date_format"], str) else list(survey["date_format"])
    source = Source([], survey_rows=len(frame))
    for index, row in frame.iterrows():
        line = int(index) + 2
        where = f"{path}, row {line}"
        before = len(problems)
        place = canonical.get(_tidy(row[survey["place_column"]]).casefold())
        if place is None:
            problems.add(
                f"{where}: place {row[survey['place_column']]!r} is not a place in the register "
                f"({', '.join(places)}). Correct the cell or add the place to the register.",
                kind=f"{path}: place {_tidy(row[survey['place_column']])!r}",
                where=f"row {line}",
            )
        try:
            date = _survey_date(row[survey["date_column"]], formats, where)
        except InputError as exc:
            unread = "matches no format" in str(exc)
            problems.add(
                str(exc),
                kind=f"{path}: {'a date that matches no format in' if unread else 'an ambiguous date for'} "
                "ingest.surveys.date_format",
                where=f"row {line} ({_tidy(row[survey['date_column']])})",
            )
        role_text = _tidy(row[survey["role_column"]])
        role = role_map.get(role_text.casefold())
        if role is None:
            problems.add(
                f"{where}: role {role_text!r} is not in ingest.surveys.role_map in the config"
                f"{did_you_mean(role_text, list(survey['role_map']))}. Add it there.",
                kind=f"{path}: role {role_text!r} not in ingest.surveys.role_map",
                where=f"row {line}",
            )
        if len(problems) > before:
            continue  # this row's answers cannot be attributed; later rows are still checked
        # 48 bits: no collision to expect below millions of respondents.
        respondent = "S-" + hashlib.sha256(str(row[survey["respondent_column"]]).encode()).hexdigest()[:12]
        answered = False
        for column_number, column in enumerate(survey["text_columns"], start=1):
            if column not in frame.columns:
                continue  # named in the config but not in the file: a problem listed already
            text = _tidy(row[column])
            if text:
                answered = True
                source.units.append(
                    Unit(
                        f"row {line}, question {column_number}",
                        "",
                        text,
                        place=place,
                        date=date,
                        role=role,
                        respondent=respondent,
                    )
                )
        if not answered:
            source.empty_rows.append(f"row {line}")
        for item_number, column in enumerate(survey["likert_columns"], start=1):
            answer = _tidy(row[column]) if column in frame.columns else ""
            if not answer:
                continue
            if answer.casefold() not in scale:
                problems.add(
                    f"{where}, column {column!r}: answer {answer!r} is not on the Likert scale in the "
                    "config (surveys.likert_scale). Add it there or correct the cell.",
                    kind=f"{path}, column {column!r}: answer {answer!r} not on the Likert scale",
                    where=f"row {line}",
                )
                continue
            source.likert.append(
                {
                    "respondent": respondent,
                    "place": place,
                    "date": date,
                    "role": role,
                    "item": f"q{item_number}",
                    "question": column,
                    "answer": answer,
                    "value": scale[answer.casefold()],
                }
            )
    problems.raise_if_any()
    return source


def _survey_frame(path: Path) -> pd.DataFrame:
    import io

    try:
        return pd.read_csv(io.StringIO(read_text(path)), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError(f"{path}: malformed CSV ({exc}). Check quoting on that line, or export it again.") from exc


def _row_columns(survey: Mapping[str, Any]) -> set[str]:
    """The columns every row is attributed by: respondent, place, date and role."""
    return {survey[k] for k in ("respondent_column", "place_column", "date_column", "role_column")}


def _column_problems(frame: pd.DataFrame, survey: Mapping[str, Any], path: Path) -> list[str]:
    """Columns the config names that the file lacks, and columns of the file the config does not name."""
    named = [survey[k] for k in ("respondent_column", "place_column", "date_column", "role_column")]
    named += list(survey["text_columns"]) + list(survey["likert_columns"]) + list(survey.get("drop_columns", []))
    problems = []
    missing = [c for c in named if c not in frame.columns]
    if missing:
        problems.append(
            f"{path}: column(s) {missing} named in the config's 'surveys' section are not in the file's header"
            f"{did_you_mean(missing[0], list(frame.columns))}. Correct the name in the config."
        )
    unknown = [c for c in frame.columns if c not in named]
    if unknown:
        problems.append(
            f"{path}: column(s) {unknown} are not mapped. Name each one in the config's 'surveys' "
            "section as a text, Likert or dropped column, so nothing is analysed or lost by accident."
        )
    return problems


def _tidy(value: object) -> str:
    """A cell or config value as typed, without its non-breaking or repeated spaces."""
    return " ".join(str(value).split())


def _survey_date(value: str, formats: Sequence[str], where: str) -> str:
    """The date ``value`` gives in every format that reads it; two formats reading two dates is an error."""
    dates: dict[str, str] = {}
    for fmt in formats:
        try:
            dates.setdefault(dt.datetime.strptime(_tidy(value), fmt).date().isoformat(), fmt)
        except ValueError:
            continue
    if not dates:
        raise InputError(
            f"{where}: date {value!r} matches no format in ingest.surveys.date_format ({', '.join(map(repr, formats))}). "
            "Correct the cell, or add its format to the list."
        )
    if len(dates) > 1:
        readings = "; ".join(f"{date} by {fmt!r}" for date, fmt in dates.items())
        raise InputError(
            f"{where}: date {value!r} is ambiguous: it reads as {readings}. Give the date unambiguously in the "
            "export, or keep only the right one of these formats in ingest.surveys.date_format."
        )
    return next(iter(dates))


def read_source(path: Path, survey: Mapping[str, Any] | None, places: Sequence[str]) -> Source:
    """Read any supported source by its file type."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_transcript(path)
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".vtt":
        return read_vtt(path)
    if suffix == ".csv":
        if not survey:
            raise InputError(
                f"{path}: a survey export, but the config has no 'surveys' section describing its columns."
            )
        return read_survey(path, survey, places)
    raise InputError(
        f"{path}: files of type {suffix!r} are not supported. Convert it to .txt, .md, .docx, .vtt or .csv."
    )
