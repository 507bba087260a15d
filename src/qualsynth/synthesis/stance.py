"""Themes spoken of as a help or a hindrance, and the words that carry each side (rule ``synthesise``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from qualsynth.synthesis.estimates import Estimates

ALL_PLACES = "All places"
SIDES = ["help", "hindrance", "both"]
STANCE_COLUMNS = [
    "label",
    "place",
    "help_theme",
    "hindrance_theme",
    "units",
    "participants",
    *[
        column
        for side in SIDES
        for column in (f"share_{side}", f"share_{side}_lo", f"share_{side}_hi", f"estimator_{side}")
    ],
    "help_evidence",
    "hindrance_evidence",
]


def stance_table(
    estimates: Estimates,
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    pairs: Sequence[dict[str, str]],
    n_terms: int = 5,
) -> pd.DataFrame:
    """For each pair (``label``, ``help`` theme, ``hindrance`` theme), overall and in each place: the
    estimated share of units raising each side, and raising both, with 95% intervals, and the
    commonest matched words on each side (the rules coder's evidence).
    """
    said = segments[segments["is_participant"]]
    coded = said.merge(codes[["segment_id", "theme_id", "evidence"]], on="segment_id")
    # Each place's rows taken once, not filtered from the whole table for every pair and place.
    said_in = dict(tuple(said.groupby("place", sort=True)))
    coded_in = dict(tuple(coded.groupby("place", sort=True)))
    rows = []
    for pair in pairs:
        sides = [pair["help"], pair["hindrance"]]
        for place in [ALL_PLACES, *sorted(set(said["place"]))]:
            where = {} if place == ALL_PLACES else {"place": place}
            here = said if place == ALL_PLACES else said_in[place]
            here_coded = coded if place == ALL_PLACES else coded_in.get(place, coded.iloc[:0])
            people = here["participant_id"].nunique()
            row = {
                "label": pair["label"],
                "place": place,
                "help_theme": sides[0],
                "hindrance_theme": sides[1],
                "units": here["unit_id"].nunique(),
                "participants": people,
            }
            for name, (theme, joint) in zip(SIDES, [(sides[0], None), (sides[1], None), (sides[0], sides[1])]):
                estimate = estimates.share(theme, where or None, joint=joint)[0]
                row[f"share_{name}"] = round(estimate.estimate, 4)
                row[f"share_{name}_lo"] = round(estimate.low, 4) if estimate.low == estimate.low else float("nan")
                row[f"share_{name}_hi"] = round(estimate.high, 4) if estimate.high == estimate.high else float("nan")
                row[f"estimator_{name}"] = estimate.method
            for name, theme in zip(["help", "hindrance"], sides):
                row[f"{name}_evidence"] = evidence_terms(
                    here_coded.loc[here_coded["theme_id"] == theme, "evidence"], n_terms
                )
            rows.append(row)
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)


def evidence_terms(evidence: pd.Series, n_terms: int) -> str:
    """The ``n_terms`` commonest words the rules coder matched, as "word (count); …".

    Evidence from the supervised coder (model probabilities) is not words people said, so it is
    left out.
    """
    counts: Counter[str] = Counter()
    for text in evidence:
        for part in str(text).split(" || "):
            # A model's probability, or a human coder's name, is not words anyone said.
            if part and not part.startswith(("p=", "coded by ")):
                counts.update(term.strip().lower() for term in part.split(" | ") if term.strip())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n_terms]
    return "; ".join(f"{term} ({count})" for term, count in ranked)


def stance_summary(table: pd.DataFrame) -> list[dict[str, object]]:
    """The all-places row of each pair, for the report's prose."""
    rows = table[table["place"] == ALL_PLACES]
    keep = [c for c in STANCE_COLUMNS if c not in ("place", "participants", "suppressed")]
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in rows[keep].to_dict("records")
    ]
