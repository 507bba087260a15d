"""Code segments to themes (rule ``code_themes``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from qualsynth.codebook import Theme

CODE_COLUMNS = ["segment_id", "theme_id", "coder", "score", "evidence"]


def keyword_pattern(keywords: Iterable[str], patterns: Iterable[str] = ()) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of any keyword (plural "s"/"es" allowed) or pattern."""
    words = [re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keywords, key=lambda k: (-len(k), k))]
    alternatives = [rf"(?:{'|'.join(words)})(?:e?s)?"] if words else []
    alternatives += [f"(?:{p})" for p in patterns]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.I)


def code_themes(segments: pd.DataFrame, themes: Iterable[Theme]) -> pd.DataFrame:
    """Rules coder: one row per participant segment and theme whose keywords it contains.

    Evidence is the matched text, joined with " | "; the score is the number of matches.
    """
    participant = segments[segments["is_participant"]]
    rows = []
    for theme in themes:
        pattern = keyword_pattern(theme.keywords, theme.patterns)
        for segment_id, text in zip(participant["segment_id"], participant["text"]):
            hits = [m.group(0) for m in pattern.finditer(text)]
            if hits:
                rows.append({"segment_id": segment_id, "theme_id": theme.id, "coder": "rules",
                             "score": float(len(hits)), "evidence": " | ".join(hits)})
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)
