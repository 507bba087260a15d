"""One check of everything a run reads, before it runs, listing every problem at once.

    python -m qualsynth.coding.check                                 (make check: the demo)
    python -m qualsynth.coding.check --configfile ../my-inquiry/config.yaml   (make check CONFIG=...)

Run from the qualsynth checkout (its schemas are read from workflow/schemas). A config named with
--configfile stands alone, as in a run: keys it leaves out take the schema's defaults, and its paths are
relative to the inquiry's project folder (see qualsynth.config.project_folder). A second --configfile is merged over the first.

The config, the codebook, the register and the roster, every survey export, the human-codes files and
the sample register: each problem names the file and line (or the config key or codebook field), what
is wrong and the fix. Where a code lands on a passage is checked later, when the passages exist.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from qualsynth.errors import InputError

if TYPE_CHECKING:
    pass

SCHEMAS = Path("workflow/schemas")
# Where a check that found nothing records what it read (beside the run's other logs).
STAMP = "logs/check.json"


def check_inputs(
    config: dict[str, Any], root: Path, source: str = "the configuration", schemas: Path = SCHEMAS
) -> tuple[list[str], list[str]]:
    """Every problem in what a run with ``config`` reads under the project folder ``root`` → (problems, what
    was checked); ``schemas``: the checkout's schema folder."""
    # Imported here, not above: an unchanged project is answered from the stamp without loading pandas.
    from qualsynth.coding.codebook import load_codebook
    from qualsynth.coding.human_codes import code_file_problems
    from qualsynth.coding.sampling import read_register
    from qualsynth.config import config_problems, load_schema
    from qualsynth.ingest.check import document_problems
    from qualsynth.ingest.inputs import REGISTER, check_register, read_roster, read_table
    from qualsynth.ingest.speakers import speaker_lookup
    from qualsynth.settings import check_moved_keys, load_settings

    problems: list[str] = []
    checked: list[str] = []
    try:
        check_moved_keys(config, source)
    except InputError as exc:
        problems += exc.problems
    problems += config_problems(config, load_schema(schemas / "config.schema.yaml"), source)
    try:
        settings = load_settings(config)
    except (InputError, KeyError, TypeError, ValueError) as exc:
        if problems:
            return problems + [
                f"{source}: the data files cannot be checked until the config problems above are fixed. "
                "Fix them, then run make check again."
            ], checked
        if isinstance(exc, InputError):
            return exc.problems, checked
        return [
            f"{source}: the config cannot be read ({type(exc).__name__}: {exc}); check it against config.yaml's comments."
        ], checked
    checked.append("config")
    raw = root / config["raw_dir"]

    theme_ids: list[str] = []
    labels: dict[str, str] = {}
    codebook = None
    try:
        codebook = load_codebook(root / config["codebook"], load_schema(schemas / "codebook.schema.yaml"))
        theme_ids = [t.id for t in codebook.themes]
        labels = {t.id: t.label for t in codebook.themes}
        checked.append(f"codebook ({len(theme_ids)} themes)")
    except InputError as exc:
        problems += exc.problems
        # The human codes are still checked against the theme ids the codebook gives.
        theme_ids, labels = _themes_as_written(root / config["codebook"])

    documents = None
    try:
        documents = check_register(
            raw,
            load_schema(schemas / "register.schema.yaml"),
            settings.inquiry.waves,
            settings.inquiry.methods,
            settings.sampling.strata,
        )
        checked.append(f"register ({len(documents)} documents)")
        problems += _strata_problems(settings.sampling.strata, documents, source)
    except InputError as exc:
        problems += exc.problems
        # The survey exports are still checked, as the register names them.
        try:
            documents = read_table(raw / REGISTER)
        except InputError:
            documents = None
        if documents is not None and not {"path", "place"} <= set(documents.columns):
            documents = None
    lookup = None
    try:
        roster = read_roster(raw, load_schema(schemas / "roster.schema.yaml"), settings.inquiry.roles)
        lookup = speaker_lookup(roster, settings.ingest.interviewer_labels, settings.ingest.not_speakers)
        checked.append(f"roster ({len(roster)} participants)")
    except InputError as exc:
        problems += exc.problems

    if documents is not None:
        # Every document read as a run reads it: layouts, speaker labels, survey rows.
        found, read = document_problems(documents, lookup, raw, settings)
        problems += found
        checked.append(read)

    if settings.coding.qdpx_import and codebook is not None:
        found, summary = qdpx_problems(root, settings, codebook, documents, lookup, raw)
        problems += found
        checked.append(summary)

    if settings.coding.human_codes and theme_ids:
        found = code_file_problems(_under(root, settings.coding.human_codes), theme_ids, labels)
        problems += found
        checked.append("human codes")
    try:
        read_register(raw / settings.sampling.register)
        checked.append("sample register")
    except InputError as exc:
        problems += exc.problems
    return problems, checked


def qdpx_problems(
    root: Path, settings: Any, codebook: Any, documents: Any, lookup: Any, raw: Path
) -> tuple[list[str], str]:
    """The QDA project a run imports: readable, coded by the configured reference coder, each source
    matched to a document, and every code it uses mapped onto the codebook by the code map, which is
    drafted when it does not exist yet (the draft is a problem to review). Returns the problems and a
    summary."""
    from qualsynth.coding.code_map import check_code_map, draft_code_map
    from qualsynth.coding.qda_project import read_project
    from qualsynth.coding.refiqda_import import match_sources
    from qualsynth.ingest.inputs import read_table
    from qualsynth.tables import write_csv

    coding = settings.coding
    path = root / coding.qdpx_import
    if not path.is_file():
        return [
            f"{path}: file not found (config key coding.qdpx_import). Export the project from your QDA tool as REFI-QDA (.qdpx) and save it there."
        ], "QDA project"
    try:
        project = read_project(path, coding.coders.reference)
    except InputError as exc:
        return exc.problems, "QDA project"
    problems: list[str] = []
    coders = project.coders()
    if coding.coders.reference not in coders:
        problems.append(
            f"{path}: the reference coder (config key coding.coders.reference) is {coding.coders.reference!r}, but the users "
            f"who coded in the project are {', '.join(map(repr, coders)) or 'none'}. Set coding.coders.reference (and "
            "coding.coders.second, if another user coded the same documents) to their names as the project gives them."
        )
    code_map = root / coding.qdpx_code_map
    if not code_map.is_file():
        draft = draft_code_map(project, codebook)
        write_csv(draft, code_map)
        open_ = int((draft["theme_id"] == "").sum())
        check = int(draft["matched_by"].str.endswith("check").sum())
        problems.append(
            f"{code_map}: a draft code map was written, mapping the project's {len(draft)} codes onto the codebook "
            f"({len(draft) - open_} matched by name, by a parent's theme or as holding no coding; {check} to check; "
            f"{open_} left to you). Review it in Excel: give each code a theme id, or 'ignore' for a code that is no "
            "theme; a child code is mapped to its parent's theme unless you change it. Then run make check again."
        )
    else:
        try:
            _, found = check_code_map(read_table(code_map), project, codebook, code_map)
            problems += found
        except InputError as exc:
            problems += exc.problems
    summary = f"QDA project ({project.origin or 'a REFI-QDA tool'}: {len(project.sources)} sources"
    if documents is not None and {"doc_id", "path"} <= set(documents.columns):
        texts = (
            _raw_texts(documents, raw, settings, lookup)
            if any(_needs_text(s.name, documents) for s in project.sources)
            else {}
        )
        matched = match_sources(project, documents.fillna(""), texts)
        unmatched = matched.loc[matched["doc_id"] == "", "source"].tolist()
        ways = matched.loc[matched["doc_id"] != "", "matched_by"].str.split(" ").str[0].value_counts()
        summary += ", " + ", ".join(f"{n} matched by {way}" for way, n in sorted(ways.items()))
        if unmatched:
            summary += (
                f"; {len(unmatched)} match no document of the register ({', '.join(map(repr, unmatched[:5]))}): their "
                "codings will be reported in qdpx_import.csv, not used"
            )
    return problems, summary + f"; coded by {', '.join(coders) or 'no one'})"


def _needs_text(name: str, documents: Any) -> bool:
    from qualsynth.coding.refiqda_import import source_key

    keys = {
        source_key(str(v)) for column in ("doc_id", "path", "title") if column in documents for v in documents[column]
    }
    keys |= {source_key(Path(str(p)).name) for p in documents["path"]} | {
        source_key(Path(str(p)).stem) for p in documents["path"]
    }
    return source_key(name) not in keys


def _raw_texts(documents: Any, raw: Path, settings: Any, lookup: Any) -> dict[str, str]:
    """Each readable non-survey document's words, to match a project's sources by."""
    from qualsynth.ingest.sources import read_source
    from qualsynth.ingest.speakers import document_speakers

    ingest = settings.ingest
    texts = {}
    for doc in documents.itertuples(index=False):
        path = raw / str(doc.path)
        if path.suffix.lower() == ".csv":
            continue
        try:
            speakers = document_speakers(lookup or {}, ingest.interviewer_labels, ingest.respondent_labels, doc, path)
            source = read_source(path, None, [], speakers.hints())
        except (InputError, OSError):
            continue  # listed with the documents' problems
        texts[doc.doc_id] = "\n".join(unit.text for unit in source.units)
    return texts


def _strata_problems(strata: Sequence[str], documents: Any, source: str) -> list[str]:
    """Strata that are neither place, wave, method or role nor a column of the register."""
    from qualsynth.coding.sampling import STRATA_COLUMNS
    from qualsynth.config import did_you_mean

    known = [*STRATA_COLUMNS, *(c for c in documents.columns if c not in ("doc_id", "path", "date", "title"))]
    return [
        f"{source}: config key 'sampling.strata': {name!r} is neither place, wave, method, role nor a column of the "
        f"register (documents.csv){did_you_mean(name, known)}. Correct it, or add the column to the register."
        for name in strata
        if name not in STRATA_COLUMNS and name not in documents.columns
    ]


def _themes_as_written(path: Path) -> tuple[list[str], dict[str, str]]:
    """The ids and labels of a codebook that does not pass its checks, as far as they can be read."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return [], {}
    themes = [
        t
        for area in (data.get("areas") or [] if isinstance(data, dict) else [])
        if isinstance(area, dict)
        for t in area.get("themes") or []
        if isinstance(t, dict) and "id" in t
    ]
    return [str(t["id"]) for t in themes], {str(t["id"]): str(t.get("label", t["id"])) for t in themes}


def _under(root: Path, paths: Any) -> Any:
    """Paths in the config, which are relative to the project folder."""
    if isinstance(paths, (list, tuple)):
        return [root / p for p in paths]
    return root / paths


def fingerprint(files: Sequence[Path], config: dict[str, Any], root: Path, checkout: Path) -> str:
    """A digest of everything a check reads: the config, the files under the project folder it names
    (their paths, sizes and modification times), the schemas and qualsynth's own code."""
    paths: list[Path] = list(files)
    for key in ("codebook", "raw_dir"):
        if isinstance(config.get(key), str):
            paths.append(root / config[key])
    coding = config.get("coding") or {}
    codes = coding.get("human_codes")
    paths += [root / p for p in ([codes] if isinstance(codes, str) else codes or [])]
    if coding.get("qdpx_import"):
        paths += [root / coding["qdpx_import"], root / coding.get("qdpx_code_map", "qdpx_code_map.csv")]
    paths += [checkout / SCHEMAS, Path(__file__).resolve().parents[1]]
    seen = []
    for path in paths:
        found = [path] if path.is_file() else _files_under(path)
        for item in found:
            status = item.stat()
            seen.append(f"{item}\t{status.st_size}\t{status.st_mtime_ns}")
        if not found:
            seen.append(f"{path}\tabsent")
    record = json.dumps(config, sort_keys=True, default=str) + "\n" + "\n".join(seen)
    return hashlib.sha256(record.encode()).hexdigest()


def _files_under(folder: Path) -> list[Path]:
    """The files in ``folder`` (none if it is absent), Python's bytecode caches aside: they change when
    Python runs, not when the project does."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--configfile",
        action="append",
        default=[],
        help="the inquiry's config (default: the demo's config/config.yaml)",
    )
    args = parser.parse_args(argv)
    from qualsynth.config import merge_config, normalise_dates, project_folder

    checkout = Path.cwd()
    files = [Path(p).resolve() for p in args.configfile] or [checkout / "config/config.yaml"]
    root = project_folder(files[0])
    config: dict[str, Any] = {}
    for path in files:
        try:
            merge_config(config, yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError) as exc:
            print(f"{path}: cannot be read as YAML ({exc}). Fix it, then run make check again.", file=sys.stderr)
            return 1
    normalise_dates(config)
    # Nothing read has changed since a check that found no problem: its answer stands.
    digest = fingerprint(files, config, root, checkout)
    stamp = root / STAMP
    try:
        last = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    if last.get("fingerprint") == digest:
        print(f"No problems found in: {last['checked']} (unchanged since the last check).")
        return 0
    problems, checked = check_inputs(
        config,
        root,
        " + ".join(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in files),
        checkout / SCHEMAS,
    )
    if problems:
        stamp.unlink(missing_ok=True)
        print(f"{len(problems)} problem(s) to fix before a run:", file=sys.stderr)
        for number, problem in enumerate(problems, start=1):
            print(f"{number:>3}. {problem}", file=sys.stderr)
        return 1
    print("No problems found in: " + ", ".join(checked) + ".")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"fingerprint": digest, "checked": ", ".join(checked)}) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
