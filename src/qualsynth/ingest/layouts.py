"""Speaker turns from a transcript's lines, in the layouts transcription tools and teams write.

A line (a paragraph, in a Word or OpenDocument file) is one of three kinds:

* a **labelled line**: a speaker label and the turn's first words on one line: ``Name: text``,
  ``[00:01:02] Name: text``, ``Name (00:01): text``, ``Name [00:01:02]: text``, ``**Name:** text``;
* a **header**: a speaker label alone, with a time or a colon or in bold, the turn's words on the lines
  below: ``Name  0:03`` (Otter, Teams), ``Name (00:01):`` (Rev), ``00:00:03 Speaker 1`` (Word),
  ``[00:01:02] Name``, ``Name [00:01:02]``, ``**Name**``; or a name the inquiry knows, alone on a line;
* **text**: anything else, which continues the turn above it.

A document is then read in one of four layouts, detected from its lines or named in the register's
``layout`` column: ``labels`` (every turn labelled, by a labelled line or a header), ``interviewer_only``
(only the research team is labelled, as in many think-aloud and interview transcripts: the unlabelled
paragraphs between their lines are the document's participant's), and ``one_speaker`` (no labels: the
whole text is the participant's, such as a written reflection). Lines before the first label that are
few and short are a title block, set apart; anything longer is an error that says what was seen and
which layouts were tried. A timestamp at the start of a line or paragraph is not part of the words.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualsynth.errors import InputError
from qualsynth.ingest.deidentify import normalise_label

AUTO, LABELS, INTERVIEWER_ONLY, ONE_SPEAKER = "auto", "labels", "interviewer_only", "one_speaker"
LAYOUTS = (AUTO, LABELS, INTERVIEWER_ONLY, ONE_SPEAKER)
# The speaker of unlabelled text in the interviewer-only and one-speaker layouts: the register's participant.
UNLABELLED = ""
# The speaker of an observer's or note-taker's own account (the research team's: kept, never coded).
NARRATOR = "(note-taker)"
TRIED = (
    "'Name: text' lines (also with a time: '[00:01:02] Name: text', 'Name (00:01): text'); "
    "a name and a time on a line of their own with the words below (Otter, Rev, Teams, Word); "
    "names in bold; only the interviewer labelled, the rest the participant's (needs the register's "
    "'participant' column)"
)
# A title block before the first turn: at most this many lines, none longer than this many words.
PREAMBLE_LINES, PREAMBLE_WORDS = 8, 25

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[:.,]\d{1,3})?"
# A time as tools write it: bare, in brackets or parentheses (Markdown may escape the brackets).
_STAMP = rf"(?:\\?\[{_TIME}\\?\]|\({_TIME}\)|{_TIME})"
# A label is one to five words: capitalised words, numbers ("Speaker 2") and name particles, so that
# "so what I said was: ..." inside a turn is not taken for a speaker.
_PARTICLES = r"(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|al|el|y|ap)"
_WORD = r"[^\W\d_a-z][\w'’.\-]*"
_LABEL = rf"{_WORD}(?:[ \t]+(?:{_WORD}|\d+(?!\d|[:.,]\d)|{_PARTICLES}\b))*"
_LINE = re.compile(
    rf"^\s*(?:{_STAMP}\s*(?:[-–]\s*)?)?"
    rf"(?:\*\*(?P<bold>{_LABEL})\s*(?P<bold_colon>:)?\s*\*\*|(?P<label>{_LABEL}))"
    rf"[ \t]*(?P<stamp>{_STAMP})?[ \t]*(?P<colon>:)?[ \t]*(?:{_STAMP}[ \t]*)?(?P<text>.*?)\s*$"
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")  # bold marks are no words
# A time at the start of a line of words: in brackets, or with its seconds ("10:30 was when I arrived" is words).
_LEADING_STAMP = re.compile(
    rf"^\s*(?:\\?\[{_TIME}\\?\]|\({_TIME}\)|\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d+)?)\s*(?:[-–]\s*)?"
)
# Lines a transcription tool adds that nobody said: Otter's credit line, Teams' start and stop notices.
_FOOTER = re.compile(
    r"^(?:transcribed by\s+https?://\S*otter\.ai\S*|.{1,60}\s(?:started|stopped) transcription)\s*$", re.I
)
# Words that start a sentence, not a speaker's name ("And Mary: she said no", "Well Tom: he is my boss").
_NOT_A_NAME = frozenset(
    "and but so then because when if well also now or yes no oh okay ok right anyway actually".split()
)
_DIARISED = re.compile(r"^(?:speaker|spk|sprecher|intervenant)\s*\d+$", re.I)
_MAX_LABEL_WORDS = 5


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the line (or paragraph) it starts on, the raw label and the text. In the
    interviewer-only and one-speaker layouts the participant's turns have the label ``UNLABELLED``."""

    line: int
    label: str
    text: str


@dataclass(frozen=True)
class Transcript:
    """A document's turns, the title lines set apart before them, and the layout it was read in."""

    turns: list[Turn]
    preamble: list[int] = field(default_factory=list)
    layout: str = LABELS
    notices: list[int] = field(default_factory=list)  # lines a tool added that nobody said


@dataclass(frozen=True)
class Hints:
    """What the inquiry knows that helps read a layout: every label that names someone (normalised:
    see ``key``), the research team's labels, whether the register names the document's participant, and
    whether the document names its observer or note-taker, whose account before the first speaker it is."""

    known: frozenset[str] = frozenset()
    team: frozenset[str] = frozenset()
    participant: bool = False
    layout: str = AUTO
    narrator: bool = False  # the document names its observer or note-taker (research team) in its header


@dataclass(frozen=True)
class _Line:
    number: int
    kind: str  # "labelled", "header" or "text"
    label: str
    text: str
    raw: str = ""

    def as_text(self) -> _Line:
        """The line read as words, not as a label ("Location: Cork." said by the participant)."""
        return _Line(self.number, "text", "", _BOLD.sub(r"\1", _LEADING_STAMP.sub("", self.raw)).strip(), self.raw)


def is_time(cell: str) -> bool:
    """Whether a table cell holds a time and nothing else."""
    return bool(re.fullmatch(rf"\s*{_STAMP}\s*", cell))


def without_time(cell: str) -> str:
    """A cell (a speaker's, say) without the time a tool wrote beside the name."""
    return re.sub(_STAMP, "", cell).strip()


def key(label: str) -> str:
    """A label as labels are matched: case, punctuation and spacing ignored."""
    return normalise_label(label)


def classify(line: str, known: Iterable[str] = ()) -> tuple[str, str, str]:
    """(kind, label, text) of one line: ``labelled``, ``header`` or ``text``."""
    match = _LINE.match(line)
    if match and (match["bold"] or match["label"]).split()[0].casefold() not in _NOT_A_NAME:
        label = (match["bold"] or match["label"]).strip()
        text = match["text"]
        bold = match["bold"] is not None
        colon = bool(match["colon"] or match["bold_colon"])
        stamped = match["stamp"] is not None or bool(_LEADING_STAMP.match(line))
        short = len(label.split()) <= _MAX_LABEL_WORDS
        if short and text and colon:
            return "labelled", label, _LEADING_STAMP.sub("", text)
        if short and not text and (colon or bold or stamped or key(label) in known or _DIARISED.match(label)):
            return "header", label, ""
    return "text", "", _BOLD.sub(r"\1", _LEADING_STAMP.sub("", line)).strip()


def parse_transcript(
    text: str | Sequence[tuple[int, str]], source: Path | str, first_line: int = 1, hints: Hints | None = None
) -> Transcript:
    """The turns of a transcript given as text (numbered from ``first_line``) or as numbered paragraphs.

    ``first_line`` is the file line that ``text`` starts on (after a front-matter block), so that
    messages and exclusions name the line a researcher sees in their editor.
    """
    hints = hints or Hints()
    numbered = list(enumerate(text.split("\n"), start=first_line)) if isinstance(text, str) else list(text)
    every = [_Line(n, *classify(raw, hints.known), raw) for n, raw in numbered if raw.strip()]
    if not every:
        raise InputError(f"{source}: the document is empty. Add its text, or remove it from the register.")
    notices = [line.number for line in every if line.kind == "text" and _FOOTER.match(line.text)]
    lines = [line for line in every if line.number not in notices]
    layout = _layout(lines, hints, source)
    if layout == ONE_SPEAKER:
        return Transcript([Turn(lines[0].number, UNLABELLED, _join(line.text for line in lines))], [], layout, notices)
    if layout == INTERVIEWER_ONLY:
        # A title set in bold or with a time (a header that names no one) before anything else is set apart.
        title = list(
            itertools.takewhile(lambda line: line.kind == "header" and key(line.label) not in hints.team, lines)
        )
        team = [line if line.kind == "text" or key(line.label) in hints.team else line.as_text() for line in lines]
        turns = _interviewer_only(team[len(title) :])
        return Transcript(turns, [line.number for line in title], layout, notices)
    first = _first_turn(lines, hints)
    preamble = lines[:first]
    turns = _labelled(lines[first:])
    if len(preamble) > PREAMBLE_LINES or any(len(line.text.split()) > PREAMBLE_WORDS for line in preamble):
        if hints.narrator:  # the observer's or note-taker's own account, before the first speaker
            opening = Turn(preamble[0].number, NARRATOR, _join(line.text for line in preamble))
            return Transcript([opening, *turns], [], LABELS, notices)
        longest = max(len(line.text.split()) for line in preamble)
        raise InputError(
            f"{source}, line {preamble[0].number}: {len(preamble)} line(s) of text (the longest {longest} words) "
            f"before the first speaker label on line {lines[first].number}: too much for a title. Tried: {TRIED}. "
            "Label each turn ('Name: text'); if only the interviewer is labelled, name the document's participant "
            "in the register's 'participant' column; if it is the research team's own account (an observer's "
            "notes), name the note-taker in a header block ('---', 'observer: …', '---') or label it with one of "
            "ingest.interviewer_labels."
        )
    return Transcript(turns, [line.number for line in preamble], LABELS, notices)


def _first_turn(lines: Sequence[_Line], hints: Hints) -> int:
    """Where the turns start: the first label, passing over lines of a title block shaped like one ("Duration:
    41 min" after a title): a label that occurs once in the document and names no one the inquiry knows."""
    labelled = [i for i, line in enumerate(lines) if line.kind != "text"]
    if labelled[0] == 0:
        return 0
    counts: dict[str, int] = {}
    for line in lines:
        if line.kind != "text":
            counts[key(line.label)] = counts.get(key(line.label), 0) + 1
    for i in labelled:
        label = key(lines[i].label)
        title_like = lines[i].kind == "labelled" and counts[label] == 1
        if not title_like or label in hints.known or _DIARISED.match(label) or i == labelled[-1]:
            return i
    return labelled[0]


def _layout(lines: Sequence[_Line], hints: Hints, source: Path | str) -> str:
    labels = {key(line.label) for line in lines if line.kind != "text"}
    counts = Counter(key(line.label) for line in lines if line.kind != "text")
    if hints.layout != AUTO:
        if hints.layout in (INTERVIEWER_ONLY, ONE_SPEAKER) and not hints.participant:
            raise InputError(
                f"{source}: the register gives the layout {hints.layout!r}, whose unlabelled text is the "
                "document's participant's, but no participant. Add their participant_id in the 'participant' column."
            )
        if hints.layout == INTERVIEWER_ONLY:
            written = {key(line.label): line.label for line in reversed(lines) if line.kind != "text"}
            repeated = sorted(written[label] for label, n in counts.items() if n > 1 and label not in hints.team)
            if not labels & hints.team or repeated:
                raise InputError(
                    f"{source}: the register gives the layout 'interviewer_only', but "
                    + (
                        f"the label(s) {', '.join(map(repr, repeated))} recur and are no research team label"
                        if repeated
                        else "no line carries a research team label"
                    )
                    + ". Add the interviewer's label to ingest.interviewer_labels (or map it as 'label=interviewer' in "
                    "the register's 'speakers' column)."
                )
        if hints.layout == LABELS and not labels:
            raise _no_labels(source, lines)
        return hints.layout
    if not labels:
        if hints.participant:
            return ONE_SPEAKER
        raise _no_labels(source, lines)
    # Only the research team is labelled: the rest is the participant's, whose words may hold a label's shape
    # now and then ("Location: Cork."), a label used once that names no one the inquiry knows.
    team = {label for label in labels if label in hints.team}
    stray = labels - team
    team_only = bool(team) and all(label not in hints.known and counts[label] == 1 for label in stray)
    unlabelled = any(line.kind == "text" for line in lines)
    if team_only and unlabelled and hints.participant:
        return INTERVIEWER_ONLY
    return LABELS


def _no_labels(source: Path | str, lines: Sequence[_Line]) -> InputError:
    words = sum(len(line.text.split()) for line in lines)
    return InputError(
        f"{source}: no speaker label found in its {len(lines)} line(s) of text ({words} words). Tried: {TRIED}. "
        "Label each turn ('Name: text'); or, if the whole "
        "text is one participant's (a written reflection, say), name them in the register's 'participant' column."
    )


def _labelled(lines: Sequence[_Line]) -> list[Turn]:
    """Turns from labelled lines and headers; text continues the turn above. A header for the speaker who
    has the turn already continues it (tools that cut a long turn into timed blocks)."""
    turns: list[tuple[int, str, list[str]]] = []
    for line in lines:
        if line.kind == "text":
            turns[-1][2].append(line.text)
        elif line.kind == "header" and turns and key(turns[-1][1]) == key(line.label):
            continue
        else:
            turns.append((line.number, line.label, [line.text]))
    return [Turn(number, label, _join(parts)) for number, label, parts in turns]


def _interviewer_only(lines: Sequence[_Line]) -> list[Turn]:
    """The team's labelled lines are their turns, one paragraph each (a header takes the text below it);
    every other run of paragraphs is the participant's turn."""
    turns: list[tuple[int, str, list[str]]] = []
    open_header = False
    for line in lines:
        if line.kind == "labelled":
            turns.append((line.number, line.label, [line.text]))
            open_header = False
        elif line.kind == "header":
            turns.append((line.number, line.label, []))
            open_header = True
        elif turns and (open_header or turns[-1][1] == UNLABELLED):
            turns[-1][2].append(line.text)
        else:
            turns.append((line.number, UNLABELLED, [line.text]))
    return [Turn(number, label, _join(parts)) for number, label, parts in turns]


def _join(parts: Iterable[str]) -> str:
    return " ".join(" ".join(parts).split())
