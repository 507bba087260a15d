"""The built demo rerun with other settings: another reference coder, a larger minimum cell, a new
passage length. Each reruns what reads the changed keys, in a copy of the built project."""

import shutil

import pandas as pd
import pytest

from qualsynth.synthesis.disclosure import KEPT, NOT_STATISTICS, PEOPLE
from tests.workflow import kept_for_the_session, report_text, snakemake

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
MIN_CELL = 12
RECAST = [
    "--profile",
    "workflow/profiles/default",
    "--config",
    "coding={coders: {reference: B, second: A}}",
    f"synthesis={{min_cell_size: {MIN_CELL}}}",
]


@pytest.fixture(scope="session")
@kept_for_the_session
def recast(demo_project, tmp_path_factory):
    """The demo with coder B as the reference and A as the second coder, and cells of fewer than 12 people
    suppressed."""
    project = shutil.copytree(demo_project, tmp_path_factory.mktemp("recast") / "project", symlinks=True)
    result = snakemake(project, *RECAST)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


def test_changing_the_passage_length_reruns_the_cleaning_but_not_the_corpus_scan(demo_project):
    result = snakemake(
        demo_project, "--profile", "workflow/profiles/default", "-n", "--config", "ingest={segment_max_words: 80}"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    planned = result.stdout + result.stderr
    assert "rule clean_shard:" in planned and "rule code_shard:" in planned
    assert "scan_corpus" not in planned and "validate_inputs" not in planned


def test_the_report_names_the_reference_coder_the_run_recorded(recast):
    text = report_text(recast)
    agreement = (recast / "data/processed/agreement.csv").read_text()
    # Coder B coded six demo documents, A 124 units: with B as the reference, A is measured against B.
    assert "machine vs B" in agreement and "A vs B" in agreement and "vs A" not in agreement
    for sentence in [
        "Every share is what coder B would find",
        "Wherever coder B coded a passage, their codes are the final ones",
        "How far the machine agrees with coder B",
        "coders A and B agree with kappa",
        "a supervised coder trained on coder B’s codes",
    ]:
        assert sentence in text, sentence
    for sentence in ["what coder A would find", "agrees with coder A", "trained on coder A’s codes"]:
        assert sentence not in text, sentence


def test_no_published_cell_rests_on_fewer_than_min_cell_size_people(recast):
    tables = sorted((recast / "data/processed/tables").glob("*.csv"))
    # The tables disclosure control exempts (NOT_STATISTICS; the findings table is written as findings.csv).
    exempt = {"quotes.csv", "participation.csv", "findings.csv"}
    files = {f"{name}.csv" for name in NOT_STATISTICS} - {"key_findings.csv"} | {"findings.csv"}
    assert files & {t.name for t in tables} == exempt
    blanked = 0
    for path in tables:
        if path.name in exempt:
            continue
        table = pd.read_csv(path, keep_default_na=False, dtype=str)
        people = next(c for c in PEOPLE if c in table.columns)  # every table states whom its cells rest on
        small = table[people].astype(int) < MIN_CELL
        assert (table["suppressed"] == "True").tolist() == small.tolist(), path.name
        statistics = [c for c in table.columns if c not in KEPT]
        # Numbers and words are blanked; a flag (a change being clear) is left false.
        assert table.loc[small, statistics].isin(["", "False"]).all().all(), path.name
        blanked += int(small.sum())
    # Places and roles with fewer than 12 participants exist in the demo: the rule does bite.
    assert blanked > 0
    role_cells = pd.read_csv(recast / "data/processed/tables/prevalence_by_role.csv")
    assert role_cells.loc[role_cells["participants"] < MIN_CELL, "share"].isna().all()


def test_the_report_counts_the_suppressed_cells_it_was_given(recast):
    import json

    control = json.loads((recast / "data/processed/findings.json").read_text())["disclosure_control"]
    total = sum(v for k, v in control.items() if k.startswith("suppressed_cells_"))
    assert control["min_cell_size"] == MIN_CELL and total > 0
    assert f"{total} table cell(s) resting on fewer than {MIN_CELL} participants were blanked" in report_text(recast)
