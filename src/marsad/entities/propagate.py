"""Corpus-level label propagation: a name the tagger recognised in one article, or a known
alias, labels its untagged occurrences in every article.

The tagger works sentence by sentence and misses rare spellings (قره باغ after كاراباخ) or
stops short (ناغورني for ناغورني قره باغ). Outlets covering one story share names, so the
names found anywhere in a batch are matched everywhere in it, longest first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from marsad.entities.translit import alias_rows
from marsad.model import ENTITY, Article, Span
from marsad.text import WORD, tokenize
from marsad.text.normalize import normalize_word

_PROCLITICS = ("و", "ف", "ب", "ل", "ك")
# A name seen once as a single word may be a tagging slip ("فردوس"); propagate it only
# when the tagger agreed on it this often.
MIN_SINGLE_WORD_VOTES = 2
MIN_TYPE_SHARE = 0.8
# Share of a name's occurrences the tagger must have labelled for the rest to follow.
MIN_TAGGED_SHARE = 0.5


def _form(word: str) -> str:
    return normalize_word(word)


@lru_cache(maxsize=1)
def alias_names() -> dict[tuple[str, ...], str]:
    """Every name in the alias table (normalised tokens) -> its type."""
    names: dict[tuple[str, ...], str] = {}
    for etype, canonical, variants in alias_rows():
        for name in (canonical, *variants):
            key = tuple(_form(w) for w in name.split())
            if key:
                names.setdefault(key, etype)
    return names


def _word_tokens(article: Article) -> list[Span]:
    return [t for t in tokenize(article.text or "") if t.label == WORD]


def _tagged_names(articles: Sequence[Article]) -> dict[tuple[str, ...], str]:
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for article in articles:
        for span in article.spans(ENTITY):
            words = (article.text or "")[span.start : span.end].split()
            key = tuple(_form(w) for w in words)
            if key and key[0][:1] in _PROCLITICS and len(key[0]) > 3:
                # Count the clitic-free form too; the clitic one is matched through it.
                votes[(key[0][1:], *key[1:])][span.label] += 1
            votes[key][span.label] += 1
    names = {}
    for key, counts in votes.items():
        label, n = counts.most_common(1)[0]
        if n / sum(counts.values()) < MIN_TYPE_SHARE:
            continue
        if len(key) == 1 and n < MIN_SINGLE_WORD_VOTES:
            continue
        names[key] = (label, sum(counts.values()))
    return names


def propagate_entities(articles: Sequence[Article]) -> int:
    """Add entity spans for known names left untagged; returns how many were added.

    A tagged name spreads only when the tagger labelled most of its occurrences: a word it
    tagged a few times among many plain uses (علي among the folded forms of على) stays put.
    Names from the curated alias table always spread.
    """
    tagged = _tagged_names(articles)
    aliases = alias_names()
    names = {**{k: label for k, (label, _) in tagged.items()}, **aliases}
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in names:
        by_first[key[0]].append(key)
    for keys in by_first.values():
        keys.sort(key=len, reverse=True)
    found: list[tuple[Article, list[tuple[tuple[str, ...], int, int]]]] = []
    occurrences: Counter[tuple[str, ...]] = Counter()
    for article in articles:
        tokens = _word_tokens(article)
        forms = [_form(t.text_of(article.text)) for t in tokens]
        matches = []
        i = 0
        while i < len(tokens):
            match = _longest_match(forms, i, by_first)
            if match is None:
                i += 1
                continue
            key, clitic = match
            matches.append((key, tokens[i].start + clitic, tokens[i + len(key) - 1].end))
            occurrences[key] += 1
            i += len(key)
        found.append((article, matches))
    spreading = {
        key
        for key in names
        if key in aliases or tagged[key][1] >= MIN_TAGGED_SHARE * occurrences[key]
    }
    added = 0
    for article, matches in found:
        spans = list(article.spans(ENTITY))
        for key, start, end in matches:
            if key not in spreading:
                continue
            overlapping = [s for s in spans if s.start < end and start < s.end]
            # A known longer name replaces a shorter tagged piece of it (ناغورني → ناغورني قره باغ).
            if all(s.start >= start and s.end <= end and (s.end - s.start) < end - start
                   for s in overlapping):  # fmt: skip
                for s in overlapping:
                    spans.remove(s)
                label = names[key]
                spans.append(Span(start, end, label, {"type": label, "source": "propagated"}))
                added += 1
        spans.sort(key=lambda s: s.start)
        article.set_layer(ENTITY, spans)
    return added


def _longest_match(
    forms: list[str], i: int, by_first: dict[str, list[tuple[str, ...]]]
) -> tuple[tuple[str, ...], int] | None:
    """The longest known name starting at token i, with the length of a proclitic kept off."""
    first = forms[i]
    candidates = [(first, 0)]
    if first[:1] in _PROCLITICS and len(first) > 3:
        candidates.append((first[1:], 1))
    for head, clitic in candidates:
        for key in by_first.get(head, ()):
            if tuple(forms[i : i + len(key)])[1:] == key[1:] and len(forms) >= i + len(key):
                return key, clitic
    return None
