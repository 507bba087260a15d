"""The estimates against a known truth: the patient survey design (tests/data/patient_survey).

The whole loop a team would run: draw 20% of the respondents with make sample's rule, code the
coding sheet in Excel (here filled from truth.csv, as a careful reference coder would), save it
beside the raw data, build the report, and compare each theme's estimated share of respondents
with its true share over all of them.
"""

import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from qualsynth.coding.sheet import SHEET_COLUMNS
from tests.workflow import copy_project, kept_for_the_session, report_text, snakemake

# One worker builds this module's project (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("test_patient_survey_workflow")]
CONFIG = ["--profile", "workflow/profiles/default", "--configfile", "tests/data/patient_survey/config.yaml"]
DESIGN = "tests/data/patient_survey"


def truth_by_passage(project):
    truth = pd.read_csv(project / DESIGN / "truth.csv", dtype={"theme_ids": str})
    segment = truth["doc_id"] + "-r" + truth["row"].map("{:04d}".format) + "q" + truth["question"].map("{:02d}".format)
    return dict(zip(segment + "-s01", truth["theme_ids"]))


@pytest.fixture(scope="session")
@kept_for_the_session
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("patient_survey"))
    drawn = snakemake(project, *CONFIG, "--config", "sampling={size: 120, drawn_on: 2026-04-01}", "--", "draw_sample")
    assert drawn.returncode == 0, drawn.stdout[-3000:] + drawn.stderr[-3000:]
    # The reference coder codes every passage of the sheet and saves it where human_codes points.
    sheet = project / "data/processed/sample/batch-01/coding_sheet_batch-01.xlsx"
    book = load_workbook(sheet)
    coding = book["coding"]
    truth = truth_by_passage(project)
    segment_column = SHEET_COLUMNS.index("segment_id") + 1
    themes_column = SHEET_COLUMNS.index("theme_ids") + 1
    for row in range(2, coding.max_row + 1):
        coding.cell(row=row, column=themes_column, value=truth[coding.cell(row=row, column=segment_column).value])
    folder = project / DESIGN / "raw/human_codes"
    folder.mkdir()
    book.save(folder / "batch-01_A.xlsx")
    built = snakemake(project, *CONFIG)
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    return project


def true_shares(project, by=None):
    """Each theme's share of respondents who wrote anything, over all of them (or within ``by``)."""
    truth = pd.read_csv(project / DESIGN / "truth.csv", dtype={"theme_ids": str})
    truth["unit_id"] = truth["doc_id"] + "-r" + truth["row"].map("{:04d}".format)
    raised = truth.assign(theme_id=truth["theme_ids"].str.split(";")).explode("theme_id")
    units = pd.read_parquet(project / "data/processed/units.parquet").set_index("unit_id")
    flags = pd.crosstab(raised["unit_id"], raised["theme_id"]).clip(upper=1).reindex(units.index, fill_value=0)
    flags = flags.drop(columns="none", errors="ignore")
    return flags.mean() if by is None else flags.groupby(units[by]).mean()


def test_patient_survey_draws_a_stratified_sample_of_respondents(project):
    register = pd.read_csv(project / DESIGN / "raw/coding_sample.csv")
    # 120 respondents in 15 strata (3 areas × 5 quarters), each with at least one; no export drawn whole.
    assert len(register) == 120 and register["stratum"].nunique() == 15
    assert register["unit_id"].str.contains(r"^fb-\d{4}-q\d-r\d{4}$").all()
    placement = pd.read_csv(project / "data/processed/human_codes_placement.csv")
    assert set(placement["status"]) == {"placed"}
    coded = pd.read_parquet(project / "data/processed/coded_units.parquet")
    assert coded["complete"].all() and len(coded) == 120


def test_patient_survey_shares_are_per_respondent_and_cover_the_truth(project):
    overall = pd.read_csv(project / "data/processed/tables/prevalence.csv").set_index("theme_id")
    truth = true_shares(project).reindex(overall.index)
    assert (overall["units"] == 596).all()
    # 10 or more coded positives (and negatives): corrected; fewer than 5: the human codes alone (a Wilson
    # interval); 5 to 9: corrected with added errors where that is narrower than the human codes alone.
    coded = pd.read_parquet(project / "data/processed/unit_scores.parquet").query("role == '' and human == human")
    positives = coded.groupby("theme_id")["human"].sum()
    negatives = coded.groupby("theme_id")["human"].count() - positives
    balanced = pd.concat([positives, negatives], axis=1).min(axis=1).reindex(overall.index)
    estimator = overall["estimator"]
    assert (estimator[balanced >= 10] == "design-based").all()
    assert (estimator[balanced < 5] == "human codes only").all()
    few = overall[balanced.between(5, 9) & (estimator == "design-based")]
    assert (few["share_hi"] - few["share_lo"] < few["human_only_hi"] - few["human_only_lo"]).all()
    assert set(estimator[balanced.between(5, 9)]) <= {"design-based", "human codes only"}
    # No theme reads 100% because of how the exports were cut: the largest true share is 37%.
    assert overall["share"].max() < 0.6
    covered = (overall["share_lo"] <= truth) & (truth <= overall["share_hi"])
    print(
        pd.DataFrame(
            {
                "truth": truth.round(3),
                "estimate": overall["share"],
                "low": overall["share_lo"],
                "high": overall["share_hi"],
                "estimator": overall["estimator"],
                "machine": overall["machine_share"],
                "covered": covered,
            }
        )
    )
    print(
        "mean absolute error: estimate",
        (overall["share"] - truth).abs().mean().round(4),
        "machine",
        (overall["machine_share"] - truth).abs().mean().round(4),
    )
    assert covered.mean() >= 0.9, covered[~covered]


def test_patient_survey_group_estimates_cover_the_truth(project):
    """By area and by quarter: 160 more intervals, partially pooled or, for the rarer themes, resting on the
    human codes alone."""
    rows = []
    for by, table in [("place", "prevalence_by_place.csv"), ("wave", "prevalence_by_wave.csv")]:
        estimated = pd.read_csv(project / "data/processed/tables" / table)
        truth = true_shares(project, by).stack().rename("truth").reset_index().rename(columns={by: "group"})
        merged = estimated.rename(columns={by: "group"}).merge(truth, on=["group", "theme_id"])
        rows.append(merged)
    merged = pd.concat(rows)
    assert len(merged) == (3 + 5) * 20
    covered = (merged["share_lo"] <= merged["truth"]) & (merged["truth"] <= merged["share_hi"])
    print(merged.groupby("estimator").size().to_dict(), covered.mean())
    assert covered.mean() >= 0.9


def test_patient_survey_report_counts_respondents(project):
    text = report_text(project)
    assert "draws on 596 units — 596 responses to 5 survey exports — from 3 places over 5 waves" in text
    assert "coded 120 of the units in full, drawn at random within each place and wave" in text
    findings = json.loads((project / "data/processed/findings.json").read_text())
    assert findings["design"]["kind"] == "probability sample" and findings["design"]["sampled_and_coded"] == 120
