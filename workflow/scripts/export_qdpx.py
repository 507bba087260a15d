"""Rule export_qdpx: the coded, de-identified project as REFI-QDA, for NVivo, ATLAS.ti, MAXQDA and QualCoder."""

from pathlib import Path

from qualsynth.coding.exchange import export_qdpx
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "export_qdpx"):
        export_qdpx(
            Path(snakemake.output.qdpx),
            Path(snakemake.input.segments),
            Path(snakemake.input.documents),
            Path(snakemake.input.deidentified),
            Path(snakemake.input.machine_codes),
            Path(snakemake.input.human_codes),
            Path(snakemake.input.codebook),
            Path(snakemake.input.schema),
            settings_for("export_qdpx", snakemake.params.settings),
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
