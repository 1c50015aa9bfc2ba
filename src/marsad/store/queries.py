"""Read queries over the corpus store for the web app and the HTTP API.

Every function takes an open `sqlite3.Connection` (a `Store.db`) and only reads. Queries are
written so a page touches the rows it shows: a story page reads one story row, its articles'
metadata and their annotation layers, never the whole corpus.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.model import ENTITY, QUOTE, RemovedLine, Span, Story
from marsad.text.normalize import normalize

_CHUNK = 500  # SQLite's bound-parameter limit is generous, but keep IN lists modest
_META_COLUMNS = (
    "id, source, url, title, author, published, published_inferred, agency, duplicate_of"
)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def store_version(db: sqlite3.Connection) -> tuple[Any, ...]:
    """A cheap signature that changes whenever articles, layers or stories are rewritten.

    Rewrites delete and re-insert rows, so new rowids appear; deletions change the counts.
    """
    # Stores written by this version count their writes: one indexed read.
    generation = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    if generation is not None:
        return ("generation", generation[0])
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT coalesce(max(rowid), 0) FROM articles),"
        " (SELECT count(*) FROM layers), (SELECT coalesce(max(rowid), 0) FROM layers),"
        " (SELECT count(*) FROM stories), (SELECT coalesce(max(rowid), 0) FROM stories),"
        " (SELECT coalesce(max(updated_at), '') FROM stories)"
    ).fetchone()
    if _has_table(db, "entities"):
        row += db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM entities").fetchone()
    return tuple(row)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    """Stores written before a table was added to the schema do not have it."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None


# -- stories --------------------------------------------------------------------------------


def count_stories(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM stories").fetchone()[0]


def list_stories(
    db: sqlite3.Connection, sort: str = "newest", limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Stories with their size, outlets and date range; `sort` is "newest" or "covered"."""
    order = (
        "n_articles DESC, last_published DESC, s.rowid"
        if sort == "covered"
        else "last_published IS NULL, last_published DESC, n_articles DESC, s.rowid"
    )
    rows = db.execute(
        "SELECT s.id, s.title, count(a.id) AS n_articles, count(DISTINCT a.source),"
        " min(a.published), max(a.published) AS last_published, s.updated_at"
        " FROM stories s, json_each(s.article_ids) j LEFT JOIN articles a ON a.id = j.value"
        f" GROUP BY s.id ORDER BY {order} LIMIT ? OFFSET ?",
        (max(0, limit), max(0, offset)),
    )
    return [
        {
            "id": sid,
            "title": title,
            "n_articles": n,
            "n_sources": n_src,
            "first_published": first,
            "last_published": last,
            "updated_at": updated,
        }
        for sid, title, n, n_src, first, last, updated in rows
    ]


def get_story(db: sqlite3.Connection, story_id: str) -> Story | None:
    row = db.execute(
        "SELECT id, title, article_ids, summary, attrs FROM stories WHERE id = ?", (story_id,)
    ).fetchone()
    if row is None:
        return None
    sid, title, ids, summary, attrs = row
    return Story(sid, title, json.loads(ids), json.loads(summary), json.loads(attrs))


def stories_of_articles(
    db: sqlite3.Connection, article_ids: Iterable[str]
) -> dict[str, list[tuple[str, str]]]:
    """For each article id, the (story id, title) pairs of the stories that contain it."""
    wanted = list(dict.fromkeys(article_ids))
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        for sid, title, aid in db.execute(
            "SELECT s.id, s.title, j.value FROM stories s, json_each(s.article_ids) j"
            f" WHERE j.value IN ({marks}) ORDER BY s.rowid",
            list(chunk),
        ):
            out[aid].append((sid, title))
    return out


# -- articles and layers --------------------------------------------------------------------


def article_meta(db: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Metadata (no text) of the given articles, in the given order; unknown ids are skipped."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT {_META_COLUMNS} FROM articles WHERE id IN ({marks})", list(chunk)
        ):
            aid, source, url, title, author, published, inferred, agency, dup = row
            found[aid] = {
                "id": aid,
                "source": source,
                "url": url,
                "title": title,
                "author": author,
                "published": published,
                "published_inferred": bool(inferred),
                "agency": agency,
                "duplicate_of": dup,
            }
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def article_texts(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", list(chunk)))
    return out


def removed_lines(db: sqlite3.Connection, article_id: str) -> list[RemovedLine]:
    row = db.execute("SELECT removed FROM articles WHERE id = ?", (article_id,)).fetchone()
    return [] if row is None else [RemovedLine(**r) for r in json.loads(row[0] or "[]")]


def layer_spans(
    db: sqlite3.Connection, article_ids: Sequence[str], layers: Sequence[str]
) -> dict[str, dict[str, list[Span]]]:
    """Stored spans of some layers of some articles: {article id: {layer: [Span]}}."""
    out: dict[str, dict[str, list[Span]]] = defaultdict(dict)
    if not layers:
        return out
    lmarks = ",".join("?" * len(layers))
    for chunk in _chunks(list(dict.fromkeys(article_ids))):
        marks = ",".join("?" * len(chunk))
        for aid, name, spans in db.execute(
            f"SELECT article_id, layer, spans FROM layers WHERE article_id IN ({marks})"
            f" AND layer IN ({lmarks})",
            [*chunk, *layers],
        ):
            out[aid][name] = [_span(s) for s in json.loads(spans)]
    return out


def layer_names(db: sqlite3.Connection, article_id: str) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT layer FROM layers WHERE article_id = ? ORDER BY layer", (article_id,)
        )
    ]


def _span(row: list[Any]) -> Span:
    start, end, label, attrs = (list(row) + ["", {}])[:4]
    return Span(int(start), int(end), str(label or ""), attrs if isinstance(attrs, dict) else {})


# -- entities -------------------------------------------------------------------------------


@dataclass(slots=True)
class EntityIndex:
    """Entity profiles derived from stored entity spans, grouped by `attrs["entity_id"]`.

    `variants` maps each profile id to its surface forms with their mention counts,
    `articles` to the articles mentioning it, `by_form` normalised surface forms to ids.
    Stored profiles (the `entities` table), where present, add their names, variants
    and roles, so a variant that no span carries still leads to the entity.
    """

    names: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    variants: dict[str, dict[str, int]] = field(default_factory=dict)
    articles: dict[str, list[str]] = field(default_factory=dict)
    roles: dict[str, dict[str, int]] = field(default_factory=dict)
    by_form: dict[str, set[str]] = field(default_factory=dict)

    def name(self, entity_id: str) -> str:
        if self.names.get(entity_id):
            return self.names[entity_id]
        forms = self.variants.get(entity_id) or {}
        # The most frequent form, longer first on ties: the fullest common name.
        return max(forms, key=lambda f: (forms[f], len(f))) if forms else entity_id

    def matching(self, query: str) -> list[str]:
        """Ids of entities one of whose normalised variants equals or contains the query words."""
        words = normalize(query).split()
        if not words:
            return []
        phrase = " ".join(words)
        hits = set(self.by_form.get(phrase, ()))
        for form, ids in self.by_form.items():
            if _contains_words(form.split(), words):
                hits.update(ids)
        return sorted(hits, key=lambda e: (-len(self.articles.get(e, ())), e))


def _contains_words(form: list[str], words: list[str]) -> bool:
    n = len(words)
    return any(form[i : i + n] == words for i in range(len(form) - n + 1))


def entity_index(db: sqlite3.Connection) -> EntityIndex:
    """Scan every stored entity span once (surface text cut by SQLite) into an `EntityIndex`."""
    idx = EntityIndex()
    arts: dict[str, dict[str, None]] = defaultdict(dict)
    rows = db.execute(
        "SELECT l.article_id, json_extract(j.value, '$[2]'),"
        " json_extract(j.value, '$[3].entity_id'), json_extract(j.value, '$[3].role'),"
        " substr(a.text, json_extract(j.value, '$[0]') + 1,"
        "        json_extract(j.value, '$[1]') - json_extract(j.value, '$[0]'))"
        " FROM layers l JOIN articles a ON a.id = l.article_id, json_each(l.spans) j"
        " WHERE l.layer = ? AND json_type(j.value, '$[3].entity_id') = 'text'",
        (ENTITY,),
    )
    for aid, label, eid, role, surface in rows:
        surface = " ".join((surface or "").split())
        if not surface:
            continue
        idx.labels.setdefault(eid, str(label or ""))
        forms = idx.variants.setdefault(eid, {})
        forms[surface] = forms.get(surface, 0) + 1
        arts[eid][aid] = None
        if isinstance(role, str) and role.strip():
            roles = idx.roles.setdefault(eid, {})
            roles[role] = roles.get(role, 0) + 1
        idx.by_form.setdefault(normalize(surface), set()).add(eid)
    if _has_table(db, "entities"):
        for (raw,) in db.execute("SELECT profile FROM entities ORDER BY rowid"):
            _add_profile(idx, raw, arts)
    idx.articles = {eid: list(a) for eid, a in arts.items()}
    return idx


def _add_profile(idx: EntityIndex, raw: str, arts: dict[str, dict[str, None]]) -> None:
    try:
        prof = json.loads(raw)
    except ValueError:
        return
    eid = prof.get("id") if isinstance(prof, dict) else None
    if not isinstance(eid, str) or not eid:
        return
    idx.profiles[eid] = prof
    if isinstance(prof.get("name"), str):
        idx.names[eid] = prof["name"]
    if isinstance(prof.get("type"), str):
        idx.labels[eid] = prof["type"]
    forms = idx.variants.setdefault(eid, {})
    for v in prof.get("variants") or []:
        if isinstance(v, str) and v.strip():
            forms.setdefault(v, 0)
            idx.by_form.setdefault(normalize(v), set()).add(eid)
    if isinstance(prof.get("name"), str) and prof["name"].strip():
        idx.by_form.setdefault(normalize(prof["name"]), set()).add(eid)
    for m in prof.get("mentions") or []:
        aid = m.get("article_id") if isinstance(m, dict) else (m[0] if m else None)
        if isinstance(aid, str):
            arts[eid][aid] = None
    for aid in prof.get("articles") or []:
        if isinstance(aid, str):
            arts[eid][aid] = None
    roles = idx.roles.setdefault(eid, {})
    for r in prof.get("roles") or []:
        if isinstance(r, str) and r.strip():
            roles.setdefault(r, 1)


def entity_mentions(
    db: sqlite3.Connection, entity_id: str, limit: int = 500
) -> list[tuple[str, Span, str]]:
    """Mentions of one entity: (article id, span, surface text), in store order."""
    needle = json.dumps(entity_id, ensure_ascii=False)
    out: list[tuple[str, Span, str]] = []
    for aid, spans, text in db.execute(
        "SELECT l.article_id, l.spans, a.text FROM layers l JOIN articles a ON a.id = l.article_id"
        " WHERE l.layer = ? AND instr(l.spans, ?) > 0 ORDER BY a.rowid",
        (ENTITY, needle),
    ):
        for s in map(_span, json.loads(spans)):
            if s.attrs.get("entity_id") == entity_id:
                out.append((aid, s, s.text_of(text)))
                if len(out) >= limit:
                    return out
    return out


# -- quotes ---------------------------------------------------------------------------------


def quotes(
    db: sqlite3.Connection,
    *,
    speaker: str | None = None,
    speaker_entity_id: str | None = None,
    article_ids: Sequence[str] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Stored quotes, optionally by speaker (normalised words contained) or speaker entity id."""
    params: list[Any] = [QUOTE]
    where = "l.layer = ?"
    if speaker_entity_id:
        where += " AND instr(l.spans, ?) > 0"
        params.append(json.dumps(speaker_entity_id, ensure_ascii=False))
    if article_ids is not None:
        ids = list(dict.fromkeys(article_ids))[:_CHUNK]
        where += f" AND l.article_id IN ({','.join('?' * len(ids))})"
        params.extend(ids)
    wanted = normalize(speaker or "").split()
    out: list[dict[str, Any]] = []
    for aid, spans, text, source, title in db.execute(
        "SELECT l.article_id, l.spans, a.text, a.source, a.title FROM layers l"
        f" JOIN articles a ON a.id = l.article_id WHERE {where} ORDER BY a.rowid",
        params,
    ):
        for s in map(_span, json.loads(spans)):
            attrs = s.attrs
            if speaker_entity_id and attrs.get("speaker_entity_id") != speaker_entity_id:
                continue
            who = attrs.get("speaker") if isinstance(attrs.get("speaker"), str) else None
            if wanted and not _contains_words(normalize(who or "").split(), wanted):
                continue
            out.append(quote_dict(aid, s, text, source, title))
            if len(out) >= limit:
                return out
    return out


def quote_dict(
    article_id: str, s: Span, text: str, source: str | None, title: str | None
) -> dict[str, Any]:
    """One quote span as the API shows it."""
    attrs = s.attrs
    return {
        "article_id": article_id,
        "source": source,
        "article_title": title,
        "start": s.start,
        "end": s.end,
        "text": s.text_of(text),
        "type": _str_or_none(attrs.get("type")),
        "speaker": _str_or_none(attrs.get("speaker")),
        "speaker_entity_id": _str_or_none(attrs.get("speaker_entity_id")),
        "verb": _str_or_none(attrs.get("verb")),
    }


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
