"""View models of the web app and the API: story briefs, article views, entity profiles, search.

The Pydantic models are the API's response schema. Builders read the store through
`marsad.store.queries` and are tolerant of what later stages may or may not have stored:
a section whose stage has produced nothing comes back empty (or None), never as an error.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from typing import Any
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape
from pydantic import BaseModel, Field

from marsad.model import DATE, ENTITY, FIGURE, QUOTE, Span
from marsad.store import queries as q
from marsad.store.sqlite import Store
from marsad.text.normalize import normalize, normalize_word

# Article text is untrusted and unbounded: cap what one page highlights.
MAX_TEXT_CHARS = 200_000
MAX_STORY_ARTICLES = 300
MAX_STORY_QUOTES = 500
HIGHLIGHT_LAYERS = (ENTITY, QUOTE, DATE, FIGURE)


# -- response models ------------------------------------------------------------------------


class StoryRef(BaseModel):
    id: str
    title: str


class ArticleSummary(BaseModel):
    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_inferred: bool = False
    agency: str | None = None
    duplicate_of: str | None = None


class SpanOut(BaseModel):
    start: int
    end: int
    label: str
    text: str
    attrs: dict[str, Any] = Field(default_factory=dict)


class RemovedOut(BaseModel):
    text: str
    reason: str


class ArticleView(ArticleSummary):
    text: str
    removed: list[RemovedOut]
    layers: dict[str, list[SpanOut]]
    stories: list[StoryRef]


class StorySummary(BaseModel):
    id: str
    title: str
    n_articles: int
    n_sources: int
    first_published: str | None = None
    last_published: str | None = None


class StoryList(BaseModel):
    total: int
    sort: str
    items: list[StorySummary]


class Citation(BaseModel):
    text: str
    article_id: str
    source: str | None = None


class TimelineSource(BaseModel):
    article_id: str
    source: str | None = None
    sentence: str = ""
    expression: str | None = None


class TimelineEvent(BaseModel):
    date: str
    precision: str | None = None
    text: str
    articles: list[str]
    sources: list[TimelineSource]
    confidence: float | None = None


class QuoteOut(BaseModel):
    article_id: str
    source: str | None = None
    article_title: str | None = None
    start: int
    end: int
    text: str
    type: str | None = None
    speaker: str | None = None
    speaker_entity_id: str | None = None
    verb: str | None = None


class StatementSource(BaseModel):
    article_id: str
    source: str | None = None
    start: int | None = None
    end: int | None = None


class Statement(BaseModel):
    text: str
    type: str | None = None
    sources: list[StatementSource]


class SpeakerQuotes(BaseModel):
    """What one speaker said across the story (the quotes stage's story-level grouping)."""

    speaker: str | None = None
    speaker_entity_id: str | None = None
    statements: list[Statement]
    terms: list[Statement] = Field(
        default_factory=list, description="partial quotes: terms the speaker is credited with"
    )
    outlets: list[str] = Field(default_factory=list, description="outlets that carried them")


class FigureRow(BaseModel):
    """One (unit, value) reported in a story, with the outlets that report it."""

    unit: str | None
    value: float | None
    texts: list[str]
    articles: list[str]
    sources: list[str]
    agrees: bool = Field(description="False when outlets give other values for the same unit")


class OutletRow(BaseModel):
    source: str
    articles: list[str]
    first_published: str | None = None
    quotes: int
    figures: int
    entities: int


class EntityRef(BaseModel):
    id: str
    name: str
    type: str
    mentions: int
    articles: int


class EventConflict(BaseModel):
    kind: str
    label: str
    here: list[str] = Field(description="dates this story gives the event (ISO)")
    there: list[str] = Field(description="dates the other story gives it (ISO)")
    # The side whose dates were guessed (`estimated`) lists only its dates in conflict.


class KeptApart(BaseModel):
    """A story the content matched but event dates kept apart (marsad.stories.cluster)."""

    story_id: str
    title: str | None = Field(None, description="the other story's title, if it is stored")
    estimated: str | None = Field(
        None, description="whose dates were read at a guessed publication day: article|story|both"
    )
    conflicts: list[EventConflict]


class StoryBrief(BaseModel):
    id: str
    title: str
    summary: list[Citation]
    articles: list[ArticleSummary]
    n_articles: int
    timeline: list[TimelineEvent]
    quotes: list[QuoteOut]
    speakers: list[SpeakerQuotes] = Field(
        default_factory=list, description="story attrs `quotes`, grouped by speaker, if stored"
    )
    figures: list[FigureRow]
    figures_stage: Any = Field(None, description="story attrs `figures` as stored, if any")
    outlets: list[OutletRow]
    comparison: Any = Field(None, description="story attrs `comparison` as stored, if any")
    entities: list[EntityRef]
    stages: dict[str, bool] = Field(description="which stages have produced data for this story")
    kept_apart: list[KeptApart] = Field(
        default_factory=list, description="stories the content matched but event dates did not"
    )


class Mention(BaseModel):
    article_id: str
    start: int
    end: int
    text: str


class EntityProfile(BaseModel):
    id: str
    name: str
    type: str
    variants: list[str]
    roles: list[str]
    country: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    n_mentions: int
    articles: list[ArticleSummary]
    stories: list[StoryRef]
    quotes: list[QuoteOut]
    mentions: list[Mention]


class SearchHit(BaseModel):
    article: ArticleSummary
    snippet: str = Field(description="a window of the original text around the first match")
    match: list[int] = Field(
        default_factory=list, description="[start, end] of the match inside `snippet`, if any"
    )
    via: str = Field(description='"text" (full-text match) or "entity" (a matching entity)')
    entity_ids: list[str] = Field(default_factory=list)


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]
    stories: list[StoryRef]
    entities: list[EntityRef]


# -- builders -------------------------------------------------------------------------------


def _clip_spans(spans: list[Span], n: int) -> list[Span]:
    """Spans that fit the text, in order; stored data is not trusted to be in range."""
    out = [s for s in spans if 0 <= s.start < s.end <= n]
    return sorted(out, key=lambda s: (s.start, -s.end))


def _story_refs(db: sqlite3.Connection, article_ids: list[str]) -> list[StoryRef]:
    found = q.stories_of_articles(db, article_ids)
    seen: dict[str, str] = {}
    for aid in article_ids:
        for sid, title in found.get(aid, []):
            seen.setdefault(sid, title)
    return [StoryRef(id=s, title=t) for s, t in seen.items()]


def article_view(db: sqlite3.Connection, article_id: str) -> ArticleView | None:
    meta = q.article_meta(db, [article_id])
    if not meta:
        return None
    text = q.article_texts(db, [article_id]).get(article_id, "")
    layers = q.layer_spans(db, [article_id], q.layer_names(db, article_id)).get(article_id, {})
    return ArticleView(
        **meta[0],
        text=text,
        removed=[RemovedOut(text=r.text, reason=r.reason) for r in q.removed_lines(db, article_id)],
        layers={
            name: [
                SpanOut(
                    start=s.start, end=s.end, label=s.label, text=s.text_of(text), attrs=s.attrs
                )
                for s in _clip_spans(spans, len(text))
            ]
            for name, spans in layers.items()
        },
        stories=_story_refs(db, [article_id]),
    )


def _opt_str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _timeline(raw: Any) -> list[TimelineEvent]:
    """The timeline stage's events, keeping only well-formed ones."""
    events = []
    for ev in raw if isinstance(raw, list) else []:
        if not isinstance(ev, dict) or not isinstance(ev.get("date"), str):
            continue
        sources = [
            TimelineSource(
                article_id=str(s.get("article_id", "")),
                source=_opt_str(s.get("source")),
                sentence=str(s.get("sentence") or ""),
                expression=_opt_str(s.get("expression")),
            )
            for s in ev.get("sources") or []
            if isinstance(s, dict) and s.get("article_id")
        ]
        conf = ev.get("confidence")
        events.append(
            TimelineEvent(
                date=ev["date"],
                precision=_opt_str(ev.get("precision")),
                text=str(ev.get("text") or (sources[0].sentence if sources else "")),
                articles=[str(a) for a in ev.get("articles") or [] if isinstance(a, str)]
                or list(dict.fromkeys(s.article_id for s in sources)),
                sources=sources,
                confidence=float(conf) if isinstance(conf, int | float) else None,
            )
        )
    return events


def _statements(raw: Any) -> list[Statement]:
    """Well-formed statements of a who-said-what group (stored data is not trusted)."""
    out = []
    for st in raw if isinstance(raw, list) else []:
        if not isinstance(st, dict) or not isinstance(st.get("text"), str):
            continue
        sources = [
            StatementSource(
                article_id=src["article_id"],
                source=_opt_str(src.get("source")),
                start=src.get("start") if isinstance(src.get("start"), int) else None,
                end=src.get("end") if isinstance(src.get("end"), int) else None,
            )
            for src in st.get("sources") or []
            if isinstance(src, dict) and isinstance(src.get("article_id"), str)
        ]
        out.append(Statement(text=st["text"], type=_opt_str(st.get("type")), sources=sources))
    return out


def _speakers(raw: Any) -> list[SpeakerQuotes]:
    """The quotes stage's who-said-what groups, keeping only well-formed parts."""
    out = []
    for g in raw if isinstance(raw, list) else []:
        if not isinstance(g, dict):
            continue
        statements, terms = _statements(g.get("statements")), _statements(g.get("terms"))
        if statements or terms:
            outlets = g.get("outlets") if isinstance(g.get("outlets"), list) else []
            out.append(
                SpeakerQuotes(
                    speaker=_opt_str(g.get("speaker")),
                    speaker_entity_id=_opt_str(g.get("speaker_entity_id")),
                    statements=statements,
                    terms=terms,
                    outlets=[o for o in outlets if isinstance(o, str)],
                )
            )
    return out


def _figure_rows(
    spans: dict[str, list[Span]], texts: dict[str, str], sources: dict[str, str]
) -> list[FigureRow]:
    """Figures grouped by unit and value: do the outlets agree on the numbers?"""
    rows: dict[tuple[str | None, float | None], FigureRow] = {}
    for aid, figs in spans.items():
        for s in figs:
            value = s.attrs.get("value")
            value = float(value) if isinstance(value, int | float) else None
            unit = s.attrs.get("unit") if isinstance(s.attrs.get("unit"), str) else None
            row = rows.setdefault(
                (unit, value),
                FigureRow(unit=unit, value=value, texts=[], articles=[], sources=[], agrees=True),
            )
            surface = s.text_of(texts.get(aid, ""))
            if surface and surface not in row.texts:
                row.texts.append(surface)
            if aid not in row.articles:
                row.articles.append(aid)
            src = sources.get(aid) or ""
            if src and src not in row.sources:
                row.sources.append(src)
    by_unit: dict[str | None, int] = defaultdict(int)
    for unit, value in rows:
        if value is not None:
            by_unit[unit] += 1
    out = sorted(rows.values(), key=lambda r: (r.unit or "", -len(r.articles), r.value or 0))
    for r in out:
        r.agrees = by_unit[r.unit] <= 1
    return out


def entity_refs(
    spans: dict[str, list[Span]], texts: dict[str, str], limit: int = 100
) -> list[EntityRef]:
    """Entities mentioned in some articles, most mentioned first."""
    count: dict[str, int] = defaultdict(int)
    arts: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    for aid, ents in spans.items():
        for s in ents:
            surface = " ".join(s.text_of(texts.get(aid, "")).split())
            eid = s.attrs.get("entity_id")
            # Without an entity id, mentions group by type and normalised form (no page).
            key = eid if isinstance(eid, str) and eid else f"~{s.label}:{normalize(surface)}"
            count[key] += 1
            arts[key].add(aid)
            forms[key][surface] += 1
            labels.setdefault(key, s.label)
    ranked = sorted(count, key=lambda k: (-count[k], -len(arts[k]), k))[:limit]
    return [
        EntityRef(
            id=k,
            name=max(forms[k], key=lambda f: (forms[k][f], len(f))),
            type=labels[k],
            mentions=count[k],
            articles=len(arts[k]),
        )
        for k in ranked
    ]


def _kept_apart(db: sqlite3.Connection, raw: Any) -> list[KeptApart]:
    out = []
    for k in raw if isinstance(raw, list) else []:
        try:
            other = q.get_story(db, str(k["story_id"]))
            conflicts = [EventConflict(**c) for c in k.get("conflicts") or []]
        except (KeyError, TypeError, ValueError):
            continue  # written by another version: shown without it rather than failing
        title = other.title if other else None
        out.append(KeptApart(story_id=str(k["story_id"]), title=title,
                             estimated=k.get("estimated"), conflicts=conflicts))  # fmt: skip
    return out


def story_brief(db: sqlite3.Connection, story_id: str) -> StoryBrief | None:
    story = q.get_story(db, story_id)
    if story is None:
        return None
    ids = story.article_ids[:MAX_STORY_ARTICLES]
    meta = q.article_meta(db, ids)
    sources = {m["id"]: m["source"] or "" for m in meta}
    layers = q.layer_spans(db, ids, (ENTITY, QUOTE, FIGURE))
    texts = q.article_texts(db, [aid for aid, ls in layers.items() if ls])
    spans = {
        name: {
            aid: _clip_spans(ls[name], len(texts.get(aid, "")))
            for aid, ls in layers.items()
            if name in ls
        }
        for name in (ENTITY, QUOTE, FIGURE)
    }
    titles = {m["id"]: m["title"] for m in meta}
    quotes = [
        QuoteOut(**q.quote_dict(aid, s, texts.get(aid, ""), sources.get(aid), titles.get(aid)))
        for aid in ids
        for s in spans[QUOTE].get(aid, [])
    ][:MAX_STORY_QUOTES]
    figures = _figure_rows(spans[FIGURE], texts, sources)
    entities = entity_refs(spans[ENTITY], texts)
    outlets: dict[str, OutletRow] = {}
    for m in meta:
        src = m["source"] or "غير معروف"
        row = outlets.setdefault(
            src, OutletRow(source=src, articles=[], quotes=0, figures=0, entities=0)
        )
        row.articles.append(m["id"])
        if m["published"] and (not row.first_published or m["published"] < row.first_published):
            row.first_published = m["published"]
        row.quotes += len(spans[QUOTE].get(m["id"], []))
        row.figures += len(spans[FIGURE].get(m["id"], []))
        row.entities += len(spans[ENTITY].get(m["id"], []))
    summary = [
        Citation(
            text=str(c["text"]),
            article_id=str(c["article_id"]),
            source=sources.get(c["article_id"]),
        )
        for c in story.summary
        if isinstance(c, dict) and c.get("text") and c.get("article_id")
    ]
    timeline = _timeline(story.attrs.get("timeline"))
    kept_apart = _kept_apart(db, story.attrs.get("kept_apart"))
    speakers = _speakers(story.attrs.get("quotes"))
    return StoryBrief(
        id=story.id,
        title=story.title,
        summary=summary,
        articles=[ArticleSummary(**m) for m in meta],
        n_articles=len(story.article_ids),
        timeline=timeline,
        quotes=quotes,
        speakers=speakers,
        figures=figures,
        figures_stage=story.attrs.get("figures"),
        kept_apart=kept_apart,
        outlets=sorted(outlets.values(), key=lambda o: (-len(o.articles), o.source)),
        comparison=story.attrs.get("comparison"),
        entities=entities,
        stages={
            "summary": bool(summary),
            "timeline": bool(timeline),
            "quotes": bool(quotes) or bool(speakers),
            "figures": bool(figures) or bool(story.attrs.get("figures")),
            "comparison": bool(story.attrs.get("comparison")),
            "entities": bool(entities),
        },
    )


def _n_mentions(index: q.EntityIndex, entity_id: str) -> int:
    stored = index.profiles.get(entity_id, {}).get("mentions")
    counted = sum(index.variants.get(entity_id, {}).values())
    return max(counted, len(stored) if isinstance(stored, list) else 0)


def _stored_mentions(prof: dict[str, Any]) -> list[Mention]:
    """Mentions as a stored profile lists them: [article id, start, end, text] or dicts."""
    out = []
    for m in prof.get("mentions") or []:
        if isinstance(m, dict):
            m = [m.get("article_id"), m.get("start"), m.get("end"), m.get("text")]
        if (
            isinstance(m, list | tuple)
            and len(m) >= 4
            and isinstance(m[0], str)
            and isinstance(m[1], int)
            and isinstance(m[2], int)
        ):
            out.append(Mention(article_id=m[0], start=m[1], end=m[2], text=str(m[3] or "")))
    return out


def entity_profile(
    db: sqlite3.Connection, index: q.EntityIndex, entity_id: str
) -> EntityProfile | None:
    if entity_id not in index.variants:
        return None
    forms = index.variants[entity_id]
    roles = index.roles.get(entity_id, {})
    aids = index.articles.get(entity_id, [])
    stored = index.profiles.get(entity_id, {})
    mentions = [
        Mention(article_id=a, start=s.start, end=s.end, text=t)
        for a, s, t in q.entity_mentions(db, entity_id, limit=200)
    ] or _stored_mentions(stored)[:200]

    def opt(key: str) -> str | None:
        return stored.get(key) if isinstance(stored.get(key), str) else None

    return EntityProfile(
        id=entity_id,
        name=index.name(entity_id),
        type=index.labels.get(entity_id, ""),
        variants=sorted(forms, key=lambda f: -forms[f]),
        roles=sorted(roles, key=lambda r: -roles[r]),
        country=opt("country"),
        first_seen=opt("first_seen"),
        last_seen=opt("last_seen"),
        n_mentions=_n_mentions(index, entity_id),
        articles=[ArticleSummary(**m) for m in q.article_meta(db, aids[:200])],
        stories=_story_refs(db, aids[:500]),
        quotes=q.quotes(db, speaker_entity_id=entity_id, limit=200),
        mentions=mentions,
    )


def entity_list(index: q.EntityIndex, query: str = "", limit: int = 100) -> list[EntityRef]:
    ids = index.matching(query) if query.strip() else list(index.variants)
    counts = {e: _n_mentions(index, e) for e in ids}
    ids.sort(key=lambda e: (-counts[e], e))
    return [
        EntityRef(
            id=e,
            name=index.name(e),
            type=index.labels.get(e, ""),
            mentions=counts[e],
            articles=len(index.articles.get(e, ())),
        )
        for e in ids[: max(0, limit)]
    ]


def search(store: Store, index: q.EntityIndex, query: str, limit: int = 50) -> SearchResult:
    """Full-text hits, then articles that mention an entity whose variants match the query."""
    limit = max(1, min(limit, 500))
    hits: dict[str, tuple[str, str, list[str]]] = {}
    # Snippets are cut from the original text below; the index's own only past SNIPPET_HITS.
    for aid, snippet in store.search(query, limit=limit, snippets=limit > SNIPPET_HITS):
        hits.setdefault(aid, (snippet, "text", []))
    matched = index.matching(query)
    for eid in matched:
        for aid in index.articles.get(eid, []):
            if aid in hits:
                if eid not in hits[aid][2]:
                    hits[aid][2].append(eid)
            elif len(hits) < limit:
                hits[aid] = ("", "entity", [eid])
    db = store.db
    meta = {m["id"]: m for m in q.article_meta(db, list(hits))}
    words = set(normalize(query).split())
    for eid in matched:
        for form in index.variants.get(eid, {}):
            words.update(normalize(form).split())
    texts = q.article_texts(db, list(hits)[:SNIPPET_HITS])
    result_hits = []
    for aid, (snip, via, eids) in hits.items():
        if aid not in meta:
            continue
        found = _snippet(texts[aid], words) if aid in texts else None
        if found:
            snip, a, b = found
        else:  # the index's own (normalised) snippet, its brackets marking the match
            snip, a, b = snip.replace("[", "").replace("]", ""), 0, 0
        result_hits.append(
            SearchHit(article=ArticleSummary(**meta[aid]), snippet=snip,
                      match=[a, b] if b > a else [], via=via, entity_ids=eids)
        )  # fmt: skip
    return SearchResult(
        query=query,
        hits=result_hits,
        stories=_story_refs(db, [h.article.id for h in result_hits]),
        entities=entity_list(index, query, limit=20) if matched else [],
    )


SNIPPET_HITS = 100
SNIPPET_CONTEXT = 90
# A word as the full-text index sees it, with the marks and tatweel that normalising drops.
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]+")


def _snippet(text: str, words: set[str]) -> tuple[str, int, int] | None:
    """The original text around the first word whose normalised form is one of `words`."""
    if not words:
        return None
    for m in _WORD.finditer(text):
        if normalize_word(m.group()) in words:
            a = max(0, m.start() - SNIPPET_CONTEXT)
            b = min(len(text), m.end() + SNIPPET_CONTEXT)
            # Start and end on word boundaries, on one line.
            if a > 0:
                a = next((i + 1 for i in range(a, m.start()) if text[i].isspace()), a)
            if b < len(text):
                b = next((i for i in range(b - 1, m.end(), -1) if text[i].isspace()), b)
            before = _SPACES.sub(" ", text[a : m.start()]).lstrip()
            after = _SPACES.sub(" ", text[m.end() : b]).rstrip()
            prefix = "… " if a > 0 else ""
            suffix = " …" if b < len(text) else ""
            start = len(prefix) + len(before)
            return prefix + before + m.group() + after + suffix, start, start + len(m.group())
    return None


# -- highlighting ---------------------------------------------------------------------------


def _span_title(layer: str, s: Span) -> str:
    a = s.attrs
    if layer == ENTITY:
        return s.label
    if layer == QUOTE:
        who = a.get("speaker") if isinstance(a.get("speaker"), str) else "?"
        return f"اقتباس — {who}"
    if layer == DATE:
        return f"تاريخ: {a.get('value') or '؟'}"
    if layer == FIGURE:
        unit = a.get("unit") if isinstance(a.get("unit"), str) else ""
        return f"رقم: {a.get('value', '؟')} {unit}".strip()
    return layer


def highlight(text: str, layers: dict[str, list[Span]]) -> Markup:
    """The article text as HTML with its spans marked.

    The text is cut at every span boundary; each piece is escaped on its own and wrapped in
    the classes of the spans covering it, so overlapping spans never produce broken markup
    and no raw text reaches the page.
    """
    text = text[:MAX_TEXT_CHARS]
    marks: list[tuple[Span, str]] = []
    for layer in HIGHLIGHT_LAYERS:
        for s in _clip_spans(layers.get(layer, []), len(text)):
            marks.append((s, layer))
    cuts = sorted({0, len(text), *(s.start for s, _ in marks), *(s.end for s, _ in marks)})
    starts: dict[int, list[tuple[Span, str]]] = defaultdict(list)
    for m in marks:
        starts[m[0].start].append(m)
    active: list[tuple[Span, str]] = []
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m[0].end > a] + starts.get(a, [])
        piece = str(escape(text[a:b]))
        if not active:
            parts.append(piece)
            continue
        classes = []
        titles = []
        link = None
        for s, layer in active:
            classes.append(f"hl-{layer}")
            if layer == ENTITY:
                classes.append(f"ent-{s.label}" if s.label.isalnum() else "ent")
                eid = s.attrs.get("entity_id")
                if isinstance(eid, str) and eid:
                    link = f"/entities/{urlquote(eid, safe='')}"
            titles.append(_span_title(layer, s))
        attrs = f' class="{escape(" ".join(dict.fromkeys(classes)))}"'
        attrs += f' title="{escape(" · ".join(dict.fromkeys(titles)))}"'
        if link:
            parts.append(f'<a href="{escape(link)}"{attrs}>{piece}</a>')
        else:
            parts.append(f"<mark{attrs}>{piece}</mark>")
    return Markup("".join(parts))
