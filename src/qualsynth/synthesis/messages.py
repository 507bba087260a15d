"""The findings the report is written from, and its key messages (rule ``synthesise``).

A finding is a statement about a theme, a pair of themes or the order of the work: a change between
waves, a difference between places, a survey item's rating, the order in which the work came. Each
carries its evidence (estimates with intervals), its valence (:mod:`qualsynth.synthesis.valence`),
a confidence grade with its reasons (:mod:`qualsynth.synthesis.confidence`) and the question it
raises for the programme. A direction, difference or ranking becomes a finding only where its
interval supports it. The key messages are the findings a funder should read first: every stance
pair and the order of the work, the survey's lowest and highest rated statements, clear changes in
what people rated, and then the clearest changes and differences, five to eight in all, in the
codebook's order of areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.synthesis.confidence import (
    Assessment,
    adequacy,
    coherence,
    grade,
    limitations,
    relevance,
    survey_limitations,
)
from qualsynth.synthesis.estimation import CENSUS
from qualsynth.synthesis.valence import MIXED, NEED, STRENGTH, is_hindrance, theme_valence

MIN_MESSAGES, MAX_MESSAGES = 5, 8
CENSUS_NOTE = "every unit coded by hand"
GAP_EVIDENCE = (
    "highest_place",
    "highest_share",
    "lowest_place",
    "lowest_share",
    "gap",
    "gap_lo",
    "gap_hi",
    "estimator",
)


@dataclass(frozen=True)
class Finding:
    """One finding: what it says, how it is raised, how far to trust it, and what it asks of the programme."""

    id: str
    kind: str
    area_id: str
    theme_ids: tuple[str, ...]
    title: str
    statement: str
    valence: str | None
    confidence: str
    assessments: tuple[Assessment, ...]
    question: str
    evidence: dict[str, Any] = field(default_factory=dict)
    # The statement without its detail (a pair's first two parts, no breakdown by source), for a key message that
    # must fit one page with the others.
    brief: str = ""

    def record(self) -> dict[str, Any]:
        """The finding as ``findings.json`` holds it."""
        out = asdict(self)
        out["theme_ids"] = list(self.theme_ids)
        out["reasons"] = [a.describe() for a in self.assessments]
        out["assessments"] = [asdict(a) for a in self.assessments]
        return out


@dataclass(frozen=True)
class Evidence:
    """The synthesis's tables as the findings read them, each indexed by theme where it has one."""

    codebook: Codebook
    overall: pd.DataFrame
    change: pd.DataFrame
    change_by_place: pd.DataFrame
    change_by_source: pd.DataFrame
    divergence: pd.DataFrame
    stance: pd.DataFrame
    survey: pd.DataFrame
    positives: dict[str, int]
    pairs: Sequence[dict[str, str]]
    places: int
    min_cell: int

    def label(self, theme_id: str) -> str:
        return next(t.label for t in self.codebook.themes if t.id == theme_id)

    def area(self, theme_id: str) -> str:
        return next(t.area_id for t in self.codebook.themes if t.id == theme_id)

    def valence(self, theme_id: str) -> str | None:
        return theme_valence(theme_id, self.pairs, self.survey)[0]


def pct(share: float) -> str:
    return f"{share:.0%}"


def points(change: float) -> str:
    value = round(change * 100)
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{abs(value)} points"


def span(low: float, high: float) -> str:
    """An interval of a change in points: '−52 to −30 points'."""
    return f"{_signed(low)} to {_signed(high)} points"


def _signed(value: float) -> str:
    rounded = round(value * 100)
    return f"{'−' if rounded < 0 else ''}{abs(rounded)}"


def _clear(frame: pd.DataFrame, theme_id: str) -> pd.Series | None:
    """The theme's row where its direction or difference is clear, else None."""
    if theme_id not in frame.index:
        return None
    row = frame.loc[theme_id]
    return row if bool(row["clear"]) and not bool(row.get("suppressed", False)) else None


def change_clause(ev: Evidence, theme_id: str, by_source: bool = True) -> str | None:
    """A clear change in words, with its interval; with ``by_source``, within documents and survey responses too."""
    row = _clear(ev.change, theme_id)
    if row is None:
        return None
    sure = CENSUS_NOTE if row["estimator"] == CENSUS else f"95% interval {span(row['change_lo'], row['change_hi'])}"
    return (
        f"{ev.label(theme_id)} {row['direction']}: raised in {pct(row['share_first'])} of units in "
        f"{row['first_wave']} and {pct(row['share_last'])} in {row['last_wave']} ({points(row['change'])}; {sure})"
        + (source_clause(ev, theme_id) if by_source else "")
    )


SOURCES = {"document": "documents", "survey response": "survey responses"}


def source_clause(ev: Evidence, theme_id: str) -> str:
    """The change within documents and within survey responses, where the inquiry has both: a transcript and a
    one-line answer are different bases. A direction only where that change is clear."""
    rows = ev.change_by_source[ev.change_by_source["theme_id"] == theme_id] if len(ev.change_by_source) else None
    if rows is None or rows.empty:
        return ""
    overall = ev.change.loc[theme_id]
    parts = []
    for row in rows.itertuples(index=False):
        name = SOURCES.get(row.source, row.source)
        waves = (
            ("", "")
            if (row.first_wave, row.last_wave) == (overall["first_wave"], overall["last_wave"])
            else (
                f" in {row.first_wave}",
                f" in {row.last_wave}",
            )
        )
        if bool(getattr(row, "suppressed", False)):
            parts.append(f"in {name} not reported (too few people for disclosure control)")
        elif not bool(row.clear):
            parts.append(f"in {name} no clear change")
        else:
            sure = CENSUS_NOTE if row.estimator == CENSUS else f"95% interval {span(row.change_lo, row.change_hi)}"
            parts.append(
                f"in {name} from {pct(row.share_first)}{waves[0]} to {pct(row.share_last)}{waves[1]} "
                f"({points(row.change)}; {sure})"
            )
    return "; " + ", ".join(parts)


def gap_clause(ev: Evidence, theme_id: str) -> str | None:
    row = _clear(ev.divergence, theme_id)
    if row is None:
        return None
    return (
        f"{ev.label(theme_id)} differs between places: raised in {pct(row['highest_share'])} of units in "
        f"{row['highest_place']} and {pct(row['lowest_share'])} in {row['lowest_place']} (a gap of "
        f"{round(row['gap'] * 100)} points; "
        + (
            CENSUS_NOTE
            if row["estimator"] == CENSUS
            else f"{round(row['gap_lo'] * 100)} to {round(row['gap_hi'] * 100)} over every pair of places"
        )
        + ")"
    )


def survey_clause(row: Any) -> str | None:
    if row.direction not in ("rose", "fell"):
        return None
    return (
        f"agreement that “{row.question}” {row.direction} from {pct(row.first_share)} in {row.first_wave} to "
        f"{pct(row.latest_share)} in {row.latest_wave} ({points(row.change)}; 95% interval over all statements "
        f"{span(row.change_lo, row.change_hi)})"
    )


def theme_assessments(
    ev: Evidence, theme_id: str, low: float, high: float, gap: bool = False
) -> tuple[Assessment, ...]:
    """The four CERQual components for a claim about a theme with interval [low, high]: a change (coherent
    where the places changed the same way), or with ``gap`` a difference between places."""
    overall = ev.overall.loc[theme_id]
    places = ev.change_by_place[ev.change_by_place["theme_id"] == theme_id] if len(ev.change_by_place) else None
    trend = _clear(ev.change, theme_id)
    if gap:
        fit = Assessment("coherence", 1, "a difference between two places, not checked across sources or waves")
    elif places is not None and trend is not None and len(places):
        sign = 1 if trend["change"] >= 0 else -1
        places = places[places["change"].notna()]
        agreeing = int((places["change"] * sign > 0).sum())
        opposed = int((places["clear"].astype(bool) & (places["change"] * sign < 0)).sum())
        fit = coherence(agreeing, opposed, len(places), "places")
    else:
        fit = coherence(0, 0, 0, "places")
    with_data = int(places["change"].notna().sum()) if places is not None and len(places) else ev.places
    return (
        limitations(str(overall["estimator"]), ev.positives.get(theme_id)),
        fit,
        adequacy(low, high, int(overall["participants"]), ev.min_cell),
        relevance(with_data, ev.places),
    )


def _finding(
    kind: str,
    ident: str,
    area: str,
    themes: Sequence[str],
    title: str,
    statement: str,
    valence: str | None,
    assessments: tuple[Assessment, ...],
    question: str,
    evidence: dict[str, Any],
    brief: str = "",
) -> Finding:
    return Finding(
        ident,
        kind,
        area,
        tuple(themes),
        title,
        statement,
        valence,
        grade(assessments),
        assessments,
        question,
        evidence,
        brief if brief != statement else "",
    )


def change_finding(ev: Evidence, theme_id: str) -> Finding | None:
    clause = change_clause(ev, theme_id)
    if clause is None:
        return None
    row, label, valence = ev.change.loc[theme_id], ev.label(theme_id), ev.valence(theme_id)
    rose = row["direction"] == "rose"
    question = {
        (NEED, True): f"What would it take to address “{label}”, now raised more often?",
        (NEED, False): f"What eased “{label}”, and will it hold in the places where it has not?",
        (STRENGTH, True): f"What made “{label}” grow, and how can it be sustained?",
        (STRENGTH, False): f"Why is “{label}” raised less often now, and does that matter?",
    }.get((valence, rose), f"Is the {'rise' if rose else 'fall'} in “{label}” a sign of progress or of a need?")
    return _finding(
        "change",
        f"{theme_id}.change",
        ev.area(theme_id),
        [theme_id],
        f"{label} {row['direction']}",
        clause + ".",
        valence,
        theme_assessments(ev, theme_id, row["change_lo"], row["change_hi"]),
        question,
        {k: _plain(row[k]) for k in ("share_first", "share_last", "change", "change_lo", "change_hi", "estimator")},
    )


def gap_finding(ev: Evidence, theme_id: str) -> Finding | None:
    clause = gap_clause(ev, theme_id)
    if clause is None:
        return None
    row, label = ev.divergence.loc[theme_id], ev.label(theme_id)
    return _finding(
        "place difference",
        f"{theme_id}.places",
        ev.area(theme_id),
        [theme_id],
        f"{label} differs between places",
        clause + ".",
        ev.valence(theme_id),
        theme_assessments(ev, theme_id, row["gap_lo"], row["gap_hi"], gap=True),
        f"What do people in {row['highest_place']} find in “{label}” that people in {row['lowest_place']} do "
        "not, and what can each place learn from the other?",
        {k: _plain(row[k]) for k in GAP_EVIDENCE},
    )


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def survey_assessments(ev: Evidence, row: Any, low: float, high: float) -> tuple[Assessment, ...]:
    """A rating item's claim: coherent where what people raised moved the same way as what they rated."""
    trend = ev.change.loc[row.theme_id] if row.theme_id in ev.change.index else None
    if trend is None or pd.isna(row.change):
        fit = coherence(0, 0, 0, "sources")
    else:
        same = (trend["change"] >= 0) == (row.change >= 0)
        opposed = bool(trend["clear"]) and not same
        fit = Assessment(
            "coherence",
            3 if opposed else 0 if same else 1,
            "what people raised moved "
            + ("clearly the other way from" if opposed else "the same way as" if same else "the other way from")
            + " what they rated",
        )
    return (
        survey_limitations(),
        fit,
        adequacy(low, high, int(row.respondents), ev.min_cell),
        relevance(ev.places, ev.places),
    )


def survey_findings(ev: Evidence) -> list[Finding]:
    """Each mapped item whose change is clear, and the item the intervals rank lowest or highest."""
    found = [ranking_finding(ev, row) for row in ev.survey.itertuples(index=False) if row.ranked]
    found += [survey_change_finding(ev, row) for row in ev.survey.itertuples(index=False) if survey_clause(row)]
    return found


def ranking_finding(ev: Evidence, row: Any) -> Finding:
    """The statement fewest (most) respondents agree with: the least (most) developed, or for an item stating a
    hindrance, the least (most) felt."""
    lowest, hindrance = row.ranked == "lowest", is_hindrance(row.theme_id, ev.pairs)
    ranked = (
        f"“{row.question}” is the survey statement {'fewest' if lowest else 'most'} respondents agree with: "
        f"{pct(row.share_agree)} (95% interval {pct(row.share_agree_lo)}–{pct(row.share_agree_hi)}), "
        f"{'below' if lowest else 'above'} every other statement's interval."
    )
    extra, short = change_clause(ev, row.theme_id), change_clause(ev, row.theme_id, by_source=False)
    extent = ("least" if lowest else "most") + (" felt" if hindrance else " developed")
    question = (
        f"What would it take for more people to agree that “{row.question}”?"
        if lowest != hindrance
        else f"What has made “{row.question}” {'untrue' if hindrance else 'true'} for most respondents, and can it "
        "travel to the rest?"
    )
    return _finding(
        "ranking",
        f"{row.theme_id}.{row.item}.ranked",
        ev.area(row.theme_id),
        [row.theme_id],
        f"{ev.label(row.theme_id)}: the {extent}",
        ranked + (f" {extra}." if extra else ""),
        NEED if lowest != hindrance else STRENGTH,
        survey_assessments(ev, row, row.share_agree_lo, row.share_agree_hi),
        question,
        {k: getattr(row, k) for k in ("item", "question", "share_agree", "share_agree_lo", "share_agree_hi")},
        brief=ranked + (f" {short}." if short else ""),
    )


def survey_change_finding(ev: Evidence, row: Any) -> Finding:
    """A clear change in agreement with an item: a strength where it rose, unless the item states a hindrance."""
    rose = row.direction == "rose"
    clause = survey_clause(row) or ""
    return _finding(
        "survey change",
        f"{row.theme_id}.{row.item}.change",
        ev.area(row.theme_id),
        [row.theme_id],
        f"{ev.label(row.theme_id)}: agreement {row.direction}",
        clause[:1].upper() + clause[1:] + ".",
        STRENGTH if rose != is_hindrance(row.theme_id, ev.pairs) else NEED,
        survey_assessments(ev, row, row.change_lo, row.change_hi),
        f"What lies behind the {'rise' if rose else 'fall'} in agreement that “{row.question}”, and is it "
        "shared across places and roles?",
        {
            k: getattr(row, k)
            for k in ("item", "question", "first_share", "latest_share", "change", "change_lo", "change_hi")
        },
    )


def pair_finding(ev: Evidence, pair: dict[str, str]) -> Finding | None:
    """A stance pair: how each side moved and was rated, else where places differ, else which side is raised more."""
    help_, hindrance = pair["help"], pair["hindrance"]
    moves = {t: ev.change.loc[t, "direction"] for t in (help_, hindrance) if _clear(ev.change, t) is not None}
    rated = ev.survey[ev.survey["theme_id"].isin([help_, hindrance]) & ev.survey["direction"].isin(["rose", "fell"])]
    better = (moves.get(help_) == "rose") + (moves.get(hindrance) == "fell")
    better += sum((r.direction == "rose") == (r.theme_id == help_) for r in rated.itertuples())
    worse = len(moves) + len(rated) - better
    # The wider of the two sides' differences between places first.
    gaps = sorted(
        (t for t in (help_, hindrance) if _clear(ev.divergence, t) is not None),
        key=lambda t: -ev.divergence.loc[t, "gap_lo"],
    )
    balance = _balance(ev, pair)
    title, valence = _pair_heading(better, worse, bool(gaps), balance)
    if title is None:
        return None
    parts = [c for c in (change_clause(ev, hindrance), change_clause(ev, help_)) if c]
    # A key message gives the changes without their breakdown by source, to fit a page; the area gives it.
    short = [c for c in (change_clause(ev, hindrance, False), change_clause(ev, help_, False)) if c]
    rated_parts = [c for c in (survey_clause(r) for r in rated.itertuples(index=False)) if c]
    parts += rated_parts
    short += rated_parts
    # Where the pair moved, the movement is the message; over all waves, which side is raised more is not.
    parts += [] if parts or balance is None else [balance[1]]
    parts += [c for c in (gap_clause(ev, t) for t in gaps) if c]
    lead = hindrance if hindrance in moves else help_ if help_ in moves else gaps[0] if gaps else hindrance
    question = _pair_question(title, pair["label"].lower())
    found = _finding(
        "pair",
        f"{help_}+{hindrance}",
        ev.area(help_),
        [help_, hindrance],
        f"{pair['label']}: {title}",
        _sentence(parts),
        valence,
        theme_assessments(ev, lead, *_lead_interval(ev, lead, gaps), gap=lead not in moves and lead in gaps),
        question,
        {
            "label": pair["label"],
            "help": help_,
            "hindrance": hindrance,
            "moves": moves,
            "rated": list(rated["item"]),
            "places_differ": gaps,
        },
    )
    brief = short[:2] if short else parts[:2]
    return replace(found, brief=_sentence(brief)) if brief != parts else found


def _sentence(parts: Sequence[str]) -> str:
    """Parts joined into one sentence: a capital for the first, a small letter for the others' first word (a label
    is a theme's name, not a new sentence), an acronym's capitals kept."""
    later = [p[:1].lower() + p[1:] if p[1:2].islower() else p for p in parts[1:]]
    text = "; ".join([parts[0], *later])
    return text[:1].upper() + text[1:] + "."


def _pair_heading(
    better: int, worse: int, differs: bool, balance: tuple[str, str] | None
) -> tuple[str | None, str | None]:
    """A pair's heading and valence: its movement first, then a difference between places, then its balance."""
    leaning = (STRENGTH if balance[0] == "help" else NEED) if balance is not None else MIXED
    if better and not worse:
        return "improving", STRENGTH
    if worse and not better:
        return "getting harder", NEED
    if better and worse:
        return "moving both ways", MIXED
    if differs:
        return "differs between places", leaning
    if balance is not None:
        return f"raised more as a {balance[0]}", leaning
    return None, None


def _pair_question(heading: str, label: str) -> str:
    """The question a pair raises, from what its heading says: a change, a difference, or which side weighs more."""
    if heading == "improving":
        return f"What drove the change in {label}, and can it be kept where it has not yet happened?"
    if heading == "getting harder":
        return f"What is making {label} harder, and what could the programme change?"
    if heading == "raised more as a hindrance":
        return f"Which parts of {label} hold the work back most, and who could change them?"
    if heading == "raised more as a help":
        return f"What makes {label} a help, and how could more of the work draw on it?"
    return f"What lies behind the differences in {label}, and what can places learn from each other?"


def _lead_interval(ev: Evidence, theme_id: str, gaps: Sequence[str]) -> tuple[float, float]:
    if _clear(ev.change, theme_id) is not None:
        return ev.change.loc[theme_id, "change_lo"], ev.change.loc[theme_id, "change_hi"]
    if theme_id in gaps:
        return ev.divergence.loc[theme_id, "gap_lo"], ev.divergence.loc[theme_id, "gap_hi"]
    row = ev.overall.loc[theme_id]
    return row["share_lo"], row["share_hi"]


def _balance(ev: Evidence, pair: dict[str, str]) -> tuple[str, str] | None:
    """Which side people raise more, where the two sides' intervals do not overlap (a conservative reading)."""
    rows = ev.stance[ev.stance["label"] == pair["label"]]
    if rows.empty:
        return None
    row = rows.iloc[0]
    for side, other in (("hindrance", "help"), ("help", "hindrance")):
        if row[f"share_{side}_lo"] > row[f"share_{other}_hi"]:
            return side, (
                f"it is raised more as a {side} ({pct(row[f'share_{side}'])} of units, 95% interval "
                f"{pct(row[f'share_{side}_lo'])}–{pct(row[f'share_{side}_hi'])}) than as a {other} "
                f"({pct(row[f'share_{other}'])}, {pct(row[f'share_{other}_lo'])}–{pct(row[f'share_{other}_hi'])})"
            )
    return None


def sequencing_finding(ev: Evidence, sequencing: dict[str, Any]) -> Finding | None:
    """The order of the work, stated where most places show it one way."""
    places, early, later = sequencing["places"], sequencing["places_early_first"], sequencing["places_later_first"]
    if not places or not sequencing["early_themes"] or max(early, later) * 2 <= places:
        return None
    first = "early" if early > later else "later"
    named = {k: ", ".join(ev.label(t).lower() for t in sequencing[f"{k}_themes"]) for k in ("early", "later")}
    agreeing, opposed = (early, later) if first == "early" else (later, early)
    statement = (
        f"In {agreeing} of {places} places the {first} work ({named[first]}) was prominent before the "
        f"{'later' if first == 'early' else 'early'} work ({named['later' if first == 'early' else 'early']})."
    )
    assessments = (
        Assessment(
            "methodological limitations", 1, "the wave each theme was prominent in is read from point estimates"
        ),
        coherence(agreeing, opposed, places, "places"),
        Assessment("adequacy", 0 if places >= 5 else 1 if places >= 3 else 2, f"{places} places"),
        relevance(places - sequencing["places_undetermined"], ev.places),
    )
    theme = sequencing["later_themes"][0]
    return _finding(
        "sequencing",
        "sequencing",
        ev.area(theme),
        [*sequencing["early_themes"], *sequencing["later_themes"]],
        f"The {first} work came first",
        statement,
        None,
        assessments,
        "Are the places that have begun the later work supported to keep the early work going, and what would help "
        "the others move on?"
        if first == "early"
        else "Why did the later work come before the groundwork here, and does the groundwork need to catch up?",
        {k: sequencing[k] for k in ("places", "places_early_first", "places_later_first")},
    )


def all_findings(ev: Evidence, sequencing: dict[str, Any]) -> list[Finding]:
    """Every finding, in the codebook's order of areas."""
    found: list[Finding] = [f for f in (pair_finding(ev, p) for p in ev.pairs) if f]
    found += [f for f in [sequencing_finding(ev, sequencing)] if f]
    found += survey_findings(ev)
    for theme in ev.codebook.themes:
        found += [f for f in (change_finding(ev, theme.id), gap_finding(ev, theme.id)) if f]
    order = {a: i for i, a in enumerate(dict.fromkeys(t.area_id for t in ev.codebook.themes))}
    return sorted(found, key=lambda f: order[f.area_id])


def key_messages(found: Sequence[Finding]) -> list[Finding]:
    """Five to eight findings a funder reads first: pairs, the order of the work, survey rankings and changes,
    then the clearest changes and differences of themes not yet in a message; in the findings' order."""
    chosen: list[Finding] = []
    covered: set[str] = set()
    for kinds in (("pair", "sequencing", "ranking"), ("survey change",), ("change",), ("place difference",)):
        for finding in sorted((f for f in found if f.kind in kinds), key=_strength):
            if len(chosen) >= MAX_MESSAGES or (
                kinds[0] in ("change", "place difference") and len(chosen) >= MIN_MESSAGES
            ):
                break
            if finding.kind in ("pair", "sequencing") or not covered & set(finding.theme_ids):
                chosen.append(finding)
                covered |= set(finding.theme_ids)
    return [f for f in found if f in chosen]


def _strength(finding: Finding) -> float:
    """Clearer first: the distance of the interval's near end from no change."""
    ev = finding.evidence
    for low, high in (("change_lo", "change_hi"), ("gap_lo", "gap_hi")):
        if low in ev:
            return -min(abs(ev[low]), abs(ev[high]))
    return 0.0
