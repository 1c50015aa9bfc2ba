"""report.json: the published contract (`report.schema.json`)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema

from marsad import __version__
from marsad.model import DATE, FIGURE, QUOTE, SENTENCE, Article
from marsad.pipeline import Report

# Span attributes that stay internal (offsets of helpers, scores used for ranking).
_ANCHOR_KEYS = ("article_id", "start", "end", "text")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads((files("marsad") / "render" / "report.schema.json").read_text("utf-8"))


def validate(report: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError if `report` breaks the contract."""
    jsonschema.validate(report, schema())


def article_dict(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "published_inferred": a.published_inferred,
        "published_confidence": a.published_confidence,
        "agency": a.agency,
        "dateline": a.dateline,
        "language": a.language,
        "duplicate_of": a.duplicate_of,
        "text": a.text,
        "removed": [r.to_dict() for r in a.removed],
        "sentences": [[s.start, s.end] for s in a.spans(SENTENCE)],
    }


def anchored(
    articles: list[Article], layer: str, labels: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """Every span of `layer` (with one of `labels`, if given) as a report entry: its anchor,
    its text and its attributes."""
    out = []
    for a in articles:
        for s in a.spans(layer):
            if labels is not None and s.label not in labels:
                continue
            entry = {"article_id": a.id, "start": s.start, "end": s.end, "text": s.text_of(a.text)}
            entry.update({k: v for k, v in s.attrs.items() if k not in _ANCHOR_KEYS})
            out.append(entry)
    return out


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "meta": {"generator": f"marsad {__version__}", "added": report.added,
                 "unchanged": report.unchanged},
        "articles": [article_dict(a) for a in report.articles],
        "stories": [
            {"id": s.id, "title": s.title, "article_ids": s.article_ids, "summary": s.summary,
             **s.attrs}
            for s in report.stories
        ],
        "entities": list(report.entities),
        "quotes": anchored(report.articles, QUOTE),
        # Durations, clock times and recurring expressions share the layer but are not dates.
        "dates": anchored(report.articles, DATE, frozenset({"date"})),
        "figures": anchored(report.articles, FIGURE),
        "errors": [e.to_dict() for e in report.errors],
    }  # fmt: skip


def write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
