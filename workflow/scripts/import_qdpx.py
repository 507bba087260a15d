"""Rule import_qdpx: coding done in a QDA tool, as the human codes the coding stage reads."""

from pathlib import Path

from qualsynth.coding.exchange import import_qdpx
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "import_qdpx"):
        outputs = import_qdpx(
            Path(snakemake.input.qdpx),
            Path(snakemake.input.documents),
            Path(snakemake.input.segments),
            Path(snakemake.input.deidentified),
            Path(snakemake.input.code_map),
            Path(snakemake.input.codebook),
            Path(snakemake.input.schema),
            settings_for("import_qdpx", snakemake.params.settings),
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
