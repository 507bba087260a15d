"""Turn registered documents into de-identified segments (rule ``clean``).

Every turn of every document ends up either in a segment or in the exclusions table, and
the stage checks that accounting before it returns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qualsynth.deidentify import build_name_pattern, deidentify_text, name_variants, normalise_label
from qualsynth.errors import InputError
from qualsynth.inputs import split_names
from qualsynth.segment import Turn, parse_transcript, split_turn

SEGMENT_COLUMNS = [
    "segment_id", "doc_id", "place", "wave", "date", "method", "participant_id", "role",
    "is_participant", "start", "end", "text", "n_words",
]
EXCLUSION_COLUMNS = ["unit", "doc_id", "unit_ref", "reason", "detail"]
REDACTION_COLUMNS = ["doc_id", "start", "end", "category", "replacement"]


@dataclass
class CleanResult:
    """What the clean stage produces: segments, de-identified texts and the audit tables."""

    segments: pd.DataFrame
    texts: dict[str, str]
    exclusions: pd.DataFrame
    redactions: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Speaker:
    """Who a speaker label stands for: a participant, or the research team."""

    pseudonym: str
    participant_id: str | None
    role: str
    consent: str


def read_source(path: Path) -> str:
    """Read a text source as NFC Unicode with Unix line endings."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: byte {exc.start} is not valid UTF-8. Re-save the file as UTF-8."
        ) from exc
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def speaker_lookup(roster: pd.DataFrame, interviewer_labels: Sequence[str]) -> dict[str, Speaker]:
    """Map each normalised name, alias and team label to the speaker it stands for."""
    lookup: dict[str, Speaker] = {}
    for label in interviewer_labels:
        lookup[normalise_label(label)] = Speaker(label.upper(), None, "interviewer", "given")
    for row in roster.itertuples(index=False):
        speaker = Speaker(row.participant_id, row.participant_id, row.role, row.consent)
        for name in split_names(row.names):
            lookup[normalise_label(name)] = speaker
    return lookup


def pseudonym_map(roster: pd.DataFrame) -> dict[str, str]:
    """Every roster name, alias and first name → that participant's pseudonym."""
    mapping: dict[str, str] = {}
    for row in roster.itertuples(index=False):
        for variant in name_variants(split_names(row.names)):
            mapping.setdefault(variant, row.participant_id)
    return mapping


def clean(
    documents: pd.DataFrame,
    roster: pd.DataFrame,
    raw_dir: Path,
    interviewer_labels: Sequence[str],
    segment_max_words: int,
) -> CleanResult:
    """Parse, attribute, de-identify and segment every registered document."""
    speakers = speaker_lookup(roster, interviewer_labels)
    names = pseudonym_map(roster)
    pattern = build_name_pattern(names)
    segments: list[dict[str, object]] = []
    exclusions: list[dict[str, object]] = []
    redactions: list[dict[str, object]] = []
    texts: dict[str, str] = {}
    n_turns = 0
    n_turns_excluded_docs = 0

    for doc in documents.sort_values("doc_id").itertuples(index=False):
        source = raw_dir / doc.path
        turns = parse_transcript(read_source(source), source)
        n_turns += len(turns)
        attributed = [(turn, _attribute(turn, speakers, source)) for turn in turns]
        kept = [(i, t, s) for i, (t, s) in enumerate(attributed, start=1) if s.consent == "given"]
        if not any(s.participant_id for _, _, s in kept):
            n_turns_excluded_docs += len(turns)
            exclusions.append(_exclusion("document", doc.doc_id, "", "no_participant_turns",
                                         f"{len(turns)} turn(s), none by a consenting participant"))
            continue
        for number, (turn, speaker) in enumerate(attributed, start=1):
            if speaker.consent != "given":
                exclusions.append(_exclusion("turn", doc.doc_id, f"line {turn.line}", "consent_withdrawn",
                                             f"turn {number} by {speaker.pseudonym}"))
        parts: list[str] = []
        offset = 0
        for number, turn, speaker in kept:
            prefix = f"{speaker.pseudonym}: "
            clean_text, found = deidentify_text(turn.text, pattern, names)
            body_start = offset + len(prefix)
            for red in found:
                redactions.append({"doc_id": doc.doc_id, "start": body_start + red.start,
                                   "end": body_start + red.end, "category": red.category,
                                   "replacement": red.replacement})
            for part, (start, end) in enumerate(split_turn(clean_text, segment_max_words), start=1):
                piece = clean_text[start:end]
                segments.append({
                    "segment_id": f"{doc.doc_id}-t{number:03d}-s{part:02d}",
                    "doc_id": doc.doc_id, "place": doc.place, "wave": doc.wave, "date": doc.date,
                    "method": doc.method, "participant_id": speaker.participant_id or "",
                    "role": speaker.role, "is_participant": speaker.participant_id is not None,
                    "start": body_start + start, "end": body_start + end, "text": piece,
                    "n_words": len(piece.split()),
                })
            block = prefix + clean_text + "\n\n"
            parts.append(block)
            offset += len(block)
        texts[doc.doc_id] = "".join(parts)

    result = CleanResult(
        segments=pd.DataFrame(segments, columns=SEGMENT_COLUMNS),
        texts=texts,
        exclusions=pd.DataFrame(exclusions, columns=EXCLUSION_COLUMNS),
        redactions=pd.DataFrame(redactions, columns=REDACTION_COLUMNS),
    )
    result.counts = check_accounting(documents, result, n_turns, n_turns_excluded_docs)
    return result


def _attribute(turn: Turn, speakers: dict[str, Speaker], source: Path) -> Speaker:
    speaker = speakers.get(normalise_label(turn.label))
    if speaker is None:
        raise InputError(
            f"{source}, line {turn.line}: speaker label {turn.label!r} matches no participant in "
            "participants.csv and no interviewer label in the config. Add the name as an alias "
            "in participants.csv, or add the label to 'interviewer_labels'."
        )
    return speaker


def _exclusion(unit: str, doc_id: str, ref: str, reason: str, detail: str) -> dict[str, object]:
    return {"unit": unit, "doc_id": doc_id, "unit_ref": ref, "reason": reason, "detail": detail}


def check_accounting(
    documents: pd.DataFrame, result: CleanResult, n_turns: int, n_turns_excluded_docs: int
) -> dict[str, int]:
    """Fail loudly unless every document and turn is a segment or an exclusion."""
    excluded_docs = set(result.exclusions.loc[result.exclusions["unit"] == "document", "doc_id"])
    docs_with_segments = set(result.segments["doc_id"])
    n_docs = len(documents)
    if len(docs_with_segments) + len(excluded_docs) != n_docs or docs_with_segments & excluded_docs:
        raise AssertionError(
            f"accounting: {n_docs} documents in, {len(docs_with_segments)} with segments and "
            f"{len(excluded_docs)} excluded. Please report this as a bug."
        )
    turn_ids = result.segments["segment_id"].str.rsplit("-", n=1).str[0]
    turns_segmented = int(turn_ids.nunique())
    turns_excluded = int((result.exclusions["unit"] == "turn").sum())
    # Turns of an excluded document are accounted for by that document's exclusion row.
    if turns_segmented + turns_excluded + n_turns_excluded_docs != n_turns:
        raise AssertionError(
            f"accounting: {n_turns} turns in, but {turns_segmented} segmented, {turns_excluded} "
            f"excluded and {n_turns_excluded_docs} in excluded documents. Please report this as a bug."
        )
    return {
        "documents_in": n_docs,
        "documents_with_segments": len(docs_with_segments),
        "documents_excluded": len(excluded_docs),
        "turns_in": n_turns,
        "turns_segmented": turns_segmented,
        "turns_excluded": turns_excluded,
        "turns_in_excluded_documents": n_turns_excluded_docs,
        "segments": len(result.segments),
        "redactions": len(result.redactions),
    }
