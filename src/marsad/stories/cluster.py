"""Online, time-aware story clustering (after EMM and Miranda et al. 2018).

Articles arrive in publication order. Each one is compared with the few stories that an
inverted index over the stories' heaviest terms and entities proposes, scored with the learned
join model of `similarity`, and joins the best story when the join probability clears the
learned threshold, else starts a new story. A story keeps only running sums (its `Profile`), so
adding an article costs the same whether the corpus holds a thousand articles or a million.
Stories are then grouped into topics (`topics.py`) and each gets a source comparison.

`group_stories(articles)` clusters one batch from scratch; `update_stories(store, articles)`
continues from the state saved in the store by the previous run.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.model import SENTENCE, Article, Story
from marsad.stories.compare import compare_sources
from marsad.stories.embed import embed_articles
from marsad.stories.events import (
    Events,
    conflict_factor,
    conflicting_days,
    kind_labels,
    merge_events,
    news_events,
    snippet_events,
)
from marsad.stories.similarity import (
    ArticleFeatures,
    Profile,
    TermStats,
    Weights,
    article_features,
    article_vectors,
    load_weights,
    pair_features,
    sparse_cosine,
    tfidf,
)
from marsad.stories.topics import assign_topics
from marsad.text import stems
from marsad.time import read_dates

INDEX_TERMS = 15  # an article's heaviest terms used to look up candidate stories
STORY_INDEX_TERMS = 30  # a story's heaviest terms kept in the inverted index
POSTING_MAX = 64  # most recent stories kept per index key: bounds the cost per article
CANDIDATES = 8  # stories scored in full per article: those sharing most index keys with it
EMBED_BATCH = 256  # articles whose leads are embedded together


@dataclass
class StoryState:
    id: str
    article_ids: list[str]
    profile: Profile
    keys: set[str] = field(default_factory=set)  # index keys currently pointing at it


@dataclass
class Clusterer:
    """The online clusterer's whole state: term statistics, stories and the candidate index."""

    weights: Weights = field(default_factory=load_weights)
    use_embeddings: bool = True
    stats: TermStats = field(default_factory=TermStats)
    stories: dict[str, StoryState] = field(default_factory=dict)
    index: dict[str, deque] = field(default_factory=dict)
    of_article: dict[str, str] = field(default_factory=dict)
    scored: int = 0  # full scorings done (for benchmarks)
    featurize: Callable[[Article, bool], ArticleFeatures] = article_features
    dirty: set[str] = field(default_factory=set)  # stories changed since the last save
    df_seen: set[str] = field(default_factory=set)  # terms whose df changed since the last save

    def _candidates(self, vec: dict[str, float], f: ArticleFeatures) -> list[str]:
        if len(self.stories) <= CANDIDATES:  # few stories: score them all, exactly
            return list(self.stories)
        # Terms seen in some earlier article (df > 1): the article's own hapaxes index nothing.
        shared = ((t, v) for t, v in vec.items() if self.stats.df.get(t, 0) > 1)
        keys = [t for t, _ in sorted(shared, key=lambda kv: -kv[1])[:INDEX_TERMS]]
        keys += ["e:" + e for e, _ in f.entities.most_common(5)]
        hits: Counter = Counter()
        for k in keys:
            for sid in self.index.get(k, ()):
                hits[sid] += 1
        return [sid for sid, _ in hits.most_common(CANDIDATES)]

    def _reindex(self, st: StoryState) -> None:
        keys = set(st.profile.top_terms(STORY_INDEX_TERMS))
        keys |= {"e:" + e for e, _ in Counter(st.profile.entities).most_common(8)}
        for k in keys - st.keys:
            posting = self.index.setdefault(k, deque(maxlen=POSTING_MAX))
            posting.append(st.id)
        st.keys = keys
        # Keys it lost stay in their postings until pushed out; scoring filters them anyway.

    def add(self, article: Article, embedding: Any = None) -> tuple[str, float]:
        """Put one article into the best story or a new one; returns (story id, probability).

        `embedding` is its precomputed lead embedding (see `add_all`), else it is computed here.
        """
        f = self.featurize(article, self.use_embeddings and embedding is None)
        if embedding is not None:
            f.embedding = embedding
        terms = list(f.terms) + list(f.bigrams)
        self.stats.add(terms)
        self.df_seen.update(terms)
        vec, bi = article_vectors(f, self.stats)
        scored = []
        for sid in self._candidates(vec, f):
            st = self.stories.get(sid)
            if st is None:
                continue
            self.scored += 1
            lp = self.weights.log_probability(
                pair_features(vec, bi, f, st.profile, self.weights.sigma_days)
            )
            scored.append((lp, sid))
        scored.sort(reverse=True)
        best, best_p, events = None, 0.0, f.events
        # The best story whose join probability clears the threshold once the dates its
        # one-off events carry are checked against the story's (content alone cannot tell
        # the ceasefire of the 10th from the ceasefire of the 20th).
        apart: dict | None = None  # the best story content chose and event dates refused
        for lp, sid in scored:
            p = math.exp(lp)
            if p < self.weights.threshold:
                break
            st = self.stories[sid]
            factor, ev, compared = self._event_check(article, f, st.profile, scored)
            p *= factor
            if p < self.weights.threshold and apart is None:
                apart = _apart_record(sid, article.id, *compared)
            if p >= self.weights.threshold:
                best, best_p, events = st, p, ev
                if compared[2] == "story":  # its undated members' passages, read: now in ev
                    st.profile.pending = []
                break
        if best is None:
            if scored:
                best_p = math.exp(scored[0][0])
            best = StoryState(_story_id(article.id), [], Profile())
            if apart is not None:
                best.profile.kept_apart.append(apart)
            self.stories[best.id] = best
        best.article_ids.append(article.id)
        best.profile.add(vec, bi, f, events)
        self.of_article[article.id] = best.id
        self.dirty.add(best.id)
        if best.profile.size <= 8 or best.profile.size % 4 == 0:  # heavy terms settle quickly
            self._reindex(best)
        return best.id, best_p

    def _event_check(
        self, article: Article, f: ArticleFeatures, p: Profile, scored: list[tuple[float, str]]
    ) -> tuple[float, Events, tuple[Events, Events, str | None]]:
        """(factor on the join probability, the events the story takes from this article, and
        what was compared: the article's events, the story's, and whose dates were guessed:
        "article", "story" (its pending passages, read into the events returned) or "both").

        Whichever side's dates are guessed is checked against the side that is dated: an
        undated article against the story's event dates; a story of undated articles (their
        event passages kept in `pending`) against a dated article; both undated against the
        date of the best dated candidate among `scored`, when there is one.
        """
        penalty = self.weights.event_penalty
        if p.events:
            ev = f.events if f.events is not None else events_under_story(article, p)
            guessed = "article" if f.events is None else None
            return conflict_factor(ev, p.events, penalty), ev, (ev, p.events, guessed)
        ev = f.events or {}
        if not p.pending:
            return 1.0, ev, (ev, {}, None)
        if f.events is not None and f.day is not None:
            theirs = snippet_events(p.pending, date.fromordinal(f.day))
            merged = {**ev}
            merge_events(merged, theirs)
            return conflict_factor(theirs, ev, penalty), merged, (ev, theirs, "story")
        # A dated candidate tells when the undated ones might have happened.
        dated = next(
            (self.stories[s].profile for _, s in scored if self.stories[s].profile.days), None
        )
        if dated is not None and dated is not p:
            anchor = date.fromordinal(dated.days[-1])
            mine = events_under_story(article, dated)
            theirs = snippet_events(p.pending, anchor)
            return conflict_factor(theirs, mine, penalty), ev, (mine, theirs, "both")
        return 1.0, ev, (ev, {}, None)

    def add_all(self, articles: Iterable[Article]) -> None:
        """Add articles in publication order; lead embeddings are computed in batches."""
        todo = [a for a in in_time_order(articles) if a.id not in self.of_article]
        for start in range(0, len(todo), EMBED_BATCH):
            chunk = todo[start : start + EMBED_BATCH]
            embs = embed_articles(chunk) if self.use_embeddings else [None] * len(chunk)
            for a, emb in zip(chunk, embs, strict=True):
                if a.duplicate_of:
                    sid = self.of_article.get(a.duplicate_of)
                    if sid is not None:  # a duplicate follows its original, adding nothing
                        self.stories[sid].article_ids.append(a.id)
                        self.of_article[a.id] = sid
                        self.dirty.add(sid)
                        continue
                self.add(a, emb)


def _apart_record(
    story_id: str, article_id: str, here: Events, there: Events, guessed: str | None
) -> dict[str, Any]:
    """Why an article did not join the story its content matched: per event kind in
    conflict, the dates on each side ("here": the article's; "there": the story's). The side
    whose dates were read at a guessed day, from which the conflict was measured, shows only
    its dates in conflict."""
    if guessed in ("story", "both"):
        there = conflicting_days(there, here)
        kinds = list(there)
    else:
        here = conflicting_days(here, there)
        kinds = list(here)
    return {
        "story_id": story_id,
        "article_id": article_id,
        "estimated": guessed,  # whose dates were read at a guessed publication day
        "conflicts": [
            {
                "kind": k,
                "label": kind_labels().get(k, k),
                "here": [date.fromordinal(d).isoformat() for d in here.get(k, [])],
                "there": [date.fromordinal(d).isoformat() for d in there.get(k, [])],
            }
            for k in kinds
        ],
    }


def in_time_order(articles: Iterable[Article]) -> list[Article]:
    # Undated articles go last so that dated ones set the stories' time ranges and event
    # dates first; an undated one is then read against them.
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))


def events_under_story(article: Article, profile: Profile) -> Events:
    """The article's news events, its dates read as if it were published when the story
    suggests (for an article whose own publication date is unknown or unsure)."""
    if not profile.events or not profile.days:
        return {}
    siblings = [date.fromordinal(d) for d in profile.days]
    pub, spans = read_dates(article.text or "", siblings)
    if pub is None:
        return {}
    return news_events(article, spans, pub)


def _story_id(first_article_id: str) -> str:
    return "s-" + hashlib.sha1(first_article_id.encode()).hexdigest()[:10]


def _lead_sentence(article: Article) -> str:
    sentences = article.spans(SENTENCE)
    if sentences:
        return sentences[0].text_of(article.text).strip()
    return (article.text or "").strip().split("\n", 1)[0]


def _central(st: StoryState, by_id: dict[str, Article], stats: TermStats) -> Article | None:
    best, best_s = None, -1.0
    for aid in st.article_ids:
        a = by_id.get(aid)
        if a is None or a.duplicate_of:
            continue
        s = sparse_cosine(tfidf(Counter(stems(a)), stats), st.profile.terms)
        if s > best_s:
            best, best_s = a, s
    return best


def build_stories(clusterer: Clusterer, articles: Sequence[Article]) -> list[Story]:
    """`Story` objects for the stories holding `articles`, with topics and source comparison.

    Members not in `articles` (added by earlier runs) are shown by id only; pass them in too
    for a comparison over the whole story.
    """
    by_id = {a.id: a for a in articles}
    wanted = {clusterer.of_article[a.id] for a in articles if a.id in clusterer.of_article}
    states = [clusterer.stories[s] for s in sorted(wanted)]
    topics = assign_topics(states, clusterer.stats, clusterer.weights, by_id)
    stories = []
    for st in states:
        head = _central(st, by_id, clusterer.stats)
        lead = _lead_sentence(head) if head else ""
        members = [by_id[i] for i in st.article_ids if i in by_id]
        stories.append(
            Story(
                id=st.id,
                title=(head.title if head and head.title else lead[:120]) or st.id,
                article_ids=list(st.article_ids),
                summary=[{"text": lead, "article_id": head.id}] if head and lead else [],
                attrs={
                    "topic": topics.get(st.id, {}),
                    "comparison": compare_sources(members),
                    "first_published": min(
                        (a.published for a in members if a.published), default=None
                    ),
                    # Stories that content alone would have joined and event dates kept apart.
                    "kept_apart": list(st.profile.kept_apart),
                },
            )
        )
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    return stories


def group_stories(articles: Sequence[Article], weights: Weights | None = None) -> list[Story]:
    """Cluster one batch of articles from scratch into event-level stories."""
    c = Clusterer(weights=weights or load_weights())
    c.add_all(articles)
    return build_stories(c, articles)


# -- incremental use with a store -----------------------------------------------------------
# Side tables in the store's database, written row by row: a run rewrites only the stories it
# touched and the document frequencies of the terms it saw.
_TABLES = """
CREATE TABLE IF NOT EXISTS story_cluster_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_cluster_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS story_cluster_story (
    id TEXT PRIMARY KEY, article_ids TEXT NOT NULL, profile TEXT NOT NULL
);
"""


def load_state(db: Any) -> Clusterer:
    """The clusterer saved in a `Store`'s database (a fresh one when none is saved)."""
    db.executescript(_TABLES)
    c = Clusterer()
    row = db.execute("SELECT value FROM story_cluster_meta WHERE key = 'n'").fetchone()
    c.stats.n = int(row[0]) if row else 0
    c.stats.df.update(dict(db.execute("SELECT term, df FROM story_cluster_df")))
    for sid, ids, prof in db.execute("SELECT id, article_ids, profile FROM story_cluster_story"):
        st = StoryState(sid, json.loads(ids), Profile.from_json(json.loads(prof)))
        c.stories[sid] = st
        for aid in st.article_ids:
            c.of_article[aid] = sid
        c._reindex(st)
    c.dirty.clear()
    c.df_seen.clear()
    return c


def save_state(db: Any, clusterer: Clusterer) -> None:
    """Write the stories and term counts changed since the state was loaded or saved."""
    db.executescript(_TABLES)
    df = clusterer.stats.df
    with db:
        db.execute(
            "INSERT OR REPLACE INTO story_cluster_meta VALUES ('n', ?)", (str(clusterer.stats.n),)
        )
        db.executemany(
            "INSERT OR REPLACE INTO story_cluster_df VALUES (?, ?)",
            [(t, df[t]) for t in clusterer.df_seen],
        )
        db.executemany(
            "INSERT OR REPLACE INTO story_cluster_story VALUES (?, ?, ?)",
            [
                (
                    sid,
                    json.dumps(clusterer.stories[sid].article_ids, ensure_ascii=False),
                    json.dumps(clusterer.stories[sid].profile.to_json(), ensure_ascii=False),
                )
                for sid in sorted(clusterer.dirty)
            ],
        )
    clusterer.dirty.clear()
    clusterer.df_seen.clear()


def update_stories(store: Any, articles: Sequence[Article]) -> list[Story]:
    """Add `articles` to the stories saved in `store` (a `Store`) and save the new state.

    Returns the stories that hold these articles; earlier articles are not revisited.
    """
    c = load_state(store.db)
    # Re-adding stored articles must not count them twice.
    c.add_all([a for a in articles if a.id not in c.of_article])
    save_state(store.db, c)
    # Earlier members come back from the store, so the comparison covers the whole story.
    have = {a.id for a in articles}
    touched = {c.of_article[a.id] for a in articles if a.id in c.of_article}
    missing = [i for sid in sorted(touched) for i in c.stories[sid].article_ids if i not in have]
    earlier = list(store.articles(missing)) if missing and hasattr(store, "articles") else []
    return [s for s in build_stories(c, [*articles, *earlier]) if s.id in touched]
