"""Append the planted passages of passages.csv to the demo's raw data (run once, from the checkout).

    python tests/data/planted_themes/plant.py

Transcripts get each passage as a last exchange: the interviewer's prompt (with the label the file
uses for its interviewer) and the participant's turn, separated as the file separates its turns.
Survey answers go into their empty cell; each export keeps its encoding and line endings. Refuses to
run twice (a passage already in its target) or to fill a cell that is not empty.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data/raw"
HERE = Path(__file__).resolve().parent
QUESTIONS = {"q2": "What gets in the way?", "q3": "Anything else you would like to tell us?"}


def register() -> dict[str, str]:
    with open(RAW / "documents.csv", encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row["path"] for row in csv.DictReader(handle)}


def append_exchange(path: Path, speaker: str, prompt: str, text: str) -> None:
    raw = path.read_text(encoding="utf-8")
    if text in raw:
        sys.exit(f"{path}: already holds the passage of {speaker}; nothing changed")
    interviewer = next(
        label for label in ("INTERVIEWER", "FACILITATOR", "INT") if re.search(rf"^{label}:", raw, flags=re.M)
    )
    gap = "\n\n" if "\n\n" in raw.strip() else "\n"
    path.write_text(raw.rstrip("\n") + f"{gap}{interviewer}: {prompt}{gap}{speaker}: {text}\n", encoding="utf-8")


def fill_cell(path: Path, row: int, question: str, text: str) -> None:
    data = path.read_bytes()
    try:
        encoding, decoded = "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        encoding, decoded = "cp1252", data.decode("cp1252")
    newline = "\r\n" if "\r\n" in decoded else "\n"
    rows = list(csv.reader(io.StringIO(decoded, newline="")))
    column = rows[0].index(question)
    if rows[row - 1][column].strip():
        sys.exit(f"{path}, row {row}: the cell for {question!r} is not empty; nothing changed")
    rows[row - 1][column] = text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=newline).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def planted_segments(segments) -> dict[str, str]:
    """segment_id → planted theme, in a build's segments table: a survey answer by its row and question,
    a transcript passage as the passage of its document that shares most of its words (de-identification
    may have changed a name). A passage found in no segment is an error: rebuild the demo."""
    found = {}
    ids = set(segments["segment_id"])
    with open(HERE / "passages.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            survey = re.fullmatch(r"(sv-w\d) row (\d+) q(\d)", row["target"])
            if survey:
                doc, line, question = survey.groups()
                segment = f"{doc}-r{int(line):04d}q{int(question):02d}-s01"
            else:
                words = set(row["text"].lower().split())
                candidates = segments[segments["doc_id"] == row["target"]]
                overlap = [len(words & set(text.lower().split())) / len(words) for text in candidates["text"]]
                best = max(range(len(overlap)), key=overlap.__getitem__, default=None)
                segment = candidates["segment_id"].iloc[best] if best is not None and overlap[best] > 0.8 else None
            if segment not in ids:
                raise ValueError(f"{row['target']} ({row['theme']}) is in no passage of the build; rebuild the demo")
            found[segment] = row["theme"]
    return found


def main() -> None:
    paths = register()
    with open(HERE / "passages.csv", encoding="utf-8", newline="") as handle:
        passages = list(csv.DictReader(handle))
    for p in passages:
        if p["kind"] == "transcript":
            append_exchange(RAW / paths[p["target"]], p["speaker"], p["prompt"], p["text"])
        else:
            doc, row, question = re.fullmatch(r"(sv-w\d) row (\d+) (q[23])", p["target"]).groups()
            fill_cell(RAW / paths[doc], int(row), QUESTIONS[question], p["text"])
    print(f"planted {len(passages)} passages")


if __name__ == "__main__":
    main()
