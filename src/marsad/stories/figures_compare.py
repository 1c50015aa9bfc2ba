"""Do the outlets of a story report the same numbers? One row per thing counted.

Figures (`marsad.figures`) are grouped by what they count: the unit lemma and its kind
("قتيل"/count, "ساعة"/duration, "%"/percent). Figures with no known unit are left out, since
nothing says what they count. A group is
  agree   when some value is reported by every outlet in it (at least two outlets),
  differ  when at least two outlets report it and no value is common to all of them,
  single  when only one outlet reports it.
Qualifiers are kept ("أكثر من 100 ألف" and "100 ألف" agree on 100000, each shown with its
hedge). Outlets are `Article.source`, else the article id; duplicates are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.figures import find_figures
from marsad.model import FIGURE, Article

_STATUS_ORDER = {"differ": 0, "agree": 1, "single": 2}
_CONTEXT = 60  # characters of text shown on each side of a figure


def _figures(article: Article) -> list:
    spans = article.layers.get(FIGURE)
    return spans if spans is not None else find_figures(article)


def _context(text: str, start: int, end: int) -> str:
    """The figure's clause: up to `_CONTEXT` characters each side, not crossing a line."""
    left = max(text.rfind("\n", 0, start) + 1, start - _CONTEXT, 0)
    nl = text.find("\n", end, end + _CONTEXT)
    right = nl if nl != -1 else min(len(text), end + _CONTEXT)
    return text[left:right].strip()


def compare_figures(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Figure groups across the story's outlets, disagreements first.

    Each group: `{"unit", "kind", "status", "values", "outlets": [{"outlet", "article_id",
    "value", "qualifier", "text", "start", "end", "context"}]}`.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for article in articles:
        if not isinstance(article, Article) or article.duplicate_of or not article.text:
            continue
        outlet = article.source or article.id
        for span in _figures(article):
            unit = span.attrs.get("unit")
            value = span.attrs.get("value")
            if not unit or not isinstance(value, int | float):
                continue
            key = (str(unit), str(span.attrs.get("kind") or ""))
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
    for (unit, kind), rows in groups.items():
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
                "status": status,
                "values": sorted({r["value"] for r in rows}),
                "outlets": unique,
            }
        )
    out.sort(key=lambda g: (_STATUS_ORDER[g["status"]], -len(g["outlets"]), g["unit"]))
    return out
