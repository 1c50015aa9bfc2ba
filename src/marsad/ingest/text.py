"""Plain-text articles and the cheap script-based language guess shared by all readers."""

from __future__ import annotations

import re

from marsad.model import Article

from .decode import decode_bytes

__all__ = ["guess_language", "article_from_text", "read_text_bytes"]

_ARABIC_RE = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Enough letters for a stable verdict without scanning a huge text.
_LANG_SAMPLE = 20_000


def guess_language(text: str) -> str:
    """Guess from the script of the letters: "ar", "en" (Latin script), "mixed" or "und".

    Latin script is reported as "en" because English is the only Latin-script language the
    pipeline handles; a text needs 80% of its letters in one script to be called by it.
    """
    sample = text[:_LANG_SAMPLE]
    arabic = len(_ARABIC_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    total = arabic + latin
    if total < 3:
        return "und"
    if arabic >= 0.8 * total:
        return "ar"
    if latin >= 0.8 * total:
        return "en"
    return "mixed"


def article_from_text(text: str, *, id: str, path: str | None, fmt: str = "txt") -> Article:
    """An `Article` whose raw text is `text` as decoded (kept unchanged for display)."""
    return Article(id=id, raw=text, path=path, fmt=fmt, language=guess_language(text))


def read_text_bytes(data: bytes, *, id: str, path: str | None) -> Article:
    """Decode a `.txt` payload. Raises `BinaryInputError` for binary data."""
    text, _encoding = decode_bytes(data)
    return article_from_text(text, id=id, path=path)
