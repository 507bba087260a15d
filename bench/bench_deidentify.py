"""How well de-identification finds people and keeps everything else, on hand-labelled text.

    python bench/bench_deidentify.py tests/data/third_party_names bench/deid_dev bench/deid_heldout

Each set is a folder of .txt documents with a ``labels.csv`` (file, line, span, kind[, participant_id]):
every person who is not a participant (``person``), every mention of a participant (``participant``),
and every place, organisation and other proper noun. A set may have a ``roster.csv``
(participant_id, names) and a ``documents.csv`` (file, participants: whose own words it holds).

Each document is de-identified as the workflow does it (``deidentify_document``: the roster, the
named-entity model, the rules and the keep-lists, the document as the context), one line a passage,
with the speaker label at the start of a line set aside. Scored, by character overlap:

* third-party recall: the share of ``person`` mentions wholly replaced;
* precision: the share of replacements (other than contact details) that fall on a person or a participant;
* participants: the share of participant mentions wholly replaced; and the count given another
  participant's pseudonym, and of third parties given any participant's pseudonym (both must be 0);
* places and organisations (and other proper nouns) wrongly replaced: the share touched by a replacement.

Results go to bench/results/deidentify_<set>.json.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qualsynth.ingest.deidentify import NameIndex, deidentify_document  # noqa: E402
from qualsynth.ingest.keeplists import bundled  # noqa: E402
from qualsynth.ingest.persons import PersonFinder  # noqa: E402
from qualsynth.ingest.speakers import roster_names, split_names  # noqa: E402

SPEAKER = re.compile(r"^(?:Interviewer|Respondent|Facilitator|Moderator|[A-Z]{1,3}\d{1,3})\s*:\s*")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def locate(lines: dict[str, list[str]], rows: list[dict[str, str]]) -> dict[tuple[str, int], list[tuple]]:
    """Each label's character span on its line: longest labels first, each at its first free occurrence."""
    placed: dict[tuple[str, int], list[tuple]] = {}
    for row in sorted(rows, key=lambda r: -len(r["span"])):
        key = (row["file"], int(row["line"]))
        text, taken = lines[row["file"]][key[1] - 1], placed.setdefault(key, [])
        free = [
            m.start()
            for m in re.finditer(rf"(?<!\w){re.escape(row['span'])}(?!\w)", text)
            if not any(m.start() < e and s < m.end() for s, e, *_ in taken)
        ]
        if not free:
            raise SystemExit(f"labels.csv: {row['span']!r} is not on line {key[1]} of {row['file']} that often")
        taken.append((free[0], free[0] + len(row["span"]), row["kind"], row.get("participant_id") or ""))
    return placed


def score(folder: Path) -> dict:
    raw = {p.name: p.read_text("utf-8").split("\n") for p in sorted(folder.glob("*.txt"))}
    lines = {name: [SPEAKER.sub(lambda m: " " * len(m.group(0)), line) for line in text] for name, text in raw.items()}
    said_by = {name: [_speaker(line) for line in text] for name, text in raw.items()}
    placed = locate(lines, read_csv(folder / "labels.csv"))
    roster_path, register_path = folder / "roster.csv", folder / "documents.csv"
    index = None
    if roster_path.exists():
        import pandas as pd

        roster = pd.read_csv(roster_path, dtype=str)
        index = NameIndex(roster_names(roster))
        pids = set(roster["participant_id"])
    else:
        pids = set()
    speakers = {}
    if register_path.exists():
        speakers = {
            r["file"]: [p for p in split_names(r.get("participants") or "") if p] for r in read_csv(register_path)
        }
    finder = PersonFinder(bundled())
    tally: Counter[str] = Counter()
    missed, wrong = [], []
    started = time.perf_counter()
    for name, text_lines in lines.items():
        results = deidentify_document(text_lines, index, finder, speakers=speakers.get(name, []), said_by=said_by[name])
        for number, (line, result) in enumerate(zip(text_lines, results), start=1):
            labels = placed.get((name, number), [])
            # Replacements in the original line's coordinates: decisions marked "replaced".
            replaced = [(d.start, d.end, d.category) for d in result.decisions if d.decision == "replaced"]
            given = _given(line, result)
            for start, end, kind, pid in labels:
                covered = _covered(start, end, replaced)
                touched = any(start < e and s < end for s, e, _ in replaced)
                if kind == "person":
                    tally["persons"] += 1
                    tally["persons_found"] += covered
                    if not covered:
                        missed.append(f"{name}:{number} {line[start:end]}")
                    if any(given.get((s, e)) in pids for s, e, _ in replaced if start < e and s < end):
                        tally["third_party_given_a_pseudonym"] += 1
                elif kind == "participant":
                    tally["participants"] += 1
                    tally["participants_replaced"] += covered
                    if not covered:
                        missed.append(f"{name}:{number} {line[start:end]} (participant)")
                    other = {given.get((s, e)) for s, e, _ in replaced if start < e and s < end} & pids - {pid}
                    tally["participant_given_another_pseudonym"] += bool(other)
                else:
                    tally[kind] += 1
                    tally[f"{kind}_replaced"] += touched
                    if touched:
                        wrong.append(f"{name}:{number} {line[start:end]} ({kind})")
            for s, e, category in replaced:
                if category not in {"NAME", "OTHER_NAME"}:
                    continue
                tally["replacements"] += 1
                on_person = any(s < le and ls < e and k in {"person", "participant"} for ls, le, k, _ in labels)
                tally["replacements_on_people"] += on_person
                if not on_person:
                    wrong.append(f"{name}:{number} {line[s:e]} (no person)")
    seconds = time.perf_counter() - started
    words = sum(len(line.split()) for text in lines.values() for line in text)
    others = sum(tally[k] for k in ("place", "organisation"))
    return {
        "set": folder.name,
        "documents": len(lines),
        "words": words,
        "seconds": round(seconds, 2),
        "person_mentions": tally["persons"],
        "third_party_recall": _ratio(tally["persons_found"], tally["persons"]),
        "replacements": tally["replacements"],
        "precision": _ratio(tally["replacements_on_people"], tally["replacements"]),
        "participant_mentions": tally["participants"],
        "participants_replaced": _ratio(tally["participants_replaced"], tally["participants"]),
        "participant_given_another_pseudonym": tally["participant_given_another_pseudonym"],
        "third_party_given_a_pseudonym": tally["third_party_given_a_pseudonym"],
        "places_and_organisations": others,
        "places_and_organisations_replaced": _ratio(tally["place_replaced"] + tally["organisation_replaced"], others),
        "other_proper_nouns": tally["other"],
        "other_proper_nouns_replaced": _ratio(tally["other_replaced"], tally["other"]),
        "missed": missed,
        "wrongly_replaced": wrong,
    }


def _speaker(line: str) -> str | None:
    """The participant id a line's speaker label names, if any."""
    label = SPEAKER.match(line)
    name = label.group(0).split(":")[0].strip() if label else ""
    return name if re.fullmatch(r"[A-Z]{1,3}\d{1,3}", name) else None


def _given(line: str, result) -> dict[tuple[int, int], str]:
    """Original span → the replacement written for it."""
    out = {}
    replaced = [d for d in result.decisions if d.decision == "replaced"]
    for decision, redaction in zip(replaced, result.redactions):
        out[(decision.start, decision.end)] = redaction.replacement
    return out


def _covered(start: int, end: int, replaced: list[tuple[int, int, str]]) -> bool:
    return all(any(s <= i < e for s, e, _ in replaced) for i in range(start, end))


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def main() -> None:
    out = ROOT / "bench/results"
    for arg in sys.argv[1:]:
        result = score(Path(arg))
        (out / f"deidentify_{Path(arg).name}.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
        print(json.dumps({k: v for k, v in result.items() if k not in {"missed", "wrongly_replaced"}}, indent=1))


if __name__ == "__main__":
    main()
