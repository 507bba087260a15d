"""The report's opening sections, as the Markdown each chunk of report/synthesis.qmd shows: the summary,
the key findings, the inquiry and how it was analysed."""

from __future__ import annotations

import pandas as pd

from qualsynth.report.data import ReportData
from qualsynth.report.figures import (
    cooccurrence_network,
    estimates_and_machine,
    figure,
    participation_by_role,
    prevalence_heatmap,
)
from qualsynth.report.prose import (
    Markdown,
    bold,
    half_points,
    interval,
    join,
    nice,
    pct,
    points,
    share_text,
)


def summary(d: ReportData) -> str:
    """The opening paragraph: what the synthesis draws on, and what its shares estimate."""
    corrected, counts, design, kind, reference = d.corrected, d.counts, d.design, d.kind, d.reference
    out = Markdown()
    parts = []
    if counts["other_units"]:
        parts.append(f"{counts['other_units']} documents (transcripts, logs and notes)")
    if counts["survey_responses"]:
        parts.append(f"{counts['survey_responses']} responses to {counts['survey_exports']} survey export"
                     f"{'s' if counts['survey_exports'] != 1 else ''}")
    out.print(f"This synthesis draws on {counts['units']} units — {join(parts)} — from {counts['places']} places over "
          f"{counts['waves']} waves, in which {counts['participants']} participants spoke in "
          f"{counts['participant_segments']} passages. A unit is what is counted: a document, or one person's response "
          "to a survey. ")
    if kind == "census":
        out.print(f"Coder {reference} coded every unit by hand, so every share below is the share of units in which "
              f"{reference} found the theme: a count, not an estimate.\n")
    elif corrected:
        out.print(f"Every share below estimates **the share of units in which the reference coder ({reference}) would find "
              f"the theme**, with its 95% interval. {reference} coded {design['sampled_and_coded']} of the units in full"
              + (", drawn at random within each place and wave" if kind == "probability sample" else "")
              + "; the automatic coding of every unit was corrected by how far it erred on those "
              "(see [How it was analysed](#how-it-was-analysed)).\n")
    else:
        out.print("**No unit was coded in full by a human coder**, so every share below is the automatic coding's own "
              "(uncorrected): it may be far from what a person would find, and no interval can say how far. Draw a "
              "sample of units and code it (`make sample`) to turn these into estimates.\n")
    return str(out)


def key_findings(d: ReportData) -> str:
    """The headline findings as bullet points."""
    change, corrected, divergence, findings, first_wave, labels, last_wave, power, prevalence, rated, sequencing, trends = d.change, d.corrected, d.divergence, d.findings, d.first_wave, d.labels, d.last_wave, d.power, d.prevalence, d.rated, d.sequencing, d.trends
    out = Markdown()
    top, rise, fall, gap = (findings[k] for k in ["most_prevalent", "largest_rise", "largest_fall", "largest_place_gap"])
    out.print(f"- The most widely raised {'theme was' if top['n_themes'] == 1 else 'themes were'} {bold(top['labels'])}: "
          f"{share_text(top['share'], top['share_lo'], top['share_hi'], top['estimator'])} of units.")
    if len(change):
        for move, way in ((rise, "rose"), (fall, "fell")):
            if move["direction"] != way:
                out.print(f"- Between {first_wave} and {last_wave}, no theme {way}.")
                continue
            sure = ("its interval excludes no change" if move["clear"] else "its interval includes no change, so the "
                    "direction is not established") if move["estimator"] not in ("uncorrected", "census") else ""
            out.print(f"- Between {first_wave} and {last_wave}, {bold(move['labels'])} {move['direction']} the most, from "
                  f"{pct(move['share_first'])} to {pct(move['share_last'])} of units ({points(move['change'])}"
                  + (f", {interval(move['change_lo'], move['change_hi'], as_points=True)}; {sure}" if sure else "")
                  + ").")
        clear_up = [labels[t] for t, v in trends.items() if v["clear"] and v["change"] > 0]
        clear_down = [labels[t] for t, v in trends.items() if v["clear"] and v["change"] < 0]
        if clear_up or clear_down:
            out.print(f"- Changes whose interval excludes no change: {bold(clear_up) or 'none'} rose; "
                  f"{bold(clear_down) or 'none'} fell.")
        elif corrected:
            out.print("- No theme's change between the first and last wave has an interval that excludes no change.")
    if len(divergence):
        where = (f"{gap['highest_place']} raised it most and {gap['lowest_place']} least, " if gap["n_themes"] == 1
                 else "between the places raising each most and least, ")
        spread = (f" ({interval(gap['gap_lo'], gap['gap_hi'], as_points=True)}"
                  f"{'' if gap['n_themes'] == 1 else ' for the first of them'})") if (
            gap["gap_lo"] == gap["gap_lo"] and gap["estimator"] != "census") else ""
        out.print(f"- Places differ most on {bold(gap['labels'])}: {where}a gap of {points(gap['gap']).lstrip('+')}{spread}.")
    if sequencing.get("early_themes") and sequencing.get("later_themes"):
        out.print(f"- In {sequencing['places_early_first']} of {sequencing['places']} places the early work "
              f"({join([labels[t] for t in sequencing['early_themes']])}) became salient before the later work "
              f"({join([labels[t] for t in sequencing['later_themes']])}).")
    for pair in findings.get("stance", []):
        out.print(f"- {pair['label']} were spoken of as a help in "
              f"{share_text(pair['share_help'], pair['share_help_lo'], pair['share_help_hi'], pair['estimator_help'])} "
              f"of units and as a hindrance in "
              f"{share_text(pair['share_hindrance'], pair['share_hindrance_lo'], pair['share_hindrance_hi'], pair['estimator_hindrance'])}.")
    if rated.get("items"):
        low = rated["lowest"]
        out.print(f"- Of the survey's rating items, the fewest respondents agreed that \"{low['question']}\": "
              f"{pct(low['share_agree'])} of {low['respondents']} ({interval(low['share_agree_lo'], low['share_agree_hi'])}).")
    if corrected:
        moved = (prevalence["machine_share"] - prevalence["share"])
        out.print(f"- Uncorrected, the automatic coding would have put a theme's share {points(moved.abs().mean()).lstrip('+')} "
              f"away from these estimates on average (up to {points(moved.abs().max()).lstrip('+')}), and higher for "
              f"{int((moved > 0).sum())} of {len(moved)} themes.")
        wide = power.sort_values("half_width", ascending=False).iloc[0]
        if wide["half_width"] == wide["half_width"] and wide["more_units"] == wide["more_units"]:
            target = half_points(findings["estimation"]["target_half_width"])
            out.print(f"- The widest interval of any theme is ±{half_points(wide['half_width'])} ({labels[wide['theme_id']]}); "
                  + (f"coding about {int(wide['more_units'])} more units would bring it to ±{target}."
                     if wide["more_units"] > 0 else f"every theme is already within ±{target}."))
    return str(out)


def about_the_inquiry(d: ReportData) -> str:
    """The units by place and wave, the documents by method, the participants by role."""
    counts, documents, participation, units = d.counts, d.documents, d.participation, d.units
    out = Markdown()
    methods = documents["method"].value_counts().reindex(sorted(documents["method"].unique()))
    out.print(f"The register lists {len(documents)} documents over {documents['wave'].nunique()} waves, collected by "
          f"{join([nice(m) for m in methods.index])}. "
          + ("A survey export is not one unit: each response is, with the respondent's own place, wave and role. "
             if counts["survey_responses"] else "")
          + f"The analysis counts {counts['units']} units.\n")
    table = units.groupby(["place", "wave"]).size().unstack(fill_value=0).rename_axis(index="Place", columns=None)
    out.print(table.to_markdown())
    out.print()
    out.print(": Units (documents, and survey responses one by one) by place and wave")
    out.print()
    shown = pd.DataFrame({"Method": [nice(m) for m in methods.index], "Documents": methods.to_numpy(),
                          "Units": [int((units["method"] == m).sum()) for m in methods.index]})
    out.print(shown.to_markdown(index=False))
    out.print()
    out.print(": Documents in the register and the units they hold, by method")
    out.print()
    roles = participation.assign(Role=participation["role"].map(nice).str.capitalize())
    out.print(roles[["Role", "participants", "passages", "documents"]].rename(
        columns={"participants": "Participants", "passages": "Passages", "documents": "Documents"}).to_markdown(index=False))
    out.print()
    out.print(": Participants by role: who spoke, how often, in how many documents")
    return str(out)


def how_it_was_analysed(d: ReportData) -> str:
    """How the passages were coded, how the human-coded sample was drawn, what the correction does, and how far the machine agrees with the human coders."""
    areas, calibration, coding_run, corrected, counts, design, findings, has_agreement, human_vs, kind, labels, machine_vs, placement, power, prevalence, reference, second, tables = d.areas, d.calibration, d.coding_run, d.corrected, d.counts, d.design, d.findings, d.has_agreement, d.human_vs, d.kind, d.labels, d.machine_vs, d.placement, d.power, d.prevalence, d.reference, d.second, d.tables
    top = findings["most_prevalent"]
    out = Markdown()
    settings = coding_run["settings"]
    split = ("Transcripts were split into speaker turns, learning logs into entries and survey exports into answers; "
             "all were de-identified (names replaced by pseudonyms, contact details by tags) and cut into passages. ")
    out.print(split + f"Each participant passage was coded against the codebook (version {findings['codebook_version']}, "
          f"{counts['themes']} themes in {len(areas)} areas) by a rules coder that matches each theme's keywords and "
          "patterns"
          + (f", and by a supervised coder trained on coder {reference}'s codes (for {len(coding_run['supervised_themes'])} "
             f"themes with enough examples); the machine's codes are the {settings['combine']} of the two"
             if coding_run.get("supervised_themes") else "") + ". "
          + ("A semantic coder, comparing each passage's sentence embedding with those of each theme's definition and "
             "examples, added its codes to these. "
             if (coding_run.get("semantic") or {}).get("enabled") and coding_run["semantic"].get("in_final") else "")
          + f"Wherever coder {reference} coded a passage, their codes are the final ones.\n")
    out.print("**Units, not passages, are counted.** A theme counts for a unit when it is raised in any of the unit's "
          "participant passages, so one talkative participant does not inflate a share; by role, a unit counts once for "
          "each role that spoke in it.\n")
    summary = placement["status"].value_counts()
    not_placed = placement[placement["status"] == "not placed"]
    placed_text = (f"Of {len(placement)} rows of human codes, {int(summary.get('placed', 0))} were placed on their passages"
                   + (f", {len(not_placed)} were not ({join(sorted({r for r in not_placed['reason']}))})"
                      if len(not_placed) else "")
                   + (f", and {int(summary.get('not coded yet', 0))} passages of drawn units were not coded yet"
                      if summary.get("not coded yet", 0) else "") + ".")
    if kind == "census":
        out.print(f"**Every unit was coded by hand.** Coder {reference} coded all {design['units']} units in full, so the shares "
              "are counts of the human codes. " + placed_text + "\n")
    elif kind == "probability sample":
        out.print(f"**The units coded by hand were drawn at random.** `make sample` drew {design['sampled_and_coded'] + design['drawn_not_coded']} "
              f"units in {design['batches']} batch{'es' if design['batches'] != 1 else ''}, each a stratified random sample "
              f"of the units not yet drawn ({' × '.join(design['strata_variables']) or 'no strata'}"
              + (f"; batches drawn from {join(design['populations'])}" if design["populations"] else "")
              + f"), recording every unit's chance of being drawn. Coder {reference} coded {design['sampled_and_coded']} "
              f"of them in full, every passage"
              + (f"; {design['drawn_not_coded']} drawn units are not coded yet, and the coded ones stand in for them"
                 if design["drawn_not_coded"] else "")
              + (f"; {design['coded_outside_sample']} units coded outside the sample are counted as coded, not used to "
                 "correct the others" if design["coded_outside_sample"] else "")
              + ". " + placed_text + "\n")
    elif kind == "assumed random":
        out.print(f"**The units coded by hand were not drawn by qualsynth.** Coder {reference} coded {design['sampled_and_coded']} "
              "units in full, but no sample register records how they were chosen, so the estimates **assume they are like "
              "a random sample of the units in each stratum**. If they were chosen for being interesting or easy, the "
              "estimates can be biased. Draw the next units with `make sample` to remove this assumption. "
              + placed_text + "\n")
    else:
        out.print("**No unit was coded in full by hand**, so nothing can correct the automatic coding: every share in this "
              "report is the machine's, uncorrected, and carries no interval. " + placed_text + "\n")
    if corrected:
        cal = calibration.set_index("theme_id").loc["ALL"]
        out.print("**What the correction does.** For every unit and theme, the passages' codes are turned into the "
              f"probability that coder {reference} would code the theme there, by a model trained on the coded units; "
              f"on those units (each scored by a model that never saw it) it expects {cal['expected_positives']:.0f} "
              f"positives where {reference} found {int(cal['human_positives'])} (the machine's own codes: "
              f"{int(cal['machine_positives'])}, {cal['machine_ratio']:.2f} times as many). Each share then adds up those "
              f"probabilities over all units and corrects the total by how far they missed on the coded units, each coded "
              "unit standing for the units of its stratum (prediction-powered inference). The estimate is right on "
              "average whatever the machine's quality; a machine that agrees better with the human coder only narrows "
              "the interval. Coded units are counted with their own codes.\n")
        used = pd.concat([prevalence["estimator"]] + [pd.read_csv(tables / f"prevalence_by_{g}.csv")["estimator"]
                                                      for g in ["place", "wave", "role", "method", "source", "place_wave"]])
        kinds = used.value_counts()
        settings_used = findings["estimation"]
        out.print(f"**Rare themes and small groups.** Measuring how far the machine errs needs coded examples: where a "
              f"theme has fewer than {settings_used['min_coded_positives']} coded units raising it (or not raising it), the "
              "share rests on **the human codes alone**, with an interval that stays honest for small counts (Wilson's). "
              f"A group with fewer than {settings_used['min_coded_units']} coded units cannot correct itself; its share is "
              "**model-based** (marked m in the tables): it assumes the machine errs there at the same rates as on all "
              "coded units — how often it marks a theme the coder found and one the coder did not. Of the "
              f"{len(used)} shares in the tables, {int(kinds.get('design-based', 0))} are corrected estimates, "
              f"{int(kinds.get('human codes only', 0))} rest on the human codes alone and "
              f"{int(kinds.get('model-based', 0))} are model-based"
              + (f"; {int(kinds.get('not estimable', 0))} could not be estimated at all (—)" if kinds.get("not estimable") else "")
              + ".\n")
        out.print(f"**What more coding buys.** An interval narrows as more units are coded. For the themes in the summary, "
              f"the table gives the half-width of the interval now and how many more units, drawn by `make sample` and "
              f"coded in full, would bring it to ±{half_points(settings_used['target_half_width'])}.\n")
        planned = power.set_index("theme_id").reindex(top["theme_ids"] + [t for t in power.sort_values(
            "half_width", ascending=False)["theme_id"] if t not in top["theme_ids"]][:4])
        shown = pd.DataFrame({"Theme": [labels[t] for t in planned.index],
                              "Estimate": [pct(v) for v in planned["share"]],
                              "Interval now": [f"±{half_points(v)}" for v in planned["half_width"]],
                              "More units to code": [("none" if v == 0 else f"about {int(v)}") if v == v else "—"
                                                     for v in planned["more_units"]]})
        out.print(shown.to_markdown(index=False))
        out.print()
        out.print(f": How many more coded units would bring each interval to ±{half_points(settings_used['target_half_width'])}")
        out.print()
    if has_agreement:
        macro = machine_vs.loc["ALL (macro)"]
        pooled_h = human_vs.loc["ALL (pooled)"] if "ALL (pooled)" in human_vs.index else None
        out.print(f"**How far the machine agrees with coder {reference}**, passage by passage (cross-validated, so no model "
              f"saw the passages it is scored on): mean F1 {macro['f1']:.2f} ({macro['f1_lo']:.2f}–{macro['f1_hi']:.2f}), "
              f"kappa {machine_vs.loc['ALL (pooled)', 'kappa']:.2f}"
              + (f"; two human coders agree with kappa {pooled_h['kappa']:.2f} ({pooled_h['kappa_lo']:.2f}–"
                 f"{pooled_h['kappa_hi']:.2f}), over {coding_run.get('second_coded_units', 0)} units coder {second} "
                 "coded too" if pooled_h is not None else "")
              + ". " + ("This decides how narrow the intervals are, not whether the estimates can be trusted."
                        if corrected else "With no unit coded in full, it is the only check on the machine's shares.")
              + "\n")
    return str(out)


def estimates_figure(d: ReportData) -> str:
    """The figure of each theme's estimate beside the machine's own share."""
    corrected, figures, kind, labels, prevalence = d.corrected, d.figures, d.kind, d.labels, d.prevalence
    out = Markdown()
    if corrected or kind == "census":
        out.print(figure(figures, estimates_and_machine(prevalence, labels), "estimates",
                     "Each theme's estimated share of units (with its 95% interval) beside the machine's own share.",
                     "Dot plot, one row per theme ordered by its estimated share of units: a filled circle with a line "
                     "for the estimate and its interval, an open diamond for the automatic coding's own share. "
                     + "; ".join(f"{labels[r.theme_id]} {pct(r.share)} (machine {pct(r.machine_share)})"
                                 for r in prevalence.sort_values('share', ascending=False).head(6).itertuples())
                     + "."))
    return str(out)


def place_gaps(d: ReportData) -> str:
    """The themes on which places differ most."""
    divergence, labels = d.divergence, d.labels
    out = Markdown()
    if len(divergence):
        shown = divergence.head(8).assign(
            Theme=lambda d: d["theme_id"].map(labels),
            Highest=lambda d: d["highest_place"] + " (" + d["highest_share"].map(pct) + ")",
            Lowest=lambda d: d["lowest_place"] + " (" + d["lowest_share"].map(pct) + ")",
            Gap=lambda d: [f"{points(g).lstrip('+')}" + (f" ({interval(lo, hi, as_points=True).removeprefix('95% interval ')})"
                                                      if lo == lo and e != "census" else "")
                           for g, lo, hi, e in zip(d["gap"], d["gap_lo"], d["gap_hi"], d["estimator"])],
        )[["Theme", "Highest", "Lowest", "Gap"]]
        out.print(shown.to_markdown(index=False))
        out.print()
        out.print(": The themes on which places differ most (gap in estimated share of units, with its 95% interval; the "
              "two places are the highest and lowest estimates, so read a gap whose interval includes 0 as no gap)")
    return str(out)


def exclusion_reasons(d: ReportData) -> str:
    """The exclusions counted by reason, for the note on what was left out."""
    return ", ".join(f"{n} for {r.replace('_', ' ')}"
                     for r, n in d.exclusions["reason"].value_counts().sort_index().items()) or "none"


def participation_figure(d: ReportData):
    """Participants and passages by role."""
    return participation_by_role(d.participation, {r: nice(r).capitalize() for r in d.participation["role"]})


def heatmap_figure(d: ReportData):
    """Each theme's estimated share in each place."""
    return prevalence_heatmap(d.by_place, d.labels)


def network_figure(d: ReportData):
    """The themes raised together."""
    return cooccurrence_network(d.cooccurrence, d.labels, d.theme_area)
