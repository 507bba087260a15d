"""A QDA tool's coding as the import reads it: a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA,
QualCoder or qualsynth, or a table of coded excerpts (Taguette's highlights export and the like)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qualsynth.coding.refiqda import AUTOMATIC, _q
from qualsynth.errors import InputError

SEPARATOR = " > "


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
    codes = {name: name for name in sorted(set(table[found["code"]]) - {""})}  # a row with no code is reported
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
        try:
            start, end = int(selection.get("startPosition", "0")), int(selection.get("endPosition", "0"))
        except ValueError:
            raise InputError(
                f"source {element.get('name')!r}, selection {selection.get('guid')!r}: its positions are no whole "
                "numbers. Export the project again as REFI-QDA."
            ) from None
        selections.append(Selection(selection.get("guid", ""), start, end, tuple(codings)))
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
            try:
                return archive.read(found).decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError(
                    f"{found}: the project's copy of source {element.get('name')!r} is not UTF-8, as REFI-QDA "
                    "requires. Export the project again."
                ) from None
    return None
