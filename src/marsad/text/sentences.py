"""Rule-based sentence splitter for Arabic news text, with offsets into the original text.

Cuts at `.` `!` `?` `؟` `…` (and runs of them), plus trailing closing quotes/brackets,
and at line breaks; never at `،` `؛` `:`. Decisions:
- Exactly two dots (`قره باغ.. أذربيجان تعلن`) join the two halves of a headline:
  no cut. Three dots or `…` followed by whitespace cut.
- A period after an abbreviation from `data/abbreviations.txt`, a Latin initial
  (`U.S.`) or a Latin letter spelt in Arabic before another one (`بي. بي. سي`) does
  not cut, nor a period after a list number at the start of a line (`1.`).
- A period glued between two Arabic words (`ومدني.تكبّد`) cuts when the left word has
  at least three letters and the right one at least two (so `أ.ف.ب` stays whole).
- Inside a double quotation that closes within `MAX_QUOTE` characters on the same
  paragraph, terminators do not cut; a quote mark with no partner in reach is ignored,
  so an unbalanced quote never swallows the rest of the article.
- Line breaks: in one-paragraph-per-line text (the scraped seeds) every line break cuts.
  In hard-wrapped text (EASC: lines of ~75 characters broken mid-sentence) a single line
  break cuts only after a short line (end of paragraph) or before a bullet/list line.
  Blank lines always cut.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from marsad.model import Span
from marsad.resources import data_rows
from marsad.text.normalize import normalize, normalize_word

SENTENCE_LABEL = "sentence"
MAX_QUOTE = 300  # a quotation longer than this is treated as unbalanced

_CLOSERS = "\"'”’»›)\\]}〞＂″"
# Terminator run, closing quotes/brackets, then whitespace or end of text.
# Matches only from the start of a run and is possessive, so long runs stay linear; the
# leading character class (no lookbehind first) lets the regex engine scan fast.
_CAND_RE = re.compile(rf"([.!?؟…](?<![.!?؟…][.!?؟…])[.!?؟…]*+)[{re.escape(_CLOSERS)}]*+(?=\s|$)")
# A period glued to the next Arabic word (`ومدني.تكبّد`, `التعلم .هناك`).
_GLUED_RE = re.compile(
    r"\.(?=[\u0621-\u064a]{2})"
    r"(?:(?<=[\u0621-\u064a]{3}\.)|(?<=[\u0621-\u064a]{3}[ \t]\.))"
)
_ALNUM_RE = re.compile(r"[^\W_]")
_LAST_CHUNK_RE = re.compile(r"([^\s(\[«“”\"'‘’]+)$")
_LATIN_INITIALS_RE = re.compile(r"(?:[A-Z]\.)*[A-Z]$")
_NEXT_WORD_RE = re.compile(r"\s*([^\s.]+)")
_LETTER_WORDS = frozenset(normalize_word(w) for w in ("إن", "أن", "أو"))
_LIST_NUMBER_RE = re.compile(r"(?:^|\n)[ \t]*\d{1,3}$")
_PREV_NUMBER_RE = re.compile(r"\d[\s\u00a0]*$")
# Double quote marks: « opens, » closes, the rest toggle (outlets use ” as an opener too).
_QUOTE_RE = re.compile(r"[\"“”„‟«»〝〞＂″]")
_BULLET_RE = re.compile(r"[ \t]*(?:[-–—•·*▪◦●■►✓]|\d{1,3}[.)\-](?:\s|$))")
_TERMINATORS = ".!?؟…:"  # a line ending with one of these is complete (":" heads a list)


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Normalised abbreviation (without final period) -> kind (`prefix` or `suffix`)."""
    out: dict[str, str] = {}
    for row in data_rows("abbreviations.txt"):
        out[normalize(row[0])] = (row[1] if len(row) > 1 else "") or "prefix"
    return out


@lru_cache(maxsize=1)
def letter_names() -> frozenset[str]:
    """Normalised Latin letter names as Arabic spells them in acronyms (data/letter_names.txt)."""
    return frozenset(normalize_word(r[0]) for r in data_rows("letter_names.txt"))


def _period_cuts(text: str, p: int) -> bool:
    """Whether a single period at `p` (followed by whitespace) ends a sentence."""
    before = text[max(0, p - 30) : p]
    m = _LAST_CHUNK_RE.search(before)
    if not m:
        return True
    chunk = m.group(1)
    if _LATIN_INITIALS_RE.fullmatch(chunk):
        return False
    if normalize_word(chunk) in letter_names():
        nxt = _NEXT_WORD_RE.match(text, p + 1)
        following = normalize_word(nxt.group(1)) if nxt else ""
        # "سي إن إن. إن الوضع …": a letter that is also أن/إن/أو opens the next sentence
        if following in letter_names() and following not in _LETTER_WORDS:
            return False  # "وكالة بي. تي. ايه": an acronym spelt out in Arabic letters
    kind = abbreviations().get(normalize_word(chunk))
    if kind == "prefix":
        return False
    if kind == "suffix":
        # `1770 م.` ends a sentence; `م. أحمد` (engineer) does not.
        return bool(_PREV_NUMBER_RE.search(before[: m.start()]))
    # "1." as a list marker at the start of a line does not end a sentence.
    return not (chunk.isdigit() and _LIST_NUMBER_RE.search(before))


def _is_hard_wrapped(lengths: list[int], ends: list[bool]) -> tuple[bool, int]:
    """Detect fixed-width wrapping: most lines near one width, most of them unterminated.

    Returns (wrapped, width).
    """
    n = len(lengths)
    if n < 3:
        return False, 0
    ordered = sorted(lengths)
    width = ordered[int(0.9 * (n - 1))]
    if width > 200 or width < 30:
        return False, width
    full = [i for i, ln in enumerate(lengths) if ln >= 0.75 * width]
    if len(full) < 0.6 * n:
        return False, width
    open_full = sum(1 for i in full if not ends[i])
    return open_full >= 0.4 * len(full), width


def _line_cuts(text: str) -> list[int]:
    """Positions of the line breaks that end a sentence (also paragraph ends for quotes)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return []
    stripped = [ln.strip() for ln in lines]
    nonempty = [s for s in stripped if s]
    wrapped, width = _is_hard_wrapped(
        [len(s) for s in nonempty], [s[-1] in _TERMINATORS for s in nonempty]
    )
    cuts: list[int] = []
    pos = 0
    for i in range(len(lines) - 1):
        pos += len(lines[i])  # position of this "\n"
        cur, nxt = stripped[i], stripped[i + 1]
        if (
            not wrapped
            or not cur
            or not nxt
            or len(cur) < 0.75 * width
            or cur[-1] in _TERMINATORS
            or _BULLET_RE.match(lines[i + 1])
        ):
            cuts.append(pos)
        pos += 1
    return cuts


def _quote_spans(text: str, paras: list[int]) -> list[tuple[int, int]]:
    """Pair double quote marks into (open, close) ranges within a paragraph."""
    spans: list[tuple[int, int]] = []
    opened = -1
    for m in _QUOTE_RE.finditer(text):
        q = m.start()
        ch = text[q]
        if opened >= 0 and (
            q - opened > MAX_QUOTE or bisect_right(paras, q) != bisect_right(paras, opened)
        ):
            opened = -1  # partner out of reach: the old opener was unbalanced
        if ch == "«":
            opened = q
        elif opened < 0:
            if ch != "»":
                opened = q
        else:
            spans.append((opened, q))
            opened = -1
    return spans


def _inside_quote(spans: list[tuple[int, int]], opens: list[int], p: int, end: int) -> bool:
    i = bisect_right(opens, p) - 1
    return i >= 0 and spans[i][0] < p and end <= spans[i][1]


def split_sentences(text: str) -> list[Span]:
    """Split `text` into `sentence` spans trimmed of whitespace, covering all of its text."""
    if not text or text.isspace():
        return []
    cuts = _line_cuts(text)
    quotes = _quote_spans(text, sorted(cuts))
    opens = [o for o, _ in quotes]
    for m in _CAND_RE.finditer(text):
        run = m.group(1)
        p = m.start()
        if run == "..":
            continue
        if run == "." and not _period_cuts(text, p):
            continue
        if quotes and _inside_quote(quotes, opens, p, m.end()):
            continue
        cuts.append(m.end())
    for m in _GLUED_RE.finditer(text):
        p = m.start()
        if (not quotes or not _inside_quote(quotes, opens, p, p + 1)) and _period_cuts(text, p):
            cuts.append(p + 1)
    cuts.append(len(text))
    cuts.sort()

    out: list[Span] = []
    start = 0
    for cut in cuts:
        if cut <= start:
            continue
        seg = text[start:cut]
        left = len(seg) - len(seg.lstrip())
        right = len(seg.rstrip())
        if right > left:
            s, e = start + left, start + right
            piece = text[s:e]
            # A leftover with no letter or digit (a stray quote or dot) joins the
            # sentence before it on the same line.
            if out and not _ALNUM_RE.search(piece) and "\n" not in text[out[-1].end : s]:
                out[-1].end = e
            else:
                out.append(Span(s, e, SENTENCE_LABEL))
        start = cut
    return out
