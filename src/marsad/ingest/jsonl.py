"""JSON Lines (one article per line, streamed) and JSON documents (an object or an array).

A record has `id`, `text` or `html`, and optionally `source`, `url`, `title`, `author`,
`published`. Bad records become `InputError`s naming their line (`file.jsonl:7`) and the batch
goes on.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from marsad.model import Article, InputError, content_hash

from .dates import normalize_date
from .decode import BinaryInputError, decode_bytes
from .html import parse_html
from .text import guess_language

__all__ = ["iter_jsonl", "parse_json_document", "record_to_article"]

_OPTIONAL_STR = ("source", "url", "title", "author")
_SKIP_CHUNK = 1 << 20


def record_to_article(obj: Any, *, where: str) -> Article | InputError:
    """Turn one decoded JSON record into an `Article`, or an `InputError` saying what is wrong."""
    if not isinstance(obj, dict):
        return InputError(where, f"expected a JSON object, got {type(obj).__name__}")
    rid = obj.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, str | int)):
        return InputError(where, f"field 'id' must be a string, got {type(rid).__name__}")
    for key in ("text", "html", *_OPTIONAL_STR):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return InputError(where, f"field '{key}' must be a string, got {type(value).__name__}")
    published = obj.get("published")
    if published is not None and (
        isinstance(published, bool) or not isinstance(published, str | int | float)
    ):
        return InputError(
            where, f"field 'published' must be a string or number, got {type(published).__name__}"
        )
    text = obj.get("text") or ""
    html = obj.get("html") or ""
    if not text.strip() and not html.strip():
        return InputError(where, "record has no 'text' or 'html'")

    fields = {k: (" ".join(obj[k].split()) or None) for k in _OPTIONAL_STR if obj.get(k)}
    if text.strip():
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        article = Article(id="", raw=text, fmt="jsonl", language=guess_language(text))
    else:
        parsed = parse_html(html, id="", path=where, url=fields.get("url"), fmt="jsonl")
        if isinstance(parsed, InputError):
            return parsed
        article = parsed
    # Explicit record fields win over what was extracted from the HTML.
    for key, value in fields.items():
        setattr(article, key, value)
    if published is not None:
        article.published = normalize_date(published)
    rid_str = str(rid).strip() if rid is not None else ""
    article.id = rid_str or content_hash(article.raw)[:16]
    article.path = where
    return article


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw)[0]  # a legacy-encoded line; raises on binary


def iter_jsonl(
    stream: IO[bytes], *, name: str, max_line_bytes: int = 5_000_000
) -> Iterator[Article | InputError]:
    """Stream records from a binary JSONL stream, one line in memory at a time."""
    lineno = 0
    while True:
        try:
            raw = stream.readline(max_line_bytes + 1)
        except OSError as exc:
            yield InputError(f"{name}:{lineno + 1}", f"read error: {exc}")
            return
        if not raw:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                raw = stream.readline(_SKIP_CHUNK)
                size += len(raw)
            yield InputError(where, f"line too long ({size} bytes, limit {max_line_bytes})")
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            obj = json.loads(_decode_line(raw))
        except BinaryInputError as exc:
            yield InputError(where, str(exc))
            continue
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:
            yield InputError(where, f"invalid JSON: {exc}")
            continue
        yield record_to_article(obj, where=where)


def parse_json_document(data: bytes, *, name: str) -> list[Article | InputError]:
    """A `.json` file: one record, or an array of records (named `file.json[0]`...).

    A file that does not parse as one JSON document is read as JSON Lines.
    """
    try:
        text = decode_bytes(data)[0]
    except BinaryInputError as exc:
        return [InputError(name, str(exc))]
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return list(iter_jsonl(io.BytesIO(text.encode("utf-8")), name=name))
    if isinstance(obj, list):
        return [record_to_article(item, where=f"{name}[{i}]") for i, item in enumerate(obj)]
    return [record_to_article(obj, where=name)]
