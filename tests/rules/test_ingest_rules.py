"""The ingest rules on the counterfactual corpus: validate_inputs, scan_corpus, clean_shard and clean."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil

import pandas as pd
import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.steps import clean_shard, scan_corpus, validate_inputs
from qualsynth.tables import read_parquet, write_outputs
from tests.rules.conftest import (
    ANSWER,
    DATA,
    DOCUMENTS,
    QUESTION,
    ROSTER_NAMES,
    SCHEMAS,
    SHARDS,
    SPEAKERS,
    SUPPORT,
    counterfactual_config,
    rule_settings,
)

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")


def test_validate_inputs_registers_the_eight_documents_with_the_waves_of_their_dates(project):
    documents = read_parquet(project.output("validate_inputs", "documents"))
    assert len(documents) == 8
    assert {d.doc_id: (d.place, d.wave) for d in documents.itertuples()} == DOCUMENTS
    assert set(documents["method"]) == {"interview"}
    assert documents.set_index("doc_id")["path"].to_dict() == {doc: f"transcripts/{doc}.txt" for doc in DOCUMENTS}


def test_validate_inputs_records_each_source_file_checksum_and_size(project):
    documents = read_parquet(project.output("validate_inputs", "documents"))
    for doc in documents.itertuples():
        source = DATA / "raw" / doc.path
        assert doc.sha256 == hashlib.sha256(source.read_bytes()).hexdigest(), doc.doc_id
        assert doc.n_bytes == source.stat().st_size, doc.doc_id


def test_validate_inputs_warns_about_a_file_the_register_does_not_list(tmp_path, caplog):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "raw", raw)
    (raw / "transcripts/notes.txt").write_text("INTERVIEWER: Not registered.\n", encoding="utf-8")
    config = counterfactual_config()
    with caplog.at_level(logging.WARNING):
        out = validate_inputs(raw, SCHEMAS / "register.schema.yaml", rule_settings(config, "validate_inputs"), SUPPORT)
    assert sorted(out["documents"]["doc_id"]) == sorted(DOCUMENTS)
    assert any("transcripts/notes.txt" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_validate_inputs_refuses_a_date_in_no_wave_naming_the_line(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "raw", raw)
    register = raw / "documents.csv"
    # bi-w1-01 is the register's fourth line (after the header); 2024 is in neither of the config's waves.
    register.write_text(register.read_text(encoding="utf-8").replace("2023-02-20", "2024-02-20"), encoding="utf-8")
    config = counterfactual_config()
    with pytest.raises(InputError, match=r"line 4: date 2024-02-20 of 'bi-w1-01' falls in no wave"):
        validate_inputs(raw, SCHEMAS / "register.schema.yaml", rule_settings(config, "validate_inputs"), SUPPORT)


def test_scan_corpus_shard_registers_partition_the_eight_documents(project):
    documents = read_parquet(project.output("validate_inputs", "documents")).set_index("doc_id")
    registers = [read_parquet(p) for p in project.output("scan_corpus", "registers")]
    assert len(registers) == SHARDS
    ids = [set(r["doc_id"]) for r in registers]
    assert all(ids), "a shard with no documents does not exercise the sharding"
    assert ids[0].isdisjoint(ids[1])
    assert ids[0] | ids[1] == set(DOCUMENTS)
    for register in registers:
        # Each shard's rows are the register's rows for its documents, unchanged.
        expected = documents.loc[register["doc_id"]].reset_index()
        pd.testing.assert_frame_equal(register, expected)


def test_scan_corpus_finds_both_places_and_no_duplicate_texts(project):
    scan = json.loads(project.output("scan_corpus", "scan").read_text(encoding="utf-8"))
    assert scan["places"] == ["Alder", "Birch"]
    assert scan["duplicates"] == {}  # the eight transcripts all differ


def test_clean_shard_holds_only_its_shard_documents(project):
    for shard in range(SHARDS):
        register = set(read_parquet(project.output("scan_corpus", "registers")[shard])["doc_id"])
        segments = read_parquet(project.output("clean_shard", "segments", shard))
        assert set(segments["doc_id"]) == register, shard
        texts = {p.name for p in project.output("clean_shard", "deidentified", shard).iterdir()}
        assert texts == {f"{doc}.txt" for doc in register}, shard
        counts = json.loads(project.output("clean_shard", "counts", shard).read_text(encoding="utf-8"))
        # Two turns per transcript, each a passage of its own.
        assert (counts["documents_in"], counts["segments"]) == (len(register), 2 * len(register)), shard


def test_clean_shard_attributes_each_answer_to_its_pseudonymised_speaker(project):
    for shard in range(SHARDS):
        segments = read_parquet(project.output("clean_shard", "segments", shard)).set_index("segment_id")
        for doc in set(segments["doc_id"]):
            assert segments.loc[f"{doc}-{ANSWER}", "participant_id"] == SPEAKERS[doc]
            assert bool(segments.loc[f"{doc}-{ANSWER}", "is_participant"])
            assert not segments.loc[f"{doc}-{QUESTION}", "is_participant"]
        for text in project.output("clean_shard", "deidentified", shard).iterdir():
            content = text.read_text(encoding="utf-8")
            assert f"{SPEAKERS[text.stem]}: " in content
            assert not [name for name in ROSTER_NAMES if name in content], text.name


def test_clean_shard_leaves_out_every_word_of_a_withdrawn_participant(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "raw", raw)
    roster = raw / "participants.csv"
    # Raj Patel (BI02) withdraws: he is the only participant in bi-w1-02 and bi-w2-02.
    text = roster.read_text(encoding="utf-8").replace("senior_leader,Birch,given", "senior_leader,Birch,withdrawn")
    roster.write_text(text, encoding="utf-8")
    config = counterfactual_config()
    documents, scan, register = tmp_path / "documents.parquet", tmp_path / "scan.json", tmp_path / "register.parquet"
    write_outputs(
        validate_inputs(raw, SCHEMAS / "register.schema.yaml", rule_settings(config, "validate_inputs"), SUPPORT),
        {"documents": documents},
    )
    roster_schema = SCHEMAS / "roster.schema.yaml"
    write_outputs(
        scan_corpus(documents, roster, roster_schema, raw, rule_settings(config, "scan_corpus"), 1),
        {"scan": scan, "registers": [register]},
    )
    out = clean_shard(register, roster, roster_schema, scan, raw, rule_settings(config, "clean_shard"), 0, 1)
    assert "BI02" not in set(out["segments"]["participant_id"])
    assert set(out["segments"]["doc_id"]) == set(DOCUMENTS) - {"bi-w1-02", "bi-w2-02"}
    excluded = out["exclusions"].set_index("doc_id")["reason"].to_dict()
    assert excluded == {"bi-w1-02": "no_participant_turns", "bi-w2-02": "no_participant_turns"}
    said = " ".join([*out["deidentified"].values(), *out["segments"]["text"]])
    for words in ["youth workers", "who refers to whom", "going fine", "more than before"]:
        assert words not in said


def test_clean_puts_the_shards_together_in_doc_id_order(project):
    segments = read_parquet(project.output("clean", "segments"))
    expected = [f"{doc}-{turn}" for doc in sorted(DOCUMENTS) for turn in (QUESTION, ANSWER)]
    assert list(segments["segment_id"]) == expected
    shards = pd.concat([read_parquet(p) for p in project.shard_outputs("clean_shard", "segments")])
    pd.testing.assert_frame_equal(segments, shards.sort_values("segment_id").reset_index(drop=True))


def test_clean_accounts_for_every_turn_as_a_segment_or_an_exclusion(project):
    # 8 transcripts × 2 turns (INTERVIEWER, then the participant), none left out.
    segments = read_parquet(project.output("clean", "segments"))
    exclusions = pd.read_csv(project.output("clean", "exclusions"))
    assert len(segments) + len(exclusions) == 16
    assert exclusions.empty
    assert (segments["role"] == "interviewer").sum() == 8
    units = read_parquet(project.output("clean", "units"))
    assert list(units["unit_id"]) == sorted(DOCUMENTS)
    assert (units["passages"] == 1).all()


def test_clean_copies_each_shard_deidentified_text_byte_for_byte(project):
    merged = project.output("clean", "deidentified")
    assert sorted(p.name for p in merged.iterdir()) == [f"{doc}.txt" for doc in sorted(DOCUMENTS)]
    for folder in project.shard_outputs("clean_shard", "deidentified"):
        for text in folder.iterdir():
            assert (merged / text.name).read_bytes() == text.read_bytes()
