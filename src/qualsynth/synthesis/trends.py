"""What changed over the waves, where places differ, and which work came first (rule ``synthesise``).

Changes and gaps are differences of two estimated shares (:mod:`qualsynth.estimates`), their
intervals from the variance of the difference: the two groups' own uncertainty and, where both lean
on the same coded units, their covariance.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import Any

import numpy as np
import pandas as pd

from qualsynth.synthesis.estimates import CHANGE_COLUMNS, Estimates, family_directions


def wave_change(estimates: Estimates, wave_order: Sequence[str], where: dict[str, Any] | None = None) -> pd.DataFrame:
    """Change in each theme's share of units from the first to the last wave with units."""
    return estimates.change(wave_order, where)


def wave_change_by_place(
    estimates: Estimates, wave_order: Sequence[str], places: Sequence[str], people: dict[tuple[str, str], int]
) -> pd.DataFrame:
    """:func:`wave_change` within each place, with the participants of the smaller of its two waves
    (``people``: (place, wave) → participants), which disclosure control reads."""
    return wave_change_within(estimates, wave_order, "place", places, people)


def wave_change_by_source(
    estimates: Estimates, wave_order: Sequence[str], sources: Sequence[str], people: dict[tuple[str, str], int]
) -> pd.DataFrame:
    """:func:`wave_change` within documents and within survey responses: a transcript and a one-line answer are
    different bases, so where both exist each is read on its own."""
    return wave_change_within(estimates, wave_order, "source", sources, people)


def wave_change_within(
    estimates: Estimates,
    wave_order: Sequence[str],
    column: str,
    groups: Sequence[str],
    people: dict[tuple[str, str], int],
) -> pd.DataFrame:
    """:func:`wave_change` within each group of ``column``, every theme in every group one family."""
    frames = []
    for group in groups:
        change = wave_change(estimates, wave_order, {column: group})
        if change.empty:
            continue
        first, last = change["first_wave"].iloc[0], change["last_wave"].iloc[0]
        change.insert(0, column, group)
        change["participants"] = min(people.get((group, first), 0), people.get((group, last), 0))
        frames.append(change)
    if not frames:
        return pd.DataFrame(columns=[column, *CHANGE_COLUMNS, "participants"])
    # Every theme in every group is one family: a report that scans them all for changes finds some by chance.
    return family_directions(pd.concat(frames, ignore_index=True))


def place_divergence(estimates: Estimates, by_place: pd.DataFrame) -> pd.DataFrame:
    """For each theme, the gap in estimated share between the places raising it most and least, with
    the interval of that difference, ranked from the widest gap.
    The two places are picked by their estimates, so the gap's interval is simultaneous over every pair
    of the places shown (Bonferroni): it holds for whichever pair comes out highest and lowest."""
    # A suppressed cell takes no part, nor a place whose share could not be estimated.
    shown = by_place[~by_place.get("suppressed", pd.Series(False, index=by_place.index)).astype(bool)]
    shown = shown[shown["share"].notna()]
    rows = []
    for theme in estimates.codebook.themes:
        group = shown[shown["theme_id"] == theme.id].sort_values(["share", "place"], ascending=[False, True])
        if len(group) < 2:
            continue
        high, low = group.iloc[0], group.iloc[-1]
        gap = estimates.gap(theme.id, "place", high["place"], low["place"], pairs=len(group) * (len(group) - 1) // 2)
        rows.append(
            {
                "theme_id": theme.id,
                "highest_place": high["place"],
                "highest_share": high["share"],
                "lowest_place": low["place"],
                "lowest_share": low["share"],
                "gap": round(float(high["share"] - low["share"]), 4),
                "gap_lo": round(gap.low, 4),
                "gap_hi": round(gap.high, 4),
                "estimator": gap.method,
                "clear": bool(gap.method != "uncorrected" and (gap.low > 0 or gap.high < 0)),
                "places": len(group),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "theme_id",
            "highest_place",
            "highest_share",
            "lowest_place",
            "lowest_share",
            "gap",
            "gap_lo",
            "gap_hi",
            "estimator",
            "clear",
            "places",
        ],
    )
    out = out.sort_values(["gap", "theme_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def first_salient_waves(
    by_place_wave: pd.DataFrame,
    wave_order: Sequence[str],
    salience: float,
    stages: dict[str, Sequence[str]],
) -> pd.DataFrame:
    """For each place and theme, the first wave in which the theme is salient: its estimated share of
    the place's units in the wave reaches ``salience`` of its highest share in the place in any wave
    (a theme never raised in the place is never salient). Relative to the place's own peak, because
    a place's units mix long documents and one-line survey responses, and an absolute share would
    depend on that mix more than on when the theme rose. ``stages`` names the themes of each stage
    of the work (e.g. early and later); themes in no stage are listed with an empty stage."""
    columns = ["place", "theme_id", "stage", "first_salient_wave", "first_salient_index"]
    if not len(by_place_wave):
        return pd.DataFrame(columns=columns)
    stage_of = {theme: stage for stage, themes in stages.items() for theme in themes}
    index = {w: i for i, w in enumerate(wave_order)}
    # Whole columns at once, not a frame per place and theme: 600 places × 32 themes took 23 s that way.
    keys = [by_place_wave["place"], by_place_wave["theme_id"]]
    peak = by_place_wave["share"].groupby(keys, sort=True).transform("max")
    salient = (by_place_wave["share"] >= salience * peak) & (peak > 0)
    first = by_place_wave["wave"].map(index).where(salient).groupby(keys, sort=True).min()
    found = first.notna().to_numpy()
    position = first.fillna(0).astype(int).to_numpy()
    return pd.DataFrame(
        {
            "place": first.index.get_level_values(0),
            "theme_id": first.index.get_level_values(1),
            "stage": [stage_of.get(t, "") for t in first.index.get_level_values(1)],
            "first_salient_wave": [wave_order[i] if f else "" for i, f in zip(position, found)],
            "first_salient_index": [int(i) + 1 if f else float("nan") for i, f in zip(position, found)],
        },
        columns=columns,
    )


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


def sequencing_summary(order: pd.DataFrame, salience: float, stages: dict[str, Sequence[str]]) -> dict[str, Any]:
    """How many places had the early work first, at the same time, or after the later work."""
    counts = order["order"].value_counts()
    return {
        "salience": salience,
        "early_themes": list(stages.get("early", [])),
        "later_themes": list(stages.get("later", [])),
        "places": int(len(order)),
        **{
            f"places_{name.replace(' ', '_')}": int(counts.get(name, 0))
            for name in (
                "early first",
                "same wave",
                "later first",
                "early not salient",
                "later not salient",
                "undetermined",
            )
        },
        "early_first_places": sorted(order.loc[order["order"] == "early first", "place"]),
    }
