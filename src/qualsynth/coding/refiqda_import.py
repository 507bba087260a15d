"""Coding done in NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette or another tool, on the team's own
transcripts, brought in as human codes (rule ``import_qdpx``; checked by ``make check``).

* **Sources** are matched to the register's documents by name (the doc_id, the file's name with or
  without its extension, or the title), failing that by their text; a project exported by qualsynth
  (a coding sample) names its sources by unit.
* **Codes** map onto the codebook through the code map (:mod:`qualsynth.coding.code_map`).
* **Selections** count characters of the project's own copy of the source's text, as the standard says.
  That reading is checked (selections should start and end on word boundaries; a tool that counted line
  ends, UTF-16 units or bytes differently is read that way) and the copy is aligned word by word with
  this run's de-identified text, so that a transcript edited in the tool, a name the de-identification
  replaced, or speaker and time lines the run does not keep move no selection. A selection is placed on
  the passages it overlaps (the overlap covers at least ``min_overlap`` of the passage or of the
  selection), or reported with the reason: its words are not in this run's text, they lie on the research
  team's turns, or the project's positions cannot be trusted. Nothing is placed by guess.
* A table of coded excerpts has no positions: each excerpt is found by its words, where they occur
  exactly once in the document, or else where most of them are in order; an excerpt whose words occur more
  than once is reported.

The project itself is read by :mod:`qualsynth.coding.qda_project`.

Every passage of a matched source counts as read by each user who coded anything in it, so a passage
they left uncoded is a negative, as agreement and estimation need.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from qualsynth.coding.code_map import IGNORE, label_key
from qualsynth.coding.human_codes import anchor_for
from qualsynth.coding.qda_project import Project, ProjectSource, Selection
from qualsynth.coding.refiqda import AUTOMATIC, unit_spans
from qualsynth.coding.sheet import NO_THEME
from qualsynth.errors import InputError

REPORT_COLUMNS = ["source", "doc_id", "selection", "code", "theme_id", "user", "status", "reason", "passages"]
SOURCE_COLUMNS = ["source", "doc_id", "matched_by", "selections", "reading"]
PLACED, ALIGNED, NOT_PLACED = "placed", "placed by aligning its text", "not placed"
# A selection is placed when at least this share of its words are found in this run's text.
MIN_ALIGNED = 0.5
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def source_key(name: str) -> str:
    """A source's or document's name as they are matched: no file extension, words only, case ignored."""
    return label_key(re.sub(r"\.(txt|md|docx?|odt|rtf|pdf|vtt)$", "", name.strip(), flags=re.I))


def match_sources(
    project: Project, documents: pd.DataFrame, texts: Mapping[str, str], units: Iterable[str] = ()
) -> pd.DataFrame:
    """Each source's document: by name (doc_id, file name with or without extension, title), else by its
    text (most of its word triples in one document's text, and clearly more than in any other); a source
    named by a unit of this inquiry (a coding sample's project) is that unit. ``texts``: each document's
    text, the raw or the de-identified one."""
    names: dict[str, set[str]] = {}
    for doc in documents.itertuples(index=False):
        for candidate in (
            doc.doc_id,
            PurePosixPath(str(doc.path)).name,
            PurePosixPath(str(doc.path)).stem,
            getattr(doc, "title", ""),
        ):
            if candidate and str(candidate).strip():
                names.setdefault(source_key(str(candidate)), set()).add(doc.doc_id)
    unit_ids = set(units)
    shingles = {doc: _triples(text) for doc, text in texts.items()}
    rows = []
    for source in project.sources:
        doc_id, how = "", ""
        candidates = names.get(source_key(source.name), set())
        if source.name in unit_ids:
            doc_id, how = source.name, "unit"
        elif len(candidates) == 1:
            doc_id, how = next(iter(candidates)), "name"
        elif source.text:
            doc_id, how = _by_text(source.text, shingles)
        rows.append(
            {
                "source": source.name,
                "doc_id": doc_id,
                "matched_by": how,
                "selections": len(source.selections),
                "reading": "",
            }
        )
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def _triples(text: str) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return set(zip(words, words[1:], words[2:]))


def _by_text(text: str, shingles: Mapping[str, set[tuple[str, ...]]]) -> tuple[str, str]:
    mine = _triples(text)
    if not mine:
        return "", ""
    scores = sorted(((len(mine & theirs) / len(mine), doc) for doc, theirs in shingles.items()), reverse=True)
    if scores and scores[0][0] >= 0.5 and (len(scores) == 1 or scores[0][0] >= 2 * scores[1][0]):
        return scores[0][1], f"text ({scores[0][0]:.0%} of its word triples)"
    return "", ""


def position_reading(text: str, selections: Sequence[Selection]) -> tuple[str, Callable[[int], int] | None]:
    """How the project counted positions in ``text``, judged by where its selections start and end: the
    standard's characters, or characters with a line end as one, UTF-16 code units or UTF-8 bytes. The
    reading under which most selections fall on word boundaries is taken; None when none puts at least half
    of them there (the positions cannot be trusted)."""
    readings = {
        "characters": _identity,
        "characters, a line end as one": _line_ends_as_one(text),
        "UTF-16 code units": _units(text, lambda ch: 2 if ord(ch) > 0xFFFF else 1),
        "UTF-8 bytes": _units(text, lambda ch: len(ch.encode("utf-8"))),
    }
    if not selections:
        return "characters", _identity
    best, best_score = "characters", -1.0
    for name, convert in readings.items():
        score = sum(_on_boundaries(text, convert(s.start), convert(s.end)) for s in selections) / len(selections)
        if score > best_score + 1e-9:
            best, best_score = name, score
    return (best, readings[best]) if best_score >= 0.5 else (best, None)


def _identity(position: int) -> int:
    return position


def _line_ends_as_one(text: str) -> Callable[[int], int]:
    """Positions that count each CRLF as one character, as positions in ``text``."""
    import bisect

    # Where each CRLF is when every earlier one counts as one character.
    counted = [m.start() - k for k, m in enumerate(re.finditer("\r\n", text))]

    def convert(position: int) -> int:
        return position + bisect.bisect_left(counted, position)

    return convert


def _units(text: str, size: Callable[[str], int]) -> Callable[[int], int]:
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + size(ch))
    lookup = {unit: index for index, unit in enumerate(offsets)}

    def convert(position: int) -> int:
        return lookup.get(position, -1)

    return convert


def _on_boundaries(text: str, start: int, end: int) -> bool:
    if not (0 <= start < end <= len(text)):
        return False
    starts = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    ends = end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return starts and ends


@dataclass(frozen=True)
class Alignment:
    """Where the words of the project's copy of a text are in this run's text of the document."""

    theirs: list[tuple[int, int]]  # each word's span in their text
    ours: list[tuple[int, int]]  # each word's span in ours
    to_ours: dict[int, int]  # their word index → our word index, for the words found in both

    @classmethod
    def of(cls, theirs: str, ours: str) -> Alignment:
        a = [(m.start(), m.end(), m.group(0).casefold()) for m in _WORD.finditer(theirs)]
        b = [(m.start(), m.end(), m.group(0).casefold()) for m in _WORD.finditer(ours)]
        return cls(
            [(s, e) for s, e, _ in a], [(s, e) for s, e, _ in b], _word_pairs([w for *_, w in a], [w for *_, w in b])
        )

    def locate(self, start: int, end: int) -> tuple[int, int, float] | None:
        """The span in our text of the words of [start, end) in theirs that are found in ours, and the share
        found; None when none is (or the positions fall inside a character: -1)."""
        import bisect

        if start < 0 or end < 0:
            return None
        first = bisect.bisect_right(self.theirs, (start, start), key=lambda span: (span[1], span[1]))
        inside = list(itertools.takewhile(lambda i: self.theirs[i][0] < end, range(first, len(self.theirs))))
        found = [self.to_ours[i] for i in inside if i in self.to_ours]
        if not inside or not found:
            return None
        return self.ours[min(found)][0], self.ours[max(found)][1], len(found) / len(inside)


# Gaps between anchor blocks are aligned word by word when they are at most this big (words × words).
_GAP = 250_000


def _word_pairs(a: Sequence[str], b: Sequence[str]) -> dict[int, int]:
    """Which word of ``b`` each word of ``a`` is: anchor blocks found among the texts' less common words
    (difflib's heuristic, near-linear on long texts), then the gaps between them aligned word by word."""
    pairs: dict[int, int] = {}
    next_a = next_b = 0
    for block in difflib.SequenceMatcher(None, a, b, autojunk=True).get_matching_blocks():
        gap_a, gap_b = a[next_a : block.a], b[next_b : block.b]
        if gap_a and gap_b and len(gap_a) * len(gap_b) <= _GAP:
            for sub in difflib.SequenceMatcher(None, gap_a, gap_b, autojunk=False).get_matching_blocks():
                pairs.update((next_a + sub.a + k, next_b + sub.b + k) for k in range(sub.size))
        pairs.update((block.a + k, block.b + k) for k in range(block.size))
        next_a, next_b = block.a + block.size, block.b + block.size
    return pairs


@dataclass
class Imported:
    """The human codes a project gives (``doc_id, anchor, coder, theme_id, segment_id``), what became of
    every selection's coding (``report``, no text in it) and how each source was matched (``sources``)."""

    codes: pd.DataFrame
    report: pd.DataFrame
    sources: pd.DataFrame

    def summary(self) -> dict[str, int]:
        counts = self.report["status"].value_counts()
        return {
            "codings": len(self.report),
            "placed": int(counts.get(PLACED, 0)),
            "aligned": int(counts.get(ALIGNED, 0)),
            "not_placed": int(counts.get(NOT_PLACED, 0)),
            "sources": len(self.sources),
            "sources_matched": int((self.sources["doc_id"] != "").sum()),
        }


def import_project(
    project: Project,
    documents: pd.DataFrame,
    segments: pd.DataFrame,
    texts: Mapping[str, str],
    code_map: Mapping[str, str],
    min_overlap: float = 0.5,
    skip_users: tuple[str, ...] = (AUTOMATIC,),
) -> Imported:
    """Place every coding of ``project`` on this run's passages, or report why it is not placed. Users whose
    names start with one of ``skip_users`` (qualsynth's own automatic coders) are left out."""
    said = segments[segments["is_participant"]]
    spans = unit_spans(said, texts)
    units = set(said["unit_id"]) - set(said["doc_id"])
    sources = match_sources(project, documents, texts, units)
    rows: list[dict[str, str]] = []
    report: list[dict[str, str]] = []
    for source, match in zip(project.sources, sources.itertuples(index=False)):
        base = {"source": source.name, "doc_id": match.doc_id}
        if not match.doc_id:
            report += _each_coding(
                source,
                base,
                NOT_PLACED,
                "the source matches no document of the register by name or text",
                code_map,
                project,
            )
            continue
        if match.matched_by == "unit":
            doc_id, offset, end = spans[match.doc_id]
            ours, passages = texts[doc_id][offset:end], said[said["unit_id"] == match.doc_id]
        else:
            doc_id, offset, ours = match.doc_id, 0, texts.get(match.doc_id, "")
            passages = said[said["doc_id"] == doc_id]
        base["doc_id"] = doc_id
        locate = _locator(source, ours, sources)
        if isinstance(locate, str):
            report += _each_coding(source, base, NOT_PLACED, locate, code_map, project)
            continue
        read_by: set[str] = set()
        for selection in source.selections:
            where = locate(selection)
            for user, code in selection.codings:
                if skip_users and user.startswith(skip_users):
                    continue
                path = project.codes.get(code, code)
                theme = code_map.get(path, "")
                entry = {**base, "selection": selection.guid, "code": path, "theme_id": theme, "user": user}
                if not code:
                    report.append({**entry, "status": NOT_PLACED, "reason": "it names no code", "passages": ""})
                    continue
                if theme == "":
                    raise InputError(
                        f"code {path!r} of the project is not in the code map. Run make check, which lists what the map lacks."
                    )
                if isinstance(where, str) or where is None or where[2] < MIN_ALIGNED:
                    reason = where if isinstance(where, str) else _unfound(where)
                    report.append({**entry, "status": NOT_PLACED, "reason": reason, "passages": ""})
                    continue
                start, end, share = where
                hit = [s for s, _ in _overlapping(passages, start + offset, end + offset, min_overlap)]
                if not hit:
                    report.append(
                        {
                            **entry,
                            "status": NOT_PLACED,
                            "reason": "its words lie on the research team's turns, "
                            "or too little of it on any participant's passage",
                            "passages": "",
                        }
                    )
                    continue
                read_by.add(user)
                report.append(
                    {**entry, "status": PLACED if share == 1 else ALIGNED, "reason": "", "passages": ";".join(hit)}
                )
                if theme not in (IGNORE, NO_THEME):
                    rows += [{"doc_id": doc_id, "segment_id": s, "coder": user, "theme_id": theme} for s in hit]
        for user in sorted(read_by):
            rows += [{"doc_id": doc_id, "segment_id": s, "coder": user, "theme_id": ""} for s in passages["segment_id"]]
    return Imported(_codes_table(rows, said), pd.DataFrame(report, columns=REPORT_COLUMNS), sources)


Where = tuple[int, int, float] | str | None


def _locator(source: ProjectSource, ours: str, sources: pd.DataFrame) -> Callable[[Selection], Where] | str:
    """How each selection of ``source`` is found in ``ours``: by its text (a table of coded excerpts), or by
    its positions, read as the project counted them and aligned; a reason when it cannot be."""
    if source.excerpts:
        words = Excerpts(ours)
        sources.loc[sources["source"] == source.name, "reading"] = "excerpt text"
        return lambda selection: words.find(selection.text or "")
    if source.text is None:
        return "the project holds no copy of the source's text to read its positions by"
    reading, convert = position_reading(source.text, source.selections)
    sources.loc[sources["source"] == source.name, "reading"] = reading if convert else "untrusted"
    if convert is None:
        return (
            "its positions fall inside words under every reading tried (characters, line ends, UTF-16 units, "
            "bytes), so they cannot be trusted; export the project again"
        )
    alignment = Alignment.of(source.text, ours)
    return lambda selection: alignment.locate(convert(selection.start), convert(selection.end))


class Excerpts:
    """Where a coded excerpt's words are in a document's text: exactly once, or, failing that, where most of
    them are in order (names the de-identification replaced, a transcript corrected since)."""

    def __init__(self, text: str) -> None:
        self.spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.words = [m.group(0).casefold() for m in _WORD.finditer(text)]
        self.at: dict[str, list[int]] = {}
        for index, word in enumerate(self.words):
            self.at.setdefault(word, []).append(index)
        self.matcher = difflib.SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(self.words)  # the document's index is built once, not for every excerpt

    def find(self, excerpt: str) -> Where:
        wanted = [w.casefold() for w in _WORD.findall(excerpt)]
        if not wanted:
            return "the excerpt holds no words"
        n = len(wanted)
        exact = [i for i in self.at.get(wanted[0], []) if self.words[i : i + n] == wanted]
        if len(exact) == 1:
            return self.spans[exact[0]][0], self.spans[exact[0] + n - 1][1], 1.0
        if len(exact) > 1:
            return f"its words occur {len(exact)} times in the document, and a table of excerpts gives no position"
        self.matcher.set_seq1(wanted)
        blocks = [b for b in self.matcher.get_matching_blocks() if b.size]
        if not blocks:
            return None
        found = sum(b.size for b in blocks)
        first, last = blocks[0].b, blocks[-1].b + blocks[-1].size - 1
        if last - first + 1 > 2 * n + 5:
            return f"only scattered words of it are in this run's text of the document ({found} of {n})"
        return self.spans[first][0], self.spans[last][1], found / n


def _unfound(where: tuple[int, int, float] | None) -> str:
    if where is None:
        return "none of its words are in this run's text of the document (a withdrawn speaker's turn, a speaker or time line, or text edited away)"
    return f"only {where[2]:.0%} of its words are in this run's text of the document (edited since it was coded?)"


def _each_coding(
    source: ProjectSource, base: dict[str, str], status: str, reason: str, code_map: Mapping[str, str], project: Project
) -> list[dict[str, str]]:
    return [
        {
            **base,
            "selection": s.guid,
            "code": project.codes.get(c, c),
            "theme_id": code_map.get(project.codes.get(c, c), ""),
            "user": u,
            "status": status,
            "reason": reason,
            "passages": "",
        }
        for s in source.selections
        for u, c in s.codings
        if not u.startswith(AUTOMATIC)
    ]


def _codes_table(rows: list[dict[str, str]], said: pd.DataFrame) -> pd.DataFrame:
    """Positive codes, and a negative for each passage a coder read and left uncoded."""
    found = pd.DataFrame(rows, columns=["doc_id", "segment_id", "coder", "theme_id"])
    positives = found[found["theme_id"] != ""]
    coded = set(zip(positives["segment_id"], positives["coder"]))
    uncoded = pd.Series(
        [k not in coded for k in zip(found["segment_id"], found["coder"])], index=found.index, dtype=bool
    )
    negatives = found[(found["theme_id"] == "") & uncoded]
    table = pd.concat([positives, negatives]).drop_duplicates()
    text_of = said.set_index("segment_id")["text"]
    table = table.assign(anchor=[anchor_for(text_of[s]) for s in table["segment_id"]])
    return table.sort_values(["doc_id", "segment_id", "coder", "theme_id"])[
        ["doc_id", "anchor", "coder", "theme_id", "segment_id"]
    ].reset_index(drop=True)


def _overlapping(segments: pd.DataFrame, start: int, end: int, min_overlap: float):
    """Passages a selection covers enough of, or that hold enough of the selection."""
    for segment in segments.itertuples():
        overlap = min(end, segment.end) - max(start, segment.start)
        if overlap <= 0:
            continue
        if overlap / max(segment.end - segment.start, 1) >= min_overlap or overlap / max(end - start, 1) >= min_overlap:
            yield segment.segment_id, segment.text
