"""Rule scan_corpus: what cleaning needs from the whole corpus (duplicates, places) → scan.json,
and each shard's rows of the register."""

from pathlib import Path

from qualsynth.ingest.steps import scan_corpus
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "scan_corpus"):
        outputs = scan_corpus(
            Path(snakemake.input.documents),
            Path(snakemake.input.roster),
            Path(snakemake.input.schema),
            Path(snakemake.params.raw_dir),
            settings_for("scan_corpus", snakemake.params.settings),
            len(snakemake.output.registers),
            workers=snakemake.threads,
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
