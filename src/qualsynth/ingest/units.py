"""Source units: what shares are counted over (a transcript, a log, a set of notes, one survey response).

Passages are coded; units are counted. A document is one unit, except a survey export, whose every
response (one row: one respondent, with that respondent's own place, date and role) is a unit of
its own. ``segments.parquet`` names each passage's unit in ``unit_id``.
"""

from __future__ import annotations

import pandas as pd

UNIT_COLUMNS = [
    "unit_id",
    "doc_id",
    "source",
    "place",
    "wave",
    "date",
    "method",
    "roles",
    "participants",
    "passages",
    "words",
]
DOCUMENT, SURVEY_RESPONSE = "document", "survey response"
# The columns of documents.parquet that qualsynth itself reads or writes.
REGISTER_COLUMNS = (
    "doc_id",
    "path",
    "place",
    "date",
    "wave",
    "method",
    "title",
    "participant",
    "speakers",
    "layout",
    "sha256",
    "n_bytes",
)
ROLE_SEPARATOR = ";"


def unit_table(segments: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per source unit with at least one participant passage, in ``unit_id`` order.

    ``roles`` lists the roles of the participants who speak in the unit (``;``-separated, sorted);
    ``passages`` and ``words`` count participant passages and their words only, since only they are
    coded. ``source`` says whether the unit is a whole document or one response to a survey. Place, wave and date are the unit's own: a survey response's, not its export's.
    Any other column of the register (``documents``: an attribute of a document, such as a group) follows,
    a survey response taking its export's.
    """
    said = segments[segments["is_participant"]]
    if said.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in ("participants", "passages", "words") else str) for c in UNIT_COLUMNS}
        )
    grouped = said.groupby("unit_id", sort=True)
    units = grouped.agg(
        doc_id=("doc_id", "first"),
        place=("place", "first"),
        wave=("wave", "first"),
        date=("date", "first"),
        method=("method", "first"),
        roles=("role", lambda roles: ROLE_SEPARATOR.join(sorted(set(roles)))),
        participants=("participant_id", "nunique"),
        passages=("segment_id", "size"),
        words=("n_words", "sum"),
    )
    units = units.reset_index()
    units["source"] = [DOCUMENT if u == d else SURVEY_RESPONSE for u, d in zip(units["unit_id"], units["doc_id"])]
    for column in ("participants", "passages", "words"):
        units[column] = units[column].astype("int64")
    extra = register_attributes(documents)
    if extra:
        units = units.merge(documents[["doc_id", *extra]].astype(str), on="doc_id", how="left")
    return units[UNIT_COLUMNS + extra]


def register_attributes(documents: pd.DataFrame | None) -> list[str]:
    """The register's own columns beyond those qualsynth reads: attributes of a document, such as a group."""
    if documents is None:
        return []
    return [c for c in documents.columns if c not in REGISTER_COLUMNS]


def unit_roles(units: pd.DataFrame) -> pd.DataFrame:
    """(unit_id, role) for every role that speaks in each unit: the units a role-by-role share counts."""
    pairs = [(u, r) for u, roles in zip(units["unit_id"], units["roles"]) for r in roles.split(ROLE_SEPARATOR) if r]
    return pd.DataFrame(pairs, columns=["unit_id", "role"])
