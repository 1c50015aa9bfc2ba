"""Reports that no reporting verb opens: a source cue ("وبحسب البيان، فإن", "وجاء في البيان
أن"), a noun of speech with its speaker ("تصريح مسؤول بأن", "بقوله إنه") and a titled
headline ("رئيس أذربيجان: سننهي …"). Each reads its speaker and hands the content to
`content`.
"""

from __future__ import annotations

from marsad.quotes.content import (
    direct_quote,
    names_subject,
    opened_quote,
    reported,
    unquoted_statement,
)
from marsad.quotes.continuity import name_right_before, named_before
from marsad.quotes.direct import Quoted
from marsad.quotes.document import (
    Doc,
    classes_of,
    is_comp,
    possessed_speech_noun,
)
from marsad.quotes.lexicon import (
    PREPOSITION_CLASSES,
    lookup_verb,
    strip_article,
    word_classes,
)
from marsad.quotes.speakers import Mention
from marsad.quotes.subject import (
    NISBA_RE,
    name_end,
    plausible_speaker,
    read_subject,
)


def source_cue(doc: Doc, i: int, appeared: bool = False) -> None:
    """ "وبحسب البيان، فإن …", "وفقا لمصادر …، أن …", "وبحسب ما قاله X"; `appeared`: "وجاء
    في البيان أن …" (جاء/ورد في, where only a complementiser right after the source, or a
    quoted statement after it, makes it a report: "وجاء في البيان: «…»")."""
    toks = doc.toks
    t = toks[i]
    if t.start < doc.consumed_to:
        return
    limit = doc.sent_end(t.start)
    k = i + 1
    if appeared:
        if k >= len(toks) or toks[k].norm != "في":
            return  # "جاء ذلك خلال …", "جاء الوزير": no source
        k += 1
    elif k < len(toks) and toks[k].kind == "w" and toks[k].norm in ("ل", "عن", "الي", "الى"):
        k += 1
    said = None if appeared else _said_by(doc, k, limit)
    a, b = said if said is not None else read_subject(doc, k, limit)
    if b <= a or "term_pronoun" in classes_of(toks[a]):
        return  # "حسب رأيه": whose view, the term beside it says (marsad.quotes.term_owner)
    issuer = _issuer(doc, a, b, limit)
    if issuer is not None:
        a, b = issuer  # "وبحسب بيان صادر عن وزارة الصحة، فإن": the ministry speaks
    b = name_end(doc, a, b)  # "وبحسب رويترز تسعى أنقرة …": the agency, then its report
    j = b
    while j < len(toks) and toks[j].kind == "p" and toks[j].norm in "،,":
        j += 1
    content = j < len(toks) and toks[j].start < limit and is_comp(toks[j])
    # "وجاء في البيان «…»" quotes it, but "جاء في كتاب «…»" names the book
    bare_ok = appeared and toks[b - 1].norm.startswith("ال")
    quoted = None if content else _quote_after(doc, j, limit, colon_needed=not bare_ok)
    if appeared and not content and quoted is None:
        return
    sentence = doc.sent_of(t.start)
    if appeared and b - a == 1 and possessed_speech_noun(toks[a]):
        # "وجاء في خطابه أن": the one the pronoun refers to
        owner = _pronoun_referent(doc, a, sentence)
        if owner is not None:
            doc.events.append((t.start, sentence, owner))
        reported(doc, j + 1, limit, owner, t)
        return
    first = strip_article(
        toks[a].norm.lstrip("ل") if toks[a].norm.startswith("لل") else toks[a].norm
    )
    if (
        b - a >= 2
        and "speech_noun" in word_classes(first.lstrip("ل")) | word_classes(first)
        and toks[a + 1].norm.startswith(("ال", "ل"))
    ):
        a += 1  # "بحسب بيان الدفاع الأذربيجانية", "بيان لوزارة الخارجية": its owner speaks
    speaker = doc.finish_mention(doc.mention(a, b, sentence, strip_l=True))
    doc.events.append((t.start, sentence, speaker))
    if content:
        reported(doc, j + 1, limit, speaker, t)
    elif quoted is not None:
        direct_quote(doc, quoted, speaker, t)  # "وجاء في البيان: «…»"


_THIS = frozenset({"هذا", "وهذا", "ذلك", "وذلك"})


def this_is_what(doc: Doc, i: int) -> None:
    """ "«…» هذا ما قاله الطبيب المعالج", "وهذا ما أكده الوزير": the quote right before (if
    any) is the speaker's, who goes on speaking ("وتابع قائلا …")."""
    toks = doc.toks
    t = toks[i]
    if i == 0 or toks[i - 1].norm not in _THIS or t.start < doc.consumed_to:
        return
    limit = doc.sent_end(t.start)
    said = _said_by(doc, i, limit)
    verb = lookup_verb(_bare(toks[i + 1].norm)) if said is not None else None
    if said is None or verb is None or verb[0].cls != "say":
        return  # "هذا ما رفضه الوزير": he rejected it, he did not say it
    a, b = said
    sentence = doc.sent_of(t.start)
    speaker = doc.finish_mention(doc.mention(a, name_end(doc, a, b), sentence))
    doc.events.append((t.start, sentence, speaker))
    j = i - 2
    while j >= 0 and toks[j].kind == "p":
        j -= 1
    quoted = doc.by_close.get(toks[j].start) if j >= 0 and toks[j].kind == "q" else None
    if quoted is not None and quoted.open not in doc.used:
        direct_quote(doc, quoted, speaker, toks[i + 1])


_ISSUED = frozenset({"صادر", "الصادر", "صادره", "الصادره"})
_STATEMENT_WORDS = 3  # a quote of more words is a statement, not a term


def _issuer(doc: Doc, a: int, b: int, limit: int) -> tuple[int, int] | None:
    """Who issued the document a source cue names: "بيان صادر عن وزارة الصحة"."""
    toks = doc.toks
    if not (a < b < len(toks) - 1 and toks[b - 1].norm in _ISSUED and toks[b].norm in ("عن", "من")):
        return None
    c, d = read_subject(doc, b + 1, limit)
    return (c, d) if d > c else None


def _said_by(doc: Doc, k: int, limit: int) -> tuple[int, int] | None:
    """The subject after "ما" + a reporting verb in a source cue: "بحسب ما قاله قائد الشرطة",
    "وفقا لما صرح به أكيرا كادوتا", "وفقا لما ذكرته الصحيفة"."""
    toks = doc.toks
    if k + 1 >= len(toks) or toks[k].norm not in ("ما", "لما"):
        return None
    if lookup_verb(_bare(toks[k + 1].norm)) is None:
        return None
    c = k + 2
    if c < len(toks) and toks[c].norm in ("به", "بها"):
        c += 1  # "صرح به", "أفادت بها"
    d, e = read_subject(doc, c, limit)
    return (d, e) if e > d else None


def _bare(w: str) -> str:
    """A listed verb form without an object pronoun ("قاله" -> "قال"), or w itself."""
    if lookup_verb(w) is not None:
        return w
    for suffix in ("ها", "ه"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)]
    return w


def _quote_after(doc: Doc, j: int, limit: int, colon_needed: bool) -> Quoted | None:
    """A quote opening at token j, after a colon unless `colon_needed` is false ("وبحسب
    البيان: «…»", "وجاء في البيان «…»")."""
    toks = doc.toks
    colon = j < len(toks) and toks[j].kind == "p" and toks[j].norm == ":"
    if colon:
        j += 1
    elif colon_needed:
        return None
    if j >= len(toks) or toks[j].start >= limit:
        return None
    q = opened_quote(doc, j)
    if q is None or q.open in doc.used:
        return None
    # without a colon only a statement: "وجاء في التقرير «السري» أن" quotes a word
    return q if colon or q.words(doc.text) > _STATEMENT_WORDS else None


def _pronoun_referent(doc: Doc, i: int, sentence: int) -> Mention | None:
    """Who a possessive pronoun on the speech noun at i refers to: the subject its sentence
    names, else the running speaker, else the person named before it; a speaker of the
    other gender is passed over ("كلمتها" after a man spoke goes back to the woman)."""
    speaker = named_before(doc, i, sentence, same_sentence=True)
    if speaker is None:
        speaker = doc.history[-1] if doc.history else named_before(doc, i, sentence)
    w = doc.toks[i].norm
    gender = "f" if w.endswith("ها") else "m" if w.endswith("ه") else ""
    if speaker is None or not gender or _gender_of(doc, speaker) in ("", gender):
        return speaker
    for m in reversed(doc.history[-4:]):
        if _gender_of(doc, m) == gender:
            return m
    return None


def _gender_of(doc: Doc, m: Mention) -> str:
    """The gender a verb gave any recent mention of the same speaker ("" when unknown)."""
    r = m.resolved()
    for h in reversed(doc.history[-8:]):
        if h.gender and h.resolved() is r:
            return h.gender
    return m.gender


REPORT_NOUN_GAP = 4  # words of the genitive speaker between a report noun and أن
_REPORT_NOUN_STOP = frozenset(
    {"prep_pronoun", "clause_break", "relative", "adjunct_prep", "time", "skip", "kana"}
    | {"speech_noun", "report_noun", "comp_block", "masdar_cue", "source_cue"}
)


def report_noun(doc: Doc, i: int) -> None:
    """ "تصريح مسؤول فلسطيني بأن …": a noun of speech, its genitive (the speaker), then the
    complementiser. Only an indefinite noun in construct, not already inside reported
    content, and only when a short noun phrase stands between it and أن."""
    toks = doc.toks
    t = toks[i]
    if t.start < doc.consumed_to or t.norm.startswith(("ال", "وال", "فال")):
        return
    limit = doc.sent_end(t.start)
    j = i + 1
    while j < len(toks) and j - i <= REPORT_NOUN_GAP and toks[j].start < limit:
        tj = toks[j]
        if tj.kind != "w":
            return
        if is_comp(tj):
            break
        if classes_of(tj) & _REPORT_NOUN_STOP or lookup_verb(tj.norm) is not None:
            return  # "بيان له", "تصريح أدلى به": not a genitive speaker
        j += 1
    else:
        return
    if j == i + 1 or j >= len(toks) or not is_comp(toks[j]) or doc.text[toks[j].start] == "إ":
        return  # no speaker written, or إن (not a complementiser after a noun)
    if not plausible_speaker(doc, i + 1, j):
        return
    sentence = doc.sent_of(t.start)
    # "بلاغ لوزارة الطاقة أن": the ministry, without the preposition
    speaker = doc.finish_mention(doc.mention(i + 1, j, sentence, strip_l=True))
    doc.events.append((t.start, sentence, speaker))
    reported(doc, j + 1, limit, speaker, t)


def report_pronoun(doc: Doc, i: int) -> None:
    """ "أثار جدلا بقوله إنه …", "مع تأكيدها أن …": a noun of speech whose possessive
    pronoun is the speaker, right before its complementiser. The speaker is the one the
    pronoun refers to: the running speaker, else the person named before it."""
    toks = doc.toks
    t = toks[i]
    j = i + 1
    if t.start < doc.consumed_to or j >= len(toks):
        return
    if toks[j].norm in ("الي", "علي") and j + 1 < len(toks):
        j += 1  # "إشارته إلى أن", "تأكيده على أن"
    if not is_comp(toks[j]):
        return
    sentence = doc.sent_of(t.start)
    # the subject of the verb the noun depends on: named in its sentence, else the running one
    speaker = _pronoun_referent(doc, i, sentence)
    if speaker is not None:
        doc.events.append((t.start, sentence, speaker))
    reported(doc, j + 1, doc.sent_end(t.start), speaker, t)


def headline(doc: Doc, i: int) -> None:
    """ "رئيس أذربيجان: سننهي عملية كاراباخ …": a titled speaker, a colon, the statement.

    Only at the start of a sentence, with nothing but words before the colon and a title,
    an institution or a person or organisation the entity layer names first, so a dateline
    ("دبي:", "باكو – (وكالات):") is not a speaker.
    """
    toks = doc.toks
    s_idx = doc.sent_of(toks[i].start)
    s_start = doc.sent_starts[s_idx] if doc.sent_starts else 0
    a = i
    while a > 0 and toks[a - 1].start >= s_start:
        a -= 1
    if i - a > 6:
        # "… باى طريقه انجلينا جولى : العرب …": a list of people each with their words;
        # a person the entity layer names right before the colon speaks, even mid-sentence,
        # unless a verb before it reads the colon itself ("يقول … السعدي : إن")
        named = name_right_before(doc, i)
        if named is None:
            named = _title_right_before(doc, i)  # "… بعلبك متحدث إسرائيلي : العملية …"
        if named is not None and not any(lookup_verb(t.norm) for t in toks[a:i]):
            a = named
    if not 0 < i - a <= 6 or any(t.kind != "w" for t in toks[a:i]):
        return
    if any(lookup_verb(t.norm) is not None for t in toks[a:i]):
        return  # "وقال الوزير:" is read from the verb
    head = strip_article(toks[a].norm)
    named = i - a <= 4 and toks[a].start in doc.actor_starts  # "جون بولتون : …"
    if not named and not word_classes(head) & {"description_head", "org_head"}:
        return
    limit = doc.sent_end(toks[i].start)
    k = i + 1
    if k >= len(toks) or toks[k].start >= limit:
        return
    opener = lookup_verb(toks[k].norm) if toks[k].kind == "w" else None
    if (
        opener is not None
        and opener[0].kind == "past"
        and (opener[0].gender == "m" or names_subject(doc, k))
    ):
        # "هاني فتحي : أعلن الدكتور …": a byline, then the report's own verb; a form that
        # can be first person needs a subject after it ("مرسي: أعلنت الحرب" is his words)
        return
    speaker = doc.finish_mention(doc.mention(a, i, s_idx))
    doc.events.append((toks[a].start, s_idx, speaker))
    q = opened_quote(doc, k)
    if q is not None:
        if q.open not in doc.used:
            direct_quote(doc, q, speaker, None)
        return
    unquoted_statement(doc, k, limit, speaker, None, min_words=3)


def _title_right_before(doc: Doc, i: int) -> int | None:
    """Token where a title without ال, followed only by adjectives of origin, starts right
    before the colon at i ("متحدث إسرائيلي :", "مصدر أمني :"): a headline glued to the
    sentence before. Not the object of a preposition ("… إلى رئيس الوزراء :")."""
    toks = doc.toks
    for j in range(i - 1, max(i - 4, 0), -1):
        t = toks[j]
        if t.kind != "w" or t.norm.startswith("ال"):
            return None
        if word_classes(t.norm) & {"description_head", "org_head"}:
            before = toks[j - 1] if j > 0 else None
            if before is not None and classes_of(before) & PREPOSITION_CLASSES:
                return None
            return j
        if not NISBA_RE.search(t.norm):
            return None
    return None
