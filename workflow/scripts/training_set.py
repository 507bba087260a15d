"""Rule training_set: the human codes placed on their passages (every row placed or reported), the
units the reference coder coded in full, and the passages the supervised coder learns from."""

from pathlib import Path

from qualsynth.coding.steps import training_set
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "training_set"):
        outputs = training_set(
            Path(snakemake.input.segments),
            Path(snakemake.input.exclusions),
            Path(snakemake.input.codebook),
            Path(snakemake.input.schema),
            [Path(p) for p in snakemake.input.get("human_codes", [])],
            settings_for("training_set", snakemake.params.settings),
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
