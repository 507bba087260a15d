"""A simulation study of the product's own estimates with a known truth (``bench/simulate_estimation.py``
runs it in full; the tests run a small version).

Each replicate builds a survey of respondents in places × waves (groups of a few to a few dozen), with
a true code per respondent and theme, and a keyword coder whose hit rates may differ by place. Then it
runs what the pipeline runs, function for function: ``make sample``'s stratified draw
(:func:`draw_batch`), the calibration cross-fitted on the coded units (:func:`train_calibration`,
:func:`unit_scores`), the unit scores (:func:`assemble_unit_scores`), the design
(:func:`sample_design`) and :class:`Estimates`: shares overall, by place and by place × wave, and
each place's change between the waves with the directions stated over the family of places and
themes. Each published interval is scored against the population's realised share, by the estimator
the product used for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualsynth.coding.calibration import assemble_unit_scores, fit_scorer, unit_scores
from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.coding.pieces import pieces
from qualsynth.coding.sampling import append_register, batch_strata, draw_batch, empty_register, uncertainty_of
from qualsynth.coding.unit_model import PassageText
from qualsynth.errors import InputError
from qualsynth.settings import EstimationSettings
from qualsynth.synthesis.design import sample_design
from qualsynth.synthesis.estimates import Estimates
from qualsynth.synthesis.trends import wave_change_by_place

STRATA = ["place", "wave"]
FOLDS = 5
SMALL_CHANGE = 0.02


@dataclass(frozen=True)
class Setting:
    """One scenario: the survey's groups, the themes, the coder and the share coded by hand.

    Per place, the coder's sensitivity and false-hit rate are the setting's, moved by a normal draw of
    ``spread`` on the logit scale: 0 means the coder errs alike everywhere. ``changes`` is the share of
    place × theme pairs whose prevalence moves between the waves (by 10–30 points, up or down); the
    others do not move. ``signal`` > 0 adds a codebook similarity per respondent and theme whose true
    positives sit ``signal`` standard deviations above the negatives (moved by place as the coder's
    error rates are): 1.5 is an AUC of about 0.86, what the codebook similarity reaches on real answers.
    ``uncertainty``: half the coded units are drawn at random, half by the machine's uncertainty.
    ``blind`` is the share of each theme's positives written in a way the coder never recognises (its
    hits and similarity those of a negative): errors concentrated in a few phrasings, as a classifier
    that learnt a handful of wordings has them, which a sample with few positives may hold none of.
    """

    name: str
    sensitivity: float = 0.8
    false_rate: float = 0.1
    spread: float = 0.0
    cell_sizes: tuple[int, int] = (5, 50)
    places: int = 6
    prevalence: Sequence[float] = (0.35, 0.15, 0.05)
    changes: float = 0.5
    coded: float = 0.3
    signal: float = 0.0
    min_positives: int = EstimationSettings.min_coded_positives
    min_adjusted: int = EstimationSettings.min_coded_positives_adjusted
    uncertainty: bool = False
    blind: float = 0.0
    note: str = ""


@dataclass
class Tally:
    """Running sums for one quantity and estimator."""

    errors: list[float] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    bounded: list[bool] = field(default_factory=list)

    def add(self, estimate: float, low: float, high: float, truth: float, bounded: bool = False) -> None:
        self.errors.append(estimate - truth)
        self.covered.append(bool(low - 1e-9 <= truth <= high + 1e-9))
        self.widths.append(high - low)
        self.bounded.append(bounded)

    def summary(self) -> dict[str, float]:
        covered, bounded = np.array(self.covered), np.array(self.bounded)
        return {
            "cells": len(self.errors),
            "coverage": round(float(np.mean(covered)), 4),
            "bias": round(float(np.mean(self.errors)), 4),
            "mean_width": round(float(np.mean(self.widths)), 4),
            "at_bound": round(float(np.mean(bounded)), 4),
            "coverage_off_bound": round(float(np.mean(covered[~bounded])), 4) if (~bounded).any() else float("nan"),
        }


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def population(setting: Setting, rng: np.random.Generator) -> Population:
    """The respondents (units and their one passage each), the true codes, the keyword hits and the
    codebook similarities (None without a signal)."""
    low, high = setting.cell_sizes
    places = [f"P{p + 1}" for p in range(setting.places)]
    rows = []
    for place in places:
        for wave in ("W1", "W2"):
            rows += [(place, wave)] * int(rng.integers(low, high + 1))
    units = pd.DataFrame(rows, columns=["place", "wave"])
    units.insert(0, "unit_id", [f"R{i:05d}" for i in range(len(units))])
    units = units.assign(doc_id=units["unit_id"], method="survey", source="survey")
    place_of = units["place"].map({p: i for i, p in enumerate(places)}).to_numpy()
    later = (units["wave"] == "W2").to_numpy()
    themes = len(setting.prevalence)
    truth = np.zeros((len(units), themes), dtype=int)
    hits = np.zeros((len(units), themes))
    signal = np.zeros((len(units), themes))
    for k, base in enumerate(setting.prevalence):
        level = np.clip(base * np.exp(rng.normal(0, 0.3, setting.places)), 0.01, 0.9)
        moves = rng.random(setting.places) < setting.changes
        step = np.where(moves, rng.uniform(0.1, 0.3, setting.places) * rng.choice([-1, 1], setting.places), 0.0)
        p = np.clip(level[place_of] + later * step[place_of], 0.005, 0.95)
        truth[:, k] = rng.random(len(units)) < p
        seen = truth[:, k] * (rng.random(len(units)) >= setting.blind)
        sensitivity = 1 / (1 + np.exp(-(_logit(setting.sensitivity) + rng.normal(0, setting.spread, setting.places))))
        false_rate = 1 / (1 + np.exp(-(_logit(setting.false_rate) + rng.normal(0, setting.spread, setting.places))))
        rate = np.where(seen == 1, sensitivity[place_of], false_rate[place_of])
        hits[:, k] = (rng.random(len(units)) < rate) * (1 + rng.poisson(0.5, len(units)))
        separation = setting.signal * np.exp(rng.normal(0, setting.spread / 2, setting.places))
        signal[:, k] = 0.25 + 0.08 * (rng.normal(0, 1, len(units)) + seen * separation[place_of])
    segments = units.assign(
        segment_id=units["unit_id"] + "-1",
        participant_id=units["unit_id"],
        role="respondent",
        is_participant=True,
        n_words=5 + rng.poisson(30, len(units)),
    )
    return Population(units, segments, truth, hits, signal if setting.signal > 0 else None)


@dataclass(frozen=True)
class Population:
    """A simulated survey: respondents (units, one passage each), their true codes, keyword hits and
    codebook similarities (None without a signal)."""

    units: pd.DataFrame
    segments: pd.DataFrame
    truth: np.ndarray
    hits: np.ndarray
    signal: np.ndarray | None = None

    @property
    def theme_ids(self) -> list[str]:
        return [f"t{k + 1}" for k in range(self.truth.shape[1])]


def coded_table(pop: Population, complete: set[str], seed: int) -> pd.DataFrame:
    """The unit scores table the estimates read, with the units ``complete`` coded (their true codes):
    the scorer cross-fitted on them, every unit scored."""
    units, segments, truth, hits, theme_ids = pop.units, pop.segments, pop.truth, pop.hits, pop.theme_ids
    is_coded_unit = segments["unit_id"].isin(complete).to_numpy()
    rows, columns = np.nonzero(truth[is_coded_unit])
    reference = pd.DataFrame(
        {
            "segment_id": [
                *segments["segment_id"].to_numpy()[is_coded_unit][rows],
                *segments.loc[is_coded_unit, "segment_id"],
            ],
            "theme_id": [*(theme_ids[j] for j in columns), *[""] * int(is_coded_unit.sum())],
        }
    )
    # One passage per respondent: a unit piece and a role piece each, with the same hits and codes.
    index = dict(zip(units["unit_id"], range(len(units))))
    everyone = pieces(segments)
    per_piece = everyone.table["unit_id"].map(index).to_numpy()
    per_passage = everyone.passages["unit_id"].map(index).to_numpy()
    is_coded = everyone.table["unit_id"].isin(complete).to_numpy()
    coded_pieces = pieces(segments[is_coded_unit])
    coded_passages = coded_pieces.passages["unit_id"].map(index).to_numpy()
    order = sorted(complete)
    folds = np.random.default_rng(seed).permutation(np.arange(len(order)) % FOLDS)
    vectors, references = _signal_as_embeddings(pop.signal)
    scorer = fit_scorer(
        coded_pieces,
        hits[per_piece][is_coded],
        truth[coded_passages].astype(float),
        dict(zip(order, folds.tolist())),
        FOLDS,
        theme_ids,
        PassageText(embeddings=vectors[coded_passages]) if vectors is not None else None,
        vectors[coded_passages] if vectors is not None else None,
        references=references,
    )
    scores = unit_scores(
        scorer, everyone, hits[per_piece], theme_ids, vectors[per_passage] if vectors is not None else None
    )
    hit_rows, hit_columns = np.nonzero(hits)
    machine = pd.DataFrame(
        {"segment_id": segments["segment_id"].to_numpy()[hit_rows], "theme_id": [theme_ids[j] for j in hit_columns]}
    )
    return assemble_unit_scores(scores, segments, machine, reference, complete, theme_ids)


def estimates(
    pop: Population,
    coded: float,
    seed: int,
    min_positives: int = EstimationSettings.min_coded_positives,
    uncertainty: bool = False,
    min_adjusted: int = EstimationSettings.min_coded_positives_adjusted,
) -> Estimates:
    """The product's path from a population to its estimates: draw ``coded`` of the units stratified by
    place and wave (with ``uncertainty``: half so, then half by the machine's uncertainty once the first
    half is coded and scored), code them (their true codes), calibrate the machine on them, estimate."""
    n = round(coded * len(pop.units))
    register = draw_batch(
        pop.units, empty_register(), n // 2 if uncertainty else n, STRATA, seed, drawn_on="2024-01-01"
    )
    strata = None
    if uncertainty:
        u = uncertainty_of(coded_table(pop, set(register["unit_id"]), seed))
        try:
            second = draw_batch(pop.units, register, n - n // 2, STRATA, seed, drawn_on="2024-02-01", uncertainty=u)
            strata = batch_strata(pop.units, register, second, u, STRATA)
        except InputError:  # too small a batch for its strata: drawn without BY, as the message says
            second = draw_batch(pop.units, register, n - n // 2, STRATA, seed, drawn_on="2024-02-01")
        register = append_register(register, second)
    complete = set(register["unit_id"])
    table = coded_table(pop, complete, seed)
    codebook = Codebook("simulation", "", tuple(Theme(t, t, "area", "Area", "", ()) for t in pop.theme_ids))
    design = sample_design(pop.units, register, complete, STRATA, batch_strata=strata)
    settings = EstimationSettings(min_coded_positives=min_positives, min_coded_positives_adjusted=min_adjusted)
    return Estimates(design, table, pop.units, pop.segments, codebook, settings)


def score(
    units: pd.DataFrame, truth: np.ndarray, found: Estimates, waves: Sequence[str]
) -> tuple[list[tuple], list[tuple]]:
    """(quantity, estimator, estimate, low, high, truth, human-only width, at bound) per theme's overall
    share, per published share by place and by place × wave, per place's first-to-last-wave change, per theme's overall change and
    for the difference between the first two places; (stated direction, true change) per place's change.

    "At bound": no unit of the group has the theme, or every unit has it (for a difference: so it is on
    both sides). Every interval that holds its own estimate covers such a truth once the coded units
    all agree, so these cells are covered whatever the method; coverage is also reported without them."""
    theme_of = {f"t{k + 1}": k for k in range(truth.shape[1])}
    shares = []
    for row in found.prevalence().itertuples(index=False):
        real = float(truth[:, theme_of[row.theme_id]].mean())
        human = row.human_only_hi - row.human_only_lo
        shares.append(
            ("overall share", row.estimator, row.share, row.share_lo, row.share_hi, real, human, real in (0, 1))
        )
    for quantity, by in (("place share", ["place"]), ("place × wave share", ["place", "wave"])):
        table = found.prevalence(by)
        keys = units[by].astype(str).agg("|".join, axis=1)
        for row in table.itertuples(index=False):
            mask = (keys == "|".join(str(getattr(row, c)) for c in by)).to_numpy()
            real = float(truth[mask, theme_of[row.theme_id]].mean())
            human = row.human_only_hi - row.human_only_lo
            shares.append((quantity, row.estimator, row.share, row.share_lo, row.share_hi, real, human, real in (0, 1)))
    people = units.groupby(["place", "wave"]).size().to_dict()
    changes = wave_change_by_place(found, waves, sorted(units["place"].unique()), people)
    directions = []
    first, last = (units["wave"] == waves[0]).to_numpy(), (units["wave"] == waves[-1]).to_numpy()
    for row in changes.itertuples(index=False):
        k = theme_of[row.theme_id]
        here = (units["place"] == row.place).to_numpy()
        sides = truth[here & last, k].mean(), truth[here & first, k].mean()
        real = float(sides[0] - sides[1])
        shares.append(
            ("place change", row.estimator, row.change, row.change_lo, row.change_hi, real, np.nan, _bound(sides))
        )
        directions.append((row.direction, real))
    overall = found.change(waves)
    for row in overall.itertuples(index=False):
        k = theme_of[row.theme_id]
        sides = truth[last, k].mean(), truth[first, k].mean()
        real = float(sides[0] - sides[1])
        shares.append(
            ("change overall", row.estimator, row.change, row.change_lo, row.change_hi, real, np.nan, _bound(sides))
        )
    places = sorted(units["place"].unique())
    for theme_id, k in theme_of.items():
        # A single pre-named comparison of two places: its ordinary interval.
        gap = found.gap(theme_id, "place", places[0], places[1])
        one, two = (units["place"] == places[0]).to_numpy(), (units["place"] == places[1]).to_numpy()
        sides = truth[one, k].mean(), truth[two, k].mean()
        real = float(sides[0] - sides[1])
        shares.append(
            ("difference of two places", gap.method, gap.estimate, gap.low, gap.high, real, np.nan, _bound(sides))
        )
    return shares, directions


def _signal_as_embeddings(signal: np.ndarray | None) -> tuple[np.ndarray | None, tuple | None]:
    """A similarity signal (units × themes) as the scorer reads it: passage "embeddings" whose dot
    product with theme j's one codebook text (the j-th unit vector) is the unit's signal for theme j.
    The supervised classifier over the embeddings then reads every theme's signal, as one over real
    embeddings reads every direction."""
    if signal is None:
        return None, None
    n_themes = signal.shape[1]
    return signal.astype(np.float32), (np.eye(n_themes), np.arange(n_themes), np.zeros(n_themes, dtype=int))


def _bound(sides: tuple[float, float]) -> bool:
    return sides[0] == sides[1] and sides[0] in (0, 1)


def replicate(setting: Setting, rng: np.random.Generator, seed: int) -> tuple[list[tuple], list[tuple]]:
    """One population and sample, scored (:func:`score`)."""
    pop = population(setting, rng)
    found = estimates(pop, setting.coded, seed, setting.min_positives, setting.uncertainty, setting.min_adjusted)
    return score(pop.units, pop.truth, found, ["W1", "W2"])


def run(settings: Sequence[Setting], replicates: int, seed: int = 20241130) -> dict[str, list[dict[str, object]]]:
    """Every setting, ``replicates`` times: coverage rows per (setting, quantity, estimator), and per
    setting the directions stated and how many of them were false."""
    coverage, directions = [], []
    for k, setting in enumerate(settings):
        rng = np.random.default_rng([seed, k])
        tallies: dict[tuple[str, str], Tally] = {}
        wider: dict[str, list[bool]] = {}
        cells: dict[str, int] = {}
        missing: dict[str, int] = {}
        stated = false = 0
        for r in range(replicates):
            shares, moves = replicate(setting, rng, seed + 1000 * k + r)
            for quantity, estimator, estimate, low, high, real, human, bounded in shares:
                cells[quantity] = cells.get(quantity, 0) + 1
                if estimate != estimate:
                    missing[quantity] = missing.get(quantity, 0) + 1
                    continue
                tallies.setdefault((quantity, estimator), Tally()).add(estimate, low, high, real, bounded)
                tallies.setdefault((quantity, "all"), Tally()).add(estimate, low, high, real, bounded)
                if human == human:
                    wider.setdefault(quantity, []).append(high - low > human + 1e-9)
            for direction, real in moves:
                if direction in ("rose", "fell"):
                    stated += 1
                    false += int(abs(real) < SMALL_CHANGE or (real > 0) != (direction == "rose"))
        for (quantity, estimator), tally in tallies.items():
            if not tally.errors:
                continue
            coverage.append(
                {
                    "setting": setting.name,
                    "quantity": quantity,
                    "estimator": estimator,
                    **tally.summary(),
                    **(
                        {
                            "not_estimable": round(missing.get(quantity, 0) / cells[quantity], 4),
                            "wider_than_human_only": (
                                round(float(np.mean(wider[quantity])), 4) if wider.get(quantity) else float("nan")
                            ),
                        }
                        if estimator == "all"
                        else {}
                    ),
                }
            )
        directions.append(
            {
                "setting": setting.name,
                "directions_stated": stated,
                "false_directions": false,
                "false_share": round(false / stated, 4) if stated else 0.0,
            }
        )
    return {"coverage": coverage, "directions": directions}


SETTINGS = [
    Setting("coder errs alike in every place"),
    Setting("coder's error rates differ by place", spread=0.8, note="logit sd 0.8: sensitivity about 0.55–0.95"),
    Setting("error rates differ strongly, small groups", spread=1.5, cell_sizes=(5, 20)),
    Setting("weak coder", sensitivity=0.6, false_rate=0.3, spread=0.5),
    Setting("over-coder", sensitivity=0.9, false_rate=0.35, spread=0.5, note="marks about twice the true positives"),
    Setting("few coded (15%)", coded=0.15, spread=0.8),
    Setting("with codebook similarity", spread=0.8, signal=1.5, note="similarity AUC about 0.86; errs by place"),
    Setting("strong similarity, few coded (15%)", spread=0.8, signal=2.5, coded=0.15),
    Setting("similarity, 40% coded, half by uncertainty", spread=0.8, signal=1.5, coded=0.4, uncertainty=True),
    Setting(
        "strong similarity, errs strongly by place, half by uncertainty",
        spread=1.5,
        signal=2.5,
        cell_sizes=(10, 40),
        coded=0.4,
        uncertainty=True,
        note="a batch too small to cross its strata with the uncertainty strata is drawn without them",
    ),
]
