"""The calibrated probability per unit and theme: cross-fitted, with the classifiers' logits nested, so
that no coded unit's score depends on its own code."""

import numpy as np
import pandas as pd

from qualsynth.coding.calibration import fit_scorer, unit_scores
from qualsynth.coding.evidence import calibrated_codes, cut_offs
from qualsynth.coding.pieces import pieces
from qualsynth.coding.unit_model import PassageText


def survey(n: int = 60, seed: int = 0):
    """n respondents, one passage each; theme t1 true for every third, whose hits and embedding show it."""
    rng = np.random.default_rng(seed)
    units = [f"r{i:03d}" for i in range(n)]
    y = (np.arange(n) % 3 == 0).astype(float)
    segments = pd.DataFrame(
        {
            "segment_id": [f"{u}-1" for u in units],
            "unit_id": units,
            "role": "respondent",
            "is_participant": True,
            "n_words": 20,
        }
    )
    hits = (y + (rng.random(n) < 0.1)).reshape(-1, 1)
    vectors = np.column_stack([y + rng.normal(0, 0.5, n), rng.normal(0, 1, n)]).astype(np.float32)
    return segments, y, hits, vectors


def scored(y: np.ndarray, coded: int = 40):
    segments, _, hits, vectors = survey()
    p_all = pieces(segments)
    coded_units = sorted(segments["unit_id"])[:coded]
    p = pieces(segments[segments["unit_id"].isin(coded_units)])
    index = {u: i for i, u in enumerate(segments["unit_id"])}
    rows = p.passages["unit_id"].map(index).to_numpy()
    piece_rows = p.table["unit_id"].map(index).to_numpy()
    folds = {u: k % 4 for k, u in enumerate(coded_units)}
    scorer = fit_scorer(
        p,
        hits[piece_rows],
        y[rows].reshape(-1, 1),
        folds,
        4,
        ["t1"],
        PassageText(embeddings=vectors[rows]),
        vectors[rows],
        references=(np.array([[1.0, 0.0]]), np.array([0]), np.array([0])),
    )
    every_piece = p_all.table["unit_id"].map(index).to_numpy()
    return scorer, unit_scores(scorer, p_all, hits[every_piece], ["t1"], vectors[p_all.passages["unit_id"].map(index)])


def test_a_coded_units_score_does_not_depend_on_its_own_code():
    _, y, _, _ = survey()
    _, before = scored(y)
    flipped = y.copy()
    flipped[0] = 1 - flipped[0]  # r000, in fold 0
    _, after = scored(flipped)
    units = before[before["role"] == ""].set_index("unit_id")["score"]
    again = after[after["role"] == ""].set_index("unit_id")["score"]
    # r000 and every unit of its fold are scored by models that never saw fold 0: unchanged.
    fold_zero = [f"r{i:03d}" for i in range(0, 40, 4)]
    assert np.allclose(units[fold_zero], again[fold_zero])
    # Units of the other folds, and the units not coded, are scored by models that saw r000's code.
    assert not np.allclose(units.drop(fold_zero), again.drop(fold_zero))


def test_scores_are_probabilities_that_separate_the_theme():
    _, y, _, _ = survey()
    scorer, scores = scored(y)
    units = scores[scores["role"] == ""].set_index("unit_id")["score"]
    assert units.between(0, 1).all()
    truth = pd.Series(y, index=[f"r{i:03d}" for i in range(60)])
    uncoded = truth.index[40:]
    assert units[uncoded][truth[uncoded] == 1].min() > units[uncoded][truth[uncoded] == 0].median()
    assert scorer.summary["inputs"] == ["rules", "codebook similarity", "embedding"]


def test_the_cut_off_codes_as_many_units_as_the_probabilities_expect():
    unit_scores_table = pd.DataFrame(
        {"unit_id": ["a", "b", "c"], "role": "", "theme_id": "t1", "score": [0.8, 0.7, 0.5]}
    )
    # Units a, b and c; a has two passages. The probabilities sum to 2.0: two units are coded, those whose
    # best passage is highest (a at 0.9, b at 0.5; c's best is 0.2).
    passages = pd.DataFrame({"segment_id": ["a-1", "a-2", "b-1", "c-1"], "t1": [0.9, 0.3, 0.5, 0.2]})
    said = pd.DataFrame({"segment_id": ["a-1", "a-2", "b-1", "c-1"], "unit_id": ["a", "a", "b", "c"]})
    cuts = cut_offs(unit_scores_table, passages, said)
    assert cuts == {"t1": 0.5}
    codes = calibrated_codes(passages, cuts)
    assert list(codes["segment_id"]) == ["a-1", "b-1"] and set(codes["coder"]) == {"calibrated"}
    # Expecting none: nothing is coded.
    none = cut_offs(unit_scores_table.assign(score=[0.2, 0.1, 0.1]), passages, said)
    assert calibrated_codes(passages, none).empty


def test_classifiers_fitted_on_two_threads_are_those_fitted_on_one_each_under_its_theme():
    from qualsynth.coding.unit_model import MIN_CLASSIFIER_POSITIVES, fit_classifiers

    _, y, _, vectors = survey()
    # Theme 0 follows the embedding's first column; theme 1 is its opposite; theme 2 has a single
    # positive, under the minimum, so it gets no classifier.
    labels = np.column_stack([y, 1 - y, np.eye(len(y))[0]])
    assert labels[:, 2].sum() < MIN_CLASSIFIER_POSITIVES
    text = PassageText(embeddings=vectors)
    rows = np.arange(len(y))
    one = fit_classifiers(text, rows, labels, workers=1).models["embedding"]
    two = fit_classifiers(text, rows, labels, workers=2).models["embedding"]
    assert sorted(one) == sorted(two) == [0, 1]
    for j in (0, 1):
        assert np.array_equal(one[j].coef_, two[j].coef_)
    # Each model sits under its own theme: theme 0 weighs the first column up, theme 1 down.
    assert two[0].coef_[0, 0] > 0 > two[1].coef_[0, 0]
