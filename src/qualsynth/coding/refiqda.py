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

import functools
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.coding.sheet import NO_THEME

NS = "urn:QDA-XML:project:1.0"
_NAMESPACE = uuid.UUID("6f1c3d1e-9a51-4b8e-8d0f-7c2a5e4b9d10")
# Okabe & Ito: one colour per area, distinguishable with the common colour-vision deficiencies.
AREA_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SOURCE_VARIABLES = ["place", "wave", "method"]
NO_THEME_LABEL = "No theme applies"
AUTOMATIC = "qualsynth "  # user names of the automatic coders: "qualsynth rules", "qualsynth supervised"


def guid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


@functools.cache
def named_guid(kind: str, name: str) -> str:
    """The guid of a user or code, which every coding refers to: computed once."""
    return guid(kind, name)


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


def export_project(
    target: Path,
    segments: pd.DataFrame,
    documents: pd.DataFrame,
    units: pd.DataFrame,
    codebook: Codebook,
    texts: Mapping[str, str],
    project_name: str,
) -> Path:
    """Write ``target`` (.qdpx): ``project.qde`` and ``sources/<guid>.txt`` for each document with
    passages. Source variables (place, wave, method) come from the register ``documents``."""
    register = documents.set_index("doc_id")
    sources = [
        SourceSpec(
            doc_id, doc_id, texts[doc_id], 0, {name: str(register.loc[doc_id, name]) for name in SOURCE_VARIABLES}
        )
        for doc_id in sorted(set(segments["doc_id"]))
    ]
    return _write_project(target, project_name, sources, segments, units, codebook, with_none=False)


def export_sample_qdpx(
    target: Path,
    drawn: Sequence[str],
    segments: pd.DataFrame,
    unit_table: pd.DataFrame,
    codebook: Codebook,
    texts: Mapping[str, str],
    project_name: str,
) -> Path:
    """The units ``drawn`` for human coding as a project to code in a QDA tool: one source per unit
    (a whole document, or one survey response), named by its ``unit_id``, no codings yet, and besides
    the themes a code "No theme applies" (``[none]``) for a unit read and left uncoded."""
    mine = segments[segments["unit_id"].isin(set(drawn))]
    spans = unit_spans(mine, texts)
    info = unit_table.set_index("unit_id")
    sources = []
    for unit_id in sorted(drawn):
        doc_id, start, end = spans[unit_id]
        sources.append(
            SourceSpec(
                unit_id,
                doc_id,
                texts[doc_id][start:end],
                start,
                {name: str(info.loc[unit_id, name]) for name in SOURCE_VARIABLES},
            )
        )
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


def _write_project(
    target: Path,
    project_name: str,
    sources: Sequence[SourceSpec],
    segments: pd.DataFrame,
    units: pd.DataFrame,
    codebook: Codebook,
    with_none: bool,
) -> Path:
    ET.register_namespace("", NS)
    project = ET.Element(_q("Project"), {"name": project_name, "origin": "qualsynth"})
    users = sorted(set(units["coder"]))
    users_el = ET.SubElement(project, _q("Users"))
    for user in users:
        ET.SubElement(users_el, _q("User"), {"guid": guid("user", user), "name": user})
    codes_el = ET.SubElement(ET.SubElement(project, _q("CodeBook")), _q("Codes"))
    for k, (area_id, area_label) in enumerate(codebook.areas()):
        colour = AREA_COLOURS[k % len(AREA_COLOURS)]
        area = ET.SubElement(
            codes_el,
            _q("Code"),
            {"guid": guid("code", area_id), "name": area_label, "isCodable": "false", "color": colour},
        )
        for theme in (t for t in codebook.themes if t.area_id == area_id):
            code = ET.SubElement(
                area,
                _q("Code"),
                {"guid": guid("code", theme.id), "name": theme.label, "isCodable": "true", "color": colour},
            )
            ET.SubElement(code, _q("Description")).text = f"[{theme.id}] {theme.definition}"
    if with_none:
        code = ET.SubElement(
            codes_el,
            _q("Code"),
            {"guid": guid("code", NO_THEME), "name": NO_THEME_LABEL, "isCodable": "true", "color": "#999999"},
        )
        ET.SubElement(
            code, _q("Description")
        ).text = f"[{NO_THEME}] Code a unit with this when you have read it and no theme of the codebook applies."
    variables_el = ET.SubElement(project, _q("Variables"))
    for name in [*SOURCE_VARIABLES, "role"]:
        ET.SubElement(
            variables_el, _q("Variable"), {"guid": guid("variable", name), "name": name, "typeOfVariable": "Text"}
        )
    said = segments[segments["is_participant"]]
    # A unit that is a source of its own (a survey response) holds its passages; one pass, not one per source.
    own_sources = {spec.name for spec in sources if spec.name != spec.doc_id}
    source_of = {s: u for s, u in zip(said["segment_id"], said["unit_id"]) if u in own_sources}
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
            source = ET.SubElement(
                sources_el,
                _q("TextSource"),
                {"guid": source_guid, "name": spec.name, "plainTextPath": f"internal://{source_guid}.txt"},
            )
            selection, current = None, None
            for unit in per_source.get(spec.name, by_segment.iloc[:0]).itertuples(index=False):
                if unit.segment_id != current:
                    current = unit.segment_id
                    selection = ET.SubElement(
                        source,
                        _q("PlainTextSelection"),
                        {
                            "guid": guid("selection", unit.segment_id),
                            "name": unit.segment_id,
                            "startPosition": str(int(unit.start) - spec.offset),
                            "endPosition": str(int(unit.end) - spec.offset),
                        },
                    )
                coding = ET.SubElement(
                    selection,
                    _q("Coding"),
                    {
                        "guid": guid("coding", unit.segment_id, unit.theme_id, unit.coder),
                        "creatingUser": named_guid("user", unit.coder),
                    },
                )
                ET.SubElement(coding, _q("CodeRef"), {"targetGUID": named_guid("code", unit.theme_id)})
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
