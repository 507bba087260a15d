"""Whether a theme is raised as a strength, a need or gap, or both (rule ``synthesise``).

How often a theme is raised says nothing of how it is raised: a theme raised more often may be raised
as a gap. A theme's valence comes only from what the team declared and what respondents rated:

- a stance pair of the config (``synthesis.stance``): its help theme is a strength, its hindrance
  theme a need;
- the survey's rating items the codebook maps to the theme (``survey_items``), each a statement that the
  theme holds: a strength where, in the latest wave with answers, the share agreeing is above half with all
  of its interval, a need where it is below half with all of it, and no signal otherwise; the other way
  round for the hindrance side of a pair, whose items state the hindrance.

Sources that disagree make the valence ``mixed``; with no source it is not assessed (``None``).

A rating item's change from the first to the last wave is a difference of two independent samples of
respondents: its interval is Newcombe's hybrid score interval (MOVER from the two waves' Wilson intervals), at
a Bonferroni level over the items, since a report reads every item's change.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.synthesis.likert import bonferroni_z, rating_change, wilson

STRENGTH, NEED, MIXED = "strength", "need", "mixed"
Z95 = 1.959964
SURVEY_COLUMNS = [
    "theme_id",
    "item",
    "question",
    "respondents",
    "share_agree",
    "share_agree_lo",
    "share_agree_hi",
    "latest_wave",
    "latest_share",
    "latest_lo",
    "latest_hi",
    "first_wave",
    "first_share",
    "change",
    "change_lo",
    "change_hi",
    "direction",
    "ranked",
]


def mapped_items(codebook: Codebook, likert: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Each (theme, item) the codebook maps, matched to the survey's items by question text or item id
    (case and surrounding spaces aside); and the mappings no item matched, to be reported, not dropped."""
    questions = {str(q).strip().casefold(): i for i, q in zip(likert["item"], likert["question"])}
    ids = {str(i).casefold(): i for i in likert["item"]}
    rows, unmatched = [], []
    for theme in codebook.themes:
        for wanted in theme.survey_items:
            key = wanted.strip().casefold()
            item = questions.get(key, ids.get(key))
            if item is None:
                unmatched.append(f"{theme.id}: {wanted}")
            else:
                rows.append({"theme_id": theme.id, "item": item})
    return pd.DataFrame(rows, columns=["theme_id", "item"]), unmatched


def survey_evidence(
    mapping: pd.DataFrame, overall: pd.DataFrame, by_wave: pd.DataFrame, wave_order: Sequence[str]
) -> pd.DataFrame:
    """For each mapped (theme, item): the share agreeing overall and in the latest wave with answers, its
    change from the first wave with answers (MOVER, Bonferroni over the items) and ``ranked``: "lowest" or
    "highest" where its whole interval lies below (above) every other item's."""
    if mapping.empty or overall.empty:
        return pd.DataFrame(columns=SURVEY_COLUMNS)
    present = [w for w in wave_order if w in set(by_wave["wave"])]
    z = bonferroni_z(len(overall))
    rows = []
    for theme_id, item in zip(mapping["theme_id"], mapping["item"]):
        row = overall[overall["item"] == item].iloc[0]
        waves = by_wave[by_wave["item"] == item].set_index("wave")
        answered = [w for w in present if w in waves.index and pd.notna(waves.loc[w, "share_agree"])]
        last = waves.loc[answered[-1]] if answered else None
        first = waves.loc[answered[0]] if len(answered) >= 2 else None
        change, low, high = rating_change(first, last, z) if first is not None else (np.nan, np.nan, np.nan)
        rows.append(
            {
                "theme_id": theme_id,
                "item": item,
                "question": row["question"],
                "respondents": int(row["respondents"]),
                "share_agree": row["share_agree"],
                "share_agree_lo": row["share_agree_lo"],
                "share_agree_hi": row["share_agree_hi"],
                "latest_wave": answered[-1] if answered else None,
                "latest_share": last["share_agree"] if last is not None else np.nan,
                # Wilson's interval, not the bootstrap's: a wave where all or none agree is not known exactly.
                "latest_lo": wilson(last["share_agree"], int(last["respondents"]), Z95)[0]
                if last is not None
                else np.nan,
                "latest_hi": wilson(last["share_agree"], int(last["respondents"]), Z95)[1]
                if last is not None
                else np.nan,
                "first_wave": answered[0] if first is not None else None,
                "first_share": first["share_agree"] if first is not None else np.nan,
                "change": change,
                "change_lo": low,
                "change_hi": high,
                "direction": "rose" if low > 0 else "fell" if high < 0 else "no clear change",
                "ranked": _ranked(overall, item),
            }
        )
    return pd.DataFrame(rows, columns=SURVEY_COLUMNS)


def _ranked(overall: pd.DataFrame, item: str) -> str:
    """ "lowest" or "highest" only where the item's interval clears every other item's: a ranking the
    intervals support, not the order of the point estimates."""
    here = overall[overall["item"] == item].iloc[0]
    others = overall[overall["item"] != item]
    if others.empty:
        return ""
    if here["share_agree_hi"] < others["share_agree_lo"].min():
        return "lowest"
    if here["share_agree_lo"] > others["share_agree_hi"].max():
        return "highest"
    return ""


def survey_signal(latest_lo: float, latest_hi: float, hindrance: bool = False) -> str | None:
    """A strength where the latest wave's share agreeing is above half with all of its interval, a need
    where it is below half with all of it; else no signal. An item mapped to a hindrance theme states the
    hindrance ("the forms get in the way"): agreeing with it is the need."""
    if latest_lo > 0.5:
        return NEED if hindrance else STRENGTH
    if latest_hi < 0.5:
        return STRENGTH if hindrance else NEED
    return None


def is_hindrance(theme_id: str, pairs: Sequence[dict[str, str]]) -> bool:
    """Whether the theme is the hindrance side of a stance pair: agreeing with its survey items is then a need."""
    return any(pair["hindrance"] == theme_id for pair in pairs)


def theme_valence(theme_id: str, pairs: Sequence[dict[str, str]], survey: pd.DataFrame) -> tuple[str | None, str]:
    """The theme's valence and the reason for it, in words."""
    signals: list[tuple[str, str]] = []
    for pair in pairs:
        if pair["help"] == theme_id:
            signals.append((STRENGTH, f"the help side of “{pair['label']}”"))
        if pair["hindrance"] == theme_id:
            signals.append((NEED, f"the hindrance side of “{pair['label']}”"))
    for row in survey[survey["theme_id"] == theme_id].itertuples(index=False):
        signal = survey_signal(row.latest_lo, row.latest_hi, is_hindrance(theme_id, pairs))
        if signal is not None:
            signals.append((signal, f"{row.latest_share:.0%} agreed in {row.latest_wave} that “{row.question}”"))
    if not signals:
        return None, "no stance pair or survey item speaks to it"
    kinds = {kind for kind, _ in signals}
    valence = kinds.pop() if len(kinds) == 1 else MIXED
    return valence, "; ".join(reason for _, reason in signals)
