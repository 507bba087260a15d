"""Inductive topics over participant passages (rule ``discover_themes``): what the codebook may miss.

Each passage becomes a vector: by default its words (lower case, reduced to their base form by
LemmInflect, spoken filler and interview talk left out, two-word phrases kept) weighted by TF-IDF and
reduced to latent semantic dimensions (LSA); with the semantic extra, its sentence embedding instead.
Passages are grouped by Ward's hierarchical clustering, which is deterministic and lets a small group
of passages that share their words (a theme nobody coded) stand apart from the large mixed groups.

The number of topics k is the one in [k_min, k_max] with the best score = stability × coherence:
stability is how far the topics found again on ``resamples`` random 80% subsamples are the same topics,
named by the same words (Greene, O'Callaghan & Cunningham 2014: topics matched one to one by the Jaccard
similarity of their ten label words), coherence the mean NPMI of the topics' label words rescaled to
[0, 1]. Of the k whose scores are within one standard error (over the subsamples) of the best, the
largest is taken: a theme split in two costs a reader less than one lost inside a larger group. Topics are labelled by class-based TF-IDF (Grootendorst
2022): the words frequent in the topic's passages and rare in the others. Each topic is then read
against the final codes of its passages; one whose best theme covers few of them is flagged as what the
codebook may be missing, and the flagged ones are ranked by how many units raise them and how widely
(places and waves).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from qualsynth.settings import TopicSettings

# Words that say nothing of a topic in spoken English and interview talk: filler and discourse markers,
# the fragments contractions leave ("couldn"), transcript marks and de-identification tags, and the
# verbs and nouns every conversation is made of ("come", "tell", "thing", "year").
SPOKEN_STOP_WORDS = frozenset(
    """
um umm er erm uh uhm ah oh mm mmm hmm yeah yep yes no nah ok okay alright right well like just really actually
basically honestly literally obviously probably maybe sort kind bit lot lots loads stuff thing things way ways
mean know think thought guess suppose reckon feel felt say said says saying tell told talk talked talking ask asked
come came coming go goes going gone went get gets got getting gotten make made making take took taken give gave
given look looked looking see saw seen want wanted need needed try tried use used put let start started keep kept
work worked working year years month months week weeks day days time times today yesterday morning afternoon
people person everybody somebody anybody nobody everyone someone anyone something anything everything nothing
good bad better best big little new old sure great nice fine different same whole real true fair pretty quite very
much many lot one two three four five first second last next half couple able
couldn wouldn shouldn didn doesn don isn wasn weren aren hasn haven hadn won ain ve ll re
laugh laughs laughing laughed inaudible crosstalk pause pauses sighs
also still even ever always never already yet again back away around round sorry happen happens happened
""".split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | SPOKEN_STOP_WORDS
# What de-identification left in the text: [NAME], [PHONE], [EMAIL]…
_TAG = re.compile(r"\[[A-Z_ ]+\]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A word's base form as a noun first, then as a verb, adjective or adverb ("buses" → bus, "went" → go).
_POS = ("NOUN", "VERB", "ADJ", "ADV", "AUX")


_APOSTROPHE = re.compile(r"['’]")
_ALWAYS, _UNLESS_SENTENCE_INITIAL, _NEVER = "always", "unless sentence-initial", "never"


def _a_name(text: str, word: re.Match[str]) -> bool:
    kind = _name_kind(word.group(0))
    if kind == _UNLESS_SENTENCE_INITIAL:
        from qualsynth.ingest.persons import sentence_initial

        return not sentence_initial(text, word.start())
    return kind == _ALWAYS


@cache
def _name_kind(written: str) -> str:
    """Whether a word as written is a name wherever it stands (a given name that is no lower-case word), where
    no sentence starts (capitalised and not a kept term), or never. Once per word: the 100× corpus reads
    five million."""
    from qualsynth.ingest.keeplists import bundled, fold

    lists = bundled()
    key = fold(_APOSTROPHE.split(written, maxsplit=1)[0])
    if key in lists.first_names and key not in lists.lower_case_words:
        return _ALWAYS
    return _UNLESS_SENTENCE_INITIAL if written[:1].isupper() and not lists.is_kept_word(written) else _NEVER


@cache
def base_form(word: str) -> str | None:
    """``word`` reduced to its base form by LemmInflect's dictionary (as a noun first, then a verb,
    adjective or adverb), or as it is when it has none; None when any of its base forms is a stop word
    ("doing" is a noun, but also "do")."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    if any(lemma in STOP_WORDS for forms in lemmas.values() for lemma in forms):
        return None
    return next((lemmas[pos][0] for pos in _POS if pos in lemmas), word)


@cache
def _term(word: str) -> str | None:
    """A lower-case word's base form where it can name a topic, else None."""
    stem = _APOSTROPHE.split(word, maxsplit=1)[0]
    lemma = base_form(stem) if len(stem) > 2 and stem not in STOP_WORDS else None
    return lemma if lemma and len(lemma) > 2 and lemma not in STOP_WORDS else None


def passage_terms(text: str) -> list[str]:
    """The words of a passage that can name a topic, in their base form, then the two-word phrases of
    neighbouring ones ("miss appointment", "food bank"). A proper noun (capitalised where no sentence
    starts) and a given name are never a topic's word: a name the de-identification missed must not
    become a topic's label or a heading."""
    kept: list[str | None] = []
    cleaned = _TAG.sub(" ", text)
    for match in _WORD.finditer(cleaned):
        if _a_name(cleaned, match):
            kept.append(None)
            continue
        kept.append(_term(match.group(0).lower()))
    words = [w for w in kept if w]
    return words + [f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False) if a and b and a != b]


def npmi_coherence(presence: np.ndarray | sparse.spmatrix, term_indices: list[int]) -> float:
    """Mean NPMI over pairs of terms, from a boolean passage × term matrix (dense, or sparse for large
    corpora).

    NPMI(a, b) = log(p(a,b) / (p(a) p(b))) / -log p(a,b); a pair that never co-occurs scores -1.
    """
    n = presence.shape[0]
    # The terms' passage counts and co-occurrences in one product: a pair's columns sliced one by one
    # cost a minute on a corpus of a hundred thousand passages.
    columns = presence[:, term_indices].astype(np.int64)
    both = columns.T @ columns
    both = both.toarray() if sparse.issparse(both) else np.asarray(both)
    alone = np.asarray(columns.sum(axis=0)).ravel()
    scores = []
    for a, b in combinations(range(len(term_indices)), 2):
        pa, pb, pab = alone[a] / n, alone[b] / n, both[a, b] / n
        if pab == 0:
            scores.append(-1.0)
        elif pab == 1:
            scores.append(1.0)
        else:
            scores.append(float(np.log(pab / (pa * pb)) / -np.log(pab)))
    return float(np.mean(scores)) if scores else float("nan")


def class_tfidf(counts: sparse.spmatrix, labels: np.ndarray, k: int) -> np.ndarray:
    """Class-based TF-IDF (Grootendorst 2022): topic × term weights, a term's frequency within the topic's
    passages times log(1 + the mean words per topic / the term's frequency over all topics)."""
    by_topic = np.vstack([np.asarray(counts[labels == t].sum(axis=0)).ravel() for t in range(k)])
    tf = by_topic / np.maximum(by_topic.sum(axis=1, keepdims=True), 1)
    overall = np.maximum(by_topic.sum(axis=0), 1)
    return tf * np.log(1 + by_topic.sum(axis=1).mean() / overall)


def ward_tree(vectors: np.ndarray) -> np.ndarray:
    """Ward's hierarchical clustering of the vectors: the whole tree, cut at any k by :func:`cut`."""
    from scipy.cluster.hierarchy import linkage

    return linkage(vectors, method="ward")


def cut(tree: np.ndarray, k: int) -> np.ndarray:
    """The tree cut into (at most) ``k`` topics, numbered in the order of their first passage."""
    from scipy.cluster.hierarchy import fcluster

    return pd.factorize(fcluster(tree, t=k, criterion="maxclust"))[0]


# Passages a Ward tree is built over one by one; a larger corpus is first gathered into this many
# k-means groups, the tree built over the groups' centres (its memory grows with the square of its size).
MAX_TREE = 4000


def tree_groups(vectors: np.ndarray, seed: int) -> np.ndarray:
    """Each passage's group: itself, or for a corpus larger than MAX_TREE passages its k-means group."""
    if len(vectors) <= MAX_TREE:
        return np.arange(len(vectors))
    from sklearn.cluster import MiniBatchKMeans

    return MiniBatchKMeans(n_clusters=MAX_TREE, random_state=seed, batch_size=8192, n_init=1).fit_predict(vectors)


def group_centres(vectors: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The unit-length centre of each group's vectors."""
    members = sparse.csr_matrix((np.ones(len(groups)), (groups, np.arange(len(groups)))))
    return normalize(members @ vectors)


def resampled_trees(centres: np.ndarray, resamples: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(kept groups, their tree) for ``resamples`` random 80% subsamples of the groups."""
    rng = np.random.default_rng(seed)
    n = len(centres)
    kept = [np.sort(rng.choice(n, size=max(2, int(0.8 * n)), replace=False)) for _ in range(resamples)]
    return [(keep, ward_tree(centres[keep])) for keep in kept]


def term_stability(
    tops: list[list[int]],
    counts: sparse.spmatrix,
    groups: np.ndarray,
    k: int,
    resampled: list[tuple[np.ndarray, np.ndarray]],
    depth: int,
) -> list[float]:
    """Greene et al.'s agreement: each subsample's topics at ``k`` matched one to one with ``tops`` (the
    Hungarian method on the Jaccard similarity of their ``depth`` label words), the mean similarity of the
    matched pairs, one figure per subsample. 1: the same topics, named by the same words."""
    from scipy.optimize import linear_sum_assignment

    reference = [set(top[:depth]) for top in tops]
    scores = []
    for keep, tree in resampled:
        position = np.full(groups.max() + 1, -1)
        position[keep] = np.arange(len(keep))
        inside = position[groups] >= 0
        labels = cut(tree, k)[position[groups[inside]]]
        again = [set(np.argsort(-row)[:depth]) for row in class_tfidf(counts[inside], labels, int(labels.max()) + 1)]
        jaccard = np.array([[len(a & b) / len(a | b) for b in again] for a in reference])
        rows, cols = linear_sum_assignment(-jaccard)
        scores.append(jaccard[rows, cols].sum() / len(reference))
    return scores


def passage_counts(texts: pd.Series, settings: TopicSettings) -> tuple[sparse.spmatrix, np.ndarray]:
    """The passages' term counts (base forms, two-word phrases, no stop words) and the terms."""
    counter = CountVectorizer(analyzer=passage_terms, min_df=settings.min_df, max_df=settings.max_df)
    return counter.fit_transform(texts), np.array(counter.get_feature_names_out())


def lsa_vectors(counts: sparse.spmatrix, dims: int, seed: int) -> np.ndarray:
    """LSA vectors of the passages' TF-IDF, unit length."""
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    # ARPACK, not the randomised solver: the same passages always give the same dimensions.
    return normalize(TruncatedSVD(n_components=dims, algorithm="arpack", random_state=seed).fit_transform(tfidf))


def discover_topics(
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    theme_labels: Mapping[str, str],
    settings: TopicSettings,
    embeddings: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Topics, the passage–topic table and the model-selection table.

    Without ``embeddings``: Ward clusters of the passages' LSA vectors. With them (``segment_id``,
    ``embedding``): Ward clusters of the sentence embeddings. Either way labelled by class-based TF-IDF.
    """
    said = segments[segments["is_participant"]].sort_values("segment_id").reset_index(drop=True)
    try:
        counts, terms = passage_counts(said["text"], settings)
    except ValueError:  # too few passages for any word to pass min_df/max_df: no topics to find
        return _no_topics()
    dims = min(200, counts.shape[1] - 1, counts.shape[0] - 1)
    if dims < 2:
        return _no_topics()
    if embeddings is not None:
        vectors = normalize(_aligned(embeddings, said))
    else:
        vectors = lsa_vectors(counts, dims, settings.seed)
    presence = (counts > 0).tocsc()
    groups = tree_groups(vectors, settings.seed)
    centres = group_centres(vectors, groups)
    tree = ward_tree(centres)
    resampled = resampled_trees(centres, settings.resamples, settings.seed)
    selection, models = [], {}
    for k in range(settings.k_min, min(settings.k_max, len(centres) - 1) + 1):
        labels = cut(tree, k)[groups]
        k = int(labels.max()) + 1  # a tree with ties may give fewer
        if k in models:
            continue
        weights = class_tfidf(counts, labels, k)
        tops = [list(np.argsort(-row)[: max(settings.top_terms, 10)]) for row in weights]
        # The rest (a group holding most passages) is no topic: only the topics proper decide k.
        proper = [t for t in range(k) if np.sum(labels == t) <= settings.max_topic_share * len(said)] or list(range(k))
        coherence = float(np.mean([npmi_coherence(presence, tops[t][: settings.top_terms]) for t in proper]))
        agreement = term_stability([tops[t] for t in proper], counts, groups, k, resampled, depth=10)
        stable = float(np.mean(agreement))
        error = float(np.std(agreement, ddof=1) / np.sqrt(len(agreement))) if len(agreement) > 1 else 0.0
        selection.append(
            {
                "k": k,
                "stability": round(stable, 4),
                "stability_se": round(error, 4),
                "mean_npmi": round(coherence, 4),
                "score": round(stable * (1 + coherence) / 2, 4),
                "score_se": round(error * (1 + coherence) / 2, 4),
            }
        )
        tops = [top[: settings.top_terms] for top in tops]
        models[k] = (labels, weights, tops)
    if not selection:
        return _no_topics()
    # Scores within one standard error of the best cannot be told apart; of those, the most topics, as a
    # theme split in two costs a reader less than one lost in a larger group.
    best = max(selection, key=lambda r: (r["score"], -r["k"]))
    chosen = max(r["k"] for r in selection if r["score"] >= best["score"] - best["score_se"])
    labels, weights, tops = models[chosen]
    return {
        "topics": _describe(said, vectors, labels, weights, tops, terms, presence, codes, theme_labels, settings),
        "segment_topics": pd.DataFrame({"segment_id": said["segment_id"], "topic_id": labels}),
        "selection": pd.DataFrame(selection).assign(chosen=lambda d: d["k"] == chosen),
    }


def _describe(
    said: pd.DataFrame,
    vectors: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    tops: list[list[int]],
    terms: np.ndarray,
    presence: np.ndarray,
    codes: pd.DataFrame,
    theme_labels: Mapping[str, str],
    settings: TopicSettings,
) -> pd.DataFrame:
    """One row per topic: its label words, size and spread, three representative passages (nearest its
    centre) and how far the codebook's themes cover its passages."""
    from qualsynth.synthesis.quotes import describes_self

    coded: dict[str, set[str]] = {}
    for segment_id, theme_id in zip(codes["segment_id"], codes["theme_id"]):
        coded.setdefault(segment_id, set()).add(theme_id)
    rows = []
    quoted: set[str] = set()
    for t in range(len(tops)):
        inside = labels == t
        members = said.loc[inside]
        centre = vectors[inside].mean(axis=0)
        order = np.argsort(-(vectors[inside] @ centre), kind="stable")
        nearest = order[:3]
        # Quotes that say something: the nearest passages of a dozen words or more, where there are two.
        texts = members["text"].to_numpy()
        full = [i for i in order if len(texts[i].split()) >= 12]
        words = list(terms[tops[t]])
        # No passage quoted twice, here or under another topic: identical one-line answers are common in surveys.
        quotes = []
        for i in full if len(full) >= 2 else list(order):
            quote = _quote(members.iloc[i], words, settings)
            if quote["text"] not in quoted and not describes_self(quote["text"]):
                quotes.append(quote)
                quoted.add(quote["text"])
            if len(quotes) == 2:
                break
        counts = pd.Series([th for s in members["segment_id"] for th in coded.get(s, ())], dtype="object")
        counts = counts.value_counts().sort_index().sort_values(ascending=False, kind="stable")
        best = [(th, round(c / len(members), 3)) for th, c in counts.head(3).items()]
        best_share = best[0][1] if best else 0.0
        # A topic holding most passages is what is left when the distinctive groups are taken out: the
        # rest, not a topic to read as one.
        rest = inside.sum() > settings.max_topic_share * len(said)
        coherence = round(npmi_coherence(presence, tops[t]), 4)
        coded_share = round(sum(1 for s in members["segment_id"] if coded.get(s)) / len(members), 3)
        rows.append(
            {
                "topic_id": t,
                "label": ", ".join(terms[tops[t][:4]]),
                "top_terms": ", ".join(terms[tops[t]]),
                "coherence_npmi": coherence,
                "n_segments": int(inside.sum()),
                "n_units": int(members["unit_id"].nunique()),
                "n_documents": int(members["doc_id"].nunique()),
                "places": ";".join(sorted(members["place"].dropna().unique())),
                "waves": ";".join(sorted(members["wave"].dropna().unique())),
                "representative_segments": ";".join(members["segment_id"].iloc[nearest]),
                "quotes": json.dumps(quotes, ensure_ascii=False),
                "best_themes": ";".join(f"{th}:{sh}" for th, sh in best),
                "best_theme_labels": ";".join(theme_labels.get(th, th) for th, _ in best),
                "best_theme_share": best_share,
                "coded_share": coded_share,
                "is_rest": bool(rest),
                "flag_below": settings.min_theme_share,
                # Words that seldom occur together (NPMI at or below 0) are no topic a reader could name.
                "incoherent": bool(coherence <= 0),
                "codebook_may_miss": bool(best_share < settings.min_theme_share and not rest and coherence > 0),
                # Distinct from the codebook (few passages coded with any theme) and coherent: what to read first.
                "gap_score": round((1 - coded_share) * max(coherence, 0.0), 4),
            }
        )
    table = pd.DataFrame(rows)
    # The flagged topics first, the most distinct and coherent first; then by units and spread.
    spread = table["places"].str.count(";") + table["waves"].str.count(";") + 2
    order = table.assign(spread=spread).sort_values(
        ["codebook_may_miss", "gap_score", "n_units", "spread", "topic_id"],
        ascending=[False, False, False, False, True],
    )
    return order.drop(columns="spread").reset_index(drop=True).assign(rank=range(1, len(order) + 1))


def _quote(passage: pd.Series, words: list[str], settings: TopicSettings) -> dict[str, str]:
    """A representative passage as the report quotes it: whole sentences around the topic's words."""
    from qualsynth.synthesis.quotes import quote_span

    start, end = quote_span(passage["text"], [w for w in words if " " not in w], settings.quote_max_words)
    text = passage["text"][start:end]
    return {
        "segment_id": passage["segment_id"],
        "text": text + ("…" if end < len(passage["text"]) else ""),
        **{key: str(passage[key]) for key in ("role", "place", "wave", "method") if key in passage},
    }


def _aligned(embeddings: pd.DataFrame, said: pd.DataFrame) -> np.ndarray:
    """The embeddings in the order of ``said``'s passages."""
    by_id = dict(zip(embeddings["segment_id"], embeddings["embedding"], strict=True))
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
    "n_units",
    "n_documents",
    "places",
    "waves",
    "representative_segments",
    "quotes",
    "best_themes",
    "best_theme_labels",
    "best_theme_share",
    "coded_share",
    "is_rest",
    "flag_below",
    "incoherent",
    "codebook_may_miss",
    "gap_score",
    "rank",
]


def _no_topics() -> dict[str, pd.DataFrame]:
    """Empty tables, for a corpus too small to find topics in (the notebook says so)."""
    return {
        "topics": pd.DataFrame(columns=TOPIC_COLUMNS),
        "segment_topics": pd.DataFrame(columns=["segment_id", "topic_id"]),
        "selection": pd.DataFrame(
            columns=["k", "stability", "stability_se", "mean_npmi", "score", "score_se", "chosen"]
        ),
    }
