"""A simulation study of the estimators with a known truth (``bench/simulate_estimation.py`` runs it in
full; the tests run a small version).

Each replicate builds a population of units in strata within two groups (think: the first and the
last wave), with a known human code Yᵢ drawn at the strata's prevalences, and a machine coder of set
sensitivity and specificity whose code Mᵢ is calibrated into a probability fᵢ = P(Y = 1 | M) on the
coded sample by cross-fitting, as the pipeline does. A stratified random sample is "coded by hand".
Three estimators are compared, overall and for the difference between the two groups:

* ``naive``: the machine's share of units, with the interval the pipeline used to give it
  (resampling units), i.e. what a report shows without correction;
* ``human``: the human codes of the sample alone (the design-based estimate, λ = 0);
* ``corrected``: the prediction-powered estimate of :mod:`qualsynth.estimation`.

For each: bias, 95% interval coverage of the population's true share, and mean interval width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from qualsynth.synthesis.comparisons import difference
from qualsynth.synthesis.estimation import Design, Estimate, error_rates, estimate_share

Z = 1.959963984540054


@dataclass(frozen=True)
class Setting:
    """One scenario: the machine coder, the population and the sample."""

    name: str
    sensitivity: float
    specificity: float
    prevalence: Sequence[float] = (0.15, 0.2, 0.25, 0.3, 0.35)  # per stratum of the first group
    shift: float = 0.1  # the second group's strata are this much more prevalent
    stratum_size: int = 200
    per_stratum: int = 20  # units coded by hand in each stratum
    domain: float = 0.0  # > 0: also estimate a group cutting across strata holding this share of units
    model_group_sensitivity: float | None = None  # a small group whose coder errs differently (model-based)
    note: str = ""
    groups: int = 2

    def strata(self) -> list[float]:
        return [p + g * self.shift for g in range(self.groups) for p in self.prevalence]


@dataclass
class Tally:
    """Running sums for one estimator and one quantity."""

    errors: list[float] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def add(self, estimate: float, low: float, high: float, truth: float) -> None:
        self.errors.append(estimate - truth)
        self.covered.append(bool(low <= truth <= high))
        self.widths.append(high - low)

    def summary(self) -> dict[str, float]:
        return {
            "bias": round(float(np.mean(self.errors)), 4),
            "rmse": round(float(np.sqrt(np.mean(np.square(self.errors)))), 4),
            "coverage": round(float(np.mean(self.covered)), 4),
            "mean_width": round(float(np.mean(self.widths)), 4),
            "replicates": len(self.errors),
        }


def calibrate(
    machine: np.ndarray, y: np.ndarray, sampled: np.ndarray, folds: int, rng: np.random.Generator
) -> np.ndarray:
    """fᵢ = P(Y = 1 | M = Mᵢ), estimated on the coded sample by cross-fitting: a coded unit's value
    comes from the other folds only; an uncoded unit's is the mean over the folds' values."""
    coded = np.flatnonzero(sampled)
    fold = np.empty(len(machine), dtype=int)
    fold[coded] = rng.permutation(np.arange(len(coded)) % folds)
    f = np.zeros(len(machine))
    per_fold = []
    for k in range(folds):
        train = coded[fold[coded] != k]
        rates = np.array(
            [(y[train][machine[train] == v].sum() + 0.5) / ((machine[train] == v).sum() + 1) for v in (0, 1)]
        )
        per_fold.append(rates)
        held = coded[fold[coded] == k]
        f[held] = rates[machine[held]]
    mean_rates = np.mean(per_fold, axis=0)
    rest = ~sampled
    f[rest] = mean_rates[machine[rest]]
    return f


def replicate(setting: Setting, rng: np.random.Generator, min_coded: int = 10) -> dict[str, dict[str, tuple]]:
    """One population, one sample, every estimator: {quantity: {estimator: (estimate, low, high, truth)}}."""
    prevalences = setting.strata()
    size = setting.stratum_size
    stratum = np.repeat(np.arange(len(prevalences)), size)
    group = stratum // len(setting.prevalence)
    y = (rng.random(len(stratum)) < np.repeat(prevalences, size)).astype(int)
    sensitivity = np.full(len(y), setting.sensitivity)
    odd = np.zeros(len(y), dtype=bool)
    if setting.model_group_sensitivity is not None:
        odd = stratum == 0  # the small group: the first stratum
        sensitivity[odd] = setting.model_group_sensitivity
    machine = np.where(y == 1, rng.random(len(y)) < sensitivity, rng.random(len(y)) > setting.specificity).astype(int)
    sampled = np.zeros(len(y), dtype=bool)
    for h in range(len(prevalences)):
        sampled[rng.choice(np.flatnonzero(stratum == h), size=setting.per_stratum, replace=False)] = True
    groups = ()
    if setting.per_stratum == 1:  # one coded unit per stratum: variance from collapsed pairs
        groups = tuple(tuple(range(h, h + 2)) for h in range(0, len(prevalences) - 1, 2))
    design = Design(stratum, sampled, sampled, groups)
    f = calibrate(machine, y, sampled, 5, rng)
    seen = np.where(sampled, y, np.nan)
    results: dict[str, dict[str, tuple]] = {}

    pooled: list[float] = []

    def compare(name: str, mask: np.ndarray) -> tuple[Estimate, Estimate]:
        units = np.flatnonzero(mask)
        corrected, human = estimate_share(
            design, units, seen[units], f[units], min_coded=min_coded, pooled_lam=pooled[0] if pooled else None
        )
        pooled.append(corrected.lam)
        truth = float(y[units].mean())
        share = float(machine[units].mean())
        half = Z * np.sqrt(share * (1 - share) / len(units))
        results[name] = {
            "naive": (share, share - half, share + half, truth),
            "human": (human.estimate, human.low, human.high, truth, human.se),
            "corrected": (corrected.estimate, corrected.low, corrected.high, truth, corrected.se),
        }
        return corrected, human

    everyone = np.ones(len(y), dtype=bool)
    compare("overall", everyone)
    if setting.groups == 2:
        first, first_human = compare("first group", group == 0)
        second, second_human = compare("second group", group == 1)
        truth = float(y[group == 1].mean() - y[group == 0].mean())
        gap, gap_human = difference(second, first, design), difference(second_human, first_human, design)
        naive = results["second group"]["naive"][0] - results["first group"]["naive"][0]
        spread = np.sqrt(sum(((r["naive"][2] - r["naive"][0]) / Z) ** 2 for k, r in results.items() if k != "overall"))
        results["difference"] = {
            "naive": (naive, naive - Z * spread, naive + Z * spread, truth),
            "human": (gap_human.estimate, gap_human.low, gap_human.high, truth, gap_human.se),
            "corrected": (gap.estimate, gap.low, gap.high, truth, gap.se),
        }
    if setting.domain:
        compare("cross-cutting group", rng.random(len(y)) < setting.domain)
    if setting.model_group_sensitivity is not None or setting.name.startswith("model-based"):
        small = stratum == 0
        rates = error_rates(design, np.arange(len(y)), seen, f)
        # The group has too few coded units for the design-based estimate: force the model-based one.
        estimate, _ = estimate_share(design, np.flatnonzero(small), seen[small], f[small], min_coded=10**9, rates=rates)
        results["small group (model-based)"] = {
            "corrected": (estimate.estimate, estimate.low, estimate.high, float(y[small].mean()))
        }
    return results


def run(settings: Sequence[Setting], replicates: int, seed: int = 20241130) -> list[dict[str, object]]:
    """Every setting, ``replicates`` times: one row per (setting, quantity, estimator)."""
    rows = []
    for k, setting in enumerate(settings):
        rng = np.random.default_rng([seed, k])
        tallies: dict[tuple[str, str], Tally] = {}
        narrower: dict[str, list[bool]] = {}
        for _ in range(replicates):
            for quantity, found in replicate(setting, rng).items():
                for estimator, (estimate, low, high, truth, *_) in found.items():
                    tallies.setdefault((quantity, estimator), Tally()).add(estimate, low, high, truth)
                if "human" in found:
                    # Compared before the cut to [0, 1], which can trim either interval more than the other.
                    narrower.setdefault(quantity, []).append(found["corrected"][4] <= found["human"][4] + 1e-12)
        for (quantity, estimator), tally in tallies.items():
            row = {
                "setting": setting.name,
                "sensitivity": setting.sensitivity,
                "specificity": setting.specificity,
                "coded_per_stratum": setting.per_stratum,
                "quantity": quantity,
                "estimator": estimator,
                **tally.summary(),
            }
            if estimator == "corrected" and quantity in narrower:
                row["never_wider_than_human"] = bool(all(narrower[quantity]))
            rows.append(row)
    return rows


SETTINGS = [
    Setting("informative coder", 0.85, 0.90),
    Setting(
        "over-coder (twice the true positives)", 0.90, 0.53, note="marks about twice as many units as the truth holds"
    ),
    Setting("weak coder", 0.60, 0.70),
    Setting("uninformative coder", 0.50, 0.50),
    Setting("rare theme", 0.80, 0.95, prevalence=(0.02, 0.03, 0.04, 0.05, 0.06), shift=0.03),
    Setting("small sample", 0.85, 0.90, per_stratum=4),
    Setting(
        "one coded unit per stratum",
        0.85,
        0.90,
        prevalence=tuple(np.linspace(0.15, 0.35, 20)),
        shift=0.1,
        stratum_size=50,
        per_stratum=1,
    ),
    Setting("group cutting across strata", 0.85, 0.90, domain=0.3),
    Setting("model-based, error rates alike", 0.85, 0.90, groups=1),
    Setting("model-based, the group's coder misses more", 0.85, 0.90, groups=1, model_group_sensitivity=0.4),
]
