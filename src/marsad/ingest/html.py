"""HTML pages: main text and metadata via trafilatura, with an lxml fallback for broken pages."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
import trafilatura
from lxml import etree

from marsad.model import Article, InputError

from .dates import normalize_date
from .decode import BinaryInputError, decode_bytes, looks_binary, normalize_newlines
from .text import guess_language

__all__ = ["decode_html", "html_to_text", "parse_html"]

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Elements whose text is never article body.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "header",
    "aside",
    "form",
    "button",
    "select",
    "svg",
    "iframe",
    "head",
)
# Elements that end a line (paragraph breaks are kept as newlines).
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "main",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "address",
        "hr",
        "td",
        "th",
    ]
)
# Pages whose text is shorter than this after all fallbacks carry nothing usable.
_MIN_TEXT_CHARS = 20


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: the declared `<meta charset>` wins if valid, else `decode_bytes`.

    Raises `BinaryInputError` for binary data.
    """
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _META_CHARSET.search(data[:4096])
        if m and not looks_binary(data):
            name = m.group(1).decode("ascii", "replace").lower()
            try:
                codec = codecs.lookup(name).name
                if codec.startswith("utf-16"):  # a UTF-16 page would not be readable bytes here
                    raise LookupError(name)
                return normalize_newlines(data.decode(codec))
            except (LookupError, UnicodeDecodeError):
                pass  # wrong or unknown declaration: sniff instead
    return decode_bytes(data)[0]


def _block_text(root: lxml.html.HtmlElement) -> str:
    """Visible text of `root` with one line per block element."""
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent
        else:
            el.clear()
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if event == "end" and el.tail:
                parts.append(el.tail)
            continue
        tag = el.tag.lower()
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment or page (no boilerplate removal), blocks on own lines."""
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:
        return "\n".join(" ".join(line.split()) for line in markup.splitlines() if line.strip())
    try:
        root = lxml.html.fromstring(_XML_DECL.sub("", markup))
    except (etree.ParserError, ValueError, TypeError):
        return ""
    return _block_text(root)


def _drop_title_line(text: str, title: str | None) -> str:
    """The page headline is metadata (`title`); do not repeat it as the first body line."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()) == " ".join(title.split()) and rest.strip():
        return rest
    return text


def parse_html(
    data: bytes | str, *, id: str, path: str | None, url: str | None = None, fmt: str = "html"
) -> Article | InputError:
    """Extract the main text and metadata of one HTML page.

    trafilatura does the extraction; when it finds nothing (tiny or broken pages) the visible
    text of the page is used instead. Returns an `InputError` when no usable text remains.
    """
    where = path or id
    if isinstance(data, bytes):
        try:
            markup = decode_html(data)
        except BinaryInputError as exc:
            return InputError(where, str(exc))
    else:
        markup = normalize_newlines(data)
    markup = _XML_DECL.sub("", markup)
    if not markup.strip():
        return InputError(where, "empty file")

    doc = None
    try:
        doc = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # third-party parser on arbitrary input: fall back, never crash
        log.debug("trafilatura failed on %s: %s", where, exc)
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    if not text:
        text = html_to_text(markup)
        if not meta:
            meta = _metadata_only(markup, url)
    title = _clean(meta.get("title"))
    text = _drop_title_line(normalize_newlines(text), title).strip()
    if len(text) < _MIN_TEXT_CHARS:
        return InputError(where, "no extractable text in HTML page")
    return Article(
        id=id,
        raw=text,
        source=_clean(meta.get("sitename")) or _clean(meta.get("hostname")),
        url=_clean(meta.get("url")) or url,
        title=title,
        author=_clean(meta.get("author")),
        published=normalize_date(meta.get("date")),
        language=guess_language(text),
        path=path,
        fmt=fmt,
    )


def _metadata_only(markup: str, url: str | None) -> dict:
    """Metadata of a page whose body trafilatura could not extract."""
    try:
        tree = trafilatura.utils.load_html(markup)
        if tree is None:
            return {}
        doc = trafilatura.metadata.extract_metadata(tree, default_url=url)
        return doc.as_dict() if doc is not None else {}
    except Exception as exc:  # metadata is optional: a failure costs only metadata
        log.debug("metadata extraction failed: %s", exc)
        return {}


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
