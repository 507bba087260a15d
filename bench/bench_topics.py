"""How well the inductive topics find what the codebook misses, on the demo with its planted themes.

    python bench/bench_topics.py [--processed data/processed] [--seeds 5] [--routes tfidf embeddings]

The demo carries two themes its codebook has no code for, flooding and debt (tests/data/planted_themes:
16 passages each,
in ten transcripts and six survey answers). For each route (LSA of TF-IDF; the sentence embeddings,
where the semantic extra is installed) and each of ``--seeds`` seeds, it runs the topics as the rule
``discover_themes`` does, on the demo's built passages and final codes, and measures:

- recovery of each planted theme: the share of its passages in the topic holding most of them, that
  topic's precision (the share of its passages that are planted ones), whether it is flagged as what
  the codebook may miss, and whether its label holds at least two of the theme's key words and no
  stop word;
- agreement with coder A on the passages A coded with exactly one theme: normalised mutual
  information and purity;
- stability: the mean adjusted Rand index between the topics of every pair of seeds;
- time.

Results go to bench/results/topics.json and topics.md with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests/data/planted_themes"))
from bench_ingest import machine  # noqa: E402
from plant import planted_segments  # noqa: E402

from qualsynth.settings import TopicSettings  # noqa: E402
from qualsynth.synthesis.topics import STOP_WORDS, discover_topics  # noqa: E402

# Words a reader would expect in a label of each planted theme (their base forms, as labels show them).
KEY_WORDS = {
    "flooding": {
        "flood", "water", "rain", "river", "sea", "drain", "sandbag", "insurance", "storm", "weather", "wet",
        "tide", "brook", "puddle", "pump",
    },
    "debt": {
        "debt", "loan", "owe", "borrow", "lender", "bailiff", "catalogue", "credit", "card", "interest",
        "repayment", "shark", "payday", "overdraft", "letter", "pay",
    },
}  # fmt: skip


def recovery(result: dict[str, pd.DataFrame], planted: dict[str, str]) -> dict[str, dict[str, object]]:
    topic_of = result["segment_topics"].set_index("segment_id")["topic_id"]
    topics = result["topics"].set_index("topic_id")
    out = {}
    for theme in sorted(set(planted.values())):
        ids = [s for s, t in planted.items() if t == theme]
        counts = topic_of.loc[ids].value_counts()
        best = counts.index[0]
        members = topic_of[topic_of == best].index
        label = set(str(topics.loc[best, "label"]).replace(",", " ").split())
        out[theme] = {
            "recall": round(counts.iloc[0] / len(ids), 3),
            "precision": round(float(np.mean([planted.get(s) == theme for s in members])), 3),
            "topic_size": len(members),
            "flagged": bool(topics.loc[best, "codebook_may_miss"]),
            # Its place among the flagged topics, in the report's order (1 = read first), of how many.
            "flagged_rank": _flagged_rank(topics, best),
            "label": str(topics.loc[best, "label"]),
            "label_key_words": sorted(label & KEY_WORDS[theme]),
            "label_stop_words": sorted(label & STOP_WORDS),
        }
    return out


def _flagged_rank(topics: pd.DataFrame, topic: int) -> str:
    flagged = topics[topics["codebook_may_miss"]].sort_values("rank")
    if topic not in flagged.index:
        return "—"
    return f"{list(flagged.index).index(topic) + 1} of {len(flagged)}"


def agreement_with_coder_a(result: dict[str, pd.DataFrame], human: pd.DataFrame) -> dict[str, float]:
    """NMI and purity of the topics against coder A's theme, on the passages A gave exactly one theme."""
    a = human[(human["coder"] == "A") & (human["theme_id"] != "none")]
    single = a.groupby("segment_id")["theme_id"].agg(list)
    single = single[single.map(len) == 1].map(lambda t: t[0])
    topic_of = result["segment_topics"].set_index("segment_id")["topic_id"]
    both = pd.DataFrame({"theme": single}).join(topic_of, how="inner")
    purity = both.groupby("topic_id")["theme"].agg(lambda t: t.value_counts().iloc[0]).sum() / len(both)
    return {
        "passages": len(both),
        "nmi": round(float(normalized_mutual_info_score(both["theme"], both["topic_id"])), 3),
        "purity": round(float(purity), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processed", type=Path, default=ROOT / "data/processed")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--routes", nargs="+", default=["tfidf", "embeddings"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/topics.json")
    args = parser.parse_args()
    segments = pd.read_parquet(args.processed / "segments.parquet")
    codes = pd.read_parquet(args.processed / "codes.parquet")
    human = pd.read_parquet(args.processed / "shards/human_codes.parquet")
    planted = planted_segments(segments[segments["is_participant"]])
    results: dict[str, object] = {"machine": machine(), "passages": int(segments["is_participant"].sum())}
    for route in args.routes:
        embeddings = None
        if route == "embeddings":
            embeddings = _embeddings(segments)
            if embeddings is None:
                results[route] = "not run: the semantic extra is not installed"
                continue
        runs, labels, seconds = [], [], []
        for seed in range(args.seeds):
            started = time.perf_counter()
            result = discover_topics(segments, codes, {}, TopicSettings(seed=seed), embeddings)
            seconds.append(time.perf_counter() - started)
            runs.append(
                {
                    "seed": seed,
                    "topics": len(result["topics"]),
                    "planted": recovery(result, planted),
                    "coder_a": agreement_with_coder_a(result, human),
                }
            )
            labels.append(result["segment_topics"].sort_values("segment_id")["topic_id"].to_numpy())
        pairs = [adjusted_rand_score(a, b) for a, b in combinations(labels, 2)]
        results[route] = {
            "runs": runs,
            "stability_ari": round(float(np.mean(pairs)), 3) if pairs else None,
            "seconds_median": round(float(np.median(seconds)), 2),
        }
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(summary(results, args.routes), encoding="utf-8")
    print(json.dumps({r: v for r, v in results.items() if r != "machine"}, indent=1)[:6000])


def summary(results: dict, routes: list[str]) -> str:
    """The results as a Markdown table: one row per route and seed."""
    lines = [
        "# Inductive topics on the demo's planted themes (bench/bench_topics.py)",
        "",
        "Recall: the share of the planted theme's 16 passages in the topic holding most of them; precision: the share",
        "of that topic's passages that are planted ones; flagged: as what the codebook may miss, and its place among",
        "the flagged topics in the report's order (the score was designed on these two themes: a development figure).",
        "NMI and purity:",
        "against coder A on the passages A coded with exactly one theme. Stability: mean adjusted Rand index",
        "between the seeds' topics.",
        "",
        "| Route | Seed | Topics | Flooding: recall, precision, flagged, label | Debt: recall, precision, flagged, label "
        "| NMI | Purity |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for route in routes:
        found = results.get(route)
        if not isinstance(found, dict):
            lines.append(f"| {route} | — | — | {found} | | | |")
            continue
        for run in found["runs"]:
            cells = []
            for theme in ("flooding", "debt"):
                p = run["planted"][theme]
                cells.append(
                    f"{p['recall']:.2f}, {p['precision']:.2f}, "
                    f"{'yes, ' + p['flagged_rank'] if p['flagged'] else 'no'}, {p['label']}"
                )
            lines.append(
                f"| {route} | {run['seed']} | {run['topics']} | {cells[0]} | {cells[1]} | "
                f"{run['coder_a']['nmi']:.3f} | {run['coder_a']['purity']:.3f} |"
            )
        lines.append(
            f"| {route} | all | | stability (ARI across seeds) {found['stability_ari']}, "
            f"median {found['seconds_median']} s a run | | | |"
        )
    return "\n".join(lines) + "\n"


def _embeddings(segments: pd.DataFrame) -> pd.DataFrame | None:
    from qualsynth.coding import embeddings

    if not embeddings.available():
        return None
    said = segments[segments["is_participant"]].sort_values("segment_id")
    vectors = embeddings.embed(embeddings.load_model("cpu"), list(said["text"]))
    return pd.DataFrame({"segment_id": said["segment_id"].to_numpy(), "embedding": list(vectors)})


if __name__ == "__main__":
    main()
