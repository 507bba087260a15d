"""The ingest rules, one function each: read the rule's inputs, run the stage's logic, return its outputs
by the rule's output names (``workflow/scripts/<rule>.py`` writes them with ``write_outputs``)."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.config import load_schema
from qualsynth.errors import InputError
from qualsynth.ingest.accounting import assemble, check_assembled
from qualsynth.ingest.clean import CorpusScan, clean_documents, in_shard, scan_documents
from qualsynth.ingest.inputs import REGISTER, check_register, read_roster, unregistered_files
from qualsynth.ingest.units import unit_table
from qualsynth.settings import Settings
from qualsynth.tables import TextFiles, read_parquet

log = logging.getLogger(__name__)


def validate_inputs(raw_dir: Path, register_schema: Path, settings: Settings, support: Sequence[str]) -> dict[str, Any]:
    """The register checked against the raw folder and the config → ``documents``."""
    inquiry = settings.inquiry
    strata = settings.sampling.strata
    documents = check_register(raw_dir, load_schema(register_schema), inquiry.waves, inquiry.methods, strata)
    for extra in unregistered_files(raw_dir, documents, support):
        log.warning(
            "%s is in the raw folder but not in %s; it is not analysed. "
            "Add a row for it to the register to include it.",
            extra,
            REGISTER,
        )
    log.info(
        "%d documents registered across %d places and %d waves",
        len(documents),
        documents["place"].nunique(),
        documents["wave"].nunique(),
    )
    return {"documents": documents}


def scan_corpus(
    documents: Path,
    roster: Path,
    roster_schema: Path,
    raw_dir: Path,
    settings: Settings,
    shards: int,
    workers: int = 1,
) -> dict[str, Any]:
    """What cleaning needs from the whole corpus (duplicates, places) → ``scan``, and each
    shard's rows of the register → ``registers`` (a shard whose documents did not change keeps its bytes).
    The documents are read on ``workers`` processes."""
    people = read_roster(raw_dir, load_schema(roster_schema), settings.inquiry.roles)
    register = read_parquet(documents)
    scan = scan_documents(register, people, raw_dir, settings.ingest, workers)
    log.info("duplicates: %d", len(scan.duplicates))
    return {
        "scan": scan.to_json(),
        "registers": [in_shard(register, k, shards).reset_index(drop=True) for k in range(shards)],
    }


def clean_shard(
    documents: Path,
    roster: Path,
    roster_schema: Path,
    scan: Path,
    raw_dir: Path,
    settings: Settings,
    shard: int,
    shards: int,
    workers: int = 1,
) -> dict[str, Any]:
    """Parse, attribute, de-identify and segment one shard's documents."""
    people = read_roster(raw_dir, load_schema(roster_schema), settings.inquiry.roles)
    found = CorpusScan.from_json(json.loads(scan.read_text(encoding="utf-8")))
    result = clean_documents(
        read_parquet(documents),
        people,
        raw_dir,
        settings.ingest,
        settings.inquiry.waves,
        scan=found,
        shard=(shard, shards),
        workers=workers,
    )
    log.info(
        "shard %d of %d: %d documents, %d segments",
        shard + 1,
        shards,
        result.counts["documents_in"],
        result.counts["segments"],
    )
    return {
        "segments": result.segments,
        "deidentified": TextFiles({f"{doc_id}.txt": text for doc_id, text in result.texts.items()}),
        "exclusions": result.exclusions,
        "redactions": result.redactions,
        "likert": result.likert,
        "review": result.review,
        "counts": result.counts,
    }


def nothing_to_analyse(exclusions: pd.DataFrame) -> str:
    """Why no document gave a participant's passage, from the exclusions, and what to do."""
    documents = exclusions[exclusions["unit"] == "document"]
    reasons = documents["reason"].value_counts()
    why = "; ".join(f"{n} {reason.replace('_', ' ')}" for reason, n in reasons.items()) or "none excluded"
    first = documents.loc[documents["reason"] == "bad_document", "detail"].head(1).tolist()
    return (
        "no document gave a participant's passage to analyse (documents excluded: "
        + why
        + ")"
        + (f". The first unreadable one: {first[0].rstrip('.')}" if first else "")
        + ". Run make check, which lists every document it cannot read and every speaker label that matches no "
        "one; data/processed/exclusions.csv gives each exclusion's reason."
    )


def _read_csv(path: Path) -> pd.DataFrame:
    """A shard's CSV as written, every value a string, so that it is written back byte for byte."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _read_text(path: Path) -> str:
    """A text file exactly as written (no newline translation), so that it is written back byte for byte."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def clean(
    documents: Path,
    segments: Sequence[Path],
    deidentified: Sequence[Path],
    exclusions: Sequence[Path],
    redactions: Sequence[Path],
    likert: Sequence[Path],
    counts: Sequence[Path],
    review: Sequence[Path] = (),
) -> dict[str, Any]:
    """The shards' segments, de-identified texts and audit tables → one of each, in doc_id order, and the
    units the shares count; the shards' review files → one (sensitive: it holds the original names)."""
    passages = assemble([read_parquet(p) for p in segments])
    excluded = assemble([_read_csv(p) for p in exclusions])
    check_assembled(read_parquet(documents), passages, excluded)
    if not passages["is_participant"].astype(bool).any():
        raise InputError(nothing_to_analyse(excluded))
    texts = TextFiles(
        {text.name: _read_text(text) for folder in deidentified for text in sorted(Path(folder).glob("*.txt"))}
    )
    units = unit_table(passages, read_parquet(documents))
    log.info("%d source units (documents, and survey responses one by one) with participant passages", len(units))
    tallies = [json.loads(p.read_text(encoding="utf-8")) for p in counts]
    for name in tallies[0]:
        log.info("%s: %d", name, sum(t[name] for t in tallies))
    return {
        "segments": passages,
        "units": units,
        "deidentified": texts,
        "exclusions": excluded,
        "redactions": assemble([_read_csv(p) for p in redactions]),
        "likert": assemble([read_parquet(p) for p in likert]),
        "review": assemble([_read_csv(p) for p in review]),
    }
