"""Figures: the numbers a story reports ("32 قتيلًا على الأقل", "أكثر من 100 ألف شخص").

`find_figures` returns `figure` spans over `Article.text` with attrs:
  value      the number (int when whole): digits of any script, "100 ألف" -> 100000,
             number words ("ثلاثة آلاف" -> 3000, "خمسة وعشرين" -> 25, "عشرات" -> 10).
  unit       what is counted, as one lemma ("قتيلًا"/"القتلى" -> "قتيل"), or None.
  kind       count | duration | money | measure | percent | None (unit unknown).
  qualifier  more_than | at_least | less_than | at_most | up_to | about | vague | None.
The span covers the hedge, the number and the counted noun.

Rules (language data in `data/figures/`):
- Dates, years, clock times and recurring times are never figures: numbers inside the date
  layer's date/clock/set spans are skipped, and so is a bare number with no counted noun that
  reads as a year: 1800-2100, or 1000-2100 after "عام/سنة/منذ/في", before "م/هـ/قبل
  الميلاد", glued to م, or in parentheses (cues in `cues.tsv`). "قبل ثلاثة أيام" is a date
  ("three days ago"), not a figure.
- A duration that counts time ("استمر 24 ساعة") IS a figure, with kind "duration" and the
  time unit as its unit: outlets do disagree about how long things lasted.
- Ordinals and identifiers are not figures: "الـ5", "القرار 2334", "رقم 5" (`cues.tsv`),
  digits glued to Latin letters.
- Percentages ("50%", "50 في المئة") are figures with unit "%" and kind "percent".
- A number written in words needs a known counted noun after it ("ثلاثة آلاف جندي"); bare
  number words ("ألف" is also "authored") are too ambiguous to stand alone.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from marsad.model import DATE, FIGURE, Article, Span
from marsad.resources import data_rows
from marsad.text.normalize import normalize_word

# Letters, digit runs (with separators inside) and percent signs, with their offsets.
_D = "0-9\u0660-\u0669\u06f0-\u06f9"  # Western, Arabic-Indic and Persian digits
_TOKEN_RE = re.compile(
    rf"[{_D}](?:[{_D}]|[.,\u066b\u066c](?=[{_D}]))*|[%\u066a]"
    r"|(?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])+"  # letters with their harakat and tatweel
)
_LATIN_RE = re.compile(r"[A-Za-z]")
_GLUED_RE = re.compile(r"[^\W\d_][\u0640\u064b-\u065f]*(?![^\W\d_])")  # one letter on digits
# A detached article or tatweel right before digits makes an ordinal: "الـ5", "للمرة ال 3".
_ORDINAL_BEFORE_RE = re.compile(r"(?:ـ\s?|(?:^|[\s(])(?:ال|لل|بال|وال)\s?)$")
_NOT_COUNT_LABELS = {"date", "clock", "set"}  # temporal spans whose numbers are not figures
_MAX_TEXT = 2_000_000  # longer bodies are cut: figures deep in a megabyte are not news


@lru_cache(maxsize=4)
def _table(name: str) -> list[list[str]]:
    return data_rows("figures", name)


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[float, str]]:
    """Normalised number word -> (value, kind) from `data/figures/numbers.tsv`."""
    return {normalize_word(r[0]): (float(r[1]), r[2]) for r in _table("numbers.tsv")}


@lru_cache(maxsize=1)
def units() -> dict[tuple[str, ...], tuple[str, str]]:
    """Normalised noun (one or two words) -> (lemma, kind) from `data/figures/units.tsv`."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for form, lemma, kind in _table("units.tsv"):
        key = tuple(normalize_word(w) for w in form.split())
        out[key] = (lemma, kind)
    return out


@lru_cache(maxsize=1)
def qualifiers() -> tuple[list[tuple[tuple[str, ...], str]], list[tuple[tuple[str, ...], str]]]:
    """(before, after) hedge phrases as normalised word tuples, longest first."""
    before, after = [], []
    for phrase, qual, where in _table("qualifiers.tsv"):
        key = tuple(normalize_word(w) for w in phrase.split())
        (before if where == "before" else after).append((key, qual))
    before.sort(key=lambda x: -len(x[0]))
    after.sort(key=lambda x: -len(x[0]))
    return before, after


@lru_cache(maxsize=1)
def cues() -> dict[str, str]:
    """Normalised word -> role (id_before | year_before | year_after) from `cues.tsv`."""
    return {normalize_word(w): role for w, role in _table("cues.tsv")}


def _cue(norm: str) -> str | None:
    table = cues()
    if norm in table:
        return table[norm]
    if len(norm) > 2 and norm[0] in "وبلف":
        return table.get(norm[1:])
    return None


def _is_year(text: str, toks: list[_Tok], i: int, value: float) -> bool:
    """A bare 4-digit number that reads as a year (no counted noun after it)."""
    if value != int(value) or "." in toks[i].norm or "," in toks[i].norm:
        return False
    if 1800 <= value <= 2100:
        return True  # modern years: the usual case in news
    if not 1000 <= value <= 2100 or len(toks[i].norm) != 4:
        return False
    tok = toks[i]
    if i > 0 and _cue(toks[i - 1].norm) == "year_before":
        return True
    glued = _GLUED_RE.match(text, tok.end)
    if glued and _cue(normalize_word(glued.group())) == "year_after":
        return True  # "1844م", "1260هـ"
    if text[tok.start - 1 : tok.start] == "(" and text[tok.end : tok.end + 1] == ")":
        return True  # "(1623)"
    return i + 1 < len(toks) and _cue(toks[i + 1].norm) == "year_after"


class _Tok:
    __slots__ = ("end", "norm", "start", "text")

    def __init__(self, m: re.Match[str]) -> None:
        self.start, self.end, self.text = m.start(), m.end(), m.group()
        self.norm = "%" if self.text in "%\u066a" else normalize_word(self.text)


def _parse_digits(norm: str) -> float | None:
    """'1,500' -> 1500, '2.5' -> 2.5, '1.500.000' -> 1500000 (separators already folded)."""
    groups = re.split(r"[.,]", norm)
    seps = re.findall(r"[.,]", norm)
    if not seps:
        return float(norm)
    # Thousands separators: every group after the first has exactly 3 digits.
    if all(len(g) == 3 for g in groups[1:]) and (
        len(set(seps)) == 1 and len(seps) > 1 or seps[0] == ","
    ):
        return float("".join(groups))
    if len(seps) == 1:
        return float(norm.replace(",", "."))
    return None


def _is_digit(tok: _Tok) -> bool:
    return tok.norm[:1].isdigit()


def _strip_article(word: str) -> list[str]:
    """Candidate base forms of a noun: as is, without ال/لل, without an accusative final ا."""
    forms = [word]
    for pre in ("ال", "لل", "بال", "وال"):
        if word.startswith(pre) and len(word) > len(pre) + 1:
            forms.append(word[len(pre) :])
    forms += [f[:-1] for f in list(forms) if f.endswith("ا") and len(f) > 3]
    return forms


def _unit_at(toks: list[_Tok], j: int, text: str) -> tuple[str, str, int] | None:
    """The counted noun starting at token j: (lemma, kind, index after it)."""
    table = units()
    if j >= len(toks) or not _adjacent(text, toks[j - 1], toks[j]):
        return None
    if j + 1 < len(toks):
        two = (toks[j].norm, toks[j + 1].norm)
        if two in table and _adjacent(text, toks[j], toks[j + 1]):
            lemma, kind = table[two]
            return lemma, kind, j + 2
    # Partitive "من": "100 من الجنود".
    if toks[j].norm == "من" and j + 1 < len(toks):
        found = _unit_at(toks, j + 1, text)
        return found
    for form in _strip_article(toks[j].norm):
        if (form,) in table:
            lemma, kind = table[(form,)]
            return lemma, kind, j + 1
    return None


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    """Only spaces between two tokens (no punctuation or line break)."""
    gap = text[a.end : b.start]
    return len(gap) <= 3 and (not gap or gap.isspace()) and "\n" not in gap


def _number_words_at(toks: list[_Tok], i: int, text: str) -> tuple[float, bool, int] | None:
    """A number written in words from token i: (value, vague, index after it)."""
    words = number_words()
    total, current, vague, j = 0.0, 0.0, False, i
    while j < len(toks):
        w = toks[j].norm
        if j > i:
            if not _adjacent(text, toks[j - 1], toks[j]):
                break
            if w not in words and w.startswith("و") and w[1:] in words:
                w = w[1:]  # "خمسة وعشرين"
            elif w not in words:
                break
        entry = words.get(w)
        if entry is None:
            break
        value, kind = entry
        if kind in ("unit", "ten", "hundred"):
            if j > i and words.get(toks[j - 1].norm, (0, ""))[1].startswith("scale"):
                break  # "ألف ثلاثة" is two numbers, not one
            current += value
        elif kind in ("scale", "scales"):
            current = (current or 1.0) * value
            total += current
            current = 0.0
            vague = vague or (kind == "scales" and j == i)  # "آلاف القتلى": thousands of
        elif kind == "scale2":
            if current:
                break
            total += value
        elif kind == "vague":
            current = (current or 1.0) * value
            vague = True
        j += 1
    value = total + current
    if j == i or not value:
        return None
    return value, vague, j


def _digits_at(toks: list[_Tok], i: int, text: str) -> tuple[float, int] | None:
    """A digit number from token i with an optional scale word: '100 ألف' -> 100000."""
    if len(toks[i].norm) > 18:
        return None  # a digit run this long is an id or a phone number, not a count
    value = _parse_digits(toks[i].norm)
    if value is None:
        return None
    j = i + 1
    words = number_words()
    if j < len(toks) and _adjacent(text, toks[i], toks[j]):
        entry = words.get(toks[j].norm)
        if entry and entry[1] in ("scale", "scales"):
            value *= entry[0]
            j += 1
    return value, j


def _qualifier_before(toks: list[_Tok], i: int, text: str) -> tuple[str, int] | None:
    before, _ = qualifiers()
    for phrase, qual in before:
        n = len(phrase)
        k = i - n
        if k < 0:
            continue
        got = [t.norm for t in toks[k:i]]
        first = got[0]
        if tuple(got) != phrase and not (first[:1] in "وبل" and (first[1:], *got[1:]) == phrase):
            continue
        if all(_adjacent(text, toks[m], toks[m + 1]) for m in range(k, i)):
            return qual, k
    return None


def _qualifier_after(toks: list[_Tok], j: int, text: str) -> tuple[str, int] | None:
    _, after = qualifiers()
    # The hedge may follow the noun directly or after one adjective ("6 مركبات قتالية").
    for skip in (0, 1):
        s = j + skip
        for phrase, qual in after:
            e = s + len(phrase)
            if e > len(toks) or tuple(t.norm for t in toks[s:e]) != phrase:
                continue
            joined = all(_adjacent(text, toks[m - 1], toks[m]) for m in range(s if skip else j, e))
            if joined and (skip == 0 or _adjacent(text, toks[j - 1], toks[j])):
                return qual, e
    return None


def _blocked_ranges(article: Article) -> list[tuple[int, int]]:
    layer = article.layers.get(DATE)
    if layer is None:
        from marsad.time import find_temporal

        pub = None
        if article.published:
            try:
                pub = date.fromisoformat(article.published[:10])
            except ValueError:
                pub = None
        layer = find_temporal(article.text or "", pub)
    return sorted((s.start, s.end) for s in layer if s.label in _NOT_COUNT_LABELS)


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def _is_identifier(text: str, tok: _Tok, prev: _Tok | None) -> bool:
    """Ordinals ("الـ5"), numbered ids ("رقم 5"), model names ("F16"), dates ("10/11")."""
    before = text[max(0, tok.start - 6) : tok.start]
    after = text[tok.end : tok.end + 2]
    if _ORDINAL_BEFORE_RE.search(before):
        return True
    if _LATIN_RE.search(before[-1:] or "") or _LATIN_RE.search(after[:1] or ""):
        return True
    if (
        after[:1] in "/:-"
        and after[1:2].isdigit()
        or before[-1:] in "/:-"
        and before[-2:-1].isdigit()
    ):
        return True
    return prev is not None and _cue(prev.norm) == "id_before"


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else round(value, 4)


def find_figures(article: Article) -> list[Span]:
    """Figure spans in `article.text` (see the module docstring for attrs and rules)."""
    text = (article.text or "")[:_MAX_TEXT] if isinstance(article.text, str) else ""
    if not text or not any(ch.isdigit() for ch in text) and not _has_number_word(text):
        return []
    toks = [_Tok(m) for m in _TOKEN_RE.finditer(text)]
    blocked = _blocked_ranges(article)
    words = number_words()
    out: list[Span] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        vague = False
        if _is_digit(tok):
            if _is_identifier(text, tok, toks[i - 1] if i else None):
                i += 1
                continue
            got = _digits_at(toks, i, text)
            if got is None:
                i += 1
                continue
            value, j = got
        elif tok.norm in words or (tok.norm[:1] == "و" and tok.norm[1:] in words and i > 0):
            if tok.norm not in words:
                i += 1
                continue
            got_w = _number_words_at(toks, i, text)
            if got_w is None:
                i += 1
                continue
            value, vague, j = got_w
        else:
            i += 1
            continue
        start, end = tok.start, toks[j - 1].end
        unit_found = _unit_at(toks, j, text)
        if not _is_digit(tok) and unit_found is None:
            i = j
            continue  # number words need a counted noun
        unit = kind = None
        after_end = j
        if unit_found:
            unit, kind, after_end = unit_found
            end = toks[after_end - 1].end
        if _inside(blocked, start, end) or (
            unit is None and _is_digit(tok) and _is_year(text, toks, i, value)
        ):
            i = j
            continue
        qualifier = None
        q = _qualifier_before(toks, i, text)
        if q:
            qualifier, k = q
            start = toks[k].start
        qa = _qualifier_after(toks, after_end, text) if unit_found else None
        if qa and not qualifier:
            qualifier, e = qa
            end = toks[e - 1].end
        if qualifier is None and vague:
            qualifier = "vague"
        attrs: dict[str, Any] = {
            "value": _number(value),
            "unit": unit,
            "kind": kind,
            "qualifier": qualifier,
        }
        out.append(Span(start, end, FIGURE, attrs))
        i = max(after_end, i + 1)
    return out


def _has_number_word(text: str) -> bool:
    words = number_words()
    return any(normalize_word(w) in words for w in re.findall(r"[^\W\d_]+", text[:200_000]))


def annotate_figures(article: Article) -> Article:
    """Set the article's `figure` layer (other layers untouched)."""
    article.layers[FIGURE] = find_figures(article)
    return article
