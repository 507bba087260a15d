#!/usr/bin/env python3
"""Sanity checks for the hand-labelled de-identification dev corpus in this folder.

For every (file, line) in labels.csv, each labelled span must occur on that line
(case-sensitive, whole-word match) at least as many times as it is listed.
Also checks kinds, participant ids, speaker labels and documents.csv, then prints
counts by kind and the size targets.  Exit status 1 on any failure.
Usage: python3 check_labels.py
"""

import collections
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"participant", "person", "place", "organisation", "other"}
SPEAKER = re.compile(r"^(Interviewer|Facilitator|W\d\d):\s")


def read_csv(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def whole_word_count(span, text):
    return len(re.findall(r"(?<!\w)" + re.escape(span) + r"(?!\w)", text))


def main():
    errors = []
    roster = {r["participant_id"]: r["names"].split(";") for r in read_csv("roster.csv")}
    docs = {r["file"]: r["participants"] for r in read_csv("documents.csv")}
    labels = read_csv("labels.csv")

    txt_files = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
    if sorted(docs) != txt_files:
        errors.append(f"documents.csv files {sorted(docs)} != .txt files {txt_files}")
    lines = {}
    for f in txt_files:
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            lines[f] = fh.read().split("\n")
        if lines[f] and lines[f][-1] == "":
            lines[f].pop()
        # documents.csv participants must equal the participant speaker labels used
        speakers = set()
        labelled = sum(1 for l in lines[f] if SPEAKER.match(l))
        for l in lines[f]:
            m = SPEAKER.match(l)
            if m and m.group(1).startswith("W"):
                speakers.add(m.group(1))
        if labelled and labelled != len(lines[f]):
            errors.append(f"{f}: {len(lines[f]) - labelled} lines without a speaker label")
        listed = set(filter(None, docs.get(f, "").split(";")))
        if listed != speakers:
            errors.append(f"{f}: documents.csv lists {sorted(listed)}, speaker labels give {sorted(speakers)}")
        for pid in speakers - set(roster):
            errors.append(f"{f}: speaker label {pid} not in roster")

    grouped = collections.defaultdict(list)
    for i, r in enumerate(labels, 2):
        f, span, kind, pid = r["file"], r["span"], r["kind"], r["participant_id"]
        if f not in lines:
            errors.append(f"labels.csv:{i}: unknown file {f}")
            continue
        ln = int(r["line"])
        if not 1 <= ln <= len(lines[f]):
            errors.append(f"labels.csv:{i}: line {ln} out of range for {f}")
            continue
        if kind not in KINDS:
            errors.append(f"labels.csv:{i}: bad kind {kind}")
        if kind == "participant" and pid not in roster:
            errors.append(f"labels.csv:{i}: participant id {pid!r} not in roster")
        if kind != "participant" and pid:
            errors.append(f"labels.csv:{i}: participant_id set for kind {kind}")
        if span != span.strip() or not span:
            errors.append(f"labels.csv:{i}: span has surrounding whitespace or is empty")
        if span.endswith("'s") and kind in ("person", "participant"):
            errors.append(f"labels.csv:{i}: person span keeps a possessive 's: {span!r}")
        grouped[(f, ln, span)].append(i)

    for (f, ln, span), rows in grouped.items():
        text = lines[f][ln - 1]
        m = SPEAKER.match(text)
        body = text[m.end() :] if m else text  # speaker labels are never spans
        found = whole_word_count(span, body)
        if found < len(rows):
            errors.append(f"{f}:{ln}: span {span!r} listed {len(rows)}x but found {found}x")

    by_kind = collections.Counter(r["kind"] for r in labels)
    persons = [r["span"] for r in labels if r["kind"] == "person"]
    single = [s for s in persons if " " not in s]
    initials = [s for s in single if s.upper() == s]
    first_names = [s for s in single if s.upper() != s]
    pooc = by_kind["place"] + by_kind["organisation"] + by_kind["other"]

    print(f"files: {len(txt_files)}   labels: {len(labels)}")
    for k in ("person", "participant", "place", "organisation", "other"):
        print(f"  {k:13s} {by_kind[k]}")
    print(f"person mentions, single token:          {len(single)}")
    print(f"  of which initials (e.g. JT):          {len(initials)}")
    print(f"  of which names (first, nick, surname): {len(first_names)}")
    print(f"place+organisation+other:               {pooc}")
    for f in txt_files:
        n = collections.Counter(r["kind"] for r in labels if r["file"] == f)
        print(f"  {f:24s} " + " ".join(f"{k[:4]}={n[k]}" for k in sorted(KINDS)))

    targets = [
        ("person >= 170", by_kind["person"] >= 170),
        ("single first name/nickname person >= 70", len(first_names) >= 70),
        ("place+organisation+other >= 340", pooc >= 340),
        ("participant >= 45", by_kind["participant"] >= 45),
    ]
    for name, ok in targets:
        print(f"target {name}: {'ok' if ok else 'FAIL'}")
        if not ok:
            errors.append(f"target not met: {name}")

    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
