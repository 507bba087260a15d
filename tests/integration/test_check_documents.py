"""make check reads every registered document as a run would, before any job runs: every document no layout
reads and every speaker label that matches no one are listed at once, with the file, the line and the fix.
The transcripts are the layout fixtures in tests/data/transcript_layouts (written from the tools' docs)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from qualsynth.new import new_inquiry

ROOT = Path(__file__).parents[2]
LAYOUTS = ROOT / "tests" / "data" / "transcript_layouts"


def inquiry(tmp_path, register_rows, roster_rows):
    project = tmp_path / "inquiry"
    new_inquiry(project, "Layouts", checkout=ROOT)
    raw = project / "data" / "raw"
    for name in {row["path"] for row in register_rows}:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(LAYOUTS / name, raw / name)
    columns = ["doc_id", "path", "place", "date", "method", "title", "participant", "speakers"]
    pd.DataFrame(register_rows, columns=columns).fillna("").to_csv(raw / "documents.csv", index=False)
    roster = pd.DataFrame(roster_rows, columns=["participant_id", "names", "role", "place", "consent"])
    roster.to_csv(raw / "participants.csv", index=False)
    config = (project / "config.yaml").read_text(encoding="utf-8")
    start, end = config.index("  surveys:\n"), config.index("  # places:")
    config = config[:start] + config[end:]  # no survey in this inquiry
    config = config.replace("methods: [interview, survey]", "methods: [interview]")
    (project / "config.yaml").write_text(config, encoding="utf-8")
    return project


def check(project):
    return subprocess.run(
        [sys.executable, "-m", "qualsynth.coding.check", "--configfile", str(project / "config.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def doc(doc_id, path, participant="", speakers=""):
    return {
        "doc_id": doc_id,
        "path": path,
        "place": "Northtown",
        "date": "2025-03-01",
        "method": "interview",
        "title": "",
        "participant": participant,
        "speakers": speakers,
    }


def person(pid, names):
    return {"participant_id": pid, "names": names, "role": "resident", "place": "Northtown", "consent": "given"}


def test_check_lists_every_unreadable_document_and_unmatched_label_at_once(tmp_path):
    project = inquiry(
        tmp_path,
        [
            # Priya is misspelt in the roster; Speaker 3 is mapped by the register.
            doc("otter", "otter.txt", speakers="Speaker 3=P02"),
            doc("zoom", "zoom.vtt"),  # Mark Liddell is in no list
            doc("roles", "interviewer_respondent.txt", participant="P04"),  # Respondent is P04
            doc("i-r", "i_r.txt"),  # R stands for the document's participant, and the register names none
            doc("summary", "broken/no_labels.txt"),
            doc("binary", "broken/binary.txt"),
        ],
        [
            person("P01", "Zoë Hartmann"),
            person("P02", "Ruth Dale"),
            person("P03", "Hannah Osei;José Ferreira"),
            person("P04", "Dev Anand"),
            person("P05", "Priya Natrajan"),
        ],
    )
    (project / "config.yaml").write_text(
        (project / "config.yaml")
        .read_text(encoding="utf-8")
        .replace("interviewer_labels: [INTERVIEWER, FACILITATOR]", "interviewer_labels: [INTERVIEWER, I]"),
        encoding="utf-8",
    )
    result = check(project)
    assert result.returncode == 1
    out = result.stderr
    assert "5 problem(s) to fix before a run" in out, out
    raw = project / "data" / "raw"
    assert f"{raw / 'otter.txt'}, line 1, line 7, line 16, line 22, line 34: speaker label 'Priya Natarajan'" in out
    assert "Did you mean 'Priya Natrajan'?" in out
    assert (
        f"{raw / 'zoom.vtt'}, cue 11 (00:01:10.200), cue 13 (00:01:15.400)" in out
        and "speaker label 'Mark Liddell' matches no" in out
    )
    assert f"{raw / 'i_r.txt'}, line 2, line 4" in out and "the label 'R' is the document's participant's" in out
    # 8 lines of text, 115 words, none starting with a label (counted with wc).
    assert (
        f"{raw / 'broken' / 'no_labels.txt'}: no speaker label found in its 8 line(s) of text (115 words). Tried" in out
    )
    assert f"{raw / 'broken' / 'binary.txt'}, line 1, byte " in out and "binary content" in out
    assert "Respondent" not in out and "Speaker 3" not in out


def test_check_names_the_documents_a_run_will_exclude_when_bad_documents_are_skipped(tmp_path):
    project = inquiry(
        tmp_path,
        [doc("otter", "otter.txt", speakers="Speaker 3=P02"), doc("summary", "broken/no_labels.txt")],
        [person("P01", "Zoë Hartmann"), person("P02", "Ruth Dale"), person("P05", "Priya Natarajan")],
    )
    config = project / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("on_bad_document: fail", "on_bad_document: skip"), encoding="utf-8"
    )
    result = check(project)
    assert result.returncode == 0, result.stderr
    expected = "documents (1 read: 1 labels; 1 unreadable, to be excluded as ingest.on_bad_document is 'skip': "
    assert expected + "broken/no_labels.txt)" in result.stdout
