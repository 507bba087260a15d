"""Figures for the report: static images that read in a browser and in Word."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

# A fixed salt for the ids matplotlib writes into an SVG, so a figure saved as SVG is the same bytes on every run.
matplotlib.rcParams["svg.hashsalt"] = "qualsynth"

# cividis reads the same for the common colour-vision deficiencies and in greyscale print.
SEQUENTIAL = "cividis"


# The most rows one theme-per-row figure holds: beyond it a page of print cannot show the figure at a
# readable size, so the themes are split into several figures.
MAX_ROWS = 16
# The most panels of one area's trend chart (three rows of four).
MAX_PANELS = 12
# The most places one heatmap shows: a column per place stays readable on a landscape page up to here.
MAX_PLACES = 24


def area_chunks(theme_area: Mapping[str, str], max_rows: int = MAX_ROWS) -> list[list[str]]:
    """The themes (in codebook order) in groups of at most ``max_rows``: whole areas together where they
    fit, an area larger than that split in pieces. One group when every theme fits."""
    if len(theme_area) <= max_rows:
        return [list(theme_area)]
    areas: dict[str, list[str]] = {}
    for theme, area in theme_area.items():
        areas.setdefault(area, []).append(theme)
    pieces = [ids[k : k + max_rows] for ids in areas.values() for k in range(0, len(ids), max_rows)]
    chunks: list[list[str]] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + len(piece) <= max_rows:
            chunks[-1] += piece
        else:
            chunks.append(list(piece))
    return chunks


def fitted_upper(values: Sequence[float], floor: float = 0.1) -> float:
    """The top of a share axis fitted to ``values``: the next 10 points above the largest, at most 100%."""
    finite = [v for v in values if v == v]
    return min(1.0, max(floor, math.ceil(max(finite, default=0) * 10 + 1e-9) / 10))


def places_to_show(by_place: pd.DataFrame, overall: Mapping[str, float], limit: int = MAX_PLACES) -> list[str]:
    """The places of a heatmap, in name order: every place, or where there are more than ``limit``, the
    ``limit`` places with the most themes whose 95% interval lies wholly above or below the theme's overall
    share (ties: more units, then the name), so the figure shows where to look."""
    places = sorted(by_place["place"].astype(str).unique())
    if len(places) <= limit:
        return places
    level = by_place["theme_id"].map(overall)
    clear = (by_place["share_lo"] > level) | (by_place["share_hi"] < level)
    ranked = (
        by_place.assign(place=by_place["place"].astype(str), clear=clear)
        .groupby("place")
        .agg(clear=("clear", "sum"), units=("units", "max"))
        .reset_index()
        .sort_values(["clear", "units", "place"], ascending=[False, False, True], kind="stable")
    )
    return sorted(ranked["place"].head(limit))


def prevalence_heatmap(
    by_place: pd.DataFrame,
    theme_labels: dict[str, str],
    overall: Mapping[str, float] | None = None,
    places: Sequence[str] | None = None,
) -> Figure:
    """Place × theme heatmap of the estimated share of units raising each theme, on a scale fitted to the shares,
    with the % in each cell; a share from the place's human codes alone is marked with an asterisk, and with
    ``overall`` (theme → share across all places) a place whose 95% interval lies wholly above (below) it with ▲ (▼).
    ``places``, where given, are the columns shown (:func:`places_to_show`)."""
    wide = by_place.pivot(index="theme_id", columns="place", values="share")
    wide = wide.reindex([t for t in theme_labels if t in wide.index])
    if places is not None:
        wide = wide[list(places)]
    cells = by_place.set_index(["theme_id", "place"])
    top = fitted_upper(wide.to_numpy(dtype=float).ravel())
    fig, ax = plt.subplots(figsize=(4.8 + 1.0 * wide.shape[1], 1.2 + 0.42 * wide.shape[0]), dpi=110)
    image = ax.imshow(wide.to_numpy(dtype=float), cmap=SEQUENTIAL, vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(wide.shape[1]), list(wide.columns), rotation=30, ha="right")
    ax.set_yticks(range(wide.shape[0]), [theme_labels[t] for t in wide.index])
    for row, theme in enumerate(wide.index):
        for col, place in enumerate(wide.columns):
            value = wide.iloc[row, col]
            if value != value:
                continue
            ax.text(
                col,
                row,
                f"{value:.0%}{cell_marks(cells.loc[(theme, place)], (overall or {}).get(theme))}",
                ha="center",
                va="center",
                color="black" if value > 0.55 * top else "white",
                fontsize=9,
            )
    ax.set_xlabel("Place")
    fig.colorbar(image, ax=ax, label="Estimated share of units", format=lambda v, _: f"{v:.0%}")
    ax.tick_params(length=0)
    fig.tight_layout()
    return fig


def cell_marks(cell: pd.Series, overall: float | None) -> str:
    """A heatmap cell's marks: * for the human codes alone; ▲ or ▼ where its interval clears the theme's overall share."""
    mark = "*" if cell["estimator"] == "human codes only" else ""
    if overall is not None and cell["share_lo"] > overall:
        mark += "▲"
    elif overall is not None and cell["share_hi"] < overall:
        mark += "▼"
    return mark


# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies. Lines also
# differ by marker, so colour is never the only cue.
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def wave_trends(
    by_wave: pd.DataFrame, theme_ids: list[str], theme_labels: dict[str, str], wave_order: list[str]
) -> Figure:
    """Estimated share of units raising each theme in each wave, with its 95% interval as a band: one
    small panel per theme on shared axes, so that no line or band hides another."""
    columns = min(len(theme_ids), 4) or 1
    rows_n = -(-len(theme_ids) // columns) or 1
    # Shared axes up to the next ten points above the highest interval: low shares do not lie flat.
    peak = pd.to_numeric(
        by_wave.loc[by_wave["theme_id"].isin(theme_ids), [c for c in ("share", "share_hi") if c in by_wave]].stack(),
        errors="coerce",
    ).max()
    top = 1.0 if peak != peak else min(1.0, max(0.1, math.ceil((float(peak) + 0.02) * 10) / 10))
    fig, axes = plt.subplots(
        rows_n, columns, figsize=(8.0, 0.6 + 1.9 * rows_n), dpi=110, sharex=True, sharey=True, squeeze=False
    )
    x = list(range(len(wave_order)))
    for k, ax in enumerate(axes.flat):
        if k >= len(theme_ids):
            ax.set_visible(False)
            continue
        theme = theme_ids[k]
        rows = by_wave[by_wave["theme_id"] == theme].set_index("wave").reindex(wave_order)
        if {"share_lo", "share_hi"} <= set(rows.columns):
            ax.fill_between(
                x,
                rows["share_lo"].astype(float),
                rows["share_hi"].astype(float),
                color=QUALITATIVE[0],
                alpha=0.18,
                linewidth=0,
            )
        ax.plot(x, rows["share"], marker="o", markersize=3.5, color=QUALITATIVE[0])
        ax.set_title(textwrap.fill(theme_labels[theme], 26), fontsize=8, loc="left")
        ax.set_xticks(x, wave_order, fontsize=7.5)
        # The lowest panel of each column carries the waves, whether or not the row below is full.
        ax.xaxis.set_tick_params(labelbottom=k + columns >= len(theme_ids))
        ax.set_ylim(0, top)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.tick_params(axis="y", labelsize=7.5)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    fig.supylabel("Estimated share of units", fontsize=9)
    fig.supxlabel("Wave", fontsize=9)
    fig.tight_layout()
    return fig


def stage_onsets(order: pd.DataFrame, wave_order: list[str], early: str = "early", later: str = "later") -> Figure:
    """For each place, the wave in which the early and the later work became salient, joined by a line."""
    fig, ax = plt.subplots(figsize=(7.0, 1.0 + 0.45 * max(len(order), 1)), dpi=110)
    never = len(wave_order) + 1
    for row, item in enumerate(order.itertuples(index=False)):
        first, second = getattr(item, f"{early}_onset"), getattr(item, f"{later}_onset")
        ax.plot([first, second], [row, row], color="#999999", linewidth=1.2, zorder=1)
        ax.scatter(
            [first],
            [row],
            marker="o",
            s=60,
            color=QUALITATIVE[0],
            zorder=2,
            label=f"{early.capitalize()} work" if row == 0 else None,
        )
        ax.scatter(
            [second],
            [row],
            marker="^",
            s=70,
            color=QUALITATIVE[5],
            zorder=2,
            label=f"{later.capitalize()} work" if row == 0 else None,
        )
    ax.set_yticks(range(len(order)), list(order["place"]))
    ax.invert_yaxis()
    ax.set_xticks(range(1, never + 1), [*wave_order, "never"])
    ax.set_xlim(0.5, never + 0.5)
    ax.set_xlabel("Wave in which the stage's themes became salient (median over its themes)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def cooccurrence_network(
    edges: pd.DataFrame, theme_labels: dict[str, str], theme_areas: dict[str, str], max_edges: int = 25
) -> Figure:
    """Themes as a ring of nodes coloured by area; lines join the pairs raised together in the most
    units (among pairs with lift above 1), thicker for a higher lift."""
    import networkx as nx

    strong = (
        edges[edges["lift"] > 1]
        .sort_values(["share_both", "lift", "theme_a", "theme_b"], ascending=[False, False, True, True])
        .head(max_edges)
    )
    graph = nx.Graph()
    graph.add_nodes_from(theme_labels)
    for row in strong.itertuples(index=False):
        graph.add_edge(row.theme_a, row.theme_b, lift=row.lift, both=row.share_both)
    positions = nx.circular_layout(list(theme_labels))
    areas = list(dict.fromkeys(theme_areas.values()))
    colours = [QUALITATIVE[areas.index(theme_areas[t]) % len(QUALITATIVE)] for t in theme_labels]
    fig, ax = plt.subplots(figsize=(8.5, 8.5), dpi=110)
    widths = [0.8 + 1.6 * min(graph.edges[e]["lift"], 4) for e in graph.edges]
    nx.draw_networkx_edges(graph, positions, ax=ax, width=widths, edge_color="#777777", alpha=0.7)
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_color=colours, node_size=140)
    # Labels run outwards along the radius, so that neighbours on a ring of 40 themes do not overlap.
    for theme, (x, y) in positions.items():
        angle = math.degrees(math.atan2(y, x))
        ax.text(
            x * 1.06,
            y * 1.06,
            "\n".join(textwrap.wrap(theme_labels[theme], 28)),
            ha="left" if x >= 0 else "right",
            va="center",
            rotation=angle if x >= 0 else angle - 180,
            rotation_mode="anchor",
            fontsize=7.5,
        )
    for k, area in enumerate(areas):
        ax.scatter([], [], color=QUALITATIVE[k % len(QUALITATIVE)], label=area)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False, fontsize=8.5)
    # Room for the longest labels inside the axes, so that the legend below overlaps none of them.
    ax.set_xlim(-1.95, 1.95)
    ax.set_ylim(-1.95, 1.95)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def estimates_and_machine(prevalence: pd.DataFrame, theme_labels: dict[str, str]) -> Figure:
    """Each theme's estimated share of units with its 95% interval (filled circle and line) beside the
    machine's own share (open diamond), themes ordered by the estimate: how far the correction moved."""
    rows = prevalence.sort_values(["share", "theme_id"], ascending=[True, True])
    # Constrained layout keeps the legend, outside below, clear of the axis label at any number of rows.
    fig, ax = plt.subplots(figsize=(8.0, 1.6 + 0.3 * max(len(rows), 1)), dpi=110, layout="constrained")
    y = list(range(len(rows)))
    low = (rows["share"] - rows["share_lo"]).clip(lower=0).fillna(0)
    high = (rows["share_hi"] - rows["share"]).clip(lower=0).fillna(0)
    ax.errorbar(
        rows["share"],
        y,
        xerr=[low, high],
        fmt="o",
        color=QUALITATIVE[0],
        capsize=2,
        markersize=4.5,
        label="Estimate: what the reference coder would find (95% interval)",
    )
    ax.scatter(
        rows["machine_share"],
        y,
        marker="D",
        facecolors="none",
        edgecolors=QUALITATIVE[5],
        s=26,
        label="Machine's own share (uncorrected)",
    )
    ax.set_yticks(y, [theme_labels[t] for t in rows["theme_id"]], fontsize=8)
    ax.set_xlim(0, fitted_upper([*rows["share_hi"], *rows["share"], *rows["machine_share"]]))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("Share of units")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside lower center", frameon=False, fontsize=8.5)
    return fig


def participation_by_role(participation: pd.DataFrame, role_labels: dict[str, str]) -> Figure:
    """Participants and passages by role, side by side."""
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 1.2 + 0.42 * max(len(participation), 1)), dpi=110, sharey=True)
    names = [role_labels.get(r, r) for r in participation["role"]]
    for ax, column, title in zip(axes, ["participants", "passages"], ["Participants", "Passages"]):
        values = participation[column].astype(float)
        ax.barh(range(len(values)), values, color=QUALITATIVE[0])
        for row, value in enumerate(values):
            ax.text(value + values.max() * 0.02, row, f"{value:.0f}", va="center", fontsize=8.5)
        ax.set_title(title, fontsize=10)
        ax.set_xlim(0, max(values.max(), 1) * 1.2)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_yticks(range(len(names)), names)
    axes[0].invert_yaxis()
    fig.tight_layout()
    return fig


def likert_by_wave(by_wave: pd.DataFrame, wave_order: list[str]) -> Figure:
    """Share of respondents agreeing with each rating item in each wave, with 95% intervals."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2), dpi=110)
    x = list(range(len(wave_order)))
    for k, (question, rows) in enumerate(by_wave.groupby("question", sort=False)):
        rows = rows.set_index("wave").reindex(wave_order)
        colour = QUALITATIVE[k % len(QUALITATIVE)]
        share = rows["share_agree"].astype(float)
        ax.errorbar(
            [v + (k - 2.5) * 0.04 for v in x],
            share,
            yerr=[share - rows["share_agree_lo"].astype(float), rows["share_agree_hi"].astype(float) - share],
            marker=MARKERS[k % len(MARKERS)],
            color=colour,
            capsize=2,
            label=question,
        )
    _share_by_wave_axes(ax, wave_order, "Share agreeing")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False, fontsize=8.5)
    fig.tight_layout()
    return fig


def _share_by_wave_axes(ax, wave_order: list[str], ylabel: str) -> None:
    """Waves along x, a 0–100% share up y, light horizontal grid lines."""
    ax.set_xticks(list(range(len(wave_order))), wave_order)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("Wave")
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)


def save_figure(fig: Figure, path: Path) -> Path:
    """Write ``fig`` as a PNG with no run-dependent metadata, and close it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return path


def figure(figures: Path, fig, name: str, caption: str, alt: str) -> str:
    """Save ``fig`` beside the report and return the Markdown that places it with caption and alt text."""
    path = save_figure(fig, figures / f"{name}.png")
    alt = alt.replace('"', "'")
    return f'![{caption}]({path.as_posix()}){{#fig-{name} fig-alt="{alt}" alt="{alt}"}}\n'


def area_figures(
    figures: Path,
    theme_area: Mapping[str, str],
    name: str,
    draw: Callable[[list[str]], Figure],
    caption: Callable[[str], str],
    alt: Callable[[list[str]], str],
) -> str:
    """One figure of the themes, or one per group of whole areas (:func:`area_chunks`) where the codebook
    has more themes than a page can show in one: ``name``, or ``name-1``, ``name-2`` …, each captioned with
    its areas."""
    chunks = area_chunks(theme_area)
    out = ""
    for number, ids in enumerate(chunks, start=1):
        part = f" ({'; '.join(dict.fromkeys(theme_area[t] for t in ids))})" if len(chunks) > 1 else ""
        named = name if len(chunks) == 1 else f"{name}-{number}"
        out += figure(figures, draw(ids), named, caption(part), alt(ids)) + "\n\n"
    return out
