"""How the coders' codes combine into the machine's codes, and the final codes: the reference human
coder's wherever they coded, the machine's elsewhere (rule ``code_themes``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from qualsynth.coding.rules import CODE_COLUMNS

COMBINE_MODES = ("rules", "supervised", "union", "intersection", "supervised_where_trained")
# The machine's codes are the calibrated coder's own (qualsynth.coding.evidence), not a combination.
CALIBRATED = "calibrated"


def combine_codes(rules: pd.DataFrame, supervised: pd.DataFrame | None, trained: set[str], mode: str) -> pd.DataFrame:
    """Final codes from the coders' codes, one row per (segment, theme), naming the coder(s) that decided.

    ``union``: either coder; ``intersection``: both; ``rules`` or ``supervised``: that coder only;
    ``supervised_where_trained``: the supervised coder for themes it could be trained on, else rules.
    """
    if mode not in COMBINE_MODES:
        raise ValueError(f"coding.combine must be one of {', '.join(COMBINE_MODES)}, not {mode!r}")
    supervised = supervised if supervised is not None else pd.DataFrame(columns=CODE_COLUMNS)
    if mode == "rules" or (mode != "supervised" and supervised.empty and not trained):
        chosen = [rules]
    elif mode == "supervised":
        chosen = [supervised]
    elif mode == "supervised_where_trained":
        chosen = [rules[~rules["theme_id"].isin(trained)], supervised[supervised["theme_id"].isin(trained)]]
    else:
        chosen = [rules, supervised]
    both = (
        pd.concat([c for c in chosen if not c.empty], ignore_index=True)
        if any(not c.empty for c in chosen)
        else pd.DataFrame(columns=CODE_COLUMNS)
    )
    if mode == "intersection":
        keys = set(zip(rules["segment_id"], rules["theme_id"])) & set(
            zip(supervised["segment_id"], supervised["theme_id"])
        )
        both = both[[k in keys for k in zip(both["segment_id"], both["theme_id"])]]
    if both.empty:
        return pd.DataFrame(columns=CODE_COLUMNS)
    return _one_row_per_code(both)


def _one_row_per_code(both: pd.DataFrame) -> pd.DataFrame:
    """One row per (segment, theme), naming every coder that applied it, its best score and all evidence."""
    merged = (
        both.sort_values(["segment_id", "theme_id", "coder"], kind="stable")
        .groupby(["segment_id", "theme_id"], sort=True)
        .agg(coder=("coder", "+".join), score=("score", "max"), evidence=("evidence", " || ".join))
        .reset_index()
    )
    return merged[CODE_COLUMNS]


def assemble_codes(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One codes table from the shards' tables, in (segment_id, theme_id) order whatever the split."""
    filled = [f for f in frames if len(f)]
    if not filled:
        return pd.DataFrame(columns=CODE_COLUMNS)
    return (
        pd.concat(filled, ignore_index=True)
        .sort_values(["segment_id", "theme_id"], kind="stable")
        .reset_index(drop=True)
    )


def final_codes(
    rules: pd.DataFrame, supervised: pd.DataFrame, trained: set[str], mode: str, semantic: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`combine_codes`, with a warning when the mode asks for a supervised coder that was not
    trained; then, when ``semantic`` is given, its codes added (either decides)."""
    if mode != "rules" and not trained:
        logging.getLogger(__name__).warning(
            "coding.combine is %r but the supervised coder was not trained (no human codes, or too few "
            "per theme): the final codes are the rules coder's alone.",
            mode,
        )
    return add_codes(combine_codes(rules, supervised, trained, mode), semantic)


def add_codes(codes: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    """``codes`` with ``extra``'s added (either decides), one row per (segment, theme)."""
    if extra is None or extra.empty:
        return codes
    both = pd.concat([c for c in (codes, extra) if not c.empty], ignore_index=True)
    return _one_row_per_code(both)


def with_human_codes(machine: pd.DataFrame, reference: pd.DataFrame, coder: str) -> pd.DataFrame:
    """The final codes: the reference coder's on every passage they coded, the machine's elsewhere.

    ``reference`` is the coder's placed codes (``segment_id, theme_id``; an empty theme_id marks a
    passage read and left uncoded). Their codes carry the coder's id and a score of 1; the machine's
    codes on those passages stay in the coders' own tables, where agreement reads them.
    """
    coded = set(reference["segment_id"])
    human = reference[reference["theme_id"] != ""]
    rows = pd.DataFrame(
        {
            "segment_id": human["segment_id"],
            "theme_id": human["theme_id"],
            "coder": coder,
            "score": 1.0,
            "evidence": f"coded by {coder}",
        },
        columns=CODE_COLUMNS,
    )
    kept = machine[~machine["segment_id"].isin(coded)]
    both = pd.concat([c for c in (kept, rows) if len(c)], ignore_index=True) if len(kept) or len(rows) else rows
    return both.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)[CODE_COLUMNS]
