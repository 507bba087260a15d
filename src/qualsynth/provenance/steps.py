"""The provenance rules, one function each: ``record_raw_checksums`` as the run starts, ``manifest`` at
its end, and ``audit`` (`make audit`), the folder an auditor opens."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.config import load_schema
from qualsynth.errors import InputError
from qualsynth.provenance.audit import archive_notebook, read_json, summary_table, write_index
from qualsynth.provenance.manifest import build_manifest, git_commit, raw_checksums, software_versions, verify_raw
from qualsynth.report.pandoc import pandoc_version
from qualsynth.settings import Settings
from qualsynth.tables import write_csv

log = logging.getLogger(__name__)


def record_raw_checksums(raw_dir: Path) -> dict[str, Any]:
    """The sha256 of every raw file as the run starts → ``checksums``."""
    checksums = raw_checksums(raw_dir)
    log.info("recorded %d raw files", len(checksums))
    return {"checksums": checksums}


def manifest(
    raw: Path,
    rules: Mapping[str, Mapping[str, Sequence[str]]],
    raw_dir: Path,
    config: Mapping[str, Any],
    codebook: Path,
    root: Path,
    checkout: Path | None = None,
) -> dict[str, Any]:
    """Check the raw data is as the run found it, then list every output with its provenance → ``manifest``.
    Relative paths (``raw_dir``, the rules' files) are relative to the project folder ``root``; ``checkout``:
    the qualsynth checkout whose commit is recorded (default ``root``, the demo's case)."""
    checked = verify_raw(root / raw_dir, json.loads(raw.read_text(encoding="utf-8")))
    rendered = next(p for p in rules["render_report"]["outputs"] if p.endswith("render.json"))
    engine = json.loads((root / rendered).read_text(encoding="utf-8"))["engine_version"]
    listing = build_manifest(
        rules,
        root,
        checked,
        str(raw_dir),
        config,
        codebook,
        software_versions({"pandoc": pandoc_version(), "report renderer": engine}),
        {"version": version("qualsynth"), "git_commit": git_commit(checkout or root)},
    )
    # Where the sentence embeddings were computed (CPU or which GPU), when the semantic coder is on.
    devices = {
        (root / p).read_text(encoding="utf-8")
        for step, files in rules.items()
        if step.startswith("embed_shard")
        for p in files["outputs"]
        if p.endswith("device.json")
    }
    if devices:
        listing["embeddings"] = [json.loads(d) for d in sorted(devices)]
    log.info(
        "manifest of %d outputs; raw data unchanged since the start (%d files)", len(listing["outputs"]), len(checked)
    )
    return {"manifest": listing}


def audit(
    manifest: Path,
    exclusions: Path,
    redactions: Path,
    agreement: Path,
    executed: Sequence[Path],
    out: Mapping[str, Path],
    root: Path,
) -> None:
    """The audit folder (``out["index"]``'s folder), with an index.html linking everything in it."""
    shutil.copyfile(manifest, out["manifest"])
    shutil.copyfile(agreement, out["agreement"])
    write_csv(summary_table(pd.read_csv(exclusions), "reason", "reason", "units"), out["exclusions"])
    write_csv(summary_table(pd.read_csv(redactions), "category", "category", "replacements"), out["redactions"])
    links = [
        (
            "manifest.json",
            "manifest.json",
            "every output with its checksum, rows and columns, the rule that made it "
            "and a checksum of that rule's inputs; raw-data checksums; config and codebook hashes; software versions",
        ),
        (
            "exclusions_by_reason.csv",
            "exclusions_by_reason.csv",
            "raw units left out of the analysis, counted by reason",
        ),
        (
            "redactions_by_category.csv",
            "redactions_by_category.csv",
            "identifying details replaced, counted by category (never the values)",
        ),
        (
            "agreement.csv",
            "agreement.csv",
            "agreement of the automatic coding, and of coder B, with coder A, per theme",
        ),
        (
            "workflow-report.html",
            "workflow-report.html",
            "Snakemake's own report: the rule graph, run times, and the flagged outputs with captions "
            "(written by `make audit` after this page)",
        ),
    ]
    for notebook in executed:
        name = notebook.stem
        archive_notebook(notebook, out["notebooks"] / f"{name}.html", root)
        links.append((f"notebook {name}", f"notebooks/{name}.html", "the executed notebook, as it ran"))
    write_index(out["index"], read_json(manifest), links)
    log.info("audit folder written: %s", out["index"].parent)


def sweep_names(
    roster: Path,
    roster_schema: Path,
    review: Path,
    published: Sequence[Path],
    raw_dir: Path,
    settings: Settings,
) -> dict[str, Any]:
    """The last sweep: stop if a roster name or a replaced name stands in any published output."""
    from qualsynth.ingest.clean import keep_lists, roster_roles
    from qualsynth.ingest.inputs import read_roster
    from qualsynth.ingest.speakers import roster_names
    from qualsynth.provenance.sweep import names_to_sweep, output_texts, summary, sweep, sweep_message

    people = read_roster(raw_dir, load_schema(roster_schema), settings.inquiry.roles)
    decisions = pd.read_csv(review, dtype=str, keep_default_na=False)
    replaced = decisions.loc[
        (decisions["decision"] == "replaced") & decisions["category"].isin(["NAME", "OTHER_NAME"]), "original"
    ]
    keep = keep_lists(roster_roles(people), settings.ingest, settings.ingest.places or [])
    names = names_to_sweep([n for n, _ in roster_names(people)], replaced, keep)
    texts = output_texts(published)
    hits = sweep(texts, names)
    log.info("swept %d published files for %d names: %d hits", len(texts), len(names), len(hits))
    if hits:
        raise InputError(sweep_message(hits))
    return {"sweep": summary(texts, names, hits)}
