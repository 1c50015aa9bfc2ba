"""Story briefs: what a story's articles say together (summary, timeline, figures, quotes).

Runs after stories are formed; each piece is computed by its own stage module and stored
in `Story.attrs`, which report.json and the HTML report expose as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.model import QUOTE, Article, Story
from marsad.quotes import merge_quotes
from marsad.stories.figures_compare import compare_figures
from marsad.stories.summary import headline, summarize
from marsad.text.normalize import normalize
from marsad.time import build_timeline


def who_said_what(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Quotes of a story grouped by speaker; the same quote in several outlets is one entry.

    Speakers resolved to an entity profile group by its id, others by their normalised name.
    Statements (direct, indirect) come first; partial quotes (terms a speaker is credited
    with) are kept apart so that a scare quote never reads as a full statement.
    """
    merged = merge_quotes([(a, s) for a in articles for s in a.spans(QUOTE)])
    groups: dict[str, dict[str, Any]] = {}
    for quote in merged:
        if not quote.get("speaker") and not quote.get("speaker_entity_id"):
            continue
        key = quote.get("speaker_entity_id") or normalize(quote["speaker"])
        group = groups.setdefault(
            key,
            {"speaker": quote["speaker"], "speaker_entity_id": quote.get("speaker_entity_id"),
             "statements": [], "terms": [], "outlets": set()},
        )  # fmt: skip
        # The longest surface form names the speaker best ("حكمت حاجييف" over "حاجييف").
        if len(quote["speaker"] or "") > len(group["speaker"] or ""):
            group["speaker"] = quote["speaker"]
        kind = "terms" if quote["type"] == "partial" else "statements"
        group[kind].append(quote)
        group["outlets"].update(_outlet(s) for s in quote["sources"])
    out = []
    for group in groups.values():
        group["outlets"] = sorted(group["outlets"])
        out.append(group)
    out.sort(key=lambda g: (-len(g["statements"]), -len(g["outlets"]), g["speaker"] or ""))
    return out


def _outlet(source: dict[str, Any]) -> str:
    return source.get("source") or source["article_id"]


def brief_stories(
    stories: Sequence[Story], articles: Sequence[Article], *, summary_words: int = 120
) -> None:
    """Fill each story's cited summary, headline, timeline, figures and who-said-what."""
    by_id = {a.id: a for a in articles}
    for story in stories:
        members = [by_id[i] for i in story.article_ids if i in by_id and not by_id[i].duplicate_of]
        if not members:
            continue
        story.summary = summarize(members, max_words=summary_words)
        story.title = headline(members, story.summary) or story.title
        story.attrs["timeline"] = build_timeline(members)
        story.attrs["figures"] = compare_figures(members)
        story.attrs["quotes"] = who_said_what(members)
