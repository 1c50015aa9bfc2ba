"""Who speaks when the verb names no one: the running speaker, or the person the text
names nearest the verb.

"وأضاف" continues the last speaker (unless its gender points to another); a verb with no
speaker yet takes the person or organisation last named before it, outside quotes and
not as a preposition's object ("والتقى السنيورة الوفد … وقال إن"); a verb in a new
sentence prefers a person named in its own sentence ("… خطاب الرئيس أحمدي نجاد حين قال
إن"); and quotes before anyone is named go to the first speaker named after them.
"""

from __future__ import annotations

from bisect import bisect_right

from marsad.model import Span
from marsad.quotes.document import Doc, classes_of
from marsad.quotes.lexicon import (
    PREPOSITION_CLASSES,
    Verb,
    lookup_verb,
    norm,
    strip_article,
    word_classes,
)
from marsad.quotes.speakers import Mention


def named_before(doc: Doc, i: int, sentence: int, same_sentence: bool = False) -> Mention | None:
    """The person or organisation last named before a subject-less verb ("وقال إن",
    "حين قال", "مضيفا"), outside any quote: in its sentence or the one before when no one
    has spoken yet (a text that starts after the speaker was introduced: "والتقى
    السنيورة … وقال إن …"), in its own sentence when someone spoke in an earlier one."""
    back = 0 if same_sentence else 1
    lo = doc.sent_starts[max(sentence - back, 0)] if doc.sent_starts else 0
    pos = doc.toks[i].start
    j = bisect_right(doc.actor_spans, (pos,)) - 1
    while j >= 0:
        s, e = doc.actor_spans[j]
        if s < lo:
            return None
        if e <= pos and not any(q.start <= s and e <= q.end for q in doc.out[-3:]):
            a, b = doc.tok_at(s), doc.tok_at(e - 1) + 1
            credit = a > 0 and doc.toks[a - 1].norm == "("  # "( رويترز ) وقال": a credit
            if 0 <= a < b and subject_like(doc, a) and not credit:
                return doc.finish_mention(doc.mention(a, b, doc.sent_of(s)))
        j -= 1
    return None


def name_right_before(doc: Doc, i: int) -> int | None:
    """Token where a person or organisation the entity layer names, ending right before
    token i and able to be a subject, starts ("… كوفي أنان اعتبر", "جورج كلوني :")."""
    if i <= 0:
        return None
    named = doc.actor_ending_at(doc.toks[i - 1].end)
    return named if named is not None and subject_like(doc, named) else None


def _interviewed(doc: Doc, a: int) -> bool:
    """The person at token a follows "مع" after a noun of interview: "في لقاء مع X", "في
    حوار مع X" (not "في مقابلة مع نيويورك تايمز", an outlet, nor "في اجتماع مع X")."""
    toks = doc.toks
    if a < 2 or toks[a - 1].norm != "مع" or toks[a - 2].kind != "w":
        return False
    if not doc.is_person_at(toks[a].start):
        return False
    w = toks[a - 2].norm
    forms = [w, "ال" + w[2:] if w.startswith("لل") else w[1:]] if w[:1] in "بل" else [w]
    return any("interview_noun" in word_classes(strip_article(f)) for f in forms)


def subject_like(doc: Doc, a: int) -> bool:
    """The name at token a can be a subject: not the object of a preposition ("للأمم
    المتحدة", "مع أنان", "للجزيرة نت") and not a stray letter group ("سي . آي")."""
    t = doc.toks[a]
    if t.norm.startswith("لل") or len(t.norm) < 3:
        return False
    if _interviewed(doc, a):
        return True  # "وفي لقاء مع احمد المالكي … قال إن": the one interviewed speaks
    j = a - 1
    if j >= 0 and doc.toks[j].kind == "w" and doc.toks[j].norm.startswith(("بال", "لل")):
        return False  # "بالرئيس بوتين", "للمستشارة ميركل": a preposition's object
    # walk back over the title before the name ("إلى المستشارة الألمانية أنجيلا ميركل",
    # "الأمين العام للأمم المتحدة كوفي أنان")
    while j >= 0 and a - j <= 5 and doc.toks[j].kind == "w":
        w = doc.toks[j].norm
        if classes_of(doc.toks[j]) & PREPOSITION_CLASSES or w.startswith("بال"):
            return False  # "إلى المستشارة الألمانية أنجيلا ميركل", "بالسفير الاميركي جيفري"
        if "name_cue" in classes_of(doc.toks[j]) and not w.startswith(("ال", "لل")):
            j -= 1  # "عبر قناة الجزيرة": the naming noun, and the preposition before it
            continue
        if not (w.startswith(("ال", "لل")) or "description_head" in classes_of(doc.toks[j])):
            break
        j -= 1
    prev = doc.toks[j] if j >= 0 else None
    return prev is None or prev.kind != "w" or not classes_of(prev) & PREPOSITION_CLASSES


def recent_speaker(doc: Doc, verb: Verb) -> Mention | None:
    """The speaker a subjectless verb or participle continues: the last one, unless the
    verb's gender points to one of the few before ("وأضافت" after a man quoted a woman)."""
    if not doc.history:
        return None
    last = doc.history[-1]
    if verb.number == "s" and last.gender and last.gender != verb.gender:
        for m in reversed(doc.history[-4:-1]):
            if m.gender == verb.gender:
                return m
        if last.person:
            return None  # "قالت" after only men spoke: someone not named as a speaker yet
    return last


def named_after(doc: Doc) -> None:
    """Quotes before anyone is named as a speaker ("وقال : إن … وعاد نجاد ليؤكد أن …", a
    text cut after its speaker was introduced) go to the first speaker named after them,
    within the next sentence: the only mention of who is speaking."""
    first = next((q for q in doc.out if q.attrs["speaker"] is not None), None)
    if first is None:
        return
    last_sentence = doc.sent_of(first.attrs["speaker_start"])
    said = _verb_of(first)
    for q in doc.out:
        if q is first or q.start >= first.start:
            break
        verb = q.attrs["verb"]
        if verb is None or q.attrs["type"] == "partial" or not _continues(doc, q):
            continue  # only a verb that continues a speaker: "وقال", "فأضاف", "كما أكد"
        if last_sentence - doc.sent_of(q.start) > 1:
            continue
        says = _verb_of(q)
        if said and says and said.number == says.number == "s" and said.gender != says.gender:
            continue  # "وقالت" is not the man who "أعلن" after it
        for key in ("speaker", "speaker_start", "speaker_end", "speaker_entity_id"):
            q.attrs[key] = first.attrs[key]


def _continues(doc: Doc, q: Span) -> bool:
    """The quote's verb goes on from a speaker named elsewhere: it carries و/ف ("وقال") or
    follows كما ("كما أكد ان")."""
    if q.attrs["verb"][0] in "وف":
        return True
    i = doc.tok_at(q.attrs["verb_start"])
    return i > 0 and "continuation" in classes_of(doc.toks[i - 1])


def _verb_of(q: Span) -> Verb | None:
    verb = q.attrs.get("verb")
    hit = lookup_verb(norm(verb)) if verb else None
    return hit[0] if hit else None
