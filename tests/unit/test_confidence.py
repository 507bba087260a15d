"""CERQual-style confidence: each component's concern from what was measured, and the grade from their sum."""

from qualsynth.synthesis.confidence import Assessment, adequacy, coherence, grade, limitations, relevance


def concerns(*levels):
    return [Assessment("c", level, "why") for level in levels]


def test_the_grade_falls_by_one_level_for_every_two_points_of_concern():
    assert grade(concerns(0, 0, 1, 0)) == "high"
    assert grade(concerns(1, 1, 0, 0)) == "moderate"
    assert grade(concerns(1, 1, 1, 0)) == "moderate"
    assert grade(concerns(2, 2, 0, 0)) == "low"
    assert grade(concerns(3, 3, 1, 0)) == "very low"


def test_limitations_follow_the_estimator_and_the_reference_coders_positives():
    assert limitations("design-based", 40).concern == 0
    assert limitations("partially pooled", 40).concern == 1
    # Fewer than 10 coded positives adds a level, and the reason says how many.
    few = limitations("partially pooled", 4)
    assert few.concern == 2 and "coded it in 4 unit(s)" in few.reason
    assert limitations("census", 1).concern == 0


def test_coherence_counts_the_places_pointing_each_way():
    assert coherence(5, 0, 6, "places").concern == 0  # 5/6 ≥ 3/4
    assert coherence(3, 0, 6, "places").concern == 1  # a half
    assert coherence(2, 0, 6, "places").concern == 2
    opposed = coherence(4, 1, 6, "places")
    assert opposed.concern == 3 and opposed.reason == "1 of 6 places clearly point the other way"


def test_adequacy_reads_the_half_width_and_the_people():
    assert adequacy(0.30, 0.50, 100, 5).concern == 0  # ±10 points
    assert adequacy(0.20, 0.50, 100, 5).concern == 1  # ±15 points
    assert adequacy(0.20, 0.50, 9, 5).concern == 2  # and fewer than twice the smallest cell
    assert adequacy(0.0, 0.6, None, 5).reason == "interval ±30 points"


def test_relevance_counts_the_places_drawn_on():
    assert [relevance(n, 6).concern for n in (6, 3, 2)] == [0, 1, 2]
