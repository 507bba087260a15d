"""Replace names with pseudonyms, other people's names with [NAME], and contact details with tags.

Three kinds of replacement, applied in one pass so that every replacement's span is recorded in
the de-identified text:

1. Roster names and aliases (and the first name of each full name, possessives included) → the
   participant's pseudonym. Matched word by word against an index, so the cost does not grow
   with the size of the roster.
2. Contact details (email, URL, UK phone number, postcode, street address) and the config's
   ``redact_terms`` → a category tag such as ``[EMAIL]`` or ``[REDACTED]``.
3. Names of third parties — people mentioned who are not in the roster. No maintained name list
   or NER model installs offline from PyPI under a licence this project can ship, so this is a
   documented heuristic (see :class:`ThirdPartyNames`); its recall on the demo corpus's planted
   names is measured by the tests and stated in the README.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

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
# Words split at hyphens, so that "ring-Danny-first" yields "Danny"; a double-barrelled name is
# matched as consecutive words joined by a hyphen.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# "I'm", "That's", "Don't": contractions are capitalised at the start of a sentence, never names.
_CLITICS = "s|ll|d|ve|re|m"
_CONTRACTION = re.compile(rf"['’](?:{_CLITICS}|t)$", re.I)
# A name may carry a possessive or a contraction: "Grace's", "Tom'll", "Sam'd".
_POSSESSIVE = re.compile(rf"['’](?:{_CLITICS})$", re.I)

# Honorifics are not names: "Dr Adeyemi" must not make every "Dr" in the corpus a pseudonym.
TITLES = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "father",
        "sister",
        "cllr",
        "councillor",
        "nurse",
        "pc",
        "sgt",
        "inspector",
        "superintendent",
        "auntie",
        "uncle",
        "nan",
        "grandma",
        "grandad",
        "reverend",
        "vicar",
        "imam",
        "rabbi",
        "pastor",
        "canon",
        "bishop",
        "sheikh",
        "matron",
        "sergeant",
        "constable",
        "judge",
        "captain",
        "coach",
    }
)


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


class NameIndex:
    """Find listed names (one to several words) in text, word by word, possessives included."""

    def __init__(self, names_to_pseudonym: Mapping[str, str]) -> None:
        self._index = {tuple(w.casefold() for w in _WORD.findall(n)): p for n, p in names_to_pseudonym.items()}
        self._index.pop((), None)
        self._longest = max((len(k) for k in self._index), default=0)
        # Most words start no name: checking the first word against this set skips them cheaply.
        self._firsts = {k[0] for k in self._index}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, pseudonym) of each listed name, longest first at each position."""
        words = list(_WORD.finditer(text))
        found = []
        i = 0
        while i < len(words):
            first = words[i].group(0).casefold()
            if first not in self._firsts and _POSSESSIVE.sub("", first) not in self._firsts:
                i += 1
                continue
            hit = self._match_at(text, words, i)
            if hit:
                n, end, pseudonym = hit
                found.append((words[i].start(), end, pseudonym))
                i += n
            else:
                i += 1
        return found

    def _match_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, int, str] | None:
        for n in range(min(self._longest, len(words) - i), 0, -1):
            span = words[i : i + n]
            if any(
                not (text[a.end() : b.start()].isspace() or text[a.end() : b.start()] == "-")
                for a, b in zip(span, span[1:])
            ):
                continue
            key = tuple(w.group(0).casefold() for w in span)
            if key in self._index:
                return n, span[-1].end(), self._index[key]
            bare = _POSSESSIVE.sub("", key[-1])
            if bare != key[-1] and key[:-1] + (bare,) in self._index:
                return n, span[-1].end() - (len(key[-1]) - len(bare)), self._index[key[:-1] + (bare,)]
        return None


# Capitalised words that are common in speech but are not people's names.
_NOT_NAMES = frozenset(
    """
a an and as at but by for from he her him his how i if in is it its me my no not of on or our she so that the
their them then there they this those to was we what when where which who why will with you your yes yeah ok
okay well um er erm oh right sure anyway honestly actually basically look listen mind also just maybe perhaps
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december christmas easter english british welsh scottish irish polish uk nhs
god lord street road lane avenue close drive way place court terrace crescent grove gardens row hall
council trust centre center foundation university college school church mosque chapel hospital surgery
practice clinic service services team board group hub house park market bank partnership office station
credit arms estate ward forum association network panel project programme program panel committee
infirmary hospice academy nursery library pharmacy authority healthwatch
parade primary secondary infant junior community communities
bay lake valley dales moor moors memorial royal england fund advice day
department unit police probation housing health care social county city town village north south east
west new old great upper lower st saint associate associates funder learning partner ai zoom teams
""".split()
)


# A run of capitalised words followed by one of these names an institution, not a person: "Royal
# Victoria Infirmary", "James Cook University Hospital", "St Mary's School".
_ORGANISATION_CUES = frozenset(
    """
hospital hospitals infirmary hospice surgery practice clinic centre center school academy college university
nursery council trust foundation church chapel mosque temple library police authority association partnership
hub house hall court project programme service services unit ward housing group network charity primary
community
""".split()
)


_PRONOUNS = frozenset(
    "i it that there here what who we they you he she let don didn can won isn wasn aren "
    "weren couldn shouldn wouldn doesn haven hasn where when how everyone nobody".split()
)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A digest standing for a casefolded word in the lists one stage passes to the next."""
    return hashlib.sha256(f"qualsynth-word:{word.casefold()}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class LearnedWords:
    """What the third-party name heuristic learned from a corpus, as :func:`word_key` digests."""

    first_names: frozenset[str]
    # Capitalised words the corpus also writes in lower case: ordinary words, not names.
    ordinary: frozenset[str]

    def to_json(self) -> dict[str, list[str]]:
        return {"first_names": sorted(self.first_names), "ordinary": sorted(self.ordinary)}

    @classmethod
    def from_json(cls, data: Mapping[str, Sequence[str]]) -> LearnedWords:
        return cls(frozenset(data["first_names"]), frozenset(data["ordinary"]))


class ThirdPartyNames:
    """A heuristic for names of people who are not in the roster.

    It flags, outside roster names and the ``keep`` words (places, methods, labels):

    * a title followed by one to three capitalised words ("Dr Penhaligon", "Councillor Rashid
      Mahmood"): the words after the title;
    * two or three capitalised words in a row that are not common words, places or organisation
      words ("Kieran Ashworth", but not "Mill Street Centre");
    * a single capitalised word that has been seen as the first word of such a pair, or as the name
      after a title, anywhere in the corpus ("Kieran" after "Kieran Ashworth"), possessive included — unless the corpus also
      writes that word in lower case, which marks it as an ordinary word ("Thanks Priya"); its plural
      ("Kierans") too.

    A run followed by an organisation word ("Royal Victoria Infirmary") or after "the" ("the James
    Cook") names an institution or a place, not a person. It misses first names never given in full
    and names written in lower case; it may redact a proper noun that is not a person. Both are reported: recall by the tests, redactions by count.
    """

    def __init__(self, keep: Iterable[str] = (), learned: LearnedWords | None = None) -> None:
        self._keep = set(_NOT_NAMES) | {w.casefold() for k in keep for w in _WORD.findall(k)}
        self._candidates: set[str] = set()
        self._lower: set[str] = set()
        self._capitalised: set[str] = set()
        self._fixed = learned
        self._learned: LearnedWords | None = learned

    def learn(self, text: str) -> None:
        """First pass: collect first names of full names, and every word written in lower case."""
        if self._fixed is not None:
            raise ValueError("these names were learned elsewhere; make a new ThirdPartyNames to learn from text")
        self._learned = None
        for word in _WORD.findall(text):
            (self._lower if word.islower() else self._capitalised).add(word.casefold())
        for start, _end, institution in self._full_names(text, self._lower.__contains__):
            if institution:
                continue
            first = _WORD.match(text, start)
            if first and first.group(0).casefold() not in TITLES:
                self._candidates.add(_POSSESSIVE.sub("", first.group(0)).casefold())

    @property
    def first_names(self) -> set[str]:
        """Learned first names; a word the corpus also writes in lower case ("thanks") is no name."""
        return self._candidates - self._lower

    def learned(self) -> LearnedWords:
        """What :meth:`find` needs from the corpus, as digests: a shard of the corpus is cleaned with
        what the whole corpus taught, and the list passed between stages discloses no name."""
        if self._learned is None:
            self._learned = LearnedWords(
                first_names=frozenset(map(word_key, self.first_names)),
                ordinary=frozenset(map(word_key, self._lower & self._capitalised)),
            )
        return self._learned

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of likely third-party names in ``text``."""
        learned = self.learned()
        runs = self._full_names(text, lambda w: word_key(w) in learned.ordinary)
        spans = [(s, e) for s, e, institution in runs if not institution]
        singles = []
        words = list(_WORD.finditer(text))
        for k, word in enumerate(words):
            if not self._capitalised_word(word.group(0)) or any(s <= word.start() < e for s, e, _ in runs):
                continue
            bare = _POSSESSIVE.sub("", word.group(0))
            # "Kierans" ("I could fill the hall with Kierans") names Kieran as much as "Kieran" does.
            forms = [bare, bare[:-1]] if bare.endswith("s") and len(bare) > 3 else [bare]
            if any(word_key(f.casefold()) in learned.first_names for f in forms) and bare.casefold() not in self._keep:
                if not self._institution(text, words, k, 1, after_the=False):
                    singles.append((word.start(), word.start() + len(bare)))
        return sorted(spans + singles)

    def _full_names(self, text: str, ordinary: Callable[[str], bool]) -> list[tuple[int, int, bool]]:
        """Runs of capitalised words that name a person, or (marked True) an institution or place."""
        words = list(_WORD.finditer(text))
        found = []
        i = 0
        while i < len(words):
            word = words[i].group(0)
            if not word[0].isupper():
                i += 1
                continue
            if word.casefold().rstrip(".") in TITLES:
                run = self._run(text, words, i + 1)
                if run:
                    found.append((words[i + 1].start(), words[i + run].end(), False))
                    i += run + 1
                    continue
            run = self._run(text, words, i)
            if run >= 2 and ordinary(words[i].group(0).casefold()):
                i += 1  # "Thanks Priya", "Honestly Kieran": the first word is an ordinary word
                continue
            if run >= 2 and self._institution(text, words, i, run):
                found.append((words[i].start(), words[i + run - 1].end(), True))
                i += run
                continue
            if run >= 2:
                found.append((words[i].start(), words[i + run - 1].end(), False))
                i += run
                continue
            i += 1
        return found

    @staticmethod
    def _institution(text: str, words: list[re.Match[str]], i: int, run: int, *, after_the: bool = True) -> bool:
        """Whether the run of capitalised words at ``i`` names a place or an institution: followed by an
        organisation word ("Royal Victoria Infirmary", "Mary's School"), after "St" ("St Aidan's"), or
        after "the" ("taken to the James Cook"), which a person's full name is not (``after_the``: a first
        name alone after "the" is still a person's: "the Kieran map")."""
        after = i + run
        if after < len(words) and text[words[after - 1].end() : words[after].start()] == " ":
            if words[after].group(0).casefold() in _ORGANISATION_CUES:
                return True
        before = words[i - 1].group(0).casefold() if i > 0 else ""
        return before in ({"the", "st", "saint"} if after_the else {"st", "saint"}) and text[
            words[i - 1].end() : words[i].start()
        ] in {" ", ". "}

    def _run(self, text: str, words: list[re.Match[str]], i: int) -> int:
        """How many name-like capitalised words start at ``i`` (at most three), separated by spaces."""
        n = 0
        while i + n < len(words) and n < 3:
            word = words[i + n].group(0)
            if not self._capitalised_word(word) or _POSSESSIVE.sub("", word).casefold() in self._keep:
                break
            if n and not text[words[i + n - 1].end() : words[i + n].start()] == " ":
                break
            n += 1
        return n

    @staticmethod
    def _capitalised_word(word: str) -> bool:
        if len(word) < 2 or not word[0].isupper() or word.isupper():
            return False
        return not (_CONTRACTION.search(word) and re.split(r"['’]", word.casefold())[0] in _NOT_NAMES | _PRONOUNS)


def deidentify_text(
    text: str,
    names: NameIndex | None,
    names_to_pseudonym: Mapping[str, str] | None = None,
    *,
    third_party: ThirdPartyNames | None = None,
    redact_terms: Sequence[str] = (),
) -> tuple[str, list[Redaction]]:
    """Return the de-identified text and the replacements, with spans in the new text."""
    found: list[tuple[int, int, str, str]] = []
    if names is not None:
        found += [(s, e, "NAME", p) for s, e, p in names.find(text)]
    for category, pattern in CONTACT_PATTERNS.items():
        found += [(m.start(), m.end(), category, f"[{category}]") for m in pattern.finditer(text)]
    for term in redact_terms:
        found += [
            (m.start(), m.end(), "TERM", "[REDACTED]")
            for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.I)
        ]
    if third_party is not None:
        taken = [(s, e) for s, e, _, _ in found]
        found += [
            (s, e, "OTHER_NAME", "[NAME]")
            for s, e in third_party.find(text)
            if not any(s < te and ts < e for ts, te in taken)
        ]
    return _apply(text, found)


def _apply(text: str, found: list[tuple[int, int, str, str]]) -> tuple[str, list[Redaction]]:
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
    return "".join(pieces), redactions
