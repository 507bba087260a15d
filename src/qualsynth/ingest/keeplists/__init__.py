"""The word lists the de-identification step reads: places, organisation words, capitalised terms and
given names, each file naming its source in its first lines (``tools/make_keeplists.py`` writes the
generated ones)."""

from __future__ import annotations

import dataclasses
import importlib.resources
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """The key words are compared by: case, accents and curly apostrophes set aside ("Siân", "Sian" and
    "SIAN" are one name: transcribers and survey respondents drop accents)."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def read_list(name: str) -> list[str]:
    """A bundled list's entries: one per line, ``#`` lines are its header."""
    text = (importlib.resources.files(__name__) / name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class KeepLists:
    """What is not a person (places, organisation words, terms) and what may be one (given names)."""

    places: frozenset[str]
    place_org_words: frozenset[str]
    terms: frozenset[str]
    first_names: frozenset[str]
    # Given names that are ordinary words too ("will", "hope"): names only where the context says so.
    name_words: frozenset[str]
    # The inquiry's own words: the register's places and methods, the config's never_redact.
    own: frozenset[str]
    # Capital-letter abbreviations that are no one's initials (NHS, GP, PC), as written.
    acronyms: frozenset[str] = frozenset()
    # Given names that are lower-case words too ("sang", "van"): in lower case, not names.
    lower_case_words: frozenset[str] = frozenset()

    def with_own(self, words: Iterable[str]) -> KeepLists:
        """These lists plus the inquiry's own terms (whole phrases and their words)."""
        own = set(self.own)
        for phrase in words:
            own.add(fold(phrase.strip()))
        return dataclasses.replace(self, own=frozenset(own))

    def is_kept_word(self, word: str) -> bool:
        key = fold(word)
        return key in self.terms or key in self.own

    def is_place(self, phrase: str) -> bool:
        key = fold(phrase)
        return key in self.places or key in self.own


@lru_cache(maxsize=1)
def bundled() -> KeepLists:
    """The lists that ship with qualsynth."""
    first = {fold(n) for n in read_list("first_names.txt") + read_list("first_names_uk_ie.txt")}
    return KeepLists(
        places=frozenset(fold(p) for p in read_list("places_uk_ie.txt")),
        place_org_words=frozenset(fold(w) for w in read_list("place_org_words.txt")),
        terms=frozenset(fold(w) for w in read_list("capitalised_terms.txt")),
        first_names=frozenset(first),
        name_words=frozenset(fold(w) for w in read_list("name_words.txt")),
        own=frozenset(),
        acronyms=frozenset(read_list("acronyms.txt")),
        lower_case_words=frozenset(fold(w) for w in read_list("ordinary_given_names.txt")),
    )
