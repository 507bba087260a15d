"""Rule training_set: the human codes placed on their passages (every row placed or reported), the
units the reference coder coded in full, and the passages the supervised coder learns from."""
from pathlib import Path

import pandas as pd

from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.human_codes import Corpus, coded_units, read_human_codes
from qualsynth.coding.supervised import labelled_segments
from qualsynth.config import load_schema
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_csv, write_parquet

log = start_log(snakemake.log[0], "training_set")
with clear_errors(log):
    segments = read_parquet(Path(snakemake.input.segments))
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    corpus = Corpus.from_tables(segments, pd.read_csv(snakemake.input.exclusions, dtype=str, keep_default_na=False))
    placed = read_human_codes(list(snakemake.input.get("human_codes", [])), corpus, [t.id for t in codebook.themes],
                              {t.id: t.label for t in codebook.themes})
    human = placed.codes
    reference_id = snakemake.params.coders["reference"]
    reference = human[human["coder"] == reference_id]
    units = coded_units(human, segments, reference_id)
    training = labelled_segments(segments, reference).sort_values("segment_id").reset_index(drop=True)
    write_parquet(human, Path(snakemake.output.human_codes))
    write_csv(placed.placement, Path(snakemake.output.placement))
    write_parquet(units, Path(snakemake.output.coded_units))
    write_parquet(training, Path(snakemake.output.training))
    summary = placed.summary()
    log.info("%d rows of human codes: %d placed on passages, %d not placed, %d not coded yet (%s)", summary["rows"],
             summary["placed"], summary["not_placed"], summary["not_coded_yet"], snakemake.output.placement)
    for reason, count in placed.placement.loc[placed.placement["status"] == "not placed", "reason"].value_counts().items():
        log.warning("%d row(s) not placed: %s", count, reason)
    log.info("coder %s coded %d passages; %d units in full, %d in part", reference_id, len(training),
             int(units["complete"].sum()), int((~units["complete"]).sum()))
