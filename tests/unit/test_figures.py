import pandas as pd
from matplotlib.collections import LineCollection

from qualsynth.report.figures import (
    area_chunks,
    cooccurrence_network,
    estimates_and_machine,
    places_to_show,
    prevalence_heatmap,
    save_figure,
    stage_onsets,
    wave_trends,
)

LABELS = {"a": "Alpha", "b": "Beta", "c": "Gamma"}


def test_wave_trends_draws_one_panel_per_theme_with_its_line_and_band_on_shared_axes():
    by_wave = pd.DataFrame(
        {
            "wave": ["W1", "W2"] * 2,
            "theme_id": ["a", "a", "b", "b"],
            "share": [0.2, 0.6, 0.5, 0.1],
            "share_lo": [0.0, 0.3, 0.2, 0.0],
            "share_hi": [0.5, 0.9, 0.8, 0.3],
        }
    )
    panels = [ax for ax in wave_trends(by_wave, ["a", "b"], LABELS, ["W1", "W2"]).axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == ["Alpha", "Beta"]
    assert [[list(line.get_ydata()) for line in ax.get_lines()] for ax in panels] == [[[0.2, 0.6]], [[0.5, 0.1]]]
    assert [len(ax.collections) for ax in panels] == [1, 1]  # each theme's interval band
    assert {ax.get_ylim() for ax in panels} == {(0.0, 1.0)}


def test_wave_trends_lays_nine_themes_out_in_three_rows_of_four():
    by_wave = pd.DataFrame({"wave": ["W1"] * 9, "theme_id": list("abcdefghi"), "share": [0.1] * 9})
    fig = wave_trends(by_wave, list("abcdefghi"), {t: t.upper() for t in "abcdefghi"}, ["W1"])
    assert len(fig.axes) == 12 and sum(ax.get_visible() for ax in fig.axes) == 9


def test_cooccurrence_network_joins_only_pairs_above_chance():
    edges = pd.DataFrame({"theme_a": ["a", "a"], "theme_b": ["b", "c"], "share_both": [0.3, 0.5], "lift": [1.5, 0.8]})
    ax = cooccurrence_network(edges, LABELS, {"a": "One", "b": "One", "c": "Two"}).axes[0]
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(c.get_segments()) for c in lines) == 1  # a–b (lift 1.5); a–c is below chance


def test_stage_onsets_marks_never_after_the_last_wave(tmp_path):
    order = pd.DataFrame({"place": ["P"], "early_onset": [1.0], "later_onset": [3.0], "order": ["later not salient"]})
    fig = stage_onsets(order, ["W1", "W2"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["W1", "W2", "never"]
    path = save_figure(fig, tmp_path / "stages.png")
    first = path.read_bytes()
    save_figure(stage_onsets(order, ["W1", "W2"]), tmp_path / "again.png")
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and (tmp_path / "again.png").read_bytes() == first


def test_estimates_and_machine_puts_each_estimate_beside_the_machine_share():
    prevalence = pd.DataFrame(
        {
            "theme_id": ["a", "b"],
            "share": [0.3, 0.1],
            "share_lo": [0.2, 0.0],
            "share_hi": [0.4, 0.25],
            "machine_share": [0.6, 0.1],
        }
    )
    ax = estimates_and_machine(prevalence, LABELS).axes[0]
    # Ordered by the estimate, lowest first: Beta then Alpha.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Beta", "Alpha"]
    diamonds = [c for c in ax.collections if c.get_offsets().shape[0] == 2 and not isinstance(c, LineCollection)]
    assert [list(map(float, xy)) for xy in diamonds[-1].get_offsets()] == [[0.1, 0.0], [0.6, 1.0]]


def test_wave_trends_shares_an_axis_up_to_ten_points_above_the_highest_interval():
    by_wave = pd.DataFrame(
        {
            "wave": ["W1", "W2"],
            "theme_id": ["a", "a"],
            "share": [0.05, 0.08],
            "share_lo": [0.0, 0.02],
            "share_hi": [0.1, 0.12],
        }
    )
    ax = wave_trends(by_wave, ["a"], LABELS, ["W1", "W2"]).axes[0]
    assert ax.get_ylim() == (0.0, 0.2)  # 12% and two points of room: up to 20%


def test_area_chunks_keep_areas_whole_up_to_sixteen_rows():
    # Areas of 5, 7, 7, 5 and 8 themes (the demo's): 5+7, 7+5, 8.
    sizes = {"goals": 5, "structures": 7, "power": 7, "learning": 5, "roles": 8}
    theme_area = {f"{area}{k}": area for area, n in sizes.items() for k in range(n)}
    chunks = area_chunks(theme_area)
    assert [len(c) for c in chunks] == [12, 12, 8]
    assert chunks[0][0] == "goals0" and chunks[2][-1] == "roles7"
    assert area_chunks({"a": "x", "b": "y"}) == [["a", "b"]]
    # An area of 20 themes alone is cut in two.
    assert [len(c) for c in area_chunks({f"t{k}": "big" for k in range(20)})] == [16, 4]


def test_the_estimates_axis_is_fitted_to_the_largest_value():
    prevalence = pd.DataFrame(
        {
            "theme_id": ["a", "b"],
            "share": [0.2, 0.1],
            "share_lo": [0.1, 0.0],
            "share_hi": [0.32, 0.2],
            "machine_share": [0.25, 0.1],
        }
    )
    # The largest value is the interval's 32%: the axis runs to the next 10 points above, 40%.
    assert estimates_and_machine(prevalence, LABELS).axes[0].get_xlim() == (0.0, 0.4)


def test_the_heatmap_scale_is_fitted_and_marks_cells_whose_interval_clears_the_overall_share():
    by_place = pd.DataFrame(
        {
            "theme_id": ["a", "a", "a"],
            "place": ["North", "South", "West"],
            "share": [0.5, 0.1, 0.3],
            "share_lo": [0.4, 0.05, 0.1],
            "share_hi": [0.6, 0.2, 0.45],
            "estimator": ["partially pooled", "partially pooled", "human codes only"],
        }
    )
    fig = prevalence_heatmap(by_place, {"a": "Alpha"}, {"a": 0.3})
    # North 40–60% is above the overall 30%, South 5–20% below, West 10–45% neither (and human codes alone).
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["10%▼", "30%*", "50%▲"]
    assert fig.axes[0].get_images()[0].get_clim() == (0.0, 0.6)


def test_a_heatmap_of_many_places_shows_those_where_most_intervals_clear_the_overall_share():
    rows = [
        # place, theme, interval, units; the overall shares are a 30%, b 50%.
        ("North", "a", 0.40, 0.60, 10),  # clears a
        ("North", "b", 0.45, 0.55, 10),
        ("South", "a", 0.05, 0.20, 5),  # clears a and b
        ("South", "b", 0.60, 0.70, 5),
        ("West", "a", 0.10, 0.45, 20),
        ("West", "b", 0.20, 0.40, 20),  # clears b
        ("East", "a", 0.20, 0.40, 50),
        ("East", "b", 0.40, 0.60, 50),
    ]
    by_place = pd.DataFrame(rows, columns=["place", "theme_id", "share_lo", "share_hi", "units"])
    by_place["share"] = (by_place["share_lo"] + by_place["share_hi"]) / 2
    by_place["estimator"] = "partially pooled"
    overall = {"a": 0.3, "b": 0.5}
    # South clears two themes; North and West one each, and West has more units; East none.
    assert places_to_show(by_place, overall, limit=2) == ["South", "West"]
    assert places_to_show(by_place, overall, limit=4) == ["East", "North", "South", "West"]
    fig = prevalence_heatmap(by_place, {"a": "Alpha", "b": "Beta"}, overall, ["South", "West"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["South", "West"]
    assert len(fig.axes[0].texts) == 4


def test_network_labels_wrap_rather_than_break_off():
    long = {"a": "Influence depends on power over the rules", "b": "Beta", "c": "Gamma"}
    edges = pd.DataFrame({"theme_a": ["a"], "theme_b": ["b"], "share_both": [0.3], "lift": [1.5]})
    texts = [t.get_text() for t in cooccurrence_network(edges, long, dict.fromkeys(long, "One")).axes[0].texts]
    assert "Influence depends on power\nover the rules" in texts and not any("…" in t for t in texts)
