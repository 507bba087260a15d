"""The whole workflow on the small sample corpus in tests/data/sample/, in a temporary copy of the project.

Every expected value below was counted by hand from tests/data/sample/raw/ (see its README):
4 documents (2 places × 2 waves); participant turns: Northbridge interview 4, focus group 5
(Dan Hughes's 2 turns are withdrawn), Eastmoor spring 3, Eastmoor autumn 4 = 16. Each document is a
unit. Nobody coded the corpus by hand, so the shares are the machine's own, labelled uncorrected.
"""

import re
import zipfile

import pandas as pd
import pytest

from tests.workflow import report_text as visible_text
from tests.workflow import snakemake

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
SAMPLE = ["--profile", "workflow/profiles/default", "--configfile", "tests/data/sample/config.yaml"]


@pytest.fixture(scope="session")
def project(sample_project):
    return sample_project


@pytest.fixture(scope="session")
def report_text(project):
    return visible_text(project)


def test_workflow_writes_every_declared_output(project):
    for name in [
        "documents.parquet",
        "segments.parquet",
        "exclusions.csv",
        "redactions.csv",
        "codes.parquet",
        "tables/prevalence.csv",
        "tables/prevalence_by_place.csv",
        "findings.json",
    ]:
        assert (project / "data/processed" / name).stat().st_size > 0, name
    assert sorted(p.name for p in (project / "data/processed/deidentified").glob("*.txt")) == [
        "em-int-01.txt",
        "em-int-02.txt",
        "nb-fg-01.txt",
        "nb-int-01.txt",
    ]
    assert (project / "logs/notebooks/01_code_themes.ipynb").exists()
    assert (project / "logs/benchmarks/render_report.tsv").exists()


def test_report_counts_match_the_sample_corpus(report_text):
    assert (
        "draws on 4 units — 4 documents (focus group: 1; interview: 3) — from 2 places over 2 waves, in which 5 "
        "participants spoke in 16 passages"
    ) in report_text
    assert "No unit was coded in full by a human coder" in report_text


def test_report_headlines_match_the_sample_corpus(report_text):
    # Relationships/trust words occur in all four documents.
    assert (
        "The most widely raised theme was Relationships and trust : 100% (the machine’s share, uncorrected: no "
        "interval) of units"
    ) in report_text


def test_report_states_no_change_or_gap_that_no_interval_supports(report_text):
    # No unit is coded by hand: goal clarity's 0% in W1 and 100% in W2 (two documents each) and the places' 50-point
    # gaps are the machine's own, with no interval; the summary states neither as a finding.
    assert "rose the most" not in report_text and "fell the most" not in report_text
    assert "Places differ most" not in report_text
    assert (
        "No change between waves and no difference between places is stated: every share is the automatic "
        "coding’s own, with no interval to tell a change from its errors."
    ) in report_text


def test_report_table_and_exclusions_match_the_sample_corpus(report_text):
    # Theme, share of units (the machine's own, uncorrected) and no change W1 → W2, the machine's own having no
    # interval: trust in all four documents; structures in 3 of 4; sensemaking in 1 of 4.
    assert "Relationships and trust 100% —" in report_text
    assert "Structures as help and hindrance 75% —" in report_text
    assert "Sensemaking with diverse perspectives 25% —" in report_text
    assert "2 unit(s) of raw data were excluded before analysis (2 for consent withdrawn)" in report_text
    assert "10 identifying details were replaced" in report_text
    assert "Rendered by fallback" in report_text


def test_report_has_an_embedded_figure_with_caption_and_alt_text(project, report_text):
    raw = (project / "report/_output/synthesis.html").read_text(encoding="utf-8")
    assert re.search(r'<img[^>]+src="data:image/png;base64,[^"]{1000,}"', raw)
    assert re.search(r'<img[^>]+alt="A heatmap with one row per theme', raw)
    assert "Estimated share of units in each place that raise each theme" in report_text


def test_docx_carries_the_same_numbers(project):
    with zipfile.ZipFile(project / "report/_output/synthesis.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
    text = " ".join(re.sub(r"<[^>]+>", "", xml).split())
    assert "Relationships and trust" in text and "share, uncorrected: no interval) of units" in text
    # Participation, the heatmap, the network and a trend chart for each of the codebook's 5 areas.
    assert len(media) == 3 + 5


def test_withdrawn_and_identifying_text_appears_in_no_output(project):
    withdrawn = ["less convinced", "referral route", "less reporting upwards"]
    identifying = [
        "Priya",
        "Sharma",
        "Hughes",
        "Whitfield",
        "Okafor",
        "Aisha",
        "07700 900123",
        "priya.sharma@northbridge-together.org.uk",
        "0113 496 0000",
        "14 Mill Lane",
        "NB2 4XT",
    ]
    for folder in ["data/processed", "report/_output", "logs"]:
        for path in (project / folder).rglob("*"):
            if path.is_file() and path.suffix in {".txt", ".csv", ".json", ".html", ".ipynb", ".log"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                for value in withdrawn + identifying:
                    assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.I), (path, value)
    segments = pd.read_parquet(project / "data/processed/segments.parquet")
    assert not segments["text"].str.contains("Dan|Hughes").any()


def test_second_run_has_nothing_to_do(project):
    result = snakemake(project, *SAMPLE)
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr
