"""Story timelines: dated event sentences across articles, merged when outlets report the same event.

Each sentence that carries a resolved date becomes a candidate event. Two candidates are one event
when they have the same date and their content-word stems overlap enough (the shared date already
carries much of the evidence, so the overlap threshold is modest).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import Stemmer

from marsad.model import DATE, SENTENCE, Article, Span
from marsad.text.normalize import normalize
from marsad.time.infer import parse_iso

_SENT_END = re.compile(r"[.!?؟…]+[\"'”»)]*(?=\s|$)|\n+")
_WORD = re.compile(r"[^\W\d_]+")
_PRECISION = {10: "day", 7: "month", 4: "year"}


def split_sentences_fallback(text: str) -> list[Span]:
    """Sentence spans cut at terminal punctuation and line breaks (used when no layer exists)."""
    out: list[Span] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            out.append(Span(start, end, SENTENCE))
        start = end
    if text[start:].strip():
        out.append(Span(start, len(text), SENTENCE))
    return out


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("arabic")


@lru_cache(maxsize=100_000)
def _stem(w: str) -> str:
    """Stem of a normalised word; و/ف before the article is dropped first."""
    if len(w) > 4 and w[0] in "وف" and w.startswith("ال", 1):
        w = w[1:]
    return _stemmer().stemWord(w)


def _content_stems(sentence: str, date_text: str) -> set[str]:
    skip = {_stem(w) for w in _WORD.findall(normalize(date_text))}
    words = _WORD.findall(normalize(sentence))
    return {s for w in words if len(s := _stem(w)) >= 3 and s not in skip}


def _similar(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted overlap: words every report of the story uses (names, places) count little."""
    if not a or not b:
        return 0.0
    wa = sum(idf.get(w, 1.0) for w in a)
    wb = sum(idf.get(w, 1.0) for w in b)
    return sum(idf.get(w, 1.0) for w in a & b) / min(wa, wb)


def _event_date(spans: list[Span]) -> Span | None:
    """The sentence's event date: the most precise resolved date, first one on a tie."""
    best = None
    for s in spans:
        v = s.attrs.get("value")
        if s.label != "date" or not v or s.attrs.get("vague"):
            continue
        if best is None or len(v) > len(best.attrs["value"]):
            best = s
    return best


def build_timeline(articles: list[Article], min_overlap: float = 0.25) -> list[dict[str, Any]]:
    """Dated events of a story, one entry per event with every article that reports it, in order.

    Uses each article's `date` layer (computing it with its publication date if absent, without
    modifying the article) and its `sentence` layer (or a plain split).
    """
    from marsad.time import find_temporal

    cands: list[dict[str, Any]] = []
    for art in articles:
        text = art.text or art.raw or ""
        spans = art.layers.get(DATE)
        if spans is None:
            spans = find_temporal(text, parse_iso(art.published))
        sents = art.layers.get(SENTENCE) or split_sentences_fallback(text)
        for sent in sents:
            inside = [s for s in spans if sent.start <= s.start and s.end <= sent.end]
            ds = _event_date(inside)
            if ds is None:
                continue
            stext = text[sent.start : sent.end].strip()
            source = {
                "article_id": art.id,
                "source": art.source,
                "sentence": stext,
                "start": sent.start,
                "end": sent.end,
                "expression": text[ds.start : ds.end],
                # Resolved against an inferred publication date: an estimate.
                "estimated": bool(art.published_inferred and ds.attrs.get("anchored", True)),
            }
            cand = {
                "date": ds.attrs["value"],
                "precision": _PRECISION.get(len(ds.attrs["value"]), "day"),
                "confidence": ds.attrs.get("confidence", 0.0),
                "stems": [_content_stems(stext, text[ds.start : ds.end])],
                "sources": [source],
            }
            cands.append(cand)
    df: Counter[str] = Counter(w for c in cands for w in c["stems"][0])
    n = len(cands) or 1
    idf = {w: math.log((n + 1) / (k + 0.5)) for w, k in df.items()}
    events: list[dict[str, Any]] = []
    for cand in cands:
        for ev in events:
            if ev["date"] != cand["date"]:
                continue
            # Compare with each report, not their union, so clusters do not snowball.
            sim = max(_similar(st, cand["stems"][0], idf) for st in ev["stems"])
            if sim >= min_overlap:
                ev["sources"].extend(cand["sources"])
                ev["stems"].append(cand["stems"][0])
                ev["confidence"] = max(ev["confidence"], cand["confidence"])
                break
        else:
            events.append(cand)
    out = []
    for i, ev in enumerate(events):
        ids = list(dict.fromkeys(s["article_id"] for s in ev["sources"]))
        out.append(
            {
                "date": ev["date"],
                "precision": ev["precision"],
                "text": ev["sources"][0]["sentence"],
                "articles": ids,
                "sources": ev["sources"],
                "confidence": ev["confidence"],
                "_order": i,
            }
        )
    out.sort(key=lambda e: (e["date"], e["_order"]))
    for e in out:
        del e["_order"]
    return out
