"""Do the outlets of a story report the same numbers? One row per thing counted.

Figures (`marsad.figures`) are grouped by what they count: the unit lemma and its kind
("قتيل"/count, "ساعة"/duration, "%"/percent), and the period they belong to: a figure whose
sentence dates it to an earlier year than the article ("حرب 2020 أسفرت عن 6500 قتيل") is
about another event than today's toll, so it gets its own group (`period`). Figures with no
known unit are left out, since nothing says what they count. A group is
  agree   when some value is reported by every outlet in it (at least two outlets),
  differ  when at least two outlets report it and no value is common to all of them,
  single  when only one outlet reports it.
Qualifiers are kept ("أكثر من 100 ألف" and "100 ألف" agree on 100000, each shown with its
hedge). Outlets are `Article.source`, else the article id; duplicates are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from marsad.figures import find_figures
from marsad.model import DATE, FIGURE, Article

_STATUS_ORDER = {"differ": 0, "agree": 1, "single": 2}
_YEAR_RE = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])")
# Clause ends: sentence punctuation, commas and line ends (not the . or , inside a number).
_CLAUSE_END_RE = re.compile(r"[!?؟\n،؛;]|[.,](?!\d)")
_CONTEXT = 60  # characters of text shown on each side of a figure


def _figures(article: Article) -> list:
    spans = article.layers.get(FIGURE)
    return spans if spans is not None else find_figures(article)


def _periods(article: Article) -> list[tuple[int, int, str]]:
    """(clause start, end, year) for clauses dated to a year before the article's."""
    layer = article.layers.get(DATE)
    if layer is None:
        from marsad.time import find_temporal

        layer = find_temporal(article.text or "", None)
    current = (article.published or "")[:4]
    mentions = [
        (d.start, d.attrs["value"][:4])
        for d in layer
        if d.label == "date" and isinstance(d.attrs.get("value"), str)
    ]
    # A bare year ("حرب 2020") that the date layer left alone still dates its clause.
    text = article.text or ""
    mentions += [(m.start(), m.group()) for m in _YEAR_RE.finditer(text)]
    out = []
    for pos, year in mentions:
        if year.isdigit() and (not current or year < current):
            # The clause: from the last boundary before the year to the next one after it.
            left = max((m.end() for m in _CLAUSE_END_RE.finditer(text, max(0, pos - 300), pos)),
                       default=max(0, pos - 300))  # fmt: skip
            nxt = _CLAUSE_END_RE.search(text, pos, pos + 300)
            out.append((left, nxt.start() if nxt else min(len(text), pos + 300), year))
    return out


def _period_of(periods: list[tuple[int, int, str]], start: int) -> str | None:
    found = [year for s, e, year in periods if s <= start < e]
    return max(found) if found else None


def _context(text: str, start: int, end: int) -> str:
    """The figure's surroundings: about `_CONTEXT` characters each side, whole words only,
    never crossing a line; "…" marks a cut."""
    left = max(text.rfind("\n", 0, start) + 1, start - _CONTEXT, 0)
    nl = text.find("\n", end, end + _CONTEXT)
    right = nl if nl != -1 else min(len(text), end + _CONTEXT)
    piece_left, piece_right = text[left:start], text[end:right]
    cut_left = left > 0 and text[left - 1] not in "\n"
    cut_right = right < len(text) and text[right] not in "\n"
    if cut_left and " " in piece_left:
        piece_left = piece_left.split(" ", 1)[1]  # drop the partial first word
    if cut_right and " " in piece_right:
        piece_right = piece_right.rsplit(" ", 1)[0]
    out = (piece_left + text[start:end] + piece_right).strip()
    return ("… " if cut_left else "") + out + (" …" if cut_right else "")


def compare_figures(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Figure groups across the story's outlets, disagreements first.

    Each group: `{"unit", "kind", "period", "status", "values", "outlets": [{"outlet", "article_id",
    "value", "qualifier", "text", "start", "end", "context"}]}`.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for article in articles:
        if not isinstance(article, Article) or article.duplicate_of or not article.text:
            continue
        outlet = article.source or article.id
        figures = _figures(article)
        periods = _periods(article) if figures else []
        for span in figures:
            unit = span.attrs.get("unit")
            value = span.attrs.get("value")
            if not unit or not isinstance(value, int | float):
                continue
            period = _period_of(periods, span.start) or ""
            key = (str(unit), str(span.attrs.get("kind") or ""), period)
            groups.setdefault(key, []).append(
                {
                    "outlet": outlet,
                    "article_id": article.id,
                    "value": value,
                    "qualifier": span.attrs.get("qualifier"),
                    "text": span.text_of(article.text),
                    "start": span.start,
                    "end": span.end,
                    "context": _context(article.text, span.start, span.end),
                }
            )
    out = []
    for (unit, kind, period), rows in groups.items():
        by_outlet: dict[str, set] = {}
        for r in rows:
            by_outlet.setdefault(r["outlet"], set()).add(r["value"])
        if len(by_outlet) < 2:
            status = "single"
        else:
            common = set.intersection(*by_outlet.values())
            status = "agree" if common else "differ"
        # One row per outlet and value: an outlet repeating its own figure is said once.
        seen: set[tuple[str, Any]] = set()
        unique = []
        for r in rows:
            if (r["outlet"], r["value"]) not in seen:
                seen.add((r["outlet"], r["value"]))
                unique.append(r)
        out.append(
            {
                "unit": unit,
                "kind": kind or None,
                "period": period or None,
                "status": status,
                "values": sorted({r["value"] for r in rows}),
                "outlets": unique,
            }
        )
    out.sort(key=lambda g: (_STATUS_ORDER[g["status"]], -len(g["outlets"]), g["unit"]))
    return out
