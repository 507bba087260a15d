"""Rule render_report: render report/synthesis.qmd to HTML and DOCX (Quarto or the fallback)."""
import os
from pathlib import Path

from qualsynth.logs import start_log
from qualsynth.report.engine import render_report
from qualsynth.tables import write_json

log = start_log(snakemake.log[0], "render_report")
qmd = Path(snakemake.input.qmd)
html = Path(snakemake.output.html)
# The document runs with report/ as its working folder, like Quarto; a relative path keeps
# the build machine's folders out of the report.
processed = os.path.relpath(snakemake.params.processed_dir, qmd.parent)
result = render_report(
    qmd,
    html.parent,
    engine=snakemake.params.engine,
    # PDF too where a typst engine is available; it is not a declared output, as it may be skipped.
    formats=("html", "docx", "pdf"),
    css=Path(snakemake.input.css),
    env={"QUALSYNTH_PROCESSED_DIR": processed},
)
log.info("rendered with %s", result.engine_version)
for fmt, path in sorted(result.outputs.items()):
    log.info("%s: %s", fmt, path)
write_json({"engine": result.engine, "engine_version": result.engine_version,
            "formats": sorted(result.outputs)}, Path(snakemake.output.render))
