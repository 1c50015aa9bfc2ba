"""Extractive summaries of a story (one or many articles), with citations and a headline.

Each sentence gets a salience score from a small learned linear model (features: position in
its article and paragraph, centrality in the story, title overlap, length, stopword and digit
share, ...; weights in `data/models/summary_scorer.json`, trained on EASC by
`marsad eval summary --write-model`: the predicted share of the sentence that human
summaries keep). Selection takes whole sentences only, within a word budget:
- one article: the exact best set by dynamic programming (score above an offset, per word,
  with a small bonus for runs of adjacent sentences);
- several articles: greedy MMR (salience minus redundancy with what is already chosen, plus
  a bonus for entities of `article.layers["entity"]` not yet covered).
A sentence that opens with a speakerless continuation ("وأضاف أن ...", "وتابع: ...") only
enters right after the sentence before it, so quotes keep their speaker. The chosen sentences
are ordered chronologically (resolved date in the sentence, else the article's date) and
each cites its article with offsets.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.model import DATE, ENTITY, SENTENCE, Article, Span
from marsad.resources import data_lines, data_text
from marsad.text import normalize, split_sentences, stem, stopwords

MODEL_FILE = "summary_scorer.json"
MMR_LAMBDA = 0.3  # weight of redundancy (cosine) against salience (predicted share in refs)
ENTITY_BONUS = 0.03  # per entity a sentence adds to what the summary already covers
MIN_WORDS = 4  # shorter "sentences" are headings, captions or debris

_WORD_RE = re.compile(r"[^\W_]+")
_QUOTE_RE = re.compile('["«»“”]')

FEATURES = (
    "rel_pos",
    "inv_pos",
    "first",
    "para_first",
    "log_len",
    "short",
    "long",
    "centrality",
    "centrality_rank",
    "title_overlap",
    "stop_ratio",
    "digit_ratio",
    "dangling",
    "log_doc_sents",
    "para_rel",
    "first_para",
    "in_para_pos",
    "title_cos",
    "lead_cos",
    "pos_1",
    "pos_2",
    "pos_3",
    "ends_colon",
    "has_quote",
)


def word_count(text: str) -> int:
    """Words as ROUGE counts them: letter/digit runs of the normalised text."""
    return len(_WORD_RE.findall(normalize(text)))


@lru_cache(maxsize=8)
def _word_list(name: str) -> frozenset[str]:
    return frozenset(normalize(line.strip()) for line in data_lines("models", name))


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    """The shipped sentence scorer: feature names, scaling, ridge weights, selection settings."""
    return json.loads(data_text("models", MODEL_FILE))


@dataclass(slots=True)
class SentenceUnit:
    """One candidate sentence with what scoring and selection need."""

    doc: int  # index of its article in the input list
    index: int  # position among the article's kept sentences
    start: int
    end: int
    text: str
    words: list[str]  # normalised words
    stems: list[str]  # content-word stems
    para_first: bool
    dangling: bool
    para: int = 0  # paragraph (line block) number in its article
    in_para: int = 0  # position inside that paragraph
    date: str | None = None
    entities: frozenset[str] = frozenset()
    vec: dict[str, float] = field(default_factory=dict)
    features: list[float] = field(default_factory=list)
    score: float = 0.0


def _opens_with_continuation(word: str) -> bool:
    # Listed verbs, or any و-prefixed word: "وكرر أن ..." drops its speaker just the same.
    return word in _word_list("summary_continuations.txt") or (
        len(word) > 3 and word.startswith("و")
    )


def _is_dangling(words: list[str], piece: str) -> bool:
    """Whether the sentence opens with a continuation verb whose speaker is not in it.

    "وأضاف أن ..." / "وتابع: «...»" / "وكرر أن ..." lean on the sentence before;
    "وأضاف الوزير أن ..." names its speaker and stands alone.
    """
    if not words or not _opens_with_continuation(words[0]):
        return False
    if len(words) < 2 or words[1] in _word_list("summary_dangling_next.txt"):
        return True
    m = _WORD_RE.search(piece)
    rest = piece[m.end() :].lstrip() if m else ""
    return bool(rest) and rest[0] in ":：«\"“'"


def _sentence_spans(article: Article) -> list[Span]:
    spans = article.layers.get(SENTENCE)
    return spans if spans is not None else split_sentences(article.text or "")


def _date_of(article: Article, start: int, end: int) -> str | None:
    """The first resolved date inside the sentence, else the article's publication date."""
    for d in article.layers.get(DATE, []):
        value = d.attrs.get("value") if d.label in ("", DATE) else None
        if isinstance(value, str) and start <= d.start < end and value[:1].isdigit():
            return value
    return article.published


def _entities_in(article: Article, start: int, end: int) -> frozenset[str]:
    out = set()
    for e in article.layers.get(ENTITY, []):
        if start <= e.start and e.end <= end:
            a = e.attrs
            key = a.get("entity_id") or a.get("id") or normalize(e.text_of(article.text))
            out.add(str(key))
    return frozenset(out)


def sentence_units(articles: Sequence[Article]) -> list[SentenceUnit]:
    """Candidate sentences of every article, in article then text order."""
    stop = stopwords()
    units: list[SentenceUnit] = []
    for d, article in enumerate(articles):
        text = article.text or ""
        index = 0
        para, in_para, last_end = -1, 0, 0
        for span in _sentence_spans(article):
            # A line break between two sentences starts a new paragraph.
            if para < 0 or "\n" in text[last_end : span.start]:
                para, in_para = para + 1, 0
            last_end = span.end
            piece = text[span.start : span.end]
            words = _WORD_RE.findall(normalize(piece))
            if len(words) < MIN_WORDS:
                continue
            dangling = _is_dangling(words, normalize(piece))
            line_start = text.rfind("\n", 0, span.start) + 1
            units.append(
                SentenceUnit(
                    doc=d,
                    index=index,
                    start=span.start,
                    end=span.end,
                    text=piece,
                    words=words,
                    stems=[stem(w) for w in words if w not in stop and len(w) > 1],
                    para_first=not text[line_start : span.start].strip(),
                    dangling=dangling,
                    para=para,
                    in_para=in_para,
                    date=_date_of(article, span.start, span.end),
                    entities=_entities_in(article, span.start, span.end),
                )
            )
            index += 1
            in_para += 1
    return units


def _tfidf(units: list[SentenceUnit]) -> None:
    df = Counter(t for u in units for t in set(u.stems))
    n = len(units)
    for u in units:
        tf = Counter(u.stems)
        vec = {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 0.5)) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        u.vec = {t: v / norm for t, v in vec.items()}


def _unit_vec(terms: set[str]) -> dict[str, float]:
    # Binary vector over stems, length-normalised (titles are short: no weighting).
    return {t: 1.0 / math.sqrt(len(terms)) for t in terms} if terms else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def compute_features(units: list[SentenceUnit], titles: Sequence[str | None]) -> None:
    """Fill `features` (in `FEATURES` order) for every unit; titles are per article."""
    if not units:
        return
    _tfidf(units)
    total: Counter = Counter()
    for u in units:
        total.update(u.vec)
    # Mean similarity to the other sentences is linear in the sum of the unit vectors.
    n = len(units)
    cent = [(_dot(u.vec, total) - 1.0) / max(1, n - 1) for u in units]
    order = sorted(range(n), key=lambda i: -cent[i])
    rank = [0.0] * n
    for r, i in enumerate(order):
        rank[i] = r / max(1, n - 1)
    per_doc = Counter(u.doc for u in units)
    title_stems = [
        {stem(w) for w in _WORD_RE.findall(normalize(t or "")) if w not in stopwords()}
        for t in titles
    ]
    stop = stopwords()
    paras = Counter()
    leads: dict[int, dict[str, float]] = {}
    for u in units:
        paras[u.doc] = max(paras[u.doc], u.para + 1)
        leads.setdefault(u.doc, u.vec)
    title_vecs = [_unit_vec(ts) for ts in title_stems]
    for i, u in enumerate(units):
        k = per_doc[u.doc]
        tv = title_vecs[u.doc] if u.doc < len(title_vecs) else {}
        nw = len(u.words)
        ts = title_stems[u.doc] if u.doc < len(title_stems) else set()
        u.features = [
            u.index / max(1, k - 1),
            1.0 / (u.index + 1),
            1.0 if u.index == 0 else 0.0,
            1.0 if u.para_first else 0.0,
            math.log1p(nw),
            1.0 if nw < 8 else 0.0,
            1.0 if nw > 45 else 0.0,
            cent[i],
            rank[i],
            len(ts & set(u.stems)) / len(ts) if ts else 0.0,
            sum(w in stop for w in u.words) / nw,
            sum(w.isdigit() for w in u.words) / nw,
            1.0 if u.dangling else 0.0,
            math.log1p(k),
            u.para / max(1, paras[u.doc] - 1),
            1.0 if u.para == 0 else 0.0,
            1.0 / (u.in_para + 1),
            _dot(u.vec, tv),
            _dot(u.vec, leads[u.doc]) if u.index else 1.0,
            1.0 if u.index == 1 else 0.0,
            1.0 if u.index == 2 else 0.0,
            1.0 if u.index == 3 else 0.0,
            1.0 if u.text.rstrip().endswith(":") else 0.0,
            1.0 if _QUOTE_RE.search(u.text) else 0.0,
        ]


def score_units(units: list[SentenceUnit], model: dict[str, Any] | None = None) -> None:
    """Set `score`: the linear model's predicted share of a sentence found in references."""
    model = model or load_model()
    idx = [FEATURES.index(name) for name in model["features"]]
    mean, scale, coef = model["mean"], model["scale"], model["coef"]
    intercept = model.get("intercept", 0.0)
    for u in units:
        s = intercept
        for j, f in enumerate(idx):
            s += coef[j] * (u.features[f] - mean[j]) / (scale[j] or 1.0)
        u.score = s


def _select_dp(
    units: list[SentenceUnit], max_words: int, offset: float, gamma: float
) -> list[SentenceUnit]:
    """Best set of one article's sentences within `max_words` (exact, by dynamic programming).

    A sentence is worth (score - offset) per word, plus `gamma` per word when the sentence
    before it is kept too (readers and annotators favour runs). A speakerless continuation
    may only follow its own preceding sentence.
    """
    # state (words used, previous kept) -> (value, kept indices)
    states: dict[tuple[int, bool], tuple[float, tuple[int, ...]]] = {(0, False): (0.0, ())}
    for i, u in enumerate(units):
        w = len(u.words)
        adjacent = i > 0 and units[i - 1].doc == u.doc and units[i - 1].index == u.index - 1
        nxt: dict[tuple[int, bool], tuple[float, tuple[int, ...]]] = {}
        for (used, prev), (val, kept) in states.items():
            key = (used, False)
            if key not in nxt or nxt[key][0] < val:
                nxt[key] = (val, kept)
            if used + w > max_words or (u.dangling and not (prev and adjacent)):
                continue
            gain = (u.score - offset) * w + (gamma * w if prev and adjacent else 0.0)
            key = (used + w, True)
            if key not in nxt or nxt[key][0] < val + gain:
                nxt[key] = (val + gain, (*kept, i))
        states = nxt
    _, kept = max(states.values(), key=lambda s: s[0])
    return [units[i] for i in kept]


def _select_mmr(
    units: list[SentenceUnit],
    max_words: int,
    max_sentences: int | None,
    mmr_lambda: float,
    offset: float,
) -> list[SentenceUnit]:
    """Greedy MMR over several articles: salience minus redundancy plus new entities."""
    prev: dict[int, int] = {}
    for i in range(1, len(units)):
        if units[i].doc == units[i - 1].doc:
            prev[i] = i - 1
    chosen: list[int] = []
    taken: set[int] = set()
    covered: set[str] = set()
    used = 0
    candidates = set(range(len(units)))
    while candidates:
        best, best_val, best_bundle = None, -math.inf, None
        for i in sorted(candidates):
            bundle = [i]
            j = i
            # A speakerless continuation needs the sentence(s) before it.
            while units[j].dangling and j in prev:
                j = prev[j]
                if j not in taken:
                    bundle.insert(0, j)
            if units[j].dangling and j not in taken:
                continue  # the speaker is nowhere in this article
            new = [k for k in bundle if k not in taken]
            cost = sum(len(units[k].words) for k in new)
            if used + cost > max_words:
                continue
            if max_sentences is not None and len(chosen) + len(new) > max_sentences:
                continue
            red = max((_dot(units[i].vec, units[c].vec) for c in chosen), default=0.0)
            gain = len(units[i].entities - covered)
            val = (units[i].score - offset) - mmr_lambda * red + ENTITY_BONUS * min(gain, 3)
            if val > best_val:
                best, best_val, best_bundle = i, val, new
        if best is None or best_bundle is None:
            break
        for k in best_bundle:
            chosen.append(k)
            taken.add(k)
            covered |= units[k].entities
            used += len(units[k].words)
            candidates.discard(k)
    return [units[k] for k in chosen]


def select(
    units: list[SentenceUnit],
    max_words: int,
    max_sentences: int | None = None,
    model: dict[str, Any] | None = None,
) -> list[SentenceUnit]:
    """Pick whole sentences within `max_words` (and `max_sentences`), speakers kept.

    One article: the exact best set (`_select_dp`). Several articles, or a sentence cap:
    greedy MMR, since outlets repeat each other and redundancy is not additive.
    """
    if not units or max_words <= 0:
        return []
    model = model or load_model()
    offset = float(model.get("offset", 0.0))
    if max_sentences is None and len({u.doc for u in units}) == 1:
        return _select_dp(units, max_words, offset, float(model.get("gamma", 0.0)))
    return _select_mmr(units, max_words, max_sentences, MMR_LAMBDA, offset)


def rank_sentences(
    units: list[SentenceUnit], max_words: int, model: dict[str, Any] | None = None
) -> list[SentenceUnit]:
    """All scored units as a ranking: the selected set first, then the rest by score.

    For fill-to-length comparisons with rankers such as LexRank. A speakerless continuation
    is only ranked after its own preceding sentence.
    """
    chosen = select(units, max_words, model=model)
    head = sorted(chosen, key=lambda u: -u.score)
    placed = {id(u) for u in head}
    rest = sorted((u for u in units if id(u) not in placed), key=lambda u: -u.score)
    out = list(head)
    pos = {(u.doc, u.index): k for k, u in enumerate(units)}
    for u in rest:
        prev_k = pos.get((u.doc, u.index - 1))
        if u.dangling and (prev_k is None or id(units[prev_k]) not in placed):
            continue
        out.append(u)
        placed.add(id(u))
    return out


def _chronological(units: list[SentenceUnit], articles: Sequence[Article]) -> list[SentenceUnit]:
    # Dated sentences by date; the rest by their article's date; then article, then position.
    def key(u: SentenceUnit) -> tuple[str, int, int]:
        return (u.date or articles[u.doc].published or "", u.doc, u.index)

    single = len({u.doc for u in units}) <= 1
    if single:
        return sorted(units, key=lambda u: u.index)
    return sorted(units, key=key)


def summarize(
    articles: Sequence[Article], *, max_words: int = 120, max_sentences: int | None = None
) -> list[dict[str, Any]]:
    """A cited extractive summary of one or more articles about the same story.

    Returns `[{"text", "article_id", "start", "end", "date"?}]` in chronological order
    (publication date or the sentence's resolved date; text order within an article).
    """
    articles = [a for a in articles if isinstance(a, Article) and (a.text or "").strip()]
    originals = [a for a in articles if not a.duplicate_of] or articles
    if not originals or max_words <= 0:
        return []
    units = sentence_units(originals)
    if not units:
        return []
    compute_features(units, [a.title for a in originals])
    score_units(units)
    picked = _chronological(select(units, max_words, max_sentences), originals)
    out = []
    for u in picked:
        item: dict[str, Any] = {
            "text": u.text,
            "article_id": originals[u.doc].id,
            "start": u.start,
            "end": u.end,
        }
        if u.date:
            item["date"] = u.date
        out.append(item)
    return out


def headline(articles: Sequence[Article], summary: Sequence[dict[str, Any]]) -> str:
    """A short headline: the title most shared by the story, else the summary's lead clause."""
    titles = [a.title.strip() for a in articles if a.title and a.title.strip()]
    words_in_summary = Counter(
        stem(w) for item in summary for w in _WORD_RE.findall(normalize(item.get("text", "")))
    )
    if titles:
        # The title whose content words the summary (the story's centre) repeats most.
        def overlap(t: str) -> float:
            ws = [stem(w) for w in _WORD_RE.findall(normalize(t)) if w not in stopwords()]
            return sum(1 for w in ws if words_in_summary[w]) / (len(ws) or 1)

        return max(titles, key=lambda t: (overlap(t), -len(t)))
    if not summary:
        return ""
    first = str(summary[0].get("text", "")).strip()
    # Cut at the first clause boundary so the headline stays short, on a word boundary.
    clause = re.split(r"[،,:؛;]|\s[-–—]\s", first, maxsplit=1)[0].strip()
    if len(clause) > 110:
        clause = clause[:110].rsplit(" ", 1)[0] + "…"
    return clause
