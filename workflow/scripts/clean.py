"""Rule clean: the shards' segments, de-identified texts and audit tables → one of each, in doc_id order."""

from pathlib import Path

from qualsynth.ingest.steps import clean
from qualsynth.logs import rule_log
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "clean"):
        paths = {
            name: [Path(p) for p in getattr(snakemake.input, name)]
            for name in ["segments", "deidentified", "exclusions", "redactions", "likert", "counts", "review"]
        }
        write_outputs(clean(Path(snakemake.input.documents), **paths), snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
