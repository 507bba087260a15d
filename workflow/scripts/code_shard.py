"""Rule code_shard: the rules, supervised and (when on) semantic coders on one shard's passages."""
from pathlib import Path

import joblib
import pandas as pd

from qualsynth.codebook import load_codebook
from qualsynth.coding import CODE_COLUMNS, CodingSettings, rules_codes
from qualsynth.config import load_schema
from qualsynth.logs import clear_errors, start_log
from qualsynth.semantic import predict_semantic
from qualsynth.supervised import predict_supervised
from qualsynth.tables import read_parquet, write_parquet

log = start_log(snakemake.log[0], f"code_shard.{snakemake.wildcards.shard}")
with clear_errors(log):
    segments = read_parquet(Path(snakemake.input.segments))
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    settings = CodingSettings(**snakemake.params.coding, workers=snakemake.threads)
    rules = rules_codes(segments, codebook.themes, settings.negation_window, settings.workers)
    coder = joblib.load(snakemake.input.coder)
    none = pd.DataFrame(columns=CODE_COLUMNS)
    supervised = predict_supervised(coder["supervised"], segments) if coder["supervised"] is not None else none
    semantic = none
    if coder["semantic"] is not None:
        semantic = predict_semantic(coder["semantic"], segments, read_parquet(Path(snakemake.input.embeddings)))
    write_parquet(rules, Path(snakemake.output.rules))
    write_parquet(supervised, Path(snakemake.output.supervised))
    write_parquet(semantic, Path(snakemake.output.semantic))
    log.info("%d participant passages: %d rules codes, %d supervised codes, %d semantic codes",
             int(segments["is_participant"].sum()), len(rules), len(supervised), len(semantic))
