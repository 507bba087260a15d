"""Disclosure control (rule ``synthesise``): table cells resting on too few people are blanked.
"""

from __future__ import annotations

import pandas as pd


def suppress_small_cells(table: pd.DataFrame, min_cell_size: int) -> pd.DataFrame:
    """Blank the shares of cells resting on fewer than ``min_cell_size`` participants, and mark them.

    Statistical disclosure control: a share of three people can identify them. Counts of
    participants stay, so the reader can see why a cell is empty.
    """
    out = table.copy()
    small = out["participants"] < min_cell_size
    share_columns = [c for c in out.columns if c.startswith(("share", "human_only", "machine_share"))
                     or c in ("units_with", "lambda")]
    out[share_columns] = out[share_columns].astype(float)
    out.loc[small, share_columns] = float("nan")
    out["suppressed"] = small
    return out
