import numpy as np
import pandas as pd
import pytest

from qualsynth.coding.agreement import agreement_table, counts, krippendorff_alpha, statistics

# Ten segments; reference says yes to 1-4, the other coder to 1-3 and 5.
REFERENCE = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
OTHER = np.array([1, 1, 1, 0, 1, 0, 0, 0, 0, 0], dtype=bool)


def test_counts_and_statistics_by_hand():
    table = counts(REFERENCE, OTHER)
    assert list(table) == [3, 1, 1, 5]
    stats = statistics(table)
    assert stats["precision"] == pytest.approx(3 / 4)
    assert stats["recall"] == pytest.approx(3 / 4)
    assert stats["f1"] == pytest.approx(0.75)
    # observed 8/10; chance = (4·4 + 6·6)/100 = 0.52; kappa = (0.8 - 0.52)/0.48
    assert stats["kappa"] == pytest.approx(0.28 / 0.48)
    # alpha: 20 values, 8 ones, 12 zeros, 2 disagreeing units: 1 - 19·2/(12·8)
    assert stats["alpha"] == pytest.approx(1 - 38 / 96)


def test_closed_form_alpha_matches_the_krippendorff_package():
    assert krippendorff_alpha(REFERENCE, OTHER) == pytest.approx(1 - 38 / 96)
    rng = np.random.default_rng(3)
    a, b = rng.random(40) < 0.3, rng.random(40) < 0.4
    assert statistics(counts(a, b))["alpha"] == pytest.approx(krippendorff_alpha(a, b))


def test_perfect_agreement_and_chance_level():
    assert statistics(counts(REFERENCE, REFERENCE))["kappa"] == pytest.approx(1.0)
    # Independent-looking pattern: observed agreement equals chance agreement → kappa 0.
    a = np.array([1, 1, 0, 0], dtype=bool)
    b = np.array([1, 0, 1, 0], dtype=bool)
    assert statistics(counts(a, b))["kappa"] == pytest.approx(0.0)


def decisions(theme, reference, other, docs):
    return pd.DataFrame(
        {
            "segment_id": [f"{theme}-{i}" for i in range(len(reference))],
            "unit_id": docs,
            "theme_id": theme,
            "reference": reference,
            "other": other,
        }
    )


def test_agreement_table_flags_themes_with_too_few_reference_codes_and_pools():
    docs = ["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d4", "d5", "d5"]
    frame = pd.concat(
        [
            decisions("common", REFERENCE, OTHER, docs),
            decisions("rare", np.array([1] + [0] * 9, bool), np.array([1] + [0] * 9, bool), docs),
        ]
    )
    table = agreement_table(frame, "auto vs A", ["common", "rare"], min_reference_positives=4, n_bootstrap=200)
    rows = table.set_index("theme_id")
    assert rows.loc["common", "flag"] == "" and rows.loc["rare", "flag"] == "too_few_reference_codes"
    assert rows.loc["rare", "kappa"] == pytest.approx(1.0)
    # Pooled over both themes: tp 4, fp 1, fn 1, tn 14.
    assert rows.loc["ALL (pooled)", "f1"] == pytest.approx(8 / 10)
    # Macro covers only the judged theme.
    assert rows.loc["ALL (macro)", "f1"] == pytest.approx(0.75)
    assert rows.loc["common", "kappa_lo"] <= rows.loc["common", "kappa"] <= rows.loc["common", "kappa_hi"]


def test_bootstrap_interval_is_a_point_when_every_document_agrees_the_same_way():
    docs = ["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d4", "d5", "d5"]
    same = np.array([1, 0] * 5, bool)
    table = agreement_table(decisions("t", same, same, docs), "x", ["t"], min_reference_positives=1, n_bootstrap=100)
    row = table.set_index("theme_id").loc["t"]
    assert (row["f1_lo"], row["f1"], row["f1_hi"]) == (1.0, 1.0, 1.0)
