"""The one pipeline: ingest → clean → text → annotate → dedup → store → stories → report.

`process_article` is a pure function of one article, so it runs unchanged in a process pool.
`analyze` is the one library call that the CLI, the web app and the API wrap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from marsad.brief import brief_stories
from marsad.clean import clean
from marsad.dedup import link_duplicates
from marsad.entities import annotate_entities
from marsad.entities.profiles import Profile, resolve_profiles
from marsad.entities.propagate import propagate_entities
from marsad.figures import annotate_figures
from marsad.ingest import read_paths
from marsad.model import DATE, ENTITY, QUOTE, Article, InputError, Story
from marsad.quotes import annotate_quotes
from marsad.quotes.speakers import EntityIndex
from marsad.store.sqlite import Store, raw_hash
from marsad.stories.cluster import update_stories
from marsad.text import annotate_text
from marsad.time import annotate_dates

# Per-article stages, in order. Each takes and returns an Article.
STAGES: tuple[Callable[[Article], Article], ...] = (
    clean,
    annotate_text,
    annotate_entities,
    annotate_dates,
    annotate_figures,  # after dates: a figure in a clause dated to another year is set apart
    annotate_quotes,  # after the text layer: it reuses the sentences
)


def process_article(article: Article) -> Article:
    """Run every per-article stage on one freshly ingested article."""
    for stage in STAGES:
        article = stage(article)
    return article


@dataclass
class Report:
    """What one analysis produced: the articles of this run and what was found in them."""

    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)  # cross-article entity profiles
    article_ids: list[str] = field(default_factory=list)  # this run's articles, in input order
    added: int = 0
    unchanged: int = 0


def _ingest(inputs: Iterable[str | Path | Article]) -> Iterator[Article | InputError]:
    paths: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Article):
            yield item
        else:
            paths.append(item)
    if paths:
        yield from read_paths(paths)


def add(
    inputs: Iterable[str | Path | Article],
    store: Store,
    *,
    published: str | None = None,
    batch_size: int = 200,
    jobs: int = 1,
    on_article: Callable[[Article | InputError], None] | None = None,
) -> Report:
    """Ingest, process and store `inputs` incrementally; unchanged inputs are skipped."""
    report = Report()
    index = store.duplicate_index()
    run_ids: list[str] = []
    fresh: list[Article] = []
    failed: set[str] = set()

    def flush(batch: list[Article]) -> None:
        processed = []
        for article, result in zip(batch, _process_all(batch, jobs), strict=True):
            if isinstance(result, InputError):
                report.errors.append(result)
                failed.add(article.id)
            else:
                processed.append(result)
        link_duplicates(processed, index)
        store.add_articles(processed, index)
        report.added += len(processed)

    for item in _ingest(inputs):
        if on_article:
            on_article(item)
        if isinstance(item, InputError):
            report.errors.append(item)
            continue
        if published and not item.published:
            item.published = published
        _keep_id_unique(item, store)
        run_ids.append(item.id)
        item.input_hash = raw_hash(item)
        if store.is_unchanged(item):
            report.unchanged += 1
            continue
        fresh.append(item)
        if len(fresh) >= batch_size:
            flush(fresh)
            fresh = []
    if fresh:
        flush(fresh)
    store.add_errors(report.errors)
    report.article_ids = list(dict.fromkeys(i for i in run_ids if i not in failed))
    return report


def _keep_id_unique(article: Article, store: Store) -> None:
    """Another file with the same stem is a different article, not a new version of it."""
    stored_path = store.path_of(article.id)
    if stored_path and article.path and stored_path != article.path:
        article.id = f"{article.id}-{hashlib.sha1(article.path.encode()).hexdigest()[:8]}"


def safe_process(article: Article) -> Article | InputError:
    """`process_article`, turning an unexpected failure on one article into a reported error."""
    try:
        return process_article(article)
    except Exception as exc:  # one pathological article must not abort the batch
        return InputError(article.path or article.id, f"processing failed: {exc!r}"[:500])


def _process_all(batch: list[Article], jobs: int) -> list[Article | InputError]:
    if jobs <= 1 or len(batch) < 2 * jobs:
        return [safe_process(a) for a in batch]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(safe_process, batch, chunksize=max(1, len(batch) // (4 * jobs))))


def analyze(
    inputs: Iterable[str | Path | Article],
    store: Store | str | Path | None = None,
    *,
    published: str | None = None,
    jobs: int = 1,
    on_article: Callable[[Article | InputError], None] | None = None,
) -> Report:
    """Add `inputs` to the store, then group the run's articles into stories."""
    own = not isinstance(store, Store)
    db = Store(store or ":memory:") if own else store
    try:
        report = add(inputs, db, published=published, jobs=jobs, on_article=on_article)
        stored = resolve_entities(report, db)
        report.stories = update_stories(db, report.articles)
        _add_story_members(report, stored)
        refine_dates(report, db)
        brief_stories(report.stories, report.articles)
        db.save_stories(report.stories)
        return report
    finally:
        if own:
            db.close()


def resolve_entities(report: Report, store: Store) -> dict[str, Article]:
    """One canonical profile per entity across the whole store, and the run's articles loaded
    with every mention and quote speaker linked to its profile.

    Profiles are recomputed over the stored corpus (linear in its size), so that an entity
    keeps one id and all its variants whatever run brought them in. Returns every stored
    article by id, as loaded and linked here.
    """
    everything = list(store.articles())
    propagate_entities(everything)
    profiles = resolve_profiles(everything)
    for article in everything:
        index = EntityIndex(article)
        for quote in article.spans(QUOTE):
            if quote.attrs.get("speaker_start") is not None:
                quote.attrs["speaker_entity_id"] = index.entity_for(
                    quote.attrs["speaker_start"], quote.attrs["speaker_end"]
                )
    store.set_layers_many(
        {a.id: {ENTITY: a.spans(ENTITY), QUOTE: a.spans(QUOTE)} for a in everything}
    )
    dicts = [_profile_dict(p) for p in profiles]
    store.save_entities(dicts)
    run = dict.fromkeys(report.article_ids)
    by_id = {a.id: a for a in everything}
    report.articles = [by_id[i] for i in run if i in by_id]
    report.entities = []
    for profile in dicts:
        mentions = [m for m in profile["mentions"] if m["article_id"] in run]
        if mentions:
            report.entities.append({**profile, "mentions": mentions})
    return by_id


def _profile_dict(profile: Profile) -> dict:
    d = profile.to_dict()
    d["mentions"] = [
        {"article_id": aid, "start": start, "end": end, "text": text}
        for aid, start, end, text in d["mentions"]
    ]
    return d


def _add_story_members(report: Report, stored: dict[str, Article]) -> None:
    """A story brief covers every article of the story, including those of earlier runs
    (already loaded, with linked entities, by `resolve_entities`)."""
    have = {a.id for a in report.articles}
    missing = dict.fromkeys(i for s in report.stories for i in s.article_ids if i not in have)
    report.articles += [stored[i] for i in missing if i in stored]


def refine_dates(report: Report, store: Store) -> None:
    """Re-infer publication dates that came from an article's own text alone, using the
    dates of the other articles in its story, and re-resolve its relative dates."""
    by_id = {a.id: a for a in report.articles}
    for story in report.stories:
        members = [by_id[i] for i in story.article_ids if i in by_id]
        for article in members:
            if article.published and not article.published_inferred:
                continue
            siblings = [o for o in members if o is not article and o.published]
            if not siblings:
                continue
            before = (article.published, article.published_confidence)
            article.published = None
            annotate_dates(article, siblings)
            if (article.published, article.published_confidence) != before:
                store.update_published(article)
                store.set_layers(article.id, {DATE: article.spans(DATE)})
