"""The report's opening: the summary, the key findings and the inquiry itself, and the figures that go
with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.report.data import Audit, Coding, Inquiry, Shares
from qualsynth.report.figures import (
    area_figures,
    cooccurrence_network,
    participation_by_role,
    places_to_show,
    prevalence_heatmap,
)
from qualsynth.report.prose import (
    Markdown,
    bold,
    half_points,
    interval,
    join,
    markdown_table,
    pct,
    points,
    share_text,
)


def who_said(counts: dict) -> str:
    """Who gave the passages, in the words of the methods present: speakers, respondents, or both."""
    people, passages = counts["participants"], counts["participant_segments"]
    if not counts["survey_responses"]:
        return f"{people} participants spoke in {passages} passages"
    if not counts["other_units"]:
        return f"{people} respondents gave {passages} answers"
    return f"{people} participants, survey respondents among them, gave {passages} passages"


def summary(inquiry: Inquiry, shares: Shares, coding: Coding) -> str:
    """The opening paragraph: what the synthesis draws on, and what its shares estimate."""
    counts = inquiry.counts
    out = Markdown()
    parts = []
    if counts["other_units"]:
        documents = inquiry.units[inquiry.units["source"] == "document"]["method"].value_counts()
        by_method = "; ".join(f"{inquiry.name(m)}: {n}" for m, n in sorted(documents.items()))
        parts.append(f"{counts['other_units']} documents ({by_method})")
    if counts["survey_responses"]:
        parts.append(
            f"{counts['survey_responses']} responses to {counts['survey_exports']} survey export"
            f"{'s' if counts['survey_exports'] != 1 else ''}"
        )
    out.print(
        f"This synthesis draws on {counts['units']} units — {join(parts)} — from {counts['places']} place{'s' if counts['places'] != 1 else ''} over "
        f"{counts['waves']} wave{'s' if counts['waves'] != 1 else ''}, in which {who_said(counts)}. A unit is what "
        "is counted: "
        + (
            "a document, or one person's response to a survey. "
            if counts["other_units"] and counts["survey_responses"]
            else "one person's response to a survey. "
            if counts["survey_responses"]
            else "one document. "
        )
    )
    return str(out) + what_the_shares_are(shares.prevalence, coding)


def what_the_shares_are(prevalence: pd.DataFrame, coding: Coding) -> str:
    """What every share in the report is: a count, an estimate, or the machine's own, by how the units were coded."""
    corrected, design, kind, reference = coding.corrected, coding.design, coding.kind, coding.reference
    out = Markdown()
    imported = design.get("coded_in_another_tool", 0)
    if kind == "census":
        out.print(
            f"Coder {reference} coded every unit by hand"
            + (" (in a QDA tool, whose coding was brought in)" if imported else "")
            + f", so every share below is the share of units in which {reference} found the theme: a count, not an "
            "estimate.\n"
        )
    elif kind == "coded subset":
        out.print(
            f"Coder {reference} coded {imported} of the {design['units']} units by hand in a QDA tool, whose coding "
            "was brought in: those units are counted with their own codes. They were chosen by the team, not drawn "
            f"at random, so they stand for no other unit: the other {design['units'] - imported} units' shares are "
            "the automatic coding's own (uncorrected), and no interval can say how far they are from what a person "
            "would find. Draw a random sample of those units and code it (`make sample`) to turn them into "
            "estimates.\n"
        )
    elif corrected:
        out.print(
            f"Every share below estimates **the share of units in which the reference coder ({reference}) would find "
            f"the theme**, with its 95% interval. {reference} coded {design['sampled_and_coded']} of the units in full"
            + (
                f", drawn at random within each {' and '.join(design['strata_variables'])}"
                if kind == "probability sample" and design["strata_variables"]
                else ", drawn at random"
                if kind == "probability sample"
                else ""
            )
            + "; "
            + what_was_corrected(prevalence["estimator"])
            + " (see [How it was analysed](#how-it-was-analysed)).\n"
        )
    else:
        out.print(
            "**No unit was coded in full by a human coder**, so every share below is the automatic coding's own "
            "(uncorrected): it may be far from what a person would find, and no interval can say how far. Draw a "
            "sample of units and code it (`make sample`) to turn these into estimates.\n"
        )
    return str(out)


def what_was_corrected(estimators: pd.Series) -> str:
    """What happened to the themes' shares, in words: corrected, or the human codes' alone."""
    counts = estimators.value_counts()
    themes = len(estimators)
    design = int(counts.get("design-based", 0)) + int(counts.get("partially pooled", 0))
    human = int(counts.get("human codes only", 0))
    if design == themes:
        return "the automatic coding of every unit was corrected by how far it erred on those"
    if design == 0 and human == themes:
        return (
            "too few of them raised each theme (or did not) to measure how far the automatic coding errs, so every "
            "share rests on the human codes alone, with an interval for the units they stand for"
        )
    parts = []
    if design:
        parts.append(
            f"for {design} of the {themes} themes the automatic coding was corrected by how far it erred on those"
        )
    if human:
        parts.append(
            f"for {human}, too few coded units raised the theme (or did not) to measure that, and the share rests on the "
            "human codes alone"
        )
    return "; ".join(parts)


def key_findings(inquiry: Inquiry, shares: Shares, coding: Coding, findings: dict[str, Any]) -> str:
    """The headline numbers as bullet points; a ranking only where the intervals support it."""
    bullets = [
        most_raised(shares.prevalence, findings["most_prevalent"]),
        *changes(inquiry, shares, findings),
        place_gap(shares.divergence, inquiry.labels, findings),
        order_of_the_work(shares.sequencing, inquiry.labels),
        *stance_shares(findings.get("stance", [])),
        lowest_rated(shares.rated),
        *what_the_correction_moved(shares, inquiry.labels, coding.corrected, findings),
    ]
    return "".join(f"- {bullet}\n" for bullet in bullets if bullet)


def _uncorrected(findings: dict[str, Any]) -> bool:
    return findings["most_prevalent"]["estimator"] == "uncorrected"


def most_raised(prevalence: pd.DataFrame, top: dict) -> str:
    """The most widely raised theme, where its interval clears every other theme's; else the themes whose intervals
    reach the top one's, none of them called the most widely raised. The machine's own shares, labelled, have no
    interval: the theme is named as the one the machine found most."""
    if top["estimator"] == "uncorrected":
        return (
            f"The most widely raised {'theme was' if top['n_themes'] == 1 else 'themes were'} {bold(top['labels'])}: "
            f"{share_text(top['share'], top['share_lo'], top['share_hi'], top['estimator'])} of units."
        )
    first = prevalence[prevalence["theme_label"] == top["labels"][0]].iloc[0]
    close = prevalence[(prevalence["share_hi"] >= first["share_lo"]) & (prevalence["theme_id"] != first["theme_id"])]
    if top["n_themes"] == 1 and close.empty:
        return (
            f"The most widely raised theme was {bold(top['labels'])}: "
            f"{share_text(top['share'], top['share_lo'], top['share_hi'], top['estimator'])} of units, its interval "
            "clear of every other theme's."
        )
    near = close.sort_values(["share", "theme_id"], ascending=[False, True]).head(3)
    named = [f"{bold([first['theme_label']])} ({pct(first['share'])})"]
    named += [f"{bold([r.theme_label])} ({pct(r.share)})" for r in near.itertuples()]
    return (
        f"The themes raised most widely were {join(named)}{' among others' if len(close) > len(near) else ''}: their "
        "intervals overlap, so none can be called the most widely raised."
    )


def changes(inquiry: Inquiry, shares: Shares, findings: dict[str, Any]) -> list[str]:
    """How many themes clearly rose and fell, with an example of each; or why no change is stated."""
    first_wave, last_wave, trends = inquiry.first_wave, inquiry.last_wave, shares.trends
    if not len(shares.change):
        return []
    if _uncorrected(findings):
        # No interval can tell the machine's own change or gap from its noise: neither is a finding.
        return [
            "No change between waves and no difference between places is stated: every share is the automatic "
            "coding's own, with no interval to tell a change from its errors. The tables give its shares by wave "
            "and place, labelled uncorrected."
        ]
    if findings["largest_rise"] is None:
        return [
            f"The change from {first_wave} to {last_wave} is not reported: one of the two waves rests on fewer "
            f"than {findings['disclosure_control']['min_cell_size']} participants."
        ]
    out = [clear_changes(trends, inquiry.labels, way, first_wave, last_wave) for way in ("rose", "fell")]
    tested = sum(1 for v in trends.values() if v.get("estimator") not in ("uncorrected", "census"))
    if tested:
        out.append(
            f"A change is called clear when it stands out among the {tested} themes' changes read together "
            "(Benjamini–Hochberg, false discovery rate 5%, each tested against a change of 2 points either way) "
            "and its own 95% interval excludes no change."
        )
    return out


def clear_changes(trends: dict, labels: dict, way: str, first_wave: str, last_wave: str) -> str:
    """The themes that clearly rose (fell), the one that moved most by its point estimate given as an example:
    no ranking of changes is claimed."""
    moved = sorted(
        (t for t, v in trends.items() if v["direction"] == way), key=lambda t: (-abs(trends[t]["change"]), t)
    )
    if not moved:
        return f"Between {first_wave} and {last_wave}, no theme clearly {way}."
    move = trends[moved[0]]
    sure = (
        f", {interval(move['change_lo'], move['change_hi'], as_points=True)}"
        if move["estimator"] not in ("uncorrected", "census")
        else ""
    )
    count = f"{len(moved)} themes clearly {way}, among them" if len(moved) > 1 else "One theme clearly " + way + ":"
    return (
        f"Between {first_wave} and {last_wave}, {count} {bold([labels[moved[0]]])}, from {pct(move['share_first'])} "
        f"to {pct(move['share_last'])} of units ({points(move['change'])}{sure})."
    )


def place_gap(divergence: pd.DataFrame, labels: dict[str, str], findings: dict[str, Any]) -> str:
    """How many themes clearly differ between places, with the widest gap as an example."""
    if not len(divergence) or _uncorrected(findings):
        return ""
    clear = divergence[divergence["clear"].astype(bool)] if "clear" in divergence else divergence
    if clear.empty:
        return (
            "No theme clearly differs between places: every gap's interval, taken over every pair of places, "
            "includes no gap."
        )
    g = clear.iloc[0]
    spread = (
        f" ({interval(g['gap_lo'], g['gap_hi'], as_points=True)})"
        if g["gap_lo"] == g["gap_lo"] and g["estimator"] != "census"
        else ""
    )
    return (
        f"{len(clear)} of {len(divergence)} themes clearly {'differs' if len(clear) == 1 else 'differ'} between "
        f"places{', among them' if len(clear) > 1 else ':'} "
        f"{bold([labels[g['theme_id']]])}: {g['highest_place']} {pct(g['highest_share'])}, {g['lowest_place']} "
        f"{pct(g['lowest_share'])}, a gap of {points(g['gap']).lstrip('+')}{spread}."
    )


def order_of_the_work(sequencing: dict, labels: dict) -> str:
    if not (sequencing.get("early_themes") and sequencing.get("later_themes")):
        return ""
    return (
        f"In {sequencing['places_early_first']} of {sequencing['places']} places the early work "
        f"({join([labels[t] for t in sequencing['early_themes']])}) became salient before the later work "
        f"({join([labels[t] for t in sequencing['later_themes']])})."
    )


def stance_shares(pairs: list[dict]) -> list[str]:
    return [
        f"{pair['label']}: spoken of as a help in "
        f"{share_text(pair['share_help'], pair['share_help_lo'], pair['share_help_hi'], pair['estimator_help'])} "
        f"of units and as a hindrance in "
        f"{share_text(pair['share_hindrance'], pair['share_hindrance_lo'], pair['share_hindrance_hi'], pair['estimator_hindrance'])}."
        for pair in pairs
    ]


def lowest_rated(rated: dict) -> str:
    """The rating item fewest respondents answered above the midpoint of: "lowest" only where its interval says so."""
    if not rated.get("items"):
        return ""
    low = rated["lowest"]
    # "Above the midpoint", not "agreed": a scale may run from "not at all welcome" to "very welcome".
    share = interval(low["share_agree_lo"], low["share_agree_hi"])
    if rated["items"] == 1:
        return (
            f'Asked "{low["question"]}", {pct(low["share_agree"])} of {low["respondents"]} respondents '
            f"({share}) answered above the scale's midpoint."
        )
    return (
        f"Of the survey's {rated['items']} rating items, the fewest respondents answered above the scale's "
        f'midpoint for "{low["question"]}": {pct(low["share_agree"])} of {low["respondents"]} ({share})'
        + (
            "."
            if rated.get("lowest_clear")
            else "; its interval overlaps another item's, so it is not clearly the lowest."
        )
    )


def what_the_correction_moved(
    shares: Shares, labels: dict[str, str], corrected: bool, findings: dict[str, Any]
) -> list[str]:
    """How far the machine's own shares were from the estimates, and the widest interval."""
    if not corrected:
        return []
    moved = shares.prevalence["machine_share"] - shares.prevalence["share"]
    out = [
        f"Uncorrected, the automatic coding would have put a theme's share {points(moved.abs().mean()).lstrip('+')} "
        f"away from these estimates on average (up to {points(moved.abs().max()).lstrip('+')}), and higher for "
        f"{int((moved > 0).sum())} of {len(moved)} themes."
    ]
    wide = shares.power.sort_values("half_width", ascending=False).iloc[0]
    if wide["half_width"] == wide["half_width"] and wide["more_units"] == wide["more_units"]:
        target = half_points(findings["estimation"]["target_half_width"])
        out.append(
            f"The widest interval of any theme is ±{half_points(wide['half_width'])} ({labels[wide['theme_id']]}); "
            + (
                f"coding about {int(wide['more_units'])} more units would bring it to ±{target}."
                if wide["more_units"] > 0
                else f"every theme is already within ±{target}."
            )
        )
    return out


def about_the_inquiry(inquiry: Inquiry) -> str:
    """The units by place and wave, the documents by method, the participants by role."""
    counts, documents, participation, units = inquiry.counts, inquiry.documents, inquiry.participation, inquiry.units
    out = Markdown()
    methods = documents["method"].value_counts().reindex(sorted(documents["method"].unique()))
    out.print(
        f"The register lists {len(documents)} documents over {documents['wave'].nunique()} "
        f"wave{'s' if documents['wave'].nunique() != 1 else ''}, collected by "
        f"{join([inquiry.name(m) for m in methods.index])}. "
        + (
            "A survey export is not one unit: each response is, with the respondent's own place, wave and role. "
            if counts["survey_responses"]
            else ""
        )
        + f"The analysis counts {counts['units']} units.\n"
    )
    table = units.groupby(["place", "wave"]).size().unstack(fill_value=0).rename_axis(index="Place", columns=None)
    out.print(markdown_table(table, index=True))
    out.print()
    out.print(
        ": Units by place and wave"
        + (
            " (documents, and survey responses one by one)"
            if counts["other_units"] and counts["survey_responses"]
            else ""
        )
    )
    out.print()
    shown = pd.DataFrame(
        {
            "Method": [inquiry.name(m) for m in methods.index],
            "Documents": methods.to_numpy(),
            "Units": [int((units["method"] == m).sum()) for m in methods.index],
        }
    )
    out.print(markdown_table(shown))
    out.print()
    out.print(": Documents in the register and the units they hold, by method")
    out.print()
    roles = participation.assign(Role=[inquiry.name(r, capital=True) for r in participation["role"]])
    out.print(
        markdown_table(
            roles[["Role", "participants", "passages", "documents"]].rename(
                columns={"participants": "Participants", "passages": "Passages", "documents": "Documents"}
            )
        )
    )
    out.print()
    out.print(": Participants by role: who spoke, how often, in how many documents")
    return str(out)


def exclusion_reasons(audit: Audit) -> str:
    """The exclusions counted by reason, for the note on what was left out."""
    return (
        ", ".join(
            f"{n} for {r.replace('_', ' ')}" for r, n in audit.exclusions["reason"].value_counts().sort_index().items()
        )
        or "none"
    )


def participation_figure(inquiry: Inquiry):
    """Participants and passages by role."""
    participation = inquiry.participation
    return participation_by_role(participation, {r: inquiry.name(r, capital=True) for r in participation["role"]})


def heatmap_figures(inquiry: Inquiry, shares: Shares, figures: Path) -> str:
    """Each theme's estimated share in each place: one heatmap, or one per group of areas where the
    codebook has more themes than a page can show in one."""
    overall = dict(zip(shares.prevalence["theme_id"], shares.prevalence["share"]))
    places = places_to_show(shares.by_place, overall)
    total = shares.by_place["place"].nunique()
    shown = (
        ""
        if len(places) == total
        else f" Shown: the {len(places)} of the {total} places where the most themes' intervals lie wholly above or "
        "below the theme's overall share; every place is in `tables/prevalence_by_place.csv`."
    )
    return area_figures(
        figures,
        inquiry.theme_area,
        "heatmap",
        lambda ids: prevalence_heatmap(shares.by_place, {t: inquiry.labels[t] for t in ids}, overall, places),
        lambda part: (
            f"Estimated share of units in each place that raise each theme{part}, on a scale fitted to the shares. "
            "▲ or ▼: the place's 95% interval lies wholly above or below the theme's share across all places (each "
            "cell read on its own, not adjusted for the number of cells: a guide to where to look); an asterisk "
            f"marks a share from the place's human codes alone.{shown}"
        ),
        lambda ids: (
            "A heatmap with one row per theme and one column per place"
            + ("" if len(places) == total else f" (the {len(places)} places of {total} that stand out most)")
            + "; darker cells are themes raised in fewer of that place's units, and each cell is labelled with its "
            "percentage and, where its interval clears the theme's overall share, an up or down triangle."
        ),
    )


def network_figure(inquiry: Inquiry, shares: Shares):
    """The themes raised together."""
    return cooccurrence_network(shares.cooccurrence, inquiry.labels, inquiry.theme_area)
