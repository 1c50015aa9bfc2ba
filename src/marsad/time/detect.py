"""Detect temporal expressions with offsets into the original text.

Detection runs the lexicon's compiled patterns over the normalised text, keeps the longest
non-overlapping matches, drops the ambiguous ones that lack context, and maps offsets back to the
original string. Resolution to calendar values is separate (`resolve.py`), so publication-date
inference can reuse the raw mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


def fold(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, per normalised char, its offset in `text` (and len(text) at the end).

    Lines whose normalised form keeps their length map one-to-one and skip the slow per-character
    path; only lines with diacritics, tatweel or presentation forms pay for it.
    """
    parts: list[str] = []
    offs: list[int] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        n = normalize(line)
        if len(n) == len(line) and not _PRESENTATION.search(line):
            parts.append(n)
            offs.extend(range(pos, pos + len(line)))
        else:
            n, o = normalize_with_offsets(line)
            parts.append(n)
            offs.extend(pos + i for i in o)
        pos += len(line)
    offs.append(len(text))
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


def _inherit_years(chosen: list[tuple[int, int, str, dict[str, str]]], norm: str) -> None:
    """A yearless day/month takes the year of an explicit date earlier in the same sentence
    ("في 25 نيسان 1945 ... ثم في 26 حزيران"): the narrative's reference time."""
    last: tuple[int, str] | None = None
    for s, e, kind, g in chosen:
        if last and _SENT_BREAK.search(norm, last[0], s):
            last = None
        if kind == "dm" and not g.get("year") and not g.get("mod") and last:
            g["ref_year"] = last[1]
        y = g.get("year") or g.get("y") or g.get("y2")
        since = norm[max(0, s - 6) : s].split()[-1:] in (["منذ"], ["ومنذ"])
        if y and kind in ("dm", "numeric", "year") and g.get("era") != "ه" and not since:
            last = (e, y)


def detect(text: str) -> tuple[list[Mention], str, list[int]]:
    """Find temporal mentions in `text`; also return the normalised text and its offset map."""
    if not text:
        return [], "", [0]
    norm, offs = fold(text)
    lx = lexicon()
    cands: list[tuple[int, int, str, dict[str, str]]] = []
    for kind, pat in lx.patterns.items():
        for m in pat.finditer(norm):
            s, e = m.span()
            if e <= s:
                continue
            g = {k: v for k, v in m.groupdict().items() if v}
            if _accept(kind, g, norm, s, e):
                cands.append((s, e, kind, g))
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
