"""Rule draw_sample: the next batch of units for human coding → the register beside the raw data,
a coding sheet (Excel) and the same units as a REFI-QDA project."""

from pathlib import Path

from qualsynth.coding.exchange import draw_sample
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "draw_sample"):
        draw = Path(snakemake.output.draw)
        summary = draw_sample(
            Path(snakemake.input.units),
            Path(snakemake.input.coded_units) if snakemake.input.get("coded_units") else None,
            Path(snakemake.input.unit_scores) if snakemake.input.get("unit_scores") else None,
            Path(snakemake.input.segments),
            Path(snakemake.input.deidentified),
            Path(snakemake.input.codebook),
            Path(snakemake.input.schema),
            Path(snakemake.params.register),
            draw.parent,
            settings_for("draw_sample", snakemake.params.settings),
        )
        write_outputs({"draw": summary}, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
