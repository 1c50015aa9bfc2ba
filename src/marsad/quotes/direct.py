"""Quotation marks: pair them into quoted stretches, whatever style the outlet uses.

Arabic outlets mix styles: “…”, ”…“, ”…”, «…», "…", „…", and glue marks to words
(بـ”تسليم السلاح”, و”تطبيع”). Guillemets and „ have a fixed direction; every other mark
gets a direction from its neighbours (space before and a letter after opens, a letter
before and a space after closes) and otherwise toggles. A stack keeps nested quotes
(“حظيت "دوكونت" من …”). An opener with no partner closes at the end of its sentence,
so an unbalanced mark never swallows the rest of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from marsad.quotes.lexicon import lookup_verb, norm, word_classes

QUOTE_MARKS = '"“”„‟«»‹›＂〝〞'
_QUOTE_RE = re.compile(f"[{re.escape(QUOTE_MARKS)}]")
_OPEN_SIDE = set(" \t\n\r\u00a0([{:،,؛;-–—")  # what may stand before an opening mark
_CLOSE_SIDE = set(" \t\n\r\u00a0)]}.,،:؛;!?؟…-–—")  # what may stand after a closing mark
MAX_QUOTE_CHARS = 3000  # a partner farther than this is not a partner
MAX_REVERSED_CHARS = 300  # a reversed » … « pair is a short term
_GUILLEMET_RE = re.compile("[«»‹›]")
_PARA_BREAK_RE = re.compile(r"\n[ \t\u00a0]*\n")
_CLAUSE_START_RE = re.compile(r"[ \t\u00a0]*[.،,؛]")  # what no quotation starts with


@dataclass(slots=True)
class Quoted:
    """A quoted stretch: marks at `open` and `close` (close may be -1: unbalanced)."""

    open: int
    close: int
    start: int  # content start (after the mark and spaces)
    end: int  # content end (before the closing mark and spaces)
    depth: int = 0
    balanced: bool = True

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


# a doubled apostrophe, away from Latin letters
_DOUBLE_APOSTROPHE_RE = re.compile("(?<![A-Za-z])' ?'(?![A-Za-z])")
# a single apostrophe with a space on a side, away from Latin letters
_SINGLE_APOSTROPHE_RE = re.compile("(?<![A-Za-z])(?:(?<=\\s)'|'(?=\\s))(?![A-Za-z])")
MAX_APOSTROPHE_QUOTE = 600  # characters between two single apostrophes that pair


def mask_apostrophe_quotes(text: str) -> str:
    """The same text with an apostrophe used as a quotation mark ("قال فيرجسون ' ' لقد …",
    "''…''", "وأضاف فيشمان ' من خلف … '": how ASCII tools and some feeds write “”) replaced
    by `"` and spaces, so the offsets stay the same and the pairing reads it as one mark.
    Single apostrophes count only in pairs on one line, so a stray one (a foot mark, a typo)
    opens nothing; an apostrophe inside a Latin word (Qur'an) is left alone."""
    if "'" not in text:
        return text
    text = _DOUBLE_APOSTROPHE_RE.sub(lambda m: '"' + " " * (len(m.group()) - 1), text)
    singles = [m.start() for m in _SINGLE_APOSTROPHE_RE.finditer(text)]
    if len(singles) < 2:
        return text
    chars = list(text)
    k = 0
    while k + 1 < len(singles):
        a, b = singles[k], singles[k + 1]
        if b - a <= MAX_APOSTROPHE_QUOTE and "\n" not in text[a:b]:
            chars[a] = chars[b] = '"'
            k += 2
        else:
            k += 1  # the first one has no partner: leave it
    return "".join(chars)


def _direction(text: str, p: int) -> str:
    ch = text[p]
    if ch in "«‹„":
        return "o"
    if ch in "»›":
        return "c"
    return _direction_by_sides(text, p)


def _reversed_style(text: str) -> bool:
    """Whether the outlet writes guillemets the other way round (» … «). Each style pairs a
    mark with the next guillemet of the other kind; the style that pairs more marks wins,
    and on a tie the one whose pairs are shorter: a stray » before "« روفر 25 »" does not
    turn every later «name» inside out."""
    marks = [(m.start(), m.group() in "«‹") for m in _GUILLEMET_RE.finditer(text)]
    steps = list(zip(marks, marks[1:], strict=False))
    normal = [b[0] - a[0] for a, b in steps if a[1] and not b[1]]
    turned = [b[0] - a[0] for a, b in steps if not a[1] and b[1]]
    if len(turned) != len(normal):
        return len(turned) > len(normal)
    return bool(turned) and sum(turned) < sum(normal)


def _reversed_opener(text: str, p: int, reversed_style: bool) -> bool:
    """A » that nothing opened, in a text written in the reversed style, not glued to the
    word before, and answered by a « soon after (before any other »): "في » أضرار دائمة «"."""
    if not reversed_style or _direction_by_sides(text, p) == "c":
        return False
    nxt = text[p + 1 : p + 3].lstrip()
    if not nxt or not nxt[0].isalpha():
        return False  # "» ، من أين …": a closing mark left over from a cut
    m = _GUILLEMET_RE.search(text, p + 1, p + 1 + MAX_REVERSED_CHARS)
    return m is not None and m.group() in "«‹"


def _direction_by_sides(text: str, p: int) -> str:
    before = text[p - 1] if p > 0 else " "
    after = text[p + 1] if p + 1 < len(text) else " "
    open_side = before in _OPEN_SIDE
    close_side = after in _CLOSE_SIDE
    if open_side and not close_side:
        return "o"
    if close_side and not open_side:
        return "c"
    return "a"  # spaced on both sides or glued on both: decided by the stack


_NARRATIVE_WORDS = 4  # words at the start of a stretch where a report's verb gives it away


def _narrative_start(text: str, s: int) -> bool:
    """The stretch from s reads as the outlet's narrative, not someone's words: it opens with
    و and a past reporting verb comes within its first words ('" وقال معهد البراكين إن …',
    '" وفي باريس قال …'), so the mark before it closed a quote rather than opened one."""
    words = text[s : s + 80].split()[:_NARRATIVE_WORDS]
    if not words or not words[0].startswith("و"):
        return False
    for w in words:
        hit = lookup_verb(norm(w))
        if hit is not None and hit[0].kind == "past" and hit[0].cls == "say":
            return True
    return False


def _after_speech_frame(text: str, o: int) -> bool:
    """The mark at o follows a colon, or a speech verb with at most a short subject after
    it, so it opens a quote ('وقال الشيخ " وقال رسول الله …', 'وأضاف " …'), whatever the
    quote starts with; a verb in a relative clause ('ما قالت "') frames nothing."""
    before = text[max(0, o - 80) : o].rstrip()
    if before.endswith(":"):
        return True
    words = before.split()[-_NARRATIVE_WORDS:]
    for n, w in enumerate(reversed(words)):
        hit = lookup_verb(norm(w))
        if hit is not None:
            prev = words[-n - 2] if n + 2 <= len(words) else ""
            return hit[1] or "relative" not in word_classes(norm(prev))  # not "ما قالت"
        if "complementizer" in word_classes(norm(w)):
            return False  # the verb's complementiser came before: the mark is in its clause
    return False


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def pair_quotes(text: str, sentence_ends: list[int] | None = None) -> list[Quoted]:
    """All quoted stretches of `text`, sorted by opening mark."""
    paras = [m.start() for m in _PARA_BREAK_RE.finditer(text)]
    reversed_style = _reversed_style(text) if "»" in text or "›" in text else False
    out: list[Quoted] = []
    stack: list[int] = []

    def unbalanced(o: int) -> None:
        # Close at the end of the opener's sentence (or paragraph).
        limit = len(text)
        if sentence_ends:
            i = bisect_right(sentence_ends, o)
            if i < len(sentence_ends):
                limit = sentence_ends[i]
        i = bisect_right(paras, o)
        if i < len(paras):
            limit = min(limit, paras[i])
        s, e = _trimmed(text, o + 1, limit)
        while e > s and text[e - 1] in ".،,؛":
            e -= 1
        if e > s:
            out.append(Quoted(o, -1, s, e, len(stack), False))

    for m in _QUOTE_RE.finditer(text):
        p = m.start()
        while stack and (
            p - stack[-1] > MAX_QUOTE_CHARS
            or bisect_right(paras, p) != bisect_right(paras, stack[-1])
        ):
            unbalanced(stack.pop())
        d = _direction(text, p)
        if text[p] in "«‹" and stack and text[stack[-1]] in "»›":
            d = "c"  # "» أضرار دائمة «": an outlet that writes guillemets the other way round
        elif text[p] in "»›" and not stack and _reversed_opener(text, p, reversed_style):
            stack.append(p)
            continue
        if d == "o":
            stack.append(p)  # nests inside an open quote
        elif stack:
            o = stack.pop()
            if _CLAUSE_START_RE.match(text, o + 1) or (
                _direction(text, o) == "a"
                and _narrative_start(text, o + 1)
                and not _after_speech_frame(text, o)
            ):
                # '" … " . وشدد عزام على أن " … "': the mark taken as opener closed an
                # earlier quote (the pairs had shifted); this one opens the next quote
                stack.append(p)
                continue
            s, e = _trimmed(text, o + 1, p)
            if e > s:
                out.append(Quoted(o, p, s, e, len(stack)))
        elif text[p] not in "»›":
            # Nothing open: a spaced, glued or "closing-looking" mark opens (إن" لائحة …").
            stack.append(p)
    while stack:
        unbalanced(stack.pop())
    out.sort(key=lambda q: q.open)
    return out
