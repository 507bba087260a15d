"""Code segments to themes (rule ``code_themes``): a rules coder, a supervised coder, and how they combine."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from qualsynth.codebook import Codebook, Theme

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


def _inflected(word: str) -> str:
    """A regex for a word and its simple inflections: plural, past, -ing, -er."""
    if not word[-1:].isalpha():
        return re.escape(word)
    if word.endswith("e"):
        return re.escape(word[:-1]) + "(?:e|es|ed|er|ers|ing)"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies|ied|ying)"
    return re.escape(word) + "(?:s|es|ed|er|ers|ing)?"


def _keyword_regex(keyword: str) -> str:
    words = keyword.split()
    return r"\s+".join([re.escape(w) for w in words[:-1]] + [_inflected(words[-1])])


def keyword_pattern(keywords: Iterable[str], patterns: Iterable[str] = ()) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of any keyword (last word inflected) or regex pattern."""
    alternatives = [_keyword_regex(k) for k in sorted(keywords, key=lambda k: (-len(k), k))]
    alternatives += [f"(?:{p})" for p in patterns]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.I)


def _negated(text: str, start: int, window: int) -> bool:
    before = _TOKEN.findall(text[max(0, start - 12 * window) : start])[-window:]
    return any(w.casefold() in _NEGATORS or w.casefold().endswith(("n't", "n’t")) for w in before)


def literal_prefixes(pattern: str) -> set[str] | None:
    """Lower-case word prefixes (≥ 2 letters) that every match of ``pattern`` starts with, or None.

    Read from the parsed regex: "captur(?:e|ing)" → {"captur"}; "(?:board|council)\\b…" →
    {"board", "council"}; a pattern starting with a character class → None.
    """
    from re import _parser as parser  # the stdlib's own regex parser: no guessing at syntax

    def walk(items: list) -> set[str] | None:
        prefix = ""
        for op, value in items:
            if op is parser.LITERAL and chr(value).isalnum():
                prefix += chr(value).lower()
                continue
            if op is parser.SUBPATTERN or op is parser.BRANCH:
                branches = [value[-1]] if op is parser.SUBPATTERN else value[1]
                found = [walk(list(branch)) for branch in branches]
                if all(f is not None for f in found):
                    return {prefix + f for group in found for f in group}
            break
        return {prefix} if len(prefix) >= 2 else None

    try:
        return walk(list(parser.parse(pattern, 0)))
    except Exception:  # an exotic construct: fall back to scanning everything
        return None


def rules_codes(segments: pd.DataFrame, themes: Sequence[Theme], negation_window: int = 0) -> pd.DataFrame:
    """Rules coder: a participant segment carries a theme when its keywords or patterns match.

    A match with a negator ("not", "never", "n't"…) within ``negation_window`` words before it
    does not count (0 turns this off). Evidence is the matched text, joined with " | "; the score
    is the number of matches. For speed, each theme's regex runs only on segments holding a word
    that starts like one of its keywords or patterns (see :func:`literal_prefixes`).
    """
    participant = segments[segments["is_participant"]]
    ids = list(participant["segment_id"])
    texts = list(participant["text"])
    segments_with: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for token in set(_WORDS.findall(text.lower())):
            segments_with.setdefault(token, []).append(i)
    vocabulary = sorted(segments_with)
    rows = []
    for theme in themes:
        pattern = keyword_pattern(theme.keywords, theme.patterns)
        candidates = _candidates(theme, vocabulary, segments_with, len(texts))
        for i in candidates:
            hits = [m.group(0) for m in pattern.finditer(texts[i])
                    if not (negation_window and _negated(texts[i], m.start(), negation_window))]
            if hits:
                rows.append({"segment_id": ids[i], "theme_id": theme.id, "coder": "rules",
                             "score": float(len(hits)), "evidence": " | ".join(hits)})
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    return codes.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)


_WORDS = re.compile(r"\w+")


def _candidates(theme: Theme, vocabulary: list[str], segments_with: dict[str, list[int]], n: int) -> list[int]:
    """Segments that could match: for each keyword its rarest word, for each pattern its prefixes."""
    chosen: set[int] = set()
    for keyword in theme.keywords:
        words = [max(_WORDS.findall(w.lower()) or [""], key=len) for w in keyword.split()]
        stems = [(w, False) for w in words[:-1]] + [(_stem(words[-1]), True)]
        options = [_with_word(stem, prefix, vocabulary, segments_with) for stem, prefix in stems if len(stem) >= 2]
        if not options:
            return list(range(n))
        chosen |= min(options, key=len)
    for pattern in theme.patterns:
        prefixes = literal_prefixes(pattern)
        if prefixes is None:
            return list(range(n))
        for prefix in prefixes:
            chosen |= _with_word(prefix, True, vocabulary, segments_with)
    return sorted(chosen)


def _stem(word: str) -> str:
    """The part of a keyword's last word that all its inflections share (see :func:`_inflected`)."""
    if word.endswith("e") or (word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou"):
        return word[:-1]
    return word


def _with_word(word: str, prefix: bool, vocabulary: list[str], segments_with: dict[str, list[int]]) -> set[int]:
    if not prefix:
        return set(segments_with.get(word, ()))
    found: set[int] = set()
    for token in vocabulary[bisect.bisect_left(vocabulary, word):]:
        if not token.startswith(word):
            break
        found.update(segments_with[token])
    return found


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
    merged = (
        both.sort_values(["segment_id", "theme_id", "coder"], kind="stable")
        .groupby(["segment_id", "theme_id"], sort=True)
        .agg(coder=("coder", "+".join), score=("score", "max"), evidence=("evidence", " || ".join))
        .reset_index()
    )
    return merged[CODE_COLUMNS]


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

    rules = rules_codes(segments, codebook.themes, settings.negation_window)
    supervised = pd.DataFrame(columns=CODE_COLUMNS)
    trained: set[str] = set()
    if human is not None and not human.empty:  # run even when not combined, so agreement can report it
        supervised, trained = supervised_codes(segments, human, codebook.themes, settings)
    codes = combine_codes(rules, supervised, trained, settings.combine)
    return {"codes": codes, "rules": rules, "supervised": supervised,
            "trained": pd.DataFrame({"theme_id": sorted(trained)})}
