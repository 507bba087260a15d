"""Human coding anchored to the text, so that it survives re-segmentation and de-identification.

``human_codes.csv`` rows are ``doc_id, anchor, coder, theme_id``: ``anchor`` is a verbatim excerpt
of the coded passage with no name or contact detail in it; an empty ``theme_id`` records that the
coder read the passage and applied no theme (a negative, which agreement statistics need).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from qualsynth.errors import InputError
from qualsynth.inputs import read_table

COLUMNS = ["doc_id", "anchor", "coder", "theme_id"]
MIN_ANCHOR_WORDS = 5
# Tokens an anchor must avoid: pseudonyms, redaction tags, and capitalised words inside a sentence
# (which may be names that a later, stricter de-identification would replace).
_PSEUDONYM = re.compile(r"^(?:[A-Z]{2}\d{2}[A-Z]?|S-[0-9a-f]{8,12})\W*$")
_TAG = re.compile(r"\[[A-Z_]+\]")
_SAFE_CAPITALISED = {"I", "I'm", "I've", "I'd", "I'll", "I’m", "I’ve", "I’d", "I’ll"}


def anchor_for(text: str) -> str:
    """The longest run of words in ``text`` free of pseudonyms, tags and mid-sentence capitals."""
    tokens = list(re.finditer(r"\S+", text))
    best: tuple[int, int] = (0, 0)
    run_start = 0
    for index, token in enumerate(tokens + [None]):
        if token is None or not _safe(token.group(0), tokens[index - 1].group(0) if index else ""):
            if index - run_start > best[1] - best[0]:
                best = (run_start, index)
            run_start = index + 1
    if best[1] - best[0] == 0:
        return ""
    start, end = tokens[best[0]].start(), tokens[best[1] - 1].end()
    return text[start:end].strip(" ,;:—–-")


def _safe(word: str, previous: str) -> bool:
    if _PSEUDONYM.match(word) or _TAG.search(word):
        return False
    first = word.lstrip("\"'“‘(")[:1]
    sentence_start = previous == "" or previous.rstrip("\"'”’)").endswith((".", "!", "?", "…"))
    return not (first.isupper() and not sentence_start and word.strip("\"'“‘”’(),.;:!?") not in _SAFE_CAPITALISED)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_human_codes(path: Path, segments: pd.DataFrame, theme_ids: set[str],
                     withdrawn_documents: set[str] = frozenset()) -> pd.DataFrame:
    """Locate each anchored human code in the segments: ``segment_id, coder, theme_id`` rows.

    An anchor is found in the segment of its document whose text contains it; if segmentation has
    cut it in two, in the segment holding most of its words. An optional ``segment_id`` column (as
    imported from a QDA project) names the passage directly while it still exists. A row that cannot be placed, or names
    an unknown theme, is an error naming the line.
    """
    table = read_table(path)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}. The header must be {','.join(COLUMNS)}.")
    by_doc = {doc: group for doc, group in segments.groupby("doc_id")}
    known = set(segments["segment_id"])
    rows = []
    for index, row in table.iterrows():
        line = int(index) + 2
        if row["theme_id"] and row["theme_id"] not in theme_ids:
            raise InputError(f"{path}, line {line}: theme {row['theme_id']!r} is not in the codebook. "
                             "Correct the theme id or add the theme to the codebook.")
        if len(row["anchor"].split()) < 1:
            raise InputError(f"{path}, line {line}: the anchor is empty. Copy a phrase of the coded passage.")
        # A table imported from a QDA project names the passage itself; an anchor finds it otherwise.
        given = row.get("segment_id", "")
        segment_id = given if given in known else _locate(row["anchor"], by_doc.get(row["doc_id"]))
        if segment_id is None and row["doc_id"] in withdrawn_documents:
            continue  # the coded passage may belong to a participant who has since withdrawn
        if segment_id is None:
            raise InputError(
                f"{path}, line {line}: the anchor is not in any passage of document {row['doc_id']!r}. "
                "Check the doc_id, or copy the anchor again from the passage."
            )
        rows.append({"segment_id": segment_id, "coder": row["coder"], "theme_id": row["theme_id"]})
    return pd.DataFrame(rows, columns=["segment_id", "coder", "theme_id"]).drop_duplicates().reset_index(drop=True)


def _locate(anchor: str, segments: pd.DataFrame | None) -> str | None:
    if segments is None:
        return None
    wanted = _normalise(anchor)
    texts = {sid: _normalise(text) for sid, text in zip(segments["segment_id"], segments["text"])}
    for segment_id, text in texts.items():
        if wanted in text:
            return segment_id
    words = wanted.split()
    best, best_count = None, 0
    for segment_id, text in texts.items():
        count = sum(1 for n in range(len(words), 0, -1) if " ".join(words[:n]) in text or " ".join(words[-n:]) in text)
        if count > best_count:
            best, best_count = segment_id, count
    return best if best_count >= min(MIN_ANCHOR_WORDS, len(words)) else None
