import pandas as pd

from qualsynth.report.prose import cell, change_sentence, interval, join, markdown_table, nice, pct, points, share_text


def test_numbers_read_as_people_write_them():
    assert pct(0.255) == "26%" and pct(1.0) == "100%"
    assert points(0.5) == "+50 points" and points(-0.07) == "−7 points" and points(0.01) == "+1 point"
    assert points(0.0) == "±0 points"
    assert interval(0.1, 0.4) == "95% interval 10% to 40%"
    assert interval(-0.24, 0.36, as_points=True) == "95% interval −24 to +36 points"
    assert interval(float("nan"), 0.3) == "no interval"
    assert join(["a"]) == "a" and join(["a", "b", "c"]) == "a, b and c"


def test_change_sentence_says_which_way_and_how_sure():
    trend = {
        "direction": "fell",
        "share_first": 0.69,
        "share_last": 0.30,
        "change": -0.39,
        "change_lo": -0.67,
        "change_hi": -0.07,
        "clear": True,
        "places": 6,
        "places_rose": 0,
        "places_fell": 5,
    }
    assert change_sentence("Goal uncertainty", trend, "W1", "W4") == (
        "**Goal uncertainty** fell: it was raised in 69% of units in W1 and 30% in W4 (−39 points, 95% interval "
        "−67 to −7 points). Within the 6 places, its change is clear in 5 (rose in 0, fell in 5)."
    )
    level = {
        "direction": "no clear change",
        "share_first": 0.5,
        "share_last": 0.5,
        "change": 0.0,
        "change_lo": -0.5,
        "change_hi": 0.5,
        "clear": False,
    }
    assert change_sentence("Trust", level, "A", "B") == "**Trust** was raised in 50% of units in both A and B."
    # Not clear over the family of themes: the same numbers, no direction.
    pooled = {**trend, "estimator": "partially pooled", "direction": "no clear change", "clear": False, "places": 0}
    assert change_sentence("Goal uncertainty", pooled, "W1", "W4") == (
        "**Goal uncertainty** was raised in 69% of units in W1 and 30% in W4 (−39 points, 95% interval −67 to −7 "
        "points; partially pooled); the change is not clear once every theme's change is read together."
    )
    spanning = {**pooled, "change_hi": 0.05}
    assert change_sentence("Goal uncertainty", spanning, "W1", "W4").endswith("; the change is not clear.")
    few = {**trend, "places_fell": 0}
    assert change_sentence("Goal uncertainty", few, "W1", "W4").endswith("Within the 6 places, no change is clear.")
    machine = {
        **trend,
        "direction": "no clear change",
        "estimator": "uncorrected",
        "change_lo": float("nan"),
        "change_hi": float("nan"),
        "places": 0,
    }
    assert change_sentence("Goal uncertainty", machine, "W1", "W4") == (
        "**Goal uncertainty** was raised in 69% of units in W1 and 30% in W4 by the machine's count (−39 points; "
        "the machine's share, uncorrected); with no unit coded by hand, whether it changed cannot be said."
    )


def test_share_text_names_what_kind_of_estimate_it_is():
    assert share_text(0.26, 0.2, 0.31) == "26% (95% interval 20% to 31%)"
    assert share_text(0.26, 0.2, 0.31, "partially pooled") == "26% (95% interval 20% to 31%; partially pooled)"
    assert share_text(0.25, 0.25, 0.25, "census") == "25% (every unit coded by hand)"
    assert share_text(0.4, float("nan"), float("nan"), "uncorrected") == (
        "40% (the machine's share, uncorrected: no interval)"
    )
    assert (
        share_text(float("nan"), float("nan"), float("nan"), "not estimable") == "not estimable (too few coded units)"
    )


def test_a_table_gives_each_column_room_for_its_longest_word():
    table = pd.DataFrame(
        {
            "Theme": ["Speeding and dangerous driving on residential streets", "Parks"],
            "Change": ["−2 points", "±0 points"],
            "Respondents": [3, 10],
        }
    )
    lines = markdown_table(table).splitlines()
    # Theme: its text capped at 28; Change: its longest word "points" (6) + 6 = 12; Respondents: the header's one
    # word (11) + 6 = 17. The 6 leave room for a cell's padding.
    assert lines[1] == "|:" + "-" * 29 + "|:" + "-" * 13 + "|" + "-" * 18 + ":|"
    assert lines[2] == "| Speeding and dangerous driving on residential streets | −2 points    | 3                 |"
    assert len(lines) == 4


def test_a_table_cell_keeps_a_pipe_as_text_and_shows_floats_as_written():
    lines = markdown_table(pd.DataFrame({"Word": ["a|b"], "Lift": [1.5]})).splitlines()
    # Each cell padded to its width (10: "Word", "Lift" + 6), then " | ".
    assert lines[2] == r"| a\|b       | 1.5        |"


def test_nice_capitalises_a_label_without_lowering_the_rest():
    assert nice("nhs_111", {"nhs_111": "NHS 111"}, capital=True) == "NHS 111"
    assert nice("venue_staff", {"venue_staff": "venue staff"}, capital=True) == "Venue staff"
    assert nice("council_officer", capital=True) == "Council officer"
    assert nice("council_officer") == "council officer"


def test_the_summary_says_for_how_many_themes_the_automatic_coding_was_corrected():
    from qualsynth.report.sections.opening import what_was_corrected

    assert what_was_corrected(pd.Series(["design-based"] * 3)) == (
        "the automatic coding of every unit was corrected by how far it erred on those"
    )
    assert what_was_corrected(pd.Series(["human codes only"] * 4)).startswith(
        "too few of them raised each theme (or did not) to measure how far the automatic coding errs, so every "
        "share rests on the human codes alone"
    )
    assert what_was_corrected(pd.Series(["design-based", "human codes only", "human codes only"])) == (
        "for 1 of the 3 themes the automatic coding was corrected by how far it erred on those; for 2, too few coded "
        "units raised the theme (or did not) to measure that, and the share rests on the human codes alone"
    )


def test_a_share_and_its_interval_stay_together_in_a_table():
    lines = markdown_table(pd.DataFrame({"Agreeing": [cell(0.34, 0.25, 0.42, "design-based")]})).splitlines()
    # "34%\u00a0(25%–42%)" is one word of 13 characters: the column is 19 wide, and the space is a no-break one.
    assert lines[2] == "| 34%\u00a0(25%–42%)       |" and lines[1] == "|:" + "-" * 20 + "|"
