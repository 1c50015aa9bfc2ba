"""Who is speaking: speaker mentions, the running speaker, and what descriptions refer to.

EMM loses speakers that the text names only once: "وأضاف" (no subject), a participle
("مشددا على أن"), a description ("المسؤول الأذري") or a document ("وبحسب البيان").
Here every attribution either names its speaker in place or resolves to an earlier
mention, whose offsets are kept so the caller can show where the name came from.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import chain

from marsad.entities.roles import nisba_country
from marsad.model import Article, Span
from marsad.quotes.lexicon import PREPOSITION_CLASSES, strip_article, word_classes

ENTITY_LAYER = "entity"


@dataclass(slots=True)
class Mention:
    """A speaker mention in the text (the subject of a reporting verb, or a source)."""

    start: int
    end: int
    surface: str
    norms: list[str]  # normalised tokens of the mention
    sentence: int
    context: set[str] = field(default_factory=set)  # heads from apposition/occasion words
    person: bool = False
    occasion: str | None = None  # speech noun of the occasion: بيان, مؤتمر …
    antecedent: Mention | None = None  # set when this mention is a description/pronoun
    gender: str = ""  # from the verb it agreed with (قالت -> f); "" when unknown

    def resolved(self) -> Mention:
        m = self
        while m.antecedent is not None:
            m = m.antecedent
        return m


def is_person(norms: list[str]) -> bool:
    """A cheap guess: titled or multi-word names are people; institutions are not."""
    if not norms:
        return False
    first = strip_article(norms[0])
    cls = word_classes(first) | word_classes(norms[0])
    if "org_head" in cls:
        return False
    if "description_head" in cls:
        return True
    # a name has no preposition in it: "عرض في الشرق الأوسط" is a review, not a person
    # (علي، إمام، بين are also names: "محمد علي", "عادل إمام", "شون بين")
    return (
        len(norms) >= 2
        and not norms[0].startswith("ال")
        and not any(
            word_classes(n) & PREPOSITION_CLASSES and "name_homograph" not in word_classes(n)
            for n in norms[1:]
        )
    )


def description_head(norms: list[str]) -> str | None:
    """Head noun when the mention is a definite description (المسؤول الأذري, البيان)."""
    if not norms or len(norms) > 4 or not norms[0].startswith("ال"):
        return None
    if not all(n.startswith("ال") or n.startswith("لل") for n in norms):
        return None  # a name among the words: not a bare description
    head = strip_article(norms[0])
    cls = word_classes(head)
    if "description_head" in cls or "document_head" in cls:
        return head
    return None


def _heads(m: Mention) -> set[str]:
    return {strip_article(n) for n in m.norms} | m.context


def _countries(m: Mention) -> set[str]:
    """Countries the mention's nisba adjectives point to (الوزير المصري -> EG)."""
    return {c for n in chain(m.norms, m.context) if (c := nisba_country(n)) is not None}


def resolve_description(
    head: str, history: list[Mention], description: Mention | None = None
) -> Mention | None:
    """The earlier mention a description refers to, most recent first; never one of
    another country ("الوزير المصري" after "وزير الخارجية الأمريكي" is someone else)."""
    document = "document_head" in word_classes(head) and "description_head" not in word_classes(
        head
    )
    origin = _countries(description) if description is not None else set()

    def other_country(m: Mention, r: Mention) -> bool:
        theirs = _countries(m) | _countries(r)
        return bool(origin and theirs and not origin & theirs)

    for m in reversed(history):
        r = m.resolved()
        if (head in _heads(m) or head in _heads(r) or m.occasion == head) and not other_country(
            m, r
        ):
            return r
    if document:
        return None  # "التقرير" with no earlier report is its own speaker
    for m in reversed(history):
        r = m.resolved()
        if r.person and not is_unnamed(r) and not other_country(m, r):
            return r
    return None


def is_unnamed(m: Mention) -> bool:
    """A description with no name in it: "مصدر رسمي", "المسؤول الأذري". Another description
    ("الموفد الخاص") never refers back to it, only to a named person."""
    if not m.norms:
        return True
    if description_head(m.norms) is not None:
        return True
    first = strip_article(m.norms[0])
    return "description_head" in word_classes(first) and len(m.norms) <= 2


# A place inside a speaker phrase ("المكتب الصحافي للادعاء العام في أذربيجان") is not the
# speaker; a place is the speaker only when it is (nearly) the whole phrase ("قالت أذربيجان").
_PLACE_SPEAKER_SHARE = 0.8


def is_actor_label(label: str) -> bool:
    """An entity label for a person or an organisation: PER, PERS (ANERcorp's), ORG."""
    return label.upper()[:3] in ("PER", "ORG")


_OVERLONG = 200  # characters: longer than any real name with its title


class EntityIndex:
    """An article's entity mentions sorted by start, so the one under a speaker span is
    found by bisection, not by a scan of every mention (a long article has thousands)."""

    def __init__(self, article: Article) -> None:
        layer = article.layers.get(ENTITY_LAYER, ())
        # (start, layer position, span): ties go to the earlier mention in the layer, as in
        # a plain scan of it
        linked = [
            (sp.start, n, sp) for n, sp in enumerate(layer) if sp.attrs.get("entity_id") is not None
        ]
        # the window a lookup scans reaches back by the longest mention; the few overlong
        # ones (a run-on "name" of a garbled text) are checked on their own instead, so that
        # one of them cannot widen every lookup's window
        self.overlong = [m for m in linked if m[2].end - m[2].start > _OVERLONG]
        self.spans = sorted(m for m in linked if m[2].end - m[2].start <= _OVERLONG)
        self.starts = [start for start, _, _ in self.spans]
        self.longest = max((sp.end - sp.start for _, _, sp in self.spans), default=0)

    def entity_for(self, start: int, end: int) -> str | None:
        """entity_id of the person or organisation mention that best overlaps [start, end); a
        place or other entity only when it covers nearly the whole speaker phrase."""
        best, best_rank = None, (0, 0, 0)
        lo = bisect_left(self.starts, start - self.longest)
        for _, n, sp in chain(self.spans[lo : bisect_left(self.starts, end)], self.overlong):
            if sp.end <= start or sp.start >= end:
                continue
            overlap = min(sp.end, end) - max(sp.start, start)
            actor = is_actor_label(sp.label)
            if not actor and overlap < _PLACE_SPEAKER_SHARE * (end - start):
                continue
            rank = (int(actor), overlap, -n)
            if rank > best_rank:
                best, best_rank = sp, rank
        return _entity_id(best)


def _entity_id(sp: Span | None) -> str | None:
    if sp is None:
        return None
    eid = sp.attrs.get("entity_id")
    return None if eid is None else str(eid)
