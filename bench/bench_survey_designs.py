"""The product's estimates on survey designs written by someone who never saw the code.

    python bench/bench_survey_designs.py dev|heldout|heldout2|heldout3 [--draws 40] [--coded 0.3]

Each design (bench/survey_designs/<name>: respondents with their place, wave, answer length and keyword
hits per theme; the true codes apart; a coder whose error rates differ by place and wave) is sampled
``--draws`` times as ``make sample`` draws (stratified by place and wave); each draw runs the product's
path (qualsynth.synthesis.simulation.estimates) and is scored against the true codes: coverage of the
shares by place and by place × wave and of each place's first-to-last-wave change, and the directions
stated with the wrong sign or a true change under 2 points. ``dev`` was used while building the
estimators; ``heldout`` was not, and ``heldout2`` (a third population from the same generator, its
``heldout`` preset with seed 31337) was drawn after the estimators were settled; ``heldout3`` (seed
40427) after a later change to how a group's sampling variance is sized. Writes bench/results/survey_design_<name>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import machine  # noqa: E402

from qualsynth.synthesis.simulation import SMALL_CHANGE, Population, Tally, estimates, score  # noqa: E402


def load(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray, list[str]]:
    respondents = pd.read_csv(folder / "respondents.csv", dtype={"place": str, "wave": str})
    truth = pd.read_csv(folder / "truth.csv").set_index("unit_id").loc[respondents["unit_id"]]
    themes = [c.removeprefix("hits_") for c in respondents.columns if c.startswith("hits_")]
    units = respondents[["unit_id", "place", "wave"]].assign(
        doc_id=respondents["unit_id"], method="survey", source="survey"
    )
    segments = units.assign(
        segment_id=units["unit_id"] + "-1",
        participant_id=units["unit_id"],
        role="respondent",
        is_participant=True,
        n_words=respondents["words"],
    )
    hits = respondents[[f"hits_{t}" for t in themes]].to_numpy(dtype=float)
    return units, segments, truth[[f"y_{t}" for t in themes]].to_numpy(dtype=int), hits, themes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("design", choices=["dev", "heldout", "heldout2", "heldout3"])
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--coded", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    units, segments, truth, hits, themes = load(ROOT / "bench/survey_designs" / args.design)
    waves = sorted(units["wave"].unique())
    started = time.perf_counter()
    tallies: dict[tuple[str, str], Tally] = {}
    stated = wrong_sign = small = 0
    for draw in range(args.draws):
        found = estimates(Population(units, segments, truth, hits), args.coded, args.seed + draw)
        shares, directions = score(units, truth, found, waves)
        for quantity, estimator, estimate, low, high, real, _, bounded in shares:
            if estimate == estimate:
                tallies.setdefault((quantity, estimator), Tally()).add(estimate, low, high, real, bounded)
                tallies.setdefault((quantity, "all"), Tally()).add(estimate, low, high, real, bounded)
        for direction, real in directions:
            if direction in ("rose", "fell"):
                stated += 1
                wrong_sign += int(real != 0 and (real > 0) != (direction == "rose"))
                small += int(abs(real) < SMALL_CHANGE)
    results = {
        "machine": machine(),
        "design": args.design,
        "respondents": len(units),
        "places": int(units["place"].nunique()),
        "waves": waves,
        "themes": len(themes),
        "draws": args.draws,
        "coded_share": args.coded,
        "seconds": round(time.perf_counter() - started, 1),
        "coverage": [{"quantity": q, "estimator": e, **t.summary()} for (q, e), t in tallies.items()],
        "directions_stated": stated,
        "wrong_sign": wrong_sign,
        "true_change_under_2_points": small,
        "false_share": round((wrong_sign + small) / stated, 4) if stated else 0.0,
    }
    out = ROOT / "bench/results" / f"survey_design_{args.design}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "machine"}, indent=1))


if __name__ == "__main__":
    main()
