"""The report's findings: each area of the codebook, the survey's ratings, the themes raised together and
what the codebook may be missing."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from qualsynth.report.data import Inquiry, Shares
from qualsynth.report.figures import MAX_PANELS, MAX_PLACES, figure, likert_by_wave, stage_onsets, wave_trends
from qualsynth.report.prose import (
    ATTRIBUTED,
    NBSP,
    Markdown,
    apostrophes,
    attribution,
    cell,
    interval,
    join,
    markdown_table,
    pct,
    points,
    quote_callout,
)
from qualsynth.report.sections.messages import area_narrative, area_questions


def areas(inquiry: Inquiry, shares: Shares, findings: dict[str, Any], figures: Path) -> str:
    """One section per area of the codebook: its findings in plain words, its evidence table, its figures, two
    quotes and the questions it raises."""
    return "".join(
        area_section(inquiry, shares, findings, figures, n, area_id, label)
        for n, (area_id, label) in enumerate(inquiry.areas, start=1)
    )


def area_section(
    inquiry: Inquiry,
    shares: Shares,
    findings: dict[str, Any],
    figures: Path,
    number: int,
    area_id: str,
    area_label: str,
) -> str:
    rows = shares.prevalence[shares.prevalence["area_id"] == area_id]
    ids = list(rows["theme_id"])
    out = Markdown()
    out.print(f"## {number}. {area_label}\n")
    out.print(area_narrative(findings, area_id))
    out.print(area_table(inquiry, shares, rows, area_label))
    out.print(trend_figure(inquiry, shares, figures, area_id, area_label, ids))
    out.print(stages(inquiry, shares, figures, area_id, ids))
    out.print(area_quotes(inquiry, shares.quotes, rows))
    questions = area_questions(findings, area_id)
    if questions.strip():
        out.print("### Questions to explore next {.unnumbered .unlisted}\n")
        out.print(questions)
    return str(out)


def change_cell(trend: dict | None) -> str:
    """A change with its interval where it is clear; else 'no clear change' (a point change is no finding)."""
    # The machine's own change has no interval to tell it from its errors: no change is given for it.
    if trend is None or trend.get("estimator") == "uncorrected":
        return "—"
    if not trend.get("clear"):
        return "no clear change"
    if trend.get("estimator") == "census":
        return points(trend["change"])
    low, high = (round(trend[k] * 100) for k in ("change_lo", "change_hi"))
    interval_text = f"({low:+d}{NBSP}to{NBSP}{high:+d})".replace("-", "−")
    return f"{points(trend['change']).replace(' ', NBSP)} {interval_text}"


def area_table(inquiry: Inquiry, shares: Shares, rows: pd.DataFrame, area_label: str) -> str:
    """The area's compact evidence table: each theme's share (by source where both exist) and its change, with its
    interval where it is clear."""
    ids = list(rows["theme_id"])
    table = pd.DataFrame(
        {
            "Theme": rows["theme_label"].to_numpy(),
            "All units": [
                cell(r.share, r.share_lo, r.share_hi, r.estimator, r.units_with, r.units) for r in rows.itertuples()
            ],
        }
    )
    present = [s for s in ["document", "survey response"] if s in set(shares.by_source["source"])]
    if len(present) > 1:
        by_source = {
            (r.theme_id, r.source): cell(r.share, r.share_lo, r.share_hi, r.estimator, r.units_with, r.units)
            for r in shares.by_source.itertuples()
        }
        for source in present:
            table[inquiry.sources[source].capitalize()] = [by_source.get((t, source), "—") for t in ids]
    # The machine's own shares are beside the estimates in Appendix B's figures: here, room for the intervals.
    table["Change"] = [change_cell(shares.trends.get(t)) for t in ids]
    caption = (
        f": {area_label}: estimated share of units raising each theme (95% interval; shares of groups are partially "
        "pooled: see the method)"
        + (", in documents and in survey responses" if len(present) > 1 else "")
        + f", and the change from {inquiry.first_wave} to {inquiry.last_wave} in points (95% interval), where it is clear"
    )
    return markdown_table(table) + "\n\n" + caption + "\n"


def trend_figure(inquiry: Inquiry, shares: Shares, figures: Path, area_id: str, area_label: str, ids: list[str]) -> str:
    """Small multiples of the area's themes by wave; a large area shows the themes that moved most."""
    trends, labels = shares.trends, inquiry.labels
    shown = ids
    if len(ids) > MAX_PANELS:
        moved = sorted(ids, key=lambda t: -abs(trends[t]["change"]) if t in trends else 0.0)[:MAX_PANELS]
        shown = [t for t in ids if t in moved]
    which = (
        "each theme"
        if shown == ids
        else f"the {len(shown)} of its {len(ids)} themes that changed most (the table gives every theme)"
    )
    trend_alt = "; ".join(
        f"{labels[t]} {pct(trends[t]['share_first'])} to {pct(trends[t]['share_last'])}" for t in shown if t in trends
    )
    return figure(
        figures,
        wave_trends(shares.by_wave, shown, labels, inquiry.wave_order),
        f"trends-{area_id}",
        f"{area_label}: estimated share of units raising {which} in each wave, with 95% intervals as bands.",
        f"Small line charts, one panel per theme of the area on the same axes, estimated share of units by "
        f"wave with its interval as a band. From the first to the last wave: {trend_alt}.",
    )


def stages(inquiry: Inquiry, shares: Shares, figures: Path, area_id: str, ids: list[str]) -> str:
    """Where the area holds the early or the later work: when each became salient in each place."""
    sequencing, stage_order = shares.sequencing, shares.stage_order
    named = sequencing.get("early_themes", []) + sequencing.get("later_themes", [])
    if not (named and set(named) & set(ids) and len(stage_order)):
        return ""
    text = (
        f"In {sequencing['places_early_first']} of {sequencing['places']} places the early work became "
        f"salient — raised in a wave's units at {pct(sequencing['salience'])} or more of the theme's peak in the "
        f"place — before the later work ({sequencing['places_later_first']} later first, "
        f"{sequencing['places_same_wave']} in the same wave). Each place's wave rests on few units, so these are "
        "estimates of the same kind as the small groups above.\n"
    )
    shown, which = stage_order, "each place"
    if len(stage_order) > MAX_PLACES:
        most = stage_order.sort_values(["participants", "place"], ascending=[False, True], kind="stable")
        shown = stage_order[stage_order["place"].isin(most["place"].head(MAX_PLACES))]
        which = (
            f"the {len(shown)} of the {len(stage_order)} places with the most participants "
            "(every place is in `tables/stage_order.csv`)"
        )
    onsets = "; ".join(f"{r.place}: early {r.early_onset:g}, later {r.later_onset:g}" for r in shown.itertuples())
    # A blank line first: an image that ends a paragraph is no figure, and would lose its caption.
    return (
        text
        + "\n"
        + figure(
            figures,
            stage_onsets(shown, inquiry.wave_order),
            f"stages-{area_id}",
            f"When the early and the later work became salient in {which}.",
            f"Dot plot, one row per place, a circle for the early work's wave and a triangle for the later "
            f"work's, joined by a line. Median waves by place: {onsets}.",
        )
    )


def area_quotes(inquiry: Inquiry, quotes: pd.DataFrame, rows: pd.DataFrame) -> str:
    """Two quotes: the first of the area's most widely raised themes, from different themes where it can."""
    area_quotes = quotes[quotes["theme_id"].isin(rows["theme_id"])]
    order = rows.sort_values(["share", "theme_id"], ascending=[False, True])["theme_id"]
    chosen = [area_quotes[area_quotes["theme_id"] == t].iloc[0] for t in order if (area_quotes["theme_id"] == t).any()][
        :2
    ]
    if len(chosen) < 2:
        chosen += [q for _, q in area_quotes.iterrows() if q["segment_id"] not in {c["segment_id"] for c in chosen}][
            : 2 - len(chosen)
        ]
    if not chosen:
        return ""
    # A heading, so that Word and the PDF keep it with the quotes it introduces.
    return "### In participants' words {.unnumbered .unlisted}\n\n" + "\n".join(
        quote_callout(q, inquiry.labels, inquiry.names) for q in chosen
    )


def ratings(inquiry: Inquiry, shares: Shares, figures: Path) -> str:
    """The survey's rating items: the share agreeing with each, its change where clear, and the figure by wave."""
    likert, rated = shares.likert, shares.rated
    if not rated.get("items"):
        return ""
    out = Markdown()
    out.print("## Survey ratings\n")
    out.print(
        f"Survey respondents rated {rated['items']} statements. {rating_extremes(rated)} These are respondents' own "
        "ratings, not codes, so nothing needs correcting; the intervals come from resampling respondents, and a "
        "change between waves is stated only where its interval, taken over every statement, excludes no change.\n"
    )
    changes = rated.get("changes", {})
    shown = likert.assign(
        Statement=likert["question"],
        Respondents=likert["respondents"],
        Agreeing=[
            f"{pct(s)}{NBSP}({pct(lo)}–{pct(hi)})"
            for s, lo, hi in zip(likert["share_agree"], likert["share_agree_lo"], likert["share_agree_hi"])
        ],
        Change=[change_cell(_rating_trend(changes[i])) if i in changes else "—" for i in likert["item"]],
    )
    out.print(markdown_table(shown[["Statement", "Respondents", "Agreeing", "Change"]]))
    out.print()
    out.print(
        f": Share of respondents agreeing with each statement (95% interval), and its change from {inquiry.first_wave} "
        f"to {inquiry.last_wave} in points (interval over every statement), where it is clear"
    )
    out.print()
    alt = "; ".join(f"{r.question}: {pct(r.share_agree)}" for r in likert.itertuples())
    out.print(
        figure(
            figures,
            likert_by_wave(shares.likert_waves, inquiry.wave_order),
            "likert",
            "Share of survey respondents agreeing with each statement, by wave, with 95% intervals.",
            f"Line chart with error bars, one line per statement, share agreeing by wave. Overall: {alt}.",
        )
    )
    return str(out)


def _rating_trend(change: dict) -> dict:
    return {**change, "clear": change["change_lo"] > 0 or change["change_hi"] < 0}


def rating_extremes(rated: dict) -> str:
    """The statements with the lowest and highest share agreeing, named as such only where the intervals say so."""
    low, high = rated["lowest"], rated["highest"]
    said = []
    if rated.get("lowest_clear"):
        said.append(
            f'The share agreeing (a rating above the scale\'s midpoint) was lowest for "{low["question"]}" '
            f"({pct(low['share_agree'])}, {interval(low['share_agree_lo'], low['share_agree_hi'])}), below every "
            "other statement's interval."
        )
    if rated.get("highest_clear"):
        said.append(
            f'It was highest for "{high["question"]}" ({pct(high["share_agree"])}, '
            f"{interval(high['share_agree_lo'], high['share_agree_hi'])}), above every other statement's interval."
        )
    return " ".join(said) or "The intervals of the shares agreeing overlap too much to single out a lowest or highest."


def themes_together(inquiry: Inquiry, shares: Shares) -> str:
    """The pairs of themes raised together in most units."""
    cooccurrence, labels = shares.cooccurrence, inquiry.labels
    out = Markdown()
    strong = cooccurrence[cooccurrence["lift"] > 1].sort_values(["share_both", "lift"], ascending=False).head(8)
    if len(strong):
        shown = pd.DataFrame(
            {
                "Theme": strong["theme_a"].map(labels),
                "With": strong["theme_b"].map(labels),
                "Units raising both": [
                    cell(r.share_both, r.share_both_lo, r.share_both_hi, r.estimator) for r in strong.itertuples()
                ],
                "Lift": strong["lift"].map(lambda v: f"{v:.1f}"),
            }
        )
        out.print(markdown_table(shown))
        out.print()
        out.print(
            ": The pairs of themes raised together in most units (estimated share of units raising both, 95% interval; "
            "lift: how many times more often than if the two were unrelated)"
        )
    else:
        out.print("No pair of themes was raised together more often than if they were unrelated.")
    return str(out)


def beyond_the_codebook(inquiry: Inquiry, shares: Shares) -> str:
    """The inductive topics: each one the codebook covers little of, with its units, places and waves, two
    quotes and its nearest themes, as prompts for the team; then how every topic maps onto the codebook."""
    topics = shares.topics
    out = Markdown()
    if not len(topics):
        out.print("The corpus was too small to look for topics beyond the codebook.")
        return str(out)
    topics = topics.sort_values("rank")
    flagged = topics[topics["codebook_may_miss"]]
    rest = topics[topics["is_rest"]]
    out.print(
        f"Alongside the codebook, the participant passages were grouped by the words they share into "
        f"{len(topics)} topics (the number the most stable across resamples of the passages and the most "
        "coherent); each is named by the words that set it apart from the others"
        + (
            f", and {int(rest['n_segments'].sum())} passages that share no distinctive words with any group "
            "are left together as the rest"
            if len(rest)
            else ""
        )
        + f". {len(flagged)} of the topics {'is' if len(flagged) == 1 else 'are'} covered little by any one theme "
        f"of the codebook (the best theme codes under {pct(topics['flag_below'].iloc[0])} of the topic's passages) "
        f"and {'holds' if len(flagged) == 1 else 'hold'} words that occur together: prompts for the team to read "
        "and perhaps name, not findings. They come "
        "in order of how distinct and coherent they are: the share of their passages no theme codes, times the "
        "coherence of their words; a topic whose words seldom occur together is not flagged.\n"
    )
    for row in flagged.itertuples():
        out.print(flagged_topic(row, inquiry.names))
    out.print(topic_table(topics))
    return str(out)


def flagged_topic(row, names) -> str:
    """A topic the codebook may miss: its words, where it was raised, its nearest themes and two quotes."""
    places, waves = _listed(row.places), _listed(row.waves)
    out = Markdown()
    out.print(f"### {row.label} {{.unnumbered .unlisted}}\n")
    out.print(
        f"Its words: {row.top_terms}. "
        f"Raised in {row.n_units} unit{'s' if row.n_units != 1 else ''} ({row.n_segments} passages) in "
        f"{len(places)} place{'s' if len(places) != 1 else ''} ({join(places)}) and "
        f"{len(waves)} wave{'s' if len(waves) != 1 else ''} ({join(waves)}). " + _nearest_themes(row) + "\n"
    )
    for quote in json.loads(row.quotes):
        who = attribution(SimpleNamespace(**{**dict.fromkeys(ATTRIBUTED, ""), **quote}), names)
        out.print(f"> {apostrophes(quote['text'])}\n>\n> — {who}\n")
    return str(out)


def topic_table(topics: pd.DataFrame) -> str:
    """How every topic maps onto the codebook."""
    table = pd.DataFrame(
        {
            "Topic (its words)": topics["label"],
            "Units": topics["n_units"],
            "Places": topics["places"].map(lambda places: len(_listed(places))),
            "Nearest theme (its share of the topic)": [
                _first_theme(r) if not r.is_rest else "— (the rest)" for r in topics.itertuples()
            ],
            "Flagged": [
                "yes"
                if r.codebook_may_miss
                else "incoherent"
                if getattr(r, "incoherent", False) and not r.is_rest
                else ""
                for r in topics.itertuples()
            ],
        }
    )
    caption = ": How each topic maps onto the codebook: the theme that codes most of its passages, and its share"
    return markdown_table(table) + "\n\n" + caption + "\n"


def _listed(value) -> list[str]:
    """The entries of a ;-separated field."""
    return [entry for entry in str(value).split(";") if entry]


def _best_themes(row) -> list[tuple[str, float]]:
    """(label, share of the topic's passages) of the themes that code most of a topic's passages."""
    shares = [float(part.split(":")[1]) for part in _listed(row.best_themes)]
    return list(zip(_listed(row.best_theme_labels), shares, strict=False))


def _first_theme(row) -> str:
    best = _best_themes(row)
    return f"{best[0][0]} ({pct(best[0][1])})" if best else "none"


def _nearest_themes(row) -> str:
    best = _best_themes(row)
    if not best:
        return "No theme of the codebook codes any of its passages."
    return (
        "The nearest themes, by the codes its passages got: "
        + join([f"{label} ({pct(share)} of them)" for label, share in best])
        + "."
    )
