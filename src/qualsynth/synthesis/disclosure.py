"""Disclosure control (rule ``synthesise``): the one policy every table the report reads passes through.

A cell resting on fewer than ``synthesis.min_cell_size`` people (participants; respondents for rating
items) keeps what it is about and how many units and people it rests on, and loses every statistic:
a share of three people can identify them. Each table states the people its cells rest on in a
``participants`` or ``respondents`` column and marks blanked cells ``suppressed``, so a reader (and a
test) can check the rule cell by cell.

Tables that carry no statistic about what people said or rated are published as they are, each for
the reason in :data:`NOT_STATISTICS`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# What a blanked cell keeps: the keys of what it is about, how it would be estimated, and the number of
# units and people it rests on.
KEPT = frozenset(
    {
        "place",
        "wave",
        "role",
        "method",
        "source",
        "theme_id",
        "theme_label",
        "area_id",
        "area_label",
        "theme_a",
        "theme_b",
        "item",
        "question",
        "label",
        "help_theme",
        "hindrance_theme",
        "first_wave",
        "last_wave",
        "stage",
        "rank",
        "units",
        "coded_units",
        "participants",
        "respondents",
        "estimator",
        "target_half_width",
        "suppressed",
    }
)
PEOPLE = ("participants", "respondents")

# Tables published without the policy, and why.
NOT_STATISTICS = {
    "quotes": "single passages chosen to be quoted, already de-identified; no count or share",
    "participation": "who took part (participants, passages and documents by role): the sample, not what anyone said",
    "design": "the units and how the human-coding sample drew them: the design, not what anyone said",
    "findings": "the headline numbers, each taken from a table that passed through the policy",
    "key_findings": "statements, each read from a table that passed through the policy",
}


def people_column(table: pd.DataFrame) -> str:
    """The column holding the number of people each cell rests on."""
    for name in PEOPLE:
        if name in table.columns:
            return name
    raise AssertionError(
        f"a table with columns {list(table.columns)} states no people its cells rest on. Please report this as a bug."
    )


def suppress_small_cells(table: pd.DataFrame, min_cell_size: int) -> pd.DataFrame:
    """Blank every statistic of the cells resting on fewer than ``min_cell_size`` people, and mark them.

    Numbers become empty, words (a direction, the evidence) empty text, flags false; the keys, the
    estimator and the counts of units and people stay, so the reader can see why a cell is empty.
    """
    out = table.copy()
    small = (out[people_column(out)] < min_cell_size).to_numpy(dtype=bool)
    for column in [c for c in out.columns if c not in KEPT] if small.any() else []:
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out.loc[small, column] = False
        elif pd.api.types.is_numeric_dtype(values):
            out[column] = values.astype(float)
            out.loc[small, column] = float("nan")
        else:
            out[column] = values.astype(object)
            out.loc[small, column] = None
    out["suppressed"] = small
    return out


def publish(tables: Mapping[str, pd.DataFrame], min_cell_size: int) -> dict[str, pd.DataFrame]:
    """Every table through :func:`suppress_small_cells`, except those in :data:`NOT_STATISTICS`."""
    return {
        name: table if name in NOT_STATISTICS else suppress_small_cells(table, min_cell_size)
        for name, table in tables.items()
    }
