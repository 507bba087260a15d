"""Rule train_coder: train the supervised coder once on the human-coded sample → coder.joblib."""
from pathlib import Path

import joblib

from qualsynth.codebook import load_codebook
from qualsynth.coding import CodingSettings
from qualsynth.config import load_schema
from qualsynth.logs import clear_errors, start_log
from qualsynth.supervised import train_supervised
from qualsynth.tables import atomic, read_parquet, write_json

log = start_log(snakemake.log[0], "train_coder")
with clear_errors(log):
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    settings = CodingSettings(**snakemake.params.coding)
    human = read_parquet(Path(snakemake.input.human_codes))
    reference = human[human["coder"] == snakemake.params.coders["reference"]]
    training = read_parquet(Path(snakemake.input.training))
    coder = train_supervised(training, reference, codebook.themes, settings) if len(training) else None
    with atomic(Path(snakemake.output.coder)) as partial:
        joblib.dump(coder, partial, compress=3)
    summary = {
        "trained": sorted(coder.trained) if coder else [],
        "fold_thresholds": {t: [round(float(c), 6) for _, c in m] for t, m in sorted(coder.models.items())} if coder else {},
        "reference_coded_passages": len(training),
    }
    write_json(summary, Path(snakemake.output.summary))
    if coder is None:
        log.info("no human codes: the supervised coder is not trained")
    else:
        log.info("supervised coder trained on %d passages for %d of %d themes", len(training), len(coder.trained),
                 len(codebook.themes))
