"""Split speaker turns into segments of bounded length, at sentence ends."""

from __future__ import annotations

import re


def split_turn(text: str, max_words: int) -> list[tuple[int, int]]:
    """Character spans of ``text`` cut at sentence boundaries, each at most ``max_words`` words.

    A single sentence longer than the limit stays whole rather than being cut mid-sentence.
    """
    spans: list[tuple[int, int]] = []
    sentences = [(m.start(), m.end()) for m in _sentence_spans(text)]
    current_start: int | None = None
    current_end = 0
    words = 0
    for start, end in sentences:
        n = len(text[start:end].split())
        if current_start is not None and words + n > max_words:
            spans.append((current_start, current_end))
            current_start, words = None, 0
        if current_start is None:
            current_start = start
        current_end = end
        words += n
    if current_start is not None:
        spans.append((current_start, current_end))
    return spans


def _sentence_spans(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S.*?(?:(?<=[.!?…])[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|$)", text, re.S))
