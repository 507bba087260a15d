"""Rule import_qdpx: coding done in a QDA tool, as the human codes the coding stage reads."""
from pathlib import Path

from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.refiqda import import_qdpx
from qualsynth.config import load_schema
from qualsynth.logs import start_log
from qualsynth.tables import read_parquet, write_csv

log = start_log(snakemake.log[0], "import_qdpx")
segments = read_parquet(Path(snakemake.input.segments))
codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
texts = {doc: (Path(snakemake.input.deidentified) / f"{doc}.txt").read_text(encoding="utf-8")
         for doc in sorted(set(segments["doc_id"]))}
table = import_qdpx(Path(snakemake.input.qdpx), segments, codebook, texts, snakemake.params.min_overlap)
write_csv(table, Path(snakemake.output[0]))
positives = table[table["theme_id"] != ""]
log.info("imported %d codes by %s on %d passages", len(positives), ", ".join(sorted(set(table["coder"]))),
         positives["segment_id"].nunique())
