"""The rules coder (rule ``code_shard``): each theme's keywords (with simple inflections) and
patterns, matched as whole words in participant passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from qualsynth.coding.codebook import Theme
from qualsynth.parallel import map_in_order

CODE_COLUMNS = ["segment_id", "theme_id", "coder", "score", "evidence"]


_NEGATORS = {"not", "no", "never", "without", "nobody", "none", "nothing", "neither", "nor", "hardly", "barely"}


_TOKEN = re.compile(r"[\w'’]+")


def _inflection(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's stem and the endings of its simple inflections (plural, past, -ing, -er)."""
    if not word[-1:].isalpha():
        return word, ("",)
    if word.endswith("e"):
        return word[:-1], ("e", "es", "ed", "er", "ers", "ing")
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1], ("y", "ies", "ied", "ying")
    return word, ("", "s", "es", "ed", "er", "ers", "ing")


def _inflected(word: str) -> str:
    """A regex for a word and its simple inflections."""
    stem, endings = _inflection(word)
    if endings == ("",):
        return re.escape(stem)
    optional = "?" if "" in endings else ""
    return re.escape(stem) + "(?:" + "|".join(e for e in endings if e) + ")" + optional


def _keyword_regex(keyword: str) -> str:
    words = keyword.split()
    return r"\s+".join([re.escape(w) for w in words[:-1]] + [_inflected(words[-1])])


def keyword_pattern(keywords: Iterable[str], patterns: Iterable[str] = ()) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of any keyword (last word inflected) or regex pattern."""
    alternatives = [_keyword_regex(k) for k in sorted(keywords, key=lambda k: (-len(k), k))]
    alternatives += [f"(?:{p})" for p in patterns]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.I)


def _negated(text: str, start: int, window: int) -> bool:
    before = _TOKEN.findall(text[:start])[-window:]
    return any(w.casefold() in _NEGATORS or w.casefold().endswith(("n't", "n’t")) for w in before)


def literal_prefixes(pattern: str) -> set[str] | None:
    """Lower-case word prefixes (≥ 2 letters) that every match of ``pattern`` starts with, or None.

    Read from the parsed regex: "captur(?:e|ing)" → {"captur"}; "(?:board|council)\\b…" →
    {"board", "council"}; a pattern starting with a character class → None.
    """
    from re import _parser as parser  # the stdlib's own regex parser: no guessing at syntax

    def walk(items: list) -> set[str]:
        prefix = ""
        for op, value in items:
            if op is parser.LITERAL and chr(value).isalnum():
                prefix += chr(value).lower()
                continue
            if op is parser.SUBPATTERN or op is parser.BRANCH:
                branches = [value[-1]] if op is parser.SUBPATTERN else value[1]
                return {prefix + found for branch in branches for found in walk(list(branch))}
            break
        return {prefix}

    try:
        prefixes = walk(list(parser.parse(pattern, 0)))
    except Exception:  # an exotic construct: fall back to trying everywhere
        return None
    return prefixes if all(len(p) >= 2 for p in prefixes) else None


def rules_codes(
    segments: pd.DataFrame, themes: Sequence[Theme], negation_window: int = 0, workers: int = 1
) -> pd.DataFrame:
    """Rules coder: a participant segment carries a theme when its keywords or patterns match.

    A match with a negator ("not", "never", "n't"…) within ``negation_window`` words before it
    does not count (0 turns this off). Evidence is the matched text, joined with " | "; the score
    is the number of matches. For speed, a theme's regex is only tried, anchored, at words that can
    start one of its matches (the exact first words of its keywords and their inflections, or its
    patterns' literal prefixes — see :func:`literal_prefixes`); results equal scanning each segment
    with the regex, except that a pattern starting with a non-word character ("£", "#") is never
    tried: write patterns that start with a word.
    """
    participant = segments[segments["is_participant"]]
    index = _FirstWords(themes)

    def code(item: tuple[str, str]) -> list[dict[str, object]]:
        segment_id, text = item
        found: dict[int, list[str]] = {}
        next_free: dict[int, int] = {}
        for token in _WORDS.finditer(text):
            for t in index.themes_at(token.group(0).lower()):
                if token.start() < next_free.get(t, 0):
                    continue
                match = index.patterns[t].match(text, token.start())
                if match is None:
                    continue
                next_free[t] = max(match.end(), token.start() + 1)
                if not (negation_window and _negated(text, match.start(), negation_window)):
                    found.setdefault(t, []).append(match.group(0))
        return [
            {
                "segment_id": segment_id,
                "theme_id": themes[t].id,
                "coder": "rules",
                "score": float(len(hits)),
                "evidence": " | ".join(hits),
            }
            for t, hits in sorted(found.items())
        ]

    items = list(zip(participant["segment_id"], participant["text"]))
    rows = [row for found in map_in_order(code, items, workers, minimum=20000) for row in found]
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)


_WORDS = re.compile(r"\w+")


class _FirstWords:
    """Which themes can start a match at a given (lower-case) word."""

    def __init__(self, themes: Sequence[Theme]) -> None:
        self.patterns = [_anchored(keyword_pattern(t.keywords, t.patterns)) for t in themes]
        self.exact: dict[str, set[int]] = {}
        self.prefixes: dict[int, dict[str, set[int]]] = {}
        self.everywhere: set[int] = set()
        for t, theme in enumerate(themes):
            for keyword in theme.keywords:
                for form in _first_word_forms(keyword):
                    self.exact.setdefault(form, set()).add(t)
            for pattern in theme.patterns:
                prefixes = literal_prefixes(pattern)
                if prefixes is None:
                    self.everywhere.add(t)
                for prefix in prefixes or ():
                    self.prefixes.setdefault(len(prefix), {}).setdefault(prefix, set()).add(t)
        self._cache: dict[str, tuple[int, ...]] = {}

    def themes_at(self, word: str) -> tuple[int, ...]:
        cached = self._cache.get(word)
        if cached is None:
            found = set(self.exact.get(word, ())) | self.everywhere
            for length, prefixes in self.prefixes.items():
                found |= prefixes.get(word[:length], set())
            cached = self._cache[word] = tuple(sorted(found))
        return cached


def _first_word_forms(keyword: str) -> set[str]:
    """Every lower-case form the first \\w+ run of a keyword's match can take."""
    words = keyword.lower().split()
    first_run = _WORDS.match(words[0])
    if first_run is None:
        return set()
    if len(words) > 1 or first_run.end() < len(words[0]) or not words[0][-1:].isalpha():
        return {first_run.group(0)}
    stem, endings = _inflection(words[0])
    return {stem + ending for ending in endings}


def _anchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern without its leading (?<!\\w): callers only try it at word starts."""
    source = pattern.pattern
    assert source.startswith(r"(?<!\w)")
    return re.compile(source[len(r"(?<!\w)") :], pattern.flags)
