"""What the machine coder is worth: how much human coding its probabilities stand in for.

Per theme, on the units coded in full (each scored by a model that never saw it), ρ is the correlation
of the machine's calibrated probability with the reference coder's code; a corrected share's variance
is about (1 − ρ²) times the human codes' alone, so 1 / (1 − ρ²) is the gain to expect. The gain found
is the effective-sample gain of the published interval: (human-only width ÷ corrected width)², the
number of times more units the human codes alone would need for an interval as narrow. A share that
rests on the human codes alone gains nothing (1).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from qualsynth.synthesis.estimation import DESIGN, HUMAN_ONLY


def correlations(unit_scores: pd.DataFrame) -> pd.DataFrame:
    """Per theme: the coded units, and ρ between their probability and their human code (NaN where
    either does not vary)."""
    coded = unit_scores[(unit_scores["role"] == "") & unit_scores["human"].notna()]
    rows = []
    for theme_id, group in coded.groupby("theme_id", sort=False):
        varies = group["human"].nunique() > 1 and group["score"].nunique() > 1
        rho = float(np.corrcoef(group["score"], group["human"])[0, 1]) if varies else float("nan")
        rows.append({"theme_id": theme_id, "coded_units": len(group), "rho": rho})
    return pd.DataFrame(rows, columns=["theme_id", "coded_units", "rho"])


def with_coder_worth(prevalence: pd.DataFrame, unit_scores: pd.DataFrame) -> pd.DataFrame:
    """The overall shares with ρ, the gain it promises and the gain the published interval shows."""
    rho = prevalence["theme_id"].map(correlations(unit_scores).set_index("theme_id")["rho"])
    human = prevalence["human_only_hi"] - prevalence["human_only_lo"]
    corrected = prevalence["share_hi"] - prevalence["share_lo"]
    with np.errstate(divide="ignore", invalid="ignore"):
        found = np.where(prevalence["estimator"] == DESIGN, (human / corrected) ** 2, np.nan)
    found = np.where(prevalence["estimator"] == HUMAN_ONLY, 1.0, found)
    return prevalence.assign(
        rho=rho.round(4), expected_gain=(1 / (1 - rho**2)).round(3), gain=np.round(found.astype(float), 3)
    )


def worth_summary(prevalence: pd.DataFrame) -> dict[str, Any]:
    """Medians over the themes: ρ, and the gain over every estimated theme and over the corrected ones."""
    corrected = prevalence[prevalence["estimator"] == DESIGN]
    estimated = prevalence[prevalence["gain"].notna()]

    def median(values: pd.Series) -> float | None:
        values = values.dropna()
        return round(float(values.median()), 3) if len(values) else None

    return {
        "themes": int(len(estimated)),
        "themes_corrected": int(len(corrected)),
        "rho_median": median(prevalence["rho"]),
        "gain_median": median(estimated["gain"]),
        "gain_median_corrected": median(corrected["gain"]),
        "gain_min": round(float(corrected["gain"].min()), 3) if len(corrected) else None,
        "gain_max": round(float(corrected["gain"].max()), 3) if len(corrected) else None,
    }
