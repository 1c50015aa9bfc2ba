"""Byte decoding for Arabic news text: UTF-8/16 with or without BOM, Windows-1256, ISO-8859-6.

`decode_bytes` never guesses silently between Arabic legacy code pages: it picks the one whose
decoding yields the larger share of Arabic letters, and refuses binary data with a clear error.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["BinaryInputError", "decode_bytes", "looks_binary", "normalize_newlines"]

# How much of the input the statistical checks look at; enough for a stable verdict, cheap on
# huge inputs.
_SAMPLE = 64 * 1024

# Control characters allowed in text (tab, newline, vertical tab, form feed, carriage return).
_TEXT_CONTROLS = {9, 10, 11, 12, 13}
_BAD_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
# The same after decoding, plus the C1 controls (U+0080-U+009F).
_AL_RE = re.compile("\u0627\u0644")
_ARABIC_LETTERS = "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff"
_ARABIC_WORD_RE = re.compile(rf"(?<![^\W\d_])[{_ARABIC_LETTERS}]+(?![^\W\d_])")
_WORD_RE = re.compile(r"[^\W\d_]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class BinaryInputError(ValueError):
    """The bytes are not text in any supported encoding (NUL bytes, control characters...)."""


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (offsets downstream assume one character per line break)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _arabic_share(text: str) -> float:
    """Share of non-ASCII letters that are Arabic letters inside all-Arabic words.

    A wrong code page scatters Arabic letters into Latin words ("caf\u0649") or Latin accents
    into Arabic words, so only letters of words written wholly in Arabic count.
    """
    sample = text[:_SAMPLE]
    # Letters of words with any non-ASCII letter (word-level counting is much faster).
    high = sum(len(w) for w in _WORD_RE.findall(sample) if not w.isascii())
    if high <= 0:
        return 0.0
    arabic = sum(map(len, _ARABIC_WORD_RE.findall(sample)))
    return arabic / high


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = len(sample) - len(sample.translate(None, _BAD_CONTROLS))
    return bad / len(sample)


def looks_binary(data: bytes) -> bool:
    """True when the start of `data` has NUL bytes or many control characters.

    UTF-16 text also has NUL bytes, so callers should try `decode_bytes` (which detects UTF-16
    first) rather than calling this on raw input.
    """
    sample = data[:_SAMPLE]
    return b"\x00" in sample or _control_share(sample) > 0.01


def _plausible_share(text: str) -> float:
    """Share of characters that ordinary news text is made of."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            (32 <= o < 127)
            or o in _TEXT_CONTROLS
            or 0xA0 <= o < 0x250  # Latin-1 and Latin Extended
            or 0x600 <= o < 0x700  # Arabic
            or 0x750 <= o < 0x780  # Arabic Supplement
            or 0x2000 <= o < 0x2070  # general punctuation
            or 0xFB50 <= o <= 0xFEFF  # Arabic presentation forms
        ):
            good += 1
    return good / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the codec name if `data` looks like BOM-less UTF-16, else None.

    In UTF-16 text of Arabic or Latin script the high byte of nearly every code unit is 0x00
    (ASCII, spaces, digits) or 0x06 (Arabic), so one byte parity is dominated by those values.
    """
    sample = data[: _SAMPLE & ~1]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]

    def high_share(part: bytes) -> float:
        return (part.count(0) + part.count(6)) / len(part)

    for codec, high in (("utf-16-le", odd), ("utf-16-be", even)):
        if high_share(high) >= 0.6:
            try:
                text = sample.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible_share(text) >= 0.95:
                return codec
    return None


def _single_byte(data: bytes) -> tuple[str, str]:
    """Choose between Windows-1256, ISO-8859-6 and Windows-1252 for non-UTF-8 bytes."""
    candidates: list[tuple[float, str, str]] = []
    for codec in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue  # ISO-8859-6 leaves many bytes undefined: a strict failure rules it out
        # Alef-lam (the article and much else) is the commonest Arabic letter pair, and the
        # two code pages place lam differently, so its count separates them even on short
        # texts where both decodings look Arabic.
        al = len(_AL_RE.findall(text[:_SAMPLE]))
        candidates.append((al, _arabic_share(text), codec, text))
    if candidates:
        # Ties (e.g. no Arabic at all) go to cp1256, by far the more common of the two.
        _al, share, codec, text = max(candidates, key=lambda c: (c[0], c[1], c[2] == "cp1256"))
        if share >= 0.5:
            return text, codec
    # Not Arabic: a Western legacy code page decodes every byte and keeps Latin letters.
    return data.decode("cp1252", errors="replace"), "cp1252"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes and return `(text, encoding_name)` with newlines normalised to LF.

    Tries, in order: a BOM (UTF-8, UTF-32, UTF-16 LE/BE), BOM-less UTF-16, strict UTF-8, then the
    Arabic single-byte code pages (cp1256 vs ISO-8859-6, chosen by the share of Arabic letters
    among the non-ASCII letters), and finally cp1252. The BOM is not part of the text.

    Raises `BinaryInputError` when the data is binary (NUL bytes or control characters).
    """
    if data.startswith(codecs.BOM_UTF8):
        text, codec = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE
        text, codec = data.decode("utf-32", errors="replace"), "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = data[2:].decode(codec, errors="replace")
        codec = "utf-16"  # with BOM
    elif (codec16 := _utf16_without_bom(data)) is not None:
        text, codec = data.decode(codec16, errors="replace"), codec16
    else:
        if looks_binary(data):
            raise BinaryInputError(_binary_reason(data))
        try:
            text, codec = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            # A cut in the middle of a multi-byte character at the very end is still UTF-8.
            head = data[: exc.start]
            if (
                exc.reason == "unexpected end of data"
                and exc.start >= len(data) - 3
                and not head.isascii()  # the valid part already proves UTF-8
            ):
                text, codec = head.decode("utf-8"), "utf-8"  # drop the partial character
            else:
                text, codec = _single_byte(data)
    if _control_share_text(text[:_SAMPLE]) > 0.01:
        raise BinaryInputError(_binary_reason(data))
    return normalize_newlines(text), codec


def _control_share_text(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


def _binary_reason(data: bytes) -> str:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return "binary data (NUL bytes), not text"
    return f"binary data ({_control_share(sample):.0%} control characters), not text"
