"""What the machine coder is worth: ρ on the coded units, and the effective-sample gain of each interval."""

import numpy as np
import pandas as pd
import pytest

from qualsynth.synthesis.coder_worth import correlations, with_coder_worth, worth_summary
from qualsynth.synthesis.comparisons import neyman_factor
from qualsynth.synthesis.estimation import Design


def test_rho_and_the_gain_per_theme():
    scores = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d", "a", "b", "c", "d", "e"],
            "role": [""] * 9,
            "theme_id": ["t1"] * 4 + ["t2"] * 5,
            # t1: scores 1, 1, 0, 0 against codes 1, 1, 0, 0 → ρ = 1. t2: the codes do not vary → no ρ.
            "score": [0.9, 0.9, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 0.5],
            "human": [1, 1, 0, 0, 0, 0, 0, 0, np.nan],
        }
    )
    rho = correlations(scores).set_index("theme_id")["rho"]
    assert rho["t1"] == pytest.approx(1.0) and np.isnan(rho["t2"])
    prevalence = pd.DataFrame(
        {
            "theme_id": ["t1", "t2", "t3"],
            "estimator": ["design-based", "human codes only", "uncorrected"],
            # t1: human-only width 0.30, corrected 0.15 → gain (0.30 / 0.15)² = 4.
            "share_lo": [0.20, 0.0, 0.1],
            "share_hi": [0.35, 0.2, 0.3],
            "human_only_lo": [0.15, 0.0, np.nan],
            "human_only_hi": [0.45, 0.2, np.nan],
        }
    )
    worth = with_coder_worth(prevalence, scores).set_index("theme_id")
    assert worth.loc["t1", "gain"] == pytest.approx(4.0) and worth.loc["t2", "gain"] == 1.0
    assert np.isnan(worth.loc["t3", "gain"])
    summary = worth_summary(worth.reset_index())
    assert summary["themes"] == 2 and summary["themes_corrected"] == 1
    assert summary["gain_median"] == pytest.approx(2.5) and summary["gain_median_corrected"] == pytest.approx(4.0)


def test_neyman_factor_from_the_residuals_spread_by_uncertainty():
    # 16 units, 8 coded; uncertainty 0…15. The quartiles of the 8 units not coded (u 8–15) cut at 9.75,
    # 11.5 and 13.25, so the coded units (u 0–7) all fall in the lowest stratum: too few to compare.
    design = Design(stratum=np.zeros(16, dtype=int), sampled=np.arange(16) < 8, known=np.arange(16) < 8)
    unit = np.arange(16)
    residual = np.where(np.arange(16) < 8, np.tile([0.0, 1.0], 8), np.nan)
    assert neyman_factor(design, unit, residual, np.arange(16, dtype=float)) == 1.0
    # Two coded and two uncoded units in each of four strata (W = 1/4 each); the residuals' spreads are 0, 0,
    # 1/√2 and 1/√2: (Σ W S)² / Σ W S² = (2 · 0.25 · 0.7071)² / (2 · 0.25 · 0.5) = 0.125 / 0.25 = 0.5.
    sampled = np.isin(np.arange(16), [0, 1, 4, 5, 8, 9, 12, 13])
    design = Design(stratum=np.zeros(16, dtype=int), sampled=sampled, known=sampled)
    residual = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0], dtype=float)
    u = np.repeat([0.0, 1.0, 2.0, 3.0], 4)
    assert neyman_factor(design, unit, residual, u) == pytest.approx(0.5)
