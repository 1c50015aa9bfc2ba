"""Story grouping, first version: online leader clustering on stemmed TF-IDF.

Each article (in publication order) joins the story whose centroid is most similar, if that
similarity clears a threshold, or starts a new story. Duplicates follow their original.
This is honest topic-level grouping; time-aware, event-level clustering comes later.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence

from marsad.model import SENTENCE, Article, Story
from marsad.text import stems

JOIN_THRESHOLD = 0.18


def _tfidf(docs: list[list[str]]) -> list[dict[str, float]]:
    df = Counter(term for doc in docs for term in set(doc))
    n = len(docs)
    vectors = []
    for doc in docs:
        tf = Counter(doc)
        vec = {t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t]) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _story_id(article_ids: Sequence[str]) -> str:
    return "s-" + hashlib.sha1(min(article_ids).encode()).hexdigest()[:10]


def _lead_sentence(article: Article) -> str:
    sentences = article.spans(SENTENCE)
    if sentences:
        return sentences[0].text_of(article.text)
    return article.text.split("\n", 1)[0]


def _shorten(text: str, limit: int = 120) -> str:
    """A title cut at a word boundary, never mid-word."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(" ،,:") + "…"


def group_stories(articles: Sequence[Article], threshold: float = JOIN_THRESHOLD) -> list[Story]:
    """Group articles into stories. Each story cites the lead sentence of its most central article."""
    originals = [a for a in articles if not a.duplicate_of]
    order = sorted(originals, key=lambda a: (a.published or "", a.id))
    vectors = dict(zip([a.id for a in order], _tfidf([stems(a) for a in order]), strict=True))

    members: list[list[str]] = []
    centroids: list[dict[str, float]] = []
    for a in order:
        vec = vectors[a.id]
        scores = [_cosine(vec, c) for c in centroids]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is not None and scores[best] >= threshold:
            members[best].append(a.id)
            k = len(members[best])
            merged = Counter({t: v * (k - 1) / k for t, v in centroids[best].items()})
            for t, v in vec.items():
                merged[t] += v / k
            centroids[best] = dict(merged)
        else:
            members.append([a.id])
            centroids.append(dict(vec))

    by_id = {a.id: a for a in articles}
    for a in articles:
        if a.duplicate_of:
            for group in members:
                if a.duplicate_of in group:
                    group.append(a.id)
    stories = []
    for group, centroid in zip(members, centroids, strict=True):
        central = max(
            (i for i in group if not by_id[i].duplicate_of),
            key=lambda i: _cosine(vectors[i], centroid),
        )
        head = by_id[central]
        lead = _lead_sentence(head)
        stories.append(
            Story(
                id=_story_id(group),
                title=head.title or _shorten(lead),
                article_ids=group,
                summary=[{"text": lead, "article_id": central}] if lead else [],
            )
        )
    stories.sort(key=lambda s: -len(s.article_ids))
    return stories
