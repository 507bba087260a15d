"""Who speaks in a unit: the roster's names, aliases and the research team's labels, mapped to
pseudonyms and roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualsynth.errors import InputError
from qualsynth.ingest.deidentify import (
    name_variants,
    normalise_label,
)
from qualsynth.ingest.inputs import split_names
from qualsynth.ingest.readers import Unit


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


def attribute(unit: Unit, speakers: dict[str, Speaker], source: Path) -> Speaker:
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
