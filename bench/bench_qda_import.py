"""How much of a real team's coding, done in another tool, arrives on the right passage.

    python bench/bench_qda_import.py TAGUETTE.sqlite3 HIGHLIGHTS.csv PROJECT [--out bench/results/qda_import.json]

TAGUETTE.sqlite3 is a Taguette project database (where the tool keeps each highlight's position in its own
copy of the text), HIGHLIGHTS.csv the same coding as Taguette exports it (document, tag, excerpt text: the
table a user brings in with ``coding.qdpx_import``), and PROJECT an inquiry folder built from the same
transcripts with that table imported (``make report CONFIG=PROJECT/config.yaml``).

The truth for each highlight comes from the tool's own positions, not from the importer: its words, and which
occurrence of them in Taguette's text it is (Taguette counts UTF-8 bytes of the document's text without its
HTML tags), found as the same occurrence of the same words in the run's de-identified text; the passages that
hold them are the right ones, or none when they are the research team's words. Each coding the importer placed
is then right (on those passages), wrong (elsewhere) or not placed, with the importer's reason.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def occurrences(haystack: list[tuple[str, int, int]], needle: list[str]) -> list[int]:
    """Word indexes where ``needle`` starts in ``haystack``."""
    n = len(needle)
    return [i for i in range(len(haystack) - n + 1) if [w for w, *_ in haystack[i : i + n]] == needle]


def taguette_text(contents: str) -> str:
    """A Taguette document's text as its offsets count it: the HTML without its tags, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", "", contents))


def truth(database: Path, project: Path, register: pd.DataFrame) -> dict[tuple[str, str, str], list[set[str] | None]]:
    """For each (document file, tag, excerpt words), in Taguette's order: the passages that hold it (None: the
    research team's words; an empty set: not found in this run's text)."""
    db = sqlite3.connect(database)
    segments = pd.read_parquet(project / "data/processed/segments.parquet")
    doc_of = dict(zip(register["path"].map(lambda p: Path(p).name), register["doc_id"]))
    found: dict[tuple[str, str, str], list[set[str] | None]] = defaultdict(list)
    documents = {
        i: (name, taguette_text(contents))
        for i, name, contents in db.execute("select id, filename, contents from documents")
    }
    ours_cache: dict[str, tuple[str, list[tuple[str, int, int]]]] = {}
    rows = db.execute(
        "select h.id, h.document_id, h.start_offset, h.end_offset, t.path from highlights h "
        "join highlight_tags ht on ht.highlight_id = h.id join tags t on t.id = ht.tag_id order by h.id, t.path"
    ).fetchall()
    for _, document, start, end, tag in rows:
        name, text = documents[document]
        data = text.encode("utf-8")
        excerpt = data[start:end].decode("utf-8", errors="replace")
        needle = [w for w, *_ in words(excerpt)]
        key = (name, tag, " ".join(needle))
        doc_id = doc_of.get(name)
        if doc_id is None or not needle:
            found[key].append(set())
            continue
        before = data[:start].decode("utf-8", errors="replace")
        theirs = words(text)
        ordinal = sum(1 for i in occurrences(theirs, needle) if theirs[i][1] < len(before))
        if doc_id not in ours_cache:
            ours_text = (project / "data/processed/deidentified" / f"{doc_id}.txt").read_text(encoding="utf-8")
            ours_cache[doc_id] = (ours_text, words(ours_text))
        _, ours = ours_cache[doc_id]
        at = occurrences(ours, needle)
        if ordinal >= len(at):
            found[key].append(set())
            continue
        first, last = ours[at[ordinal]][1], ours[at[ordinal] + len(needle) - 1][2]
        mine = segments[(segments["doc_id"] == doc_id) & (segments["start"] < last) & (segments["end"] > first)]
        said = mine[mine["is_participant"]]
        found[key].append(set(said["segment_id"]) if len(said) else None)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("table", type=Path)
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "qda_import.json")
    args = parser.parse_args(argv)
    register = pd.read_csv(args.project / "data/raw/documents.csv", dtype=str)
    right = truth(args.database, args.project, register)
    table = pd.read_csv(args.table, dtype=str, keep_default_na=False)
    report = pd.read_csv(args.project / "data/processed/qdpx_import.csv", dtype=str, keep_default_na=False).set_index(
        "selection"
    )
    taken: Counter[tuple[str, str, str]] = Counter()
    outcome: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for index, row in table.iterrows():
        key = (row["document"], row["tag"], " ".join(w for w, *_ in words(row["content"])))
        k = taken[key]
        taken[key] += 1
        expected = right[key][k] if k < len(right.get(key, [])) else set()
        placed = report.loc[f"row {index + 2}"]
        passages = set(filter(None, placed["passages"].split(";")))
        if placed["status"] != "not placed":
            if expected is None:
                outcome["placed, on the team's words"] += 1
            elif not expected:
                outcome["placed, where the truth is not found (words replaced by the de-identification)"] += 1
            elif passages == expected:
                outcome["placed on the right passage(s)"] += 1
            elif passages < expected:
                outcome["placed on some of the right passages (the overlap rule left a sliver out)"] += 1
            elif expected < passages:
                outcome["placed on the right passage(s) and a neighbour"] += 1
            else:
                outcome["placed on a wrong passage"] += 1
        else:
            outcome["not placed: the team's words" if expected is None else "not placed"] += 1
            if expected is not None:
                reasons[re.sub(r"\d+ times", "N times", placed["reason"])] += 1
    total = len(table)
    results = {
        "codings": total,
        "outcomes": dict(outcome),
        "not_placed_reasons": dict(reasons),
        "share_on_the_right_passage": round(outcome["placed on the right passage(s)"] / total, 4),
        "share_of_participant_codings_on_the_right_passage": round(
            outcome["placed on the right passage(s)"]
            / max(total - outcome["not placed: the team's words"] - outcome["placed, on the team's words"], 1),
            4,
        ),
        "placed_on_a_wrong_passage": outcome["placed on a wrong passage"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    json.dump(results, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
