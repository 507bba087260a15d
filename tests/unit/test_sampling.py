"""make sample: stratified batches of units, recorded in a register beside the raw data."""

import pandas as pd
import pytest

from qualsynth.coding.sampling import allocate, append_register, draw_batch, empty_register, read_register
from qualsynth.errors import InputError

# Ten units: Alder W1 (3), Alder W2 (2), Birch W1 (4, one a survey response), Birch W2 (1).
UNITS = pd.DataFrame(
    {
        "unit_id": ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "sv-r0002", "b5"],
        "doc_id": ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "sv", "b5"],
        "place": ["Alder"] * 5 + ["Birch"] * 5,
        "wave": ["W1", "W1", "W1", "W2", "W2", "W1", "W1", "W1", "W1", "W2"],
        "method": ["interview"] * 8 + ["survey", "interview"],
    }
)


def test_allocate_gives_every_stratum_one_and_the_rest_in_proportion():
    assert allocate([2, 2, 4], 4) == [1, 1, 2]
    # Targets 2.5, 2.5, 3, 2: floors 2, 2, 3, 2 and the one left to the first of the tied remainders.
    assert allocate([5, 5, 6, 4], 10) == [3, 2, 3, 2]
    assert allocate([1, 10], 2) == [1, 1] and allocate([1, 10], 5) == [1, 4]
    with pytest.raises(ValueError):
        allocate([3, 3], 7)


def test_draw_sample_stratifies_by_place_and_wave_and_records_the_probabilities():
    batch = draw_batch(UNITS, empty_register(), 5, ["place", "wave"], seed=1, drawn_on="2026-01-05")
    # Targets 1.5, 1, 2, 0.5 → 1, 1, 2, 1 units from strata of 3, 2, 4 and 1.
    drawn = batch.groupby("stratum").agg(
        n=("unit_id", "size"), units=("stratum_units", "first"), p=("inclusion_probability", "first")
    )
    assert drawn.to_dict("index") == {
        "Alder / W1": {"n": 1, "units": 3, "p": round(1 / 3, 6)},
        "Alder / W2": {"n": 1, "units": 2, "p": 0.5},
        "Birch / W1": {"n": 2, "units": 4, "p": 0.5},
        "Birch / W2": {"n": 1, "units": 1, "p": 1.0},
    }
    assert set(batch["batch"]) == {1} and set(batch["drawn_on"]) == {"2026-01-05"} and set(batch["seed"]) == {1}
    assert set(batch["population"]) == {"all units"}
    # The same register, units and seed draw the same batch.
    again = draw_batch(UNITS, empty_register(), 5, ["place", "wave"], seed=1, drawn_on="2026-01-05")
    pd.testing.assert_frame_equal(batch, again)


def test_draw_sample_next_batch_draws_only_units_not_drawn_before():
    first = draw_batch(UNITS, empty_register(), 5, ["place", "wave"], seed=1, drawn_on="d")
    register = append_register(empty_register(), first)
    second = draw_batch(UNITS, register, 3, ["place", "wave"], seed=1, drawn_on="d")
    assert set(second["batch"]) == {2}
    assert not set(second["unit_id"]) & set(first["unit_id"])
    # Birch W2 had one unit, drawn in batch 1: the three strata left get one each.
    assert sorted(second["stratum"]) == ["Alder / W1", "Alder / W2", "Birch / W1"]


def test_draw_sample_from_a_filtered_population():
    batch = draw_batch(UNITS, empty_register(), 1, ["place", "wave"], seed=1, where="method=survey", drawn_on="d")
    assert list(batch["unit_id"]) == ["sv-r0002"] and list(batch["population"]) == ["method=survey"]
    others = draw_batch(UNITS, empty_register(), 4, ["place", "wave"], seed=1, where="method!=survey", drawn_on="d")
    assert "sv-r0002" not in set(others["unit_id"])


def test_draw_sample_says_what_to_do_when_the_batch_cannot_be_drawn():
    with pytest.raises(
        InputError,
        match=r"make sample N=3: the units left to draw fall in 4 strata \(place × wave\), "
        r"and every stratum needs at least one\. Draw at least 4",
    ):
        draw_batch(UNITS, empty_register(), 3, ["place", "wave"], seed=1)
    with pytest.raises(
        InputError, match=r"make sample N=11: only 10 unit\(s\) of all units are neither drawn nor coded yet"
    ):
        draw_batch(UNITS, empty_register(), 11, ["place", "wave"], seed=1)
    with pytest.raises(InputError, match=r"sample filter 'mode=survey' is not understood"):
        draw_batch(UNITS, empty_register(), 1, ["place"], seed=1, where="mode=survey")
    with pytest.raises(InputError, match=r"no unit has method 'surveys'"):
        draw_batch(UNITS, empty_register(), 1, ["place"], seed=1, where="method=surveys")


def test_read_register_names_the_line_of_a_bad_row(tmp_path):
    batch = draw_batch(UNITS, empty_register(), 5, ["place", "wave"], seed=1, drawn_on="d")
    path = tmp_path / "coding_sample.csv"
    append_register(empty_register(), batch).to_csv(path, index=False)
    assert list(read_register(path)["unit_id"]) == list(batch["unit_id"])
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[2]]) + "\n")
    with pytest.raises(InputError, match=r"coding_sample.csv, line 7: unit '.+' is registered twice"):
        read_register(path)
    path.write_text("\n".join(lines[:2] + [lines[2].replace(",1,all units", ",x,all units")]) + "\n")
    with pytest.raises(InputError, match=r"coding_sample.csv, line 3: batch 'x' is not valid"):
        read_register(path)
    assert read_register(tmp_path / "missing.csv").empty


def test_read_register_lists_every_bad_row_at_once(tmp_path):
    batch = draw_batch(UNITS, empty_register(), 5, ["place", "wave"], seed=1, drawn_on="d")
    path = tmp_path / "coding_sample.csv"
    append_register(empty_register(), batch).to_csv(path, index=False)
    lines = path.read_text().splitlines()
    # Line 2 repeated as lines 7 and 8, and line 3's batch spoilt: three problems.
    lines[2] = lines[2].replace(",1,all units", ",x,all units")
    path.write_text("\n".join(lines + [lines[1], lines[1]]) + "\n")
    with pytest.raises(InputError) as raised:
        read_register(path)
    message = str(raised.value)
    assert message.startswith("3 problems:")
    assert "coding_sample.csv, line 7: unit" in message and "coding_sample.csv, line 8: unit" in message
    assert "coding_sample.csv, line 3: batch 'x' is not valid" in message


def test_draw_sample_stratifies_by_role_or_by_a_column_of_the_register():
    # Roles that speak in each unit, and a register column of the team's own ("site": hub or outreach).
    units = UNITS.assign(
        roles=[
            "staff",
            "staff",
            "resident",
            "resident",
            "resident",
            "staff",
            "resident",
            "resident",
            "resident",
            "staff",
        ],
        site=["hub", "hub", "hub", "hub", "outreach", "outreach", "outreach", "hub", "hub", "outreach"],
    )
    by_role = draw_batch(units, empty_register(), 4, ["role"], seed=1, drawn_on="2026-01-05")
    # 4 staff and 6 resident units: targets 1.6 and 2.4, floors 1 and 2, the unit left to staff (remainder 0.6).
    assert by_role.groupby("stratum")["stratum_units"].first().to_dict() == {"resident": 6, "staff": 4}
    assert by_role.groupby("stratum").size().to_dict() == {"resident": 2, "staff": 2}
    by_site = draw_batch(units, empty_register(), 2, ["site"], seed=1, drawn_on="2026-01-05", where="method=interview")
    assert sorted(by_site["stratum"]) == ["hub", "outreach"]
    with pytest.raises(
        InputError,
        match=r"config key 'sampling.strata': 'sit' is not something units can be grouped by \(did you mean 'site'\?\)",
    ):
        draw_batch(units, empty_register(), 2, ["sit"], seed=1)
    with pytest.raises(InputError, match=r"sample filter 'group=a' is not understood: 'group' is not something"):
        draw_batch(units, empty_register(), 2, ["site"], seed=1, where="group=a")


def test_a_filter_by_role_takes_every_unit_the_role_speaks_in():
    units = UNITS.assign(roles=["staff", "staff;volunteer", "volunteer", *["resident"] * 7])
    batch = draw_batch(units, empty_register(), 2, [], seed=1, drawn_on="2026-01-05", where="role=staff")
    assert sorted(batch["unit_id"]) == ["a1", "a2"]  # a2, where staff and a volunteer speak, is staff's too
