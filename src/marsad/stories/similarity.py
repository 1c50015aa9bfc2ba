"""Article-to-story similarity: stemmed TF-IDF, entity overlap, sentence embeddings and time.

An article is reduced once to `ArticleFeatures` (raw term counts, entity keys, lead embedding,
its publication day and the days it talks about). A story keeps a `Profile`: running sums of
its members' vectors plus its time range, so adding an article never revisits older ones.
`score` turns the feature vector of (article, story) into a join probability with logistic
weights learned on real text (`marsad.eval.clustering --fit`) and kept as data in
`data/gold/clustering_weights.jsonl`; publication dates act as a Gaussian prior that scales
the join probability (the time feature of Miranda et al. 2018), set rather than learned
because no labelled, dated Arabic corpus exists to learn it from.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from marsad.model import DATE, ENTITY, Article
from marsad.resources import data_text
from marsad.stories.embed import embed_article
from marsad.stories.events import MAX_SNIPPETS, Events, event_snippets, merge_events, news_events
from marsad.text import normalize, stems
from marsad.time.infer import parse_iso

# Feature names, in the order the learned weights use them.
FEATURES = ("tfidf", "bigram", "entity", "entity_known", "embed", "dates", "time", "time_known")
CENTROID_MAX = 400  # terms kept in a story centroid (the heaviest ones)
TIME_WINDOW_DAYS = 7  # gap to a story's date range that costs nothing
ARTICLE_TERMS = 150  # an article is scored on its heaviest terms: the tail adds cost, not signal
ARTICLE_BIGRAMS = 100


@dataclass(slots=True)
class ArticleFeatures:
    id: str
    terms: Counter  # stem -> count
    bigrams: Counter  # "stem stem" -> count
    entities: Counter  # canonical entity key -> mentions
    embedding: np.ndarray | None
    day: int | None  # publication date as an ordinal day
    day_weight: float  # confidence in `day` (1 for a given date, lower when inferred)
    mentioned: frozenset[str]  # YYYY-MM of the dates the article talks about
    has_entities: bool = False  # the entity stage ran on it (an empty layer still counts)
    events: Events | None = None  # one-off events it dates; None when its own date is weak
    snippets: list[str] = field(default_factory=list)  # its undated event passages (weak date)


@dataclass
class TermStats:
    """Document frequencies seen so far: IDF grows with the corpus, never recomputed."""

    n: int = 0
    df: Counter = field(default_factory=Counter)

    def add(self, terms: Any) -> None:
        self.n += 1
        self.df.update(set(terms))

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5)) + 1.0


def entity_keys(article: Article) -> Counter:
    """Canonical entity ids when the entity stage set them, else the normalised surface."""
    out: Counter = Counter()
    text = article.text or ""
    for s in article.spans(ENTITY):
        # Surface without the type: a mistyped mention still matches its other mentions.
        key = s.attrs.get("entity_id") or normalize(s.text_of(text)).strip()
        if key:
            out[key] += 1
    return out


def mentioned_months(article: Article) -> frozenset[str]:
    """Months (YYYY-MM) that resolved date expressions point at; bare years are too vague."""
    out = set()
    for s in article.spans(DATE):
        value = s.attrs.get("value")
        if s.label == "date" and isinstance(value, str) and len(value) >= 7:
            out.add(value[:7])
    return frozenset(out)


def article_features(article: Article, use_embeddings: bool = True) -> ArticleFeatures:
    """Everything the clusterer needs from one article, computed once."""
    st = stems(article)
    conf = article.published_confidence
    day_weight = (conf if conf is not None else 0.5) if article.published_inferred else 1.0
    dated = bool(article.published) and day_weight >= 0.5
    published = parse_iso(article.published)
    return ArticleFeatures(
        id=article.id,
        terms=Counter(st),
        bigrams=Counter(f"{a} {b}" for a, b in zip(st, st[1:], strict=False)),
        entities=entity_keys(article),
        embedding=embed_article(article) if use_embeddings else None,
        day=published.toordinal() if published else None,
        day_weight=max(0.0, min(1.0, float(day_weight))),
        mentioned=mentioned_months(article),
        has_entities=ENTITY in article.layers,
        # An unsure publication date cannot tell news from background: such an article's
        # events are read later under the date a candidate story suggests for it.
        events=news_events(article) if dated else None,
        snippets=[] if dated else event_snippets(article),
    )


def _tfidf_raw(counts: Counter, stats: TermStats) -> dict[str, float]:
    # `TermStats.idf` inlined: this runs on every term of every article.
    log_n, df, log = math.log(stats.n + 1) + 1.0, stats.df, math.log
    return {t: (1.0 + log(c)) * (log_n - log(df.get(t, 0) + 0.5)) for t, c in counts.items()}


def tfidf(counts: Counter, stats: TermStats) -> dict[str, float]:
    """Sublinear TF times IDF, L2-normalised."""
    vec = _tfidf_raw(counts, stats)
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def prune(vec: dict[str, float], k: int) -> dict[str, float]:
    """The `k` heaviest entries of a vector, L2-normalised again."""
    if len(vec) > k:
        vec = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:k])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def article_vectors(
    f: ArticleFeatures, stats: TermStats
) -> tuple[dict[str, float], dict[str, float]]:
    """The article's pruned TF-IDF vectors over stems and over stem bigrams."""
    return (
        prune(_tfidf_raw(f.terms, stats), ARTICLE_TERMS),  # prune normalises
        prune(_tfidf_raw(f.bigrams, stats), ARTICLE_BIGRAMS),
    )


def unit_counts(counts: Counter) -> dict[str, float]:
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return {k: c / norm for k, c in counts.items()}


def sparse_cosine(a: dict[str, float], b: dict[str, float], b_norm: float | None = None) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b) and b_norm is None:
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    if b_norm is None:
        return dot
    return dot / b_norm if b_norm > 0 else 0.0


def _range(days: list[int]) -> list[int]:
    return [min(days), max(days)] if days else []


def gaussian(delta_days: float, sigma: float) -> float:
    return math.exp(-(delta_days * delta_days) / (2.0 * sigma * sigma))


@dataclass
class Profile:
    """A story's running representation: sums of member vectors and its time range."""

    terms: dict[str, float] = field(default_factory=dict)
    bigrams: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    embedding: np.ndarray | None = None
    n_embedded: int = 0
    days: list[int] = field(default_factory=list)  # [first, last] publication day of members
    mentioned: Counter = field(default_factory=Counter)
    size: int = 0
    n_entities: int = 0  # members the entity stage ran on
    events: Events = field(default_factory=dict)  # event kind -> days, as members date them
    pending: list[str] = field(default_factory=list)  # undated members' event passages
    kept_apart: list[dict] = field(default_factory=list)  # why it was not joined to another
    norms: dict[str, float] = field(default_factory=dict)  # cached norms of the sums

    def _refresh_norms(self) -> None:
        self.norms = {
            "terms": _norm(self.terms),
            "bigrams": _norm(self.bigrams),
            "entities": _norm(self.entities),
            "embedding": 0.0 if self.embedding is None else float(np.linalg.norm(self.embedding)),
        }

    def add(
        self,
        vec: dict[str, float],
        bi: dict[str, float],
        f: ArticleFeatures,
        events: Events | None = None,
    ) -> None:
        """Add a member; `events` overrides `f.events` (read under a date the story suggested)."""
        for src, dst in (
            (vec, self.terms),
            (bi, self.bigrams),
            (unit_counts(f.entities), self.entities),
        ):
            for t, v in src.items():
                dst[t] = dst.get(t, 0.0) + v
        for dst in (self.terms, self.bigrams, self.entities):
            if len(dst) > 2 * CENTROID_MAX:  # bound memory and scoring cost per story
                keep = sorted(dst.items(), key=lambda kv: -kv[1])[:CENTROID_MAX]
                dst.clear()
                dst.update(keep)
        if f.embedding is not None:
            self.embedding = (
                f.embedding.copy() if self.embedding is None else self.embedding + f.embedding
            )
            self.n_embedded += 1
        if f.day is not None and f.day_weight >= 0.5:
            # Only the range is kept: constant size however long the story runs.
            self.days = (
                [min(self.days[0], f.day), max(self.days[-1], f.day)]
                if self.days
                else [f.day, f.day]
            )
        self.mentioned.update(f.mentioned)
        merge_events(self.events, events if events is not None else f.events or {})
        if f.events is None and not events and f.snippets:  # nothing yet to read them against
            self.pending = (self.pending + f.snippets)[:MAX_SNIPPETS]
        self.size += 1
        self.n_entities += int(f.has_entities)
        self._refresh_norms()

    def top_terms(self, k: int) -> list[str]:
        return [t for t, _ in sorted(self.terms.items(), key=lambda kv: -kv[1])[:k]]

    def to_json(self) -> dict[str, Any]:
        return {
            "terms": self.terms,
            "bigrams": self.bigrams,
            "entities": self.entities,
            "embedding": None if self.embedding is None else self.embedding.round(5).tolist(),
            "n_embedded": self.n_embedded,
            "days": self.days,
            "mentioned": dict(self.mentioned),
            "size": self.size,
            "n_entities": self.n_entities,
            "events": self.events,
            "pending": self.pending,
            "kept_apart": self.kept_apart,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Profile:
        emb = d.get("embedding")
        p = cls(
            terms=dict(d.get("terms") or {}),
            bigrams=dict(d.get("bigrams") or {}),
            entities=dict(d.get("entities") or {}),
            embedding=None if emb is None else np.asarray(emb, dtype=np.float32),
            n_embedded=int(d.get("n_embedded") or 0),
            days=_range([int(x) for x in d.get("days") or []]),
            mentioned=Counter(d.get("mentioned") or {}),
            size=int(d.get("size") or 0),
            n_entities=int(d.get("n_entities") or 0),
            events={k: [int(x) for x in v] for k, v in (d.get("events") or {}).items()},
            pending=[str(x) for x in d.get("pending") or []],
            kept_apart=list(d.get("kept_apart") or []),
        )
        p._refresh_norms()
        return p


def _norm(d: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in d.values()))


def pair_features(
    vec: dict[str, float], bi: dict[str, float], f: ArticleFeatures, p: Profile, sigma: float
) -> dict[str, float]:
    """Feature values of an article against a story profile, each in [0, 1]."""
    if not p.norms:
        p._refresh_norms()
    emb = 0.0
    if f.embedding is not None and p.embedding is not None and p.norms["embedding"] > 0:
        emb = float(f.embedding @ p.embedding) / p.norms["embedding"]
    time, known = 0.0, 0.0
    if f.day is not None and p.days:
        lo, hi = p.days[0], p.days[-1]
        gap = 0 if lo <= f.day <= hi else min(abs(f.day - lo), abs(f.day - hi))
        # Coverage of one event runs for days: no penalty within a week of the story's dates.
        time, known = gaussian(max(0, gap - TIME_WINDOW_DAYS), sigma), f.day_weight
    dates = 0.0
    if f.mentioned and p.mentioned:
        dates = sum(1 for m in f.mentioned if m in p.mentioned) / len(f.mentioned)
    return {
        "tfidf": sparse_cosine(vec, p.terms, p.norms["terms"]),
        "bigram": sparse_cosine(bi, p.bigrams, p.norms["bigrams"]),
        "entity": sparse_cosine(unit_counts(f.entities), p.entities, p.norms["entities"]),
        # Whether the entity feature means anything here: without the entity stage it is 0.
        "entity_known": 1.0 if f.has_entities and p.n_entities else 0.0,
        "embed": max(0.0, emb),
        "dates": dates,
        "time": time,
        "time_known": known,
    }


@dataclass(frozen=True)
class Weights:
    """Logistic join model over `FEATURES` plus the decision threshold on its probability."""

    coef: dict[str, float]
    bias: float
    threshold: float
    sigma_days: float
    time_penalty: float  # strength of the time prior in [0, 1] (0: dates are ignored)
    topic_threshold: float
    event_penalty: float = 0.0  # strength of the event-date conflict prior (0: ignored)
    source: str = ""

    def logit(self, feats: dict[str, float]) -> float:
        """The learned content score (log-odds of "same story"), time left out."""
        return self.bias + sum(self.coef.get(k, 0.0) * v for k, v in feats.items())

    def time_factor(self, feats: dict[str, float]) -> float:
        """The Gaussian time prior: 1 inside the story's dates, falling with the gap, and only
        as strong as our confidence that the article's date is right."""
        known = feats.get("time_known", 0.0) * self.time_penalty
        return 1.0 - known * (1.0 - feats.get("time", 0.0))

    def probability(self, feats: dict[str, float]) -> float:
        z = max(-50.0, min(50.0, self.logit(feats)))
        return self.time_factor(feats) / (1.0 + math.exp(-z))

    def log_probability(self, feats: dict[str, float]) -> float:
        """log of `probability`, unsaturated: ranks candidates that all come close to 1."""
        z = self.logit(feats)
        log_sig = -math.log1p(math.exp(-z)) if z > -30 else z
        return log_sig + math.log(max(self.time_factor(feats), 1e-12))


WEIGHTS_FILE = "clustering_weights.jsonl"


def parse_weights(text: str) -> Weights:
    """Weights from JSON lines: `#` comment lines, then one object per line (key, value)."""
    kv: dict[str, Any] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        row = json.loads(line)
        kv[row["key"]] = row["value"]
    return Weights(
        coef={k: float(v) for k, v in (kv.get("coef") or {}).items()},
        bias=float(kv.get("bias", 0.0)),
        threshold=float(kv.get("threshold", 0.5)),
        sigma_days=float(kv.get("sigma_days", 7.0)),
        time_penalty=float(kv.get("time_penalty", 0.0)),
        topic_threshold=float(kv.get("topic_threshold", 0.1)),
        event_penalty=float(kv.get("event_penalty", 0.0)),
        source=str(kv.get("source", "")),
    )


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    """The shipped join model (read-only, cached)."""
    return parse_weights(data_text("gold", WEIGHTS_FILE))


def dump_weights(w: Weights, header: list[str]) -> str:
    rows = [
        ("coef", w.coef),
        ("bias", w.bias),
        ("threshold", w.threshold),
        ("sigma_days", w.sigma_days),
        ("time_penalty", w.time_penalty),
        ("topic_threshold", w.topic_threshold),
        ("event_penalty", w.event_penalty),
        ("source", w.source),
    ]
    lines = [f"# {h}" for h in header]
    lines += [json.dumps({"key": k, "value": v}, ensure_ascii=False) for k, v in rows]
    return "\n".join(lines) + "\n"
