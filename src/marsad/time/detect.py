"""Detect temporal expressions with offsets into the original text.

Detection runs the lexicon's compiled patterns over the normalised text, keeps the longest
non-overlapping matches, drops the ambiguous ones that lack context, and maps offsets back to the
original string. Resolution to calendar values is separate (`resolve.py`), so publication-date
inference can reuse the raw mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.text.normalize import normalize, normalize_with_offsets
from marsad.time.lexicon import lexicon, month_of, squash

# Pattern -> span label. Everything not listed is a date.
_LABELS = {"duration": "duration", "clock": "clock", "set": "set"}
# Preference on equal length: the more specific reading wins.
_PRIORITY = {
    "numeric": 0,
    "dm": 1,
    "ordinal": 2,
    "clock": 3,
    "weekday": 4,
    "ago": 5,
    "decade": 6,
    "year": 7,
    "unitmod": 8,
    "set": 9,
    "relday": 10,
    "duration": 11,
}
_PUNCT = set('.،,؛;:!?؟"()[]«»\n—–')
_PREPS = {"في", "منذ", "خلال", "حتى", "قبل", "بعد", "من", "الي", "ومنذ", "وفي", "ففي", "مطلع"}
# Words after a number that make it a count, not a year ("2000 جندي" is rare but "40 الف" is not).
_COUNT_WORDS = {"الف", "الاف", "مليون", "ملايين", "مليار", "مليارات", "بالمئه", "بالمائه", "%"}
_BC = re.compile(r"\s*(?:ق\s*\.?\s*م|قبل\s+الميلاد)")  # years before Christ are out of scope
_PRESENTATION = re.compile("[\ufb50-\ufeff]")
_FUT_PREFIX = re.compile(r"^[وف]?س[يتنا]\w{2,}$")


@dataclass(slots=True)
class Mention:
    """A raw temporal expression before resolution."""

    start: int  # offsets into the original text
    end: int
    kind: str  # the pattern that found it
    label: str  # date | duration | clock | set
    groups: dict[str, str] = field(default_factory=dict)
    future_cue: bool = False
    since: bool = False


@lru_cache(maxsize=1)
def _deleted_chars() -> re.Pattern[str]:
    """Characters the normaliser deletes, found by asking it (so the two never disagree)."""
    gone = [chr(c) for c in range(0x20, 0x3000) if normalize(chr(c)) == ""]
    gone += [chr(c) for c in range(0xFE00, 0xFE70) if normalize(chr(c)) == ""]
    return re.compile("[" + "".join(re.escape(c) for c in gone) + "]")


class OffsetMap:
    """Normalised position -> original position, stored per line: most lines map one-to-one, so
    only lines that lost characters keep a table."""

    __slots__ = ("_maps", "_norm_starts", "_orig_starts", "_size", "_total")

    def __init__(self) -> None:
        self._norm_starts: list[int] = []
        self._orig_starts: list[int] = []
        self._maps: list[list[int] | None] = []
        self._size = 0  # normalised length so far
        self._total = 0  # original length so far

    def add(self, norm_len: int, orig_len: int, table: list[int] | None) -> None:
        self._norm_starts.append(self._size)
        self._orig_starts.append(self._total)
        self._maps.append(table)
        self._size += norm_len
        self._total += orig_len

    def __getitem__(self, p: int) -> int:
        if p >= self._size:
            return self._total
        i = bisect_right(self._norm_starts, p) - 1
        table = self._maps[i]
        rel = p - self._norm_starts[i]
        return self._orig_starts[i] + (rel if table is None else table[rel])

    def to_list(self) -> list[int]:
        """Every position (plus the end), as `normalize_with_offsets` would give it."""
        return [self[p] for p in range(self._size + 1)]


def fold(text: str) -> tuple[str, OffsetMap]:
    """Normalised text plus its map back to offsets in `text`.

    Lines whose normalised form keeps their length map one-to-one; lines that only lose deleted
    marks (diacritics, tatweel, hamza) map around them; anything else (presentation forms, case
    folding that changes length) takes the per-character path of `normalize_with_offsets`.
    """
    parts: list[str] = []
    offs = OffsetMap()
    deleted = _deleted_chars()
    for line in text.splitlines(keepends=True):
        n = normalize(line)
        if not _PRESENTATION.search(line):
            if len(n) == len(line):
                parts.append(n)
                offs.add(len(n), len(line), None)
                continue
            kept: list[int] = []
            prev = 0
            for m in deleted.finditer(line):
                kept.extend(range(prev, m.start()))
                prev = m.end()
            kept.extend(range(prev, len(line)))
            if len(kept) == len(n):
                parts.append(n)
                offs.add(len(n), len(line), kept)
                continue
        n, o = normalize_with_offsets(line)
        parts.append(n)
        offs.add(len(n), len(line), o)
    return "".join(parts), offs


def _prev_tokens(norm: str, start: int, limit: int = 8, stops: set[str] = _PUNCT) -> list[str]:
    """Up to `limit` words before `start`, nearest first, stopping at punctuation in `stops`."""
    out: list[str] = []
    i = start
    while len(out) < limit and i > 0:
        j = i
        while j > 0 and norm[j - 1] == " ":
            j -= 1
        while j > 0 and norm[j - 1] in "،," and norm[j - 1] not in stops:
            j -= 1
            while j > 0 and norm[j - 1] == " ":
                j -= 1
        if j == 0 or norm[j - 1] in stops:
            break
        k = j
        while k > 0 and not norm[k - 1].isspace() and norm[k - 1] not in _PUNCT:
            k -= 1
        out.append(norm[k:j])
        i = k
    return out


def _next_token(norm: str, end: int) -> str:
    m = re.match(r"\s*([^\s.،,؛;:!?؟\"()]*)", norm[end:])
    return m.group(1) if m else ""


def future_cue(norm: str, start: int) -> bool:
    """True if the clause before `start` puts the expression in the future (tense or intent)."""
    lx = lexicon()
    # Commas do not end the clause here: "اجتماع مزمع عقده، الخميس 21 أيلول".
    toks = _prev_tokens(norm, start, stops=_PUNCT - {"،", ","})
    for dist, tok in enumerate(toks, 1):
        bare = tok[1:] if tok[:1] in "وف" and len(tok) > 3 else tok
        for w in (tok, bare):
            need = lx.cues.get(w)
            if need is None or dist < need:
                continue
            # Intent verbs ("وافق", "اتفق") only look ahead through "على"/"أن" + verbal noun:
            # "وافق ... على ... بدء محادثات الخميس", not "وافقت الجهات يوم الجمعة".
            if need == 1 or any(t in ("علي", "ان") for t in toks[: dist - 1]):
                return True
        if dist <= 4 and _FUT_PREFIX.match(tok) and not bare.startswith(lx.future_stop):
            return True
        if tok == "قد" and dist >= 2 and toks[dist - 2][:1] in "يتن":
            return True
    return False


def _accept(kind: str, g: dict[str, str], norm: str, s: int, e: int) -> bool:
    """Context checks that keep ambiguous words ("آب", "مارس", bare numbers) out of dates."""
    lx = lexicon()
    if kind == "dm":
        months = month_of(g["mon"])
        if not months:
            return False
        hijri = months[0].system == "hijri"
        if g.get("day") and g["day"].isdigit() and not 1 <= int(g["day"]) <= 31:
            return False
        strong = bool(g.get("year") or g.get("shahr") or g.get("per") or "/" in g["mon"])
        if hijri:
            # Hijri names are also given names: need a day or "شهر", or a year with هـ.
            return bool(
                (g.get("day") and (g.get("year") or g.get("era") == "ه"))
                or g.get("shahr")
                or (g.get("year") and g.get("era") == "ه")
            )
        prev = _prev_tokens(norm, s, 1)
        if g.get("day") and prev and prev[0] in lx.not_date_before:
            return False
        if all(m.ambiguous for m in months):
            return bool(strong or (g.get("day") and g["day"].isdigit()))
        if strong or g.get("day") or g.get("mod"):
            return True
        prev = _prev_tokens(norm, s, 1)
        return bool(prev and prev[0] in _PREPS) or g["mon"][:1] in "بل"
    if kind == "year":
        y = int(g["year"])
        if g.get("era") == "ه":
            return 1300 <= y <= 1500
        if not 1000 <= y <= 2100:
            return False
        nxt = _next_token(norm, e)
        if nxt in _COUNT_WORDS or _BC.match(norm, e):
            return False
        if g.get("yw") or g.get("per") or g.get("era"):
            return True
        if not 1900 <= y <= 2100:
            return False
        prev = _prev_tokens(norm, s, 1)
        if prev and (prev[0] in _PREPS or prev[0] in ("و", "او")):
            return True
        # A bare number followed by a noun is a count ("2000 جندي"); at a clause end it is a year.
        return not nxt or not re.match(r"[\u0621-\u064a]", nxt)
    if kind == "relday":
        rel = squash(g["rel"])
        if rel == "غد" and not g.get("dp"):
            return False
        if rel == "اليوم" and not g.get("dp"):
            nxt = _next_token(norm, e)
            # "اليوم التالي", "اليوم الذي": a day relative to an event, not to publication.
            if nxt.startswith("ال") or nxt in ("نفسه", "ذاته"):
                return False
            prev = _prev_tokens(norm, s, 1)
            if prev and prev[0] in ("ذلك", "هذا", "نفس", "يوم"):
                return False
        return True
    if kind == "unitmod":
        unit, count = lx.units.get(squash(g["dunit"])[2:], ("day", 1))
        if squash(g["dunit"]) == "الليله":
            return bool(g.get("mod"))
        if not (g.get("mod") or g.get("this") or g.get("per")):
            return False
        if count == 0 and not g.get("mod"):
            return False
        return not (unit in ("hour", "minute") and count != 0)
    if kind == "ago":
        unit, count = lx.units[squash(g["unit"])]
        return not (not g.get("num") and count == 0 and squash(g["dir"]) != "منذ")
    if kind == "duration":
        unit, count = lx.units[squash(g["unit"])]
        if g.get("num"):
            return True
        return count == 2
    if kind == "clock":
        if g.get("hm"):
            h, m = g["hm"].split(":")
            return int(h) <= 23 and int(m) <= 59
        return True
    if kind == "decade":
        return True
    return True


_SENT_BREAK = re.compile(r"[.!?؟\n]")


def _named_year(g: dict[str, str], norm: str, s: int) -> str | None:
    """The year of a famous event named by its date ("هجمات 11 سبتمبر" is 2001)."""
    lx = lexicon()
    day_s = g.get("day")
    months = month_of(g["mon"])
    if not day_s or not months:
        return None
    day = int(day_s) if day_s.isdigit() else lx.ordinals.get(squash(day_s))
    hit = lx.named_dates.get((day or 0, months[0].number))
    if not hit:
        return None
    prev = _prev_tokens(norm, s, 1)
    if not prev:
        return None
    w = prev[0]
    for _ in range(2):  # up to two proclitics: "واعتداءات", "لهجمات"
        if w in hit[1]:
            return str(hit[0])
        w = w[1:] if w[:1] in "ولبف" else w
    return str(hit[0]) if w in hit[1] else None


def _inherit_years(chosen: list[tuple[int, int, str, dict[str, str]]], norm: str) -> None:
    """A yearless day/month takes the year of an explicit date earlier in the same sentence
    ("في 25 نيسان 1945 ... ثم في 26 حزيران"): the narrative's reference time."""
    last: tuple[int, str] | None = None
    for s, e, kind, g in chosen:
        if last and _SENT_BREAK.search(norm, last[0], s):
            last = None
        if kind == "dm" and not g.get("year") and not g.get("mod"):
            named = _named_year(g, norm, s)
            if named:
                g["ref_year"] = named
            elif last:
                g["ref_year"] = last[1]
        y = g.get("year") or g.get("y") or g.get("y2")
        since = norm[max(0, s - 6) : s].split()[-1:] in (["منذ"], ["ومنذ"])
        if y and kind in ("dm", "numeric", "year") and g.get("era") != "ه" and not since:
            last = (e, y)


def detect(text: str) -> tuple[list[Mention], str, OffsetMap]:
    """Find temporal mentions in `text`; also return the normalised text and its offset map."""
    if not text:
        return [], "", OffsetMap()
    norm, offs = fold(text)
    lx = lexicon()
    cands: list[tuple[int, int, str, dict[str, str]]] = []
    windows = _windows(norm)
    for kind, pat in lx.patterns.items():
        for ws, we in windows.get(kind, ()):
            for m in pat.finditer(norm, ws, we):
                _collect(kind, m, norm, cands)
    return _finish(text, norm, offs, cands)


def _collect(
    kind: str, m: re.Match[str], norm: str, cands: list[tuple[int, int, str, dict[str, str]]]
) -> None:
    s, e = m.span()
    if e <= s:
        return
    g = {k: v for k, v in m.groupdict().items() if v}
    if _accept(kind, g, norm, s, e):
        cands.append((s, e, kind, g))


_SEPS = re.compile(r"[^\w]+")
_BEFORE, _AFTER = 6, 6  # words kept around an anchor


_DIGIT_KINDS = frozenset({"numeric", "year", "duration", "ago", "clock"})
_DIGITS = "0123456789"


def _anchor_kinds(w: str) -> frozenset[str] | None:
    """The patterns a whitespace-delimited word can anchor (None: none)."""
    trig = lexicon().triggers
    kinds = trig.get(w)
    if kinds is not None:
        return kinds
    if w[0] in _DIGITS:
        return _DIGIT_KINDS
    if w.isalpha():
        return None
    # Punctuation or digits inside: "الأربعاء،", "تموز/يوليو", "و2005", "مارس1987".
    found: set[str] = set()
    for part in _SEPS.split(w):
        if not part:
            continue
        if part[0] in _DIGITS:
            found |= _DIGIT_KINDS
        elif part[-1] in _DIGITS:
            found |= _DIGIT_KINDS | trig.get(part.rstrip(_DIGITS), frozenset())
        else:
            found |= trig.get(part, frozenset())
    return frozenset(found) if found else None


def _windows(norm: str) -> dict[str, list[tuple[int, int]]]:
    """Per pattern, the stretches of text around its anchor words (numbers for numeric dates and
    years, month names for day-month dates...). Patterns run only there, which keeps detection
    fast on long articles with few dates."""
    words = norm.split()
    out: dict[str, list[tuple[int, int]]] = {}
    trig = lexicon().triggers
    cand = [i for i, w in enumerate(words) if w in trig or not w.isalpha()]
    hits = [(i, k) for i in cand if (k := _anchor_kinds(words[i]))]
    if not hits:
        return out
    starts = []
    cur = 0
    for w in words:  # each word is found where it stands: only whitespace lies between words
        cur = norm.find(w, cur)
        starts.append(cur)
        cur += len(w)
    last = len(words) - 1
    for i, kinds in hits:
        ws = starts[max(0, i - _BEFORE)]
        j = min(last, i + _AFTER)
        we = starts[j] + len(words[j])
        for k in kinds:
            lst = out.setdefault(k, [])
            if lst and ws <= lst[-1][1]:
                lst[-1] = (lst[-1][0], max(lst[-1][1], we))
            else:
                lst.append((ws, we))
    return out


def _finish(
    text: str, norm: str, offs: OffsetMap, cands: list[tuple[int, int, str, dict[str, str]]]
) -> tuple[list[Mention], str, OffsetMap]:
    lx = lexicon()
    # Longest match first, then the more specific pattern.
    cands.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, str, dict[str, str]]] = []
    for c in cands:
        if any(c[0] < te and ts < c[1] for ts, te in taken):
            continue
        taken.append((c[0], c[1]))
        chosen.append(c)
    chosen.sort()
    _inherit_years(chosen, norm)
    out: list[Mention] = []
    for s, e, kind, g in chosen:
        label = _LABELS.get(kind, "date")
        if kind == "ago":
            unit, _ = lx.units[squash(g["unit"])]
            nxt = _next_token(norm, e)
            event_rel = nxt in ("من", "علي")
            vague = not g.get("num") and lx.units[squash(g["unit"])][1] == 0
            if event_rel or vague or (squash(g["dir"]) == "منذ" and unit in ("hour", "minute")):
                label = "duration"
        since = False
        if label == "date":
            prev = _prev_tokens(norm, s, 1)
            if prev and prev[0] in ("منذ", "ومنذ"):
                since = True
                s = norm.rfind(prev[0], 0, s)
        fut = label == "date" and future_cue(norm, s)
        end = offs[e - 1] + 1
        # Take back trailing marks the normaliser deleted (final hamza, tanween, shadda).
        while end < offs[e] and (text[end] in "\u0621\u0640" or "\u064b" <= text[end] <= "\u065f"):
            end += 1
        out.append(Mention(offs[s], end, kind, label, g, fut, since))
    return out, norm, offs
