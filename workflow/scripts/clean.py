"""Rule clean: the shards' segments, de-identified texts and audit tables → one of each, in doc_id order."""
import json
import shutil
from pathlib import Path

import pandas as pd

from qualsynth.ingest.clean import assemble, check_assembled
from qualsynth.ingest.units import unit_table
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import atomic, read_parquet, write_csv, write_parquet


def read_csv(path):
    """A shard's CSV as written, every value a string, so that it is written back byte for byte."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


log = start_log(snakemake.log[0], "clean")
with clear_errors(log):
    segments = assemble([read_parquet(Path(p)) for p in snakemake.input.segments])
    exclusions = assemble([read_csv(p) for p in snakemake.input.exclusions])
    check_assembled(read_parquet(Path(snakemake.input.documents)), segments, exclusions)
    out_dir = Path(snakemake.output.deidentified)
    out_dir.mkdir(parents=True, exist_ok=True)
    for shard_dir in snakemake.input.deidentified:
        for text in sorted(Path(shard_dir).glob("*.txt")):
            with atomic(out_dir / text.name) as partial:
                shutil.copyfile(text, partial)
    write_parquet(segments, Path(snakemake.output.segments))
    units = unit_table(segments)
    write_parquet(units, Path(snakemake.output.units))
    log.info("%d source units (documents, and survey responses one by one) with participant passages", len(units))
    write_csv(exclusions, Path(snakemake.output.exclusions))
    write_csv(assemble([read_csv(p) for p in snakemake.input.redactions]), Path(snakemake.output.redactions))
    write_parquet(assemble([read_parquet(Path(p)) for p in snakemake.input.likert]), Path(snakemake.output.likert))
    counts = [json.loads(Path(p).read_text(encoding="utf-8")) for p in snakemake.input.counts]
    for key in counts[0]:
        log.info("%s: %d", key, sum(c[key] for c in counts))
