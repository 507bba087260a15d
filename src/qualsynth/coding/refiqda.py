"""REFI-QDA (.qdpx) exchange with NVivo, ATLAS.ti, MAXQDA and QualCoder.

Export: the codebook (areas as parent codes, themes as codable children), each document's
de-identified text as a source, every code as a coding of the passage's exact characters by a user
named after the coder, and cases (one per participant pseudonym) with place, wave, method and role.
Import: a project a QDA tool wrote, its codes mapped to theme ids and its selections to passages,
as the human-codes table the coding stage reads.

GUIDs are derived from the content (uuid5), and the archive carries no time, so the same outputs
give the same bytes.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.coding.human_codes import anchor_for
from qualsynth.coding.sheet import NO_THEME
from qualsynth.errors import InputError

NS = "urn:QDA-XML:project:1.0"
_NAMESPACE = uuid.UUID("6f1c3d1e-9a51-4b8e-8d0f-7c2a5e4b9d10")
# Okabe & Ito: one colour per area, distinguishable with the common colour-vision deficiencies.
AREA_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SOURCE_VARIABLES = ["place", "wave", "method"]
NO_THEME_LABEL = "No theme applies"
AUTOMATIC = "qualsynth "  # user names of the automatic coders: "qualsynth rules", "qualsynth supervised"


def guid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def coded_units(codes: pd.DataFrame, human: pd.DataFrame | None) -> pd.DataFrame:
    """(segment_id, theme_id, coder) for every code to export: each automatic coder that decided a
    final code, and each human coder's positive codes."""
    rows = [(c.segment_id, c.theme_id, AUTOMATIC + coder) for c in codes.itertuples() for coder in c.coder.split("+")]
    if human is not None and len(human):
        rows += [(h.segment_id, h.theme_id, h.coder) for h in human.itertuples() if h.theme_id]
    return pd.DataFrame(sorted(set(rows)), columns=["segment_id", "theme_id", "coder"])


@dataclass(frozen=True)
class SourceSpec:
    """One source of a project: its name, text, where that text starts in its document's
    de-identified text, and its variables."""

    name: str
    doc_id: str
    text: str
    offset: int
    variables: dict[str, str]


def export_project(target: Path, segments: pd.DataFrame, documents: pd.DataFrame, units: pd.DataFrame,
                codebook: Codebook, texts: Mapping[str, str], project_name: str) -> Path:
    """Write ``target`` (.qdpx): ``project.qde`` and ``sources/<guid>.txt`` for each document with
    passages. Source variables (place, wave, method) come from the register ``documents``."""
    register = documents.set_index("doc_id")
    sources = [SourceSpec(doc_id, doc_id, texts[doc_id], 0,
                          {name: str(register.loc[doc_id, name]) for name in SOURCE_VARIABLES})
               for doc_id in sorted(set(segments["doc_id"]))]
    return _write_project(target, project_name, sources, segments, units, codebook, with_none=False)


def export_sample_qdpx(target: Path, drawn: Sequence[str], segments: pd.DataFrame, unit_table: pd.DataFrame,
                       codebook: Codebook, texts: Mapping[str, str], project_name: str) -> Path:
    """The units ``drawn`` for human coding as a project to code in a QDA tool: one source per unit
    (a whole document, or one survey response), named by its ``unit_id``, no codings yet, and besides
    the themes a code "No theme applies" (``[none]``) for a unit read and left uncoded."""
    mine = segments[segments["unit_id"].isin(set(drawn))]
    spans = unit_spans(mine, texts)
    info = unit_table.set_index("unit_id")
    sources = []
    for unit_id in sorted(drawn):
        doc_id, start, end = spans[unit_id]
        sources.append(SourceSpec(unit_id, doc_id, texts[doc_id][start:end], start,
                                  {name: str(info.loc[unit_id, name]) for name in SOURCE_VARIABLES}))
    none = pd.DataFrame(columns=["segment_id", "theme_id", "coder"])
    return _write_project(target, project_name, sources, mine, none, codebook, with_none=True)


def unit_spans(segments: pd.DataFrame, texts: Mapping[str, str]) -> dict[str, tuple[str, int, int]]:
    """Each unit's (doc_id, start, end) in its document's de-identified text: the whole text for a
    document, the lines of one response for a survey response."""
    spans = {}
    for (unit_id, doc_id), rows in segments.groupby(["unit_id", "doc_id"], sort=True):
        text = texts[doc_id]
        if unit_id == doc_id:
            spans[unit_id] = (doc_id, 0, len(text))
            continue
        first, last = int(rows["start"].min()), int(rows["end"].max())
        spans[unit_id] = (doc_id, text.rfind("\n", 0, first) + 1, last)
    return spans


def _write_project(target: Path, project_name: str, sources: Sequence[SourceSpec], segments: pd.DataFrame,
                   units: pd.DataFrame, codebook: Codebook, with_none: bool) -> Path:
    ET.register_namespace("", NS)
    project = ET.Element(_q("Project"), {"name": project_name, "origin": "qualsynth"})
    users = sorted(set(units["coder"]))
    users_el = ET.SubElement(project, _q("Users"))
    for user in users:
        ET.SubElement(users_el, _q("User"), {"guid": guid("user", user), "name": user})
    codes_el = ET.SubElement(ET.SubElement(project, _q("CodeBook")), _q("Codes"))
    for k, (area_id, area_label) in enumerate(codebook.areas()):
        colour = AREA_COLOURS[k % len(AREA_COLOURS)]
        area = ET.SubElement(codes_el, _q("Code"), {"guid": guid("code", area_id), "name": area_label,
                                                    "isCodable": "false", "color": colour})
        for theme in (t for t in codebook.themes if t.area_id == area_id):
            code = ET.SubElement(area, _q("Code"), {"guid": guid("code", theme.id), "name": theme.label,
                                                    "isCodable": "true", "color": colour})
            ET.SubElement(code, _q("Description")).text = f"[{theme.id}] {theme.definition}"
    if with_none:
        code = ET.SubElement(codes_el, _q("Code"), {"guid": guid("code", NO_THEME), "name": NO_THEME_LABEL,
                                                    "isCodable": "true", "color": "#999999"})
        ET.SubElement(code, _q("Description")).text = (f"[{NO_THEME}] Code a unit with this when you have read it "
                                                       "and no theme of the codebook applies.")
    variables_el = ET.SubElement(project, _q("Variables"))
    for name in [*SOURCE_VARIABLES, "role"]:
        ET.SubElement(variables_el, _q("Variable"), {"guid": guid("variable", name), "name": name,
                                                     "typeOfVariable": "Text"})
    said = segments[segments["is_participant"]]
    source_of = {}
    for spec in sources:
        for segment_id in said.loc[said["unit_id"] == spec.name, "segment_id"] if spec.name != spec.doc_id else []:
            source_of[segment_id] = spec.name
    cases_el = ET.SubElement(project, _q("Cases"))
    for person, rows in said.groupby("participant_id", sort=True):
        case = ET.SubElement(cases_el, _q("Case"), {"guid": guid("case", person), "name": person})
        _variable_value(case, "role", rows["role"].iloc[0])
        for name in sorted({source_of.get(s, d) for s, d in zip(rows["segment_id"], rows["doc_id"])}):
            ET.SubElement(case, _q("SourceRef"), {"targetGUID": guid("source", name)})
    # One pass over the codes in (document, passage, coder, theme) order: linear in the corpus.
    by_segment = units.merge(segments[["segment_id", "doc_id", "start", "end"]], on="segment_id")
    by_segment["source"] = [source_of.get(s, d) for s, d in zip(by_segment["segment_id"], by_segment["doc_id"])]
    by_segment = by_segment.sort_values(["source", "segment_id", "coder", "theme_id"], kind="stable")
    per_source = {name: rows for name, rows in by_segment.groupby("source", sort=False)}
    sources_el = ET.SubElement(project, _q("Sources"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for spec in sources:
            source_guid = guid("source", spec.name)
            source = ET.SubElement(sources_el, _q("TextSource"), {
                "guid": source_guid, "name": spec.name, "plainTextPath": f"internal://{source_guid}.txt"})
            selection, current = None, None
            for unit in per_source.get(spec.name, by_segment.iloc[:0]).itertuples(index=False):
                if unit.segment_id != current:
                    current = unit.segment_id
                    selection = ET.SubElement(source, _q("PlainTextSelection"), {
                        "guid": guid("selection", unit.segment_id), "name": unit.segment_id,
                        "startPosition": str(int(unit.start) - spec.offset),
                        "endPosition": str(int(unit.end) - spec.offset)})
                coding = ET.SubElement(selection, _q("Coding"), {
                    "guid": guid("coding", unit.segment_id, unit.theme_id, unit.coder),
                    "creatingUser": guid("user", unit.coder)})
                ET.SubElement(coding, _q("CodeRef"), {"targetGUID": guid("code", unit.theme_id)})
            for name in SOURCE_VARIABLES:
                _variable_value(source, name, spec.variables[name])
            _write(archive, f"sources/{source_guid}.txt", spec.text.encode("utf-8"))
        ET.indent(project)
        _write(archive, "project.qde", ET.tostring(project, encoding="utf-8", xml_declaration=True))
    return target


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _variable_value(parent: ET.Element, name: str, value: str) -> None:
    element = ET.SubElement(parent, _q("VariableValue"))
    ET.SubElement(element, _q("VariableRef"), {"targetGUID": guid("variable", name)})
    ET.SubElement(element, _q("TextValue")).text = value


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


# ---------------------------------------------------------------------------------------------
# Import


def import_project(path: Path, segments: pd.DataFrame, codebook: Codebook, texts: Mapping[str, str],
                min_overlap: float = 0.5, skip_users: tuple[str, ...] = (AUTOMATIC,)) -> pd.DataFrame:
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
        raise InputError(f"{path}: not a .qdpx file ({exc}). Export the project from your QDA tool as REFI-QDA "
                         "(.qdpx).") from None
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
                raise InputError(f"{path}: source {source.get('name')!r} is not a document or unit of this inquiry. "
                                 "Import a project exported by qualsynth (data/processed/project.qdpx, or a coding "
                                 "sample's project) and edited in your QDA tool, without renaming its sources.")
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
                    for segment_id, text in _overlapping(passages, start, end, min_overlap):
                        rows.append({"doc_id": doc_id, "segment_id": segment_id, "coder": user,
                                     "theme_id": code_theme[target]})
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
    uncoded = pd.Series([k not in coded for k in zip(found["segment_id"], found["coder"])], index=found.index, dtype=bool)
    negatives = found[(found["theme_id"] == "") & uncoded]
    table = pd.concat([positives, negatives]).drop_duplicates()
    text_of = said.set_index("segment_id")["text"]
    table = table.assign(anchor=[anchor_for(text_of[s]) for s in table["segment_id"]])
    return table.sort_values(["doc_id", "segment_id", "coder", "theme_id"])[["doc_id", "anchor", "coder", "theme_id",
                                                                            "segment_id"]].reset_index(drop=True)


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
