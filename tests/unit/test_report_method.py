"""The method appendix's sentences from hand-written estimation settings."""

from qualsynth.report.sections.method import few_positives


def test_few_positives_names_the_range_and_how_many_themes_used_it():
    clause = few_positives(
        {"min_coded_positives": 10, "min_coded_positives_adjusted": 5, "corrected_from_few_positives": 1}
    )
    assert "from 5 to 9 coded units" in clause and "(1 theme here)" in clause
    assert "one unit the machine missed and one it flagged wrongly" in clause


def test_few_positives_says_nothing_when_the_range_is_off():
    assert few_positives({"min_coded_positives": 10, "min_coded_positives_adjusted": 10}) == ""
    assert few_positives({"min_coded_positives": 10}) == ""
