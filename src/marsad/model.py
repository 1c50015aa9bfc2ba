"""The one data model that flows through the pipeline.

An `Article` keeps its raw and clean text unchanged once cleaning is done. Every later
stage adds `Span`s (character offsets into `Article.text`) to a named layer and never
rewrites the text. Normalised strings serve matching only, never display.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# Layer names used across the pipeline.
SENTENCE = "sentence"
TOKEN = "token"
ENTITY = "entity"
QUOTE = "quote"
DATE = "date"
FIGURE = "figure"


@dataclass(slots=True)
class Span:
    """A half-open character range [start, end) over an article's clean text."""

    start: int
    end: int
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "attrs": self.attrs}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(d["start"], d["end"], d.get("label", ""), d.get("attrs") or {})


@dataclass(slots=True)
class RemovedLine:
    """A line taken out of the body by cleaning, with the reason it was taken out."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Article:
    id: str
    raw: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_inferred: bool = False
    published_confidence: float | None = None
    agency: str | None = None
    dateline: str | None = None
    text: str = ""  # the clean body; every span points into it
    removed: list[RemovedLine] = field(default_factory=list)
    language: str = "und"
    path: str | None = None
    fmt: str = "txt"
    duplicate_of: str | None = None
    input_hash: str | None = None  # hash of the input as ingested: what makes re-adding a no-op
    layers: dict[str, list[Span]] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of the clean text (raw text before cleaning) for exact-duplicate detection."""
        return content_hash(self.text or self.raw)

    def spans(self, layer: str) -> list[Span]:
        return self.layers.get(layer, [])

    def set_layer(self, layer: str, spans: list[Span]) -> None:
        self.layers[layer] = spans


def content_hash(text: str) -> str:
    """A stable hash of text, insensitive to whitespace runs."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class InputError:
    """A bad input: reported with its path and reason, never aborting the batch."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(slots=True)
class Story:
    id: str
    title: str
    article_ids: list[str]
    summary: list[dict[str, str]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
