"""Inductive topics over participant passages (rule ``discover_themes``): what the codebook may miss.

NMF on TF-IDF (scikit-learn), deterministic for a seed. The number of topics is the k in a
configured range whose topics are most coherent: the mean NPMI (normalised pointwise mutual
information) of each topic's top terms over which passages contain them — terms that appear in the
same passages score near 1, unrelated terms near 0. Each topic is then read against the final
codes of the passages it dominates; a topic whose best-matching theme covers few of them is
flagged as "what the codebook may be missing".
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from qualsynth.settings import TopicSettings

# Spoken filler and transcript marks, which would otherwise make "topics" of their own.
SPOKEN_STOP_WORDS = frozenset(
    """
um er erm uh yeah yes ok okay like know just really think sort kind mean got get bit lot things thing
actually basically honestly right well going gonna want said say says laughs inaudible crosstalk pause
don didn doesn isn wasn ve ll re name phone email address postcode redacted
""".split()
)


def npmi_coherence(presence: np.ndarray, term_indices: list[int]) -> float:
    """Mean NPMI over pairs of terms, from a boolean passage × term matrix.

    NPMI(a, b) = log(p(a,b) / (p(a) p(b))) / -log p(a,b); a pair that never co-occurs scores -1.
    """
    n = presence.shape[0]
    scores = []
    for a, b in combinations(term_indices, 2):
        pa, pb = presence[:, a].sum() / n, presence[:, b].sum() / n
        pab = np.sum(presence[:, a] & presence[:, b]) / n
        if pab == 0:
            scores.append(-1.0)
        elif pab == 1:
            scores.append(1.0)
        else:
            scores.append(float(np.log(pab / (pa * pb)) / -np.log(pab)))
    return float(np.mean(scores)) if scores else float("nan")


def discover_topics(
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    theme_labels: Mapping[str, str],
    settings: TopicSettings,
    embeddings: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Topics, the passage–topic table and the model-selection table.

    Without ``embeddings``: NMF on the passages' TF-IDF. With them (``segment_id``, ``embedding``):
    k-means on the sentence embeddings, each cluster described by the TF-IDF terms its passages use
    most. Either way the number of topics is the one whose top terms are most coherent (NPMI).
    """
    said = segments[segments["is_participant"]].sort_values("segment_id").reset_index(drop=True)
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | SPOKEN_STOP_WORDS),
        min_df=settings.min_df,
        max_df=settings.max_df,
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b",
        sublinear_tf=True,
    )
    try:
        x = vectorizer.fit_transform(said["text"])
    except ValueError:  # too few passages for any word to pass min_df/max_df: no topics to find
        return _no_topics()
    terms = np.array(vectorizer.get_feature_names_out())
    presence = (x > 0).toarray()
    selection, models = [], {}
    vectors = _aligned(embeddings, said) if embeddings is not None else None
    for k in range(settings.k_min, min(settings.k_max, x.shape[1] - 1, len(said) - 1) + 1):
        if vectors is None:
            weights, components, error, converged = _nmf(x, k, settings.seed)
        else:
            weights, components, error, converged = _kmeans(vectors, x, k, settings.seed)
        tops = [list(np.argsort(-row)[: settings.top_terms]) for row in components]
        coherence = float(np.mean([npmi_coherence(presence, top) for top in tops]))
        selection.append(
            {"k": k, "mean_npmi": round(coherence, 4), "reconstruction_error": round(error, 4), "converged": converged}
        )
        models[k] = (weights, components, tops)
    if not selection:
        return _no_topics()
    chosen = max(selection, key=lambda r: (r["mean_npmi"], -r["k"]))["k"]
    weights, components, tops = models[chosen]
    dominant = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
    share = weights.max(axis=1) / np.maximum(weights.sum(axis=1), 1e-12)
    segment_topics = pd.DataFrame(
        {"segment_id": said["segment_id"], "topic_id": dominant, "weight": np.round(share, 4)}
    )
    coded = codes.groupby("segment_id")["theme_id"].apply(set).to_dict()
    topics = []
    for t in range(chosen):
        members = said.loc[dominant == t, "segment_id"].tolist()
        order = np.argsort(-weights[:, t])
        representative = [said["segment_id"].iloc[i] for i in order[:3] if weights[i, t] > 0]
        counts = pd.Series([th for s in members for th in coded.get(s, ())], dtype="object").value_counts()
        # Ties in theme id order, not in the order Python's string hashing happens to give the sets.
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        best = [(th, round(c / len(members), 3)) for th, c in counts.head(3).items()] if members else []
        best_share = best[0][1] if best else 0.0
        topics.append(
            {
                "topic_id": t,
                "label": " / ".join(terms[tops[t][:3]]),
                "top_terms": ", ".join(terms[tops[t]]),
                "coherence_npmi": round(npmi_coherence(presence, tops[t]), 4),
                "n_segments": len(members),
                "n_documents": int(said.loc[dominant == t, "doc_id"].nunique()),
                "representative_segments": ";".join(representative),
                "best_themes": ";".join(f"{th}:{sh}" for th, sh in best),
                "best_theme_labels": ";".join(theme_labels.get(th, th) for th, _ in best),
                "best_theme_share": best_share,
                "coded_share": round(sum(1 for s in members if coded.get(s)) / len(members), 3) if members else 0.0,
                "codebook_may_miss": bool(members) and best_share < settings.min_theme_share,
            }
        )
    return {
        "topics": pd.DataFrame(topics),
        "segment_topics": segment_topics,
        "selection": pd.DataFrame(selection).assign(chosen=lambda d: d["k"] == chosen),
    }


def _nmf(x, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, float, bool]:
    model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=1000)
    with warnings.catch_warnings():
        # Reported in the selection table instead of as a warning.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(x)
    return weights, model.components_, float(model.reconstruction_err_), bool(model.n_iter_ < model.max_iter)


def _kmeans(vectors: np.ndarray, x, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, float, bool]:
    """k-means on unit-length embeddings: a passage's weight on a topic is its cosine similarity to the
    topic's centre (0 for other topics), a topic's terms its passages' mean TF-IDF."""
    model = KMeans(n_clusters=k, random_state=seed, n_init=10, max_iter=300)
    labels = model.fit_predict(vectors)
    centres = model.cluster_centers_ / np.maximum(np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12)
    weights = np.zeros((len(vectors), k))
    rows = np.arange(len(vectors))
    weights[rows, labels] = np.clip(np.round(np.sum(vectors * centres[labels], axis=1), 6), 1e-6, None)
    components = np.vstack(
        [
            np.asarray(x[labels == t].mean(axis=0)).ravel() if np.any(labels == t) else np.zeros(x.shape[1])
            for t in range(k)
        ]
    )
    return weights, components, float(model.inertia_), bool(model.n_iter_ < model.max_iter)


def _aligned(embeddings: pd.DataFrame, said: pd.DataFrame) -> np.ndarray:
    """The embeddings in the order of ``said``'s passages."""
    by_id = dict(zip(embeddings["segment_id"], embeddings["embedding"]))
    missing = [s for s in said["segment_id"] if s not in by_id]
    if missing:
        raise ValueError(f"no embedding for {len(missing)} passage(s), e.g. {missing[0]}: rerun the rule embed_shard")
    return np.vstack([np.asarray(by_id[s], dtype=np.float64) for s in said["segment_id"]])


TOPIC_COLUMNS = [
    "topic_id",
    "label",
    "top_terms",
    "coherence_npmi",
    "n_segments",
    "n_documents",
    "representative_segments",
    "best_themes",
    "best_theme_labels",
    "best_theme_share",
    "coded_share",
    "codebook_may_miss",
]


def _no_topics() -> dict[str, pd.DataFrame]:
    """Empty tables, for a corpus too small to find topics in (the notebook says so)."""
    return {
        "topics": pd.DataFrame(columns=TOPIC_COLUMNS),
        "segment_topics": pd.DataFrame(columns=["segment_id", "topic_id", "weight"]),
        "selection": pd.DataFrame(columns=["k", "mean_npmi", "reconstruction_error", "converged", "chosen"]),
    }
