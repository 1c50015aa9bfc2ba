"""report.html: a readable, self-contained RTL Arabic page. All article text is escaped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from marsad.render.labels import install_labels

# Article text is untrusted and unbounded: cap what one page renders.
MAX_TEXT_CHARS = 200_000


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("marsad", "render/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = lambda text: [p for p in (text or "").split("\n") if p.strip()]
    env.filters["bounded"] = lambda text: (text or "")[:MAX_TEXT_CHARS]
    install_labels(env)
    return env


def render_html(report: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in report["articles"]}
    # The entity index lists the most mentioned first.
    entities = sorted(report["entities"], key=lambda e: (-len(e["mentions"]), e["name"]))
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            articles=articles,
            entities=entities,
            story_titles={s["id"]: s["title"] for s in report["stories"]},
            max_chars=MAX_TEXT_CHARS,
        )
    )
