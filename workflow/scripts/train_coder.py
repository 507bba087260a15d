"""Rule train_coder: train the supervised coder (and calibrate the semantic coder, when on) once on
the human-coded sample, and the calibration from passage codes to a probability per unit → coder.joblib."""

from pathlib import Path

from qualsynth.coding.steps import train_coder
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "train_coder"):
        outputs = train_coder(
            Path(snakemake.input.human_codes),
            Path(snakemake.input.training),
            Path(snakemake.input.coded_units),
            Path(snakemake.input.codebook),
            Path(snakemake.input.schema),
            settings_for("train_coder", snakemake.params.settings),
            workers=snakemake.threads,
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
