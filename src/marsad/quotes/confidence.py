"""How far to trust each quote the rules found, and its speaker: a small learned check.

The extractor's rules fit the text they were written on; on new text their mistakes are
quoted names taken for partial quotes and the wrong one of several people taken as the
speaker. Two logistic models read features of each rule output (how it was found: type,
quote marks, verb, how far away the speaker is, whether other people are named between
the speaker and the quote) and what the entity layer says about the quoted words and the
speaker. They give `confidence` (this is a quote) and `speaker_confidence` (this is its
speaker). Below the trained thresholds the quote is dropped, or its speaker left unknown
and kept as `speaker_guess`: "unattributed" serves a reader better than a wrong name.

The weights (data/quotes/confidence.json) are trained by `marsad train quotes` from the
hand-annotated gold sets; with no weights file the rule output is returned unchanged.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

from marsad.model import Article, Span
from marsad.quotes.attribute import Candidate, QuoteContext, choose
from marsad.quotes.attribute import log_scale as _log
from marsad.quotes.direct import QUOTE_MARKS
from marsad.quotes.lexicon import strip_article, word_classes
from marsad.quotes.speakers import entity_for

WEIGHTS_FILE = "confidence.json"
_DIGIT_RE = re.compile(r"\d")
_LATIN_RE = re.compile("[A-Za-z]")
_PEOPLE = ("PER", "ORG")
_PREV_CLASSES = ("name_cue", "description_head", "org_head", "media", "speech_noun")


def _marked(text: str, start: int, end: int) -> bool:
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    return any(c in QUOTE_MARKS for c in before) or any(c in QUOTE_MARKS for c in after)


def quote_features(article: Article, sp: Span, ctx: QuoteContext | None = None) -> dict[str, float]:
    """Features of one rule-found quote (see the module docstring)."""
    ctx = ctx or QuoteContext(article)
    text, a = ctx.text, sp.attrs
    words = len(text[sp.start : sp.end].split())
    qtype = a.get("type", "")
    f: dict[str, float] = {f"type_{qtype}": 1.0}
    marked = _marked(text, sp.start, sp.end)
    f["marked"] = float(marked)
    f[f"{qtype}_marked"] = float(marked)
    f["words"] = _log(words)
    f["short"] = float(words <= 3)
    f["long"] = float(words >= 15)
    f["digits"] = float(_DIGIT_RE.search(text, sp.start, sp.end) is not None)
    f["latin"] = float(_LATIN_RE.search(text, sp.start, sp.end) is not None)
    q_sent = ctx.sentence(sp.start)
    sent_start = ctx.sent_starts[q_sent] if ctx.sent_starts and q_sent >= 0 else 0
    f["at_sentence_start"] = float(sp.start - sent_start <= 3)
    covered = sum(
        min(e.end, sp.end) - max(e.start, sp.start) for e in ctx.entities_in(sp.start, sp.end)
    )
    f["entity_cover"] = covered / max(sp.end - sp.start, 1)
    f[f"{qtype}_is_entity"] = float(f["entity_cover"] >= 0.8)
    prev = strip_article(ctx.prev_word(sp.start - 1 if marked else sp.start))
    cls = word_classes(prev) if prev else frozenset()
    for c in _PREV_CLASSES:
        if c in cls:
            f[f"prev_{c}"] = 1.0
    vs = a.get("verb_start")
    f["has_verb"] = float(vs is not None)
    if vs is not None:
        f["verb_after"] = float(vs >= sp.end)
        f["verb_dist"] = _log(abs(vs - sp.start) / 10)
    ss, se = a.get("speaker_start"), a.get("speaker_end")
    if ss is None or se is None:
        f["no_speaker"] = 1.0
        f[f"{qtype}_no_speaker"] = 1.0
        return f
    f["via_mention"] = float(a.get("speaker_mention") is not None)
    after = ss >= sp.end
    f["speaker_after"] = float(after)
    f["speaker_dist"] = _log((ss - sp.end if after else sp.start - se) / 10)
    gap = ctx.sentence(sp.start) - ctx.sentence(ss)
    f["speaker_same_sentence"] = float(gap == 0)
    f["speaker_prev_sentence"] = float(gap == 1)
    f["speaker_far"] = float(gap >= 2)
    f["speaker_words"] = _log(len(text[ss:se].split()))
    kinds = {e.label for e in ctx.entities_in(ss, se)}
    for k in ("PER", "ORG", "LOC", "MISC"):
        if k in kinds:
            f[f"speaker_{k}"] = 1.0
    if not kinds:
        f["speaker_no_entity"] = 1.0
    lo, hi = (sp.end, ss) if after else (se, sp.start)
    between = [e for e in ctx.entities_in(lo, hi) if e.label in _PEOPLE and e.start >= lo]
    f["people_between"] = _log(len(between))
    f[f"{qtype}_speaker"] = 1.0
    return f


@lru_cache(maxsize=1)
def load_weights() -> dict[str, Any] | None:
    path = files("marsad") / "data" / "quotes" / WEIGHTS_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def probability(model: dict[str, Any], feats: dict[str, float]) -> float:
    """P(positive) of a logistic model stored as {"bias", "coef": {feature: weight}}."""
    coef = model["coef"]
    z = model["bias"]
    for k, v in feats.items():
        w = coef.get(k)
        if w is not None:
            z += v * w
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def check_quotes(
    article: Article, spans: list[Span], weights: dict[str, Any] | None = None
) -> list[Span]:
    """Score the rule output: drop unlikely quotes, choose each speaker among the actors
    named around it, and leave the speaker unknown when even the best is unlikely."""
    weights = weights if weights is not None else load_weights()
    if not weights or not spans:
        return spans
    ctx = QuoteContext(article, spans)
    keep_t, speaker_t = weights["keep_threshold"], weights["speaker_threshold"]
    out = []
    for sp in spans:
        p = probability(weights["keep"], quote_features(article, sp, ctx))
        if p < keep_t:
            continue
        sp.attrs["confidence"] = round(p, 3)
        best = choose(weights["speaker"], ctx, sp, probability)
        if best is not None:
            _set_speaker(article, sp, *best, speaker_t)
        out.append(sp)
    return out


def _set_speaker(article: Article, sp: Span, cand: Candidate, p: float, threshold: float) -> None:
    a = sp.attrs
    a["speaker_confidence"] = round(p, 3)
    if p < threshold:
        a["speaker_guess"] = article.text[cand.start : cand.end]
        cand = None
    elif cand.rule:
        return
    for key in ("speaker_mention", "speaker_mention_start", "speaker_mention_end"):
        a.pop(key, None)
    a["speaker"] = article.text[cand.start : cand.end] if cand else None
    a["speaker_start"] = cand.start if cand else None
    a["speaker_end"] = cand.end if cand else None
    a["speaker_entity_id"] = entity_for(article, cand.start, cand.end) if cand else None
