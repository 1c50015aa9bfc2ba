"""The baseline `marsad eval quotes` scores beside Marsad: quotation marks, reporting verbs
and the nearest name, as EMM-style quotation extraction works.

- a stretch in quotation marks is a quote: `partial` up to three words, else `direct`;
- a reporting verb (the same verb list Marsad uses) followed within six words by أن/إن/بأن
  reports the rest of its sentence as `indirect`;
- the speaker is a person or organisation the entity layer names in the same sentence:
  between the verb and أن, else the last one before the verb (or before the opening
  mark, else the first after the closing one); none otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from marsad.model import ENTITY, QUOTE, SENTENCE, Article, Span
from marsad.quotes.direct import pair_quotes
from marsad.quotes.lexicon import lookup_verb, norm

_WORD_RE = re.compile(r"\w+")
_COMPLEMENTISERS = frozenset({"ان", "بان", "انه", "انها", "بانه", "بانها"})
VERB_WINDOW = 6  # words between a reporting verb and its complementiser


def _sentence_bounds(article: Article) -> list[tuple[int, int]]:
    sents = article.layers.get(SENTENCE) or []
    return [(s.start, s.end) for s in sents] or [(0, len(article.text or ""))]


def _actor(article: Article, lo: int, hi: int, last: bool) -> Span | None:
    """The first (or last) person or organisation named within [lo, hi)."""
    actors = [
        e
        for e in article.layers.get(ENTITY) or ()
        if e.label in ("PER", "ORG") and lo <= e.start and e.end <= hi
    ]
    if not actors:
        return None
    return max(actors, key=lambda e: e.start) if last else min(actors, key=lambda e: e.start)


def _quote(article: Article, start: int, end: int, qtype: str, actor: Span | None) -> Span:
    text = article.text
    return Span(
        start,
        end,
        QUOTE,
        {
            "type": qtype,
            "speaker": text[actor.start : actor.end] if actor else None,
            "speaker_start": actor.start if actor else None,
            "speaker_end": actor.end if actor else None,
        },
    )


def baseline_quotes(article: Article) -> list[Span]:
    """Quotes by quotation marks, reporting verb + complementiser and the nearest name."""
    text = article.text or ""
    bounds = _sentence_bounds(article)
    starts = [s for s, _ in bounds]

    def sentence(pos: int) -> tuple[int, int]:
        return bounds[max(bisect_right(starts, pos) - 1, 0)]

    out: list[Span] = []
    for q in pair_quotes(text, [e for _, e in bounds]):
        words = len(text[q.start : q.end].split())
        kind = "partial" if words <= 3 else "direct"
        lo, hi = sentence(q.start)
        # the name before the opening mark in its sentence, else the first one after
        actor = _actor(article, lo, q.start, last=True) or _actor(article, q.end, hi, last=False)
        out.append(_quote(article, q.start, q.end, kind, actor))
    words = list(_WORD_RE.finditer(text))
    for i, m in enumerate(words):
        if lookup_verb(norm(m.group())) is None:
            continue
        sent = sentence(m.start())
        for w in words[i + 1 : i + 1 + VERB_WINDOW]:
            if w.start() >= sent[1]:
                break
            if norm(w.group()) in _COMPLEMENTISERS:
                end = sent[1]
                while end > w.end() and not text[end - 1].isalnum():
                    end -= 1
                if end > w.end() + 1:
                    # the verb's subject (a name between it and أن), else the last name before
                    actor = _actor(article, m.end(), w.start(), last=False) or _actor(
                        article, sent[0], m.start(), last=True
                    )
                    out.append(_quote(article, w.end() + 1, end, "indirect", actor))
                break
    out.sort(key=lambda s: (s.start, s.end))
    return out
