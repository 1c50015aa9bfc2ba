"""Choose each quote's speaker among the people and organisations named around it.

The rules keep one running speaker, so in a passage that names several people ("…
أحمدي نجاد … حين قال إن …", "سولانا ( يمين ) قال …", "والتقى أنان … مؤكدا …") a
subject-less verb goes to whoever spoke last. Here the candidates are the rules' speaker
plus every person or organisation the entity layer finds in the quote's sentence and the
two before it; a logistic model scores each from where it stands (right after or before
the verb, after a preposition, how many sentences back, whether it speaks elsewhere) and
the best one is the speaker. Its probability is the quote's `speaker_confidence`; below
the trained threshold the speaker is left unknown and kept as `speaker_guess`
("unattributed" serves a reader better than a wrong name). A partial quote the rules left
without a speaker keeps none.

The weights (data/quotes/speakers.json) are trained by `marsad train quotes` from the
hand-annotated gold sets; without them the rules' speakers stand.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from marsad.model import ENTITY, SENTENCE, Article, Span
from marsad.quotes.lexicon import norm, strip_article, word_classes
from marsad.quotes.speakers import entity_for

WEIGHTS_FILE = "speakers.json"

_ACTORS = ("PER", "ORG")
_PREPOSITIONS = frozenset({"في", "مع", "عن", "الى", "الي", "علي"})
_RELATIVE = frozenset({"الذي", "التي", "الذين"})
SENTENCES_BACK = 2
FAR_CHARS = 80  # a subject this far before its verb is not the verb's own
MAX_SPEAKER_CHARS = 300  # longer speaker phrases are not looked back for


@dataclass
class Candidate:
    start: int
    end: int
    label: str  # PER, ORG or "" (the rules' mention with no entity under it)
    rule: bool  # the rules chose it (or the mention it resolved to)


class QuoteContext:
    """What the features read from the article: sentence starts, entity spans and where
    the rules found speakers."""

    def __init__(self, article: Article, quotes: list[Span] | None = None) -> None:
        self.text = article.text or ""
        sents = article.layers.get(SENTENCE) or []
        self.sent_starts = [s.start for s in sents]
        ents = sorted(article.layers.get(ENTITY) or [], key=lambda s: s.start)
        self.ents = ents
        self.ent_starts = [e.start for e in ents]
        self.speaker_spans = sorted(
            (q.attrs["speaker_start"], q.attrs["speaker_end"], q.start)
            for q in quotes or ()
            if q.attrs.get("speaker_start") is not None
        )
        self.speaker_starts = [s for s, _, _ in self.speaker_spans]
        self.cache: dict[tuple, dict[str, float]] = {}
        contents = sorted((q.start, q.end) for q in quotes or ())
        self.content_starts = [s for s, _ in contents]
        self.content_ends = [e for _, e in contents]

    def sentence(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos) - 1 if self.sent_starts else 0

    def entities_in(self, start: int, end: int) -> list[Span]:
        i = max(bisect_right(self.ent_starts, start) - 1, 0)
        out = []
        for e in self.ents[i:]:
            if e.start >= end:
                break
            if e.end > start:
                out.append(e)
        return out

    def prev_word(self, pos: int) -> str:
        i = pos
        while i > 0 and not self.text[i - 1].isalpha():
            i -= 1
            if pos - i > 3:
                return ""
        j = i
        while j > 0 and self.text[j - 1].isalpha():
            j -= 1
        return norm(self.text[j:i]) if j < i else ""

    def in_quoted_content(self, start: int, end: int) -> bool:
        """[start, end) lies inside what a quote reports (a name said, not a speaker)."""
        i = bisect_right(self.content_starts, start) - 1
        # contents nest rarely and are few: look back a little for an enclosing one
        return any(self.content_ends[j] >= end for j in range(i, max(i - 3, -1), -1))

    def speaks_elsewhere(self, start: int, end: int, quote_start: int) -> bool:
        """The rules made [start, end) the speaker of a quote other than this one."""
        i = bisect_right(self.speaker_starts, start - MAX_SPEAKER_CHARS)
        for s, e, q in self.speaker_spans[i:]:
            if s >= end:
                break
            if e > start and q != quote_start:
                return True
        return False

    def next_word(self, pos: int) -> str:
        i = pos
        while i < len(self.text) and not self.text[i].isalpha():
            i += 1
            if i - pos > 3:
                return ""
        j = i
        while j < len(self.text) and self.text[j].isalpha():
            j += 1
        return norm(self.text[i:j]) if i < j else ""


def log_scale(x: float) -> float:
    return math.log1p(max(x, 0.0))


def candidates(ctx: QuoteContext, sp: Span) -> list[Candidate]:
    """The rules' speaker and the actors named from two sentences before the quote to the
    end of its sentence, outside the quote itself."""
    a = sp.attrs
    rs, re_ = a.get("speaker_start"), a.get("speaker_end")
    if rs is None and a.get("type") == "partial":
        # a scare quote or a term with no one saying it: naming someone here lost more
        # than it found in the held-out runs
        return []
    ms, me = a.get("speaker_mention_start"), a.get("speaker_mention_end")
    q_sent = ctx.sentence(sp.start)
    lo_sent = max(q_sent - SENTENCES_BACK, 0)
    lo = ctx.sent_starts[lo_sent] if ctx.sent_starts else 0
    hi_sent = ctx.sentence(max(sp.end - 1, sp.start))
    hi = ctx.sent_starts[hi_sent + 1] if hi_sent + 1 < len(ctx.sent_starts) else len(ctx.text)
    if rs is not None:
        lo = min(lo, rs)
    out: list[Candidate] = []
    for e in ctx.entities_in(lo, hi):
        if e.label not in _ACTORS or (sp.start <= e.start and e.end <= sp.end):
            continue
        chosen = rs is not None and e.start < re_ and rs < e.end
        chosen = chosen or (ms is not None and e.start < me and ms < e.end)
        out.append(Candidate(e.start, e.end, e.label, chosen))
    if rs is not None and not any(c.rule for c in out):
        out.append(Candidate(rs, re_, "", True))
    return out


def candidate_features(
    ctx: QuoteContext, sp: Span, cands: list[Candidate]
) -> list[dict[str, float]]:
    a = sp.attrs
    vs = a.get("verb_start")
    anchor = vs if vs is not None else sp.start
    q_sent = ctx.sentence(sp.start)
    before = sorted((c for c in cands if c.end <= anchor), key=lambda c: -c.end)
    nearest_before = before[0] if before else None
    rule = next((c for c in cands if c.rule), None)
    # the rules took a speaker from earlier text (the running speaker), not the verb's own
    rule_far = rule is not None and (
        ctx.sentence(rule.start) != ctx.sentence(anchor) or anchor - rule.end > FAR_CHARS
    )
    out = []
    for c in cands:
        f = dict(_static_features(ctx, c))
        if rule is None:
            f["rules_none"] = 1.0
        elif c.rule:
            f["rule"] = 1.0
            f["rule_via_mention"] = float(a.get("speaker_mention") is not None)
            f["rule_far"] = float(rule_far)
        elif rule_far and c is nearest_before:
            f["nearer_than_far_rule"] = float(c.start > rule.end)
        gap = q_sent - ctx.sentence(c.start)
        f["same_sentence"] = float(gap == 0)
        f["prev_sentence"] = float(gap == 1)
        f["two_back"] = float(gap >= 2)
        f["after_quote"] = float(c.start >= sp.end)
        if c.end <= anchor:
            f["before_verb"] = 1.0
            f["dist_verb"] = log_scale((anchor - c.end) / 10)
            f["nearest_before"] = float(c is nearest_before)
        elif c.start < sp.start:
            f["verb_to_quote"] = 1.0
            f["dist_verb"] = log_scale((c.start - anchor) / 10)
            f["right_after_verb"] = float(vs is not None and c.start - a["verb_end"] <= 2)
        if ctx.speaks_elsewhere(c.start, c.end, sp.start):
            f["speaks_elsewhere"] = 1.0
        out.append(f)
    return out


def _static_features(ctx: QuoteContext, c: Candidate) -> dict[str, float]:
    """What a candidate's own words and neighbours say, whatever the quote (cached)."""
    key = (c.start, c.end, c.label)
    f = ctx.cache.get(key)
    if f is not None:
        return f
    f = {"bias_" + (c.label or "none"): 1.0}
    prev = ctx.prev_word(c.start)
    if prev:
        cls = word_classes(prev) | word_classes(strip_article(prev))
        if "adjunct_prep" in cls or prev in _PREPOSITIONS:
            f["after_preposition"] = 1.0
        if "naming_verb" in cls:
            f["after_naming"] = 1.0
        if prev in _RELATIVE:
            f["after_relative"] = 1.0
    if ctx.in_quoted_content(c.start, c.end):
        f["in_quoted_content"] = 1.0
    if ctx.next_word(c.end) in _RELATIVE:
        f["before_relative"] = 1.0
    f["words"] = log_scale(ctx.text.count(" ", c.start, c.end) + 1)
    ctx.cache[key] = f
    return f


def choose(model: dict[str, Any], ctx: QuoteContext, sp: Span) -> tuple[Candidate, float] | None:
    """The best-scoring candidate and its probability, or None when there is none."""
    cands = candidates(ctx, sp)
    if not cands:
        return None
    feats = candidate_features(ctx, sp, cands)
    scored = [(probability(model, f), i) for i, f in enumerate(feats)]
    p, i = max(scored)
    return cands[i], p


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


def attribute_speakers(
    article: Article, spans: list[Span], weights: dict[str, Any] | None = None
) -> list[Span]:
    """Re-choose the speaker of each rule-found quote (see the module docstring)."""
    weights = weights if weights is not None else load_weights()
    if not weights or not spans:
        return spans
    ctx = QuoteContext(article, spans)
    for sp in spans:
        best = choose(weights["speaker"], ctx, sp)
        if best is not None:
            _set_speaker(article, sp, *best, weights["speaker_threshold"])
    return spans


def _set_speaker(article: Article, sp: Span, cand: Candidate, p: float, threshold: float) -> None:
    a = sp.attrs
    a["speaker_confidence"] = round(p, 3)
    chosen: Candidate | None = cand
    if p < threshold:
        a["speaker_guess"] = article.text[cand.start : cand.end]
        chosen = None
    elif cand.rule:
        return
    for key in ("speaker_mention", "speaker_mention_start", "speaker_mention_end"):
        a.pop(key, None)
    a["speaker"] = article.text[chosen.start : chosen.end] if chosen else None
    a["speaker_start"] = chosen.start if chosen else None
    a["speaker_end"] = chosen.end if chosen else None
    a["speaker_entity_id"] = entity_for(article, chosen.start, chosen.end) if chosen else None
