"""Themes raised together (rule ``synthesise``): the estimated share of units raising both themes of
a pair, and the lift against their separate shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualsynth.synthesis.estimates import Estimates


def cooccurrence(estimates: Estimates, min_machine_units: int = 1) -> pd.DataFrame:
    """Pairs of themes raised in the same unit: the estimated share of units raising both, with its
    interval, and the lift θ_ab / (θ_a θ_b): above 1, the themes travel together more than chance would
    have them. Pairs the machine never finds together in any unit are left out."""
    themes = estimates.themes
    kind = {t: estimates.kinds[(t, "unit")] for t in themes}
    machine = np.column_stack([kind[t].machine for t in themes]) if themes else np.zeros((0, 0))
    human = np.column_stack([np.nan_to_num(kind[t].y) for t in themes]) if themes else np.zeros((0, 0))
    together = machine.T @ machine + human.T @ human
    single = {t: estimates.share(t)[0].estimate for t in themes}
    rows = []
    for i, a in enumerate(themes):
        for j in range(i + 1, len(themes)):
            if together[i, j] < min_machine_units:
                continue
            b = themes[j]
            both, _, machine_share, _ = estimates.share(a, joint=b)
            denominator = single[a] * single[b]
            rows.append(
                {
                    "theme_a": a,
                    "theme_b": b,
                    "units": both.units,
                    "share_both": _r(both.estimate),
                    "share_both_lo": _r(both.low),
                    "share_both_hi": _r(both.high),
                    "estimator": both.method,
                    "machine_share_both": _r(machine_share),
                    "lift": _r(both.estimate / denominator) if denominator > 0 else float("nan"),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "theme_a",
            "theme_b",
            "units",
            "share_both",
            "share_both_lo",
            "share_both_hi",
            "estimator",
            "machine_share_both",
            "lift",
        ],
    )


def _r(value: float) -> float:
    return round(float(value), 4) if value == value else float("nan")
