"""The rules that carry work to and from human coders, one function each: ``draw_sample`` (the next batch
to code, as a coding sheet and a QDA project), ``export_qdpx`` (the coded project for QDA tools) and
``import_qdpx`` (coding done in a QDA tool, as human codes)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.coding.code_map import check_code_map
from qualsynth.coding.qda_project import read_project
from qualsynth.coding.refiqda import coded_units, export_project, export_sample_qdpx
from qualsynth.coding.refiqda_import import import_project
from qualsynth.coding.sampling import (
    append_register,
    batch_strata,
    draw_batch,
    read_batch_strata,
    read_register,
    strata_file,
    uncertainty_of,
)
from qualsynth.coding.sheet import coding_sheet, write_coding_sheet
from qualsynth.coding.steps import read_codebook
from qualsynth.errors import InputError
from qualsynth.ingest.inputs import read_table
from qualsynth.settings import Settings
from qualsynth.tables import read_parquet, write_csv

log = logging.getLogger(__name__)


def deidentified_texts(folder: Path, doc_ids: Any) -> dict[str, str]:
    """The de-identified text of each document in ``doc_ids``."""
    return {doc: (folder / f"{doc}.txt").read_text(encoding="utf-8") for doc in sorted(set(doc_ids))}


def machine_uncertainty(unit_scores: Path | None) -> pd.Series:
    """Each unit's uncertainty from its calibrated probabilities; an error when there are none yet."""
    scores = read_parquet(unit_scores) if unit_scores is not None else None
    if scores is None or scores["human"].notna().sum() == 0 or scores["score"].isna().all():
        raise InputError(
            "make sample BY=uncertainty draws the units the machine is least sure of, which it can only tell once "
            "some units are coded in full: draw a first batch with `make sample N=…` (without BY), code it, run "
            "`make report`, then draw by uncertainty."
        )
    return uncertainty_of(scores)


def draw_sample(
    units: Path,
    coded_units: Path | None,
    unit_scores: Path | None,
    segments: Path,
    deidentified: Path,
    codebook: Path,
    codebook_schema: Path,
    register: Path,
    out_dir: Path,
    settings: Settings,
) -> dict[str, Any]:
    """The next batch of units for human coding (none coded in full already): a coding sheet (Excel) and the
    same units as a REFI-QDA
    project under ``out_dir/batch-NN/``, and the batch appended to the sample ``register`` beside the raw
    data (last, so that a failure leaves the register as it was). Returns the batch's summary."""
    sampling = settings.sampling
    if not sampling.size:
        raise InputError(
            "no sample size given. Run `make sample N=<units to draw>` (optionally WHERE='method=survey')."
        )
    unit_table = read_parquet(units)
    passages = read_parquet(segments)
    drawn_before = read_register(register)
    coded = set(read_parquet(coded_units).query("complete")["unit_id"]) if coded_units else set()
    uncertainty = machine_uncertainty(unit_scores) if sampling.by == "uncertainty" else None
    batch = draw_batch(
        unit_table,
        drawn_before,
        int(sampling.size),
        sampling.strata,
        sampling.seed,
        sampling.where,
        sampling.drawn_on or dt.date.today().isoformat(),
        coded=coded,
        uncertainty=uncertainty,
    )
    number = int(batch["batch"].iloc[0])
    folder = out_dir / f"batch-{number:02d}"
    book = read_codebook(codebook, codebook_schema)
    drawn = list(batch["unit_id"])
    sheet = coding_sheet(drawn, passages, settings.coding.coders.reference)
    title = f"{settings.report.title}: coding sample, batch {number}"
    sheet_path = write_coding_sheet(folder / f"coding_sheet_batch-{number:02d}.xlsx", sheet, book, title)
    qdpx_path = export_sample_qdpx(
        folder / f"coding_sample_batch-{number:02d}.qdpx",
        drawn,
        passages,
        unit_table,
        book,
        deidentified_texts(deidentified, batch["doc_id"]),
        title,
    )
    write_csv(batch, folder / "register_rows.csv")
    if uncertainty is not None:
        strata = batch_strata(unit_table, drawn_before, batch, uncertainty, sampling.strata, sampling.where, coded)
        before = read_batch_strata(register)
        write_csv(pd.concat([before, strata.astype(str)]) if before is not None else strata, strata_file(register))
    write_csv(append_register(drawn_before, batch), register)
    summary = {
        "batch": number,
        "units": len(batch),
        "passages": len(sheet),
        "population": batch["population"].iloc[0],
        "strata": int(batch["stratum"].nunique()),
        "register": str(register),
        "coding_sheet": str(sheet_path),
        "qdpx": str(qdpx_path),
    }
    log.info(
        "batch %d: %d units (%d passages) from %s in %d strata, appended to %s",
        number,
        len(batch),
        len(sheet),
        summary["population"],
        summary["strata"],
        register,
    )
    log.info(
        "code them in %s (or in a QDA tool: %s), save the sheet where config key coding.human_codes points, "
        "then run make report",
        sheet_path,
        qdpx_path,
    )
    return summary


def export_qdpx(
    target: Path,
    segments: Path,
    documents: Path,
    deidentified: Path,
    machine_codes: Path,
    human_codes: Path,
    codebook: Path,
    codebook_schema: Path,
    settings: Settings,
) -> Path:
    """The coded, de-identified project as REFI-QDA (``target``), for NVivo, ATLAS.ti, MAXQDA and QualCoder."""
    passages = read_parquet(segments)
    # The human codes as the coding stage placed them; the final codes' human rows are the same codes again.
    units = coded_units(read_parquet(machine_codes), read_parquet(human_codes))
    texts = deidentified_texts(deidentified, passages["doc_id"])
    export_project(
        target,
        passages,
        read_parquet(documents),
        units,
        read_codebook(codebook, codebook_schema),
        texts,
        settings.report.title,
    )
    log.info("exported %d sources and %d codings by %s", len(texts), len(units), ", ".join(sorted(set(units["coder"]))))
    return target


def import_qdpx(
    qdpx: Path,
    documents: Path,
    segments: Path,
    deidentified: Path,
    code_map: Path,
    codebook: Path,
    codebook_schema: Path,
    settings: Settings,
) -> dict[str, pd.DataFrame]:
    """Coding done in a QDA tool → ``human_codes`` (the table the coding stage reads), ``report`` (what
    became of every coding) and ``sources`` (each source's document, and how it was matched)."""
    passages = read_parquet(segments)
    book = read_codebook(codebook, codebook_schema)
    project = read_project(qdpx, settings.coding.coders.reference)
    mapping, problems = check_code_map(read_table(code_map), project, book, code_map)
    if problems:
        raise InputError("\n".join(problems), problems)
    imported = import_project(
        project,
        read_parquet(documents),
        passages,
        deidentified_texts(deidentified, passages["doc_id"]),
        mapping,
        settings.coding.qdpx_min_overlap,
    )
    summary = imported.summary()
    log.info(
        "%s (%s): %d of %d sources matched to documents; %d codings: %d placed exactly, %d placed by aligning "
        "their text, %d not placed (see qdpx_import.csv)",
        qdpx.name,
        project.origin or "no tool named",
        summary["sources_matched"],
        summary["sources"],
        summary["codings"],
        summary["placed"],
        summary["aligned"],
        summary["not_placed"],
    )
    report = imported.report
    for reason, count in report.loc[report["status"] == "not placed", "reason"].value_counts().items():
        log.warning("%d coding(s) not placed: %s", count, reason)
    return {"human_codes": imported.codes, "report": report, "sources": imported.sources}
