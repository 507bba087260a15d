"""Figures for the report: static images that read in a browser and in Word."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

# cividis reads the same for the common colour-vision deficiencies and in greyscale print.
SEQUENTIAL = "cividis"


def prevalence_heatmap(by_place: pd.DataFrame, theme_labels: dict[str, str]) -> Figure:
    """Place × theme heatmap of the share of documents raising each theme, with the % in each cell."""
    wide = by_place.pivot(index="theme_id", columns="place", values="share_docs")
    wide = wide.reindex([t for t in theme_labels if t in wide.index])
    fig, ax = plt.subplots(figsize=(4.8 + 1.0 * wide.shape[1], 1.2 + 0.42 * wide.shape[0]), dpi=110)
    image = ax.imshow(wide.to_numpy(dtype=float), cmap=SEQUENTIAL, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(wide.shape[1]), list(wide.columns))
    ax.set_yticks(range(wide.shape[0]), [theme_labels[t] for t in wide.index])
    for (row, col), value in pd.DataFrame(wide.to_numpy()).stack().items():
        ax.text(col, row, f"{value:.0%}", ha="center", va="center",
                color="black" if value > 0.55 else "white", fontsize=9)
    ax.set_xlabel("Place")
    fig.colorbar(image, ax=ax, label="Share of documents", format=lambda v, _: f"{v:.0%}")
    ax.tick_params(length=0)
    fig.tight_layout()
    return fig
