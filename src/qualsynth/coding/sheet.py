"""The coding sheet: one row per passage of the units drawn for human coding, to fill in Excel.

A coder writes the theme ids that apply in ``theme_ids`` (``;``-separated), or ``none`` when they
read the passage and no theme applies; an empty cell means "not coded yet". The sheet is read back
by :func:`qualsynth.human_codes.read_human_codes`, which places each row by its ``segment_id``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.tables import atomic

SHEET_COLUMNS = [
    "unit_id",
    "segment_id",
    "place",
    "wave",
    "method",
    "role",
    "speaker",
    "text",
    "theme_ids",
    "coder",
    "note",
]
NO_THEME = "none"
INSTRUCTIONS = [
    "How to code this sheet",
    "",
    "Each row is one passage of a unit drawn for human coding. Code every passage of every unit: a unit counts "
    "as coded only when all its passages are.",
    "In theme_ids, write the ids of the themes that apply (see the codebook sheet), separated by ';'.",
    f"Write '{NO_THEME}' when you have read the passage and no theme applies. Leave the cell empty only for "
    "passages you have not coded yet.",
    "coder holds your coder id (the reference coder's is filled in); a second coder double-coding writes their own "
    "id in a copy of the sheet.",
    "Do not change segment_id, unit_id or text: the codes are placed by segment_id.",
    "Save the sheet (Excel or CSV) in the folder named by human_codes in the config, then run make report.",
]


def coding_sheet(drawn: Sequence[str], segments: pd.DataFrame, coder: str) -> pd.DataFrame:
    """The participant passages of the units ``drawn``, unit by unit in reading order."""
    said = segments[segments["is_participant"] & segments["unit_id"].isin(set(drawn))]
    said = said.sort_values(["unit_id", "start"], kind="stable")
    sheet = pd.DataFrame(
        {
            "unit_id": said["unit_id"],
            "segment_id": said["segment_id"],
            "place": said["place"],
            "wave": said["wave"],
            "method": said["method"],
            "role": said["role"],
            "speaker": said["participant_id"],
            "text": said["text"],
            "theme_ids": "",
            "coder": coder,
            "note": "",
        }
    )
    return sheet[SHEET_COLUMNS].reset_index(drop=True)


def write_coding_sheet(path: Path, sheet: pd.DataFrame, codebook: Codebook, title: str) -> Path:
    """An .xlsx workbook: the coding sheet (wrapped text, frozen header), the codebook, and how to code.

    The workbook's creation date is fixed, so the same batch gives the same file contents.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.properties.creator = "qualsynth"
    book.properties.title = title
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    coding = book.active
    coding.title = "coding"
    widths = {
        "unit_id": 16,
        "segment_id": 24,
        "place": 14,
        "wave": 7,
        "method": 13,
        "role": 16,
        "speaker": 15,
        "text": 90,
        "theme_ids": 36,
        "coder": 7,
        "note": 30,
    }
    coding.append(SHEET_COLUMNS)
    for row in sheet.itertuples(index=False):
        coding.append(list(row))
    for k, column in enumerate(SHEET_COLUMNS, start=1):
        letter = coding.cell(row=1, column=k).column_letter
        coding.column_dimensions[letter].width = widths[column]
        coding.cell(row=1, column=k).font = Font(bold=True)
    text_column = SHEET_COLUMNS.index("text") + 1
    for cells in coding.iter_rows(min_row=2, min_col=text_column, max_col=text_column):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    coding.freeze_panes = "C2"
    coding.auto_filter.ref = coding.dimensions

    themes = book.create_sheet("codebook")
    themes.append(["theme_id", "theme", "area", "definition"])
    for theme in codebook.themes:
        themes.append([theme.id, theme.label, theme.area_label, theme.definition])
    for letter, width in zip("ABCD", (28, 40, 36, 100)):
        themes.column_dimensions[letter].width = width
    for cell in themes[1]:
        cell.font = Font(bold=True)
    for cells in themes.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    help_sheet = book.create_sheet("how to code")
    for line in INSTRUCTIONS:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 120
    help_sheet["A1"].font = Font(bold=True)
    with atomic(path) as partial:
        book.save(partial)
    return path
