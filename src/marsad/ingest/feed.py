"""RSS and Atom feeds via feedparser: every item becomes an article."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import feedparser

from marsad.model import Article, InputError, content_hash

from .dates import normalize_date
from .html import html_to_text
from .text import guess_language

__all__ = ["is_feed", "parse_feed"]

# The root element of a feed, after any XML declaration, comments, doctype or PIs.
_FEED_ROOT = re.compile(
    rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)\b",
    re.S | re.I,
)


def is_feed(head: bytes) -> bool:
    """True when the first bytes of a document open an RSS, Atom or RDF root element."""
    return _FEED_ROOT.match(head.lstrip(b"\xef\xbb\xbf")) is not None


def _item_text(entry: Any) -> str:
    """The longest of the item's content/summary bodies, as plain text."""
    bodies: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        if isinstance(content, dict) and content.get("value"):
            bodies.append((content["value"], content.get("type") or "text/html"))
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        bodies.append((entry["summary"], detail.get("type") or "text/html"))
    best = ""
    for value, kind in bodies:
        text = html_to_text(value) if "html" in kind else value.strip()
        if len(text) > len(best):
            best = text
    return best


def _item_id(entry: Any, text: str) -> str:
    """Stable id: the item's guid, else its link, else its text."""
    key = entry.get("id") or entry.get("link")
    if isinstance(key, str) and key.strip():
        return hashlib.sha1(key.strip().encode("utf-8")).hexdigest()[:16]
    return content_hash(text)[:16]


def parse_feed(data: bytes, *, name: str, path: str | None) -> list[Article | InputError]:
    """Parse an RSS/Atom document. A malformed feed still yields the items feedparser salvaged;
    one without any item gives a single `InputError`. Items without text are reported by index
    (`feed.rss:3`)."""
    where = path or name
    try:
        # A stream, never bytes or str: feedparser treats those as a URL or a filename.
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # third-party parser on arbitrary input
        return [InputError(where, f"unreadable feed: {exc}")]
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            return [InputError(where, f"malformed feed: {parsed.get('bozo_exception')}")]
        return [InputError(where, "feed has no items")]
    feed_title = (parsed.get("feed") or {}).get("title") or None
    out: list[Article | InputError] = []
    for i, entry in enumerate(entries, start=1):
        text = _item_text(entry)
        if not text:
            out.append(InputError(f"{where}:{i}", "feed item has no text"))
            continue
        # The written date first: feedparser's parsed tuple is shifted to UTC, which can move
        # the publisher's calendar day.
        published = normalize_date(entry.get("published") or entry.get("updated")) or (
            normalize_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        )
        title = " ".join((entry.get("title") or "").split()) or None
        out.append(
            Article(
                id=_item_id(entry, text),
                raw=text,
                source=" ".join(feed_title.split()) if feed_title else None,
                url=entry.get("link") or None,
                title=title,
                author=entry.get("author") or None,
                published=published,
                language=guess_language(text),
                path=f"{where}:{i}",
                fmt="feed",
            )
        )
    if parsed.get("bozo") and not any(isinstance(item, Article) for item in out):
        # Nothing salvaged: one error for the file says more than one per broken item.
        reason = f"malformed feed: {parsed.get('bozo_exception')}; no item with text"
        return [InputError(where, reason)]
    return out
