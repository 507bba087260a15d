"""Write an N-times larger inquiry with the demo corpus's schema, for scale benchmarks.

    python bench/make_corpus.py --factor 10 --out bench/corpora/x10 [--seed 1]

Copy k of the demo (k = 0 … N-1) becomes a new set of places ("Northbridge 3" is written
"Northbridge C") with its own participants (new fictional names, same roles), its dates moved
forward by two years for every six copies (so more waves), and its text perturbed: sentences
within each turn are reordered and one sentence of a turn may be swapped with a sentence from
another turn of the same role. The demo's planted themes (flooding and debt, tests/data/planted_themes)
come with every copy. Transcripts are written as .txt, learning logs as .md, surveys as
.csv. The output includes a config.yaml for it. Deterministic for a seed. Never commit the output.
"""

from __future__ import annotations

import argparse
import copy
import csv
import random
import re
import shutil
import string
from pathlib import Path

import yaml

from qualsynth.config import load_schema
from qualsynth.ingest.deidentify import NameIndex, normalise_label
from qualsynth.ingest.inputs import check_register, read_roster
from qualsynth.ingest.sources import read_source
from qualsynth.ingest.speakers import pseudonym_map, speaker_lookup
from qualsynth.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
FIRST = [
    "Abi",
    "Bryn",
    "Cerys",
    "Dalia",
    "Eamon",
    "Farah",
    "Gethin",
    "Hana",
    "Idris",
    "Jana",
    "Kofi",
    "Lorna",
    "Malik",
    "Nell",
    "Oisin",
    "Petra",
    "Quinn",
    "Rosa",
    "Silas",
    "Tamsin",
    "Ugo",
    "Vera",
    "Wyn",
    "Xena",
    "Yara",
    "Zeb",
]
LAST = [
    "Abbott",
    "Brook",
    "Castle",
    "Drummond",
    "Evans",
    "Fairley",
    "Gower",
    "Hurst",
    "Ince",
    "Jowett",
    "Kerr",
    "Lyle",
    "Moss",
    "Nolan",
    "Orme",
    "Pryce",
    "Quarry",
    "Rudd",
    "Stone",
    "Tait",
    "Upton",
    "Vance",
    "Wilde",
    "Yeo",
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def letters(k: int) -> str:
    """0 → "", 1 → "B", 25 → "Z", 26 → "BA": a suffix made of letters, so labels stay valid."""
    if k == 0:
        return ""
    out = ""
    while k:
        k, r = divmod(k, 26)
        out = string.ascii_uppercase[r] + out
    return out


def shift_date(date: str, years: int) -> str:
    y, rest = date.split("-", 1)
    if rest == "02-29" and years % 4:
        rest = "02-28"
    return f"{int(y) + years}-{rest}"


def perturb(text: str, rng: random.Random, pool: list[str]) -> str:
    sentences = _SENTENCE.split(text)
    if len(sentences) > 2:
        head, tail = sentences[:1], sentences[1:]
        rng.shuffle(tail)
        sentences = head + tail
    if pool and rng.random() < 0.3:
        sentences[rng.randrange(len(sentences))] = rng.choice(pool)
    return " ".join(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--config", type=Path, default=ROOT / "config/config.yaml")
    args = parser.parse_args()
    config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    raw = ROOT / config["raw_dir"]
    schemas = ROOT / "workflow/schemas"
    settings = load_settings(config)
    documents = check_register(
        raw, load_schema(schemas / "register.schema.yaml"), settings.inquiry.waves, settings.inquiry.methods
    )
    roster = read_roster(raw, load_schema(schemas / "roster.schema.yaml"), settings.inquiry.roles)
    speakers = speaker_lookup(roster, settings.ingest.interviewer_labels)
    places = sorted(set(documents.loc[~documents["path"].str.endswith(".csv"), "place"]))
    sources = {d.doc_id: read_source(raw / d.path, settings.ingest.surveys, places) for d in documents.itertuples()}
    pool_by_role: dict[str, list[str]] = {}
    for source in sources.values():
        for unit in source.units:
            speaker = speakers.get(normalise_label(unit.label))
            role = unit.role if unit.respondent else (speaker.role if speaker else "")
            pool_by_role.setdefault(role, []).extend(_SENTENCE.split(unit.text))

    out = args.out
    if out.exists():
        shutil.rmtree(out)
    (out / "raw/sources").mkdir(parents=True)
    rng = random.Random(args.seed)
    # Double-barrelled surnames give 13,000+ distinct full names: enough for a 300× corpus.
    pool = [f"{f} {a}-{b}" for f in FIRST for a in LAST for b in LAST if a != b]
    names = iter(rng.sample(pool, len(pool)))
    roster_rows, register_rows = [], []
    survey_rows: dict[str, list[list[str]]] = {}
    for k in range(args.factor):
        suffix = letters(k)
        years = 2 * (k // 6)
        new_name = {}
        for row in roster.itertuples(index=False):
            full = next(names, None) or f"Person {letters(len(roster_rows) + 1)}"
            new_name[row.participant_id] = full
            roster_rows.append(
                [f"{row.participant_id}{suffix}", full, row.role, f"{row.place} {suffix}".strip(), row.consent]
            )
        mentions = NameIndex({n: new_name[pid] for n, pid in pseudonym_map(roster).items()})

        def rename(text: str, mentions: NameIndex = mentions) -> str:
            # A name inside an email address stays: "sofia.marques@…" renamed would read "Vera Jowett-Wilde.marques@…",
            # an address with a space in it, which no one writes and the de-identification would cut in two.
            addresses = [m.span() for m in _EMAIL.finditer(text)]
            pieces, cursor = [], 0
            for start, end, name in mentions.find(text):
                if any(a <= start < b for a, b in addresses):
                    continue
                # No owner: another person's name that holds a participant's ("Big Dan"); left as written.
                pieces += [text[cursor:start], name or text[start:end]]
                cursor = end
            return "".join(pieces) + text[cursor:]

        for doc in documents.itertuples(index=False):
            source = sources[doc.doc_id]
            doc_id = f"{doc.doc_id}{'-' + suffix.lower() if suffix else ''}"
            date = shift_date(doc.date, years)
            if doc.path.endswith(".csv"):
                survey_rows.setdefault(doc_id, [])
                for unit in source.units:
                    survey_rows[doc_id].append(
                        [
                            unit.ref,
                            unit.place + (f" {suffix}" if suffix else ""),
                            shift_date(unit.date, years),
                            unit.role,
                            perturb(rename(unit.text), rng, pool_by_role.get(unit.role, [])),
                        ]
                    )
                register_rows.append(
                    [doc_id, f"sources/{doc_id}.csv", f"All places {suffix}".strip(), date, doc.method, doc.title]
                )
                continue
            lines = []
            author = None
            for unit in source.units:
                speaker = speakers.get(normalise_label(unit.label))
                label = new_name[speaker.participant_id] if speaker and speaker.participant_id else unit.label
                text = perturb(rename(unit.text), rng, pool_by_role.get(speaker.role if speaker else "", []))
                if (
                    unit.ref.startswith("line")
                    and (raw / doc.path).suffix == ".md"
                    and "author" in (raw / doc.path).read_text(encoding="utf-8")[:200]
                ):
                    author = label
                    lines.append(f"## Entry {len(lines) + 1}\n\n{text}\n")
                else:
                    lines.append(f"{label}: {text}")
            suffix_ext = ".md" if author else ".txt"
            body = (f"---\nauthor: {author}\n---\n\n" if author else "") + "\n".join(lines) + "\n"
            path = f"sources/{doc_id}{suffix_ext}"
            (out / "raw" / path).write_text(body, encoding="utf-8")
            register_rows.append([doc_id, path, f"{doc.place} {suffix}".strip(), date, doc.method, doc.title])

    for doc_id, rows in survey_rows.items():
        with open(out / "raw/sources" / f"{doc_id}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["Response ID", "Submitted", "Place", "Role", "Answer"])
            for number, (_ref, place, date, role, text) in enumerate(rows, start=1):
                y, m, d = date.split("-")
                writer.writerow([f"{doc_id}-{number}", f"{d}/{m}/{y} 12:00", place, role, text])
    with open(out / "raw/documents.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["doc_id", "path", "place", "date", "method", "title"])
        writer.writerows(register_rows)
    with open(out / "raw/participants.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["participant_id", "names", "role", "place", "consent"])
        writer.writerows(roster_rows)

    generated = copy.deepcopy(config)
    generated["raw_dir"] = str(out / "raw")
    # The demo's human codes name the demo's passages; a generated corpus has none of its own until
    # someone draws a sample of it (make sample) and codes it.
    generated["coding"]["human_codes"] = None
    max_years = 2 * ((args.factor - 1) // 6)
    waves = []
    for block in range(0, max_years + 2, 2):
        for w in config["inquiry"]["waves"]:
            waves.append(
                {
                    "id": f"{w['id']}{'+' + str(block) + 'y' if block else ''}".replace("+", "p"),
                    "start": shift_date(str(w["start"]), block),
                    "end": shift_date(str(w["end"]), block),
                }
            )
    generated["inquiry"]["waves"] = waves
    if settings.ingest.surveys:
        roles = {v: v for v in settings.inquiry.roles}
        generated["ingest"]["surveys"] = {
            "respondent_column": "Response ID",
            "place_column": "Place",
            "date_column": "Submitted",
            "date_format": "%d/%m/%Y %H:%M",
            "role_column": "Role",
            "role_map": roles,
            "text_columns": ["Answer"],
            "likert_columns": [],
            "likert_scale": {"Agree": 4},
            "drop_columns": [],
        }
    generated["ingest"]["places"] = sorted(
        {r[3] for r in roster_rows} - {""} | {r[2] for r in register_rows if not r[1].endswith(".csv")}
    )
    (out / "config.yaml").write_text(yaml.safe_dump(generated, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"wrote {len(register_rows)} documents and {len(roster_rows)} participants to {out}")


if __name__ == "__main__":
    main()
