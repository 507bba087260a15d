"""Small helpers that turn the synthesis's numbers into the report's sentences."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd


def pct(share: float) -> str:
    """A share as a whole percentage: 0.255 → '26%'."""
    return f"{share:.0%}"


def points(change: float) -> str:
    """A change in share as signed percentage points: 0.5 → '+50 points', -0.07 → '−7 points'."""
    value = round(change * 100)
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{abs(value)} point{'s' if abs(value) != 1 else ''}"


def interval(low: float, high: float, as_points: bool = False) -> str:
    """'95% interval 12% to 40%' (or in points for a change)."""
    if low != low or high != high:
        return "no interval"
    if as_points:
        return f"95% interval {round(low * 100):+d} to {round(high * 100):+d} points".replace("-", "−")
    return f"95% interval {pct(low)} to {pct(high)}"


def join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def bold(labels: Sequence[str]) -> str:
    return join([f"**{label}**" for label in labels])


ESTIMATOR_NOTES = {
    "census": "every unit coded by hand",
    "design-based": "",
    "partially pooled": "partially pooled",
    "human codes only": "human codes only",
    "uncorrected": "the machine's share, uncorrected",
    "not estimable": "not estimable",
}


def share_text(share: float, low: float, high: float, estimator: str = "design-based") -> str:
    """'26% (95% interval 20% to 31%)', with what kind of estimate it is where that matters."""
    if estimator == "not estimable" or share != share:
        return "not estimable (too few coded units)"
    if estimator == "census":
        return f"{pct(share)} (every unit coded by hand)"
    if estimator == "uncorrected":
        return f"{pct(share)} (the machine's share, uncorrected: no interval)"
    note = f"; {ESTIMATOR_NOTES[estimator]}" if ESTIMATOR_NOTES.get(estimator) else ""
    return f"{pct(share)} ({interval(low, high)}{note})"


def change_sentence(label: str, trend: dict[str, Any], first_wave: str, last_wave: str) -> str:
    """One theme's change between the first and last wave, with its interval; a direction only where
    the change is clear over the family of themes (``trend['direction']`` is 'rose' or 'fell')."""
    estimator = trend.get("estimator", "design-based")
    shares = f"{pct(trend['share_first'])} of units in {first_wave} and {pct(trend['share_last'])} in {last_wave}"
    if trend["change"] == 0:
        return f"**{label}** was raised in {pct(trend['share_first'])} of units in both {first_wave} and {last_wave}."
    if estimator in ("uncorrected", "census"):
        size = f"{points(trend['change'])}; {ESTIMATOR_NOTES[estimator]}"
    else:
        note = f"; {ESTIMATOR_NOTES[estimator]}" if ESTIMATOR_NOTES.get(estimator) else ""
        size = f"{points(trend['change'])}, {interval(trend['change_lo'], trend['change_hi'], as_points=True)}{note}"
    if trend["direction"] in ("rose", "fell"):
        sentence = f"**{label}** {trend['direction']}: it was raised in {shares} ({size})"
    elif estimator == "uncorrected":
        sentence = (
            f"**{label}** was raised in {shares} by the machine's count ({size}); with no unit coded by hand, "
            "whether it changed cannot be said"
        )
    else:
        excludes = trend.get("change_lo", 0) > 0 or trend.get("change_hi", 0) < 0
        sentence = f"**{label}** was raised in {shares} ({size}); the change is not clear" + (
            " once every theme's change is read together" if excludes else ""
        )
    places = ""
    if trend.get("places"):
        rose, fell = trend["places_rose"], trend["places_fell"]
        places = (
            f". Within the {trend['places']} places, its change is clear in {rose + fell} (rose in {rose}, fell in {fell})"
            if rose + fell
            else f". Within the {trend['places']} places, no change is clear"
        )
    return f"{sentence}{places}."


class Markdown:
    """Text printed line by line, as a chunk with ``output: asis`` prints it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, text: str = "") -> None:
        self.lines.append(text + "\n")

    def __str__(self) -> str:
        return "".join(self.lines)


def nice(value: str, names: Mapping[str, str] | None = None, *, capital: bool = False) -> str:
    """An id as ``names`` names it; else with spaces for underscores. Where it starts a line or a table
    cell (``capital``), its first letter is a capital, the rest as written ("NHS 111" stays)."""
    text = names[value] if names and value in names else str(value).replace("_", " ")
    return text[:1].upper() + text[1:] if capital else text


def share_of(row) -> str:
    return share_text(row["share"], row["share_lo"], row["share_hi"], row["estimator"])


def cell(share, low, high, estimator, units_with=float("nan"), units=0) -> str:
    """A table cell: '26% (20–31%)'; '50% (4 of 8)' where every unit was coded by hand; '—' where not
    estimable."""
    if estimator == "not estimable" or share != share:
        return "—"
    if estimator == "census" and units_with == units_with:
        return f"{pct(share)} ({int(units_with)} of {int(units)})"
    if estimator in ("uncorrected", "census") or low != low:
        return pct(share)
    # A no-break space keeps a share with its interval, so that a narrow column never splits "4% (1%–11%)".
    return f"{pct(share)}{NBSP}({pct(low)}–{pct(high)})"


NBSP = "\u00a0"


def half_points(value: float) -> str:
    """An interval's half-width in percentage points: 0.062 → '6 points'."""
    return f"{round(value * 100)} point{'' if round(value * 100) == 1 else 's'}"


ATTRIBUTED = ("attributed_role", "attributed_place", "attributed_wave", "attributed_method")


def attribution(q, names: Mapping[str, str] | None = None) -> str:
    """Who said it, as far as disclosure control lets the report say: 'Associate, Saltmarsh, W4
    (interview)'; 'Associate' where the place, wave and method would name the person; 'A participant'
    where even the role would."""
    given = [str(v) for v in (q.attributed_role, q.attributed_place, q.attributed_wave) if v == v and str(v)]
    who = ", ".join([nice(given[0], names, capital=True), *given[1:]]) if given else "A participant"
    method = q.attributed_method
    return f"{who} ({nice(method, names)})" if method == method and str(method) else who


def quote_callout(q, labels: dict[str, str], names: Mapping[str, str] | None = None) -> str:
    """A quote in a callout titled with its theme, attributed as disclosure control allows. Its passage id stays
    in quotes.csv and the audit trail, out of the running text."""
    who = attribution(q, names)
    return f'::: {{.callout-note title="{labels[q.theme_id]}"}}\n> {apostrophes(q.text)}\n\n— {who}\n:::\n'


# A straight apostrophe inside a word, or after a placeholder ("[NAME]'s") or an id ("KV01's"): pandoc's smart
# quotes would read it as an opening quote or a prime.
_APOSTROPHE = re.compile(r"(?<=[\w\]])'(?=\w)")


def apostrophes(text: str) -> str:
    """Apostrophes within words typeset as such (’), whatever comes before them."""
    return _APOSTROPHE.sub("\u2019", text)


def markdown_table(frame: pd.DataFrame, index: bool = False) -> str:
    """``frame`` as a pipe table whose column widths (the dashes under the header, which pandoc reads as
    relative widths once a line is long) leave every column room for its longest word: Word and the PDF
    then wrap a long theme label rather than break "Change" or "Respondents" in two."""
    if index:
        frame = frame.reset_index()
    cells = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
    headers = [str(c) for c in frame.columns]
    right = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    widths = []
    for k, header in enumerate(headers):
        column = [header] + [row[k] for row in cells]
        # Words split at plain spaces only: a no-break space holds a share and its interval together.
        longest_word = max((len(w) for text in column for w in text.split(" ")), default=1)
        # Room beyond the longest word for the cell's padding: a share with its interval must not wrap.
        widths.append(max(3, longest_word + 6, min(max(len(text) for text in column), 28)))

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join(
        ("-" * (w + 1) + ":") if r else (":" + "-" * (w + 1)) for w, r in zip(widths, right, strict=True)
    )
    return "\n".join([line(headers), rule + "|", *(line(row) for row in cells)])


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    return re.sub(r"[ \t\r\n]+", " ", text.replace("|", "\\|")).strip()
