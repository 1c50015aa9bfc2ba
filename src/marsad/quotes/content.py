"""Reading what a reporting frame introduces: where reported content ends, and the quote
it makes (a quotation pair, an unquoted statement after a colon, or a clause after a
complementiser).

Reported content runs to the end of its clause: a semicolon, a dateline or a photo credit,
the outlet's next report ("فيما افادت تقارير اخرى", "، ذكرت إسرائيل أن") or a new
statement ("وعاد نجاد ليؤكد") ends it; a report nested inside it stays inside.
"""

from __future__ import annotations

from marsad.quotes.direct import Quoted
from marsad.quotes.document import (
    END_PUNCT,
    Doc,
    Tok,
    classes_of,
    is_comp,
    names_someone,
    people_plural,
    plain_word,
)
from marsad.quotes.lexicon import (
    PREPOSITION_CLASSES,
    PURPOSE_PREFIX,
    lookup_verb,
    strip_article,
)
from marsad.quotes.speakers import Mention

_TRIM = " \t\n\r\u00a0.،,:؛;"


def names_subject(doc: Doc, j: int) -> bool:
    """The word after the verb at j opens a speaker: a title or office (الوزير، وزير الدفاع),
    an institution, or a known personal name."""
    if j + 1 >= len(doc.toks) or doc.toks[j + 1].kind != "w":
        return False
    return names_someone(doc, j + 1) or people_plural(doc.toks[j + 1].norm)


def after_subject_pronoun(doc: Doc, i: int) -> bool:
    """The verb at i follows و + a subject pronoun ("وهم يعتقدون")."""
    prev = doc.toks[i - 1] if i > 0 else None
    return (
        prev is not None
        and prev.kind == "w"
        and prev.norm[:1] == "و"
        and "pronoun_subject" in classes_of(prev)
    )


def content_end(doc: Doc, k: int, limit: int) -> int:
    """Token index where reported content starting at k stops."""
    toks = doc.toks
    n = len(toks)
    j = k
    while j < n and toks[j].start < limit:
        t = toks[j]
        if t.kind == "p" and t.norm in "؛;":
            break
        if t.norm == "(" and j + 1 < n and "media" in classes_of(toks[j + 1]):
            break  # "… المسلمين ( رويترز ) وفي مانشيستر": a photo credit ends the text
        if t.norm == ":" and j > k and (dateline := dateline_before(doc, j)):
            j = dateline  # "… غوانتانامو الدوحة - بيروت - وكالات: …"
            break
        if t.kind == "w":
            hit = lookup_verb(t.norm)
            prev = toks[j - 1] if j > k else None
            after_comma = prev is not None and prev.kind == "p" and prev.norm in "،,"
            if hit is not None:
                verb, had_prefix = hit
                if verb.kind == "participle" and j > k:
                    break
                if had_prefix and t.norm[0] == PURPOSE_PREFIX and j > k:
                    # "… بنفسها وعاد نجاد ليؤكد أن": the next statement, with its "وعاد X"
                    back = next(
                        (b for b in range(j - 1, max(j - 4, k), -1) if toks[b].norm[0] == "و"), j
                    )
                    j = back
                    break
                if j > k and after_subject_pronoun(doc, j) and _opens_content(doc, j):
                    j -= 1  # "… في شهر مايو وهم يعتقدون أن": the same speakers go on
                    break
                named = names_subject(doc, j)
                if (
                    had_prefix
                    and verb.kind != "participle"
                    and (after_comma or named or _opens_content(doc, j))
                ):
                    break  # "… عموما ورجح الوزير الروسي أن": a new reporting clause
                if (
                    verb.kind == "past"
                    and after_comma
                    and (named or (j + 1 < n and doc.entity_end_at(j + 1) is not None))
                ):
                    break  # "إن العملية كانت فاشلة ، ذكرت إسرائيل أن": a country too
                if verb.kind == "past" and named:
                    comma = next(
                        (b for b in range(j - 1, max(j - 4, k), -1) if toks[b].norm in "،,"),
                        None,
                    )
                    if comma is not None:
                        j = comma  # "… التخصيب , وهو تعليق قال الناطق … إن": a new report
                        break
                if prev is not None and _is_but(prev):
                    j -= 1  # "، لكنه أكد أنه …": the next statement has its own verb
                    break
                start = _subject_after_but(doc, j, k)
                if start is not None and _opens_content(doc, j):
                    j = start  # "… صعب لكن خبراء قالوا إن": another source's report
                    break
                if (
                    prev is not None
                    and "contrast" in classes_of(prev)
                    and verb.kind != "participle"
                ):
                    j -= 1  # "… مختطفة فيما افادت تقارير اخرى بان": the outlet's next report
                    break
                if (
                    prev is not None
                    and prev.norm[:1] == "و"
                    and "relative_subject" in classes_of(prev)
                    and _opens_content(doc, j)
                ):
                    j -= 1  # "… مراسل الجزيرة في طهران والذي يضيف أن": a new statement
                    break
            elif after_comma and "source_cue" in classes_of(t):
                break
        j += 1
    return j


def dateline_before(doc: Doc, j: int) -> int | None:
    """Where a dateline ending at the colon j starts ("الدوحة - بيروت - الراية - وكالات:"):
    place and agency words joined by dashes, the last a news agency or outlet."""
    toks = doc.toks
    last = toks[j - 1]
    if last.kind != "w" or not (
        "media" in classes_of(last) or strip_article(last.norm) in ("وكالات", "وكالة")
    ):
        return None
    a = j - 1
    while a >= 2 and toks[a - 1].norm in ("-", "–", "—") and toks[a - 2].kind == "w":
        a -= 2
    return a if a < j - 1 else None


def span_end(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Character range of tokens [a, b), trimmed of edge punctuation."""
    s = doc.toks[a].start
    e = doc.toks[b - 1].end
    text = doc.text
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    while s < e and text[s] in _TRIM:
        s += 1
    return s, e


def opened_quote(doc: Doc, k: int) -> Quoted | None:
    """The quote pair whose opening mark is token k, if it is one."""
    t = doc.toks[k]
    return doc.by_open.get(t.start) if t.kind == "q" else None


def unquoted_statement(
    doc: Doc, k: int, limit: int, speaker: Mention | None, verb_tok: Tok | None, min_words: int
) -> None:
    """Words after a colon with no quote marks ("قال: …"): a direct statement to the clause
    end, when it has at least `min_words` words."""
    end = content_end(doc, k, limit)
    if end > k and sum(1 for t in doc.toks[k:end] if t.kind == "w") >= min_words:
        s, e = span_end(doc, k, end)
        if e > s:
            doc.emit(s, e, "direct", speaker, verb_tok, quoted=False)
            doc.consumed_to = max(doc.consumed_to, e)


def direct_quote(doc: Doc, q: Quoted, speaker: Mention | None, verb_tok: Tok | None) -> None:
    doc.used.add(q.open)
    doc.emit(q.start, q.end, "direct", speaker, verb_tok)
    doc.consumed_to = max(doc.consumed_to, q.end)


def reported(doc: Doc, k: int, limit: int, speaker: Mention | None, verb_tok: Tok | None) -> None:
    """Content after a complementiser: a direct quote when quoted, else indirect speech."""
    toks = doc.toks
    n = len(toks)
    if k >= n or toks[k].start >= limit:
        return
    q = opened_quote(doc, k)
    if q is not None:
        if q.open not in doc.used and (q.words(doc.text) > 3 or _quoted_clause(doc, q, verb_tok)):
            direct_quote(doc, q, speaker, verb_tok)
            return
        after = doc.tok_at(q.close) + 1 if q.close >= 0 else n
        if after >= n or toks[after].kind != "w" or toks[after].start >= limit:
            return  # "بأنها “غير مسؤولة”": a quoted term, left to be read as partial
        hit = lookup_verb(verb_tok.norm) if verb_tok is not None else None
        if hit is not None and hit[0].lemma == "وصف":
            return  # "وصف التعديل بأنه "مسرحية هزلية" قامت بها الحكومة": the term, described
        # "إلى أن " شلل " عملية السلام … غير مقبولة": the clause goes on after the quoted
        # term, so it is indirect speech, the term a partial quote inside it
    end = content_end(doc, k, limit)
    if end <= k:
        return
    s, e = span_end(doc, k, end)
    if e <= s:
        return
    # "إن العملية استهدفت « بنى تحتية … »": words before the quote make the clause
    # indirect, with the quoted words inside it (the guidelines of the later gold sets)
    doc.emit(s, e, "indirect", speaker, verb_tok)
    doc.consumed_to = max(doc.consumed_to, e)  # verbs inside reported speech are nested


_CLAUSE_OPENERS = frozenset({"نحن", "انا", "هو", "هي", "هم", "لن", "لا", "لم"})


def _quoted_clause(doc: Doc, q: Quoted, verb_tok: Tok | None) -> bool:
    """A short quote right after a complementiser that is a clause, not a term: it opens with
    a definite subject or a pronoun and has three words, or two that end the clause ("بأن
    «الحكومة لن تستقيل»", "إن «الوقت ينفد».", not "إن «الحل السياسي» هو الأفضل"); what وصف
    calls something stays a term ("بأنه «عمل جبان»")."""
    if q.words(doc.text) < 2 or q.close < 0:
        return False
    hit = lookup_verb(verb_tok.norm) if verb_tok is not None else None
    if hit is not None and hit[0].lemma == "وصف":
        return False
    if _clause_goes_on(doc, q):
        return False  # "إن «الحل السياسي» هو الأفضل", "أن «الدولة الإسلامية» ، وفق تعبيره ، انتهت"
    first = doc.toks[doc.tok_at(q.start)]
    return first.kind == "w" and (first.norm.startswith("ال") or first.norm in _CLAUSE_OPENERS)


def _clause_goes_on(doc: Doc, q: Quoted) -> bool:
    """Words of its sentence follow the quote (past commas and quote marks): the quote is
    part of a clause, not the whole of it."""
    toks = doc.toks
    limit = doc.sent_end(q.start)
    j = doc.tok_at(q.close) + 1
    while j < len(toks) and toks[j].start < limit and toks[j].kind in "pq":
        if toks[j].norm in END_PUNCT:
            return False
        j += 1
    return j < len(toks) and toks[j].start < limit and toks[j].kind == "w"


_OBJECT_WORDS = 4  # "وحذر الدول الثلاث من أن": an object and a preposition before أن


def _is_but(t: Tok) -> bool:
    """لكن، ولكن، لكنه: the subordinator 'but' (its clause_break class, spelt لك…)."""
    return "clause_break" in classes_of(t) and t.norm.lstrip("وف")[:2] == "لك"


_BUT_SUBJECT_WORDS = 4  # "ولكن علماء العصر الحالي يعتقدون أن"


def _subject_after_but(doc: Doc, j: int, k: int) -> int | None:
    """Where a new report starts when the verb at j follows لكن/بينما and a short subject
    that opens with a speaker word ("لكن خبراء قالوا", "ولكن علماء العصر الحالي يعتقدون"):
    the token of لكن, or None."""
    toks = doc.toks
    a = j - 1
    closed = doc.by_close.get(toks[a].start) if toks[a].kind == "q" else None
    if closed is not None and closed.words(doc.text) <= _BUT_SUBJECT_WORDS:
        a = doc.tok_at(closed.open)  # "متخصصين في «الإسلام الأوروبي» يذكرون": a quoted name
    while a > k and j - a < _BUT_SUBJECT_WORDS + 4 and toks[a - 1].kind == "w":
        b = toks[a - 1]
        if _but_before(doc, a - 1):
            break
        if classes_of(b) and b.norm not in ("في", "من"):
            return None
        a -= 1
    if a <= k or a >= j or toks[a].kind != "w" or not _speaker_word(doc, a):
        return None
    if not _but_before(doc, a - 1):
        return None
    return a - 2 if is_comp(toks[a - 1]) else a - 1  # "إلا أن": from إلا


def _but_before(doc: Doc, b: int) -> bool:
    """Token b opens a contrasting clause: لكن, بينما, or the أن of إلا أن ('however')."""
    t = doc.toks[b]
    if "contrast" in classes_of(t) or _is_but(t):
        return True
    return is_comp(t) and b > 0 and doc.toks[b - 1].norm in ("الا", "إلا")


def _speaker_word(doc: Doc, k: int) -> bool:
    """Token k can be a subject by itself: someone, a plural of people or a definite noun
    with no function ("لكن خبراء قالوا", "لكن المحللين يرون"; not "لكن لا يعتقد")."""
    t = doc.toks[k]
    return (
        names_someone(doc, k)
        or people_plural(t.norm, ("ون", "ين"))
        or (plain_word(doc, k) and len(t.norm) > 2)
    )


def _opens_content(doc: Doc, j: int) -> bool:
    """The verb at j is followed by its complementiser, at once or after up to four plain
    words or prepositions ("… لبنان واعتبر أن", "… العراق وحذر الدول الثلاث من أن"): the
    speaker's next statement, not part of this one."""
    toks = doc.toks
    for m in range(j + 1, min(j + 2 + _OBJECT_WORDS, len(toks))):
        t = toks[m]
        if is_comp(t):
            return True
        if t.kind != "w" or lookup_verb(t.norm) is not None:
            return False
        cls = classes_of(t) - {"masdar_cue", "skip"}  # "وأكد مرارا أن"
        if cls & PREPOSITION_CLASSES:
            cls -= {"comp_block"}  # "واتفق مع فرنسا أن": مع here is 'with'
        if t.norm != "من" and cls - PREPOSITION_CLASSES:
            return False  # (من is also a relative pronoun: "حذر … من أن")
    return False
