"""How the outlets of one story differ: what only one reports, what it leaves out, how it
frames the events (loaded terms outside quotations) and whose words it carries.

An outlet is the article's `source`, else its id. Sentences are compared on stemmed TF-IDF
over the story's own sentences; a sentence has a counterpart in another outlet when some
sentence there is at least `COUNTERPART` similar.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from marsad.model import QUOTE, SENTENCE, Article
from marsad.resources import data_rows
from marsad.stories.embed import embed_sentences
from marsad.text import WORD, is_stopword, normalize_word, split_sentences, stem, tokenize

COUNTERPART = 0.3  # cosine of stemmed sentence vectors above which two sentences say the same
EMB_COUNTERPART = 0.6  # the same for lead-embedding cosine (USE v3); both set by eye, not fitted
MAX_EMBEDDED = 60  # sentences per story embedded for matching (~3 ms each, cached)
MAX_OUTLETS = 10
MAX_ARTICLES_PER_OUTLET = 3
MIN_WORDS = 5  # shorter sentences (captions, furniture) are not points
MAX_ITEMS = 3
MAIN_POINTS = 6
MAX_SENTENCES = 25  # per article, from the top: news puts its points first; bounds the cost

# Quotation marks of Arabic news text, used when the quote stage has not run.
_QUOTE_RE = re.compile(r"“[^”\n]{2,600}”|«[^»\n]{2,600}»|\"[^\"\n]{2,600}\"|”[^”\n]{2,600}”")
_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


@lru_cache(maxsize=1)
def framing_lexicon() -> dict[tuple[str, ...], tuple[str, str]]:
    """{normalised term words: (term as written, category)} from `data/framing.tsv`."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for cols in data_rows("framing.tsv"):
        if len(cols) < 2:
            continue
        key = tuple(normalize_word(w) for w in cols[0].split())
        out[key] = (cols[0], cols[1])
    return out


def _variants(word: str) -> list[str]:
    # A word with its proclitics taken off, so "والانفصاليين" matches "الانفصاليين".
    out = [word]
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            rest = word[len(p) :]
            out += [rest, "ال" + rest] if not rest.startswith("ال") else [rest]
    return out


def quote_ranges(article: Article) -> list[tuple[int, int]]:
    """Character ranges of quotations: the quote layer when present, else quotation marks."""
    spans = article.spans(QUOTE)
    if spans:
        return [(s.start, s.end) for s in spans]
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(article.text or "")]


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def framing_terms(article: Article) -> list[dict[str, Any]]:
    """Loaded terms the outlet uses in its own voice (outside quotations), with counts."""
    lex = framing_lexicon()
    longest = max((len(k) for k in lex), default=1)
    text = article.text or ""
    words = [s for s in tokenize(text) if s.label == WORD]
    norms = [normalize_word(s.text_of(text)) for s in words]
    quotes = quote_ranges(article)
    found: Counter = Counter()
    i = 0
    while i < len(words):
        hit = 0
        for n in range(min(longest, len(words) - i), 0, -1):
            for first in _variants(norms[i]):
                key = (first, *norms[i + 1 : i + n])
                if key in lex and not _inside(words[i].start, quotes):
                    found[lex[key]] += 1
                    hit = n
                    break
            if hit:
                break
        i += hit or 1
    return [
        {"term": term, "category": cat, "count": c}
        for (term, cat), c in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def speakers(article: Article) -> list[dict[str, Any]]:
    """Whose words the article reports, from the quote layer's speaker attributes."""
    c: Counter = Counter()
    ids: dict[str, str] = {}
    for s in article.spans(QUOTE):
        name = s.attrs.get("speaker")
        if name:
            c[name] += 1
            if s.attrs.get("speaker_entity_id"):
                ids[name] = s.attrs["speaker_entity_id"]
    return [{"name": n, "entity_id": ids.get(n), "count": k} for n, k in c.most_common()]


def _sentences(article: Article) -> list[tuple[int, int, str]]:
    text = article.text or ""
    spans = article.spans(SENTENCE) or split_sentences(text)
    return [(s.start, s.end, text[s.start : s.end].strip()) for s in spans[:MAX_SENTENCES]]


def _terms(sentence: str) -> Counter:
    out: Counter = Counter()
    for s in tokenize(sentence):
        if s.label == WORD:
            n = normalize_word(s.text_of(sentence))
            if len(n) > 1 and not is_stopword(n):
                out[stem(n)] += 1
    return out


def compare_sources(articles: Sequence[Article]) -> dict[str, Any]:
    """Per outlet: unique points, omitted main points, framing terms and quoted speakers."""
    outlets: dict[str, list[Article]] = {}
    for a in articles:
        if not a.duplicate_of:
            outlets.setdefault(a.source or a.id, []).append(a)
    # Sentences are matched across the MAX_OUTLETS outlets with most articles (then by name):
    # the matching is quadratic, and a table of more outlets is not read anyway.
    matched = set(sorted(outlets, key=lambda k: (-len(outlets[k]), k))[:MAX_OUTLETS])
    # Every point-sized sentence of the story: (outlet, article id, start, end, text, terms)
    sents = []
    for name, arts in outlets.items():
        if name not in matched:
            continue
        for a in arts[:MAX_ARTICLES_PER_OUTLET]:
            for start, end, s in _sentences(a):
                terms = _terms(s)
                if sum(terms.values()) >= MIN_WORDS:
                    sents.append((name, a.id, start, end, s, terms))
    df = Counter(t for *_, terms in sents for t in terms)
    n = len(sents)
    vecs = []
    for *_, terms in sents:
        v = {t: (1 + math.log(c)) * math.log((n + 1) / df[t]) for t, c in terms.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})

    # Paraphrases across outlets share few stems: the sentence embedding catches them.
    # Leading sentences of every article first, up to MAX_EMBEDDED per story; the rest lexical.
    embs: list = [None] * n
    if len(outlets) > 1:  # one outlet has nothing to match against
        rank: dict[str, int] = Counter()
        order = []
        for i, x in enumerate(sents):
            order.append((rank[x[1]], i))
            rank[x[1]] += 1
        chosen = [i for _, i in sorted(order)[:MAX_EMBEDDED]]
        for i, v in zip(chosen, embed_sentences([sents[i][4] for i in chosen]), strict=True):
            embs[i] = v

    def sim(i: int, j: int) -> float:
        a, b = vecs[i], vecs[j]
        if len(a) > len(b):
            a, b = b, a
        lex = sum(x * b.get(t, 0.0) for t, x in a.items())
        ei, ej = embs[i], embs[j]
        if ei is None or ej is None:
            return lex
        # Put the embedding cosine on the lexical scale: EMB_COUNTERPART maps to COUNTERPART.
        emb = float(ei @ ej)
        return max(
            lex, COUNTERPART + (emb - EMB_COUNTERPART) * (1 - COUNTERPART) / (1 - EMB_COUNTERPART)
        )

    # For each sentence, its best match in every other outlet.
    best: list[dict[str, float]] = [{} for _ in sents]
    for i in range(n):
        for j in range(i + 1, n):
            if sents[i][0] == sents[j][0]:
                continue
            s = sim(i, j)
            if s > best[i].get(sents[j][0], 0.0):
                best[i][sents[j][0]] = s
            if s > best[j].get(sents[i][0], 0.0):
                best[j][sents[i][0]] = s

    def covered(i: int) -> int:
        return sum(1 for v in best[i].values() if v >= COUNTERPART)

    def item(i: int) -> dict[str, Any]:
        name, aid, start, end, text, _ = sents[i]
        return {"outlet": name, "article_id": aid, "start": start, "end": end, "text": text}

    # Main points: sentences that most other outlets also report (centrality by coverage).
    ranked = sorted(
        (i for i in range(n) if covered(i) > 0),
        key=lambda i: (-covered(i), -sum(best[i].values()), sents[i][2]),
    )
    main: list[int] = []
    for i in ranked:
        if all(sim(i, j) < COUNTERPART for j in main):
            main.append(i)
        if len(main) == MAIN_POINTS:
            break

    result = []
    for name, arts in outlets.items():
        own = [i for i in range(n) if sents[i][0] == name]
        compared = name in matched and len(matched) > 1
        unique = [item(i) for i in own if covered(i) == 0][:MAX_ITEMS] if compared else []
        omits = (
            [item(i) for i in main if sents[i][0] != name and best[i].get(name, 0.0) < COUNTERPART]
            if compared
            else []
        )[:MAX_ITEMS]
        framing: Counter = Counter()
        cats: dict[str, str] = {}
        said: Counter = Counter()
        for a in arts:
            for f in framing_terms(a):
                framing[f["term"]] += f["count"]
                cats[f["term"]] = f["category"]
            for sp in speakers(a):
                said[sp["name"]] += sp["count"]
        result.append(
            {
                "outlet": name,
                "compared": compared,
                "article_ids": [a.id for a in arts],
                "unique": unique,
                "omits": omits,
                "framing": [
                    {"term": t, "category": cats[t], "count": c} for t, c in framing.most_common()
                ],
                "speakers": [{"name": s, "count": c} for s, c in said.most_common()],
            }
        )
    return {"outlets": result, "main_points": [item(i) for i in main]}


def outlet_key(article: Article) -> str:
    """The outlet an article is compared as: its source, else its own id."""
    return article.source or article.id


__all__ = ["compare_sources", "framing_lexicon", "framing_terms", "outlet_key", "quote_ranges"]
