import numpy as np
import pandas as pd

from qualsynth.coding.codebook import Theme
from qualsynth.coding.supervised import best_threshold, supervised_codes
from qualsynth.settings import CodingSettings

THEMES = [
    Theme(
        "money",
        "Money",
        "a",
        "A",
        "Talk about money and budgets.",
        ("money",),
        (),
        "",
        "",
        ("The budget ran out.", "We had no money left."),
    )
]
TEXTS = {
    True: [
        "The budget was cut again this year.",
        "No money for the youth club now.",
        "Funding ran dry in March.",
        "We spent the whole grant on rent.",
        "Money is always the first question.",
        "The budget decides everything.",
    ],
    False: [
        "The park was lovely in the sun.",
        "My neighbour walks her dog daily.",
        "We painted the hall blue.",
        "The bus was late again.",
        "Children played football outside.",
        "Tea and biscuits at ten.",
    ],
}


def corpus():
    rows, human = [], []
    for d in range(6):
        for k, positive in enumerate([True, False, True, False]):
            sid = f"d{d}-t{k:03d}-s01"
            text = TEXTS[positive][(d + k) % 6]
            rows.append(
                {
                    "segment_id": sid,
                    "unit_id": f"d{d}",
                    "doc_id": f"d{d}",
                    "role": "resident",
                    "n_words": len(text.split()),
                    "is_participant": True,
                    "text": text,
                }
            )
            human.append({"segment_id": sid, "coder": "A", "theme_id": "money" if positive else ""})
    rows.append(
        {
            "segment_id": "u-t001-s01",
            "unit_id": "u",
            "doc_id": "u",
            "role": "resident",
            "n_words": 4,
            "is_participant": True,
            "text": "The budget is tight.",
        }
    )
    return pd.DataFrame(rows), pd.DataFrame(human)


SETTINGS = CodingSettings(combine="supervised", min_human_codes=3, cv_folds=3)


def test_best_threshold_maximises_f1_by_hand():
    # cut 0.6 → predicted {0.9, 0.6}: tp 2, F1 = 4/(2+2) = 1.0
    assert best_threshold(np.array([0.9, 0.6, 0.3, 0.1]), np.array([1, 1, 0, 0])) == 0.6


def test_best_threshold_with_beta_below_one_prefers_precision():
    probabilities = np.array([0.9, 0.8, 0.4, 0.3, 0.2])
    labels = np.array([1, 0, 1, 0, 0])
    # cut 0.9: P=1, R=0.5 → F1 0.667, F0.5 0.833; cut 0.4: P=0.667, R=1 → F1 0.8, F0.5 0.714
    assert best_threshold(probabilities, labels, beta=1.0) == 0.4
    assert best_threshold(probabilities, labels, beta=0.5) == 0.9


def test_best_threshold_never_marks_more_than_twice_the_coders_positives():
    # One positive in ten, scored low: the F1 optimum is 0.1 (marks 5, tp 1: F1 = 2/6) but 5 > 2 × 1.
    probabilities = np.array([0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.04, 0.03, 0.02, 0.01])
    labels = np.array([0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    cut = best_threshold(probabilities, labels)
    assert cut >= 0.4 and int((probabilities >= cut).sum()) <= 2


def test_supervised_codes_cross_validated_prediction_ignores_the_segments_own_human_code():
    segments, human = corpus()
    before, trained = supervised_codes(segments, human, THEMES, SETTINGS)
    assert trained == {"money"}
    target = "d0-t000-s01"
    flipped = human.copy()
    flipped.loc[flipped["segment_id"] == target, "theme_id"] = ""
    after, _ = supervised_codes(segments, flipped, THEMES, SETTINGS)
    score = lambda codes: codes.loc[codes["segment_id"] == target, "score"].tolist()  # noqa: E731
    assert score(before) == score(after)
    # The flip is not invisible: the model for segments nobody coded did learn from it.
    uncoded = lambda codes: codes.loc[codes["segment_id"] == "u-t001-s01", "score"].tolist()  # noqa: E731
    assert uncoded(before) != uncoded(after)


def test_supervised_codes_code_the_uncoded_segment_with_evidence():
    segments, human = corpus()
    codes, _ = supervised_codes(segments, human, THEMES, SETTINGS)
    row = codes[codes["segment_id"] == "u-t001-s01"].iloc[0]
    assert row["theme_id"] == "money" and row["coder"] == "supervised"
    assert "fold models" in row["evidence"] and "terms:" in row["evidence"]


def test_top_terms_are_a_rows_largest_positive_contributions_ties_in_vocabulary_order():
    from types import SimpleNamespace

    from scipy.sparse import csr_matrix

    from qualsynth.coding.supervised import _top_terms

    terms = np.array(["a", "b", "c", "d", "e"])
    # Row 1: a, b and d each contribute 1 × 0.5 = 0.5 (a tie), e contributes 1 × −1; c has the largest
    # weight but is absent from the row. Row 0 holds only c.
    x = csr_matrix(np.array([[0, 0, 2.0, 0, 0], [1.0, 2.0, 0, 1.0, 1.0]]))
    model = SimpleNamespace(coef_=np.array([[0.5, 0.25, 9.0, 0.5, -1.0]]))
    assert _top_terms(model, x, 1, terms) == "a, b, d"
    assert _top_terms(model, x, 1, terms, k=2) == "a, b"
    assert _top_terms(model, x, 0, terms) == "c"
    # Only positive contributions are shown.
    negative = SimpleNamespace(coef_=np.array([[-0.5, -0.25, 9.0, 0.5, -1.0]]))
    assert _top_terms(negative, x, 1, terms) == "d"


def test_training_on_two_threads_gives_the_same_coder_as_on_one():
    from qualsynth.coding.supervised import labelled_segments, train_supervised

    segments, human = corpus()
    # A second theme, coded on every passage not about money, so that a theme's fits landing under the
    # other theme's column would show.
    outdoors = Theme("outdoors", "Outdoors", "a", "A", "Being outside.", ("park",), (), "", "", ("In the park.",))
    human = pd.concat([human, human[human["theme_id"] == ""].assign(theme_id="outdoors")], ignore_index=True)
    themes = [*THEMES, outdoors]
    labelled = labelled_segments(segments, human)
    one = train_supervised(labelled, human, themes, SETTINGS, workers=1)
    two = train_supervised(labelled, human, themes, SETTINGS, workers=2)
    assert one.model_folds == two.model_folds and set(one.models) == {"money", "outdoors"}
    for theme in one.models:
        for (a, cut_a), (b, cut_b) in zip(one.models[theme], two.models[theme]):
            assert np.array_equal(a.coef_, b.coef_) and cut_a == cut_b
    assert one.cv_probabilities.equals(two.cv_probabilities)
    money = labelled["text"].isin(TEXTS[True]).to_numpy()
    probabilities = one.cv_probabilities.loc[labelled["segment_id"]]
    assert (probabilities["money"].to_numpy()[money] > probabilities["outdoors"].to_numpy()[money]).mean() > 0.5
