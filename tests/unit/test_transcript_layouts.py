"""Transcripts in the layouts transcription tools write (tests/data/transcript_layouts: fixtures written from
each tool's documentation by another hand, with the turns a correct reader must get, written by hand).

One deliberate difference from the fixtures' notes: where every line carries its own ``Name:`` label, each
labelled line is read as a turn of its own, as the transcriber wrote it, and consecutive ones of one speaker
are not joined (a header repeated for the same speaker, caption cues and table rows are). So the turns are
compared as runs of one speaker: the same speakers, in the same order, with the same words."""

from pathlib import Path

import pytest
import yaml

from qualsynth.errors import InputError
from qualsynth.ingest.deidentify import normalise_label
from qualsynth.ingest.sources import read_source

FIXTURES = Path(__file__).parents[1] / "data" / "transcript_layouts"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
READABLE = sorted(name for name, entry in EXPECTED.items() if not entry.get("refused"))
BROKEN = sorted(name for name, entry in EXPECTED.items() if entry.get("refused"))


def runs(turns):
    """Consecutive turns of one speaker as one (speaker, text)."""
    joined = []
    for speaker, text in turns:
        if joined and normalise_label(joined[-1][0]) == normalise_label(speaker):
            joined[-1] = (joined[-1][0], f"{joined[-1][1]} {text}")
        else:
            joined.append((speaker, text))
    return joined


@pytest.mark.parametrize("name", READABLE)
def test_each_layout_is_read_into_its_speakers_and_turns(name):
    expected = EXPECTED[name]
    source = read_source(FIXTURES / name, None, [])
    found = [(unit.label, unit.text) for unit in source.units]
    assert runs(found) == runs((t["speaker"], t["text"]) for t in expected["turns"]), expected["tool"]
    assert len(source.set_apart) == len(expected.get("preamble", [])), "title lines set apart"


@pytest.mark.parametrize("name", BROKEN)
def test_a_file_no_layout_reads_is_refused_naming_the_file(name):
    with pytest.raises(InputError, match=Path(name).name.replace(".", r"\.")):
        read_source(FIXTURES / name, None, [])
