"""Rule scan_corpus: what cleaning needs from the whole corpus (duplicates, learned name words) → scan.json."""
from pathlib import Path

from qualsynth.config import load_schema
from qualsynth.ingest.clean import CleanSettings, in_shard, scan_corpus
from qualsynth.ingest.inputs import read_roster
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_json, write_parquet

log = start_log(snakemake.log[0], "scan_corpus")
with clear_errors(log):
    raw_dir = Path(snakemake.params.raw_dir)
    roster = read_roster(raw_dir, load_schema(Path(snakemake.input.schema)), snakemake.params.roles)
    documents = read_parquet(Path(snakemake.input.documents))
    scan = scan_corpus(documents, roster, raw_dir, CleanSettings.from_config(snakemake.params.settings))
    write_json(scan.to_json(), Path(snakemake.output.scan))
    # Each shard's rows of the register: a shard whose documents did not change keeps the same bytes.
    for shard, path in enumerate(snakemake.output.registers):
        write_parquet(in_shard(documents, shard, len(snakemake.output.registers)).reset_index(drop=True), Path(path))
    log.info("duplicates: %d", len(scan.duplicates))
    if scan.learned is not None:
        log.info("first names learned for third-party detection: %d", len(scan.learned.first_names))
