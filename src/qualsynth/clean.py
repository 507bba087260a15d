"""Turn registered documents into de-identified segments (rule ``clean``).

Every document, turn and survey row ends up either in a segment or in the exclusions table, and
the stage checks that accounting before it returns.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.deidentify import NameIndex, ThirdPartyNames, deidentify_text, name_variants, normalise_label
from qualsynth.errors import InputError
from qualsynth.ingest import Source, Unit, read_source
from qualsynth.inputs import Wave, assign_wave, split_names
from qualsynth.parallel import map_in_order
from qualsynth.segment import split_turn

SEGMENT_COLUMNS = [
    "segment_id", "doc_id", "place", "wave", "date", "method", "participant_id", "role",
    "is_participant", "start", "end", "text", "n_words",
]
EXCLUSION_COLUMNS = ["unit", "doc_id", "unit_ref", "reason", "detail"]
REDACTION_COLUMNS = ["doc_id", "start", "end", "category", "replacement"]
LIKERT_COLUMNS = ["doc_id", "respondent", "place", "wave", "date", "role", "item", "question", "answer", "value"]


@dataclass(frozen=True)
class CleanSettings:
    """The parts of the config the clean stage needs."""

    interviewer_labels: Sequence[str]
    segment_max_words: int
    waves: Sequence[Wave]
    surveys: Mapping[str, Any] | None = None
    on_bad_document: str = "fail"
    places: Sequence[str] | None = None
    redact_terms: Sequence[str] = ()
    detect_third_party_names: bool = True
    workers: int = 1


@dataclass
class CleanResult:
    """What the clean stage produces: segments, de-identified texts and the audit tables."""

    segments: pd.DataFrame
    texts: dict[str, str]
    exclusions: pd.DataFrame
    redactions: pd.DataFrame
    likert: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Speaker:
    """Who a unit's label stands for: a participant, a survey respondent, or the research team."""

    pseudonym: str
    participant_id: str | None
    role: str
    consent: str


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


class _Accounts:
    """Running tallies for the end-of-stage check that nothing was lost."""

    def __init__(self) -> None:
        self.units_in = 0
        self.units_in_excluded_documents = 0
        self.survey_rows_in = 0
        self.survey_rows_empty = 0
        self.survey_rows_in_excluded_documents = 0


def clean(documents: pd.DataFrame, roster: pd.DataFrame, raw_dir: Path, settings: CleanSettings) -> CleanResult:
    """Read, attribute, de-identify and segment every registered document."""
    speakers = speaker_lookup(roster, settings.interviewer_labels)
    names = pseudonym_map(roster)
    index = NameIndex(names)
    places = list(settings.places or sorted(set(documents.loc[~documents["path"].str.endswith(".csv"), "place"])))
    segments: list[dict[str, object]] = []
    exclusions: list[dict[str, object]] = []
    redactions: list[dict[str, object]] = []
    likert: list[dict[str, object]] = []
    texts: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    accounts = _Accounts()

    read: dict[str, tuple[Source, list[tuple[Unit, Speaker]]] | InputError] = {}
    for doc in documents.sort_values("doc_id").itertuples(index=False):
        source_path = raw_dir / doc.path
        try:
            source = read_source(source_path, settings.surveys, places)
            read[doc.doc_id] = (source, [(unit, _attribute(unit, speakers, source_path)) for unit in source.units])
        except InputError as exc:
            if settings.on_bad_document != "skip":
                raise
            read[doc.doc_id] = exc
    third_party = _third_party_names(read, settings, places, documents) if settings.detect_third_party_names else None

    def scrub(text: str) -> tuple[str, list]:
        return deidentify_text(text, index, third_party=third_party, redact_terms=settings.redact_terms)

    unit_texts = [u.text for o in read.values() if not isinstance(o, InputError) for u in o[0].units]
    scrubbed = dict(zip(unit_texts, map_in_order(scrub, unit_texts, settings.workers)))

    for doc in documents.sort_values("doc_id").itertuples(index=False):
        source_path = raw_dir / doc.path
        outcome = read[doc.doc_id]
        if isinstance(outcome, InputError):
            detail = _without_quoted_values(str(outcome).replace(str(raw_dir) + "/", ""))
            exclusions.append(_exclusion("document", doc.doc_id, "", "bad_document", detail))
            continue
        source, attributed = outcome
        accounts.units_in += len(source.units)
        accounts.survey_rows_in += source.survey_rows
        fingerprint = hashlib.sha256("\n".join(u.text for u in source.units).encode()).hexdigest()
        if fingerprint in seen_texts:
            accounts.units_in_excluded_documents += len(source.units)
            accounts.survey_rows_in_excluded_documents += source.survey_rows
            exclusions.append(_exclusion("document", doc.doc_id, "", "duplicate",
                                         f"same text as {seen_texts[fingerprint]}, which is kept"))
            continue
        seen_texts[fingerprint] = doc.doc_id
        kept = [(n, u, s) for n, (u, s) in enumerate(attributed, start=1) if s.consent == "given" and u.text.strip()]
        if not any(s.participant_id for _, _, s in kept):
            accounts.units_in_excluded_documents += len(source.units)
            accounts.survey_rows_in_excluded_documents += source.survey_rows
            exclusions.append(_exclusion("document", doc.doc_id, "", "no_participant_turns",
                                         f"{len(source.units)} unit(s), none from a consenting participant"))
            continue
        for number, (unit, speaker) in enumerate(attributed, start=1):
            if speaker.consent != "given":
                exclusions.append(_exclusion("turn", doc.doc_id, unit.ref, "consent_withdrawn",
                                             f"turn {number} by {speaker.pseudonym}"))
            elif not unit.text.strip():
                exclusions.append(_exclusion("turn", doc.doc_id, unit.ref, "empty_turn",
                                             f"turn {number} has a speaker but no words"))
        for ref in source.empty_rows:
            accounts.survey_rows_empty += 1
            exclusions.append(_exclusion("survey_row", doc.doc_id, ref, "no_free_text",
                                         "the respondent answered no free-text question"))
        likert += [{"doc_id": doc.doc_id, **row, "wave": _wave(row["date"], settings.waves, source_path)}
                   for row in source.likert]
        parts: list[str] = []
        offset = 0
        for number, unit, speaker in kept:
            prefix = _prefix(unit, speaker)
            clean_text, found = scrubbed[unit.text]
            body_start = offset + len(prefix)
            redactions += [{"doc_id": doc.doc_id, "start": body_start + r.start, "end": body_start + r.end,
                            "category": r.category, "replacement": r.replacement} for r in found]
            date = unit.date or doc.date
            wave = _wave(unit.date, settings.waves, source_path) if unit.date else doc.wave
            for part, (start, end) in enumerate(split_turn(clean_text, settings.segment_max_words), start=1):
                piece = clean_text[start:end]
                segments.append({
                    "segment_id": f"{doc.doc_id}-{_unit_key(unit, number)}-s{part:02d}",
                    "doc_id": doc.doc_id, "place": unit.place or doc.place, "wave": wave, "date": date,
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
        likert=pd.DataFrame(likert, columns=LIKERT_COLUMNS),
    )
    result.counts = check_accounting(documents, result, accounts)
    return result


def _third_party_names(read: Mapping[str, Any], settings: CleanSettings, places: Sequence[str],
                       documents: pd.DataFrame) -> ThirdPartyNames:
    """Learn first names from full names across the whole corpus, so that a later "Kieran" is caught."""
    keep = [*places, *documents["place"], *documents["method"], *settings.interviewer_labels, *settings.redact_terms]
    guesser = ThirdPartyNames(keep)
    for outcome in read.values():
        if not isinstance(outcome, InputError):
            for unit, _ in outcome[1]:
                guesser.learn(unit.text)
    return guesser


def _without_quoted_values(message: str) -> str:
    """An error message fit for exclusions.csv: quoted values (labels, raw text) replaced by '…'."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)", "'…'", message)


def _attribute(unit: Unit, speakers: dict[str, Speaker], source: Path) -> Speaker:
    if unit.respondent:
        return Speaker(unit.respondent, unit.respondent, unit.role or "", "given")
    speaker = speakers.get(normalise_label(unit.label))
    if speaker is None:
        raise InputError(
            f"{source}, {unit.ref}: speaker label {unit.label!r} matches no participant in "
            "participants.csv and no interviewer label in the config. Add the name as an alias "
            "in participants.csv, or add the label to 'interviewer_labels'."
        )
    return speaker


def _prefix(unit: Unit, speaker: Speaker) -> str:
    if unit.respondent:
        return f"{speaker.pseudonym} ({unit.ref.split(', ')[-1]}): "
    return f"{speaker.pseudonym}: "


def _unit_key(unit: Unit, number: int) -> str:
    """A stable key for a unit: its row and question for survey answers, else its turn number."""
    if unit.respondent:
        row, question = unit.ref.replace("row ", "").split(", question ")
        return f"r{int(row):04d}q{int(question):02d}"
    return f"t{number:03d}"


def _wave(date: str, waves: Sequence[Wave], source: Path) -> str:
    import datetime as dt

    wave = assign_wave(dt.date.fromisoformat(date), waves)
    if wave is None:
        raise InputError(f"{source}: a response dated {date} falls in no wave. Widen the waves in the config.")
    return wave


def _exclusion(unit: str, doc_id: str, ref: str, reason: str, detail: str) -> dict[str, object]:
    return {"unit": unit, "doc_id": doc_id, "unit_ref": ref, "reason": reason, "detail": detail}


def check_accounting(documents: pd.DataFrame, result: CleanResult, accounts: _Accounts) -> dict[str, int]:
    """Fail loudly unless every document, unit and survey row is a segment or an exclusion."""
    excluded = result.exclusions
    excluded_docs = set(excluded.loc[excluded["unit"] == "document", "doc_id"])
    docs_with_segments = set(result.segments["doc_id"])
    n_docs = len(documents)
    if len(docs_with_segments) + len(excluded_docs) != n_docs or docs_with_segments & excluded_docs:
        raise AssertionError(
            f"accounting: {n_docs} documents in, {len(docs_with_segments)} with segments and "
            f"{len(excluded_docs)} excluded. Please report this as a bug."
        )
    unit_ids = result.segments["segment_id"].str.rsplit("-", n=1).str[0]
    units_segmented = int(unit_ids.nunique())
    units_excluded = int((excluded["unit"] == "turn").sum())
    if units_segmented + units_excluded + accounts.units_in_excluded_documents != accounts.units_in:
        raise AssertionError(
            f"accounting: {accounts.units_in} turns/answers in, but {units_segmented} segmented, "
            f"{units_excluded} excluded and {accounts.units_in_excluded_documents} in excluded documents. "
            "Please report this as a bug."
        )
    survey = result.segments[result.segments["segment_id"].str.contains(r"-r\d{4}q\d{2}-", regex=True)]
    rows_with_segments = int(survey["segment_id"].str.extract(r"^(.*-r\d{4})q")[0].nunique())
    if rows_with_segments + accounts.survey_rows_empty + accounts.survey_rows_in_excluded_documents != accounts.survey_rows_in:
        raise AssertionError(
            f"accounting: {accounts.survey_rows_in} survey rows in, {rows_with_segments} with segments and "
            f"{accounts.survey_rows_empty} without free text. Please report this as a bug."
        )
    return {
        "documents_in": n_docs,
        "documents_with_segments": len(docs_with_segments),
        "documents_excluded": len(excluded_docs),
        "units_in": accounts.units_in,
        "units_segmented": units_segmented,
        "units_excluded": units_excluded,
        "units_in_excluded_documents": accounts.units_in_excluded_documents,
        "survey_rows_in": accounts.survey_rows_in,
        "survey_rows_with_segments": rows_with_segments,
        "survey_rows_excluded": accounts.survey_rows_empty,
        "survey_rows_in_excluded_documents": accounts.survey_rows_in_excluded_documents,
        "segments": len(result.segments),
        "redactions": len(result.redactions),
    }
