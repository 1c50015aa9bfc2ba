"""When one-off events happened, as each article dates them: the event-level side of time.

Two outlets can share every name and most words and still report different events: the
ceasefire "of the 10th of this month" is not the ceasefire "of 20 September". An article's
news events are its dated mentions near the day it was published, each tagged with the kind of
one-off event (ceasefire, meeting, election, ...; `data/stories/event_triggers.tsv`) named
closest to it in the same sentence. Background dates far from publication ("the 2020 war")
are not news events and are left out. A story keeps the days of its members' events per kind;
an article that dates an event kind the story also has, but days away from every day the story
gives it, is in conflict with the story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from marsad.model import DATE, SENTENCE, Article, Span
from marsad.resources import data_rows
from marsad.text.normalize import normalize_word
from marsad.time.infer import parse_iso

NEWS_BEFORE_DAYS = 14  # a dated event this close before publication is part of the news
NEWS_AFTER_DAYS = 7  # announced events ("next Friday")
TRIGGER_WINDOW = 8  # words between a date and the trigger that names its event
AGREE_DAYS = 2  # the same event dated this close by two outlets is one event
MAX_DAYS_PER_KIND = 16  # a story keeps its latest event days per kind
SNIPPET_CHARS = 160  # context kept on each side of an undated event mention
MAX_SNIPPETS = 12  # undated event mentions a story keeps until a dated member anchors them

_WORD_RE = re.compile(r"[^\W\d_]+")
_CLITICS = ("وال", "فال", "بال", "لل", "ال", "و", "ف", "ب", "ل")

Events = dict[str, list[int]]  # kind -> ordinal days


@lru_cache(maxsize=100_000)
def _stem_forms(word: str) -> frozenset[str]:
    """The word and the word without one leading clitic group (و، ف، ب، ل، ال)."""
    out = {word}
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 2:
            out.add(word[len(c) :])
            if c in ("و", "ف") and word[len(c) :].startswith(("ال", "ب", "ل")):
                rest = word[len(c) :]
                for c2 in ("ال", "ب", "ل"):
                    if rest.startswith(c2) and len(rest) - len(c2) >= 2:
                        out.add(rest[len(c2) :])
    return frozenset(out)


@lru_cache(maxsize=1)
def kind_labels() -> dict[str, str]:
    """Event kind -> its first trigger phrase in the data file, as a readable label."""
    out: dict[str, str] = {}
    for row in data_rows("stories", "event_triggers.tsv"):
        if len(row) >= 2:
            out.setdefault(row[1], row[0])
    return out


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, ...], str]:
    """Normalised trigger phrase (as a tuple of words without clitics) -> event kind."""
    out: dict[tuple[str, ...], str] = {}
    for row in data_rows("stories", "event_triggers.tsv"):
        if len(row) < 2:
            continue
        words = tuple(_bare(normalize_word(w)) for w in row[0].split())
        out[words] = row[1]
    return out


def _bare(word: str) -> str:
    forms = _stem_forms(word)
    return min(forms, key=len)


def _trigger_hits(words: list[str]) -> list[tuple[int, str]]:
    """(word index, kind) of every trigger phrase in a list of normalised words."""
    table = triggers()
    first = {k[0] for k in table}
    hits = []
    for i, w in enumerate(words):
        forms = _stem_forms(w)
        if not forms & first:
            continue
        for phrase, kind in table.items():
            if phrase[0] not in forms or i + len(phrase) > len(words):
                continue
            if all(p in _stem_forms(words[i + j]) for j, p in enumerate(phrase[1:], 1)):
                hits.append((i, kind))
    return hits


def _sentence_bounds(article: Article, pos: int) -> tuple[int, int]:
    for s in article.spans(SENTENCE):
        if s.start <= pos < s.end:
            return s.start, s.end
    text = article.text or ""
    lo = max(text.rfind(c, 0, pos) for c in ".!?؟\n") + 1
    ends = [i for i in (text.find(c, pos) for c in ".!?؟\n") if i >= 0]
    return lo, min(ends) if ends else len(text)


def event_kind(article: Article, span: Span) -> str | None:
    """The kind of one-off event named closest to a date mention, within its sentence."""
    text = article.text or ""
    lo, hi = _sentence_bounds(article, span.start)
    before = [normalize_word(m.group()) for m in _WORD_RE.finditer(text, lo, span.start)]
    after = [normalize_word(m.group()) for m in _WORD_RE.finditer(text, span.end, hi)]
    before = before[-TRIGGER_WINDOW:]
    after = after[:TRIGGER_WINDOW]
    best: tuple[int, str] | None = None
    for i, kind in _trigger_hits(before):
        dist = len(before) - i
        if best is None or dist < best[0]:
            best = (dist, kind)
    for i, kind in _trigger_hits(after):  # on a tie the word before wins: "اجتماع الخميس"
        if best is None or i + 1 < best[0]:
            best = (i + 1, kind)
    return best[1] if best else None


def _day(value: object) -> int | None:
    """The day number of a day-precise date value; a month ('2023-09') or a range tells no
    one day."""
    day = parse_iso(value) if isinstance(value, str) and len(value) == 10 else None
    return day.toordinal() if day else None


def news_events(
    article: Article, spans: Iterable[Span] | None = None, pub: date | None = None
) -> Events:
    """Kind -> days of the one-off events an article dates near its publication.

    `spans` are date spans resolved against `pub` (default: the article's date layer and its
    own publication date). Without a publication date nothing can be told from background.
    """
    pub = parse_iso(article.published) if pub is None else pub
    if pub is None:
        return {}
    pub_day = pub.toordinal()
    out: dict[str, set[int]] = {}
    for s in spans if spans is not None else article.spans(DATE):
        if s.label != "date":
            continue
        day = _day(s.attrs.get("value"))
        if day is None or not pub_day - NEWS_BEFORE_DAYS <= day <= pub_day + NEWS_AFTER_DAYS:
            continue
        kind = event_kind(article, s)
        if kind:
            out.setdefault(kind, set()).add(day)
    return {k: sorted(v) for k, v in out.items()}


def event_snippets(article: Article) -> list[str]:
    """The passages of an article that date a one-off event relative to its (unknown)
    publication day ("the ceasefire of the 10th of this month"), kept so that they can be
    read once a dated article tells when the story happened."""
    text = article.text or ""
    out: list[str] = []
    for s in article.spans(DATE):
        if s.label != "date" or not s.attrs.get("anchored") or not event_kind(article, s):
            continue
        lo, hi = _sentence_bounds(article, s.start)
        piece = text[max(lo, s.start - SNIPPET_CHARS) : min(hi, s.end + SNIPPET_CHARS)].strip()
        if piece and piece not in out:
            out.append(piece)
    return out[:MAX_SNIPPETS]


def snippet_events(snippets: Iterable[str], pub: date) -> Events:
    """Events of saved passages, read as if published around `pub`."""
    from marsad.time import read_dates

    out: Events = {}
    for piece in snippets:
        day, spans = read_dates(piece, [pub], fallback=pub)
        merge_events(out, news_events(Article(id="snippet", raw=piece, text=piece), spans, day))
    return out


def merge_events(into: Events, new: Events) -> None:
    """Add an article's events to a story's (bounded: the latest days per kind are kept)."""
    for kind, days in new.items():
        merged = sorted(set(into.get(kind, [])) | set(days))
        into[kind] = merged[-MAX_DAYS_PER_KIND:]


def _disagreeing(days: list[int], theirs: list[int]) -> list[int]:
    """The days that are more than AGREE_DAYS away from every one of `theirs`."""
    return [d for d in days if not any(abs(d - t) <= AGREE_DAYS for t in theirs)]


def conflicts(article: Events, story: Events) -> tuple[int, int]:
    """(event dates of the article days away from every date the story gives that kind of
    event, event dates that agree with one); kinds the story has not dated are not counted."""
    bad = good = 0
    for kind, days in article.items():
        theirs = story.get(kind)
        if theirs:
            n = len(_disagreeing(days, theirs))
            bad += n
            good += len(days) - n
    return bad, good


def conflict_factor(article: Events, story: Events, penalty: float) -> float:
    """Scale on the join probability: 1 unless conflicting event dates outnumber agreeing ones
    (outlets misdate things now and then; a majority of misdated events is another event)."""
    bad, good = conflicts(article, story)
    if bad <= good:
        return 1.0
    return 1.0 - penalty * (bad - good) / (bad + good)


def conflicting_days(these: Events, those: Events) -> Events:
    """Per event kind, the dates on this side that agree with none the other side gives."""
    out = {k: _disagreeing(days, those[k]) for k, days in these.items() if those.get(k)}
    return {k: days for k, days in sorted(out.items()) if days}
