"""How it was analysed: the coding, the human-coded sample, the correction, agreement with the human coders, and the places compared."""

from __future__ import annotations

import pandas as pd

from qualsynth.report.data import ReportData
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


def how_it_was_analysed(d: ReportData) -> str:
    """How the passages were coded, how the human-coded sample was drawn, what the correction does, and how far the machine agrees with the human coders."""
    (
        areas,
        calibration,
        coding_run,
        corrected,
        counts,
        design,
        findings,
        has_agreement,
        human_vs,
        kind,
        labels,
        machine_vs,
        placement,
        power,
        prevalence,
        reference,
        second,
        tables,
    ) = (
        d.areas,
        d.calibration,
        d.coding_run,
        d.corrected,
        d.counts,
        d.design,
        d.findings,
        d.has_agreement,
        d.human_vs,
        d.kind,
        d.labels,
        d.machine_vs,
        d.placement,
        d.power,
        d.prevalence,
        d.reference,
        d.second,
        d.tables,
    )
    top = findings["most_prevalent"]
    out = Markdown()
    settings = coding_run["settings"]
    logs = " (learning logs into entries)" if any("log" in str(m) for m in d.documents["method"]) else ""
    split = {
        (True, False): f"Documents were split into speaker turns{logs}",
        (False, True): "Survey exports were split into answers, one per respondent and question",
        (True, True): f"Documents were split into speaker turns{logs} and survey exports into "
        "answers, one per respondent and question",
    }[(bool(counts["other_units"]), bool(counts["survey_responses"]))] + (
        "; all were de-identified (names replaced by pseudonyms, contact details by tags) and cut into passages. "
    )
    out.print(
        split + f"Each participant passage was coded against the codebook (version {findings['codebook_version']}, "
        f"{counts['themes']} themes in {len(areas)} areas) by a rules coder that matches each theme's keywords and "
        "patterns"
        + (
            f", and by a supervised coder trained on coder {reference}'s codes (for {len(coding_run['supervised_themes'])} "
            f"themes with enough examples); the machine's codes are the {settings['combine']} of the two"
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
    out.print(
        "**Units, not passages, are counted.** A theme counts for a unit when it is raised in any of the unit's "
        "participant passages, so one talkative participant does not inflate a share; by role, a unit counts once for "
        "each role that spoke in it.\n"
    )
    summary = placement["status"].value_counts()
    not_placed = placement[placement["status"] == "not placed"]
    placed_text = (
        "No human codes were given."
        if placement.empty
        else (
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
    )
    imported = design.get("coded_in_another_tool", 0)
    tool = (
        f" {'All' if imported == design['units'] else imported} of them were coded in a QDA tool and brought in from "
        "its project (every selection placed on the passages it covers or reported: "
        "`data/processed/qdpx_import.csv`)."
        if imported
        else ""
    )
    if kind == "census":
        out.print(
            f"**Every unit was coded by hand.** Coder {reference} coded all {design['units']} units in full, so the shares "
            "are counts of the human codes." + tool + " " + placed_text + "\n"
        )
    elif kind == "coded subset":
        out.print(
            f"**Some units were coded by hand in a QDA tool, chosen by the team.** Coder {reference} coded "
            f"{imported} of the {design['units']} units in full there, and the project was brought in (every selection "
            "placed on the passages it covers or reported: `data/processed/qdpx_import.csv`). That coding is final on "
            "the units it covers, which are counted with their own codes; but they were not drawn at random, so they "
            "cannot stand for the other units, whose shares are the machine's, uncorrected, with no interval. "
            "`make sample` draws a random sample of the units not coded yet; once it is coded, every share becomes an "
            "estimate with an interval. " + placed_text + "\n"
        )
    elif kind == "probability sample":
        out.print(
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
            + placed_text
            + "\n"
        )
    elif kind == "assumed random":
        out.print(
            f"**The units coded by hand were not drawn by qualsynth.** Coder {reference} coded {design['sampled_and_coded']} "
            "units in full, but no sample register records how they were chosen, so the estimates **assume they are like "
            "a random sample of the units in each stratum**. If they were chosen for being interesting or easy, the "
            "estimates can be biased. Draw the next units with `make sample` to remove this assumption. "
            + placed_text
            + "\n"
        )
    else:
        out.print(
            "**No unit was coded in full by hand**, so nothing can correct the automatic coding: every share in this "
            "report is the machine's, uncorrected, and carries no interval. " + placed_text + "\n"
        )
    if corrected:
        cal = calibration.set_index("theme_id").loc["ALL"]
        out.print(
            "**What the correction does.** For every unit and theme, the passages' codes are turned into the "
            f"probability that coder {reference} would code the theme there, by a model trained on the coded units; "
            f"on those units (each scored by a model that never saw it) it expects {cal['expected_positives']:.0f} "
            f"positives where {reference} found {int(cal['human_positives'])} (the machine's own codes: "
            f"{int(cal['machine_positives'])}, {cal['machine_ratio']:.2f} times as many). Each share then adds up those "
            f"probabilities over all units and corrects the total by how far they missed on the coded units, each coded "
            "unit standing for the units of its stratum (prediction-powered inference). The estimate is right on "
            "average whatever the machine's quality; a machine that agrees better with the human coder only narrows "
            "the interval. Coded units are counted with their own codes.\n"
        )
        used = pd.concat(
            [prevalence["estimator"]]
            + [
                pd.read_csv(tables / f"prevalence_by_{g}.csv")["estimator"]
                for g in ["place", "wave", "role", "method", "source", "place_wave"]
            ]
        )
        kinds = used.value_counts()
        settings_used = findings["estimation"]
        pooling = settings_used.get("partial_pooling", {})
        out.print(
            f"**Rare themes and small groups.** Measuring how far the machine errs needs coded examples: where a "
            f"theme has fewer than {settings_used['min_coded_positives']} coded units raising it (or not raising it), the "
            "share rests on **the human codes alone**, with an interval that stays honest for small counts (Wilson's). "
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
        out.print(
            f"**What more coding buys.** An interval narrows as more units are coded. For the themes in the summary, "
            f"the table gives the half-width of the interval now and how many more units, drawn by `make sample` and "
            f"coded in full, would bring it to ±{half_points(settings_used['target_half_width'])}.\n"
        )
        planned = power.set_index("theme_id").reindex(
            top["theme_ids"]
            + [t for t in power.sort_values("half_width", ascending=False)["theme_id"] if t not in top["theme_ids"]][:4]
        )
        shown = pd.DataFrame(
            {
                "Theme": [labels[t] for t in planned.index],
                "Estimate": [pct(v) for v in planned["share"]],
                "Interval now": [f"±{half_points(v)}" for v in planned["half_width"]],
                "More units to code": [
                    ("none" if v == 0 else f"about {int(v)}") if v == v else "—" for v in planned["more_units"]
                ],
            }
        )
        out.print(markdown_table(shown))
        out.print()
        out.print(
            f": How many more coded units would bring each interval to ±{half_points(settings_used['target_half_width'])}"
        )
        out.print()
    if has_agreement:
        macro = machine_vs.loc["ALL (macro)"]
        pooled_h = human_vs.loc["ALL (pooled)"] if "ALL (pooled)" in human_vs.index else None
        out.print(
            f"**How far the machine agrees with coder {reference}**, passage by passage (cross-validated, so no model "
            f"saw the passages it is scored on): mean F1 {macro['f1']:.2f} ({macro['f1_lo']:.2f}–{macro['f1_hi']:.2f}), "
            f"kappa {machine_vs.loc['ALL (pooled)', 'kappa']:.2f}"
            + (
                f"; two human coders agree with kappa {pooled_h['kappa']:.2f} ({pooled_h['kappa_lo']:.2f}–"
                f"{pooled_h['kappa_hi']:.2f}), over {coding_run.get('second_coded_units', 0)} units coder {second} "
                "coded too"
                if pooled_h is not None
                else ""
            )
            + ". "
            + (
                "This decides how narrow the intervals are, not whether the estimates can be trusted."
                if corrected
                else "Every unit was coded by hand, so no share rests on the machine."
                if kind == "census"
                else "With no unit coded in full, it is the only check on the machine's shares."
                if kind == "none"
                else "It is the only check on the machine's shares of the units no one coded."
            )
            + "\n"
        )
    return str(out)


def estimates_figure(d: ReportData) -> str:
    """The figure of each theme's estimate beside the machine's own share: one, or one per group of areas
    where the codebook has more themes than a page can show in one."""
    labels, prevalence = d.labels, d.prevalence
    if not (d.corrected or d.kind == "census"):
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
        d.figures,
        d.theme_area,
        "estimates",
        lambda ids: estimates_and_machine(prevalence[prevalence["theme_id"].isin(ids)], labels),
        lambda part: (
            f"Each theme's estimated share of units{part} (with its 95% interval) beside the machine's own share."
        ),
        alt,
    )


def place_gaps(d: ReportData) -> str:
    """The themes on which places differ most."""
    divergence, labels = d.divergence, d.labels
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
