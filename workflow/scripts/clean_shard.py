"""Rule clean_shard: parse, attribute, de-identify and segment one shard's documents."""
import json
from pathlib import Path

from qualsynth.config import load_schema
from qualsynth.ingest.clean import CleanSettings, CorpusScan, clean
from qualsynth.ingest.inputs import read_roster
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_csv, write_json, write_parquet

shard, shards = int(snakemake.wildcards.shard), snakemake.params.shards
log = start_log(snakemake.log[0], f"clean_shard.{shard}")
with clear_errors(log):
    raw_dir = Path(snakemake.params.raw_dir)
    roster = read_roster(raw_dir, load_schema(Path(snakemake.input.schema)), snakemake.params.roles)
    scan = CorpusScan.from_json(json.loads(Path(snakemake.input.scan).read_text(encoding="utf-8")))
    result = clean(read_parquet(Path(snakemake.input.documents)), roster, raw_dir,
                   CleanSettings.from_config(snakemake.params.settings, workers=snakemake.threads),
                   scan=scan, shard=(shard, shards))
    out_dir = Path(snakemake.output.deidentified)
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc_id, text in sorted(result.texts.items()):
        (out_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="\n")
    write_parquet(result.segments, Path(snakemake.output.segments))
    write_csv(result.exclusions, Path(snakemake.output.exclusions))
    write_csv(result.redactions, Path(snakemake.output.redactions))
    write_parquet(result.likert, Path(snakemake.output.likert))
    write_json(result.counts, Path(snakemake.output.counts))
    log.info("shard %d of %d: %d documents, %d segments", shard + 1, shards, result.counts["documents_in"],
             result.counts["segments"])
