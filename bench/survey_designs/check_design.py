#!/usr/bin/env python3
"""Sanity checks for a design written by make_survey.py.

    python check_design.py dev [--verbose]

Asserts the structural requirements and prints a summary.  With --verbose it
also prints realised truth shares and first->last changes (spoilers!).
"""
import json
import sys

import numpy as np
import pandas as pd

d = sys.argv[1]
verbose = "--verbose" in sys.argv
R = pd.read_csv(f"{d}/respondents.csv")
T = pd.read_csv(f"{d}/truth.csv")
TH = pd.read_csv(f"{d}/themes.csv")
D = json.load(open(f"{d}/design.json"))

tids = list(TH.theme_id)
places, waves = D["places"], D["waves"]
assert list(R.columns) == ["unit_id", "place", "wave", "words"] + [f"hits_{t}" for t in tids]
assert list(T.columns) == ["unit_id"] + [f"y_{t}" for t in tids]
assert (R.unit_id == T.unit_id).all() and R.unit_id.is_unique
assert 400 <= len(R) <= 1200, len(R)
assert 6 <= len(places) <= 10 and 2 <= len(waves) <= 3 and 8 <= len(tids) <= 15
assert R.isna().sum().sum() == 0 and T.isna().sum().sum() == 0
assert R.words.between(5, 150).all()
H = R[[f"hits_{t}" for t in tids]].to_numpy()
Y = T[[f"y_{t}" for t in tids]].to_numpy()
assert (H >= 0).all() and set(np.unique(Y)) <= {0, 1}
cs = R.groupby(["place", "wave"]).size().unstack()
assert cs.notna().all().all() and cs.shape == (len(places), len(waves))
assert cs.min().min() >= 5 and cs.max().max() <= 60
assert (cs <= 10).sum().sum() >= 2 and (cs >= 40).sum().sum() >= 2
for pl in places:
    for w in waves:
        assert cs.loc[pl, w] == D["cell_sizes"][pl][w]

print(f"{d}: n={len(R)} places={len(places)} waves={len(waves)} themes={len(tids)}")
print(f"cells: min={cs.min().min()} max={cs.max().max()} "
      f"n<=10: {(cs <= 10).sum().sum()}  n>=40: {(cs >= 40).sum().sum()}  of {cs.size}")
print(cs.loc[places, waves].to_string())
vals, cnt = np.unique(H, return_counts=True)
print("hits value distribution:", dict(zip(vals.tolist(), cnt.tolist())))
print("words: min/median/max", R.words.min(), R.words.median(), R.words.max())
print("corr(words, total hits) = %.2f" % np.corrcoef(R.words, H.sum(1))[0, 1])

# overall machine quality per theme (pooled)
rows = []
for k, t in enumerate(tids):
    y, h = Y[:, k], H[:, k] > 0
    rows.append(dict(theme=t, overall_share=round(y.mean(), 3), machine_share=round(h.mean(), 3),
                     sens=round(h[y == 1].mean(), 2), fpr=round(h[y == 0].mean(), 2),
                     sens_range=None, fpr_range=None))
    rr = D["realised_machine_rates_by_place"][t]
    s = [v["sens"] for v in rr.values() if v["sens"] is not None and v["n_pos"] >= 5]
    f = [v["fpr"] for v in rr.values() if v["fpr"] is not None and v["n_neg"] >= 5]
    rows[-1]["sens_range"] = f"{min(s):.2f}-{max(s):.2f}" if s else "-"
    rows[-1]["fpr_range"] = f"{min(f):.2f}-{max(f):.2f}" if f else "-"
Q = pd.DataFrame(rows)
if verbose:
    print(Q.to_string(index=False))
    df = pd.concat([R[["place", "wave"]], T.drop(columns="unit_id")], axis=1)
    sh = df.groupby(["place", "wave"]).mean()
    for t in tids:
        s = sh[f"y_{t}"].unstack()
        ch = (s[waves[-1]] - s[waves[0]]).round(3)
        print(t, "realised first->last change by place:", ch.to_dict())
else:
    print(Q[["theme", "sens", "fpr", "sens_range", "fpr_range"]].to_string(index=False))
print("all checks passed")
