"""The earlier coder on the blind designs, for comparison: the calibration over keyword hits and length
alone (pooled over themes), with the human codes alone below 10 coded positives, as qualsynth had it at
commit 443f5bc, run through that commit's own simulation path on the designs' unit-level aggregates
(the same samples as bench/bench_coder_designs.py: the same seeds and stratified draw).

    git worktree add /tmp/qualsynth-443f5bc 443f5bc
    python bench/coder_baseline.py /tmp/qualsynth-443f5bc dev_survey|heldout_survey|heldout_interview CODED DRAWS

Prints one JSON line; bench/results/coder_baseline.json keeps the three designs' lines.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

OLD = sys.argv.pop(1)
sys.path.insert(0, f"{OLD}/src")
import qualsynth  # noqa: E402
from qualsynth.coding.codebook import load_codebook  # noqa: E402
from qualsynth.coding.rules import rules_codes  # noqa: E402
from qualsynth.config import load_schema  # noqa: E402
from qualsynth.synthesis.simulation import estimates  # noqa: E402

assert qualsynth.__file__.startswith(OLD), qualsynth.__file__


def main() -> None:
    name, coded, draws = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    folder = Path(__file__).resolve().parent / "coder_designs" / name
    units = pd.read_csv(folder / "units.csv", dtype=str)
    units = units.assign(doc_id=units["unit_id"], source=units["method"])
    passages = pd.read_csv(folder / "passages.csv", dtype={"unit_id": str}, keep_default_na=False)
    said = passages[passages["speaker"] == "participant"].assign(is_participant=True)
    book = load_codebook(folder / "codebook.yaml", load_schema(Path(OLD) / "workflow/schemas/codebook.schema.yaml"))
    themes = [t.id for t in book.themes]
    rules = rules_codes(said, book.themes)
    index = {u: i for i, u in enumerate(units["unit_id"])}
    unit_of = dict(zip(said["segment_id"], said["unit_id"]))
    hits = np.zeros((len(units), len(themes)))
    for segment_id, theme_id, score in zip(rules["segment_id"], rules["theme_id"], rules["score"]):
        hits[index[unit_of[segment_id]], themes.index(theme_id)] += score
    truth = np.zeros((len(units), len(themes)), dtype=int)
    codes = pd.read_csv(folder / "truth.csv", dtype=str)
    for segment_id, theme_id in zip(codes["segment_id"], codes["theme_id"]):
        truth[index[unit_of[segment_id]], themes.index(theme_id)] = 1
    words = said.assign(n=said["text"].str.split().str.len()).groupby("unit_id")["n"].sum()
    segments = units.assign(
        segment_id=units["unit_id"] + "-1",
        participant_id=units["unit_id"],
        role="respondent",
        is_participant=True,
        n_words=words.reindex(units["unit_id"]).fillna(0).astype(int).to_numpy(),
    )
    gains, covered, total = [], 0, 0
    real = truth.mean(axis=0)
    for k in range(draws):
        found = estimates(units, segments, truth, hits, coded, 20261207 + k).prevalence()
        human = found["human_only_hi"] - found["human_only_lo"]
        width = found["share_hi"] - found["share_lo"]
        gains.append(float(np.median(np.where(found["estimator"] == "design-based", (human / width) ** 2, 1.0))))
        # The old path names its themes t1, t2… in codebook order.
        bounds = zip(found["theme_id"], found["share_lo"], found["share_hi"])
        covered += sum(lo - 1e-9 <= real[int(t[1:]) - 1] <= hi + 1e-9 for t, lo, hi in bounds)
        total += len(found)
    print(
        json.dumps(
            {
                "design": name,
                "coded_share": coded,
                "draws": draws,
                "median_gain": round(float(np.median(gains)), 3),
                "coverage_overall": round(covered / total, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
