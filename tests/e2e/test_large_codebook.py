"""A 40-theme codebook on a survey-only inquiry (tests/data/large_codebook: two waves of a residents'
survey, 505 respondents in four districts, written for this test by another hand) renders to HTML, DOCX and
PDF that a reader can use: figures split by area so each fits a page, no table wider than its column, no
blank page, no heading left at the foot of a page, and labels that do not overlap.

The codebook's areas hold 7, 8, 6, 6, 7 and 6 themes (read from tests/data/large_codebook/codebook.yaml):
in groups of at most 16 rows, the heatmap becomes three figures (7+8, 6+6, 7+6).
"""

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.browser import inspect_page
from tests.pdf import text_over_the_page_number

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_large_codebook")]

CHECKOUT = Path(__file__).resolve().parents[2]
DATA = CHECKOUT / "tests/data/large_codebook"
# The figures: participation, 3 heatmaps, a trend chart per area (6), the survey rating, the network.
FIGURES = 1 + 3 + 6 + 1 + 1


def make(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "-s", *args, "CORES=2"], cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("users") / "better-neighbourhoods"
    assert make("new", f"DIR={folder}", "TITLE=Better Neighbourhoods residents' survey 2025").returncode == 0
    shutil.copytree(DATA / "raw", folder / "data/raw", dirs_exist_ok=True)
    shutil.copy(DATA / "codebook.yaml", folder / "codebook.yaml")
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    # As the data's README describes the export.
    config["inquiry"] = {
        "waves": [
            {"id": "W1", "label": "Spring 2025", "start": "2025-03-01", "end": "2025-05-31"},
            {"id": "W2", "label": "Autumn 2025", "start": "2025-09-01", "end": "2025-11-30"},
        ],
        "methods": ["survey"],
        "roles": ["resident", "business_owner", "works_locally"],
        "labels": {"business_owner": "local business owner", "works_locally": "works in the area"},
    }
    config["ingest"]["interviewer_labels"] = []
    config["ingest"]["places"] = ["Ashdown", "Bexley Vale", "Carrow", "Dunmere"]
    config["ingest"]["surveys"] = {
        "respondent_column": "Respondent ID",
        "place_column": "District",
        "date_column": "Date submitted",
        "date_format": "%Y-%m-%d %H:%M",
        "role_column": "Which best describes you?",
        "role_map": {
            "Resident": "resident",
            "Local business owner": "business_owner",
            "Works in the area": "works_locally",
        },
        "text_columns": [
            "What is the best thing about living or working here?",
            "What one thing would most improve your neighbourhood?",
        ],
        "likert_columns": ["Overall, how satisfied are you with your area as a place to live?"],
        "likert_scale": {
            "Very dissatisfied": 1,
            "Fairly dissatisfied": 2,
            "Neither satisfied nor dissatisfied": 3,
            "Fairly satisfied": 4,
            "Very satisfied": 5,
        },
        "drop_columns": ["Email address (optional)"],
    }
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    run = make("report", f"CONFIG={folder / 'config.yaml'}")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return folder / "report/_output"


def headings(html: str) -> set[str]:
    found = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html, flags=re.S)
    return {" ".join(re.sub(r"<[^>]+>", "", h).split()) for h in found}


def test_the_heatmap_is_split_into_figures_of_whole_areas(output):
    html = " ".join((output / "synthesis.html").read_text(encoding="utf-8").split())
    captions = re.findall(r"Estimated share of units in each place that raise each theme \(([^)]*)\)", html)
    assert captions == [
        "Housing; Transport and getting around",
        "Community safety and the street environment; Health, care and wellbeing",
        "Local economy and the cost of living; Community life and residents’ voice",
    ]


def test_in_the_browser_every_figure_fits_a_screen_and_no_table_overflows(output):
    page = inspect_page(output / "synthesis.html", output / "synthesis-screenshot.png")
    assert len(page["images"]) == FIGURES
    for image in page["images"]:
        assert image["complete"] and image["width"] > 0
        # The page is 1280 pixels wide; no figure taller than a laptop screen.
        assert image["shown_height"] <= 1000, image["alt"][:80]
    assert page["overflowing_tables"] == []
    assert [m for m in page["console"] if m["level"] == "SEVERE"] == []


def test_the_pdf_has_no_blank_page_and_no_heading_at_the_foot_of_a_page(output):
    from pypdf import PdfReader

    titles = headings((output / "synthesis.html").read_text(encoding="utf-8"))
    assert "In participants’ words" in titles or "In participants' words" in titles
    pages = PdfReader(output / "synthesis.pdf").pages
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().isdigit()]
        assert len(text) > 150 or len(page.images) > 0, f"page {number} is blank or nearly so: {text!r}"
        assert lines and lines[-1] not in titles, f"page {number} ends with the heading {lines[-1]!r}"


def test_no_table_prints_over_the_page_number(output):
    assert text_over_the_page_number(output / "synthesis.pdf") == []


def test_every_figure_of_the_docx_fits_its_page(output):
    with zipfile.ZipFile(output / "synthesis.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    # pandoc's reference document leaves the page to Word's default: US Letter or A4 with inch margins, so
    # at least 9 inches of text height (914,400 EMU to the inch).
    assert "<w:pgSz" not in xml
    room = 9 * 914_400
    heights = [int(cy) for cy in re.findall(r'<wp:extent cx="\d+" cy="(\d+)"', xml)]
    assert len(heights) == FIGURES
    assert max(heights) < room
    assert '<w:br w:type="page"/>' not in xml
