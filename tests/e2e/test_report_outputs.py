"""The demo report as its readers open it: in a real browser (headless Chromium) and in Word (python-docx)."""

import pandas as pd
import pytest
from docx import Document

from tests.browser import inspect_page
from tests.pdf import text_over_the_page_number
from tests.workflow import kept_for_the_session

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
AREAS = [
    "Goals, paradigms and perspectives",
    "System structures, actors and networks",
    "Power, participation and relationships",
    "The learning journey",
    "Specific roles and functions",
]
# The story first (key messages, the areas, what to ask next), the method and the audit trail after.
SECTIONS = [
    "Key messages",
    "About the inquiry",
    *[f"{n}. {area}" for n, area in enumerate(AREAS, start=1)],
    "Survey ratings",
    "Themes that travel together",
    "What the codebook may be missing",
    "Questions to explore next",
    "Appendix A. The numbers in brief",
    "Appendix B. How it was analysed",
    "Appendix C. Across places",
    "Appendix D. How far each finding can be trusted",
    "Appendix E. Limitations",
    "Appendix F. Audit trail",
]
# Figures: participation, the estimates beside the machine's shares and the heatmap (each in three, for the
# codebook's areas of 5+7, 7+5 and 8 themes), the network, a trend chart per area, the stages chart (roles
# area), survey ratings.
FIGURES = 1 + 3 + 3 + 1 + len(AREAS) + 1 + 1


@pytest.fixture(scope="session")
@kept_for_the_session
def page(demo_project):
    output = demo_project / "report/_output"
    return inspect_page(output / "synthesis.html", output / "synthesis-screenshot.png") | {"output": output}


def test_every_image_decodes_in_the_browser(page):
    assert len(page["images"]) == FIGURES
    for image in page["images"]:
        assert image["complete"] and image["width"] > 0, image["src"]
        assert image["src"].startswith("data:image/png"), "images must be embedded in the one HTML file"
        assert len(image["alt"]) > 40, "every figure needs alt text"


def test_every_figure_has_its_caption(page):
    html = (page["output"] / "synthesis.html").read_text(encoding="utf-8")
    assert html.count("<figcaption") == FIGURES


def test_every_section_heading_is_on_the_page(page):
    assert page["headings"][0] == "Learning synthesis"
    assert page["headings"][1:] == SECTIONS


def test_the_page_logs_no_console_errors(page):
    assert [entry for entry in page["console"] if entry["level"] in ("SEVERE", "WARNING")] == []


def test_a_screenshot_is_saved_beside_the_report(page):
    screenshot = page["output"] / "synthesis-screenshot.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 100_000


def test_no_table_prints_over_the_page_number(demo_project):
    # The confidence and checksum tables run over several pages: each breaks, its rows below the body never.
    assert text_over_the_page_number(demo_project / "report/_output/synthesis.pdf") == []


@pytest.fixture(scope="session")
def docx(demo_project):
    return Document(demo_project / "report/_output/synthesis.docx")


def test_docx_has_every_section_heading(docx):
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 2"]
    assert headings == SECTIONS


def test_docx_has_every_figure(docx):
    assert len(docx.inline_shapes) == FIGURES


def test_docx_has_the_quote_callouts(demo_project, docx):
    quotes = pd.read_csv(demo_project / "data/processed/tables/quotes.csv")
    # A callout is a bold title paragraph and an attribution in the "Callout" style; the quote
    # itself is a block quote between them.
    callouts = [p.text for p in docx.paragraphs if p.style.name == "Callout"]
    quoted = [plain(p.text) for p in docx.paragraphs if p.style.name == "Block Text"]
    cited = [q.segment_id for q in quotes.itertuples() if any(plain(q.text)[:60] in text for text in quoted)]
    # Two quotes per area, each with its attribution and no passage id in the running text.
    assert len(set(cited)) >= 2 * len(AREAS)
    assert sum(text.startswith("— ") for text in callouts) >= 2 * len(AREAS)
    assert not any(q in text for q in quotes["segment_id"] for text in callouts + quoted)


def plain(text: str) -> str:
    """pandoc typesets quotation marks and apostrophes; compare the words, not the typography."""
    return " ".join(text.translate(str.maketrans("‘’“”", "''\"\"")).split())
