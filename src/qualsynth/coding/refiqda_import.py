"""Reading a REFI-QDA project (.qdpx) coded in NVivo, ATLAS.ti, MAXQDA or QualCoder back as human codes
(rule import_qdpx)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.coding.human_codes import anchor_for
from qualsynth.coding.refiqda import AUTOMATIC, NO_THEME_LABEL, _q, unit_spans
from qualsynth.coding.sheet import NO_THEME
from qualsynth.errors import InputError


def import_project(
    path: Path,
    segments: pd.DataFrame,
    codebook: Codebook,
    texts: Mapping[str, str],
    min_overlap: float = 0.5,
    skip_users: tuple[str, ...] = (AUTOMATIC,),
) -> pd.DataFrame:
    """Human codes from a .qdpx: ``doc_id, anchor, coder, theme_id`` rows, as in ``human_codes.csv``.

    A code maps to a theme by its id (also in square brackets at the start of its description, as
    qualsynth exports it) or its label, ignoring case. A selection codes a passage when the overlap
    covers at least ``min_overlap`` of the passage or of the selection. Every passage of a source
    in which a coder coded anything counts as read by them: a passage they left uncoded is a
    negative (an empty ``theme_id``), as agreement needs. Users whose names start with one of
    ``skip_users`` (qualsynth's own coders) are left out.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"{path}: not a .qdpx file ({exc}). Export the project from your QDA tool as REFI-QDA (.qdpx)."
        ) from None
    with archive:
        qde = [n for n in archive.namelist() if n.endswith(".qde")]
        if not qde:
            raise InputError(f"{path}: no .qde project file inside. Export the project as REFI-QDA (.qdpx).")
        try:
            root = ET.fromstring(archive.read(qde[0]))
        except ET.ParseError as exc:
            raise InputError(f"{path}: {qde[0]} is not valid XML ({exc}).") from None
        themes = _theme_lookup(codebook)
        code_theme = {}
        for code in root.iter(_q("Code")):
            theme = _match_theme(code, themes)
            if theme:
                code_theme[code.get("guid")] = theme
        users = {u.get("guid"): u.get("name") or u.get("id") or u.get("guid") for u in root.iter(_q("User"))}
        said = segments[segments["is_participant"]]
        by_unit = {unit: group.sort_values("start") for unit, group in said.groupby("unit_id")}
        by_doc = {doc: group.sort_values("start") for doc, group in said.groupby("doc_id")}
        spans = unit_spans(segments[segments["doc_id"].isin(set(texts))], texts)
        rows: list[dict[str, str]] = []
        used_unmatched: set[str] = set()
        names = {c.get("guid"): c.get("name", "?") for c in root.iter(_q("Code"))}
        for source in root.iter(_q("TextSource")):
            name = re.sub(r"\.(txt|docx?|rtf)$", "", source.get("name", ""), flags=re.I)
            if name in texts:  # a whole document, as the project qualsynth exports
                doc_id, offset, ours, passages = name, 0, texts[name], by_doc.get(name)
            elif name in spans:  # one unit, as the coding sample's project has it
                doc_id, offset, end = spans[name]
                ours, passages = texts[doc_id][offset:end], by_unit.get(name)
            else:
                raise InputError(
                    f"{path}: source {source.get('name')!r} is not a document or unit of this inquiry. "
                    "Import a project exported by qualsynth (data/processed/project.qdpx, or a coding "
                    "sample's project) and edited in your QDA tool, without renaming its sources."
                )
            if passages is None:
                continue  # no participant passage (all turns withdrawn, say): nothing to code
            shift = _position_map(archive, source, ours, path)
            read_by: set[str] = set()
            for selection in source.iter(_q("PlainTextSelection")):
                start = shift(int(selection.get("startPosition"))) + offset
                end = shift(int(selection.get("endPosition"))) + offset
                for coding in selection.iter(_q("Coding")):
                    user = users.get(coding.get("creatingUser"), coding.get("creatingUser") or "unknown")
                    if user.startswith(skip_users):
                        continue
                    target = coding.find(_q("CodeRef")).get("targetGUID")
                    if target not in code_theme:
                        used_unmatched.add(names.get(target, target))
                        continue
                    read_by.add(user)
                    if code_theme[target] == NO_THEME:
                        continue
                    for segment_id, _text in _overlapping(passages, start, end, min_overlap):
                        rows.append(
                            {"doc_id": doc_id, "segment_id": segment_id, "coder": user, "theme_id": code_theme[target]}
                        )
            for user in sorted(read_by):
                for segment in passages.itertuples():
                    rows.append({"doc_id": doc_id, "segment_id": segment.segment_id, "coder": user, "theme_id": ""})
        if used_unmatched:
            raise InputError(
                f"{path}: these codes match no theme of the codebook (version {codebook.version}): "
                f"{', '.join(sorted(used_unmatched))}. Rename each to a theme's label or id, or add the theme "
                "to the codebook."
            )
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


def _theme_lookup(codebook: Codebook) -> dict[str, str]:
    lookup = {NO_THEME: NO_THEME, _key(NO_THEME_LABEL): NO_THEME}
    for theme in codebook.themes:
        lookup[_key(theme.id)] = theme.id
        lookup[_key(theme.label)] = theme.id
    return lookup


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _match_theme(code: ET.Element, themes: Mapping[str, str]) -> str | None:
    description = code.find(_q("Description"))
    tagged = re.match(r"\[([a-z][a-z0-9_]*)\]", (description.text or "") if description is not None else "")
    for candidate in ([tagged.group(1)] if tagged else []) + [code.get("name", "")]:
        if _key(candidate) in themes:
            return themes[_key(candidate)]
    return None


def _position_map(archive: zipfile.ZipFile, source: ET.Element, ours: str, path: Path):
    """A function from positions in the project's copy of the text to positions in ours. Tools may
    write Windows line endings; any other difference means the positions cannot be trusted."""
    theirs = _source_text(archive, source)
    if theirs is None or theirs == ours:
        return lambda position: position
    if theirs.replace("\r\n", "\n") == ours:
        breaks = [m.start() for m in re.finditer("\r\n", theirs)]
        return lambda position: position - sum(1 for b in breaks if b < position)
    raise InputError(
        f"{path}: source {source.get('name')!r} differs from this run's de-identified text, so its "
        "selections cannot be placed. Re-export the project from qualsynth after the text changed, and code it again."
    )


def _source_text(archive: zipfile.ZipFile, source: ET.Element) -> str | None:
    inline = source.find(_q("PlainTextContent"))
    if inline is not None and inline.text is not None:
        return inline.text
    internal = (source.get("plainTextPath") or "").removeprefix("internal://")
    if internal and f"sources/{internal}" in archive.namelist():
        return archive.read(f"sources/{internal}").decode("utf-8-sig")
    return None


def _overlapping(segments: pd.DataFrame, start: int, end: int, min_overlap: float):
    """Passages a selection covers enough of, or that hold enough of the selection."""
    for segment in segments.itertuples():
        overlap = min(end, segment.end) - max(start, segment.start)
        if overlap <= 0:
            continue
        if overlap / max(segment.end - segment.start, 1) >= min_overlap or overlap / max(end - start, 1) >= min_overlap:
            yield segment.segment_id, segment.text
