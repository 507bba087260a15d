"""Rule record_raw_checksums: sha256 of every raw file as the run starts."""

from pathlib import Path

from qualsynth.logs import rule_log
from qualsynth.provenance.steps import record_raw_checksums
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "record_raw_checksums"):
        write_outputs(record_raw_checksums(Path(snakemake.params.raw_dir)), snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
