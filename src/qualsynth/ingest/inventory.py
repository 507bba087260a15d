"""Count what a raw corpus holds: documents, participant words, places, waves, methods, roles, formats."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from qualsynth.config import load_schema
from qualsynth.ingest.clean import corpus_places, read_document
from qualsynth.ingest.inputs import check_register, read_roster
from qualsynth.ingest.speakers import speaker_lookup
from qualsynth.settings import Settings


def corpus_inventory(raw_dir: Path, settings: Settings, schemas: Path) -> dict[str, Any]:
    """Read every registered source and count what it holds, without writing anything."""
    inquiry = settings.inquiry
    documents = check_register(raw_dir, load_schema(schemas / "register.schema.yaml"), inquiry.waves, inquiry.methods)
    roster = read_roster(raw_dir, load_schema(schemas / "roster.schema.yaml"), inquiry.roles)
    lookup = speaker_lookup(roster, settings.ingest.interviewer_labels, settings.ingest.not_speakers)
    places = corpus_places(documents, settings.ingest)
    words = Counter[str]()
    roles = Counter[str]()
    units = 0
    seen_places: set[str] = set()
    for doc in documents.itertuples(index=False):
        source, attributed = read_document(doc, raw_dir, settings.ingest, places, lookup)
        for unit, speaker in attributed:
            units += 1
            seen_places.add(unit.place or doc.place)
            role = unit.role if unit.respondent else speaker.role
            if role != "interviewer":
                words[doc.method] += len(unit.text.split())
                roles[role] += 1
    return {
        "documents": len(documents),
        "participant_words": sum(words.values()),
        "participant_words_by_method": dict(sorted(words.items())),
        "units": units,
        "places": sorted(seen_places),
        "waves": sorted(documents["wave"].unique()),
        "methods": dict(sorted(Counter(documents["method"]).items())),
        "formats": dict(sorted(Counter(Path(p).suffix.lower() for p in documents["path"]).items())),
        "roles_speaking": dict(sorted(roles.items())),
        "roster": {"participants": len(roster), "withdrawn": int((roster["consent"] == "withdrawn").sum())},
    }
