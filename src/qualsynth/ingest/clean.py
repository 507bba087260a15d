"""Turn registered documents into de-identified segments (rules ``scan_corpus``, ``clean_shard``, ``clean``).

Every document, turn and survey row ends up either in a segment or in the exclusions table, and
the stage checks that accounting before it returns.

One thing needs the whole corpus: which documents duplicate an earlier one. :func:`scan_documents`
finds them, reading one document at a time; :func:`clean_documents` then cleans any shard of the
documents, so a document's segments do not depend on how the corpus was split. Names are found in
each document's own context (:func:`~qualsynth.ingest.deidentify.deidentify_document`): nothing one
document shows makes a word a name in another.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.errors import InputError
from qualsynth.ingest.accounting import Accounts, check_accounting
from qualsynth.ingest.deidentify import NameIndex, Scrubbed, deidentify_document
from qualsynth.ingest.inputs import assign_wave
from qualsynth.ingest.keeplists import KeepLists, bundled
from qualsynth.ingest.persons import PersonFinder, prime
from qualsynth.ingest.readers import Source, Unit
from qualsynth.ingest.segment import split_turn
from qualsynth.ingest.sources import read_source
from qualsynth.ingest.speakers import (
    NOT_A_SPEAKER,
    Speaker,
    attribute,
    document_speakers,
    roster_names,
    speaker_lookup,
)
from qualsynth.ingest.surveys import survey_mapping
from qualsynth.parallel import map_in_order
from qualsynth.settings import IngestSettings, Wave

SEGMENT_COLUMNS = [
    "segment_id",
    "unit_id",
    "doc_id",
    "place",
    "wave",
    "date",
    "method",
    "participant_id",
    "role",
    "is_participant",
    "start",
    "end",
    "text",
    "n_words",
]
EXCLUSION_COLUMNS = ["unit", "doc_id", "unit_ref", "reason", "detail"]
REDACTION_COLUMNS = ["doc_id", "start", "end", "category", "replacement"]
# The review file holds the original words: it is sensitive, and is written outside the processed data.
REVIEW_COLUMNS = ["doc_id", "unit_ref", "start", "end", "decision", "category", "reason", "original", "context"]
SET_APART = {
    "title": "a title or heading line before the first speaker turn",
    "tool_notice": "a line the transcription tool added (a credit, a recording notice): nobody said it",
    "no_speaker": "a caption before the first one that names its speaker: whose words it holds is not known",
}
LIKERT_COLUMNS = [
    "doc_id",
    "respondent",
    "place",
    "wave",
    "date",
    "role",
    "item",
    "question",
    "answer",
    "value",
    "midpoint",
]


@dataclass
class CleanResult:
    """What the clean stage produces: segments, de-identified texts and the audit tables."""

    segments: pd.DataFrame
    texts: dict[str, str]
    exclusions: pd.DataFrame
    redactions: pd.DataFrame
    likert: pd.DataFrame
    review: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVIEW_COLUMNS))
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CorpusScan:
    """What cleaning needs to know about the whole corpus: duplicates, places and the words to keep."""

    duplicates: dict[str, str]  # doc_id of each duplicate → doc_id of the earlier document kept
    places: list[str]  # the places a survey's place column may name
    keep: list[str]  # words never taken for a name: the register's places and methods

    def to_json(self) -> dict[str, Any]:
        return {
            "duplicates": dict(sorted(self.duplicates.items())),
            "places": self.places,
            "keep": self.keep,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CorpusScan:
        return cls(
            dict(data["duplicates"]),
            list(data["places"]),
            list(data["keep"]),
        )


def shard_of(doc_id: str, shards: int) -> int:
    """The shard a document belongs to: a stable hash of its id, the same on every machine and run."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:12], 16) % shards


def in_shard(documents: pd.DataFrame, shard: int, shards: int) -> pd.DataFrame:
    """The registered documents in one shard."""
    return documents[[shard_of(d, shards) == shard for d in documents["doc_id"]]]


def corpus_places(documents: pd.DataFrame, settings: IngestSettings) -> list[str]:
    """The places a survey's place column may name: the config's list, else every place of the register."""
    return list(settings.places or sorted(set(documents["place"])))


def read_document(
    doc: Any, raw_dir: Path, settings: IngestSettings, places: Sequence[str], lookup: Mapping[str, Speaker]
) -> tuple[Source, list[tuple[Unit, Speaker]]]:
    """A registered document's units, each with its speaker."""
    source_path = raw_dir / doc.path
    speakers = document_speakers(lookup, settings.interviewer_labels, settings.respondent_labels, doc, source_path)
    survey = survey_mapping(settings.surveys, str(doc.path))
    source = read_source(source_path, survey, places, speakers.hints(), place=str(doc.place))
    return source, [(unit, attribute(unit, speakers, source_path)) for unit in source.units]


def _read(
    doc: Any, raw_dir: Path, settings: IngestSettings, places: Sequence[str], lookup: Mapping[str, Speaker]
) -> tuple[Source, list[tuple[Unit, Speaker]]] | InputError:
    """A document's units with their speakers, or the error that makes it a bad document."""
    try:
        return read_document(doc, raw_dir, settings, places, lookup)
    except InputError as exc:
        if settings.on_bad_document != "skip":
            raise
        return exc


def roster_roles(roster: pd.DataFrame) -> list[str]:
    """The roster's roles as words ("senior_leader" → "senior leader"): a role is no one's name."""
    roles = roster["role"] if "role" in roster else []
    return sorted({str(r).replace("_", " ").replace("-", " ") for r in roles})


def keep_lists(scan_keep: Sequence[str], settings: IngestSettings, places: Sequence[str]) -> KeepLists:
    """The bundled keep-lists with the inquiry's own terms: its places, methods, labels and never_redact."""
    own = [*places, *scan_keep, *settings.interviewer_labels, *settings.redact_terms, *settings.never_redact]
    return bundled().with_own(own)


def scan_documents(
    documents: pd.DataFrame, roster: pd.DataFrame, raw_dir: Path, settings: IngestSettings, workers: int = 1
) -> CorpusScan:
    """Find duplicate documents (the first in doc_id order is kept), each worker holding one document in
    memory at a time."""
    speakers = speaker_lookup(roster, settings.interviewer_labels, settings.not_speakers)
    places = corpus_places(documents, settings)
    keep = sorted({*documents["place"], *documents["method"]})
    docs = list(documents.sort_values("doc_id").itertuples(index=False))

    def fingerprint(k: int) -> str | None:
        outcome = _read(docs[k], raw_dir, settings, places, speakers)
        if isinstance(outcome, InputError):
            return None
        return hashlib.sha256("\n".join(u.text for u in outcome[0].units).encode()).hexdigest()

    first_with: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    for doc, found in zip(docs, map_in_order(fingerprint, range(len(docs)), workers, minimum=500)):
        if found is None:
            continue
        if found in first_with:
            duplicates[doc.doc_id] = first_with[found]
        else:
            first_with[found] = doc.doc_id
    return CorpusScan(duplicates, places, keep)


def clean_documents(
    documents: pd.DataFrame,
    roster: pd.DataFrame,
    raw_dir: Path,
    settings: IngestSettings,
    waves: Sequence[Wave],
    scan: CorpusScan | None = None,
    shard: tuple[int, int] = (0, 1),
    workers: int = 1,
) -> CleanResult:
    """Read, attribute, de-identify and segment the registered documents in ``shard`` (index, count).

    ``scan`` is :func:`scan_documents` of the whole corpus (computed here from ``documents`` when not
    given); with it, ``documents`` may hold the shard's rows of the register alone.
    """
    speakers = speaker_lookup(roster, settings.interviewer_labels, settings.not_speakers)
    scan = scan if scan is not None else scan_documents(documents, roster, raw_dir, settings)
    places = scan.places
    keep = keep_lists([*scan.keep, *roster_roles(roster)], settings, places)
    index = NameIndex(roster_names(roster), keep)
    roster_words = [w for name, _ in roster_names(roster) for w in name.split()]
    finder = PersonFinder(keep, settled=roster_words) if settings.detect_third_party_names else None
    mine = in_shard(documents, *shard).sort_values("doc_id")
    segments: list[dict[str, object]] = []
    exclusions: list[dict[str, object]] = []
    redactions: list[dict[str, object]] = []
    review: list[dict[str, object]] = []
    likert: list[dict[str, object]] = []
    texts: dict[str, str] = {}
    accounts = Accounts()

    read = {doc.doc_id: _read(doc, raw_dir, settings, places, speakers) for doc in mine.itertuples(index=False)}

    def scrub(outcome: tuple[Source, list[tuple[Unit, Speaker]]]) -> list[Scrubbed]:
        source, attributed = outcome
        return deidentify_document(
            [u.text for u in source.units],
            index,
            finder,
            speakers=[s.participant_id for _, s in attributed if s.participant_id],
            said_by=[s.participant_id for _, s in attributed],
            redact_terms=settings.redact_terms,
            always_redact=settings.always_redact,
        )

    readable = [(d, o) for d, o in read.items() if not isinstance(o, InputError)]
    if finder is not None:
        # The model reads every sentence it is needed for once, on all cores, before the documents are
        # shared out: a sentence said in many documents is read once.
        prime([s for _, o in readable for unit in o[0].units for _, s in finder.model_sentences(unit.text)], workers)
    scrubbed_docs = dict(zip([d for d, _ in readable], map_in_order(scrub, [o for _, o in readable], workers, 64)))

    for doc in mine.itertuples(index=False):
        source_path = raw_dir / doc.path
        outcome = read[doc.doc_id]
        if isinstance(outcome, InputError):
            detail = _without_quoted_values(str(outcome).replace(str(raw_dir) + "/", ""))
            exclusions.append(_exclusion("document", doc.doc_id, "", "bad_document", detail))
            continue
        source, attributed = outcome
        scrubbed = scrubbed_docs[doc.doc_id]
        accounts.units_in += len(source.units)
        accounts.survey_rows_in += source.survey_rows
        accounts.placeholder_answers += source.placeholders

        kept = [
            (n, u, s)
            for n, (u, s) in enumerate(attributed, start=1)
            if s.consent == "given" and s.role != NOT_A_SPEAKER and u.text.strip()
        ]
        if doc.doc_id in scan.duplicates:
            excluded = ("duplicate", f"same text as {scan.duplicates[doc.doc_id]}, which is kept")
        elif not any(s.participant_id for _, _, s in kept):
            excluded = ("no_participant_turns", f"{len(source.units)} unit(s), none from a consenting participant")
        else:
            excluded = None
        if doc.doc_id not in scan.duplicates:  # ratings count even where no one wrote free text
            likert += [
                {"doc_id": doc.doc_id, **row, "wave": _wave(row["date"], waves, source_path)} for row in source.likert
            ]
        if excluded:
            accounts.units_in_excluded_documents += len(source.units)
            accounts.survey_rows_in_excluded_documents += source.survey_rows
            exclusions.append(_exclusion("document", doc.doc_id, "", *excluded))
            continue
        for number, (unit, speaker) in enumerate(attributed, start=1):
            if speaker.role == NOT_A_SPEAKER:
                exclusions.append(
                    _exclusion("turn", doc.doc_id, unit.ref, "not_a_speaker", f"turn {number}: ingest.not_speakers")
                )
            elif speaker.consent != "given":
                exclusions.append(
                    _exclusion(
                        "turn", doc.doc_id, unit.ref, "consent_withdrawn", f"turn {number} by {speaker.pseudonym}"
                    )
                )
            elif not unit.text.strip():
                exclusions.append(
                    _exclusion("turn", doc.doc_id, unit.ref, "empty_turn", f"turn {number} has a speaker but no words")
                )
        for ref, reason in source.set_apart:
            exclusions.append(_exclusion("line", doc.doc_id, ref, reason, SET_APART[reason]))
        for ref in source.empty_rows:
            accounts.survey_rows_empty += 1
            exclusions.append(
                _exclusion(
                    "survey_row", doc.doc_id, ref, "no_free_text", "the respondent answered no free-text question"
                )
            )
        review += review_rows(doc.doc_id, [(unit, scrubbed[number - 1]) for number, unit, _ in kept])
        parts: list[str] = []
        offset = 0
        for number, unit, speaker in kept:
            prefix = _prefix(unit, speaker)
            clean_text, found = scrubbed[number - 1].text, scrubbed[number - 1].redactions
            body_start = offset + len(prefix)
            redactions += [
                {
                    "doc_id": doc.doc_id,
                    "start": body_start + r.start,
                    "end": body_start + r.end,
                    "category": r.category,
                    "replacement": r.replacement,
                }
                for r in found
            ]
            date = unit.date or doc.date
            wave = _wave(unit.date, waves, source_path) if unit.date else doc.wave
            for part, (start, end) in enumerate(split_turn(clean_text, settings.segment_max_words), start=1):
                piece = clean_text[start:end]
                segments.append(
                    {
                        "segment_id": f"{doc.doc_id}-{_unit_key(unit, number)}-s{part:02d}",
                        "unit_id": source_unit_id(doc.doc_id, unit),
                        "doc_id": doc.doc_id,
                        "place": unit.place or doc.place,
                        "wave": wave,
                        "date": date,
                        "method": doc.method,
                        "participant_id": speaker.participant_id or "",
                        "role": speaker.role,
                        "is_participant": speaker.participant_id is not None,
                        "start": body_start + start,
                        "end": body_start + end,
                        "text": piece,
                        "n_words": len(piece.split()),
                    }
                )
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
        review=pd.DataFrame(review, columns=REVIEW_COLUMNS),
    )
    result.counts = check_accounting(mine, result.segments, result.exclusions, result.redactions, accounts)
    return result


def review_rows(doc_id: str, passages: Sequence[tuple[Unit, Scrubbed]]) -> list[dict[str, object]]:
    """Every decision about a name in a document's kept passages, with the original words and 40 characters
    either side, for the team to review (the file is sensitive: it holds what the outputs do not)."""
    rows: list[dict[str, object]] = []
    for unit, result in passages:
        for d in result.decisions:
            rows.append(
                {
                    "doc_id": doc_id,
                    "unit_ref": unit.ref,
                    "start": d.start,
                    "end": d.end,
                    "decision": d.decision,
                    "category": d.category,
                    "reason": d.reason,
                    "original": unit.text[d.start : d.end],
                    "context": " ".join(unit.text[max(0, d.start - 40) : d.end + 40].split()),
                }
            )
    return rows


def _without_quoted_values(message: str) -> str:
    """An error message fit for exclusions.csv: what was wrong, without the layouts it tried and with quoted
    values (labels, raw text) replaced by '…' (an apostrophe inside a word quotes nothing)."""
    what = message.split(" Tried: ")[0]
    return re.sub(r"(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"|\([^)]*\)", "'…'", what)


def _prefix(unit: Unit, speaker: Speaker) -> str:
    if unit.respondent:
        return f"{speaker.pseudonym} ({unit.ref.split(', ')[-1]}): "
    return f"{speaker.pseudonym}: "


def source_unit_id(doc_id: str, unit: Unit) -> str:
    """The source unit a raw unit belongs to: the document, or for a survey answer the respondent's
    response (one row of the export), which is what shares are counted over."""
    if unit.respondent:
        return f"{doc_id}-r{int(unit.ref.replace('row ', '').split(', question ')[0]):04d}"
    return doc_id


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
