"""Read every raw source format into units: speaker turns, log entries or survey answers.

Each reader returns :class:`Unit` objects carrying the raw speaker label (sensitive: it is only
used to attribute the unit and is never written out) and where in the file the unit came from.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qualsynth.errors import InputError
from qualsynth.ingest.deidentify import normalise_label
from qualsynth.ingest.layouts import (
    PREAMBLE_LINES,
    PREAMBLE_WORDS,
    UNLABELLED,
    Hints,
    Transcript,
    classify,
    is_time,
    parse_transcript,
    without_time,
)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LOG_ENTRY = re.compile(r"^#{2,3}\s+(?P<heading>.+?)\s*$")
TEXT_SUFFIXES = {".txt", ".md"}
# Header keys that name the research team member whose notes these are.
NARRATORS = {"observer", "facilitator", "note_taker", "notetaker", "note-taker", "recorder", "interviewer"}
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
    set_apart: list[tuple[str, str]] = field(default_factory=list)  # (ref, reason): lines that are no unit
    layout: str = ""
    empty_rows: list[str] = field(default_factory=list)
    placeholders: int = 0  # survey answers that are a platform's placeholder for no answer
    likert: list[dict[str, Any]] = field(default_factory=list)


def read_text(path: Path) -> str:
    """Decode a text file as NFC with Unix line endings, breaks inside lines read as spaces.

    UTF-8 first; then Windows-1252, which Excel and most survey platforms write on Windows and
    which detectors confuse with Mac Roman when smart quotes are the only non-ASCII bytes; then
    whatever charset-normalizer detects. Binary content is refused, naming its line and byte.
    """
    data = path.read_bytes()
    utf16 = _utf16(data)
    if utf16:
        text, encoding = _decode_utf16(data, utf16, path)
    elif b"\x00" in data:  # no text encoding but UTF-16 and UTF-32 has a zero byte
        at = data.index(b"\x00")
        line = data[:at].count(b"\n") + 1
        raise InputError(
            f"{path}, line {line}, byte {at}: binary content, not text (a zero byte). "
            "If it is text, open it in a text editor and save it as UTF-8; otherwise remove its row from the register (documents.csv)."
        )
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = _detect(data, path, exc)
    # A byte-order mark is no character of the text but counts in its bytes; in cp1252 it is text.
    bom = {"utf-8": 3 if data.startswith(codecs.BOM_UTF8) else 0, "utf-16-le": 2, "utf-16-be": 2}.get(encoding, 0)
    if encoding != "utf-8" and encoding != "cp1252":
        log.info("%s: read as %s", path, encoding.upper())
    _refuse_binary(text, encoding, bom, path)
    text, breaks = _BREAKS.subn(" ", text)
    if breaks:
        log.info("%s: %d line break(s) inside a line or cell (such as Excel's) read as spaces", path, breaks)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _utf16(data: bytes) -> str | None:
    """UTF-16 as Windows saves "Unicode" text: a byte-order mark, or (without one) a NUL byte beside
    most ASCII characters of the first lines."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    head = data[:400]
    if len(head) >= 20 and len(head) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.7 * len(head) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.7 * len(head) / 2 and odd == 0:
            return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, path: Path) -> tuple[str, str]:
    body = data[2:] if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else data
    try:
        return body.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: byte {exc.start + len(data) - len(body)} cannot be decoded as {encoding.upper()}, the encoding "
            "its first bytes announce. Open the file and save it as UTF-8."
        ) from None


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


def read_transcript(path: Path, hints: Hints | None = None) -> Source:
    """A ``.txt``/``.md`` transcript or notes with speaker labels, or a learning log with an author."""
    meta, body, first_line = split_front_matter(read_text(path), path)
    if not body.strip():
        raise InputError(f"{path}: the document is empty. Add its text, or remove it from the register.")
    if "author" in meta:
        return Source(_log_entries(body, first_line, str(meta["author"]), path), layout="learning_log")
    if NARRATORS & {str(k).casefold() for k in meta}:
        hints = dataclasses.replace(hints or Hints(), narrator=True)
    return _from_transcript(parse_transcript(body, path, first_line, hints), "line")


def _from_transcript(transcript: Transcript, unit: str) -> Source:
    """The turns of a transcript as units, referred to by their ``unit`` ("line", "paragraph")."""
    return Source(
        [Unit(f"{unit} {t.line}", t.label, t.text) for t in transcript.turns],
        set_apart=[(f"{unit} {n}", "title") for n in transcript.preamble]
        + [(f"{unit} {n}", "tool_notice") for n in transcript.notices],
        layout=transcript.layout,
    )


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


def read_docx(path: Path, hints: Hints | None = None) -> Source:
    """A Word transcript: a table of speakers and their words, or paragraphs in any layout
    :mod:`qualsynth.ingest.layouts` reads (a speaker name in bold counts as a label)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{path}: not a readable .docx file ({type(exc).__name__}). Open it in Word and save it "
            "again as a Word document (.docx)."
        ) from exc
    from docx.table import Table

    blocks: list[tuple[str, Any]] = []  # in the document's order: turns from a table, or a line of text
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            rows = [[" ".join(c.text.split()) for c in row.cells] for row in block.rows]
            turns = _table_turns(rows, tables)
            blocks += (
                [("turns", turns)] if turns else [("text", " ".join(cell for cell in row if cell)) for row in rows]
            )
        else:
            blocks.append(("text", _with_bold_label(block)))
    if any(kind == "turns" for kind, _ in blocks):
        return _table_transcript(blocks, path)
    paragraphs = [(n, text) for n, (_, text) in enumerate(blocks, start=1)]
    if not any(text.strip() for _, text in paragraphs):
        raise InputError(f"{path}: the document is empty. Add its text, or remove it from the register.")
    return _from_transcript(parse_transcript(paragraphs, path, hints=hints), "paragraph")


def _table_transcript(blocks: Sequence[tuple[str, Any]], path: Path) -> Source:
    """A Word transcript kept in tables of turns: every table's turns in order, a few title lines before the
    first one set apart; any other text is refused, so that nothing outside the tables is lost unread."""
    first = next(i for i, (kind, _) in enumerate(blocks) if kind == "turns")
    title = [(n, text) for n, (kind, text) in enumerate(blocks[:first], start=1) if text.strip()]
    stray = [n for n, (kind, text) in enumerate(blocks, start=1) if n > first and kind == "text" and text.strip()]
    too_long = len(title) > PREAMBLE_LINES or any(len(text.split()) > PREAMBLE_WORDS for _, text in title)
    if stray or too_long:
        where = stray[0] if stray else title[0][0]
        raise InputError(
            f"{path}, paragraph {where}: text outside the document's table of turns "
            f"({len(stray) + (len(title) if too_long else 0)} paragraph(s)). Put the whole transcript in the "
            "table (a speaker column and a text column), or take the table out and label each turn 'Name: text'."
        )
    units = [unit for kind, turns in blocks if kind == "turns" for unit in turns]
    return Source(units, set_apart=[(f"paragraph {n}", "title") for n, _ in title], layout="table")


def _with_bold_label(paragraph: Any) -> str:
    """A paragraph's text, a speaker's name in bold at its start marked ``**…**``: a bold run ending in a colon
    ("**Interviewer:** How …", or a paragraph all in bold, "Interviewer: How did it go?"), or a short bold
    paragraph of a name alone. Any other bold (a question set in bold, an emphasis) is left as text."""
    text = paragraph.text
    bold = ""
    for run in (r for r in paragraph.runs if r.text):
        if not run.bold:
            break
        bold += run.text
    if not bold.strip() or not text.startswith(bold):
        return text
    colon = bold.find(":")
    if 0 < colon and len(bold[:colon].split()) <= 5:
        return f"**{bold[: colon + 1].strip()}**{text[colon + 1 :]}"
    if bold == text and len(bold.split()) <= 5 and not re.search(r"[.?!,;]\s*$", bold.strip()):
        return f"**{bold.strip()}**"
    return text


_SPEAKER_HEADERS = {"speaker", "name", "who", "participant", "person", "sprecher"}
_TEXT_HEADERS = {"text", "transcript", "transcription", "what was said", "content", "utterance", "said", "response"}


def _table_turns(rows: Sequence[Sequence[str]], table: int = 1) -> list[Unit]:
    """Turns from a table whose columns are the speaker and their words (and perhaps the time): found by
    the header's names, or, without a header, as (speaker, text) or (time, speaker, text) whose speaker
    cells are short, as names are (a table of dates and places is no transcript)."""
    if not rows or len(rows[0]) < 2:
        return []
    header = [cell.casefold().rstrip(":") for cell in rows[0]]
    speaker = next((i for i, h in enumerate(header) if h in _SPEAKER_HEADERS), None)
    text = next((i for i, h in enumerate(header) if h in _TEXT_HEADERS), None)
    body = list(enumerate(rows[1:], start=2))
    if speaker is None or text is None:
        width = len(rows[0])
        timed = width == 3 and all(is_time(r[0]) for r in rows if any(r))
        if width == 2 or timed:
            speaker, text = (1, 2) if timed else (0, 1)
            body = list(enumerate(rows, start=1))
            names = [r[speaker] for r in rows if r[speaker]]
            if len(set(names)) == len(names) or len(set(names)) > max(2, len(names) // 2):
                return []  # no speaker speaks twice, or most rows a new one: a table of facts, not of turns
        else:
            return []
    units: list[Unit] = []
    for number, cells in body:
        who, said = without_time(cells[speaker]).rstrip(":").strip(), cells[text]
        if not (who or said):
            continue
        if units and (not who or normalise_label(who) == normalise_label(units[-1].label)):
            last = units[-1]
            units[-1] = Unit(last.ref, last.label, f"{last.text} {said}".strip())
        else:
            units.append(Unit(f"table {table}, row {number}" if table > 1 else f"table row {number}", who, said))
    return units if any(u.label for u in units) else []


def read_odt(path: Path, hints: Hints | None = None) -> Source:
    """An OpenDocument text (LibreOffice, Google Docs): its paragraphs and headings, in any layout
    :mod:`qualsynth.ingest.layouts` reads."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as archive:
            root = ET.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as exc:
        raise InputError(
            f"{path}: not a readable OpenDocument text ({type(exc).__name__}). Open it in LibreOffice or Word "
            "and save it again as .odt or .docx."
        ) from exc
    paragraphs = [(n, _odt_text(p)) for n, p in enumerate(_odt_paragraphs(root), start=1)]
    if not any(text.strip() for _, text in paragraphs):
        raise InputError(f"{path}: the document is empty. Add its text, or remove it from the register.")
    return _from_transcript(parse_transcript(paragraphs, path, hints=hints), "paragraph")


_ODT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _odt_paragraphs(root: Any) -> list[Any]:
    """Every paragraph and heading, in document order, not those nested in another (notes, frames)."""
    found: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            if child.tag in (f"{_ODT}p", f"{_ODT}h"):
                found.append(child)
            elif child.tag not in (f"{_ODT}note", f"{_ODT}tracked-changes"):
                walk(child)

    walk(root)
    return found


def _odt_text(element: Any) -> str:
    """A paragraph's text: ``text:s`` as spaces, tabs and line breaks as spaces, notes left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_ODT}s":
            parts.append(" " * int(child.get(f"{_ODT}c", "1")))
        elif child.tag in (f"{_ODT}tab", f"{_ODT}line-break"):
            parts.append(" ")
        elif child.tag != f"{_ODT}note":
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_ZOOM_NAME = re.compile(r"^([^:\s][^:]{0,39}?):\s+(\S.*)$")


def read_vtt(path: Path, hints: Hints | None = None) -> Source:
    """WebVTT captions (Teams, Zoom): a cue's speaker is its ``<v Speaker>`` voice tag or a ``Name:``
    label at its start; a cue with neither continues the speaker before it, and consecutive cues of one
    speaker merge into one turn."""
    import webvtt

    try:
        captions = list(webvtt.from_string(read_text(path)))
    except Exception as exc:  # webvtt raises its own MalformedFileError and friends
        raise InputError(f"{path}: not a valid WebVTT file ({exc}). Export the captions again as .vtt.") from exc
    if not captions:
        raise InputError(f"{path}: the caption file holds no cues. Export the transcript again as .vtt.")
    units: list[Unit] = []
    unnamed: list[str] = []  # cues before the first speaker's name: set apart, not lost
    # Zoom names a cue's speaker as the meeting shows them, device names too ("Gwen's iPad: …"): a short prefix
    # before a colon that starts two cues or more is a speaker's name, whatever its shape.
    prefixes = [_ZOOM_NAME.match(" ".join(c.text.split())) for c in captions]
    repeated = {m[1] for m in prefixes if m and sum(1 for n in prefixes if n and n[1] == m[1]) > 1}
    for number, caption in enumerate(captions, start=1):
        text = " ".join(caption.text.split())
        label = caption.voice
        zoom = prefixes[number - 1]
        if not label and zoom and zoom[1] in repeated:
            label, text = zoom[1], zoom[2]
        elif not label:
            kind, found, said = classify(text)
            label, text = (found, said) if kind == "labelled" else (None, text)
        if label is None and not units:
            if hints and hints.participant:
                label = UNLABELLED
            else:
                unnamed.append(f"cue {number} ({caption.start})")
                continue
        if label is None or (units and normalise_label(units[-1].label) == normalise_label(label)):
            last = units[-1]
            units[-1] = Unit(last.ref, last.label, f"{last.text} {text}".strip())
        else:
            units.append(Unit(f"cue {number} ({caption.start})", label, text))
    if not units:
        raise InputError(
            f"{path}: none of its {len(captions)} cue(s) names a speaker. Tried: '<v Name>' voice tags (Teams) and "
            "'Name: text' at the start of a cue (Zoom). Export the transcript with speaker names, or, if it is one "
            "participant's, name them in the register's 'participant' column."
        )
    return Source(units, set_apart=[(ref, "no_speaker") for ref in unnamed], layout="captions")
