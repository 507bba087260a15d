"""Rule export_qdpx: the coded, de-identified project as REFI-QDA, for NVivo, ATLAS.ti, MAXQDA and QualCoder."""
from pathlib import Path

from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.refiqda import coded_units, export_qdpx
from qualsynth.config import load_schema
from qualsynth.logs import start_log
from qualsynth.tables import read_parquet

log = start_log(snakemake.log[0], "export_qdpx")
segments = read_parquet(Path(snakemake.input.segments))
codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
# The human codes as the coding stage placed them; the final codes' human rows are the same codes again.
human = read_parquet(Path(snakemake.input.human_codes))
machine = read_parquet(Path(snakemake.input.machine_codes))
units = coded_units(machine, human)
texts = {doc: (Path(snakemake.input.deidentified) / f"{doc}.txt").read_text(encoding="utf-8")
         for doc in sorted(set(segments["doc_id"]))}
export_qdpx(Path(snakemake.output[0]), segments, read_parquet(Path(snakemake.input.documents)), units, codebook,
            texts, snakemake.params.name)
log.info("exported %d sources and %d codings by %s", len(texts), len(units), ", ".join(sorted(set(units["coder"]))))
