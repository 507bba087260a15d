"""The report rule on the counterfactual corpus: render_report, with the fallback engine the corpus's config
asks for (a Jupyter kernel and pandoc)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from docx import Document

from tests.rules.conftest import ROSTER_NAMES

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")


def html_text(path: Path) -> str:
    """The HTML report's visible text, whitespace collapsed."""
    page = re.sub(r"<style.*?</style>|<script.*?</script>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def docx_text(path: Path) -> str:
    document = Document(path)
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


@pytest.fixture(scope="module")
def texts(rendered) -> dict[str, str]:
    out = rendered.report_out
    return {"html": html_text(out / "synthesis.html"), "docx": docx_text(out / "synthesis.docx")}


def test_render_report_writes_html_and_docx_naming_the_reference_coder(rendered, texts):
    # coding_run.json names coder A (config coding.coders.reference), who coded every interview.
    run = json.loads(rendered.output("code_themes", "run").read_text(encoding="utf-8"))
    assert run["coders"]["reference"] == "A"
    for fmt, text in texts.items():
        assert "Coder A coded every unit by hand" in text, fmt


def test_render_report_titles_the_report_as_the_config_says(rendered, texts):
    assert rendered.config["report"]["title"] == "Eight interviews: a counterfactual inquiry"
    for fmt, text in texts.items():
        assert text.startswith("Eight interviews: a counterfactual inquiry"), (fmt, text[:80])
    html = (rendered.report_out / "synthesis.html").read_text(encoding="utf-8")
    assert "<title>Eight interviews: a counterfactual inquiry</title>" in html


def test_render_report_names_roles_and_methods_as_the_config_labels_them(texts):
    # inquiry.labels names senior_leader "SLT member" and interview "one-to-one interview"; the other
    # roles have no label and show their ids with spaces, capitalised.
    for fmt, text in texts.items():
        assert "collected by one-to-one interview" in text, fmt
        assert "SLT member" in text and "Community member" in text, fmt
        assert "Senior leader" not in text and "Slt member" not in text, fmt
        # Eight interviews and no survey: the report speaks of speakers and turns only.
        assert "Documents were split into speaker turns; all were" in text, fmt  # no learning log among them
        assert "participants spoke in" in text and "survey exports into answers" not in text, fmt


def test_render_report_states_the_findings_counted_from_the_data(texts):
    # README: goal clarity in 1 of 4 W1 interviews and 3 of 4 W2 ones; shared values in 3 of Alder's 4, 1 of Birch's.
    rose = "Clarity and shared understanding of purpose rose: raised in 25% of units in W1 and 75% in W2"
    for fmt, text in texts.items():
        assert rose in text, fmt
    assert "Alder (75%) Birch (25%) 50 points" in texts["html"]


def test_render_report_records_the_engine_the_config_asks_for(rendered, texts):
    render = json.loads((rendered.report_out / "render.json").read_text(encoding="utf-8"))
    assert rendered.config["report"]["engine"] == "fallback"
    assert render["engine"] == "fallback"
    assert render["engine_version"].startswith("fallback: jupytext")
    assert {"html", "docx"} <= set(render["formats"])
    # The report says which engine rendered it.
    assert render["engine_version"] in texts["html"]


def test_render_report_names_no_participant(texts):
    for fmt, text in texts.items():
        assert not [name for name in ROSTER_NAMES if re.search(rf"\b{name}\b", text)], fmt
