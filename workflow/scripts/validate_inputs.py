"""Rule validate_inputs: check the register against the raw folder → documents.parquet."""

from pathlib import Path

from qualsynth.ingest.steps import validate_inputs
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "validate_inputs"):
        outputs = validate_inputs(
            Path(snakemake.params.raw_dir),
            Path(snakemake.input.schema),
            settings_for("validate_inputs", snakemake.params.settings),
            snakemake.params.support,
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
