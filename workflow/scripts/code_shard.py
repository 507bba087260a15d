"""Rule code_shard: the rules, supervised and (when on) semantic coders on one shard's passages, and
each of its units' probability that the reference coder would find each theme there."""
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from qualsynth.coding.calibration import best_probability, pieces, rules_hits, unit_scores
from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.rules import CODE_COLUMNS, CodingSettings, rules_codes
from qualsynth.coding.semantic import predict_semantic
from qualsynth.coding.supervised import fold_probabilities, predict_supervised
from qualsynth.config import load_schema
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_parquet

log = start_log(snakemake.log[0], f"code_shard.{snakemake.wildcards.shard}")
with clear_errors(log):
    segments = read_parquet(Path(snakemake.input.segments))
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    theme_ids = [t.id for t in codebook.themes]
    settings = CodingSettings(**snakemake.params.coding, workers=snakemake.threads)
    rules = rules_codes(segments, codebook.themes, settings.negation_window, settings.workers)
    coder = joblib.load(snakemake.input.coder)
    none = pd.DataFrame(columns=CODE_COLUMNS)
    shard = pieces(segments)  # participant passages in segment_id order, and the units they make up
    fold_p = fold_probabilities(coder["supervised"], shard.passages) if coder["supervised"] is not None else None
    supervised = predict_supervised(coder["supervised"], segments, fold_p) if coder["supervised"] is not None else none
    semantic = none
    if coder["semantic"] is not None:
        semantic = predict_semantic(coder["semantic"], segments, read_parquet(Path(snakemake.input.embeddings)))
    hits = rules_hits(shard, rules, theme_ids)
    fold_best = ([best_probability(shard, fold_p[k]) for k in range(len(fold_p))] if fold_p is not None else [])
    scores = unit_scores(shard, hits, np.array(fold_best) if fold_best else np.empty((0, *hits.shape)), theme_ids,
                         coder.get("calibration"))
    write_parquet(rules, Path(snakemake.output.rules))
    write_parquet(supervised, Path(snakemake.output.supervised))
    write_parquet(semantic, Path(snakemake.output.semantic))
    write_parquet(scores, Path(snakemake.output.unit_scores))
    log.info("%d participant passages in %d units: %d rules codes, %d supervised codes, %d semantic codes",
             int(segments["is_participant"].sum()), int((shard.table["role"] == "").sum()), len(rules),
             len(supervised), len(semantic))
