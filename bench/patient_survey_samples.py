"""The estimates against a known truth over several samples, through the whole workflow: the patient
survey design (tests/data/patient_survey), as its end-to-end test runs it once.

    python bench/patient_survey_samples.py [--samples 8] [--rules 10/10 5/5 10/5]

For each sample (``sampling.seed`` 1, 2, …), in a scratch copy of the project: ``make sample``'s rule
draws 120 of the 596 respondents, the coding sheet is filled from truth.csv as a careful reference
coder would, and the workflow runs to the unit scores. The shares are then estimated as
``synthesise`` estimates them, once per rule T/A: ``synthesis.estimation.min_coded_positives`` T (below
it, a theme's shares rest on the human codes alone) and ``min_coded_positives_adjusted`` A (from A
coded positives up to T, the correction is kept with a missed and a false positive added to its
variance; A = T: off), and each theme's interval is scored against its
true share over all respondents. Unlike the simulation's coder, the workflow's coder learns each
theme from four fixed wordings, so a sample whose few positives hold none of a wording never sees the
machine miss it: the errors that make a variance from few positives too small. Results go to
bench/results/patient_survey_samples.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.bench_ingest import machine  # noqa: E402
from qualsynth.coding.sampling import read_batch_strata, read_register  # noqa: E402
from qualsynth.coding.sheet import SHEET_COLUMNS  # noqa: E402
from qualsynth.coding.steps import read_codebook  # noqa: E402
from qualsynth.settings import load_settings  # noqa: E402
from qualsynth.synthesis.design import sample_design  # noqa: E402
from qualsynth.synthesis.estimates import Estimates  # noqa: E402
from tests.e2e.test_patient_survey_workflow import CONFIG, DESIGN, true_shares, truth_by_passage  # noqa: E402
from tests.workflow import copy_project, snakemake  # noqa: E402

SIZE = 120


def coded_sample(project: Path, seed: int) -> None:
    """Draw the sample with ``seed``, fill its sheet from the truth, and run the workflow to the unit scores."""
    sampling = f"sampling={{size: {SIZE}, drawn_on: 2026-04-01, seed: {seed}, strata: [place, wave]}}"
    drawn = snakemake(project, *CONFIG, "--config", sampling, "--", "draw_sample")
    if drawn.returncode != 0:
        raise SystemExit(f"draw_sample failed:\n{drawn.stderr[-3000:]}")
    book = load_workbook(project / "data/processed/sample/batch-01/coding_sheet_batch-01.xlsx")
    coding, truth = book["coding"], truth_by_passage(project)
    segment, themes = SHEET_COLUMNS.index("segment_id") + 1, SHEET_COLUMNS.index("theme_ids") + 1
    for row in range(2, coding.max_row + 1):
        coding.cell(row=row, column=themes, value=truth[coding.cell(row=row, column=segment).value])
    folder = project / DESIGN / "raw/human_codes"
    folder.mkdir()
    book.save(folder / "batch-01_A.xlsx")
    built = snakemake(project, *CONFIG, "--config", sampling, "--", "data/processed/unit_scores.parquet")
    if built.returncode != 0:
        raise SystemExit(f"the workflow failed:\n{built.stderr[-3000:]}")


def estimates(project: Path, threshold: int, adjusted: int) -> Estimates:
    """The estimates ``synthesise`` would make, with ``min_coded_positives`` at ``threshold`` and
    ``min_coded_positives_adjusted`` at ``adjusted``."""
    settings = load_settings(yaml.safe_load((project / DESIGN / "config.yaml").read_text(encoding="utf-8")))
    estimation = dataclasses.replace(
        settings.synthesis.estimation, min_coded_positives=threshold, min_coded_positives_adjusted=adjusted
    )
    processed = project / "data/processed"
    units = pd.read_parquet(processed / "units.parquet")
    coded = pd.read_parquet(processed / "coded_units.parquet")
    register = project / DESIGN / "raw" / settings.sampling.register
    design = sample_design(
        units,
        read_register(register),
        set(coded.loc[coded["complete"], "unit_id"]),
        settings.sampling.strata,
        batch_strata=read_batch_strata(register),
    )
    book = read_codebook(project / DESIGN / "codebook.yaml", ROOT / "workflow/schemas/codebook.schema.yaml")
    segments = pd.read_parquet(processed / "segments.parquet")
    return Estimates(design, pd.read_parquet(processed / "unit_scores.parquet"), units, segments, book, estimation)


def scored(project: Path, seed: int, rules: list[tuple[int, int]]) -> list[dict[str, object]]:
    truth = true_shares(project)
    coded = pd.read_parquet(project / "data/processed/unit_scores.parquet").query("role == '' and human == human")
    positives = coded.groupby("theme_id")["human"].sum()
    rows = []
    for threshold, adjusted in rules:
        for row in estimates(project, threshold, adjusted).prevalence().itertuples(index=False):
            real = float(truth[row.theme_id])
            rows.append(
                {
                    "sample": seed,
                    "rule": f"{threshold}/{adjusted}",
                    "theme_id": row.theme_id,
                    "coded_positives": int(positives[row.theme_id]),
                    "estimator": row.estimator,
                    "truth": round(real, 4),
                    "share": row.share,
                    "low": row.share_lo,
                    "high": row.share_hi,
                    "covered": bool(row.share_lo - 1e-9 <= real <= row.share_hi + 1e-9),
                }
            )
    return rows


def summary(rows: pd.DataFrame) -> list[dict[str, object]]:
    """Coverage and mean width by rule: in all, by estimator, and for the themes with 5–9 coded positives."""
    out = []
    rows = rows.assign(width=rows["high"] - rows["low"])
    for rule, at in rows.groupby("rule", sort=False):
        few = at[at["coded_positives"].between(5, 9)]
        for label, group in [("all", at), *at.groupby("estimator"), ("themes with 5–9 coded positives", few)]:
            out.append(
                {
                    "rule": rule,
                    "intervals": label,
                    "count": len(group),
                    "coverage": round(float(group["covered"].mean()), 3),
                    "mean_width": round(float(group["width"].mean()), 4),
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--rules", nargs="+", default=["10/10", "5/5", "10/5"], help="min_coded_positives/adjusted")
    args = parser.parse_args()
    rules = [tuple(int(v) for v in r.split("/")) for r in args.rules]
    started = time.perf_counter()
    rows: list[dict[str, object]] = []
    for seed in range(1, args.samples + 1):
        with tempfile.TemporaryDirectory() as scratch:
            project = copy_project(Path(scratch) / "project")
            coded_sample(project, seed)
            rows += scored(project, seed, rules)
        print(f"sample {seed} of {args.samples} scored", flush=True)
    table = pd.DataFrame(rows)
    results = {
        "machine": machine(),
        "samples": args.samples,
        "coded": SIZE,
        "seconds": round(time.perf_counter() - started, 1),
        "summary": summary(table),
        "intervals": rows,
    }
    (ROOT / "bench/results/patient_survey_samples.json").write_text(json.dumps(results, indent=2) + "\n")
    for r in results["summary"]:
        print(r)


if __name__ == "__main__":
    main()
