"""Topics above stories: stories about the same subject (the 2020 war and the 2023 offensive
are two stories of one Karabakh topic) grouped by average-link clustering on the similarity of
their term centroids and lead embeddings, with a threshold calibrated on the EASC topic labels.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from marsad.model import Article
from marsad.stories.embed import DIM
from marsad.text import WORD, is_stopword, normalize_word, stem, tokenize

LABEL_TERMS = 3
LABEL_ARTICLES = 40  # articles read for the labels' surface forms: enough to find the usual one
MAX_AGGLOMERATIVE = 2000  # stories clustered exactly; smaller ones beyond join their nearest


def _unit(d: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(v * v for v in d.values())) or 1.0
    return {k: v / n for k, v in d.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _matrices(profiles: Sequence[Any]) -> tuple[Any, np.ndarray, np.ndarray]:
    """Row-normalised term matrix (sparse), embedding matrix and which rows have embeddings."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, p in enumerate(profiles):
        for t, v in _unit(p.terms).items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(v)
    n = len(profiles)
    x = csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))))
    has = np.array([p.embedding is not None for p in profiles], dtype=bool)
    emb = np.zeros((n, DIM), dtype=np.float32)
    for i, p in enumerate(profiles):
        if p.embedding is not None:
            norm = float(np.linalg.norm(p.embedding))
            emb[i] = p.embedding / norm if norm > 0 else 0.0
    return x, emb, has


def _combine(lex: np.ndarray, emb: np.ndarray, both: np.ndarray) -> np.ndarray:
    return np.where(both, 0.5 * lex + 0.5 * np.clip(emb, 0.0, 1.0), lex)


def similarity_matrix(profiles: Sequence[Any]) -> np.ndarray:
    """Pairwise topic similarity of profiles: the mean of the TF-IDF centroid cosine and the
    lead-embedding cosine (lexical only for a pair where either side lacks an embedding)."""
    x, emb, has = _matrices(profiles)
    return _combine((x @ x.T).toarray(), emb @ emb.T, np.outer(has, has))


def cluster_profiles(profiles: Sequence[Any], threshold: float) -> list[int]:
    """Average-link agglomerative clustering of profiles into topics: two groups merge while
    their mean pairwise similarity is at least `threshold`. Returns a topic index per profile.

    Above `MAX_AGGLOMERATIVE` profiles the largest ones are clustered so and every other one
    joins the topic of its most similar large profile (or gets its own): cost stays linear.
    """
    n = len(profiles)
    if n <= 1:
        return [0] * n
    order = sorted(range(n), key=lambda i: -profiles[i].size)
    core = sorted(order[:MAX_AGGLOMERATIVE])
    out = [-1] * n
    for i, g in zip(core, _agglomerate([profiles[i] for i in core], threshold), strict=True):
        out[i] = g
    rest = sorted(order[MAX_AGGLOMERATIVE:])
    if rest:
        x, emb, has = _matrices(profiles)
        next_topic = max(out) + 1
        for start in range(0, len(rest), 512):
            chunk = rest[start : start + 512]
            sims = _combine(
                (x[chunk] @ x[core].T).toarray(),
                emb[chunk] @ emb[core].T,
                np.outer(has[chunk], has[core]),
            )
            for row, i in zip(sims, chunk, strict=True):
                j = int(np.argmax(row))
                if row[j] >= threshold:
                    out[i] = out[core[j]]
                else:
                    out[i], next_topic = next_topic, next_topic + 1
    # Number topics by first appearance so ids are stable for a given input order.
    first: dict[int, int] = {}
    return [first.setdefault(g, len(first)) for g in out]


def _agglomerate(profiles: Sequence[Any], threshold: float) -> list[int]:
    if len(profiles) == 1:
        return [0]
    from sklearn.cluster import AgglomerativeClustering

    dist = np.clip(1.0 - similarity_matrix(profiles), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold + 1e-9,
    ).fit(dist)
    return [int(g) for g in model.labels_]


def _surface_forms(articles: Sequence[Article]) -> dict[str, Counter]:
    forms: dict[str, Counter] = {}
    for a in articles:
        text = a.text or ""
        for s in tokenize(text[:20000]):
            if s.label != WORD:
                continue
            word = s.text_of(text)
            norm = normalize_word(word)
            if len(norm) > 1 and not is_stopword(norm):
                forms.setdefault(stem(norm), Counter())[word] += 1
    return forms


def topic_label(terms: dict[str, float], articles: Sequence[Article]) -> str:
    """The heaviest centroid terms, shown in the form the articles use most."""
    forms = _surface_forms(articles)
    words = []
    for t, _ in sorted(terms.items(), key=lambda kv: -kv[1]):
        if " " in t:
            continue
        if t in forms:
            words.append(forms[t].most_common(1)[0][0])
        if len(words) == LABEL_TERMS:
            break
    return "، ".join(words)


def assign_topics(
    states: Sequence[Any], stats: Any, weights: Any, by_id: dict[str, Article]
) -> dict[str, dict[str, Any]]:
    """{story id: {"id", "label", "story_ids"}} for the given story states."""
    groups = cluster_profiles([s.profile for s in states], weights.topic_threshold)
    members: dict[int, list[Any]] = {}
    for st, g in zip(states, groups, strict=True):
        members.setdefault(g, []).append(st)
    out: dict[str, dict[str, Any]] = {}
    for sts in members.values():
        terms: dict[str, float] = {}
        for st in sts:
            for k, v in _unit(st.profile.terms).items():
                terms[k] = terms.get(k, 0.0) + v
        # The biggest stories' articles first: they carry the topic's usual spellings.
        ranked = sorted(sts, key=lambda s: (-s.profile.size, s.id))
        arts = [by_id[i] for st in ranked for i in st.article_ids if i in by_id]
        arts = arts[:LABEL_ARTICLES]
        lead = max(sts, key=lambda s: (s.profile.size, s.id))
        topic = {
            "id": "t-" + hashlib.sha1(lead.id.encode()).hexdigest()[:10],
            "label": topic_label(terms, arts),
            "story_ids": sorted(s.id for s in sts),
        }
        for st in sts:
            out[st.id] = topic
    return out
