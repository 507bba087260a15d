"""Read and check the document register and the participant roster (rule ``validate_inputs``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd

from qualsynth.errors import InputError, Problems
from qualsynth.settings import Wave

REGISTER = "documents.csv"
REQUIRED_COLUMNS = ("doc_id", "path", "place", "date", "method")
# Optional: a title; for a transcript, its one participant, its own speaker labels, its layout.
OPTIONAL_COLUMNS = ("title", "participant", "speakers", "layout")
ROSTER = "participants.csv"


def assign_wave(date: dt.date, waves: Sequence[Wave]) -> str | None:
    """Return the id of the wave whose range holds ``date``, or None."""
    for wave in waves:
        if wave.start <= date <= wave.end:
            return wave.id
    return None


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV as text columns, with a clear error when it cannot be parsed."""
    if not path.exists():
        raise InputError(f"{path}: file not found. Create it (see data/raw/README.md for its columns).")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as a UTF-8 CSV ({exc}). Re-save it as CSV UTF-8.") from exc
    return frame.apply(lambda col: col.str.strip())


def _check_rows(frame: pd.DataFrame, schema: dict[str, Any], path: Path, problems: Problems) -> set[int]:
    """Add a problem for each row the schema refuses; return those rows' indexes. A missing column stops here."""
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    required = schema.get("required", [])
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}. The header must include: {', '.join(required)}."
        )
    refused = set()
    for index, row in frame.iterrows():
        record = {k: v for k, v in row.items() if not (k not in required and v == "")}
        error = jsonschema.exceptions.best_match(validator.iter_errors(record))
        if error is not None:
            line = int(index) + 2  # header is line 1
            column = ".".join(map(str, error.absolute_path)) or "row"
            hint = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
            problems.add(
                f"{path}, line {line}: column '{column}': {error.message}." + (f" Expected {hint}." if hint else "")
            )
            refused.add(index)
    return refused


def read_roster(raw_dir: Path, schema: dict[str, Any], roles: Sequence[str]) -> pd.DataFrame:
    """Read participants.csv and check ids, roles, consent and that no name is shared."""
    path = raw_dir / ROSTER
    roster = read_table(path)
    problems = Problems()
    refused = _check_rows(roster, schema, path, problems)
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, tuple[str, int]] = {}
    for index, row in roster.iterrows():
        if index in refused:
            continue
        line = int(index) + 2
        pid = row["participant_id"]
        if pid in seen_ids:
            problems.add(
                f"{path}, line {line}: participant_id {pid!r} is already used on line {seen_ids[pid]}. "
                "Give each participant one unique id."
            )
        seen_ids[pid] = line
        if row["role"] not in roles:
            problems.add(
                f"{path}, line {line}: role {row['role']!r} is not one of the configured roles "
                f"({', '.join(roles)}). Fix the role or add it to 'roles' in the config."
            )
        for name in split_names(row["names"]):
            key = name.casefold()
            if key in seen_names and seen_names[key][0] != pid:
                other, other_line = seen_names[key]
                problems.add(
                    f"{path}, line {line}: a name or alias of {pid} is also listed for {other} "
                    f"(line {other_line}), so speakers could not be told apart. "
                    "Make each name and alias unique, e.g. add a surname."
                )
            seen_names[key] = (pid, line)
    problems.raise_if_any()
    return roster


def split_names(names: str) -> list[str]:
    """Split the ``;``-separated names and aliases of one roster row."""
    return [n.strip() for n in names.split(";") if n.strip()]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_register(
    raw_dir: Path,
    register_schema: dict[str, Any],
    waves: Sequence[Wave],
    methods: Sequence[str],
    attributes: Sequence[str] = (),
) -> pd.DataFrame:
    """Check the register against the raw folder and derive each document's wave.

    Returns one row per document: ``doc_id, path, place, date, wave, method, title, participant, speakers,
    layout, sha256, n_bytes`` and the register's columns named in ``attributes`` (what the sample is
    stratified by), sorted by ``doc_id``.
    """
    path = raw_dir / REGISTER
    register = read_table(path)
    problems = Problems()
    refused = _check_rows(register, register_schema, path, problems)
    for column in OPTIONAL_COLUMNS:
        if column not in register.columns:
            register[column] = ""
    # Another column of the register is kept only where the sample is cut by it (``attributes``): a column of
    # notes, or one that names people, never reaches the processed data.
    extra = [c for c in register.columns if c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) and c in attributes]
    rows = []
    seen: dict[str, int] = {}
    for index, row in register.iterrows():
        if index in refused:
            continue
        line = int(index) + 2
        doc_id = row["doc_id"]
        if doc_id in seen:
            problems.add(
                f"{path}, line {line}: doc_id {doc_id!r} is already used on line {seen[doc_id]}. "
                "Give each document a unique doc_id."
            )
        seen[doc_id] = line
        source = raw_dir / row["path"]
        if not source.is_file():
            problems.add(
                f"{path}, line {line}: document {doc_id!r} points at {row['path']!r}, which does not "
                f"exist under {raw_dir}. Fix the path (relative to {raw_dir}) or add the file."
            )
            continue
        if row["method"] not in methods:
            problems.add(
                f"{path}, line {line}: method {row['method']!r} is not one of the configured methods "
                f"({', '.join(methods)}). Fix the method or add it to 'methods' in the config."
            )
        date = dt.date.fromisoformat(row["date"])
        wave = assign_wave(date, waves)
        if wave is None:
            spans = ", ".join(f"{w.id} {w.start}..{w.end}" for w in waves)
            problems.add(
                f"{path}, line {line}: date {row['date']} of {doc_id!r} falls in no wave ({spans}). "
                "Fix the date or widen the waves in the config."
            )
        rows.append(
            {
                "doc_id": doc_id,
                "path": row["path"],
                "place": row["place"],
                "date": row["date"],
                "wave": wave,
                "method": row["method"],
                "title": row["title"],
                "participant": row["participant"],
                "speakers": row["speakers"],
                "layout": row["layout"] or "auto",
                "sha256": sha256_file(source),
                "n_bytes": source.stat().st_size,
                **{column: row[column] for column in extra},
            }
        )
    problems.raise_if_any()
    documents = pd.DataFrame(rows, columns=list(rows[0]) if rows else None)
    if documents.empty:
        raise InputError(f"{path}: the register lists no documents. Add one row per source file.")
    return documents.sort_values("doc_id", kind="stable").reset_index(drop=True)


def unregistered_files(raw_dir: Path, documents: pd.DataFrame, known: Sequence[str]) -> list[str]:
    """Files under raw_dir that the register does not list (other than the known support files)."""
    listed = set(documents["path"]) | set(known)
    found = sorted(p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*") if p.is_file())
    return [f for f in found if f not in listed and not Path(f).name.startswith(".")]
