"""Rule sweep_names: the last sweep — no roster name and no replaced name in any published output."""

from pathlib import Path

from qualsynth.logs import rule_log
from qualsynth.provenance.steps import sweep_names
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "sweep_names"):
        outputs = sweep_names(
            Path(snakemake.input.roster),
            Path(snakemake.input.schema),
            Path(snakemake.input.review),
            [Path(p) for p in snakemake.params.published],
            Path(snakemake.params.raw_dir),
            settings_for("sweep_names", snakemake.params.settings),
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
