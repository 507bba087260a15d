"""A new user's inquiry folder for a real, openly licensed study coded in another tool: the SERDIF usability
study (Navarro-Gallinad, Orlandi & O'Sullivan, ADAPT Centre, Trinity College Dublin; GPL-3.0): 17 think-aloud
sessions as OpenDocument transcripts (only the moderator labelled), coded by their authors in Taguette.

    python bench/serdif_inquiry.py SERDIF_DATA FOLDER      (SERDIF_DATA: the repository's data/ folder)
    make report CONFIG=FOLDER/config.yaml
    python bench/bench_qda_import.py SERDIF_DATA/transcripts/thematic-analysis/SERDIF_P2_ThematicAnalysis.sqlite3 \\
        SERDIF_DATA/transcripts/thematic-analysis/tags/csv/all_tags_20220303.csv FOLDER

It does what the README asks of a new user, with nothing copied into this repository: ``make new``'s folder,
the transcripts and Taguette's highlights export in data/raw/, a register (one session per document, its
participant named), a roster of the study's own pseudonyms, the authors' final codebook (Taguette's codebook
export) turned into qualsynth's with one area and two or three keywords per theme, and the config.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

CHECKOUT = Path(__file__).resolve().parents[1]
# Words of each code's own description, for the rules coder (every human code is final here: a census).
KEYWORDS = {
    "Query inputs and elements useful": ["tooltip", "drop down"],
    "Moderator assist": ["moderator"],
    "Task sequence complex": ["task again", "confusing"],
    "Navigation complex": ["button", "tab"],
    "Export (meta)data useful": ["export"],
    "Additional feature suggestion": ["would be nice", "suggest"],
    "Visualization useful": ["heat map", "box plot", "polar plot"],
    "Metadata content clear and useful": ["provenance", "lineage"],
    "Wording not clear": ["not sure what", "mean"],
    "Data table features useful": ["column", "table"],
    "Metadata content not useful or confusing": ["metadata"],
    "Simple export": ["download"],
    "Query process clear": ["query"],
    "Search feature simple": ["control+f", "search"],
    "Plot design complex": ["axis", "label"],
    "Additional explanation": ["explanation", "explain"],
    "Home tab elements useful": ["home tab"],
    "Query process complex": ["submit"],
    "Overall positive experience": ["great", "nice"],
    "System issue": ["crash", "loading"],
    "Event concept and approach not clear": ["event"],
    "Search information process complex": ["find"],
}


def main(argv: list[str]) -> int:
    data, folder = Path(argv[0]), Path(argv[1])
    subprocess.run(["make", "-s", "new", f"DIR={folder}", "TITLE=SERDIF usability study"], cwd=CHECKOUT, check=True)
    raw = folder / "data/raw"
    (raw / "transcripts").mkdir(parents=True, exist_ok=True)
    register, roster = [], []
    for path in sorted((data / "transcripts/raw").glob("P*_GMT*.odt")):
        shutil.copy(path, raw / "transcripts" / path.name)
        number, year, month, day = re.match(r"P(\d+)_GMT(\d{4})(\d\d)(\d\d)", path.name).groups()
        person = f"P{number}"
        register.append(
            {
                "doc_id": f"s-p{number}",
                "path": f"transcripts/{path.name}",
                "place": "SERDIF study",
                "date": f"{year}-{month}-{day}",
                "method": "think_aloud",
                "participant": person,  # unlabelled text is the participant's: only the moderator is labelled
            }
        )
        roster.append(
            {
                "participant_id": person,
                "names": person,
                "role": "researcher",
                "place": "SERDIF study",
                "consent": "given",
            }
        )
    write_csv(raw / "documents.csv", register)
    write_csv(raw / "participants.csv", roster)
    shutil.copy(data / "transcripts/thematic-analysis/tags/csv/all_tags_20220303.csv", raw / "all_tags_20220303.csv")
    codes = csv.DictReader(
        open(data / "transcripts/thematic-analysis/codebooks/codebook_20220303_8.csv", encoding="utf-8-sig")
    )
    themes = [
        {
            "id": re.sub(r"[^a-z0-9]+", "_", row["tag"].strip().lower()).strip("_"),
            "label": row["tag"].strip(),
            "definition": " ".join(row["description"].split()) or row["tag"].strip(),
            "keywords": KEYWORDS[row["tag"].strip()],
        }
        for row in codes
    ]
    codebook = {
        "version": "taguette-8",
        "areas": [{"id": "usability", "label": "Usability of the dashboard", "themes": themes}],
    }
    (folder / "codebook.yaml").write_text(
        yaml.safe_dump(codebook, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config["inquiry"] = {
        "waves": [{"id": "W1", "label": "Nov 2021 – Jan 2022", "start": "2021-11-01", "end": "2022-01-31"}],
        "methods": ["think_aloud"],
        "roles": ["researcher"],
        "labels": {"think_aloud": "think-aloud session"},
    }
    config["ingest"]["interviewer_labels"] = ["MODERATOR"]
    del config["ingest"]["surveys"]
    config["coding"]["qdpx_import"] = "data/raw/all_tags_20220303.csv"
    config.pop("topics", None), config.pop("synthesis", None)
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(
        f"{folder}: 17 sessions and the Taguette highlights; now make check CONFIG={folder}/config.yaml (it drafts the code map)"
    )
    return 0


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
