"""Rule training_set: the human codes located in the passages, and the passages the reference coder coded."""
from pathlib import Path

import pandas as pd

from qualsynth.codebook import load_codebook
from qualsynth.config import load_schema
from qualsynth.human_codes import read_human_codes
from qualsynth.logs import clear_errors, start_log
from qualsynth.supervised import labelled_segments
from qualsynth.tables import read_parquet, write_parquet

log = start_log(snakemake.log[0], "training_set")
with clear_errors(log):
    segments = read_parquet(Path(snakemake.input.segments))
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    human_files = list(snakemake.input.get("human_codes", []))
    exclusions = pd.read_csv(snakemake.input.exclusions)
    withdrawn = set(exclusions.loc[exclusions["reason"] == "consent_withdrawn", "doc_id"])
    human = (read_human_codes(Path(human_files[0]), segments, {t.id for t in codebook.themes}, withdrawn)
             if human_files else pd.DataFrame({c: pd.Series(dtype=str) for c in ["segment_id", "coder", "theme_id"]}))
    # Only participant passages are coded automatically, so only they are compared and learned from.
    human = human[human["segment_id"].isin(set(segments.loc[segments["is_participant"], "segment_id"]))]
    human = human.sort_values(["coder", "segment_id", "theme_id"], kind="stable").reset_index(drop=True)
    reference = human[human["coder"] == snakemake.params.coders["reference"]]
    training = labelled_segments(segments, reference).sort_values("segment_id").reset_index(drop=True)
    write_parquet(human, Path(snakemake.output.human_codes))
    write_parquet(training, Path(snakemake.output.training))
    log.info("%d human codes on %d passages; %d passages coded by the reference coder",
             len(human), human["segment_id"].nunique(), len(training))
