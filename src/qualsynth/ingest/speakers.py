"""Who speaks in a unit: the roster's names, aliases and ids, the research team's labels, and what the
register says of one document (its participant, its own labels), mapped to pseudonyms and roles."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.errors import InputError
from qualsynth.ingest.deidentify import name_variants, normalise_label
from qualsynth.ingest.inputs import split_names
from qualsynth.ingest.layouts import AUTO, NARRATOR, UNLABELLED, Hints
from qualsynth.ingest.readers import Unit

INTERVIEWER = "interviewer"
# The role of a label that marks no one's speech (an ad break, music): its turns are set apart.
NOT_A_SPEAKER = "not a speaker"


@dataclass(frozen=True)
class Speaker:
    """Who a unit's label stands for: a participant, a survey respondent, or the research team."""

    pseudonym: str
    participant_id: str | None
    role: str
    consent: str


@dataclass(frozen=True)
class Speakers:
    """The labels of one document: the inquiry's (roster and team) with the register's for this document
    over them, and the document's participant (the speaker of generic labels and unlabelled text)."""

    lookup: Mapping[str, Speaker]
    team: frozenset[str]
    participant: Speaker | None = None
    generic: frozenset[str] = frozenset()
    layout: str = AUTO
    names: Mapping[str, str] = field(default_factory=dict)  # normalised label → as written, for did-you-mean

    def hints(self) -> Hints:
        return Hints(frozenset(self.lookup) | self.generic, self.team, self.participant is not None, self.layout)

    def find(self, label: str) -> Speaker | None:
        """The speaker ``label`` stands for, or None."""
        if label == NARRATOR:
            return Speaker("NOTE-TAKER", None, INTERVIEWER, "given")
        if label == UNLABELLED or normalise_label(label) in self.generic:
            return self.participant
        return self.lookup.get(normalise_label(label))

    def unmatched(self, label: str) -> str:
        """Why ``label`` matches no one, and the fix, with the nearest label the inquiry knows."""
        if label == UNLABELLED or normalise_label(label) in self.generic:
            return (
                f"{'unlabelled text' if label == UNLABELLED else f'the label {label!r}'} is the document's participant's, "
                "but the register names none. Give their participant_id in the register's 'participant' column."
            )
        close = difflib.get_close_matches(normalise_label(label), list(self.names), n=1, cutoff=0.75)
        hint = f" Did you mean {self.names[close[0]]!r}?" if close else ""
        return (
            f"speaker label {label!r} matches no participant in participants.csv and no interviewer label in the "
            f"config.{hint} Add the name as an alias in participants.csv, add the label to 'interviewer_labels', "
            "map it in the register's 'speakers' column (e.g. 'Speaker 2=P07'), or, if it marks no one's speech "
            "(an ad break, music), list it in 'ingest.not_speakers'."
        )


class Lookup(dict[str, Speaker]):
    """Labels (normalised) → speakers, and each label as the roster or the config writes it (for did-you-mean)."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, str] = {}
        self.derived: tuple[dict[str, Speaker], dict[str, str]] | None = None


def _by_id_and_names(lookup: Mapping[str, Speaker]) -> tuple[dict[str, Speaker], dict[str, str]]:
    """The speakers by participant id, and every label as written: once per lookup, which is complete when
    made, not once per document (the 100× roster made that 57 million look-ups)."""
    if isinstance(lookup, Lookup) and lookup.derived is not None:
        return lookup.derived
    by_id = {s.participant_id: s for s in lookup.values() if s.participant_id}
    written = getattr(lookup, "written", {})
    derived = by_id, {k: written.get(k, k) for k in lookup}
    if isinstance(lookup, Lookup):
        lookup.derived = derived
    return derived


def speaker_lookup(
    roster: pd.DataFrame, interviewer_labels: Sequence[str], not_speakers: Sequence[str] = ()
) -> dict[str, Speaker]:
    """Map each normalised name, alias, participant id and team label to the speaker it stands for (and each
    label of ``not_speakers`` to no one's speech)."""
    lookup = Lookup()
    for label in not_speakers:
        lookup[normalise_label(label)] = Speaker(label, None, NOT_A_SPEAKER, "given")
    for label in interviewer_labels:
        lookup[normalise_label(label)] = Speaker(label.upper(), None, INTERVIEWER, "given")
    for row in roster.itertuples(index=False):
        speaker = Speaker(row.participant_id, row.participant_id, row.role, row.consent)
        lookup.setdefault(normalise_label(row.participant_id), speaker)
        for name in split_names(row.names):
            lookup[normalise_label(name)] = speaker
            lookup.written.setdefault(normalise_label(name), name)
    for label in interviewer_labels:
        lookup.written.setdefault(normalise_label(label), label)
    return lookup


def document_speakers(
    lookup: Mapping[str, Speaker],
    interviewer_labels: Sequence[str],
    respondent_labels: Sequence[str],
    doc: Any,
    source: Path | str,
    check_ids: bool = True,
) -> Speakers:
    """The speakers of one registered document ``doc`` (a row of the register): its ``participant`` and
    its ``speakers`` map (``Speaker 1=interviewer; Speaker 2=P07``) over the inquiry's labels. Without
    ``check_ids`` (the roster could not be read) an id the roster lacks is not refused."""
    by_id, names = _by_id_and_names(lookup)
    team = {normalise_label(label) for label in interviewer_labels}
    mine = dict(lookup)
    for label, target in parse_speakers(str(_get(doc, "speakers")), source):
        if target.casefold() == INTERVIEWER:
            mine[normalise_label(label)] = Speaker(label.upper(), None, INTERVIEWER, "given")
            team.add(normalise_label(label))
        elif target in by_id or not check_ids:
            mine[normalise_label(label)] = by_id.get(target) or Speaker(target, target, "", "given")
        else:
            raise InputError(
                f"{source}: the register's 'speakers' column maps {label!r} to {target!r}, which is no participant_id "
                "in participants.csv. Write a participant_id, or 'interviewer'."
            )
    participant_id = str(_get(doc, "participant"))
    participant = None
    if participant_id:
        participant = by_id.get(participant_id) or (
            None if check_ids else Speaker(participant_id, participant_id, "", "given")
        )
        if participant is None:
            raise InputError(
                f"{source}: the register's 'participant' column names {participant_id!r}, which is no participant_id "
                "in participants.csv. Correct it, or add the participant to participants.csv."
            )
    generic = frozenset(normalise_label(label) for label in respondent_labels) - set(mine)
    return Speakers(mine, frozenset(team), participant, generic, str(_get(doc, "layout")) or AUTO, names)


def _get(doc: Any, column: str) -> str:
    value = getattr(doc, column, "") if not isinstance(doc, Mapping) else doc.get(column, "")
    return "" if value is None or value != value else str(value).strip()


def parse_speakers(cell: str, source: Path | str) -> list[tuple[str, str]]:
    """``label=target`` pairs of the register's ``speakers`` column, separated by ``;``."""
    pairs = []
    for item in (part.strip() for part in cell.split(";")):
        if not item:
            continue
        label, equals, target = item.partition("=")
        if not equals or not label.strip() or not target.strip():
            raise InputError(
                f"{source}: the register's 'speakers' column holds {item!r}. Write each mapping as 'label=participant_id' "
                "or 'label=interviewer', separated by ';' (e.g. 'Speaker 1=interviewer; Speaker 2=P07')."
            )
        pairs.append((label.strip(), target.strip()))
    return pairs


def roster_names(roster: pd.DataFrame) -> list[tuple[str, str]]:
    """Every roster name, alias and first name with its participant's id; a first name two participants
    share comes once for each."""
    return list(
        dict.fromkeys(
            (variant, row.participant_id)
            for row in roster.itertuples(index=False)
            for variant in name_variants(split_names(row.names))
        )
    )


def pseudonym_map(roster: pd.DataFrame) -> dict[str, str]:
    """Every roster name, alias and first name → one participant (the first in the roster that has it)."""
    mapping: dict[str, str] = {}
    for name, pid in roster_names(roster):
        mapping.setdefault(name, pid)
    return mapping


def attribute(unit: Unit, speakers: Speakers, source: Path) -> Speaker:
    if unit.respondent:
        return Speaker(unit.respondent, unit.respondent, unit.role or "", "given")
    speaker = speakers.find(unit.label)
    if speaker is None:
        raise InputError(f"{source}, {unit.ref}: {speakers.unmatched(unit.label)}")
    return speaker
