"""The report rule: ``render_report`` renders report/synthesis.qmd with Quarto or the fallback."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from qualsynth.report.engine import render_document
from qualsynth.settings import Settings

log = logging.getLogger(__name__)


def render_report(qmd: Path, css: Path, processed_dir: Path, out_dir: Path, settings: Settings) -> dict[str, Any]:
    """The report as HTML and DOCX (and PDF where a typst engine is available; it is not a declared
    output, as it may be skipped) in ``out_dir`` → ``render``, which engine rendered it."""
    # The document runs with report/ as its working folder, like Quarto; a relative path keeps
    # the build machine's folders out of the report.
    processed = os.path.relpath(processed_dir, qmd.parent)
    figures = os.path.relpath(out_dir / "figures", qmd.parent)
    result = render_document(
        qmd,
        out_dir,
        engine=settings.report.engine,
        formats=("html", "docx", "pdf"),
        css=css,
        env={
            "QUALSYNTH_PROCESSED_DIR": processed,
            "QUALSYNTH_FIGURES_DIR": figures,
            "QUALSYNTH_LABELS": json.dumps(dict(settings.inquiry.labels), sort_keys=True),
        },
        title=settings.report.title,
    )
    log.info("rendered with %s", result.engine_version)
    for fmt, path in sorted(result.outputs.items()):
        log.info("%s: %s", fmt, path)
    return {
        "render": {"engine": result.engine, "engine_version": result.engine_version, "formats": sorted(result.outputs)}
    }
