"""The embedded corpus store: SQLite with an FTS5 index over Arabic-normalised text.

Articles, their removed furniture and every annotation layer live here. Writes happen in
batches, one transaction each, so an interrupted run keeps every batch already committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from marsad.dedup import DuplicateIndex
from marsad.model import TOKEN, Article, InputError, RemovedLine, Span, Story, content_hash
from marsad.resources import analysis_fingerprint
from marsad.text.normalize import normalize

SCHEMA_VERSION = 1
# Layers recomputed from the text on demand (deterministic and bulky): not stored.
DERIVED_LAYERS = frozenset({TOKEN})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    raw_hash TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT, url TEXT, title TEXT, author TEXT,
    published TEXT, published_inferred INTEGER NOT NULL DEFAULT 0, published_confidence REAL,
    agency TEXT, dateline TEXT, language TEXT, path TEXT, fmt TEXT,
    raw TEXT NOT NULL, text TEXT NOT NULL, removed TEXT NOT NULL,
    duplicate_of TEXT, minhash BLOB,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS layers (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    layer TEXT NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (article_id, layer)
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, article_ids TEXT NOT NULL,
    summary TEXT NOT NULL, attrs TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, profile TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT NOT NULL, reason TEXT NOT NULL,
    seen_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (path, reason)
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
);
"""

_ARTICLE_COLUMNS = (
    "id, source, url, title, author, published, published_inferred, published_confidence, "
    "agency, dateline, language, path, fmt, raw, text, removed, duplicate_of"
)


def raw_hash(article: Article) -> str:
    """What makes re-adding the same input a no-op: its raw text, its ingest metadata and
    the Marsad that analysed it (`analysis_fingerprint`: code and language data).

    Computed before cleaning (which fills the title) and kept in `Article.input_hash`.
    """
    if article.input_hash:
        return article.input_hash
    meta = "|".join(str(x or "") for x in (article.source, article.url, article.title))
    return content_hash(analysis_fingerprint() + "|" + meta + "\n" + article.raw)


class Store:
    """A corpus in one SQLite file (or in memory with ":memory:")."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        self.db.execute(
            "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
        self.db.commit()

    def _bump(self) -> None:
        """Count a write: readers (the web app's caches) compare this generation, an O(1)
        read, instead of scanning tables to learn whether anything changed."""
        self.db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -----------------------------------------------------------------------
    def path_of(self, article_id: str) -> str | None:
        """The input path an article was read from ("" when it came from no file)."""
        row = self.db.execute("SELECT path FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else (row[0] or "")

    def is_unchanged(self, article: Article) -> bool:
        """True when this exact input (same id, text and metadata) is already stored."""
        row = self.db.execute(
            "SELECT raw_hash FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        return row is not None and row[0] == raw_hash(article)

    def add_articles(self, articles: Iterable[Article], index: DuplicateIndex | None = None) -> int:
        """Insert or replace articles with all their layers, in one transaction.

        `index` supplies the MinHash signatures of originals, so that a later run can
        rebuild the near-duplicate index without recomputing them.
        """
        count = 0
        with self.db:
            self._bump()
            for a in articles:
                sig = index.signatures.get(a.id) if index else None
                self._write_article(a, sig)
                count += 1
        return count

    def _write_article(self, a: Article, sig: np.ndarray | None) -> None:
        # The FTS row shares the article's rowid: deleting by an UNINDEXED column would scan.
        old = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (a.id,)).fetchone()
        if old:
            self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", old)
        self.db.execute("DELETE FROM layers WHERE article_id = ?", (a.id,))
        cursor = self.db.execute(
            "INSERT OR REPLACE INTO articles (id, raw_hash, content_hash, source, url, title, "
            "author, published, published_inferred, published_confidence, agency, dateline, "
            "language, path, fmt, raw, text, removed, duplicate_of, minhash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                a.id, raw_hash(a), a.content_hash, a.source, a.url, a.title, a.author,
                a.published, int(a.published_inferred), a.published_confidence, a.agency,
                a.dateline, a.language, a.path, a.fmt, a.raw, a.text,
                json.dumps([r.to_dict() for r in a.removed], ensure_ascii=False),
                a.duplicate_of, None if sig is None else sig.astype(np.uint64).tobytes(),
            ),
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO layers (article_id, layer, spans) VALUES (?, ?, ?)",
            [
                (a.id, name, json.dumps([_span_row(s) for s in spans], ensure_ascii=False))
                for name, spans in a.layers.items()
                if name not in DERIVED_LAYERS
            ],
        )
        self.db.execute(
            "INSERT INTO articles_fts (rowid, id, title, text) VALUES (?, ?, ?, ?)",
            (cursor.lastrowid, a.id, normalize(a.title or ""), normalize(a.text)),
        )

    def set_layers(self, article_id: str, layers: dict[str, list[Span]]) -> None:
        """Replace some annotation layers of a stored article (cross-article stages)."""
        self.set_layers_many({article_id: layers})

    def set_layers_many(self, updates: dict[str, dict[str, list[Span]]]) -> None:
        """Replace layers of many stored articles in one transaction: {id: {layer: spans}}."""
        with self.db:
            self._bump()
            self.db.executemany(
                "INSERT OR REPLACE INTO layers (article_id, layer, spans) VALUES (?, ?, ?)",
                [
                    (aid, name, json.dumps([_span_row(s) for s in spans], ensure_ascii=False))
                    for aid, layers in updates.items()
                    for name, spans in layers.items()
                ],
            )

    def update_published(self, article: Article) -> None:
        with self.db:
            self._bump()
            self.db.execute(
                "UPDATE articles SET published = ?, published_inferred = ?, "
                "published_confidence = ? WHERE id = ?",
                (article.published, int(article.published_inferred),
                 article.published_confidence, article.id),
            )  # fmt: skip

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY rowid")]

    def get(self, article_id: str, layers: bool = True) -> Article | None:
        found = list(self.articles([article_id], layers=layers))
        return found[0] if found else None

    def articles(self, ids: Iterable[str] | None = None, layers: bool = True) -> Iterator[Article]:
        """Stored articles (all, or the given ids in the given order)."""
        if ids is None:
            rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid")
        else:
            wanted = list(ids)
            rows = []
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found = {
                    r[0]: r
                    for r in self.db.execute(
                        f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
                    )
                }
                rows.extend(found[i] for i in chunk if i in found)
        for row in rows:
            article = _article_from_row(row)
            if layers:
                for name, spans in self.db.execute(
                    "SELECT layer, spans FROM layers WHERE article_id = ?", (article.id,)
                ):
                    article.layers[name] = [Span(*s) for s in json.loads(spans)]
            yield article

    def duplicate_index(self) -> DuplicateIndex:
        """The near-duplicate index over every stored original article."""
        index = DuplicateIndex()
        for aid, digest, blob in self.db.execute(
            "SELECT id, content_hash, minhash FROM articles WHERE duplicate_of IS NULL "
            "AND minhash IS NOT NULL ORDER BY rowid"
        ):
            index.add(aid, digest, np.frombuffer(blob, dtype=np.uint64).copy())
        return index

    # -- stories, errors, search -----------------------------------------------------------
    def save_stories(self, stories: list[Story]) -> None:
        """Insert or update stories; stories not given stay as they are."""
        with self.db:
            self._bump()
            self.db.executemany(
                "INSERT OR REPLACE INTO stories (id, title, article_ids, summary, attrs) "
                "VALUES (?,?,?,?,?)",
                [
                    (s.id, s.title, json.dumps(s.article_ids), _dumps(s.summary), _dumps(s.attrs))
                    for s in stories
                ],
            )

    def stories(self) -> list[Story]:
        return [
            Story(sid, title, json.loads(ids), json.loads(summary), json.loads(attrs))
            for sid, title, ids, summary, attrs in self.db.execute(
                "SELECT id, title, article_ids, summary, attrs FROM stories ORDER BY rowid"
            )
        ]

    def save_entities(self, profiles: Iterable[dict]) -> None:
        """Replace the entity profiles (dicts as in report.json's `entities`)."""
        with self.db:
            self._bump()
            self.db.execute("DELETE FROM entities")
            self.db.executemany(
                "INSERT INTO entities (id, name, type, profile) VALUES (?, ?, ?, ?)",
                [(p["id"], p["name"], p["type"], _dumps(p)) for p in profiles],
            )

    def entities(self, ids: Iterable[str] | None = None) -> list[dict]:
        """Stored entity profiles, all or the given ids."""
        if ids is None:
            rows = self.db.execute("SELECT profile FROM entities ORDER BY rowid")
        else:
            wanted = list(ids)
            marks = ",".join("?" * len(wanted))
            rows = self.db.execute(f"SELECT profile FROM entities WHERE id IN ({marks})", wanted)
        return [json.loads(r[0]) for r in rows]

    def add_errors(self, errors: Iterable[InputError]) -> None:
        with self.db:
            self._bump()
            self.db.executemany(
                "INSERT OR REPLACE INTO errors (path, reason) VALUES (?, ?)",
                [(e.path, e.reason) for e in errors],
            )

    def errors(self) -> list[InputError]:
        return [InputError(p, r) for p, r in self.db.execute("SELECT path, reason FROM errors")]

    def search(self, query: str, limit: int = 50, snippets: bool = True) -> list[tuple[str, str]]:
        """Full-text search over normalised title and text: [(article id, snippet)].

        Snippets come from the normalised index text; callers that cut their own from the
        original text pass `snippets=False` (much faster) and get "" instead.
        """
        # FTS5 takes no NUL or other control character inside a quoted term ("unterminated
        # string"): a query is words, so anything unprintable is a separator
        text = "".join(c if c.isprintable() else " " for c in normalize(query))
        terms = [t for t in text.replace('"', " ").split() if t]
        if not terms:
            return []
        match = " ".join(f'"{t}"' for t in terms)
        snippet = "snippet(articles_fts, 2, '[', ']', '…', 12)" if snippets else "''"
        rows = self.db.execute(
            f"SELECT id, {snippet} FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return [(r[0], r[1]) for r in rows]


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _span_row(s: Span) -> list:
    return [s.start, s.end, s.label, s.attrs]


def _article_from_row(row: tuple) -> Article:
    (aid, source, url, title, author, published, inferred, confidence, agency, dateline,
     language, path, fmt, raw, text, removed, duplicate_of) = row  # fmt: skip
    return Article(
        id=aid, raw=raw, source=source, url=url, title=title, author=author,
        published=published, published_inferred=bool(inferred),
        published_confidence=confidence, agency=agency, dateline=dateline, text=text,
        removed=[RemovedLine(**r) for r in json.loads(removed)], language=language or "und",
        path=path, fmt=fmt or "txt", duplicate_of=duplicate_of,
    )  # fmt: skip
