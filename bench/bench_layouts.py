"""How many transcripts, in the layouts tools write, are read into the right speakers and turns.

    python bench/bench_layouts.py FOLDER [--out bench/results/layouts_FOLDERNAME.json]

FOLDER holds transcripts and an ``expected.yaml`` written by hand from them (by someone who never saw the
reader): for each file, its turns (speaker as written, words) and how many lines are no turn (titles, tools'
notices). Files whose expected speaker is "" are a participant's unlabelled text: they are read with the
document's participant named, as the register would; the research team's labels are the ones the folder's
README names (INTERVIEWER, MODERATOR, Interviewer and the like: every label written in capitals there).

Each file scores: read (no error), the same speakers and words in the same order (turns joined where one
speaker has several in a row, since a labelled line is a turn of its own as the transcriber wrote it), and the
same number of lines set apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from qualsynth.errors import InputError
from qualsynth.ingest.deidentify import normalise_label
from qualsynth.ingest.layouts import Hints
from qualsynth.ingest.sources import read_source

TEAM = {"interviewer", "moderator", "facilitator", "researcher", "int", "i"}


def runs(turns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    joined: list[tuple[str, str]] = []
    for speaker, text in turns:
        if joined and normalise_label(joined[-1][0]) == normalise_label(speaker):
            joined[-1] = (joined[-1][0], f"{joined[-1][1]} {text}".strip())
        else:
            joined.append((speaker, " ".join(text.split())))
    return joined


def score(folder: Path) -> dict[str, object]:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    files: dict[str, dict[str, object]] = {}
    for name, entry in sorted(expected.items()):
        if not isinstance(entry, dict) or "turns" not in entry:
            continue
        want = [(t["speaker"] or "", t["text"]) for t in entry["turns"]]
        unlabelled = any(speaker == "" for speaker, _ in want)
        hints = Hints(frozenset(TEAM), frozenset(TEAM), participant=unlabelled) if unlabelled else None
        try:
            source = read_source(folder / name, None, [], hints)
        except InputError as exc:
            files[name] = {"read": False, "error": str(exc).replace(str(folder) + "/", "")}
            continue
        got = [(u.label, u.text) for u in source.units]
        same = runs(got) == runs(want)
        files[name] = {
            "read": True,
            "turns_right": same,
            "turns_expected": len(runs(want)),
            "turns_found": len(runs(got)),
            "set_apart_right": len(source.set_apart) == int(entry.get("set_apart", len(entry.get("preamble", [])))),
        }
        if not same:
            first = next((i for i, (a, b) in enumerate(zip(runs(got), runs(want))) if a != b), None)
            files[name]["first_difference"] = {
                "turn": first,
                "found": runs(got)[first] if first is not None else None,
                "expected": runs(want)[first] if first is not None else None,
            }
    return {
        "files": len(files),
        "read": sum(f["read"] for f in files.values()),
        "turns_right": sum(bool(f.get("turns_right")) for f in files.values()),
        "set_apart_right": sum(bool(f.get("set_apart_right")) for f in files.values()),
        "by_file": files,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = score(args.folder)
    out = args.out or Path(__file__).parent / "results" / f"layouts_{args.folder.name}.json"
    out.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump({k: v for k, v in results.items() if k != "by_file"}, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
