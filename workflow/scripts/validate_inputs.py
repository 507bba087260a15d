"""Rule validate_inputs: check the register against the raw folder → documents.parquet."""
from pathlib import Path

from qualsynth.config import load_schema
from qualsynth.ingest.inputs import REGISTER, unregistered_files, validate_inputs, waves_from_config
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import write_parquet

log = start_log(snakemake.log[0], "validate_inputs")
with clear_errors(log):
    raw_dir = Path(snakemake.params.raw_dir)
    documents = validate_inputs(
        raw_dir,
        load_schema(Path(snakemake.input.schema)),
        waves_from_config(snakemake.params.waves),
        snakemake.params.methods,
    )
    for extra in unregistered_files(raw_dir, documents, snakemake.params.support):
        log.warning("%s is in the raw folder but not in %s; it is not analysed. "
                    "Add a row for it to the register to include it.", extra, REGISTER)
    write_parquet(documents, Path(snakemake.output.documents))
    log.info("%d documents registered across %d places and %d waves",
             len(documents), documents["place"].nunique(), documents["wave"].nunique())
