"""Survey rating items: how far respondents agree, overall and by wave (rule ``synthesise``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

LIKERT_COLUMNS = ["item", "question", "respondents", "mean", "share_agree", "share_agree_lo", "share_agree_hi"]


def likert_summary(
    likert: pd.DataFrame,
    scale: Mapping[str, int],
    by: Sequence[str] = (),
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean rating and share agreeing (a value above the scale's midpoint) for each item, within
    each group of ``by``, with a 95% interval from resampling respondents. No rating answer (an inquiry
    without a survey, or a survey without rating questions): no row."""
    columns = ["item", "question", *by, *LIKERT_COLUMNS[2:]]
    if likert.empty or not scale:
        return pd.DataFrame(columns=columns)
    # Each answer against its own export's scale where the table records it, else the config's one scale.
    midpoint = likert["midpoint"] if "midpoint" in likert else (min(scale.values()) + max(scale.values())) / 2
    likert = likert.assign(agrees=(likert["value"] > midpoint).astype(float))
    rng = np.random.default_rng(seed)
    rows = []
    keys = ["item", "question", *by]
    for key, group in likert.groupby(keys, sort=True):
        agree = group["agrees"].to_numpy(dtype=float)[:, None]
        low, high = percentile_interval(bootstrap_shares(agree, n_bootstrap, rng))
        rows.append(
            {
                **dict(zip(keys, key)),
                "respondents": int(group["respondent"].nunique()),
                "mean": round(float(group["value"].mean()), 4),
                "share_agree": round(float(agree.mean()), 4),
                "share_agree_lo": low[0],
                "share_agree_hi": high[0],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def likert_findings(overall: pd.DataFrame, by_wave: pd.DataFrame, wave_order: Sequence[str]) -> dict[str, object]:
    """The items with the lowest and highest share agreeing, and each item's first-to-last-wave change."""
    if overall.empty:
        return {"items": 0}

    def item(row: pd.Series) -> dict[str, object]:
        return {
            "item": row["item"],
            "question": row["question"],
            "respondents": int(row["respondents"]),
            "share_agree": float(row["share_agree"]),
            "share_agree_lo": float(row["share_agree_lo"]),
            "share_agree_hi": float(row["share_agree_hi"]),
            "mean": float(row["mean"]),
        }

    ranked = overall.sort_values(["share_agree", "item"], kind="stable")
    lowest, highest = ranked.iloc[0], ranked.iloc[-1]
    present = [w for w in wave_order if w in set(by_wave["wave"])]
    change, intervals = {}, {}
    z = bonferroni_z(len(overall))
    for name, group in by_wave.groupby("item", sort=True):
        shares = group.set_index("wave")
        # Each item from its own first to its own last wave with answers, as the findings read it.
        answered = [
            w for w in present if w in shares.index and shares.loc[w, "share_agree"] == shares.loc[w, "share_agree"]
        ]
        if len(answered) >= 2:
            moved = rating_change(shares.loc[answered[0]], shares.loc[answered[-1]], z)
            change[name] = moved[0]
            intervals[name] = dict(zip(("change", "change_lo", "change_hi"), moved))
    return {
        "items": int(len(overall)),
        "lowest": item(lowest),
        "highest": item(highest),
        # A ranking is stated only where the item's interval clears every other item's.
        "lowest_clear": bool(len(ranked) > 1 and lowest["share_agree_hi"] < ranked.iloc[1:]["share_agree_lo"].min()),
        "highest_clear": bool(len(ranked) > 1 and highest["share_agree_lo"] > ranked.iloc[:-1]["share_agree_hi"].max()),
        "change_first_to_last_wave": change,
        "changes": intervals,
    }


def bonferroni_z(items: int) -> float:
    """The normal quantile of a 95% interval that holds together over ``items`` intervals (Bonferroni)."""
    return float(stats.norm.ppf(1 - 0.025 / max(items, 1)))


def wilson(share: float, n: int, z: float) -> tuple[float, float]:
    """Wilson's score interval for a share of ``n`` at the normal quantile ``z``: honest at 0% and 100%."""
    if n <= 0:
        return float("nan"), float("nan")
    scale = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / scale
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / scale
    return max(0.0, centre - half), min(1.0, centre + half)


def rating_change(first: pd.Series, last: pd.Series, z: float) -> tuple[float, float, float]:
    """The change in share agreeing from one wave's respondents to another's, with Newcombe's hybrid score
    interval (1998, method 10: MOVER from the two waves' Wilson intervals at ``z``). Independent samples; a wave
    where all or none agree is not taken as known exactly, as a bootstrap interval of zero width would be."""
    p1, p2 = float(first["share_agree"]), float(last["share_agree"])
    l1, u1 = wilson(p1, int(first["respondents"]), z)
    l2, u2 = wilson(p2, int(last["respondents"]), z)
    change = p2 - p1
    low = change - np.hypot(p2 - l2, u1 - p1)
    high = change + np.hypot(u2 - p2, p1 - l1)
    return round(change, 4), round(float(max(low, -1.0)), 4), round(float(min(high, 1.0)), 4)


def bootstrap_shares(raised: np.ndarray, n_bootstrap: int, rng: np.random.Generator) -> np.ndarray:
    """Each theme's share of documents in ``n_bootstrap`` resamples of the rows (documents)."""
    n = raised.shape[0]
    if n == 0:
        return np.full((n_bootstrap, raised.shape[1]), np.nan)
    weights = rng.multinomial(n, np.full(n, 1 / n), size=n_bootstrap)
    return weights @ raised / n


def percentile_interval(replicates: np.ndarray) -> tuple[list[float], list[float]]:
    """The 2.5th and 97.5th percentiles of each column, rounded as the tables are."""
    if np.isnan(replicates).all():
        return [float("nan")] * replicates.shape[1], [float("nan")] * replicates.shape[1]
    low, high = np.percentile(replicates, [2.5, 97.5], axis=0)
    return [round(float(v), 4) for v in low], [round(float(v), 4) for v in high]
