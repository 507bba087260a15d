"""Every problem at once, and the same problem on many rows said once with the rows it is on."""

import datetime as dt
from pathlib import Path

import pytest

from qualsynth.errors import InputError, Problems
from qualsynth.ingest.check import _responses_in_no_wave
from qualsynth.ingest.readers import Source, Unit
from qualsynth.settings import Wave


def test_problems_of_one_kind_are_listed_three_times_then_summed_up():
    problems = Problems()
    problems.add("a.csv, line 2: the config has no key x.")
    for row in range(2, 8):
        problems.add(
            f"s.csv, row {row}: role 'Staff' is not in the role map.", kind="s.csv: role 'Staff'", where=f"row {row}"
        )
    assert len(problems) == 7
    with pytest.raises(InputError) as raised:
        problems.raise_if_any()
    assert raised.value.problems == [
        "a.csv, line 2: the config has no key x.",
        "s.csv, row 2: role 'Staff' is not in the role map.",
        "s.csv, row 3: role 'Staff' is not in the role map.",
        "s.csv, row 4: role 'Staff' is not in the role map.",
        "s.csv: role 'Staff': the same problem on 3 more (row 5, row 6, row 7).",
    ]
    assert str(raised.value).startswith("7 problems:\n")


def test_survey_responses_dated_in_no_wave_are_named_by_row():
    # Rows 2 and 3 read their dates the wrong way round (February, not December); row 3 answered twice.
    source = Source(
        [
            Unit("row 2, question 1", "", "warm", date="2024-02-12"),
            Unit("row 3, question 1", "", "tea", date="2024-03-12"),
            Unit("row 3, question 2", "", "more chairs", date="2024-03-12"),
            Unit("row 4, question 1", "", "company", date="2024-12-05"),
        ]
    )
    waves = [Wave("W1", dt.date(2024, 11, 1), dt.date(2025, 2, 28), "Winter")]
    problems = _responses_in_no_wave(Path("survey.csv"), source, waves)
    assert problems == [
        "survey.csv, row 2: the response is dated 2024-02-12, in no wave of inquiry.waves. Check "
        "ingest.surveys.date_format (day and month the right way round?), or widen the waves.",
        "survey.csv, row 3: the response is dated 2024-03-12, in no wave of inquiry.waves. Check "
        "ingest.surveys.date_format (day and month the right way round?), or widen the waves.",
    ]
