"""Themes spoken of as a help or a hindrance, and the words that carry each side (rule ``synthesise``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from qualsynth.synthesis import bootstrap_shares, percentile_interval, raised_matrix

ALL_PLACES = "All places"
SIDES = ["help", "hindrance", "both"]
STANCE_COLUMNS = [
    "label", "place", "help_theme", "hindrance_theme", "docs", "participants",
    *[column for side in SIDES for column in (f"{side}_docs", f"share_{side}", f"share_{side}_lo", f"share_{side}_hi")],
    "help_evidence", "hindrance_evidence", "suppressed",
]


def stance_table(
    segments: pd.DataFrame, codes: pd.DataFrame, pairs: Sequence[dict[str, str]],
    n_bootstrap: int = 1000, seed: int = 0, min_cell_size: int = 1, n_terms: int = 5,
) -> pd.DataFrame:
    """For each pair (``label``, ``help`` theme, ``hindrance`` theme), overall and in each place:
    the share of documents raising each side, and raising both, with 95% document-bootstrap
    intervals, and the commonest matched words on each side (the rules coder's evidence).

    A place resting on fewer than ``min_cell_size`` participants has its shares blanked.
    """
    said = segments[segments["is_participant"]]
    coded = said.merge(codes[["segment_id", "theme_id", "evidence"]], on="segment_id")
    rng = np.random.default_rng(seed)
    rows = []
    for pair in pairs:
        sides = [pair["help"], pair["hindrance"]]
        for place in [ALL_PLACES, *sorted(set(said["place"]))]:
            here = said if place == ALL_PLACES else said[said["place"] == place]
            here_coded = coded if place == ALL_PLACES else coded[coded["place"] == place]
            raised = raised_matrix(here["doc_id"], here_coded, sides)
            both = raised.min(axis=1, keepdims=True)
            low, high = percentile_interval(bootstrap_shares(np.hstack([raised, both]), n_bootstrap, rng))
            people = here["participant_id"].nunique()
            row = {"label": pair["label"], "place": place, "help_theme": sides[0], "hindrance_theme": sides[1],
                   "docs": raised.shape[0], "participants": people}
            for k, name in enumerate(SIDES):
                column = raised[:, k] if k < 2 else both[:, 0]
                row[f"{name}_docs"] = int(column.sum())
                row[f"share_{name}"] = round(float(column.mean()), 4) if len(column) else float("nan")
                row[f"share_{name}_lo"], row[f"share_{name}_hi"] = low[k], high[k]
            for name, theme in zip(["help", "hindrance"], sides):
                row[f"{name}_evidence"] = evidence_terms(here_coded.loc[here_coded["theme_id"] == theme, "evidence"],
                                                         n_terms)
            row["suppressed"] = people < min_cell_size
            rows.append(row)
    out = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    if not out.empty:
        hidden = [c for c in out.columns if c.startswith("share_") or c.endswith(("_docs", "_evidence"))]
        out[hidden] = out[hidden].astype(object)
        out.loc[out["suppressed"], hidden] = None
    return out


def evidence_terms(evidence: pd.Series, n_terms: int) -> str:
    """The ``n_terms`` commonest words the rules coder matched, as "word (count); …".

    Evidence from the supervised coder (model probabilities) is not words people said, so it is
    left out.
    """
    counts: Counter[str] = Counter()
    for text in evidence:
        for part in str(text).split(" || "):
            if part and not part.startswith("p="):
                counts.update(term.strip().lower() for term in part.split(" | ") if term.strip())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n_terms]
    return "; ".join(f"{term} ({count})" for term, count in ranked)


def stance_summary(table: pd.DataFrame) -> list[dict[str, object]]:
    """The all-places row of each pair, for the report's prose."""
    rows = table[table["place"] == ALL_PLACES]
    keep = [c for c in STANCE_COLUMNS if c not in ("place", "participants", "suppressed")]
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in rows[keep].to_dict("records")]
