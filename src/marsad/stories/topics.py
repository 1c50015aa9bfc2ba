"""Topics above stories: stories about the same subject (the 2020 war and the 2023 offensive
are two stories of one Karabakh topic) grouped by the similarity of their term centroids and
lead embeddings, with a threshold calibrated on the EASC topic labels.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from marsad.model import Article
from marsad.text import WORD, is_stopword, normalize_word, stem, tokenize

LABEL_TERMS = 3


def _unit(d: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(v * v for v in d.values())) or 1.0
    return {k: v / n for k, v in d.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def topic_similarity(a: Any, b: Any) -> float:
    """Similarity of two profiles (story or topic): TF-IDF centroids, embeddings if both have."""
    lex = _cos(_unit(a.terms), _unit(b.terms))
    if a.embedding is not None and b.embedding is not None:
        na, nb = float(np.linalg.norm(a.embedding)), float(np.linalg.norm(b.embedding))
        if na > 0 and nb > 0:
            emb = float(a.embedding @ b.embedding) / (na * nb)
            # The embedding only confirms: lexical overlap must be there too.
            return lex * (0.5 + 0.5 * max(0.0, emb))
    return lex


def cluster_profiles(profiles: Sequence[Any], threshold: float) -> list[int]:
    """Leader clustering of profiles (largest first) into topics; returns a topic per profile."""
    from marsad.stories.similarity import Profile

    order = sorted(range(len(profiles)), key=lambda i: -profiles[i].size)
    topics: list[Profile] = []
    out = [0] * len(profiles)
    for i in order:
        p = profiles[i]
        scores = [topic_similarity(p, t) for t in topics]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is not None and scores[best] >= threshold:
            t = topics[best]
            for k, v in _unit(p.terms).items():
                t.terms[k] = t.terms.get(k, 0.0) + v
            if p.embedding is not None:
                t.embedding = p.embedding if t.embedding is None else t.embedding + p.embedding
            t.size += p.size
            out[i] = best
        else:
            topics.append(Profile(terms=_unit(p.terms), embedding=p.embedding, size=p.size))
            out[i] = len(topics) - 1
    return out


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
        arts = [by_id[i] for st in sts for i in st.article_ids if i in by_id]
        lead = max(sts, key=lambda s: (s.profile.size, s.id))
        topic = {
            "id": "t-" + hashlib.sha1(lead.id.encode()).hexdigest()[:10],
            "label": topic_label(terms, arts),
            "story_ids": sorted(s.id for s in sts),
        }
        for st in sts:
            out[st.id] = topic
    return out
