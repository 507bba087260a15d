"""Coding done in NVivo, ATLAS.ti, MAXQDA, QualCoder or another REFI-QDA tool, on the team's own
transcripts, brought in as human codes (rule ``import_qdpx``; checked by ``make check``).

* **Sources** are matched to the register's documents by name (the doc_id, the file's name with or
  without its extension, or the title), failing that by their text; a project exported by qualsynth
  (a coding sample) names its sources by unit.
* **Codes** map onto the codebook through a code map the user can edit (``coding.qdpx_code_map``, a CSV
  of ``code`` paths and ``theme_id``s, ``ignore`` for a code that is no theme). ``make check`` writes a
  draft: a code named like a theme (its id or label, or a label with the same words) takes it, a child
  code takes its parent's theme, and the rest are left for the user to decide.
* **Selections** count characters of the project's own copy of the source's text, as the standard says.
  That reading is checked (selections should start and end on word boundaries; a tool that counted line
  ends, UTF-16 units or bytes differently is read that way) and the copy is aligned word by word with
  this run's de-identified text, so that a transcript edited in the tool, a name the de-identification
  replaced, or speaker and time lines the run does not keep move no selection. A selection is placed on
  the passages it overlaps (the overlap covers at least ``min_overlap`` of the passage or of the
  selection), or reported with the reason: its words are not in this run's text, they lie on the research
  team's turns, or the project's positions cannot be trusted. Nothing is placed by guess.

Every passage of a matched source counts as read by each user who coded anything in it, so a passage
they left uncoded is a negative, as agreement and estimation need.
"""

from __future__ import annotations

import difflib
import itertools
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.coding.human_codes import anchor_for
from qualsynth.coding.refiqda import AUTOMATIC, NO_THEME_LABEL, _q, unit_spans
from qualsynth.coding.sheet import NO_THEME
from qualsynth.errors import InputError, Problems

IGNORE = "ignore"
CODE_MAP_COLUMNS = ["code", "theme_id", "matched_by", "codings"]
REPORT_COLUMNS = ["source", "doc_id", "selection", "code", "theme_id", "user", "status", "reason", "passages"]
SOURCE_COLUMNS = ["source", "doc_id", "matched_by", "selections", "reading"]
PLACED, ALIGNED, NOT_PLACED = "placed", "placed by aligning its text", "not placed"
SEPARATOR = " > "
# A selection is placed when at least this share of its words are found in this run's text.
MIN_ALIGNED = 0.5
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Selection:
    """A coded stretch of a source: its positions as the project gives them (or, from a table of coded
    excerpts, its text) and its codings (user, code)."""

    guid: str
    start: int
    end: int
    codings: tuple[tuple[str, str], ...]
    text: str | None = None


@dataclass(frozen=True)
class ProjectSource:
    """A text source: its name, the project's own copy of its text (None when the project holds none)."""

    guid: str
    name: str
    text: str | None
    selections: tuple[Selection, ...]
    excerpts: bool = False  # selections found by their text, not by positions


@dataclass
class Project:
    """What a .qdpx holds that the import reads: users, the code tree (each code's path) and text sources."""

    name: str
    origin: str
    users: dict[str, str]
    codes: dict[str, str]  # guid → path ("Parent > Child")
    descriptions: dict[str, str]
    sources: list[ProjectSource] = field(default_factory=list)

    def codings_per_code(self) -> dict[str, int]:
        counts = {guid: 0 for guid in self.codes}
        for source in self.sources:
            for selection in source.selections:
                for _, code in selection.codings:
                    counts[code] = counts.get(code, 0) + 1
        return counts

    def coders(self) -> list[str]:
        """The users who coded anything, qualsynth's own automatic coders aside."""
        found = {user for s in self.sources for sel in s.selections for user, _ in sel.codings}
        return sorted(u for u in found if not u.startswith(AUTOMATIC))


def read_project(path: Path, coder: str = "A") -> Project:
    """The project in a .qdpx archive, with each source's copy of its text (the ``Sources/`` folder is
    found whatever its case); or a table of coded excerpts (.csv or .xlsx, see :func:`read_excerpts`),
    coded by ``coder`` where it names no coder."""
    if Path(path).suffix.lower() in (".csv", ".xlsx"):
        return read_excerpts(Path(path), coder)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"{path}: not a .qdpx file ({exc}). Export the project from your QDA tool as REFI-QDA (.qdpx)."
        ) from None
    with archive:
        members = {name.casefold(): name for name in archive.namelist()}
        qde = [name for name in archive.namelist() if name.casefold().endswith(".qde")]
        if not qde:
            raise InputError(f"{path}: no .qde project file inside. Export the project as REFI-QDA (.qdpx).")
        try:
            root = ET.fromstring(archive.read(qde[0]))
        except ET.ParseError as exc:
            raise InputError(f"{path}: {qde[0]} is not valid XML ({exc}). Export the project again.") from None
        users = {u.get("guid", ""): u.get("name") or u.get("id") or u.get("guid", "") for u in root.iter(_q("User"))}
        codes: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        codebook = root.find(_q("CodeBook"))
        _walk_codes(codebook.find(_q("Codes")) if codebook is not None else None, (), codes, descriptions)
        sources = [_source(element, archive, members, users) for element in root.iter(_q("TextSource"))]
    return Project(root.get("name", ""), root.get("origin", ""), users, codes, descriptions, sources)


EXCERPT_COLUMNS = {
    "document": ("document", "document name", "source", "source name", "file", "doc", "transcript"),
    "code": ("tag", "tags", "code", "codes", "code name", "theme"),
    "text": ("content", "excerpt", "excerpt text", "text", "quote", "quotation", "highlight", "coded text", "segment"),
    "coder": ("coder", "user", "author", "created by", "creator"),
}


def read_excerpts(path: Path, coder: str) -> Project:
    """A table of coded excerpts, as Taguette's highlights export and other tools' excerpt reports give them: a
    row per excerpt and code, naming the document, the code and the excerpt's text (and perhaps the coder; else
    ``coder``). Its excerpts are found in the documents by their text."""
    from qualsynth.coding.human_codes import read_code_file

    table = read_code_file(path)
    found = {}
    for role, names in EXCERPT_COLUMNS.items():
        found[role] = next((c for c in table.columns if " ".join(str(c).split()).casefold() in names), None)
    missing = [role for role in ("document", "code", "text") if found[role] is None]
    if missing:
        raise InputError(
            f"{path}: a table of coded excerpts needs a column for the {' and the '.join(missing)} (e.g. "
            f"{', '.join(EXCERPT_COLUMNS[missing[0]][:3])}); it has {', '.join(map(str, table.columns))}. Export the "
            "excerpts again with those columns, or export the project as REFI-QDA (.qdpx)."
        )
    codes = {name: name for name in sorted(set(table[found["code"]]) - {""})}
    sources = []
    for document, rows in table.groupby(found["document"], sort=True):
        selections = tuple(
            Selection(
                f"row {int(index) + 2}",
                -1,
                -1,
                ((str(row[found["coder"]]) if found["coder"] else coder, str(row[found["code"]])),),
                _plain(str(row[found["text"]])),
            )
            for index, row in rows.iterrows()
            if str(row[found["code"]])
        )
        sources.append(ProjectSource(str(document), str(document), None, selections, excerpts=True))
    return Project(path.name, "a table of coded excerpts", {}, codes, {c: "" for c in codes}, sources)


def _plain(text: str) -> str:
    """An excerpt's text, without the HTML some tools export it in."""
    import html

    if "<" in text and ">" in text:
        text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


def _walk_codes(parent: ET.Element | None, path: tuple[str, ...], codes: dict[str, str], notes: dict[str, str]) -> None:
    if parent is None:
        return
    for code in parent.findall(_q("Code")):
        here = (*path, " ".join((code.get("name") or "?").split()))
        codes[code.get("guid", "")] = SEPARATOR.join(here)
        description = code.find(_q("Description"))
        notes[code.get("guid", "")] = (description.text or "") if description is not None else ""
        _walk_codes(code, here, codes, notes)


def _source(
    element: ET.Element, archive: zipfile.ZipFile, members: Mapping[str, str], users: Mapping[str, str]
) -> ProjectSource:
    selections = []
    for selection in element.iter(_q("PlainTextSelection")):
        codings = []
        for coding in selection.iter(_q("Coding")):
            ref = coding.find(_q("CodeRef"))
            user = coding.get("creatingUser") or selection.get("creatingUser") or ""
            codings.append((users.get(user, user or "unknown"), ref.get("targetGUID", "") if ref is not None else ""))
        selections.append(
            Selection(
                selection.get("guid", ""),
                int(selection.get("startPosition", "0")),
                int(selection.get("endPosition", "0")),
                tuple(codings),
            )
        )
    return ProjectSource(
        element.get("guid", ""), element.get("name", ""), _source_text(element, archive, members), tuple(selections)
    )


def _source_text(element: ET.Element, archive: zipfile.ZipFile, members: Mapping[str, str]) -> str | None:
    """The project's copy of a source's text: inline, or the archive's file its ``plainTextPath`` names
    (``internal://<file>`` in the ``Sources/`` folder, whatever case the tool gave that folder)."""
    inline = element.find(_q("PlainTextContent"))
    if inline is not None and inline.text is not None:
        return inline.text
    internal = element.get("plainTextPath") or ""
    if not internal.startswith("internal://"):
        return None
    name = internal.removeprefix("internal://")
    for candidate in (f"sources/{name}", name):
        found = members.get(candidate.casefold())
        if found:
            return archive.read(found).decode("utf-8-sig")
    return None


# ---------------------------------------------------------------------------------------------
# The code map


def _key(text: str) -> str:
    return " ".join(re.sub(r"[_\W]+", " ", text).split()).casefold()


def _words(text: str) -> set[str]:
    """The content words of a label, plural "s" aside."""
    stop = {"and", "of", "the", "a", "an", "in", "on", "to", "for", "among", "with", "by"}
    return {w.removesuffix("s") for w in _key(text).split() if w not in stop}


def draft_code_map(project: Project, codebook: Codebook) -> pd.DataFrame:
    """A code map to edit: each code of the project with the theme it seems to be, and how it was matched
    (``theme id``, ``label``, ``same words as a label``, ``its parent``), or empty when no match was found."""
    by_key = {NO_THEME: NO_THEME, _key(NO_THEME_LABEL): NO_THEME}
    for theme in codebook.themes:
        by_key[_key(theme.id)] = theme.id
        by_key[_key(theme.label)] = theme.id
    counts = project.codings_per_code()
    found: dict[str, tuple[str, str]] = {}
    rows = []
    for guid, path in project.codes.items():
        name = path.split(SEPARATOR)[-1]
        tagged = re.match(r"\[([a-z][a-z0-9_]*)\]", project.descriptions.get(guid, ""))
        parent = SEPARATOR.join(path.split(SEPARATOR)[:-1])
        theme, how = "", ""
        if tagged and _key(tagged.group(1)) in by_key:
            theme, how = by_key[_key(tagged.group(1))], "theme id in its description"
        elif _key(name) in by_key:
            theme, how = by_key[_key(name)], "label" if _key(name) != _key(by_key[_key(name)]) else "theme id"
        else:
            same = [t.id for t in codebook.themes if _words(name) and _words(name) == _words(t.label)]
            if len(same) == 1:
                theme, how = same[0], "same words as a label: check"
            elif parent in found and found[parent][0] not in ("", IGNORE):
                theme, how = found[parent][0], "its parent"
            elif counts.get(guid, 0) == 0:
                theme, how = IGNORE, "no codings"
        found[path] = (theme, how)
        rows.append({"code": path, "theme_id": theme, "matched_by": how, "codings": counts.get(guid, 0)})
    return pd.DataFrame(rows, columns=CODE_MAP_COLUMNS)


def check_code_map(
    table: pd.DataFrame, project: Project, codebook: Codebook, where: Path
) -> tuple[dict[str, str], list[str]]:
    """The code map as {code path: theme id or ``ignore``} and every problem: a code of the project the
    map leaves undecided or lacks, a theme id the codebook lacks."""
    problems = Problems()
    themes = {t.id for t in codebook.themes} | {NO_THEME}
    missing = [c for c in ("code", "theme_id") if c not in table.columns]
    if missing:
        raise InputError(
            f"{where}: missing column(s) {', '.join(missing)}. The code map's header is {','.join(CODE_MAP_COLUMNS)}."
        )
    mapping: dict[str, str] = {}
    for index, row in table.iterrows():
        code, theme = " ".join(str(row["code"]).split()), str(row["theme_id"]).strip()
        line = int(index) + 2
        if not theme:
            problems.add(
                f"{where}, line {line}: code {code!r} is mapped to no theme. Write a theme id of the codebook, or "
                f"'{IGNORE}' if it is no theme (e.g. a code for good quotes).",
                kind=f"{where}: codes mapped to no theme",
                where=f"line {line}",
            )
        elif theme != IGNORE and theme not in themes:
            close = difflib.get_close_matches(theme, sorted(themes), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            problems.add(
                f"{where}, line {line}: {theme!r} is not a theme of the codebook.{hint} Write a theme id, or '{IGNORE}'."
            )
        else:
            mapping[code] = theme
    used = {path for guid, path in project.codes.items() if project.codings_per_code().get(guid, 0)}
    absent = sorted(used - set(mapping) - {" ".join(str(c).split()) for c in table["code"]})
    if absent:
        problems.add(
            f"{where}: the project's code(s) {', '.join(map(repr, absent[:5]))}{' …' if len(absent) > 5 else ''} "
            f"are not in the code map ({len(absent)} in all). Add a row for each, or delete the map and run make "
            "check to draft it again."
        )
    return mapping, problems.messages()


# ---------------------------------------------------------------------------------------------
# Sources and documents


def _name_key(name: str) -> str:
    return _key(re.sub(r"\.(txt|md|docx?|odt|rtf|pdf|vtt)$", "", name.strip(), flags=re.I))


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
                names.setdefault(_name_key(str(candidate)), set()).add(doc.doc_id)
    unit_ids = set(units)
    shingles = {doc: _triples(text) for doc, text in texts.items()}
    rows = []
    for source in project.sources:
        doc_id, how = "", ""
        candidates = names.get(_name_key(source.name), set())
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


# ---------------------------------------------------------------------------------------------
# Positions and alignment


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
        matcher = difflib.SequenceMatcher(None, [w for *_, w in a], [w for *_, w in b], autojunk=False)
        pairs: dict[int, int] = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                pairs[block.a + k] = block.b + k
        return cls([(s, e) for s, e, _ in a], [(s, e) for s, e, _ in b], pairs)

    def locate(self, start: int, end: int) -> tuple[int, int, float] | None:
        """The span in our text of the words of [start, end) in theirs that are found in ours, and the share
        found; None when none is."""
        import bisect

        first = bisect.bisect_right(self.theirs, (start, start), key=lambda span: (span[1], span[1]))
        inside = list(itertools.takewhile(lambda i: self.theirs[i][0] < end, range(first, len(self.theirs))))
        found = [self.to_ours[i] for i in inside if i in self.to_ours]
        if not inside or not found:
            return None
        return self.ours[min(found)][0], self.ours[max(found)][1], len(found) / len(inside)


# ---------------------------------------------------------------------------------------------
# Placing the selections


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
        matcher = difflib.SequenceMatcher(None, wanted, self.words, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
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
