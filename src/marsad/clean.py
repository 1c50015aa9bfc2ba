"""Cleaning: take page furniture out of the body (kept, with reasons), find the title,
the agency sign-off and the dateline.

Works on plain text too: scraped text carries share prompts, teasers, view counters,
tag lines and captions. Every pattern lives in `data/cleaning/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.model import Article, RemovedLine
from marsad.resources import data_lines
from marsad.text.normalize import normalize

_TERMINAL = (".", "!", "?", "؟", "…", ":", "؛", "»", "”", '"', ")")
_BULLET = re.compile(r"^\s*[•●▪■◦·*\-–—]\s+")
_SPACES = re.compile(r"\s+")
_TITLE_MAX_WORDS = 25
_CAPTION_MAX_WORDS = 12
_TAG_MAX_WORDS = 3
# Furniture, captions and sign-offs are short; longer lines are body text and skip those rules.
_SHORT_LINE_CHARS = 250


@dataclass(frozen=True)
class CleaningRules:
    furniture: tuple[tuple[str, re.Pattern[str]], ...]
    agencies: dict[str, str]  # normalised variant -> canonical name
    agency_line: re.Pattern[str]
    trailing_agency: re.Pattern[str]
    datelines: tuple[re.Pattern[str], ...]


def _fold(line: str) -> str:
    """Normalised, single-spaced, without surrounding punctuation: the form rules match."""
    folded = _SPACES.sub(" ", normalize(line)).strip()
    return folded.strip(" .,،:;؛-–—()[]|\"'")


@lru_cache(maxsize=1)
def load_rules() -> CleaningRules:
    furniture = []
    for ln in data_lines("cleaning", "furniture.tsv"):
        reason, pattern = ln.split("\t", 1)
        furniture.append((reason, re.compile(normalize(pattern), re.IGNORECASE)))

    agencies: dict[str, str] = {}
    for ln in data_lines("cleaning", "agencies.tsv"):
        canonical, variants = ln.split("\t", 1)
        for variant in [canonical, *variants.split("|")]:
            agencies[_fold(variant)] = canonical
    # Longest first so that "وكالات الأنباء" wins over "وكالات".
    alternation = "|".join(re.escape(v) for v in sorted(agencies, key=len, reverse=True))
    agency_line = re.compile(rf"^\(?\s*(?:{alternation})\s*\)?$", re.IGNORECASE)
    # Any short trailing parenthesis; it is a sign-off only if it names a known agency.
    trailing_agency = re.compile(r"\s*[\(\[]([^()\[\]\n]{1,40})[\)\]]\s*$")

    raw_variants = sorted(
        {
            v
            for ln in data_lines("cleaning", "agencies.tsv")
            for v in ln.split("\t", 1)[1].split("|")
        },
        key=len,
        reverse=True,
    )
    agency_alt = "|".join(re.escape(v) for v in raw_variants)
    datelines = tuple(
        re.compile(p.replace("{agencies}", agency_alt))
        for p in data_lines("cleaning", "datelines.txt")
    )
    return CleaningRules(tuple(furniture), agencies, agency_line, trailing_agency, datelines)


def furniture_reason(
    line: str, rules: CleaningRules | None = None, folded: str | None = None
) -> str | None:
    """The reason `line` is page furniture, or None if it is article text."""
    rules = rules or load_rules()
    folded = _fold(line) if folded is None else folded
    if not folded or len(folded) > 200:  # furniture is short; body paragraphs are not
        return None
    for reason, pattern in rules.furniture:
        if pattern.search(folded):
            return reason
    return None


def _agency_of(fragment: str, rules: CleaningRules) -> str | None:
    return rules.agencies.get(_fold(fragment))


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


def _word_count(line: str) -> int:
    return len(line.split())


@dataclass
class _Line:
    text: str  # stripped
    blank_after: bool
    reason: str | None = None
    _folded: str | None = None

    @property
    def folded(self) -> str:
        """The form rules match, computed once and only when a rule needs it."""
        if self._folded is None:
            self._folded = _fold(self.text)
        return self._folded

    @property
    def short(self) -> bool:
        return len(self.text) <= _SHORT_LINE_CHARS


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = ln.strip()
        if stripped:
            lines.append(_Line(stripped, blank_after=False))
        elif lines:
            lines[-1].blank_after = True
    return lines


def _looks_like_title(lines: list[_Line], has_blank_lines: bool) -> bool:
    first = lines[0].text
    if len(lines) < 2 or _word_count(first) > _TITLE_MAX_WORDS or first.endswith(_TERMINAL[:5]):
        return False
    if lines[0].blank_after:
        return True
    # One paragraph per line with no blank lines: a short headline over a long paragraph.
    return not has_blank_lines and len(lines[1].text) > 2 * len(first) and _word_count(first) <= 15


def _mark_captions(lines: list[_Line]) -> None:
    """Short lines without sentence punctuation that repeat text found elsewhere (image captions)."""
    candidates = [
        ln
        for ln in lines
        if not ln.reason
        and ln.short
        and _word_count(ln.text) <= _CAPTION_MAX_WORDS
        and not _ends_sentence(ln.text)
    ]
    if not candidates:
        return
    body_folded = _SPACES.sub(" ", " ".join(ln.folded for ln in lines if not ln.reason)).replace(
        "،", ""
    )
    for ln in candidates:
        folded = _fold(_BULLET.sub("", ln.text)).replace("،", "").replace(",", "")
        folded = _SPACES.sub(" ", folded)
        # The line itself is part of the body once; a caption repeats words said elsewhere.
        if len(folded) >= 8 and body_folded.count(folded) >= 2:
            ln.reason = "image caption repeating the text"


def _mark_tag_lines(lines: list[_Line], first_body: int) -> None:
    """One to three bare words between the title and the first paragraph: a tag/section line."""
    for ln in lines[:first_body]:
        if ln.reason:
            continue
        if _word_count(ln.text) <= _TAG_MAX_WORDS and not re.search(r"[.،,:؟!?\d]", ln.text):
            ln.reason = "tag line"


def clean(article: Article) -> Article:
    """Fill `text`, `removed`, `title`, `agency` and `dateline` from `article.raw`."""
    rules = load_rules()
    lines = _split_lines(article.raw)
    has_blank_lines = any(ln.blank_after for ln in lines[:-1])
    removed: list[RemovedLine] = []

    if lines and article.title and lines[0].folded == _fold(article.title):
        lines[0].reason = "title repeated"
    elif (
        lines
        and not article.title
        and _looks_like_title(lines, has_blank_lines)
        and not furniture_reason(lines[0].text, rules, lines[0].folded)
    ):
        article.title = lines[0].text
        lines[0].reason = "title"

    for ln in lines:
        if ln.reason:
            continue
        if not ln.short:
            continue
        ln.reason = furniture_reason(ln.text, rules, ln.folded)
        if not ln.reason and len(ln.folded) < 60 and rules.agency_line.match(ln.folded):
            article.agency = article.agency or _agency_of(ln.text, rules)
            ln.reason = "agency sign-off"

    first_body = next(
        (i for i, ln in enumerate(lines) if not ln.reason and _word_count(ln.text) > 6),
        len(lines),
    )
    _mark_tag_lines(lines, first_body)
    _mark_captions(lines)

    kept = [ln for ln in lines if not ln.reason]
    for ln in lines:
        if ln.reason and ln.reason != "title":
            removed.append(RemovedLine(ln.text, ln.reason))

    if kept:
        _take_dateline(article, kept[0], rules, removed)
        _take_trailing_agency(article, kept[-1], rules, removed)

    paragraphs = []
    for ln in kept:
        if not ln.text:
            continue
        paragraphs.append(ln.text + ("\n" if ln.blank_after else ""))
    article.text = "\n".join(paragraphs).strip()
    article.removed = removed
    return article


def _take_dateline(article: Article, line: _Line, rules: CleaningRules, removed: list) -> None:
    for pattern in rules.datelines:
        m = pattern.match(line.text)
        if not m or m.end() >= len(line.text):
            continue
        prefix = line.text[: m.end()].strip()
        article.dateline = prefix.rstrip(":–—- ").strip()
        agency = m.groupdict().get("agency")
        if agency and not article.agency:
            article.agency = _agency_of(agency, rules) or agency.strip()
        removed.append(RemovedLine(prefix, "dateline"))
        line.text = line.text[m.end() :].lstrip()
        return


def _take_trailing_agency(
    article: Article, line: _Line, rules: CleaningRules, removed: list
) -> None:
    """An agency in parentheses closing the last paragraph: "... الحدود. (أ ف ب)"."""
    m = rules.trailing_agency.search(line.text)
    agency = _agency_of(m.group(1), rules) if m and m.start() > 0 else None
    if not agency:
        return
    article.agency = article.agency or agency
    removed.append(RemovedLine(line.text[m.start() :].strip(), "agency sign-off"))
    line.text = line.text[: m.start()].rstrip()
