"""What changed over the waves, where places differ, and which work came first (rule ``synthesise``).

Every interval here is a 95% percentile interval from resampling documents within each group
(each wave, each place) independently, so a difference between two groups carries the
uncertainty of both.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import Any

import numpy as np
import pandas as pd

from qualsynth.codebook import Codebook
from qualsynth.synthesis import bootstrap_shares, percentile_interval, raised_matrix

CHANGE_COLUMNS = ["theme_id", "first_wave", "last_wave", "share_first", "share_last", "change",
                  "change_lo", "change_hi", "direction"]


def direction(change: float) -> str:
    """'rose', 'fell' or 'did not change', from the point estimate; the interval says how sure."""
    return "rose" if change > 0 else "fell" if change < 0 else "did not change"


def wave_change(
    segments: pd.DataFrame, codes: pd.DataFrame, codebook: Codebook, wave_order: Sequence[str],
    n_bootstrap: int = 1000, seed: int = 0, where: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Change in each theme's share of documents from the first to the last wave with data.

    ``where`` narrows to a group first (e.g. ``{"place": "Eastmoor"}``). The interval resamples
    the first wave's documents and the last wave's documents separately.
    """
    said, coded = _participant_codes(segments, codes, where or {})
    present = [w for w in wave_order if w in set(said["wave"])]
    themes = [t.id for t in codebook.themes]
    if len(present) < 2:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    first, last = present[0], present[-1]
    rng = np.random.default_rng(seed)
    raised_first = raised_matrix(said.loc[said["wave"] == first, "doc_id"], coded[coded["wave"] == first], themes)
    raised_last = raised_matrix(said.loc[said["wave"] == last, "doc_id"], coded[coded["wave"] == last], themes)
    low, high = percentile_interval(bootstrap_shares(raised_last, n_bootstrap, rng)
                                    - bootstrap_shares(raised_first, n_bootstrap, rng))
    share_first, share_last = raised_first.mean(axis=0), raised_last.mean(axis=0)
    rows = []
    for j, theme in enumerate(themes):
        change = round(float(share_last[j] - share_first[j]), 4)
        rows.append({"theme_id": theme, "first_wave": first, "last_wave": last,
                     "share_first": round(float(share_first[j]), 4), "share_last": round(float(share_last[j]), 4),
                     "change": change, "change_lo": low[j], "change_hi": high[j], "direction": direction(change)})
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def wave_change_by_place(
    segments: pd.DataFrame, codes: pd.DataFrame, codebook: Codebook, wave_order: Sequence[str],
    n_bootstrap: int = 1000, seed: int = 0, min_cell_size: int = 1,
) -> pd.DataFrame:
    """:func:`wave_change` within each place. A place whose first or last wave rests on fewer than
    ``min_cell_size`` participants is left out (disclosure control), and counted as suppressed."""
    said = segments[segments["is_participant"]]
    frames = []
    for place in sorted(set(said["place"])):
        here = said[said["place"] == place]
        change = wave_change(segments, codes, codebook, wave_order, n_bootstrap, seed, {"place": place})
        if change.empty:
            continue
        people = here.groupby("wave")["participant_id"].nunique()
        first, last = change["first_wave"].iloc[0], change["last_wave"].iloc[0]
        change.insert(0, "place", place)
        change["suppressed"] = bool(min(people[first], people[last]) < min_cell_size)
        frames.append(change)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["place", *CHANGE_COLUMNS])
    numbers = ["share_first", "share_last", "change", "change_lo", "change_hi"]
    out.loc[out["suppressed"], numbers] = float("nan")
    out.loc[out["suppressed"], "direction"] = ""
    return out


def place_divergence(
    segments: pd.DataFrame, codes: pd.DataFrame, codebook: Codebook, by_place: pd.DataFrame,
    n_bootstrap: int = 1000, seed: int = 0,
) -> pd.DataFrame:
    """For each theme, the gap in share of documents between the places raising it most and least,
    with an interval, ranked from the widest gap. Suppressed place cells take no part."""
    said, coded = _participant_codes(segments, codes, {})
    shown = by_place[~by_place.get("suppressed", pd.Series(False, index=by_place.index)).astype(bool)]
    rng = np.random.default_rng(seed)
    rows = []
    for theme in codebook.themes:
        group = shown[shown["theme_id"] == theme.id].sort_values(["share_docs", "place"], ascending=[False, True])
        if len(group) < 2:
            continue
        high, low = group.iloc[0], group.iloc[-1]
        replicates = [
            bootstrap_shares(raised_matrix(said.loc[said["place"] == place, "doc_id"],
                                           coded[coded["place"] == place], [theme.id]), n_bootstrap, rng)
            for place in (high["place"], low["place"])
        ]
        gap_low, gap_high = percentile_interval(replicates[0] - replicates[1])
        rows.append({"theme_id": theme.id, "highest_place": high["place"], "highest_share": high["share_docs"],
                     "lowest_place": low["place"], "lowest_share": low["share_docs"],
                     "gap": round(float(high["share_docs"] - low["share_docs"]), 4),
                     "gap_lo": gap_low[0], "gap_hi": gap_high[0], "places": len(group)})
    out = pd.DataFrame(rows, columns=["theme_id", "highest_place", "highest_share", "lowest_place", "lowest_share",
                                      "gap", "gap_lo", "gap_hi", "places"])
    out = out.sort_values(["gap", "theme_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def first_salient_waves(
    by_place_wave: pd.DataFrame, wave_order: Sequence[str], salience: float,
    stages: dict[str, Sequence[str]],
) -> pd.DataFrame:
    """For each place and theme, the first wave in which the theme is salient: raised in at least
    ``salience`` of that place's documents of the wave. ``stages`` names the themes of each stage
    of the work (e.g. early and later); themes in no stage are listed with an empty stage."""
    stage_of = {theme: stage for stage, themes in stages.items() for theme in themes}
    index = {w: i for i, w in enumerate(wave_order)}
    rows = []
    for (place, theme), group in by_place_wave.groupby(["place", "theme_id"], sort=True):
        salient = group[group["share_docs"] >= salience]
        waves = sorted(salient["wave"], key=index.__getitem__)
        rows.append({"place": place, "theme_id": theme, "stage": stage_of.get(theme, ""),
                     "first_salient_wave": waves[0] if waves else "",
                     "first_salient_index": index[waves[0]] + 1 if waves else float("nan")})
    return pd.DataFrame(rows, columns=["place", "theme_id", "stage", "first_salient_wave", "first_salient_index"])


def stage_order(first_salient: pd.DataFrame, n_waves: int, early: str = "early", later: str = "later") -> pd.DataFrame:
    """Per place, when each stage's themes became salient, and whether the early work came first.

    A stage's onset is the median over its themes of the wave (1, 2, …) in which each first became
    salient; a theme never salient counts as after the last wave (``n_waves`` + 1). A stage whose
    onset falls after the last wave is reported as not salient, not as coming second.
    """
    rows = []
    for place, group in first_salient.groupby("place", sort=True):
        onset = {}
        for stage in (early, later):
            waves = group.loc[group["stage"] == stage, "first_salient_index"].fillna(n_waves + 1)
            onset[stage] = float(median(waves)) if len(waves) else float("nan")
        if np.isnan(onset[early]) or np.isnan(onset[later]):
            order = "undetermined"
        elif onset[early] > n_waves:
            order = f"{early} not salient"
        elif onset[later] > n_waves:
            order = f"{later} not salient"
        elif onset[early] < onset[later]:
            order = "early first"
        elif onset[early] == onset[later]:
            order = "same wave"
        else:
            order = "later first"
        rows.append({"place": place, f"{early}_onset": onset[early], f"{later}_onset": onset[later], "order": order})
    return pd.DataFrame(rows, columns=["place", f"{early}_onset", f"{later}_onset", "order"])


def _participant_codes(segments: pd.DataFrame, codes: pd.DataFrame,
                       where: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    said = segments[segments["is_participant"]]
    for column, value in where.items():
        said = said[said[column] == value]
    coded = said.merge(codes[["segment_id", "theme_id"]], on="segment_id")
    return said, coded


def sequencing_summary(order: pd.DataFrame, salience: float, stages: dict[str, Sequence[str]]) -> dict[str, Any]:
    """How many places had the early work first, at the same time, or after the later work."""
    counts = order["order"].value_counts()
    return {
        "salience": salience, "early_themes": list(stages.get("early", [])),
        "later_themes": list(stages.get("later", [])), "places": int(len(order)),
        **{f"places_{name.replace(' ', '_')}": int(counts.get(name, 0)) for name in (
            "early first", "same wave", "later first", "early not salient", "later not salient", "undetermined")},
        "early_first_places": sorted(order.loc[order["order"] == "early first", "place"]),
    }
