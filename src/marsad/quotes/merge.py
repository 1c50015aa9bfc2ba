"""One quote, several outlets: group near-identical quotes across articles."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from marsad.model import Article, Span
from marsad.text.normalize import normalize

_WORD_RE = re.compile(r"[^\W_]+")
MIN_JACCARD = 0.8  # normalised token sets; agency copy edited by outlets stays above this


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD_RE.findall(normalize(text)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def merge_quotes(items: list[tuple[Article, Span]], threshold: float = MIN_JACCARD) -> list[dict]:
    """Group (article, quote span) pairs whose quoted text is the same or nearly the same.

    Statements (direct/indirect) merge at normalised token Jaccard >= `threshold`;
    partial quotes (one or two words) merge only when identical and from the same
    speaker, since "آمن" in two stories is not one quote. Each group is a dict with
    `text` (the longest wording), `type`, `speaker`, `speaker_entity_id`, `n_sources`
    and `sources` (article id, source, url, offsets, speaker and wording per outlet).
    """
    groups: list[dict[str, Any]] = []
    for article, span in items:
        text = article.text[span.start : span.end]
        toks = _tokens(text)
        if not toks:
            continue
        qtype = span.attrs.get("type", "direct")
        speaker = span.attrs.get("speaker")
        best, best_score = None, 0.0
        for g in groups:
            if (qtype == "partial") != (g["type"] == "partial"):
                continue
            if qtype == "partial":
                same_speaker = normalize(speaker or "") == normalize(g["speaker"] or "")
                score = 1.0 if toks == g["_tokens"] and same_speaker else 0.0
            else:
                score = _jaccard(toks, g["_tokens"])
            if score >= threshold and score > best_score:
                best, best_score = g, score
        source = {
            "article_id": article.id,
            "source": article.source,
            "url": article.url,
            "start": span.start,
            "end": span.end,
            "text": text,
            "type": qtype,
            "speaker": speaker,
            "speaker_entity_id": span.attrs.get("speaker_entity_id"),
        }
        if best is None:
            groups.append({"_tokens": toks, "type": qtype, "speaker": speaker, "sources": [source]})
        else:
            best["sources"].append(source)
    out = []
    for g in groups:
        srcs = g["sources"]
        speakers = Counter(s["speaker"] for s in srcs if s["speaker"])
        ids = Counter(s["speaker_entity_id"] for s in srcs if s["speaker_entity_id"])
        types = Counter(s["type"] for s in srcs)
        out.append(
            {
                "text": max((s["text"] for s in srcs), key=len),
                "type": "direct" if types.get("direct") else types.most_common(1)[0][0],
                "speaker": speakers.most_common(1)[0][0] if speakers else None,
                "speaker_entity_id": ids.most_common(1)[0][0] if ids else None,
                "n_sources": len({s["article_id"] for s in srcs}),
                "sources": srcs,
            }
        )
    out.sort(key=lambda g: -g["n_sources"])
    return out
