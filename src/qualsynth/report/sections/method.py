"""How it was analysed: the coding, the human-coded sample, the correction, agreement with the human coders, and the places compared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.report.data import Coding, Inquiry, Shares
from qualsynth.report.figures import (
    area_figures,
    estimates_and_machine,
)
from qualsynth.report.prose import (
    Markdown,
    half_points,
    interval,
    join,
    markdown_table,
    pct,
    points,
)


def how_it_was_analysed(inquiry: Inquiry, shares: Shares, coding: Coding, findings: dict[str, Any]) -> str:
    """How the passages were coded, how the human-coded sample was drawn, what the correction does, and how far the machine agrees with the human coders."""
    out = Markdown()
    out.print(how_passages_were_coded(inquiry, coding.coding_run, coding.reference, findings["codebook_version"]))
    out.print(UNITS_NOT_PASSAGES)
    out.print(how_the_sample_was_drawn(coding.kind, coding.design, coding.reference, coding.placement))
    if coding.corrected:
        estimation = findings["estimation"]
        target = estimation["target_half_width"]
        out.print(what_the_correction_does(coding.calibration, coding.reference))
        if estimation.get("coder_worth", {}).get("themes_corrected"):
            out.print(what_the_machine_is_worth(estimation["coder_worth"], coding.reference))
        out.print(rare_themes_and_small_groups(estimation, estimators_used(shares.prevalence, breakdowns(shares))))
        out.print(what_more_coding_buys(target))
        out.print(more_coding_table(shares.power, inquiry.labels, findings["most_prevalent"]["theme_ids"], target))
    if coding.has_agreement:
        out.print(agreement_with_coders(coding))
    return str(out)


def how_data_were_split(documents: pd.DataFrame, counts: Mapping[str, Any]) -> str:
    """How the documents and survey exports were split, de-identified and cut into passages."""
    logs = " (learning logs into entries)" if any("log" in str(m) for m in documents["method"]) else ""
    return {
        (True, False): f"Documents were split into speaker turns{logs}",
        (False, True): "Survey exports were split into answers, one per respondent and question",
        (True, True): f"Documents were split into speaker turns{logs} and survey exports into "
        "answers, one per respondent and question",
    }[(bool(counts["other_units"]), bool(counts["survey_responses"]))] + (
        "; all were de-identified (names replaced by pseudonyms, contact details by tags) and cut into passages. "
    )


def how_passages_were_coded(inquiry: Inquiry, coding_run: Mapping[str, Any], reference: str, version: str) -> str:
    """The paragraph on how the data were cut into passages and which coders coded them."""
    return (
        how_data_were_split(inquiry.documents, inquiry.counts)
        + f"Each participant passage was coded against the codebook (version {version}, "
        f"{inquiry.counts['themes']} themes in {len(inquiry.areas)} areas) by a rules coder that matches each theme's keywords "
        "and patterns"
        + (
            f", and by a supervised coder trained on coder {reference}'s codes (for {len(coding_run['supervised_themes'])} "
            f"themes with enough examples); the machine's codes are the {coding_run['settings']['combine']} of the two"
            if coding_run.get("supervised_themes")
            else ""
        )
        + ". "
        + (
            "A semantic coder, comparing each passage's sentence embedding with those of each theme's definition and "
            "examples, added its codes to these. "
            if (coding_run.get("semantic") or {}).get("enabled") and coding_run["semantic"].get("in_final")
            else ""
        )
        + f"Wherever coder {reference} coded a passage, their codes are the final ones.\n"
    )


UNITS_NOT_PASSAGES = (
    "**Units, not passages, are counted.** A theme counts for a unit when it is raised in any of the unit's "
    "participant passages, so one talkative participant does not inflate a share; by role, a unit counts once for "
    "each role that spoke in it.\n"
)


def human_codes_placed(placement: pd.DataFrame) -> str:
    """How many rows of human codes were placed on their passages, and why any were not."""
    if placement.empty:
        return "No human codes were given."
    summary = placement["status"].value_counts()
    not_placed = placement[placement["status"] == "not placed"]
    return (
        f"Of {len(placement)} rows of human codes, {int(summary.get('placed', 0))} were placed on their passages"
        + (
            f", {len(not_placed)} were not ({join(sorted({r for r in not_placed['reason']}))})"
            if len(not_placed)
            else ""
        )
        + (
            f", and {int(summary.get('not coded yet', 0))} passages of drawn units were not coded yet"
            if summary.get("not coded yet", 0)
            else ""
        )
        + "."
    )


def how_the_sample_was_drawn(kind: str, design: Mapping[str, Any], reference: str, placement: pd.DataFrame) -> str:
    """The paragraph on which units were coded by hand and how they were chosen, by the kind of design."""
    placed = human_codes_placed(placement)
    if kind == "census":
        return census_sample(design, reference, placed)
    if kind == "coded subset":
        return coded_subset_sample(design, reference, placed)
    if kind == "probability sample":
        return probability_sample(design, reference, placed)
    if kind == "assumed random":
        return assumed_random_sample(design, reference, placed)
    return (
        "**No unit was coded in full by hand**, so nothing can correct the automatic coding: every share in this "
        "report is the machine's, uncorrected, and carries no interval. " + placed + "\n"
    )


def census_sample(design: Mapping[str, Any], reference: str, placed: str) -> str:
    """Every unit coded by hand, some perhaps in a QDA tool."""
    imported = design.get("coded_in_another_tool", 0)
    tool = (
        f" {'All' if imported == design['units'] else imported} of them were coded in a QDA tool and brought in from "
        "its project (every selection placed on the passages it covers or reported: "
        "`data/processed/qdpx_import.csv`)."
        if imported
        else ""
    )
    return (
        f"**Every unit was coded by hand.** Coder {reference} coded all {design['units']} units in full, so the shares "
        "are counts of the human codes." + tool + " " + placed + "\n"
    )


def coded_subset_sample(design: Mapping[str, Any], reference: str, placed: str) -> str:
    """Some units coded by hand in a QDA tool, chosen by the team rather than drawn."""
    return (
        f"**Some units were coded by hand in a QDA tool, chosen by the team.** Coder {reference} coded "
        f"{design.get('coded_in_another_tool', 0)} of the {design['units']} units in full there, and the project was "
        "brought in (every selection placed on the passages it covers or reported: `data/processed/qdpx_import.csv`). "
        "That coding is final on "
        "the units it covers, which are counted with their own codes; but they were not drawn at random, so they "
        "cannot stand for the other units, whose shares are the machine's, uncorrected, with no interval. "
        "`make sample` draws a random sample of the units not coded yet; once it is coded, every share becomes an "
        "estimate with an interval. " + placed + "\n"
    )


def probability_sample(design: Mapping[str, Any], reference: str, placed: str) -> str:
    """The units coded by hand drawn at random by ``make sample``, in batches and strata."""
    return (
        f"**The units coded by hand were drawn at random.** `make sample` drew {design['sampled_and_coded'] + design['drawn_not_coded']} "
        f"units in {design['batches']} batch{'es' if design['batches'] != 1 else ''}, each a stratified random sample "
        f"of the units not yet drawn ({' × '.join(design['strata_variables']) or 'no strata'}"
        + (f"; batches drawn from {join(design['populations'])}" if design["populations"] else "")
        + f"), recording every unit's chance of being drawn. Coder {reference} coded {design['sampled_and_coded']} "
        f"of them in full, every passage"
        + (
            f"; {design['drawn_not_coded']} drawn units are not coded yet, and the coded ones stand in for them"
            if design["drawn_not_coded"]
            else ""
        )
        + (
            f"; {design['coded_outside_sample']} units coded outside the sample are counted as coded, not used to "
            "correct the others"
            if design["coded_outside_sample"]
            else ""
        )
        + ". "
        + placed
        + "\n"
    )


def assumed_random_sample(design: Mapping[str, Any], reference: str, placed: str) -> str:
    """Units coded by hand that qualsynth did not draw, taken to be a random sample."""
    return (
        f"**The units coded by hand were not drawn by qualsynth.** Coder {reference} coded {design['sampled_and_coded']} "
        "units in full, but no sample register records how they were chosen, so the estimates **assume they are like "
        "a random sample of the units in each stratum**. If they were chosen for being interesting or easy, the "
        "estimates can be biased. Draw the next units with `make sample` to remove this assumption. " + placed + "\n"
    )


def what_the_correction_does(calibration: pd.DataFrame, reference: str) -> str:
    """How the machine's codes are turned into probabilities and corrected on the coded units."""
    cal = calibration.set_index("theme_id").loc["ALL"]
    return (
        "**What the correction does.** For every unit and theme, what the machine reads in the unit's passages "
        "(keyword matches, classifiers trained on the coded units and, with the semantic extra, closeness to the "
        f"codebook's wording) is turned into the probability that coder {reference} would code the theme there, by "
        "a model trained on the coded units; "
        f"on those units (each scored by a model that never saw it) it expects {cal['expected_positives']:.0f} "
        f"positives where {reference} found {int(cal['human_positives'])} (the machine's own codes: "
        f"{int(cal['machine_positives'])}, {cal['machine_ratio']:.2f} times as many). Each share then adds up those "
        f"probabilities over all units and corrects the total by how far they missed on the coded units, each coded "
        "unit standing for the units of its stratum (prediction-powered inference). The estimate is right on "
        "average whatever the machine's quality; a machine that agrees better with the human coder only narrows "
        "the interval. Coded units are counted with their own codes.\n"
    )


def what_the_machine_is_worth(worth: Mapping[str, Any], reference: str) -> str:
    """How much human coding the machine's probabilities stand in for: ρ and the effective-sample gain."""
    rho = worth["rho_median"]
    return (
        f"**What the machine coder is worth.** On the coded units, the machine's probability correlates with coder "
        f"{reference}'s code at ρ = {rho:.2f} for the median theme (a corrected interval's variance is about "
        f"1 − ρ² times the human codes' alone). For the {worth['themes_corrected']} themes whose shares are "
        f"corrected, the published intervals are as narrow as the human codes alone would give with "
        f"{worth['gain_median_corrected']:.2f} times as many units coded (the median; "
        f"{worth['gain_min']:.2f} to {worth['gain_max']:.2f}); over all {worth['themes']} themes, "
        f"{worth['gain_median']:.2f} times. Each theme's ρ and gain are in `prevalence.csv`.\n"
    )


def breakdowns(shares: Shares) -> list[pd.DataFrame]:
    """The shares broken down by group, in the order the tables are counted."""
    return [shares.by_place, shares.by_wave, shares.by_role, shares.by_method, shares.by_source, shares.by_place_wave]


def estimators_used(prevalence: pd.DataFrame, groups: Iterable[pd.DataFrame]) -> pd.Series:
    """The estimator behind every share in the tables: the overall shares and each breakdown's."""
    return pd.concat([prevalence["estimator"]] + [group["estimator"] for group in groups])


def few_positives(estimation: Mapping[str, Any]) -> str:
    """The clause on themes corrected from few coded positives, where the setting allows it."""
    adjusted, threshold = estimation.get("min_coded_positives_adjusted"), estimation["min_coded_positives"]
    if adjusted is None or adjusted >= threshold:
        return ""
    themes = int(estimation.get("corrected_from_few_positives", 0))
    return (
        f"; from {adjusted} to {threshold - 1} coded units it keeps the machine's correction where that gives a "
        "narrower interval, its variance taken as if the coded sample also held one unit the machine missed and "
        "one it flagged wrongly, since so few coded units may hold none of the machine's errors "
        f"({themes} theme{'' if themes == 1 else 's'} here)"
    )


def rare_themes_and_small_groups(estimation: Mapping[str, Any], used: pd.Series) -> str:
    """How rare themes and small groups are estimated, and how many shares rest on each estimator."""
    kinds = used.value_counts()
    pooling = estimation.get("partial_pooling", {})
    return (
        f"**Rare themes and small groups.** Measuring how far the machine errs needs coded examples: where a "
        f"theme has fewer than {estimation['min_coded_positives']} coded units raising it (or not raising it), the "
        "share rests on **the human codes alone**, with an interval that stays honest for small counts (Wilson's)"
        + few_positives(estimation)
        + ". "
        "A place, wave or role holds only some of the coded units, so its share is **partially pooled** "
        "(Fay–Herriot): its own coded units correct the machine there, and the other groups' lend strength only "
        "as far as the machine errs alike across groups — a group with many coded units, or one where the machine "
        "errs unlike the rest, keeps its own estimate, and one whose own codes contradict the others rests on its "
        "own human codes alone"
        + (
            f" (the machine's errors differ between places more than chance allows for "
            f"{pooling['themes_where_errors_differ']} of the {pooling['themes_modelled']} themes modelled)"
            if pooling.get("themes_modelled")
            else ""
        )
        + ". Of the "
        f"{len(used)} shares in the tables, {int(kinds.get('design-based', 0))} are corrected estimates from the "
        f"group's own codes, {int(kinds.get('partially pooled', 0))} are partially pooled and "
        f"{int(kinds.get('human codes only', 0))} rest on the human codes alone"
        + (
            f"; {int(kinds.get('not estimable', 0))} could not be estimated at all (—)"
            if kinds.get("not estimable")
            else ""
        )
        + ".\n"
    )


def what_more_coding_buys(target_half_width: float) -> str:
    """The paragraph introducing the table of how many more coded units each interval needs."""
    return (
        f"**What more coding buys.** An interval narrows as more units are coded. For the themes in the summary, "
        f"the table gives the half-width of the interval now and how many more units, drawn by `make sample` and "
        f"coded in full, would bring it to ±{half_points(target_half_width)}: drawn at random within the strata, or "
        "drawn more often where the machine is least sure (`make sample BY=uncertainty`, Neyman allocation over up to four "
        "strata of its uncertainty; every unit keeps a known chance of being drawn, so the estimates stay unbiased).\n"
    )


def more_coding_table(power: pd.DataFrame, labels: Mapping[str, str], top: list[str], target_half_width: float) -> str:
    """The summary's themes (``top``) and the four with the widest intervals besides: each one's interval now and
    how many more coded units would bring it to the target, with the table's caption."""
    planned = power.set_index("theme_id").reindex(
        top + [t for t in power.sort_values("half_width", ascending=False)["theme_id"] if t not in top][:4]
    )
    shown = pd.DataFrame(
        {
            "Theme": [labels[t] for t in planned.index],
            "Estimate": [pct(v) for v in planned["share"]],
            "Interval now": [f"±{half_points(v)}" for v in planned["half_width"]],
            "More units to code": [_units(v) for v in planned["more_units"]],
            "Drawn by uncertainty": [
                _units(v) for v in planned.get("more_units_by_uncertainty", pd.Series(float("nan"), planned.index))
            ],
        }
    )
    caption = (
        f": How many more coded units would bring each interval to ±{half_points(target_half_width)}: drawn at "
        "random within the strata (`make sample`), or by the machine's uncertainty (`make sample BY=uncertainty`)"
    )
    return markdown_table(shown) + "\n\n" + caption + "\n"


def _units(value: float) -> str:
    return ("none" if value == 0 else f"about {int(value)}") if value == value else "—"


def agreement_with_coders(coding: Coding) -> str:
    """How far the machine agrees with the reference coder, and the two human coders with each other."""
    macro = coding.machine_vs.loc["ALL (macro)"]
    pooled_h = coding.human_vs.loc["ALL (pooled)"] if "ALL (pooled)" in coding.human_vs.index else None
    return (
        f"**How far the machine agrees with coder {coding.reference}**, passage by passage (cross-validated, so no "
        f"model saw the passages it is scored on): mean F1 {macro['f1']:.2f} ({macro['f1_lo']:.2f}–"
        f"{macro['f1_hi']:.2f}), kappa {coding.machine_vs.loc['ALL (pooled)', 'kappa']:.2f}"
        + (
            f"; two human coders agree with kappa {pooled_h['kappa']:.2f} ({pooled_h['kappa_lo']:.2f}–"
            f"{pooled_h['kappa_hi']:.2f}), over {coding.coding_run.get('second_coded_units', 0)} units coder "
            f"{coding.second} "
            "coded too"
            if pooled_h is not None
            else ""
        )
        + ". "
        + what_agreement_decides(coding.corrected, coding.kind)
        + "\n"
    )


def what_agreement_decides(corrected: bool, kind: str) -> str:
    """What the machine's agreement bears on, given how the shares were made."""
    if corrected:
        return "This decides how narrow the intervals are, not whether the estimates can be trusted."
    if kind == "census":
        return "Every unit was coded by hand, so no share rests on the machine."
    if kind == "none":
        return "With no unit coded in full, it is the only check on the machine's shares."
    return "It is the only check on the machine's shares of the units no one coded."


def estimates_figure(inquiry: Inquiry, shares: Shares, coding: Coding, figures: Path) -> str:
    """The figure of each theme's estimate beside the machine's own share: one, or one per group of areas
    where the codebook has more themes than a page can show in one."""
    labels, prevalence = inquiry.labels, shares.prevalence
    if not (coding.corrected or coding.kind == "census"):
        return ""

    def alt(ids: list[str]) -> str:
        rows = prevalence[prevalence["theme_id"].isin(ids)].sort_values("share", ascending=False)
        return (
            "Dot plot, one row per theme ordered by its estimated share of units: a filled circle with a line "
            "for the estimate and its interval, an open diamond for the automatic coding's own share. "
            + "; ".join(
                f"{labels[r.theme_id]} {pct(r.share)} (machine {pct(r.machine_share)})"
                for r in rows.head(6).itertuples()
            )
            + "."
        )

    return area_figures(
        figures,
        inquiry.theme_area,
        "estimates",
        lambda ids: estimates_and_machine(prevalence[prevalence["theme_id"].isin(ids)], labels),
        lambda part: (
            f"Each theme's estimated share of units{part} (with its 95% interval) beside the machine's own share."
        ),
        alt,
    )


def place_gaps(inquiry: Inquiry, shares: Shares) -> str:
    """The themes on which places differ most."""
    divergence, labels = shares.divergence, inquiry.labels
    out = Markdown()
    if len(divergence):
        shown = divergence.head(8).assign(
            Theme=lambda d: d["theme_id"].map(labels),
            Highest=lambda d: d["highest_place"] + " (" + d["highest_share"].map(pct) + ")",
            Lowest=lambda d: d["lowest_place"] + " (" + d["lowest_share"].map(pct) + ")",
            Gap=lambda d: [
                f"{points(g).lstrip('+')}"
                + (
                    f" ({interval(lo, hi, as_points=True).removeprefix('95% interval ')})"
                    if lo == lo and e != "census"
                    else ""
                )
                for g, lo, hi, e in zip(d["gap"], d["gap_lo"], d["gap_hi"], d["estimator"])
            ],
        )[["Theme", "Highest", "Lowest", "Gap"]]
        out.print(markdown_table(shown))
        out.print()
        out.print(
            ": The themes on which places differ most (gap in estimated share of units between the highest and lowest "
            "estimates, with a 95% interval that holds over every pair of places; a gap whose interval includes 0 "
            "is no finding)"
        )
    return str(out)
