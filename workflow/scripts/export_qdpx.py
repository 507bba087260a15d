"""Rule export_qdpx: the coded, de-identified project as REFI-QDA, for NVivo, ATLAS.ti, MAXQDA and QualCoder."""
from pathlib import Path

import pandas as pd

from qualsynth.codebook import load_codebook
from qualsynth.config import load_schema
from qualsynth.human_codes import read_human_codes
from qualsynth.logs import start_log
from qualsynth.refiqda import coded_units, export_qdpx
from qualsynth.tables import read_parquet

log = start_log(snakemake.log[0], "export_qdpx")
segments = read_parquet(Path(snakemake.input.segments))
codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
exclusions = pd.read_csv(snakemake.input.exclusions)
withdrawn = set(exclusions.loc[exclusions["reason"] == "consent_withdrawn", "doc_id"])
human_files = list(snakemake.input.human_codes)
human = (read_human_codes(Path(human_files[0]), segments, {t.id for t in codebook.themes}, withdrawn)
         if human_files else None)
units = coded_units(read_parquet(Path(snakemake.input.codes)), human)
texts = {doc: (Path(snakemake.input.deidentified) / f"{doc}.txt").read_text(encoding="utf-8")
         for doc in sorted(set(segments["doc_id"]))}
export_qdpx(Path(snakemake.output[0]), segments, read_parquet(Path(snakemake.input.documents)), units, codebook,
            texts, snakemake.params.name)
log.info("exported %d sources and %d codings by %s", len(texts), len(units), ", ".join(sorted(set(units["coder"]))))
