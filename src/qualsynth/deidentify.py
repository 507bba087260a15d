"""Replace names with pseudonyms and contact details with category tags."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Patterns for UK contact details; order matters only for reporting, overlaps are resolved by span.
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


# Honorifics are not names: "Dr Adeyemi" must not make every "Dr" in the corpus a pseudonym.
TITLES = frozenset({"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "prof", "prof.",
                    "professor", "sir", "dame", "lord", "lady", "rev", "rev.", "revd", "father", "sister",
                    "cllr", "councillor", "nurse", "pc", "sgt", "inspector", "superintendent"})


def name_variants(names: Iterable[str]) -> list[str]:
    """Names and aliases, plus the first name of each multi-word name (never a title such as "Dr")."""
    variants: list[str] = []
    for name in names:
        variants.append(name)
        parts = name.split()
        if len(parts) > 1 and parts[0].casefold() not in TITLES:
            variants.append(parts[0])
    return list(dict.fromkeys(variants))


def build_name_pattern(names_to_pseudonym: Mapping[str, str]) -> re.Pattern[str] | None:
    """One regex matching any listed name as a whole word, longest names first."""
    if not names_to_pseudonym:
        return None
    ordered = sorted(names_to_pseudonym, key=lambda n: (-len(n), n))
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


def deidentify_text(
    text: str,
    name_pattern: re.Pattern[str] | None,
    names_to_pseudonym: Mapping[str, str],
) -> tuple[str, list[Redaction]]:
    """Return the de-identified text and the replacements, with spans in the new text."""
    found: list[tuple[int, int, str, str]] = []
    if name_pattern is not None:
        lookup = {n.casefold(): p for n, p in names_to_pseudonym.items()}
        for match in name_pattern.finditer(text):
            key = " ".join(match.group(0).split()).casefold()
            found.append((match.start(), match.end(), "NAME", lookup[key]))
    for category, pattern in CONTACT_PATTERNS.items():
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), category, f"[{category}]"))
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
    cursor = 0
    length = 0
    for start, end, category, replacement in kept:
        pieces.append(text[cursor:start])
        length += start - cursor
        redactions.append(Redaction(length, length + len(replacement), category, replacement))
        pieces.append(replacement)
        length += len(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), redactions
