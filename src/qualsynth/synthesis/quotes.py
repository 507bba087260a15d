"""Exemplar quotes for each theme, from different places and roles (rule ``synthesise``)."""

from __future__ import annotations

import json
import re

import pandas as pd

from qualsynth.coding.codebook import Codebook

QUOTE_COLUMNS = [
    "theme_id",
    "rank",
    "segment_id",
    "doc_id",
    "place",
    "wave",
    "role",
    "method",
    "participant_id",
    "text",
    "quote_start",
    "quote_end",
    "coder",
    "attributed_role",
    "attributed_place",
    "attributed_wave",
    "attributed_method",
]
# From the most specific attribution to the least: each is used only where the group it names holds
# enough people that a reader who knows the programme cannot tell who spoke.
ATTRIBUTIONS = (("role", "place", "wave"), ("role", "place"), ("role",), ())
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_POSTS = (
    "officer|sponsor|manager|director|chair|lead|coordinator|co-ordinator|head|vicar|imam|councillor|clerk|"
    "caretaker|warden"
)
# A speaker introducing themselves (by a pseudonym's id), naming a post held by one person, or their own weekly
# round: in a programme of a few hundred people, a reader who knows it can tell who that is.
SELF_DESCRIPTION = re.compile(
    r"\b(?i:I['’]m|I am|my name is|my name['’]s)\s+(?:[A-Z]{1,3}\d+|\[NAME\])(?!\w)"
    rf"|\b(?i:I['’]m|I am) the (?:[\w-]+(?:['’]s)? ){{0,3}}(?i:{_POSTS})\b"
    rf"|\b(?i:I) (?i:volunteer|work|help out)\b[^.]{{0,80}}\b(?:(?:{_DAYS})s|every (?:{_DAYS}))\b"
)


def describes_self(text: str) -> bool:
    """Whether a passage introduces its speaker or describes them in identifying detail: never quoted."""
    return SELF_DESCRIPTION.search(text) is not None


_PASSAGE_FIELDS = ["text", "doc_id", "place", "wave", "role", "method", "participant_id"]


def exemplar_quotes(
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    codebook: Codebook,
    per_theme: int = 3,
    max_words: int = 60,
    min_words: int = 8,
) -> pd.DataFrame:
    """Up to ``per_theme`` quotes per theme from participant passages coded to it.

    Passages are preferred when more coders agree on the theme, when they carry fewer other
    themes (a quote about one thing reads clearly), then by score. Each further quote comes from
    a place and a role not yet quoted for the theme where there is one, and never from the same
    participant twice. A passage longer than ``max_words`` is cut to whole sentences, starting at
    the one holding the rules coder's matched words; ``quote_start``/``quote_end`` give the cut's
    character positions in the passage's text, so every quote is a contiguous part of a segment. A passage
    in which the speakers introduce or describe themselves in identifying detail is never quoted.
    """
    said = segments[segments["is_participant"]].set_index("segment_id")
    coded = codes[codes["segment_id"].isin(said.index)].copy()
    # One plain record per coded passage, looked up by id: a pandas row per candidate costs more than
    # everything else this does on a large corpus.
    passage = said.loc[coded["segment_id"].unique(), _PASSAGE_FIELDS].to_dict("index")
    themes_per_segment = coded.groupby("segment_id")["theme_id"].nunique()
    coded["agreeing"] = coded["coder"].str.count(r"\+") + 1
    coded["others"] = coded["segment_id"].map(themes_per_segment) - 1
    rows = []
    for theme in codebook.themes:
        candidates = coded[coded["theme_id"] == theme.id].sort_values(
            ["agreeing", "others", "score", "segment_id"], ascending=[False, True, False, True], kind="stable"
        )
        options = []
        for code in candidates.itertuples(index=False):
            segment = passage[code.segment_id]
            start, end = quote_span(segment["text"], _matched_words(code.evidence), max_words)
            quote = segment["text"][start:end]
            if len(quote.split()) >= min_words and not describes_self(quote):
                options.append((code, segment, start, end))
        for rank, (code, segment, start, end) in enumerate(_diverse(options, per_theme), start=1):
            rows.append(
                {
                    "theme_id": theme.id,
                    "rank": rank,
                    "segment_id": code.segment_id,
                    "doc_id": segment["doc_id"],
                    "place": segment["place"],
                    "wave": segment["wave"],
                    "role": segment["role"],
                    "method": segment["method"],
                    "participant_id": segment["participant_id"],
                    "text": segment["text"][start:end],
                    "quote_start": start,
                    "quote_end": end,
                    "coder": code.coder,
                }
            )
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quote_span(text: str, matched: list[str], max_words: int) -> tuple[int, int]:
    """Character span of the quote within ``text``: all of it when short enough, else whole sentences
    from the first one holding a matched word, for as long as they fit in ``max_words``."""
    if len(text.split()) <= max_words:
        return 0, len(text)
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    sentences = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    lowered = text.lower()
    hits = [lowered.find(word.lower()) for word in matched if word and lowered.find(word.lower()) >= 0]
    first = next((i for i, (s, e) in enumerate(sentences) if hits and s <= min(hits) < e), 0)
    start, end, words = sentences[first][0], sentences[first][0], 0
    for s, e in sentences[first:]:
        n = len(text[s:e].split())
        if words and words + n > max_words:
            break
        end, words = e, words + n
    return start, len(text[:end].rstrip())


def _matched_words(evidence: str) -> list[str]:
    return [word for part in str(evidence).split(" || ") if not part.startswith("p=") for word in part.split(" | ")]


def _diverse(options: list[tuple], limit: int) -> list[tuple]:
    """Pick in preference order, first insisting on a new place and role, then a new place, then
    anyone not yet quoted."""
    chosen: list[tuple] = []
    for need_place, need_role in ((True, True), (True, False), (False, False)):
        for option in options:
            if len(chosen) == limit:
                return chosen
            segment = option[1]
            if option[0].segment_id in {c[0].segment_id for c in chosen} or (
                segment["participant_id"] in {c[1]["participant_id"] for c in chosen}
            ):
                continue
            if need_place and segment["place"] in {c[1]["place"] for c in chosen}:
                continue
            if need_role and segment["role"] in {c[1]["role"] for c in chosen}:
                continue
            chosen.append(option)
    return chosen


def attributions(quotes: pd.DataFrame, segments: pd.DataFrame, min_people: int) -> pd.DataFrame:
    """``quotes`` with each quote's published attribution (``attributed_role``, ``attributed_place``,
    ``attributed_wave``, ``attributed_method``; empty where left out): role, place and wave where at
    least ``min_people`` participants speak in that role in that place and wave; else role and place
    over every wave; else the role alone; else none ("a participant"); the method only where the group
    with it is as large. With one associate per place, "Associate, Saltmarsh, W4" names a person to
    anyone who knows the programme, however the tables blank small cells."""
    said = segments[segments["is_participant"]]
    out = quotes.copy()
    for column in ("role", "place", "wave", "method"):
        out[f"attributed_{column}"] = ""
    for row, quote in quotes.iterrows():
        for columns in ATTRIBUTIONS:
            match = pd.Series(True, index=said.index)
            for column in columns:
                match &= said[column] == quote[column]
            if not columns or said.loc[match, "participant_id"].nunique() >= min_people:
                for column in columns:
                    out.at[row, f"attributed_{column}"] = str(quote[column])
                break
        # "(interview)" narrows the group too: the one senior leader interviewed in a place.
        if (
            "method" in quote
            and said.loc[match & (said["method"] == quote["method"]), "participant_id"].nunique() >= min_people
        ):
            out.at[row, "attributed_method"] = str(quote["method"])
    return out


def topic_quotes_attributed(quotes: str, segments: pd.DataFrame, min_people: int) -> str:
    """A topic's quotes (JSON, as ``discover_topics`` writes them) with their attributions
    (:func:`attributions`)."""
    listed = pd.DataFrame(json.loads(quotes))
    if listed.empty or not {"role", "place", "wave"} <= set(listed.columns):
        return quotes
    found = attributions(listed, segments, min_people)
    return json.dumps(found.to_dict(orient="records"), ensure_ascii=False)
