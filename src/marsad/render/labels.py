"""Display names shared by every renderer (report.md, report.html, the web app's pages)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from marsad.resources import data_rows

if TYPE_CHECKING:
    from jinja2 import Environment

QUOTE_TYPE_AR = {"direct": "مباشر", "indirect": "غير مباشر", "partial": "جزئي"}


@lru_cache(maxsize=1)
def _count_nouns() -> dict[str, list[str]]:
    return {row[0]: row[1:6] for row in data_rows("render", "count_nouns.tsv")}


def count_label(n: int, noun: str) -> str:
    """A number with the Arabic noun it governs (data/render/count_nouns.tsv): "لا مقالات",
    "مقالة واحدة", "مقالتان", "5 مقالات", "21 مقالة", "100 مقالة"; the key itself for an
    unknown noun."""
    forms = _count_nouns().get(noun)
    if forms is None:
        return f"{n} {noun}"
    one, two, few, many, hundred = forms
    if n == 0:
        return f"لا {few}"  # "لا أخطاء إدخال"
    if n == 1:
        return one
    if n == 2:
        return two
    last = n % 100
    if 3 <= last <= 10:
        return f"{n} {few}"
    if 11 <= last <= 99:
        return f"{n} {many}"
    return f"{n} {hundred}"  # 100, 101, 102, 200 …


def install_labels(env: Environment) -> None:
    """Make the labels available to templates: `quote_type_ar[type]` and the `count` filter
    ("{{ n|count('article') }}")."""
    env.globals["quote_type_ar"] = QUOTE_TYPE_AR
    env.filters["count"] = count_label  # "5 مقالات", "21 مقالة": the noun a number governs
