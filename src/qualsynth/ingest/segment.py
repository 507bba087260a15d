"""Split transcripts into speaker turns and turns into segments of bounded length."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualsynth.errors import InputError

# "Name: text", "[00:12:31] Name: text", "00:12:31 Name: text" or "**Name:** text". A label is one
# to four capitalised words, so "so what I said was: ..." inside a turn is not taken for a speaker.
_LABEL = r"[^\W\d_a-z][\w'’.-]*(?:[ \t]+[^\W\d_a-z][\w'’.-]*){0,3}"
_TURN = re.compile(
    r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\]?\s+)?"
    rf"(?:\*\*(?P<md_label>{_LABEL})(?::\*\*|\*\*:)|(?P<label>{_LABEL})\s*:)\s+(?P<text>\S.*)$"
)


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the 1-based line it starts on, the raw label and the text."""

    line: int
    label: str
    text: str


def parse_transcript(text: str, source: Path | str, first_line: int = 1) -> list[Turn]:
    """Parse ``Label: text`` lines into turns; unlabelled lines continue the previous turn.

    ``first_line`` is the file line that ``text`` starts on (after a front-matter block), so that
    messages and exclusions name the line a researcher sees in their editor.
    """
    turns: list[Turn] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        match = _TURN.match(line)
        if match:
            label = match["md_label"] or match["label"]
            turns.append(Turn(number, label.strip(), match["text"].strip()))
        elif turns:
            last = turns[-1]
            turns[-1] = Turn(last.line, last.label, f"{last.text} {line.strip()}")
        else:
            raise InputError(
                f"{source}, line {number}: text before the first speaker label. "
                "Start each turn with 'Name: ...' (or '[hh:mm:ss] Name: ...')."
            )
    if not turns:
        raise InputError(f"{source}: no speaker turns found. Label each turn as 'Name: ...'.")
    return turns


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
