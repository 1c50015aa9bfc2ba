"""Arabic temporal expressions: detection, normalisation, publication dates and timelines.

`find_temporal` finds date, duration, clock and set expressions with offsets into the original
text and resolves dates against the publication date; `annotate_dates` fills an article's `date`
layer (inferring a missing publication date first); `build_timeline` orders a story's events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from marsad.model import DATE, Article, Span

# Aliased so the submodules marsad.time.detect / .resolve stay reachable as attributes.
from marsad.time.detect import detect as _detect
from marsad.time.infer import infer_from_mentions, parse_iso
from marsad.time.resolve import resolve as _resolve
from marsad.time.timeline import build_timeline

__all__ = [
    "annotate_dates",
    "build_timeline",
    "find_temporal",
    "infer_publication_date",
    "read_dates",
]


def find_temporal(text: str, published: date | None) -> list[Span]:
    """Temporal spans in `text` (labels date, duration, clock, set) resolved against `published`.

    Date spans carry attrs `value` (YYYY-MM-DD | YYYY-MM | YYYY | None), `interval` ([start, end]
    ISO, when the expression covers a stretch), `kind` and `confidence`.
    """
    if not isinstance(text, str):
        return []
    mentions, _, _ = _detect(text)
    return [Span(m.start, m.end, m.label, _attrs(m, published)) for m in mentions]


def infer_publication_date(
    article: Article, siblings: Iterable[Any] = ()
) -> tuple[date | None, float]:
    """Publication date inferred from the article's text and from sibling articles' dates.

    `siblings` holds other articles of the same story (their `published`) or plain dates.
    Returns (date or None, confidence in [0, 1]).
    """
    mentions, _, _ = _detect(article.text or article.raw or "")
    return infer_from_mentions(mentions, siblings)


def read_dates(
    text: str, siblings: Iterable[Any] = (), fallback: date | None = None
) -> tuple[date | None, list[Span]]:
    """(publication date, temporal spans resolved against it) for a text whose publication
    date is unknown: inferred from the text and `siblings` (as `infer_publication_date`), else
    `fallback`. The text is read once, where `infer_publication_date` + `find_temporal` would
    read it twice."""
    mentions, _, _ = _detect(text if isinstance(text, str) else "")
    pub, _ = infer_from_mentions(mentions, siblings)
    pub = pub or fallback
    return pub, [Span(m.start, m.end, m.label, _attrs(m, pub)) for m in mentions]


def annotate_dates(article: Article, siblings: Iterable[Any] = ()) -> Article:
    """Set `article.layers["date"]` (all temporal spans; the label tells dates from durations,
    clocks and sets). A missing publication date is inferred first and stored with
    `published_inferred=True` and its confidence."""
    text = article.text or ""
    mentions, _, _ = _detect(text)
    pub = parse_iso(article.published)
    if pub is None:
        pub, conf = infer_from_mentions(mentions, siblings)
        if pub is not None:
            article.published = pub.isoformat()
            article.published_inferred = True
            article.published_confidence = conf
    article.set_layer(DATE, [Span(m.start, m.end, m.label, _attrs(m, pub)) for m in mentions])
    return article


def _attrs(mention: Any, published: date | None) -> dict[str, Any]:
    """Resolved attributes, plus whether the value leans on the publication date (no year
    written: "أمس الجمعة", "20 أيلول"), which an inferred publication date makes an estimate."""
    attrs = _resolve(mention, published)
    if mention.label == "date":
        g = mention.groups
        attrs["anchored"] = not any(g.get(k) for k in ("year", "y", "y2"))
    return attrs
