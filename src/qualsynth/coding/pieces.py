"""What shares are counted over: every unit, and every role within a unit (a piece each)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PIECE_COLUMNS = ["unit_id", "role"]


@dataclass(frozen=True)
class Pieces:
    """What shares are counted over: every unit (``role`` empty) and every role within a unit.

    ``passage_of`` maps each participant passage (rows of ``passages``) to its unit piece and its
    role piece, so passage-level evidence can be gathered per piece.
    """

    table: pd.DataFrame  # unit_id, role, words
    passages: pd.DataFrame  # segment_id, unit_id, role, n_words, text…
    unit_piece: np.ndarray  # per passage: row of its unit piece
    role_piece: np.ndarray  # per passage: row of its role piece


def pieces(segments: pd.DataFrame) -> Pieces:
    """The unit and unit-role pieces of the participant passages in ``segments``, in (unit, role) order."""
    said = segments[segments["is_participant"]].sort_values("segment_id").reset_index(drop=True)
    units = said.groupby("unit_id", sort=True)["n_words"].sum()
    roles = said.groupby(["unit_id", "role"], sort=True)["n_words"].sum()
    table = (
        pd.concat(
            [
                pd.DataFrame({"unit_id": units.index, "role": "", "words": units.to_numpy()}),
                pd.DataFrame(
                    {
                        "unit_id": [u for u, _ in roles.index],
                        "role": [r for _, r in roles.index],
                        "words": roles.to_numpy(),
                    }
                ),
            ],
            ignore_index=True,
        )
        .sort_values(["unit_id", "role"], kind="stable")
        .reset_index(drop=True)
    )
    row = {(u, r): i for i, (u, r) in enumerate(zip(table["unit_id"], table["role"]))}
    unit_piece = np.array([row[(u, "")] for u in said["unit_id"]], dtype=int)
    role_piece = np.array([row[(u, r)] for u, r in zip(said["unit_id"], said["role"])], dtype=int)
    return Pieces(table, said, unit_piece, role_piece)
