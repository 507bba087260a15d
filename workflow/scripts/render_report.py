"""Rule render_report: render report/synthesis.qmd to HTML and DOCX (Quarto or the fallback)."""

from pathlib import Path

from qualsynth.logs import rule_log
from qualsynth.report.steps import render_report
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "render_report"):
        render = render_report(
            Path(snakemake.input.qmd),
            Path(snakemake.input.css),
            Path(snakemake.params.processed_dir),
            Path(snakemake.output.html).parent,
            settings_for("render_report", snakemake.params.settings),
        )
        # The HTML and DOCX are written by the renderer; the record of which engine wrote them here.
        write_outputs(render, {"render": snakemake.output.render})


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
