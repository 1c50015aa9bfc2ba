"""Whose term a quoted word is, when the text says so right beside it.

A scare quote often names the party whose word it is: "ما تسميه إسرائيل «الحزام الأمني»",
"«الحزام الأمني» كما تسميه إسرائيل", "العملية «المناهضة للإرهاب» التي تقول إسرائيل إنها
تنفذها", "«…» على حد تعبير المتحدث". That party, not the speaker of the sentence around
the quote, owns the term; the cue words are in data/quotes/lexicon.tsv (term_verb: a verb
of naming or describing that takes the term as its object; term_noun: تعبير، وصف).
"""

from __future__ import annotations

from bisect import bisect_left

from marsad.entities.gazetteer import load_gazetteer
from marsad.quotes.continuity import subject_like
from marsad.quotes.direct import Quoted
from marsad.quotes.document import Doc, Event, classes_of, is_comp, names_someone
from marsad.quotes.lexicon import PREPOSITION_CLASSES, lookup_verb, person_names
from marsad.quotes.speakers import Mention

OWNER_MAX_WORDS = 4  # words of the owner's name or description
_BEFORE_REACH = 7  # tokens from "ما" + verb to the opening mark
_OWNER_STOP = PREPOSITION_CLASSES | {
    "complementizer",
    "relative",
    "clause_break",
    "time",
    "prep_pronoun",
    "comp_block",
}
_LEAD_CLASSES = frozenset({"term_lead", "source_cue"})  # "على حد تعبير", "بحسب وصف"


def term_owner(
    doc: Doc, q: Quoted, held: bool = False, last: Event | None = None
) -> Mention | None:
    """The party the text names as the quoted term's owner, if it names one; `held`: the
    term sits in someone's reported words, whose speaker "حسب رأيه" then refers to;
    `last`: the last speaker event before the term."""
    return _owner_before(doc, q) or _owner_after(doc, q, held, last)


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
            if m < 0 or "term_what" not in classes_of(toks[m]):
                return None
            a, b = j + 1, i
            if a < b and "prep_pronoun" in classes_of(toks[a]):
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


def _sentence_opening_actor(doc: Doc, j: int) -> Mention | None:
    """The subject of token j's verb-first sentence, as the entity layer names it (see
    opening_actor)."""
    found = opening_actor(doc, j)
    if found is None:
        return None
    k, end = found
    return doc.finish_mention(doc.mention(k, end, doc.sent_of(doc.toks[k].start)))


def opening_actor(doc: Doc, j: int) -> tuple[int, int] | None:
    """Tokens [start, end) of the person, organisation or country the entity layer names as
    the first or second word of token j's sentence (after its opening verb), not after a
    preposition or a source cue: the subject of a verb-first sentence ("وأطلقت أذربيجان …",
    not "وانتقد الرئيس الأمريكي إيران" nor "ووفقا لرويترز")."""
    toks = doc.toks
    sentence = doc.sent_of(toks[j].start)
    first = doc.tok_at(doc.sent_starts[sentence]) if doc.sent_starts else 0
    for k in range(max(first, 0), min(first + 2, j)):
        if toks[k].kind != "w":
            return None
        end = _subject_name_end(doc, k)
        if end is not None:
            if k > first and "source_cue" in classes_of(toks[k - 1]):
                return None  # "وبحسب رويترز": the source of the report, not the subject
            return k, end
    return None


def _owner_after(doc: Doc, q: Quoted, held: bool, last: Event | None) -> Mention | None:
    """ "«…» كما تسميه إسرائيل", "«…» التي تقول إسرائيل إنها …", "«…» على حد تعبير X"."""
    if q.close < 0:
        return None
    toks = doc.toks
    k = doc.tok_at(q.close) + 1
    n = len(toks)
    lead = 0
    while k < n and lead < 3 and (toks[k].norm in "،," or classes_of(toks[k]) & _LEAD_CLASSES):
        k += 1
        lead += 1
    if k >= n or toks[k].kind != "w":
        return None
    t = toks[k]
    cls = classes_of(t)
    if "term_noun" in cls:
        return _owner_words(doc, k + 1, n, exact=False)
    if "term_pronoun" in cls and lead and not held:
        return _sentence_person(doc, q.open, last)  # "«الأفضل» حسب رأيه"
    if cls & {"continuation", "relative_subject"}:  # كما، التي، الذي
        if k + 1 >= n or toks[k + 1].kind != "w":
            return None
        v = toks[k + 1]
        hit = lookup_verb(v.norm)
        saying = hit is not None and hit[0].lemma == "قال" and hit[0].kind == "present"
        if "term_verb" in classes_of(v) or (saying and "relative_subject" in cls):
            return _owner_words(doc, k + 2, n, exact=False)
    return None


def _sentence_person(doc: Doc, pos: int, last: Event | None) -> Mention | None:
    """Whom "رأيه/تعبيرها" after the term at `pos` refers to, in the term's sentence: the
    last one who spoke in it before the term, else the first person it names as a subject
    ("ما حمل فان باستن على تفضيل … هانتيلار عليه لأنه «الأفضل» حسب رأيه"), else nobody."""
    sentence = doc.sent_of(pos)
    if last is not None and last[1] == sentence:
        return last[2]
    lo = doc.sent_starts[sentence] if doc.sent_starts else 0
    first = bisect_left(doc.actor_spans, (lo,))
    for s, e in doc.actor_spans[first:]:
        if s >= pos:
            break
        a = doc.tok_at(s)
        if doc.is_person_at(s) and subject_like(doc, a):
            return doc.finish_mention(doc.mention(a, doc.tok_at(e - 1) + 1, sentence))
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


_NESTED_REACH = 5  # words back from a nested reporting verb to its subject


def nested_reporter(doc: Doc, q: Quoted, start: int) -> Mention | None:
    """Inside reported content starting at `start`, the subject of a report nested in it
    that the quote sits in ("قالت الصحيفة إن إسرائيل تتوقع أن «…»", "… أن مجموعة الخبراء
    أكدت أن «…»"): a name the entity layer reads right before the nested verb, whose own
    complementiser opens the clause the quote is in. Inside إن/أن content the subject comes
    first, so a name after the verb is its object or addressee ("أبلغت إسرائيل أن")."""
    toks = doc.toks
    i = doc.tok_at(q.open)
    lo = doc.tok_at(start)
    comps = 0
    for j in range(i - 1, lo - 1, -1):
        t = toks[j]
        if t.kind != "w":
            continue
        if is_comp(t):
            comps += 1
            if comps > 1:
                return None  # "… انتهى ، وإن الحكومة ستواصل «…»": another clause's
            continue
        hit = lookup_verb(t.norm)
        if hit is None or hit[0].kind == "participle":
            continue
        if comps == 0 or not any(is_comp(toks[m]) for m in range(j + 1, min(j + 3, i))):
            return None  # the nearest verb frames no clause the quote is in
        for k in range(j - 1, max(lo, j - _NESTED_REACH) - 1, -1):  # the nearest name
            end = _subject_name_end(doc, k)
            if end is not None:
                return doc.finish_mention(doc.mention(k, end, doc.sent_of(t.start)))
        return None
    return None


_NISBA = ("ي", "يه")  # الأذربيجاني، الروسية: adjectives of origin after a title


def _subject_name_end(doc: Doc, k: int) -> int | None:
    """Token after the name the entity layer reads from token k, when it can be a subject
    there (not a preposition's object, glued or not: "لفرنسا", "بموسكو"); else None."""
    toks = doc.toks
    if _glued_to_name(toks[k].norm):
        return None
    end = doc.entity_end_at(k)
    if end is None and toks[k].norm.startswith("ال") and names_someone(doc, k):
        # "وشن الجيش ما وصفه بأنه «…»": a definite title or institution and its adjectives
        end = k + 1
        while end < len(toks) and toks[end].norm[:2] == "ال" and toks[end].norm.endswith(_NISBA):
            end += 1
    return end if end is not None and subject_like(doc, k) else None


def _glued_to_name(w: str) -> bool:
    """ب or ل glued to a name the gazetteers know ("لفرنسا", "بموسكو"), where the word as
    written is no name of its own ("بريطانيا", "لبنان", "بوتين" start with those letters)."""
    if w[:1] not in "بل" or w in person_names():
        return False
    phrases = load_gazetteer().phrases
    return (w,) not in phrases and ((w[1:],) in phrases or w[1:] in person_names())
