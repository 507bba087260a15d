"""Rule draw_sample: the next batch of units for human coding → the register beside the raw data,
a coding sheet (Excel) and the same units as a REFI-QDA project."""
import datetime as dt
from pathlib import Path

from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.refiqda import export_sample_qdpx
from qualsynth.coding.sampling import append_register, draw_sample, read_register
from qualsynth.coding.sheet import coding_sheet, write_coding_sheet
from qualsynth.config import load_schema
from qualsynth.errors import InputError
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_csv, write_json

log = start_log(snakemake.log[0], "draw_sample")
with clear_errors(log):
    settings = snakemake.params.sampling
    if not settings.get("size"):
        raise InputError("no sample size given. Run `make sample N=<units to draw>` (optionally WHERE='method=survey').")
    units = read_parquet(Path(snakemake.input.units))
    segments = read_parquet(Path(snakemake.input.segments))
    register_path = Path(snakemake.params.register)
    register = read_register(register_path)
    batch = draw_sample(units, register, int(settings["size"]), settings["strata"], settings["seed"],
                        settings.get("where"), settings.get("drawn_on") or dt.date.today().isoformat())
    number = int(batch["batch"].iloc[0])
    out_dir = Path(snakemake.output.draw).parent / f"batch-{number:02d}"
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    drawn = list(batch["unit_id"])
    sheet = coding_sheet(drawn, segments, snakemake.params.reference)
    sheet_path = write_coding_sheet(out_dir / f"coding_sheet_batch-{number:02d}.xlsx", sheet, codebook,
                                    f"{snakemake.params.title}: coding sample, batch {number}")
    texts = {doc: (Path(snakemake.input.deidentified) / f"{doc}.txt").read_text(encoding="utf-8")
             for doc in sorted(set(batch["doc_id"]))}
    qdpx_path = export_sample_qdpx(out_dir / f"coding_sample_batch-{number:02d}.qdpx", drawn, segments, units,
                                   codebook, texts, f"{snakemake.params.title}: coding sample, batch {number}")
    write_csv(batch, out_dir / "register_rows.csv")
    # Last, so that a failure above leaves the register as it was.
    write_csv(append_register(register, batch), register_path)
    summary = {"batch": number, "units": len(batch), "passages": len(sheet), "population": batch["population"].iloc[0],
               "strata": int(batch["stratum"].nunique()), "register": str(register_path),
               "coding_sheet": str(sheet_path), "qdpx": str(qdpx_path)}
    write_json(summary, Path(snakemake.output.draw))
    log.info("batch %d: %d units (%d passages) from %s in %d strata, appended to %s", number, len(batch), len(sheet),
             summary["population"], summary["strata"], register_path)
    log.info("code them in %s (or in a QDA tool: %s), save the sheet where config key human_codes points, then "
             "run make report", sheet_path, qdpx_path)
