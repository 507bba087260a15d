"""Check labels.csv against the corpus text files.

For each (file, line) every labelled span must occur on that line (whole-word
match, case-sensitive) at least as many times as it is listed. Also checks
that files, ids and kinds are valid, and prints counts by kind.
Run from anywhere: python3 check_labels.py
"""

import csv
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"participant", "person", "place", "organisation", "other"}


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def count_whole(span, text):
    pat = r"(?<!\w)" + re.escape(span) + r"(?!\w)"
    return len(re.findall(pat, text))


def main():
    errors = []
    roster = {r["participant_id"]: r["names"].split(";") for r in read("roster.csv")}
    docs = {r["file"]: r["participants"] for r in read("documents.csv")}
    txts = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
    if sorted(docs) != txts:
        errors.append(f"documents.csv files {sorted(docs)} != .txt files {txts}")
    lines = {}
    for t in txts:
        with open(os.path.join(HERE, t), encoding="utf-8") as f:
            lines[t] = f.read().splitlines()
        speakers = sorted({m.group(1) for l in lines[t] for m in [re.match(r"(H\d\d):", l)] if m})
        listed = sorted(p for p in docs.get(t, "").split(";") if p)
        if speakers != listed:
            errors.append(f"{t}: documents.csv lists {listed}, speaker labels give {speakers}")
        for p in speakers:
            if p not in roster:
                errors.append(f"{t}: speaker {p} not in roster")

    labels = read("labels.csv")
    groups = defaultdict(Counter)
    for i, r in enumerate(labels, 2):
        f, kind, pid = r["file"], r["kind"], r["participant_id"]
        if f not in lines:
            errors.append(f"labels.csv row {i}: unknown file {f}")
            continue
        ln = int(r["line"])
        if not 1 <= ln <= len(lines[f]):
            errors.append(f"labels.csv row {i}: line {ln} out of range")
            continue
        if kind not in KINDS:
            errors.append(f"labels.csv row {i}: bad kind {kind}")
        if kind == "participant" and pid not in roster:
            errors.append(f"labels.csv row {i}: bad participant id {pid!r}")
        if kind != "participant" and pid:
            errors.append(f"labels.csv row {i}: participant_id set for kind {kind}")
        if r["span"] != r["span"].strip() or not r["span"]:
            errors.append(f"labels.csv row {i}: span has stray whitespace or is empty")
        groups[(f, ln)][r["span"]] += 1

    for (f, ln), spans in sorted(groups.items()):
        text = lines[f][ln - 1]
        for span, n in spans.items():
            have = count_whole(span, text)
            if have < n:
                errors.append(f"{f}:{ln}: span {span!r} listed {n}x, found {have}x in: {text}")

    kinds = Counter(r["kind"] for r in labels)
    person = [r["span"] for r in labels if r["kind"] == "person"]
    single = sum(1 for s in person if len(s.split()) == 1)
    print(f"files: {len(txts)}  lines: {sum(len(v) for v in lines.values())}  labels: {len(labels)}")
    for k in ["participant", "person", "place", "organisation", "other"]:
        print(f"  {k:13s} {kinds[k]}")
    print(f"  place+organisation+other {kinds['place'] + kinds['organisation'] + kinds['other']}")
    print(f"  single-token person mentions {single}")
    print("per file:")
    for t in txts:
        c = Counter(r["kind"] for r in labels if r["file"] == t)
        print(f"  {t:40s} lines={len(lines[t]):3d} " + " ".join(f"{k}={c[k]}" for k in sorted(c)))
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        print("\n".join(errors))
        sys.exit(1)
    print("\nOK: every labelled span found on its line.")


if __name__ == "__main__":
    main()
