#!/usr/bin/env python3
"""Synthetic survey population with a known truth and group-dependent machine error.

Usage:
    python make_survey.py --seed 2501 --out dev/ --preset dev
    python make_survey.py --seed 9173 --out heldout/ --preset heldout

Writes respondents.csv, truth.csv, themes.csv and design.json to --out.
Everything random comes from numpy.random.default_rng(seed); the structure
(places, waves, size classes, theme patterns, machine quality, overrides)
comes from the named preset.  Same seed + preset -> identical files.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import pandas as pd

# ---------------------------------------------------------------------------
# Global building blocks
# ---------------------------------------------------------------------------
SIZE_RANGES = {"tiny": (5, 10), "small": (11, 20), "mid": (21, 39), "large": (40, 60)}

# Machine quality profiles at the reference answer length (WORDS_REF words):
# (sensitivity range, false-positive-rate range).  "noise": fp = se - U(0, 0.05).
QUALITY = {
    "good": ((0.80, 0.95), (0.01, 0.05)),
    "ok": ((0.60, 0.80), (0.04, 0.12)),
    "weak": ((0.40, 0.55), (0.10, 0.20)),
    "noise": ((0.25, 0.35), None),
}
MISS_SE = (0.10, 0.30)   # a place where the machine misses most true cases
OVER_FP = (0.30, 0.55)   # a place where the machine over-fires
WORDS_REF = 40.0
P_MIN, P_MAX = 0.01, 0.95

# ---------------------------------------------------------------------------
# Presets (structure parameters).  Themes:
#   kind   : flat | small | rise | fall | mixed | hump
#   base   : range of first-wave prevalence per place
#   change : range of |first->last change| in changing places (probability points)
#   n_change (rise/fall/hump) or n_rise/n_fall (mixed): number of changing places
#   machine: quality profile; miss/over: number of places given MISS_SE / OVER_FP
# ---------------------------------------------------------------------------
PRESETS = {
    "dev": {
        "waves": ["W1", "W2", "W3"],
        "places": {  # place -> size class per wave
            "Tavin": ["large", "large", "large"],
            "Olmer": ["mid", "mid", "mid"],
            "Quess": ["tiny", "tiny", "small"],
            "Brinda": ["small", "mid", "large"],
            "Holvi": ["mid", "small", "tiny"],
            "Zarek": ["large", "mid", "mid"],
            "Pemby": ["small", "small", "small"],
            "Drust": ["tiny", "mid", "tiny"],
        },
        "words_median_range": (25, 60),
        "words_sigma": 0.5,
        "words_beta": 0.3,   # logit effect of log(words/40) on firing
        "words_wave_factor": {"W1": 1.0, "W2": 1.0, "W3": 1.15},
        "truth_draw": "quota",
        "themes": [
            dict(label="Cost of bus fares", kind="rise", base=(0.10, 0.30), change=(0.15, 0.35),
                 n_change=4, machine="good", miss=1, over=1),
            dict(label="Trust in the council", kind="fall", base=(0.35, 0.60), change=(0.10, 0.30),
                 n_change=3, machine="ok", miss=2, over=1),
            dict(label="Flooded cellars", kind="flat", base=(0.02, 0.06),
                 machine="good", miss=1, over=1),
            dict(label="Pride in the market", kind="small", base=(0.45, 0.70),
                 machine="ok", miss=1, over=0),
            dict(label="Noise from the quarry", kind="flat", base=(0.10, 0.25),
                 machine="noise", miss=0, over=0),
            dict(label="Young people leaving", kind="mixed", base=(0.20, 0.40), change=(0.12, 0.30),
                 n_rise=2, n_fall=2, machine="good", miss=1, over=2),
            dict(label="Clinic waiting times", kind="small", base=(0.15, 0.30),
                 machine="weak", miss=1, over=1),
            dict(label="Phone signal gaps", kind="hump", base=(0.10, 0.20), change=(0.12, 0.25),
                 n_change=5, machine="good", miss=0, over=1),
            dict(label="Shared allotments", kind="small", base=(0.02, 0.05),
                 machine="ok", miss=0, over=1),
            dict(label="Festival planning", kind="rise", base=(0.40, 0.55), change=(0.10, 0.20),
                 n_change=3, machine="ok", miss=1, over=0),
            dict(label="Stray dogs", kind="fall", base=(0.25, 0.45), change=(0.10, 0.25),
                 n_change=3, machine="ok", miss=1, over=1),
        ],
        # machine drift in the last wave: theme index (0-based), number of places,
        # parameter and the new range it is redrawn from in the last wave
        "drift": [
            dict(theme=0, n_places=1, param="se", new=(0.25, 0.35), prefer_changing=True),
        ],
        "crosstalk": [],
    },
    "heldout": {
        "waves": ["W1", "W2"],
        "places": {
            "Feln": ["large", "tiny"],
            "Rusko": ["large", "large"],
            "Mabry": ["tiny", "tiny"],
            "Ostra": ["mid", "large"],
            "Gallow": ["small", "small"],
            "Siv": ["tiny", "large"],
            "Tarn": ["mid", "mid"],
            "Wexa": ["large", "mid"],
            "Plume": ["small", "tiny"],
            "Idra": ["mid", "small"],
        },
        "words_median_range": (12, 90),   # includes a very terse and a very verbose place
        "words_sigma": 0.7,
        "words_beta": 0.6,
        # answers are ~30% shorter in W2 (new questionnaire layout), so the
        # machine fires less everywhere in W2 for reasons unrelated to truth
        "words_wave_factor": {"W1": 1.0, "W2": 0.7},
        "truth_draw": "quota",
        "themes": [
            dict(label="Rent going up", kind="rise", base=(0.10, 0.35), change=(0.20, 0.40),
                 n_change=5, machine="good", miss=2, over=1),
            dict(label="Road repairs", kind="fall", base=(0.35, 0.60), change=(0.10, 0.30),
                 n_change=4, machine="ok", miss=1, over=2),
            dict(label="Wildfire smoke", kind="flat", base=(0.02, 0.04),
                 machine="good", miss=0, over=2),
            dict(label="Lost ferry route", kind="small", base=(0.03, 0.06),
                 machine="weak", miss=0, over=1),
            dict(label="Neighbourly help", kind="flat", base=(0.50, 0.70),
                 machine="ok", miss=2, over=0),
            dict(label="Job centre visits", kind="fall", base=(0.40, 0.60), change=(0.10, 0.25),
                 n_change=3, machine="good", miss=1, over=1),
            dict(label="School meals", kind="small", base=(0.20, 0.40),
                 machine="noise", miss=0, over=0),
            dict(label="Bird watching", kind="flat", base=(0.05, 0.15),
                 machine="noise", miss=0, over=0),
            dict(label="Mould in homes", kind="mixed", base=(0.25, 0.45), change=(0.10, 0.30),
                 n_rise=3, n_fall=3, machine="ok", miss=2, over=1),
            dict(label="Heating bills", kind="rise", base=(0.30, 0.50), change=(0.10, 0.20),
                 n_change=10, machine="good", miss=1, over=0),
            dict(label="Parking fines", kind="small", base=(0.08, 0.20),
                 machine="ok", miss=1, over=1),
            dict(label="Library hours", kind="flat", base=(0.10, 0.30),
                 machine="weak", miss=1, over=1),
            dict(label="Night buses", kind="fall", base=(0.30, 0.50), change=(0.15, 0.35),
                 n_change=2, machine="good", miss=0, over=0),
            dict(label="Market stalls", kind="small", base=(0.30, 0.50),
                 machine="good", miss=3, over=0),
        ],
        "drift": [
            # keyword list goes stale: sensitivity collapses in W2 where rent rises
            dict(theme=0, n_places=1, param="se", new=(0.20, 0.30), prefer_changing=True),
            # over-firing appears in W2 where road complaints actually fall
            dict(theme=1, n_places=1, param="fp", new=(0.35, 0.50), prefer_changing=True),
            # night-bus keywords over-fire in W2 where the truth falls
            dict(theme=12, n_places=1, param="fp", new=(0.30, 0.45), prefer_changing=True),
        ],
        # hits for `target` also fire (extra prob) when `source` is truly present
        "crosstalk": [dict(target=8, source=9, extra=0.35)],
    },
}


def tid(k: int) -> str:
    return f"T{k + 1:02d}"


def logit(p):
    return np.log(p / (1 - p))


def expit(x):
    return 1 / (1 + np.exp(-x))


# ---------------------------------------------------------------------------
def plant_prevalence(rng, spec, n_places, n_waves):
    """Return (prev[place, wave], role[place]) for one theme."""
    lo, hi = spec["base"]
    p1 = rng.uniform(lo, hi, n_places)
    delta = np.zeros(n_places)
    bump = np.zeros(n_places)
    role = np.array(["flat"] * n_places, dtype=object)
    kind = spec["kind"]
    order = rng.permutation(n_places)
    if kind in ("rise", "fall"):
        idx = order[: spec["n_change"]]
        mag = rng.uniform(*spec["change"], len(idx))
        delta[idx] = mag if kind == "rise" else -mag
        role[idx] = kind
    elif kind == "mixed":
        r = order[: spec["n_rise"]]
        f = order[spec["n_rise"]: spec["n_rise"] + spec["n_fall"]]
        delta[r] = rng.uniform(*spec["change"], len(r))
        delta[f] = -rng.uniform(*spec["change"], len(f))
        role[r], role[f] = "rise", "fall"
    elif kind == "small":
        mag = rng.uniform(0.003, 0.019, n_places)
        sign = rng.choice([-1.0, 1.0], n_places)
        zero = rng.random(n_places) < 0.3
        delta = np.where(zero, 0.0, mag * sign)
        # keep rare themes from dropping under ~1.5%
        delta = np.where(p1 + delta < 0.015, np.abs(delta), delta)
        role = np.where(zero, "flat", "small")
    elif kind == "hump":
        if n_waves < 3:
            raise ValueError("hump needs 3+ waves")
        idx = order[: spec["n_change"]]
        bump[idx] = rng.uniform(*spec["change"], len(idx))
        role[idx] = "hump"
    elif kind != "flat":
        raise ValueError(kind)
    # keep the end points inside [0.02, 0.92]
    p1 = np.where(delta > 0, np.minimum(p1, 0.92 - delta), p1)
    p1 = np.where(delta < 0, np.maximum(p1, 0.03 - delta), p1)
    frac = np.arange(n_waves) / (n_waves - 1)
    prev = p1[:, None] + delta[:, None] * frac[None, :]
    if kind == "hump":
        mid = n_waves // 2
        prev[:, mid] += bump
    return np.clip(prev, P_MIN, P_MAX), role


def plant_machine(rng, spec, n_places, n_waves):
    """Return (se[place, wave], fp[place, wave], flags[place]) at WORDS_REF words."""
    se_rng, fp_rng = QUALITY[spec["machine"]]
    se = rng.uniform(*se_rng, n_places)
    if fp_rng is None:
        fp = se - rng.uniform(0.0, 0.05, n_places)
    else:
        fp = rng.uniform(*fp_rng, n_places)
    flags = np.array(["typical"] * n_places, dtype=object)
    k = spec["miss"] + spec["over"]
    chosen = rng.choice(n_places, size=k, replace=False) if k else np.array([], int)
    miss, over = chosen[: spec["miss"]], chosen[spec["miss"]:]
    se[miss] = rng.uniform(*MISS_SE, len(miss))
    fp[over] = rng.uniform(*OVER_FP, len(over))
    flags[miss], flags[over] = "misses", "over-fires"
    se_pw = np.repeat(se[:, None], n_waves, axis=1)
    fp_pw = np.repeat(fp[:, None], n_waves, axis=1)
    return se_pw, fp_pw, flags


def describe(spec, role, flags, places, waves, se, fp, crosstalk_from=None):
    lo, hi = spec["base"]
    if hi <= 0.06:
        size = f"Rare (about {lo:.0%}-{hi:.0%} of respondents)"
    elif lo >= 0.40:
        size = f"Common (about {lo:.0%}-{hi:.0%} first-wave prevalence)"
    else:
        size = f"First-wave prevalence about {lo:.0%}-{hi:.0%} by place"
    kind = spec["kind"]
    f, l = waves[0], waves[-1]
    if kind == "flat":
        pat = "with no planted change between waves in any place"
    elif kind == "small":
        pat = f"with small planted changes (under 2 points) {f}->{l} in most places and none in the rest"
    elif kind in ("rise", "fall"):
        n = int((role == kind).sum())
        where = ("in every place" if n == len(places) else
                 f"in {n} of {len(places)} places ({', '.join(p for p, r in zip(places, role) if r == kind)})"
                 " and flat elsewhere")
        pat = (f"{'rising' if kind == 'rise' else 'falling'} by {spec['change'][0] * 100:.0f}-"
               f"{spec['change'][1] * 100:.0f} points {f}->{l} {where}")
    elif kind == "mixed":
        up = ", ".join(p for p, r in zip(places, role) if r == "rise")
        dn = ", ".join(p for p, r in zip(places, role) if r == "fall")
        pat = (f"rising {spec['change'][0] * 100:.0f}-{spec['change'][1] * 100:.0f} points {f}->{l} in {up}, "
               f"falling by the same range in {dn}, flat elsewhere")
    elif kind == "hump":
        hp = ", ".join(p for p, r in zip(places, role) if r == "hump")
        pat = (f"with a temporary bump of {spec['change'][0] * 100:.0f}-{spec['change'][1] * 100:.0f} points in "
               f"the middle wave in {hp} but no {f}->{l} change")
    q = {"good": "good", "ok": "moderate", "weak": "weak", "noise": "nearly uninformative"}[spec["machine"]]
    extras = []
    m = [p for p, fl in zip(places, flags) if fl == "misses"]
    o = [p for p, fl in zip(places, flags) if fl == "over-fires"]
    if m:
        extras.append(f"misses most true cases in {', '.join(m)}")
    if o:
        extras.append(f"over-fires in {', '.join(o)}")
    drift = [places[i] for i in range(len(places))
             if not (np.allclose(se[i], se[i, 0]) and np.allclose(fp[i], fp[i, 0]))]
    if drift:
        extras.append(f"changes its error rates in {waves[-1]} in {', '.join(drift)}")
    if crosstalk_from:
        extras.append(f"also fires on many respondents who truly have {crosstalk_from}")
    mach = f"machine {q} overall" + ("; it " + " and ".join(extras) if extras else "")
    return f"{size}, {pat}; {mach}."


# ---------------------------------------------------------------------------
def generate(seed: int, preset_name: str):
    P = PRESETS[preset_name]
    rng = np.random.default_rng(seed)
    waves = list(P["waves"])
    places = list(P["places"].keys())
    nP, nW, nT = len(places), len(waves), len(P["themes"])

    # --- cell sizes --------------------------------------------------------
    sizes = np.zeros((nP, nW), dtype=int)
    for i, pl in enumerate(places):
        for w, cls in enumerate(P["places"][pl]):
            a, b = SIZE_RANGES[cls]
            sizes[i, w] = rng.integers(a, b + 1)

    # --- planted prevalences and machine error rates ----------------------
    prev = np.zeros((nT, nP, nW))
    roles, flags = [], []
    se = np.zeros((nT, nP, nW))
    fp = np.zeros((nT, nP, nW))
    for t, spec in enumerate(P["themes"]):
        prev[t], r = plant_prevalence(rng, spec, nP, nW)
        roles.append(r)
    for t, spec in enumerate(P["themes"]):
        se[t], fp[t], fl = plant_machine(rng, spec, nP, nW)
        flags.append(fl)
    drift_log = []
    for d in P["drift"]:
        t = d["theme"]
        cand = [i for i in range(nP) if roles[t][i] in ("rise", "fall")] if d["prefer_changing"] else []
        if len(cand) < d["n_places"]:
            cand = list(range(nP))
        chosen = rng.choice(cand, size=d["n_places"], replace=False)
        for i in chosen:
            new = rng.uniform(*d["new"])
            arr = se if d["param"] == "se" else fp
            old = float(arr[t, i, -1])
            arr[t, i, -1] = new
            drift_log.append(dict(theme=tid(t), place=places[i], wave=waves[-1], param=d["param"],
                                  before=round(old, 4), after=round(float(new), 4)))
    words_median = rng.uniform(*P["words_median_range"], nP)

    # --- respondents and true codes ----------------------------------------
    place_idx = np.repeat(np.arange(nP * nW) // nW, sizes.ravel())
    wave_idx = np.repeat(np.arange(nP * nW) % nW, sizes.ravel())
    n = len(place_idx)
    perm = rng.permutation(n)                    # shuffle row order
    place_idx, wave_idx = place_idx[perm], wave_idx[perm]
    Y = np.zeros((n, nT), dtype=int)
    cell = place_idx * nW + wave_idx
    for t in range(nT):
        p = prev[t, place_idx, wave_idx]
        if P["truth_draw"] == "bernoulli":
            # independent Bernoulli(p) per respondent
            Y[:, t] = (rng.random(n) < p).astype(int)
        else:
            # "quota": per cell, k = floor(n_cell * p + U) positives (stochastic
            # rounding, so E[k] = n_cell * p), placed on randomly chosen members
            for c in range(nP * nW):
                members = np.flatnonzero(cell == c)
                pc = prev[t, c // nW, c % nW]
                k = int(np.floor(len(members) * pc + rng.random()))
                Y[rng.choice(members, size=k, replace=False), t] = 1

    # --- words: place-specific lognormal, longer when more themes are present
    wave_factor = np.array([P["words_wave_factor"][w] for w in waves])
    lw = (np.log(words_median[place_idx] * wave_factor[wave_idx])
          + P["words_sigma"] * rng.standard_normal(n))
    words = np.exp(lw) * (1 + 0.08 * Y.sum(axis=1))
    words = np.clip(np.round(words), 5, 150).astype(int)

    # --- machine hits -------------------------------------------------------
    H = np.zeros((n, nT), dtype=int)
    shift = P["words_beta"] * np.log(words / WORDS_REF)
    for t in range(nT):
        s = se[t, place_idx, wave_idx]
        f = fp[t, place_idx, wave_idx]
        for ct in P["crosstalk"]:
            if ct["target"] == t:
                f = 1 - (1 - f) * (1 - ct["extra"] * Y[:, ct["source"]])
        base = np.where(Y[:, t] == 1, s, f)
        pfire = expit(logit(np.clip(base, 1e-4, 1 - 1e-4)) + shift)
        fire = rng.random(n) < pfire
        mu = np.where(Y[:, t] == 1, 0.45, 0.15) * np.sqrt(words / WORDS_REF)
        extra = np.minimum(rng.poisson(mu), 3)
        H[:, t] = np.where(fire, 1 + extra, 0)

    unit_id = [f"R{k + 1:04d}" for k in range(n)]
    tids = [tid(t) for t in range(nT)]
    resp = pd.DataFrame({"unit_id": unit_id,
                         "place": np.array(places)[place_idx],
                         "wave": np.array(waves)[wave_idx],
                         "words": words})
    for t in range(nT):
        resp[f"hits_{tids[t]}"] = H[:, t]
    truth = pd.DataFrame({"unit_id": unit_id})
    for t in range(nT):
        truth[f"y_{tids[t]}"] = Y[:, t]
    themes = pd.DataFrame({
        "theme_id": tids,
        "label": [s["label"] for s in P["themes"]],
        "description": [describe(s, roles[t], flags[t], places, waves, se[t], fp[t],
                                 next((tid(c["source"]) for c in P["crosstalk"] if c["target"] == t), None))
                        for t, s in enumerate(P["themes"])],
    })

    # realised machine rates (share with hits>0 among truly-positive / truly-negative)
    realised = {}
    for t in range(nT):
        d = {}
        for i, pl in enumerate(places):
            m = place_idx == i
            pos, neg = m & (Y[:, t] == 1), m & (Y[:, t] == 0)
            d[pl] = dict(n_pos=int(pos.sum()), n_neg=int(neg.sum()),
                         sens=None if pos.sum() == 0 else round(float((H[pos, t] > 0).mean()), 4),
                         fpr=None if neg.sum() == 0 else round(float((H[neg, t] > 0).mean()), 4))
        realised[tids[t]] = d

    design = {
        "seed": seed,
        "preset": preset_name,
        "generator": "make_survey.py (numpy default_rng)",
        "truth_draw": P["truth_draw"],
        "n_respondents": int(n),
        "places": places,
        "waves": waves,
        "cell_size_classes": P["places"],
        "size_ranges": SIZE_RANGES,
        "cell_sizes": {pl: {w: int(sizes[i, j]) for j, w in enumerate(waves)}
                       for i, pl in enumerate(places)},
        "words": {"median_by_place": {pl: round(float(words_median[i]), 2) for i, pl in enumerate(places)},
                  "log_sigma": P["words_sigma"],
                  "wave_factor": P["words_wave_factor"],
                  "multiplier": "1 + 0.08 * number of true themes",
                  "clip": [5, 150]},
        "machine_model": {
            "fire_prob": "expit(logit(r) + words_beta*log(words/40)), r = sens if y=1 else fpr",
            "words_beta": P["words_beta"],
            "hits_if_fired": "1 + min(Poisson(mu), 3), mu = (0.45 if y=1 else 0.15)*sqrt(words/40)",
            "quality_profiles": {k: {"sens": v[0], "fpr": v[1] if v[1] else "sens - U(0,0.05)"}
                                 for k, v in QUALITY.items()},
            "miss_sens_range": MISS_SE,
            "overfire_fpr_range": OVER_FP,
            "drift": drift_log,
            "crosstalk": [dict(target=tid(c["target"]), source=tid(c["source"]), extra=c["extra"])
                          for c in P["crosstalk"]],
        },
        "themes": {
            tids[t]: {
                "label": s["label"],
                "spec": {k: v for k, v in s.items() if k != "label"},
                "place_role": {pl: str(roles[t][i]) for i, pl in enumerate(places)},
                "planted_prevalence": {pl: {w: round(float(prev[t, i, j]), 4) for j, w in enumerate(waves)}
                                       for i, pl in enumerate(places)},
                "machine_flag": {pl: str(flags[t][i]) for i, pl in enumerate(places)},
                "sens_at_40_words": {pl: {w: round(float(se[t, i, j]), 4) for j, w in enumerate(waves)}
                                     for i, pl in enumerate(places)},
                "fpr_at_40_words": {pl: {w: round(float(fp[t, i, j]), 4) for j, w in enumerate(waves)}
                                    for i, pl in enumerate(places)},
            }
            for t, s in enumerate(P["themes"])
        },
        "realised_machine_rates_by_place": realised,
    }
    return resp, truth, themes, design


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--preset", choices=sorted(PRESETS), default="dev",
                    help="structure parameters (default: dev)")
    a = ap.parse_args()
    resp, truth, themes, design = generate(a.seed, a.preset)
    os.makedirs(a.out, exist_ok=True)
    resp.to_csv(os.path.join(a.out, "respondents.csv"), index=False)
    truth.to_csv(os.path.join(a.out, "truth.csv"), index=False)
    themes.to_csv(os.path.join(a.out, "themes.csv"), index=False)
    with open(os.path.join(a.out, "design.json"), "w") as fh:
        json.dump(design, fh, indent=1)
    print(f"wrote {a.out}: {len(resp)} respondents, {len(design['places'])} places, "
          f"{len(design['waves'])} waves, {len(themes)} themes")


if __name__ == "__main__":
    main()
