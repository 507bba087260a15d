"""Precision and recall of the third-party name step (`ThirdPartyNames`, which replaces names of people
not in the roster by [NAME]).

    python bench/bench_third_party_names.py

Two measures, into bench/results/third_party_names.json:

* the hand-labelled sample in tests/data/third_party_names/ (six fictional texts written to test the
  step, not derived from the demo; labels.csv lists every mention of a person and every other proper
  noun): recall is the share of person mentions the step replaces, precision the share of its
  replacements that fall on a person, and the share of places and organisations it leaves alone;
* the demo inquiry: recall over the third-party names planted in it (tests/data/planted), precision
  as the share of its replacements that fall on a planted name. The demo's authors wrote some people
  they did not list as planted; the replacements that fall on no planted name are listed, for a
  reader to judge.

Each text is learned from as a whole first, as the workflow does with the corpus, then searched line by
line (units, in the demo).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from qualsynth.ingest.clean import corpus_places  # noqa: E402
from qualsynth.ingest.deidentify import NameIndex, ThirdPartyNames  # noqa: E402
from qualsynth.ingest.inputs import read_roster  # noqa: E402
from qualsynth.ingest.sources import read_source  # noqa: E402
from qualsynth.ingest.speakers import pseudonym_map  # noqa: E402
from qualsynth.settings import load_settings  # noqa: E402

SAMPLE = ROOT / "tests/data/third_party_names"
# A speaker label at the start of a transcript line: the workflow reads it as the speaker, not as text.
SPEAKER = re.compile(r"^(?:Interviewer|Respondent|Facilitator|P\d+)\s*:\s*")


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def sample_scores() -> dict:
    """Recall, precision and the non-person spans kept, on the hand-labelled sample."""
    lines = {
        path.name: [SPEAKER.sub(lambda m: " " * len(m.group(0)), line) for line in path.read_text("utf-8").split("\n")]
        for path in sorted(SAMPLE.glob("*.txt"))
    }
    guesser = ThirdPartyNames()
    for text in lines.values():
        guesser.learn("\n".join(text))
    with open(SAMPLE / "labels.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labelled: dict[tuple[str, int], list[tuple[int, int, str, str]]] = {}
    # Longest spans first, each at its first occurrence no other label holds: "Bill" after "Bill Ramsey"
    # on one line is the second "Bill", not the one inside the full name.
    for row in sorted(rows, key=lambda r: -len(r["span"])):
        key = (row["file"], int(row["line"]))
        text, taken = lines[row["file"]][key[1] - 1], labelled.setdefault(key, [])
        free = [
            m.start()
            for m in re.finditer(rf"(?<!\w){re.escape(row['span'])}(?!\w)", text)
            if not overlaps((m.start(), m.end()), [(s, e) for s, e, _, _ in taken])
        ]
        if not free:
            raise SystemExit(f"labels.csv: {row['span']!r} is not on line {key[1]} of {row['file']} that often")
        taken.append((free[0], free[0] + len(row["span"]), row["kind"], row["span"]))
    persons = found_persons = 0
    others: Counter[str] = Counter()
    others_hit: Counter[str] = Counter()
    replaced = on_person = 0
    misses, wrong = [], []
    for name, text in lines.items():
        for number, line in enumerate(text, start=1):
            found = guesser.find(line)
            labels = labelled.get((name, number), [])
            person_spans = [(s, e) for s, e, kind, _ in labels if kind == "person"]
            for s, e, kind, span in labels:
                hit = overlaps((s, e), found)
                if kind == "person":
                    persons += 1
                    found_persons += hit
                    if not hit:
                        misses.append(f"{name}:{number} {span}")
                else:
                    others[kind] += 1
                    others_hit[kind] += hit
            for s, e in found:
                replaced += 1
                if overlaps((s, e), person_spans):
                    on_person += 1
                else:
                    wrong.append(f"{name}:{number} {line[s:e]}")
    return {
        "person_mentions": persons,
        "recall": round(found_persons / persons, 3),
        "replacements": replaced,
        "precision": round(on_person / replaced, 3) if replaced else None,
        "non_person_spans": dict(sorted(others.items())),
        "non_person_spans_replaced": dict(sorted(others_hit.items())),
        "missed": misses,
        "replaced_but_no_person": wrong,
    }


def demo_scores() -> dict:
    """Recall over the planted names and precision over the replacements, on the demo inquiry."""
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
    settings = load_settings(config)
    raw = ROOT / config["raw_dir"]
    documents = pd.read_parquet(ROOT / config["processed_dir"] / "documents.parquet")
    schema = yaml.safe_load((ROOT / "workflow/schemas/roster.schema.yaml").read_text(encoding="utf-8"))
    roster = read_roster(raw, schema, settings.inquiry.roles)
    places = corpus_places(documents, settings.ingest)
    keep = [*places, *documents["place"], *documents["method"], *settings.ingest.interviewer_labels]
    keep += [*settings.ingest.redact_terms, *settings.ingest.never_redact]
    units = []
    for doc in documents.itertuples(index=False):
        units += [u.text for u in read_source(raw / doc.path, settings.ingest.surveys, places).units]
    guesser = ThirdPartyNames(keep)
    for text in units:
        guesser.learn(text)
    index = NameIndex(pseudonym_map(roster))
    planted = set()
    for manifest in sorted((ROOT / "tests/data/planted").glob("*.csv")):
        with open(manifest, encoding="utf-8") as handle:
            planted |= {r["value"].casefold() for r in csv.DictReader(handle) if r["kind"] == "third_party_name"}
    planted_words = {w for form in planted for w in form.split()}
    replaced: Counter[str] = Counter()
    for text in units:
        roster_spans = [(s, e) for s, e, _ in index.find(text)]
        for s, e in guesser.find(text):
            if not overlaps((s, e), roster_spans):
                replaced[text[s:e]] += 1
    # "Kierans" ("I could fill the hall with Kierans") names the planted Kieran.
    on_planted = {
        span: n
        for span, n in replaced.items()
        if all(w in planted_words or w.removesuffix("s") in planted_words for w in span.casefold().split())
    }
    elsewhere = {span: n for span, n in replaced.items() if span not in on_planted}
    return {
        "replacements": sum(replaced.values()),
        "on_planted_names": sum(on_planted.values()),
        "precision_on_planted": round(sum(on_planted.values()) / sum(replaced.values()), 3),
        "replaced_but_not_planted": dict(sorted(elsewhere.items())),
    }


def main() -> None:
    results = {"sample": sample_scores(), "demo": demo_scores()}
    out = ROOT / "bench/results/third_party_names.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sample, demo = results["sample"], results["demo"]
    print(
        f"sample: recall {sample['recall']} of {sample['person_mentions']} person mentions, precision "
        f"{sample['precision']} of {sample['replacements']} replacements; non-person spans replaced "
        f"{sample['non_person_spans_replaced']} of {sample['non_person_spans']}"
    )
    print(
        f"demo: {demo['on_planted_names']} of {demo['replacements']} replacements on planted names "
        f"({demo['precision_on_planted']}); others: {demo['replaced_but_not_planted']}"
    )


if __name__ == "__main__":
    main()
