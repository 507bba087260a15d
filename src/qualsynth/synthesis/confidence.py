"""How much confidence a finding deserves, in the manner of GRADE-CERQual (Lewin et al. 2018).

CERQual judges four components of a review finding (methodological limitations, coherence, adequacy
of data, relevance) and grades the finding from high to very low confidence. Here each component is
assessed from what the synthesis measured, with its reason in words, so that the team can read, and
revise, every judgement behind a grade:

- methodological limitations: how the share was estimated (a census or a corrected random sample, a
  model borrowing strength across places, the human codes alone) and how many units the reference
  coder coded the theme in;
- coherence: whether the places, and the sources (what people raised, what they rated), point the same way;
- adequacy: how precise the estimate is and how many people it rests on;
- relevance: how many of the inquiry's places the finding draws on.

Each concern counts 0 (none or very minor) to 3 (serious); the grade falls with their sum: 0–1 high,
2–3 moderate, 4–5 low, 6 or more very low. CERQual's grades are judgements, not sums: this is a
mechanical first reading, stated as such in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualsynth.synthesis.estimation import CENSUS, DESIGN, HUMAN_ONLY

GRADES = ("high", "moderate", "low", "very low")
CONCERNS = ("no or very minor concerns", "minor concerns", "moderate concerns", "serious concerns")
POOLED = "partially pooled"
# Fewer coded positives than this and the reference coder's reading of the theme rests on a handful of units.
FEW_POSITIVES = 10


@dataclass(frozen=True)
class Assessment:
    """One CERQual component: its concern (0–3) and why."""

    component: str
    concern: int
    reason: str

    def describe(self) -> str:
        return f"{self.component}: {CONCERNS[self.concern]} ({self.reason})"


def grade(assessments: Sequence[Assessment]) -> str:
    """The confidence grade from the components' concerns."""
    total = sum(a.concern for a in assessments)
    return GRADES[min(3, total // 2)]


def limitations(estimator: str, coded_positives: int | None) -> Assessment:
    """Methodological limitations: the estimator behind the share, and the reference coder's positives."""
    concern, reason = {
        CENSUS: (0, "every unit coded by hand"),
        DESIGN: (0, "a random sample coded by hand, the machine's errors corrected"),
        POOLED: (1, "places' shares borrow strength from each other through a model"),
        HUMAN_ONLY: (1, "the human-coded sample alone, the machine set aside"),
    }.get(estimator, (2, f"estimated {estimator}"))
    if estimator != CENSUS and coded_positives is not None and coded_positives < FEW_POSITIVES:
        concern, reason = min(3, concern + 1), f"{reason}; the reference coder coded it in {coded_positives} unit(s)"
    return Assessment("methodological limitations", concern, reason)


def survey_limitations() -> Assessment:
    return Assessment("methodological limitations", 0, "respondents' own ratings")


def coherence(agreeing: int, opposed: int, compared: int, what: str) -> Assessment:
    """Coherence: of ``compared`` places or sources, how many point the same way and how many clearly the
    other way."""
    if compared == 0:
        return Assessment("coherence", 1, f"no {what} to compare")
    if opposed:
        return Assessment("coherence", 3, f"{opposed} of {compared} {what} clearly point the other way")
    share = agreeing / compared
    concern = 0 if share >= 0.75 else 1 if share >= 0.5 else 2
    return Assessment("coherence", concern, f"{agreeing} of {compared} {what} point the same way")


def adequacy(low: float, high: float, participants: int | None, min_cell: int) -> Assessment:
    """Adequacy of data: the interval's half-width, and the people behind the finding."""
    half = (high - low) / 2
    concern = 0 if half <= 0.10 else 1 if half <= 0.20 else 2
    reason = f"interval ±{round(half * 100)} points"
    if participants is not None:
        reason += f", {participants} participants"
        if participants < 2 * min_cell:
            concern = min(3, concern + 1)
    return Assessment("adequacy", concern, reason)


def relevance(places_with_data: int, places: int) -> Assessment:
    """Relevance: how many of the inquiry's places the finding draws on."""
    if places == 0:
        return Assessment("relevance", 1, "no place recorded")
    share = places_with_data / places
    concern = 0 if share == 1 else 1 if share >= 0.5 else 2
    return Assessment("relevance", concern, f"draws on {places_with_data} of {places} places")
