"""Replace names with pseudonyms, other people's names with [NAME], and contact details with tags.

Three kinds of replacement, applied in one pass so that every replacement's span is recorded in
the de-identified text:

1. Roster names and aliases (and the first name of each full name, possessives included) → the
   participant's pseudonym (:class:`NameIndex`). A first name or alias takes a pseudonym only in a
   document that supports it (the participant speaks there, or their full name is given); elsewhere,
   or where two participants share it, it becomes ``[NAME]``: a participant's pseudonym is never
   given to someone else.
2. Contact details (email, URL, UK phone number, postcode, street address), the config's
   ``redact_terms`` → a category tag such as ``[EMAIL]`` or ``[REDACTED]``, and its ``always_redact``
   → ``[NAME]``.
3. Names of third parties, found in context by :mod:`qualsynth.ingest.persons` (a named-entity model,
   rules and keep-lists) → ``[NAME]``.

Every decision about a capitalised run, replaced or kept, comes back as a :class:`Decision` with its
reason, for the team's review file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from qualsynth.ingest.keeplists import KeepLists, bundled, fold
from qualsynth.ingest.persons import (
    NICKNAMES,
    TITLES,
    PersonFinder,
    bare_name,
    find_in_document,
    person_entities,
    roster_cue,
    sentence_initial,
)

# Patterns for UK contact details; overlaps with other matches are resolved by span (longest wins).
CONTACT_PATTERNS: dict[str, re.Pattern[str]] = {
    "EMAIL": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "URL": re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I),
    "PHONE": re.compile(r"(?<!\w)(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?!\w)"),
    "POSTCODE": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"),
    "ADDRESS": re.compile(
        r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}"
        r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Way|Place|Court|Terrace|Crescent|Grove|Gardens|Row)\b"
    ),
}


@dataclass(frozen=True)
class Redaction:
    """A replacement made in de-identified text: its span there, its category and replacement."""

    start: int
    end: int
    category: str
    replacement: str


def normalise_label(label: str) -> str:
    """Case- and punctuation-insensitive key for matching speaker labels and names."""
    folded = unicodedata.normalize("NFKC", label).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def name_variants(names: Iterable[str]) -> list[str]:
    """Names and aliases, plus the first name of each multi-word name (never a title such as "Dr")."""
    variants: list[str] = []
    for name in names:
        variants.append(name)
        parts = name.split()
        if len(parts) > 1 and parts[0].casefold().rstrip(".") not in TITLES:
            variants.append(parts[0])
    return list(dict.fromkeys(variants))


# Roster names are matched part by part, so that "ring-Ben-first" holds "Ben" and "Rudd-Abbott" is two parts.
_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


# Words that make a first name someone's nickname: "Big Dan" is not the participant Dan.
# "I'm Dan", "call me Dan": a speaker naming themselves. "the other Dan": someone else.
_SELF = re.compile(r"(?:\bI['’]m|\bI am|\bcall me|\bcalled|\bname['’]s|\bname is|\bit['’]s)\s+$", re.I)
_OTHER = re.compile(r"\bother\s+$", re.I)


@dataclass(frozen=True)
class RosterName:
    """One way the roster writes a participant's name, and whether it needs the document's support."""

    words: tuple[str, ...]
    participant_id: str
    # A first name or a one-word alias names the participant only where the document supports it.
    short: bool


class NameIndex:
    """Find the roster's names in text, word by word, possessives included.

    Matching is case-sensitive ("Hope" the participant, not "hope" the verb) except for a name that is no
    ordinary word, which is matched in any case ("priya" in a survey answer). A name is matched only as
    whole words: never inside another word or an id ("DC02" in "DC1002"), never in the name of a
    saint's day or an institution ("St David's Hospice", "Hope Street"), and a name that is also an
    ordinary word is not matched where it opens a sentence unless the model reads a person there
    ("Will you…", but "Will said…").
    """

    def __init__(self, names: Mapping[str, str] | Iterable[tuple[str, str]], keep: KeepLists | None = None) -> None:
        """``names``: each roster name, alias and first name with its participant's id; a name may be
        given for two participants (two Sams), and is then nobody's in particular."""
        pairs = list(names.items()) if isinstance(names, Mapping) else list(names)
        self._keep = keep if keep is not None else bundled()
        self._entries: dict[tuple[str, ...], list[RosterName]] = {}
        full = {n for n, _ in pairs if len(_PART.findall(n)) > 1}
        for name, pid in pairs:
            words = tuple(_PART.findall(name))
            if not words:
                continue
            entry = RosterName(words, pid, short=name not in full)
            self._entries.setdefault(self._key(words), []).append(entry)
        self._longest = max((len(k) for k in self._entries), default=0)
        # Most words start no name: checking the first word against this set skips them cheaply.
        self._firsts = {k[0] for k in self._entries}

    def _key(self, words: Sequence[str]) -> tuple[str, ...]:
        return tuple(fold(w) for w in words)

    def find(
        self,
        text: str,
        supported: frozenset[str] | None = None,
        ner: Callable[[str], list[tuple[int, int]]] | None = None,
        speaker: str | None = None,
    ) -> list[tuple[int, int, str]]:
        """(start, end, participant_id or "") of each roster name, longest first at each position.

        ``supported``: the participants this text's document supports (its speakers, and those whose full
        name it gives); a first name or alias of anyone else becomes "" (a generic name), as does one
        that two supported participants share. ``None`` supports everyone (a text on its own).
        ``speaker``: who says the text. People do not call themselves by their first name, so the
        speaker's own short name in their own words is someone else's ("Dan reckoned I was decent"),
        unless they introduce themselves ("I'm Dan").
        """
        words = list(_PART.finditer(text))
        found: list[tuple[int, int, str]] = []
        entities: list[tuple[int, int]] | None = None
        i = 0
        while i < len(words):
            first = fold(bare_name(words[i].group(0)))
            if first not in self._firsts and fold(words[i].group(0)) not in self._firsts:
                i += 1
                continue
            hit = self._match_at(text, words, i)
            if hit is None:
                i += 1
                continue
            n, end, entries = hit
            start = words[i].start()
            if n == 1 and self._someone_else(text, words, i):
                found.append((start, end, ""))  # another person's name; the finder may widen it ("Dan Morgan")
                i += 1
                continue
            if n == 1 and self._ordinary_here(text, words, i):
                if entities is None:
                    entities = (ner or person_entities)(text)
                if not any(s <= start < e for s, e in entities):
                    i += 1
                    continue
            owners = sorted({e.participant_id for e in entries if self._owns(e, text, start, supported, speaker)})
            found.append((start, end, owners[0] if len(owners) == 1 else ""))
            i += n
        return found

    @staticmethod
    def _owns(entry: RosterName, text: str, start: int, supported: frozenset[str] | None, speaker: str | None) -> bool:
        """Whether this mention is of the entry's participant (see :meth:`find`)."""
        if not entry.short:
            return True
        if _OTHER.search(text[max(0, start - 10) : start]):
            return False  # "the other Dan"
        if entry.participant_id == speaker and not _SELF.search(text[max(0, start - 16) : start]):
            return False
        return supported is None or entry.participant_id in supported

    def _someone_else(self, text: str, words: list[re.Match[str]], i: int) -> bool:
        """Whether a one-word name is part of another person's name: "Big Dan", "Dan Morgan" (the
        participant is Dan Price); the people finder then replaces it as a third party's."""
        if i + 1 < len(words) and text[words[i].end() : words[i + 1].start()] == " ":
            if words[i + 1].group(0)[:1].isupper():
                return True
        if i > 0 and text[words[i - 1].end() : words[i].start()] == " ":
            return fold(words[i - 1].group(0)) in NICKNAMES
        return False

    def _ordinary_here(self, text: str, words: list[re.Match[str]], i: int) -> bool:
        """Whether a one-word name could be an ordinary word where it stands (it opens a sentence)."""
        key = fold(bare_name(words[i].group(0)))
        return (
            key in self._keep.name_words
            and sentence_initial(text, words[i].start())
            and not roster_cue(text, words[i].end())
        )

    def _match_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, int, list[RosterName]] | None:
        if words[i].start() > 0 and text[words[i].start() - 1].isalnum():
            return None
        before = fold(words[i - 1].group(0)) if i > 0 else ""
        if before in {"st", "saint"} and text[words[i - 1].end() : words[i].start()] in {" ", ". "}:
            return None
        for n in range(min(self._longest, len(words) - i), 0, -1):
            span = words[i : i + n]
            if any(text[a.end() : b.start()] not in {" ", "-"} for a, b in zip(span, span[1:])):
                continue
            written = [w.group(0) for w in span]
            bare = bare_name(written[-1])
            for last in dict.fromkeys([written[-1], bare]):
                candidates = self._entries.get(self._key([*written[:-1], last]))
                if not candidates:
                    continue
                end = span[-1].start() + len(last)
                if end < len(text) and (text[end].isalnum() or text[end] in "_"):
                    continue
                if self._institution_follows(text, words, i + n):
                    continue
                matching = [e for e in candidates if self._written_as(e, [*written[:-1], last], text, end)]
                if matching:
                    return n, end, matching
        return None

    def _written_as(self, entry: RosterName, written: Sequence[str], text: str, end: int) -> bool:
        if list(entry.words) == list(written):
            return True
        # A name that is no ordinary word may be written in any case ("priya", "PRIYA"); one that is
        # ("grace") only where what follows makes it a name ("grace at the pantry").
        return not any(fold(w) in self._keep.lower_case_words for w in entry.words) or roster_cue(text, end)

    def _institution_follows(self, text: str, words: list[re.Match[str]], after: int) -> bool:
        if after >= len(words) or text[words[after - 1].end() : words[after].start()] != " ":
            return False
        nxt = words[after].group(0)
        return nxt[:1].isupper() and fold(nxt) in self._keep.place_org_words


@dataclass(frozen=True)
class Decision:
    """A name or capitalised run in the original text, what was done with it and why (for the review file)."""

    start: int
    end: int
    decision: str  # "replaced" | "kept"
    category: str
    reason: str


@dataclass(frozen=True)
class Scrubbed:
    """A passage after de-identification: its text, the replacements (spans in the new text), the decisions."""

    text: str
    redactions: list[Redaction]
    decisions: list[Decision]


def deidentify_passage(
    text: str,
    names: NameIndex | None,
    *,
    people: PersonFinder | None = None,
    redact_terms: Sequence[str] = (),
    always_redact: Sequence[str] = (),
    supported: frozenset[str] | None = None,
    found_people: Sequence[tuple[int, int, str, str]] | None = None,
    speaker: str | None = None,
) -> Scrubbed:
    """De-identify one passage. ``supported``: the participants its document supports (see
    :meth:`NameIndex.find`); ``found_people``: :class:`~qualsynth.ingest.persons.PersonFinder` decisions
    (start, end, decision, reason) made already with the whole document in view."""
    found: list[tuple[int, int, str, str]] = []
    reasons: dict[tuple[int, int], str] = {}
    if names is not None:
        for s, e, pid in names.find(text, supported, speaker=speaker):
            found.append((s, e, "NAME", pid or "[NAME]"))
            reasons[(s, e)] = "a participant (roster)" if pid else "a roster name no one participant owns here"
    for category, pattern in CONTACT_PATTERNS.items():
        found += [(m.start(), m.end(), category, f"[{category}]") for m in pattern.finditer(text)]
    for term in redact_terms:
        found += [
            (m.start(), m.end(), "TERM", "[REDACTED]")
            for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.I)
        ]
    for term in always_redact:
        for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text):
            found.append((m.start(), m.end(), "OTHER_NAME", "[NAME]"))
            reasons[(m.start(), m.end())] = "ingest.always_redact"
    if found_people is None and people is not None:
        found_people = [(c.start, c.end, c.decision, c.reason) for c in people.find(text)]
    listed = [(s, e) for s, e, _, _ in found]
    kept: list[tuple[int, int, str]] = []
    for s, e, decision, reason in found_people or ():
        if decision != "person":
            kept.append((s, e, reason))
        elif not any(ls <= s and e <= le for ls, le in listed):
            # A person's name wider than a roster match ("Dan Morgan" over "Dan") wins; within one, the roster does.
            found.append((s, e, "OTHER_NAME", "[NAME]"))
            reasons[(s, e)] = reason
    new_text, redactions, applied = _apply(text, found)
    replaced = [Decision(s, e, "replaced", c, reasons.get((s, e), c.lower())) for s, e, c, _ in applied]
    unreplaced = [
        Decision(s, e, "kept", "", reason)
        for s, e, reason in kept
        if not any(s < ae and as_ < e for as_, ae, _, _ in applied)
    ]
    return Scrubbed(new_text, redactions, sorted(replaced + unreplaced, key=lambda d: (d.start, d.end)))


def deidentify_text(
    text: str,
    names: NameIndex | None,
    *,
    people: PersonFinder | None = None,
    redact_terms: Sequence[str] = (),
    always_redact: Sequence[str] = (),
) -> tuple[str, list[Redaction]]:
    """Return the de-identified text and the replacements, with spans in the new text."""
    scrubbed = deidentify_passage(text, names, people=people, redact_terms=redact_terms, always_redact=always_redact)
    return scrubbed.text, scrubbed.redactions


def _apply(
    text: str, found: list[tuple[int, int, str, str]]
) -> tuple[str, list[Redaction], list[tuple[int, int, str, str]]]:
    # Longest match wins where spans overlap (an address wins over the name of its street).
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            if item[1] - item[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = item
            continue
        kept.append(item)
    pieces: list[str] = []
    redactions: list[Redaction] = []
    cursor = length = 0
    for start, end, category, replacement in kept:
        pieces.append(text[cursor:start])
        length += start - cursor
        redactions.append(Redaction(length, length + len(replacement), category, replacement))
        pieces.append(replacement)
        length += len(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), redactions, kept


def supported_participants(names: NameIndex, texts: Sequence[str], speakers: Iterable[str]) -> frozenset[str]:
    """The participants a document supports: those who speak in it and those whose full name it gives."""
    named = {pid for text in texts for _, _, pid in names.find(text, frozenset()) if pid}
    return frozenset({*speakers, *named})


def deidentify_document(
    texts: Sequence[str],
    names: NameIndex | None,
    people: PersonFinder | None,
    *,
    speakers: Iterable[str] = (),
    said_by: Sequence[str | None] = (),
    redact_terms: Sequence[str] = (),
    always_redact: Sequence[str] = (),
) -> list[Scrubbed]:
    """De-identify a document's passages, with what the whole document says about who is who.
    ``speakers``: the participants who speak in it; ``said_by``: who says each passage (None: not a participant)."""
    supported = supported_participants(names, texts, speakers) if names is not None else frozenset()
    decided = find_in_document(people, texts) if people is not None else [None] * len(texts)
    by = list(said_by) if said_by else [None] * len(texts)
    return [
        deidentify_passage(
            text,
            names,
            redact_terms=redact_terms,
            always_redact=always_redact,
            supported=supported,
            found_people=[(c.start, c.end, c.decision, c.reason) for c in found] if found is not None else None,
            speaker=speaker,
        )
        for text, found, speaker in zip(texts, decided, by)
    ]
