"""The report's story, written from the findings model (``findings.json``: its ``findings`` and
``key_messages``): the key messages, each area's narrative and questions, the questions to explore next,
and the appendix on how far each finding can be trusted. Each function is given the findings alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from qualsynth.report.prose import Markdown

VALENCE = {
    "strength": "Raised as a strength.",
    "need": "Raised as a need or gap.",
    "mixed": "Raised both as a strength and as a need.",
}


def _keys(findings: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {f["id"]: f for f in findings.get("findings", [])}
    return [by_id[i] for i in findings.get("key_messages", []) if i in by_id]


def _message(finding: dict[str, Any], brief: bool = False) -> str:
    valence = f" {VALENCE[finding['valence']]}" if finding["valence"] in VALENCE else ""
    title = finding["title"]
    statement = (finding.get("brief") or finding["statement"]) if brief else finding["statement"]
    # A change or a difference states its title first: it is emboldened there rather than said twice.
    told = f"**{title}**{statement[len(title) :]}" if statement.startswith(title) else f"**{title}.** {statement}"
    return f"{told}{valence} *Confidence: {finding['confidence']}.* *For the programme:* {finding['question']}"


def key_messages(findings: dict[str, Any]) -> str:
    """The key messages: what a funder should take from the inquiry, each with its confidence and question."""
    keys = _keys(findings)
    out = Markdown()
    if not keys:
        out.print(f"No {_kinds(findings)} is clear enough to make a key message: {_why_none(findings)}\n")
        return str(out)
    out.print(
        f"The {len(keys)} findings to read first. Each change, difference and ranking rests on an interval that "
        "supports it; each says whether the theme is raised as a strength or a need, and how far to trust it "
        "(after GRADE-CERQual; the reasons are in Appendix D). The areas below give the detail.\n"
    )
    for number, finding in enumerate(keys, start=1):
        out.print(f"{number}. {_message(finding, brief=True)}\n")
    return str(out)


def area_narrative(findings: dict[str, Any], area_id: str) -> str:
    """An area's findings in plain language."""
    told = _told(findings, area_id)
    out = Markdown()
    for finding in told:
        out.print(_message(finding).split(" *For the programme:*")[0] + "\n")
    if not told:
        out.print(f"No {_kinds(findings)} in this area is clear enough to state: {_why_none(findings)}\n")
    return str(out)


def _kinds(findings: dict[str, Any]) -> str:
    """What a finding could have been, in the words of this inquiry: ratings only where it has a survey's."""
    rated = findings.get("likert", {}).get("items", 0)
    return "change, difference between places or survey rating" if rated else "change or difference between places"


def _why_none(findings: dict[str, Any]) -> str:
    """Why nothing is stated: no interval excludes no change, or no unit was coded by hand to give intervals."""
    if set(findings.get("estimation", {}).get("estimators", {})) == {"uncorrected"}:
        return (
            "no unit was coded by hand, so every share is the automatic coding's own, with no interval to tell a "
            "change or a difference from its errors. A random sample of units coded by hand turns the shares into "
            "estimates (Appendix B)."
        )
    return (
        "each interval includes no change, or the change does not stand out among all the themes' changes read "
        "together. The tables give each theme's share."
    )


def _told(findings: dict[str, Any], area_id: str) -> list[dict[str, Any]]:
    """The area's findings, its key messages first, none told twice: a pair's message tells its themes' changes,
    survey changes and place differences; a ranking tells its theme's change."""
    keys = set(findings.get("key_messages", []))
    mine = sorted(
        (f for f in findings.get("findings", []) if f["area_id"] == area_id), key=lambda f: f["id"] not in keys
    )
    told, covered = [], set()
    for finding in mine:
        if {(finding["kind"], t) for t in finding["theme_ids"]} <= covered:
            continue
        told.append(finding)
        covered |= {(kind, t) for kind in TELLS.get(finding["kind"], (finding["kind"],)) for t in finding["theme_ids"]}
    return told


TELLS = {
    "pair": ("pair", "change", "place difference", "survey change"),
    "ranking": ("ranking", "change"),
}


def area_questions(findings: dict[str, Any], area_id: str) -> str:
    """The questions the area's findings raise for the programme."""
    return _questions(f["question"] for f in _told(findings, area_id))


def questions_to_explore(findings: dict[str, Any], areas: Sequence[tuple[str, str]]) -> str:
    """The questions of the key messages, then one more from each area that has any."""
    asked = [f["question"] for f in _keys(findings)]
    for area_id, _ in areas:
        rest = [f["question"] for f in _told(findings, area_id) if f["question"] not in asked]
        asked += rest[:1]
    if not asked:
        return "The inquiry raises no question its intervals can support yet: more coded units would narrow them.\n"
    return "For the funder and the places to take forward, from the findings above:\n\n" + _questions(asked)


def _questions(questions: Iterable[str]) -> str:
    return "".join(f"- {q}\n" for q in dict.fromkeys(questions)) + "\n"


def confidence_appendix(findings: dict[str, Any]) -> str:
    """Every finding with its grade and the four components' reasons, as the team would review them."""
    rows = findings.get("findings", [])
    if not rows:
        return "No finding is clear enough to grade.\n"
    out = Markdown()
    out.print(
        "Each finding's confidence is graded from four components, after GRADE-CERQual: methodological "
        "limitations (how the share was estimated), coherence (whether places and sources point the same way), "
        "adequacy (how precise, and how many people), relevance (how many places it draws on). Each concern "
        "counts 0 (none) to 3 (serious), and the grade falls one level for every two points: a mechanical first "
        "reading for the team to review, not a substitute for their judgement. The same reasons are in "
        "`tables/findings.csv`.\n"
    )
    for finding in rows:
        out.print(f"- **{finding['title']}**: {finding['confidence']}. " + "; ".join(finding["reasons"]) + ".")
    out.print()
    return str(out)
