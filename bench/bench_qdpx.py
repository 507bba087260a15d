"""How much of a QDA project's coding lands on the right passages: a folder written by another hand with
``raw/`` (register, roster, transcripts), ``codebook.yaml``, ``coded.qdpx`` and ``expected.yaml`` (each
selection's code, theme, exact text and the speakers of the turns it lies in).

    python bench/bench_qdpx.py FOLDER [--interviewer Interviewer] [--out bench/results/qdpx_FOLDERNAME.json]

The transcripts are cleaned as a run cleans them; the code map is ``make check``'s draft, with the codes it
leaves undecided set to ``ignore`` (what a user does with a code that is no theme). A placed coding is right
when every passage it lands on is one of its speakers' and the passages hold at least 90% of its words (80% for
one over words the team edited in the tool), leaving out speaker and time lines, the speakers' names and, for a
selection that reaches into the interviewer's question, the question's words; a coding on the research team's
words alone is right when it is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import pandas as pd
import yaml

from qualsynth.coding.code_map import IGNORE, check_code_map, draft_code_map
from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.qda_project import read_project
from qualsynth.coding.refiqda_import import NOT_PLACED, import_project
from qualsynth.config import load_schema
from qualsynth.ingest.clean import clean_documents
from qualsynth.ingest.inputs import check_register, read_roster, read_table
from qualsynth.settings import IngestSettings, waves_from_config

SCHEMAS = Path(__file__).resolve().parents[1] / "workflow" / "schemas"
_WORDS = re.compile(r"\w+")


def score(folder: Path, interviewer: str) -> dict[str, object]:
    raw = folder / "raw"
    register, people = read_table(raw / "documents.csv"), read_table(raw / "participants.csv")
    years = sorted({d[:4] for d in register["date"]})
    waves = waves_from_config([{"id": "W1", "start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}])
    documents = check_register(
        raw, load_schema(SCHEMAS / "register.schema.yaml"), waves, sorted(set(register["method"]))
    )
    roster = read_roster(raw, load_schema(SCHEMAS / "roster.schema.yaml"), sorted(set(people["role"])))
    cleaned = clean_documents(documents, roster, raw, IngestSettings(interviewer_labels=[interviewer]), waves)
    codebook = load_codebook(folder / "codebook.yaml", load_schema(SCHEMAS / "codebook.schema.yaml"))
    project = read_project(folder / "coded.qdpx")
    draft = draft_code_map(project, codebook)
    undecided = list(draft.loc[draft["theme_id"] == "", "code"])
    draft.loc[draft["theme_id"] == "", "theme_id"] = IGNORE
    mapping, problems = check_code_map(draft, project, codebook, Path("qdpx_code_map.csv"))
    imported = import_project(project, documents, cleaned.segments, cleaned.texts, mapping)
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    report = imported.report.set_index("selection")
    passages = cleaned.segments.set_index("segment_id")
    pseudonym = {
        name.strip().casefold(): row.participant_id for row in roster.itertuples() for name in row.names.split(";")
    }
    outcome: dict[str, int] = {}
    wrong_theme = 0
    for selection in expected["selections"]:
        row = report.loc[selection["guid"]]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        theirs = {pseudonym.get(s.casefold()) for s in selection["speakers"] if s != interviewer}
        # The selection's words that should be in its participants' passages: not the speaker and time lines or
        # the speakers' names in labels, nor, where it reaches into the interviewer's question, the question's.
        names = {w.casefold() for speaker in selection["speakers"] for w in _WORDS.findall(speaker)}
        asked = set()
        if interviewer in selection["speakers"]:
            team = cleaned.segments[(cleaned.segments["doc_id"] == row["doc_id"]) & ~cleaned.segments["is_participant"]]
            asked = {w.casefold() for w in _WORDS.findall(" ".join(team["text"]))}
        said = [
            w.casefold()
            for line in re.split(r"\r?\n", selection["text"])
            if not re.search(r"\s\d+:\d\d$", line)
            for w in _WORDS.findall(line)
            if w.casefold() not in names and w.casefold() not in asked
        ]
        if not theirs:
            kind = "team's words: reported" if row["status"] == NOT_PLACED else "team's words: placed"
        elif row["status"] == NOT_PLACED:
            kind = "not placed"
        else:
            placed = passages.loc[row["passages"].split(";")]
            held = {w.casefold() for w in _WORDS.findall(" ".join(placed["text"]))}
            share = sum(w in held for w in said) / max(len(said), 1)
            right = set(placed["participant_id"]) <= theirs and share >= (0.8 if selection.get("edited") else 0.9)
            kind = "placed on the right passages" if right else "placed on a wrong passage"
        outcome[kind] = outcome.get(kind, 0) + 1
        decided_by_draft = row["code"] not in undecided
        if decided_by_draft and row["status"] != NOT_PLACED and (selection.get("theme") or IGNORE) != row["theme_id"]:
            wrong_theme += 1
    matched = imported.sources[["source", "doc_id", "matched_by", "reading"]].to_dict("records")
    return {
        "selections": len(expected["selections"]),
        "outcomes": outcome,
        "codings_the_draft_mapped_to_another_theme_than_expected": wrong_theme,
        "codes_the_draft_left_undecided": undecided,
        "code_map_problems": problems,
        "sources": matched,
        "summary": imported.summary(),
        "run_on": dt.date.today().isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--interviewer", default="Interviewer")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = score(args.folder, args.interviewer)
    out = args.out or Path(__file__).parent / "results" / f"qdpx_{args.folder.name}.json"
    out.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump(results, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
