"""Code segments to themes (rule ``code_themes``): a rules coder, a supervised coder, and how they combine."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from qualsynth.codebook import Codebook, Theme
from qualsynth.parallel import map_in_order

CODE_COLUMNS = ["segment_id", "theme_id", "coder", "score", "evidence"]
COMBINE_MODES = ("rules", "supervised", "union", "intersection", "supervised_where_trained")
_NEGATORS = {"not", "no", "never", "without", "nobody", "none", "nothing", "neither", "nor", "hardly", "barely"}
_TOKEN = re.compile(r"[\w'’]+")


@dataclass(frozen=True)
class CodingSettings:
    """How the coders run and combine (the config's ``coding`` section)."""

    combine: str = "union"
    negation_window: int = 0
    min_human_codes: int = 5
    cv_folds: int = 5
    bootstrap: int = 1000
    seed: int = 0
    threshold_beta: float = 1.0
    workers: int = 1


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


def rules_codes(segments: pd.DataFrame, themes: Sequence[Theme], negation_window: int = 0,
                workers: int = 1) -> pd.DataFrame:
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
        return [{"segment_id": segment_id, "theme_id": themes[t].id, "coder": "rules", "score": float(len(hits)),
                 "evidence": " | ".join(hits)} for t, hits in sorted(found.items())]

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
    return re.compile(source[len(r"(?<!\w)"):], pattern.flags)


def combine_codes(rules: pd.DataFrame, supervised: pd.DataFrame | None, trained: set[str], mode: str) -> pd.DataFrame:
    """Final codes from the coders' codes, one row per (segment, theme), naming the coder(s) that decided.

    ``union``: either coder; ``intersection``: both; ``rules`` or ``supervised``: that coder only;
    ``supervised_where_trained``: the supervised coder for themes it could be trained on, else rules.
    """
    if mode not in COMBINE_MODES:
        raise ValueError(f"coding.combine must be one of {', '.join(COMBINE_MODES)}, not {mode!r}")
    supervised = supervised if supervised is not None else pd.DataFrame(columns=CODE_COLUMNS)
    if mode == "rules" or (mode != "supervised" and supervised.empty and not trained):
        chosen = [rules]
    elif mode == "supervised":
        chosen = [supervised]
    elif mode == "supervised_where_trained":
        chosen = [rules[~rules["theme_id"].isin(trained)], supervised[supervised["theme_id"].isin(trained)]]
    else:
        chosen = [rules, supervised]
    both = pd.concat([c for c in chosen if not c.empty], ignore_index=True) if any(
        not c.empty for c in chosen) else pd.DataFrame(columns=CODE_COLUMNS)
    if mode == "intersection":
        keys = set(zip(rules["segment_id"], rules["theme_id"])) & set(zip(supervised["segment_id"], supervised["theme_id"]))
        both = both[[k in keys for k in zip(both["segment_id"], both["theme_id"])]]
    if both.empty:
        return pd.DataFrame(columns=CODE_COLUMNS)
    return _one_row_per_code(both)


def _one_row_per_code(both: pd.DataFrame) -> pd.DataFrame:
    """One row per (segment, theme), naming every coder that applied it, its best score and all evidence."""
    merged = (
        both.sort_values(["segment_id", "theme_id", "coder"], kind="stable")
        .groupby(["segment_id", "theme_id"], sort=True)
        .agg(coder=("coder", "+".join), score=("score", "max"), evidence=("evidence", " || ".join))
        .reset_index()
    )
    return merged[CODE_COLUMNS]


def assemble_codes(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One codes table from the shards' tables, in (segment_id, theme_id) order whatever the split."""
    filled = [f for f in frames if len(f)]
    if not filled:
        return pd.DataFrame(columns=CODE_COLUMNS)
    return pd.concat(filled, ignore_index=True).sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)


def final_codes(rules: pd.DataFrame, supervised: pd.DataFrame, trained: set[str], mode: str,
                semantic: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`combine_codes`, with a warning when the mode asks for a supervised coder that was not
    trained; then, when ``semantic`` is given, its codes added (either decides)."""
    if mode != "rules" and not trained:
        logging.getLogger(__name__).warning(
            "coding.combine is %r but the supervised coder was not trained (no human codes, or too few "
            "per theme): the final codes are the rules coder's alone.", mode)
    combined = combine_codes(rules, supervised, trained, mode)
    if semantic is None or semantic.empty:
        return combined
    both = pd.concat([c for c in (combined, semantic) if not c.empty], ignore_index=True)
    return _one_row_per_code(both)


def code_themes(segments: pd.DataFrame, codebook: Codebook, settings: CodingSettings,
                human: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Run the coders and combine them.

    ``human`` is the reference coder's codes (``segment_id, theme_id``, an empty theme_id marking a
    segment read and left uncoded). Returns ``codes`` (final codes for every participant segment;
    for human-coded segments the supervised part comes from cross-validation, so no model that
    saw a segment's human code coded it), ``rules``, ``supervised`` (may be empty) and ``trained``
    (a one-column frame of the theme ids the supervised coder was trained for).
    """
    from qualsynth.supervised import supervised_codes

    rules = rules_codes(segments, codebook.themes, settings.negation_window, settings.workers)
    supervised = pd.DataFrame(columns=CODE_COLUMNS)
    trained: set[str] = set()
    if human is not None and not human.empty:  # run even when not combined, so agreement can report it
        supervised, trained = supervised_codes(segments, human, codebook.themes, settings)
    codes = final_codes(rules, supervised, trained, settings.combine)
    return {"codes": codes, "rules": rules, "supervised": supervised,
            "trained": pd.DataFrame({"theme_id": sorted(trained)})}


def with_human_codes(machine: pd.DataFrame, reference: pd.DataFrame, coder: str) -> pd.DataFrame:
    """The final codes: the reference coder's on every passage they coded, the machine's elsewhere.

    ``reference`` is the coder's placed codes (``segment_id, theme_id``; an empty theme_id marks a
    passage read and left uncoded). Their codes carry the coder's id and a score of 1; the machine's
    codes on those passages stay in the coders' own tables, where agreement reads them.
    """
    coded = set(reference["segment_id"])
    human = reference[reference["theme_id"] != ""]
    rows = pd.DataFrame({"segment_id": human["segment_id"], "theme_id": human["theme_id"], "coder": coder,
                         "score": 1.0, "evidence": f"coded by {coder}"}, columns=CODE_COLUMNS)
    kept = machine[~machine["segment_id"].isin(coded)]
    both = pd.concat([c for c in (kept, rows) if len(c)], ignore_index=True) if len(kept) or len(rows) else rows
    return both.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)[CODE_COLUMNS]
