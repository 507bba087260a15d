"""Rule manifest: check the raw data is as the run found it, then list every output with its provenance."""

from pathlib import Path

from qualsynth.logs import rule_log
from qualsynth.provenance.steps import manifest
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "manifest"):
        outputs = manifest(
            Path(snakemake.input.raw),
            snakemake.params.rules,
            Path(snakemake.params.raw_dir),
            snakemake.params.config,
            Path(snakemake.params.codebook),
            Path.cwd(),
            Path(snakemake.params.checkout),
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
