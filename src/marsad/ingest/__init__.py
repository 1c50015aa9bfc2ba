"""Ingestion: files, directories and uploads in any supported format become `Article`s.

Formats: plain text (`.txt`, any Arabic/Unicode encoding), HTML (`.html`/`.htm`, via
trafilatura), JSON Lines (`.jsonl`, streamed), JSON (`.json`), RSS/Atom (`.rss`, `.atom`,
`.xml`). Files with other extensions are sniffed. Every bad input becomes an `InputError` with
its path and a reason; nothing raises out of `read_paths` or `read_bytes` for bad input.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.model import Article, InputError

from .dates import normalize_date
from .decode import BinaryInputError, decode_bytes
from .feed import is_feed, parse_feed
from .html import html_to_text, parse_html
from .jsonl import iter_jsonl, parse_json_document
from .text import guess_language, read_text_bytes

__all__ = [
    "FORMATS",
    "decode_bytes",
    "guess_language",
    "html_to_text",
    "normalize_date",
    "read_bytes",
    "read_paths",
    "sniff_format",
]

log = logging.getLogger(__name__)

# Extension -> format; anything else is sniffed from its first bytes.
_EXT_FORMAT = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
}
# Accepted values of the `fmt` argument ("rss"/"atom" are aliases of "feed").
FORMATS = frozenset({"txt", "html", "jsonl", "json", "feed", "rss", "atom", "xml"})
_SNIFF_BYTES = 8192
_HTML_HINT = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|p|div|meta|title|h[1-6]|br|span|table)\b", re.I
)


def sniff_format(head: bytes) -> str:
    """Guess the format from the first bytes: "feed", "html", "jsonl", "json", "txt", or
    "binary"."""
    if is_feed(head):
        return "feed"
    try:
        text = decode_bytes(head)[0]
    except BinaryInputError:
        return "binary"
    if is_feed(text.encode("utf-8")):  # e.g. a UTF-16 feed
        return "feed"
    stripped = text.lstrip("\ufeff \t\n")
    if stripped.startswith("<") and _HTML_HINT.search(stripped[:4096]):
        return "html"
    if stripped.startswith("{"):
        first, newline, _ = stripped.partition("\n")
        if not newline or first.strip() == "{":
            # A line longer than the sniffed head, or a pretty-printed object.
            return "jsonl" if not newline else "json"
        try:
            return "jsonl" if isinstance(json.loads(first), dict) else "txt"
        except (ValueError, RecursionError):
            return "txt"  # prose that happens to start with a brace
    if stripped.startswith("["):
        return "json"
    if _HTML_HINT.search(stripped[:1024]) and stripped.count("<") >= 3:
        return "html"  # markup after some leading junk
    return "txt"


def _resolve_format(fmt: str | None, name: str, head: bytes) -> str:
    """The explicit `fmt` if valid, else the extension's format, else a sniffed one."""
    chosen = None
    if fmt:
        fmt = fmt.lower().lstrip(".")
        fmt = {"rss": "feed", "atom": "feed", "htm": "html", "text": "txt"}.get(fmt, fmt)
        chosen = fmt if fmt in FORMATS else None
    chosen = chosen or _EXT_FORMAT.get(Path(name).suffix.lower()) or sniff_format(head)
    if chosen == "xml":  # generic XML: a feed, XHTML, or something we cannot read
        sniffed = sniff_format(head)
        return sniffed if sniffed in ("feed", "html", "binary") else "xml"
    return chosen


def _parse_whole(data: bytes, *, fmt: str, name: str, stem: str) -> list[Article | InputError]:
    """Parse an in-memory document of a resolved format."""
    if fmt == "binary":
        try:
            decode_bytes(data[:_SNIFF_BYTES])
        except BinaryInputError as exc:
            return [InputError(name, str(exc))]
        fmt = "txt"
    if fmt == "txt":
        try:
            article = read_text_bytes(data, id=stem, path=name)
        except BinaryInputError as exc:
            return [InputError(name, str(exc))]
        if not article.raw.strip():
            return [InputError(name, "empty file (whitespace only)")]
        return [article]
    if fmt == "html":
        return [parse_html(data, id=stem, path=name)]
    if fmt == "feed":
        return parse_feed(data, name=name, path=name)
    if fmt == "json":
        return parse_json_document(data, name=name)
    if fmt == "jsonl":
        return list(iter_jsonl(io.BytesIO(data), name=name))
    if fmt == "xml":
        return [InputError(name, "XML document that is neither an RSS/Atom feed nor HTML")]
    return [InputError(name, f"unsupported format {fmt!r}")]


def read_bytes(
    data: bytes,
    *,
    name: str,
    fmt: str | None = None,
    max_file_bytes: int | None = 20_000_000,
    max_line_bytes: int = 5_000_000,
) -> list[Article | InputError]:
    """Parse an uploaded document. `name` gives the id (its stem), the error path and, without
    `fmt`, the format by extension; unknown extensions are sniffed."""
    try:
        if not data:
            return [InputError(name, "empty file")]
        resolved = _resolve_format(fmt, name, data[:_SNIFF_BYTES])
        if resolved == "jsonl":
            return list(iter_jsonl(io.BytesIO(data), name=name, max_line_bytes=max_line_bytes))
        if max_file_bytes is not None and len(data) > max_file_bytes:
            return [_too_large(name, len(data), max_file_bytes)]
        return _parse_whole(data, fmt=resolved, name=name, stem=Path(name).stem or name)
    except Exception as exc:  # last resort: one bad upload must not take the caller down
        log.exception("ingest failed on %s", name)
        return [InputError(name, f"internal error: {type(exc).__name__}: {exc}")]


def _too_large(name: str, size: int, limit: int) -> InputError:
    return InputError(name, f"file too large ({size} bytes, limit {limit} bytes)")


def _walk(root: Path, seen: set[Path]) -> Iterator[Path | InputError]:
    """Files under `root` in sorted order, recursively, skipping hidden entries."""
    try:
        real = root.resolve()
        if real in seen:  # a symlink loop
            return
        seen.add(real)
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(root), f"unreadable directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield path


def _read_file(
    path: Path, *, max_file_bytes: int, max_line_bytes: int
) -> Iterator[Article | InputError]:
    name = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            yield InputError(name, "not a regular file")
            return
        if size == 0:
            yield InputError(name, "empty file")
            return
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
            fmt = _resolve_format(None, name, head)
            if fmt == "jsonl":  # streamed: only the per-line limit applies
                fh.seek(0)
                yield from iter_jsonl(fh, name=name, max_line_bytes=max_line_bytes)
                return
            if size > max_file_bytes:
                yield _too_large(name, size, max_file_bytes)
                return
            data = head + fh.read()
    except FileNotFoundError:
        yield InputError(name, "no such file or directory")
        return
    except PermissionError:
        yield InputError(name, "permission denied")
        return
    except OSError as exc:
        yield InputError(name, f"unreadable file: {exc.strerror or exc}")
        return
    yield from _parse_whole(data, fmt=fmt, name=name, stem=path.stem or name)


def _unique_id(item: Article, seen: set[str]) -> None:
    """Keep ids unique within a run: a repeated id gets a suffix hashed from its path, which
    is stable across runs over the same inputs."""
    if item.id in seen:
        suffix = hashlib.sha1((item.path or item.raw).encode("utf-8")).hexdigest()[:8]
        item.id = f"{item.id}-{suffix}"
    seen.add(item.id)


def read_paths(
    paths: Iterable[str | Path],
    *,
    max_file_bytes: int = 20_000_000,
    max_line_bytes: int = 5_000_000,
) -> Iterator[Article | InputError]:
    """Yield an `Article` per document and an `InputError` per bad input, lazily.

    Directories are read recursively in sorted order, skipping hidden entries. Ids are file
    stems (txt, html), record ids or content hashes (JSONL), guid/link hashes (feeds); an id
    already yielded in this run gets a path-hash suffix.
    """
    if isinstance(paths, str | Path):  # one path, not an iterable of characters
        paths = [paths]
    seen_ids: set[str] = set()
    seen_dirs: set[Path] = set()
    for given in paths:
        try:
            if not str(given).strip() or not isinstance(given, str | Path):
                raise TypeError
            root = Path(given)
        except (TypeError, ValueError):
            yield InputError(repr(given), "not a path")
            continue
        try:
            if root.is_dir():
                files: Iterable[Path | InputError] = _walk(root, seen_dirs)
            elif root.exists() or root.is_symlink():
                files = [root]
            else:
                yield InputError(str(given), "no such file or directory")
                continue
        except OSError as exc:
            yield InputError(str(given), f"unreadable path: {exc}")
            continue
        for file in files:
            if isinstance(file, InputError):
                yield file
                continue
            try:
                for item in _read_file(
                    file, max_file_bytes=max_file_bytes, max_line_bytes=max_line_bytes
                ):
                    if isinstance(item, Article):
                        _unique_id(item, seen_ids)
                    yield item
            except Exception as exc:  # last resort: one bad file must not end the batch
                log.exception("ingest failed on %s", file)
                yield InputError(str(file), f"internal error: {type(exc).__name__}: {exc}")
