"""The report's story from a hand-built findings model."""

from qualsynth.report.sections.messages import (
    area_narrative,
    area_questions,
    confidence_appendix,
    key_messages,
    questions_to_explore,
)


def finding(id_, area, themes, valence=None, question="Q?"):
    return {
        "id": id_,
        "kind": "change",
        "area_id": area,
        "theme_ids": themes,
        "title": f"T {id_}",
        "statement": f"S {id_}.",
        "valence": valence,
        "confidence": "moderate",
        "reasons": [
            "methodological limitations: minor concerns (a model)",
            "coherence: no or very minor concerns (6 of 6)",
        ],
        "question": question,
    }


FINDINGS = {
    "findings": [
        finding("pair", "goals", ["a", "b"], "strength", "Why did goals change?"),
        finding("b.change", "goals", ["b"], "need", "What eased b?"),
        finding("c.change", "goals", ["c"], None, "Is c progress?"),
        finding("d.places", "learning", ["d"], "mixed", "What can places learn?"),
    ],
    "key_messages": ["pair", "d.places"],
}


def test_key_messages_are_numbered_with_their_valence_confidence_and_question():
    text = key_messages(FINDINGS)
    assert "The 2 findings to read first" in text
    assert (
        "1. **T pair.** S pair. Raised as a strength. *Confidence: moderate.* *For the programme:* Why did goals change?"
        in text
    )
    assert "2. **T d.places.** S d.places. Raised both as a strength and as a need." in text


def test_an_area_tells_each_finding_once_and_asks_its_own_questions():
    text = area_narrative(FINDINGS, "goals")
    # b's change is told by the pair: not told again, nor its question asked.
    assert "S pair." in text and "S c.change." in text and "S b.change." not in text
    assert "For the programme" not in text
    assert area_questions(FINDINGS, "goals") == "- Why did goals change?\n- Is c progress?\n\n"


def test_an_area_with_no_finding_says_why():
    assert "each interval includes no change" in area_narrative(FINDINGS, "roles")
    assert "each interval includes no change" in key_messages({"findings": [], "key_messages": []})


def test_questions_to_explore_take_the_key_messages_then_one_per_area():
    text = questions_to_explore(FINDINGS, [("goals", "Goals"), ("learning", "Learning")])
    assert text.endswith("- Why did goals change?\n- What can places learn?\n- Is c progress?\n\n")


def test_a_statement_that_opens_with_its_title_is_not_told_twice():
    told = finding("x", "goals", ["x"])
    told |= {"title": "Doubt fell", "statement": "Doubt fell: raised in 40% of units in W1 and 10% in W2."}
    assert area_narrative({"findings": [told], "key_messages": []}, "goals") == (
        "**Doubt fell**: raised in 40% of units in W1 and 10% in W2. *Confidence: moderate.*\n\n"
    )


def test_the_confidence_appendix_gives_every_finding_its_reasons():
    text = confidence_appendix(FINDINGS)
    assert text.count(": moderate. methodological limitations: minor concerns (a model); coherence: ") == 4
    assert "- **T pair**: moderate." in text


def test_a_key_message_gives_the_brief_and_the_area_the_whole_statement():
    long = finding("pair", "goals", ["a", "b"]) | {"statement": "S long; and more.", "brief": "S short."}
    findings = {"findings": [long], "key_messages": ["pair"]}
    assert "**T pair.** S short." in key_messages(findings) and "S long" not in key_messages(findings)
    assert "**T pair.** S long; and more." in area_narrative(findings, "goals")


def test_with_no_unit_coded_by_hand_the_report_says_why_nothing_is_stated():
    uncorrected = {"findings": [], "key_messages": [], "estimation": {"estimators": {"uncorrected": 40}}}
    assert "no unit was coded by hand" in key_messages(uncorrected)
    assert "each interval includes no change" not in area_narrative(uncorrected, "goals")


def test_a_place_difference_is_told_beside_its_themes_change():
    changed = finding("x.change", "goals", ["x"]) | {"kind": "change"}
    differs = finding("x.places", "goals", ["x"]) | {"kind": "place difference"}
    text = area_narrative({"findings": [changed, differs], "key_messages": []}, "goals")
    assert "S x.change." in text and "S x.places." in text


def test_an_inquiry_without_a_survey_is_not_told_of_survey_ratings():
    interviews = {"findings": [], "key_messages": [], "likert": {"items": 0}}
    assert "survey" not in key_messages(interviews) and "survey" not in area_narrative(interviews, "goals")
    rated = {"findings": [], "key_messages": [], "likert": {"items": 6}}
    assert "survey rating" in key_messages(rated)
