"""Whose term a quoted word is, when the text says so right beside it.

A scare quote often names the party whose word it is: "ما تسميه إسرائيل «الحزام الأمني»",
"«الحزام الأمني» كما تسميه إسرائيل", "العملية «المناهضة للإرهاب» التي تقول إسرائيل إنها
تنفذها", "«…» على حد تعبير المتحدث". That party, not the speaker of the sentence around
the quote, owns the term; the cue words are in data/quotes/lexicon.tsv (term_verb: a verb
of naming or describing that takes the term as its object; term_noun: تعبير، وصف).
"""

from __future__ import annotations

from bisect import bisect_left

from marsad.quotes.continuity import subject_like
from marsad.quotes.direct import Quoted
from marsad.quotes.document import Doc, classes_of, is_comp
from marsad.quotes.lexicon import lookup_verb
from marsad.quotes.speakers import Mention

OWNER_MAX_WORDS = 4  # words of the owner's name or description
_BEFORE_REACH = 7  # tokens from "ما" + verb to the opening mark
_OWNER_STOP = frozenset(
    {
        "complementizer",
        "adjunct_prep",
        "preposition",
        "relative",
        "clause_break",
        "time",
        "prep_pronoun",
        "comp_block",
    }
)
# normalised words that may open the cue after the quote: "، على حد تعبير", "بحسب وصف"
_AFTER_LEAD = frozenset({"علي", "حد", "حسب", "بحسب", "وفق", "وفقا", "،", ","})


def term_owner(doc: Doc, q: Quoted) -> Mention | None:
    """The party the text names as the quoted term's owner, if it names one."""
    return _owner_before(doc, q) or _owner_after(doc, q)


def _owner_before(doc: Doc, q: Quoted) -> Mention | None:
    """ "ما تسميه إسرائيل «…»", "ما وصفه الرئيس بـ«…»": the verb's subject, between it and
    the opening mark."""
    toks = doc.toks
    i = doc.tok_at(q.open)
    j = i - 1
    while j >= 0 and i - j <= _BEFORE_REACH and toks[j].kind == "w":
        if "term_verb" in classes_of(toks[j]):
            m = j - 1
            if m > 0 and "kana" in classes_of(toks[m]):
                m -= 1  # "ما كان يسميه سعد زغلول «الأصفار»"
            if m < 0 or toks[m].norm not in ("ما", "بما", "لما", "مما"):
                return None
            a, b = j + 1, i
            if a < b and toks[a].norm in ("عليه", "عليها", "عليهم"):
                a += 1  # "ما تطلق عليه إسرائيل «…»"
            while b > a and (
                toks[b - 1].kind != "w"
                or toks[b - 1].norm in ("ب", "")  # "بـ" is ب and a tatweel
                or (toks[b - 1].norm.startswith("ب") and not doc.tok_in_actor(b - 1))
            ):
                b -= 1  # "ما وصفه الرئيس بـ «…»", "ما سماه بسياسة «…»": not the owner
            if a == b:
                # "وأطلقت أذربيجان عملية … بهدف ما سمته «…»": the verb's subject is the
                # sentence's, named right after its opening verb
                return _sentence_opening_actor(doc, j)
            return _owner_words(doc, a, b, exact=True)
        j -= 1
    return None


_OPENING_REACH = 4  # tokens from a sentence start to the actor its opening verb takes


def _sentence_opening_actor(doc: Doc, j: int) -> Mention | None:
    """The person, organisation or country the entity layer names among the first words of
    token j's sentence, not after a preposition: the subject of a verb-first sentence."""
    toks = doc.toks
    sentence = doc.sent_of(toks[j].start)
    first = doc.tok_at(doc.sent_starts[sentence]) if doc.sent_starts else 0
    spans = doc.entity_spans
    for k in range(max(first, 0), min(first + _OPENING_REACH, j)):
        t = toks[k]
        e = bisect_left(spans, (t.start,))
        if t.kind != "w" or e >= len(spans) or spans[e][0] != t.start:
            continue
        if not subject_like(doc, k):
            return None  # "في أذربيجان", "للأمم المتحدة": a preposition's object
        return doc.finish_mention(doc.mention(k, _entity_end_tok(doc, k), sentence))
    return None


def _owner_after(doc: Doc, q: Quoted) -> Mention | None:
    """ "«…» كما تسميه إسرائيل", "«…» التي تقول إسرائيل إنها …", "«…» على حد تعبير X"."""
    if q.close < 0:
        return None
    toks = doc.toks
    k = doc.tok_at(q.close) + 1
    n = len(toks)
    lead = 0
    while k < n and lead < 3 and toks[k].norm in _AFTER_LEAD:
        k += 1
        lead += 1
    if k >= n or toks[k].kind != "w":
        return None
    t = toks[k]
    cls = classes_of(t)
    if "term_noun" in cls:
        return _owner_words(doc, k + 1, n, exact=False)
    if t.norm in ("كما", "التي", "الذي", "التى", "اللتي"):
        if k + 1 >= n or toks[k + 1].kind != "w":
            return None
        v = toks[k + 1]
        hit = lookup_verb(v.norm)
        saying = hit is not None and hit[0].lemma == "قال" and hit[0].kind == "present"
        if "term_verb" in classes_of(v) or (saying and t.norm != "كما"):
            return _owner_words(doc, k + 2, n, exact=False)
    return None


def _owner_words(doc: Doc, a: int, limit: int, exact: bool) -> Mention | None:
    """The owner phrase from token a: a name the entity layer reads whole, else up to
    OWNER_MAX_WORDS words up to a closed-class word; `exact`: the phrase must fill
    [a, limit) (it sits between the verb and the quote)."""
    toks = doc.toks
    if a >= min(limit, len(toks)) or toks[a].kind != "w":
        return None
    if doc.tok_in_actor(a) and doc.actor_spans[doc.tok_actor[a]][0] == toks[a].start:
        b = doc.actor_end_tok(a)
    else:
        b = a
        while (
            b < min(limit, len(toks))
            and b - a < OWNER_MAX_WORDS
            and toks[b].kind == "w"
            and not classes_of(toks[b]) & _OWNER_STOP
            and lookup_verb(toks[b].norm) is None
        ):
            b += 1
    if b <= a or (exact and b != limit):
        return None
    return doc.finish_mention(doc.mention(a, b, doc.sent_of(toks[a].start)))


_NESTED_REACH = 5  # words between a nested reporting verb and its subject or complementiser


def nested_reporter(doc: Doc, q: Quoted, start: int) -> Mention | None:
    """Inside reported content starting at `start`, the subject of a report nested in it
    that the quote sits in ("قالت الصحيفة إن إسرائيل تتوقع أن «…»", "أكد التقرير أن
    مجموعة … أكدت أن الحرب استخدمت كـ«عامل تجنيدي»"): a name the entity layer reads,
    before the nested verb or between it and its complementiser."""
    toks = doc.toks
    i = doc.tok_at(q.open)
    lo = doc.tok_at(start)
    for j in range(i - 1, lo, -1):
        t = toks[j]
        if t.kind != "w":
            continue
        hit = lookup_verb(t.norm)
        if hit is None or hit[0].kind == "participle":
            continue
        c = next((m for m in range(j + 1, min(j + 2 + _NESTED_REACH, i)) if is_comp(toks[m])), None)
        if c is None:
            return None  # the nearest verb frames no clause the quote is in
        if c > j + 1:
            names = [k for k in range(j + 1, c) if _actor_start(doc, k)][:1]  # قال X إن
        else:
            names = [k for k in range(max(lo, j - _NESTED_REACH), j) if _actor_start(doc, k)][-1:]
        if not names:
            return None
        k = names[0]
        return doc.finish_mention(doc.mention(k, _entity_end_tok(doc, k), doc.sent_of(t.start)))
    return None


def _actor_start(doc: Doc, k: int) -> bool:
    """A name the entity layer reads starts at token k, as a subject (not a preposition's
    object)."""
    spans = doc.entity_spans
    e = bisect_left(spans, (doc.toks[k].start,))
    return e < len(spans) and spans[e][0] == doc.toks[k].start and subject_like(doc, k)


def _entity_end_tok(doc: Doc, k: int) -> int:
    """Token after the end of the name the entity layer reads from token k."""
    spans = doc.entity_spans
    e = bisect_left(spans, (doc.toks[k].start,))
    return doc.tok_at(spans[e][1] - 1) + 1
