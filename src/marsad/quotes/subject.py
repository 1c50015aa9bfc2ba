"""Who the subject of a reporting verb is.

The words right after the verb (VSO: "وقال وزير الخارجية سامي حداد إن"), up to where its
object or content starts; a subject before it (SVO: "… الرئيس الأذربيجاني يؤكد"), or one
framed by كان/أما/عاد ("وكان X قال", "وعاد نجاد ليؤكد"); a name in apposition after a
description ("قال امبراطور صناعة البرمجيات، بل جيتس، إن"); the person a relative pronoun
goes back to; a short quoted name ("وقال “بوتين” إن"); and whether words can be a speaker
at all (not a quantifier, an accusative, a noun of action with a possessive). Read by
`extract` at each reporting verb and by `cues`.
"""

from __future__ import annotations

import re

from marsad.quotes.content import names_subject
from marsad.quotes.continuity import named_before, recent_speaker
from marsad.quotes.direct import Quoted
from marsad.quotes.document import (
    END_PUNCT,
    PEOPLE_HEADS,
    Doc,
    Tok,
    classes_of,
    is_addressee,
    is_comp,
    names_someone,
    people_plural,
    possessed_speech_noun,
)
from marsad.quotes.lexicon import (
    PURPOSE_PREFIX,
    Verb,
    lookup_verb,
    month_names,
    norm,
    person_names,
    strip_article,
    word_classes,
)
from marsad.quotes.speakers import Mention
from marsad.quotes.terms import mark_name

MAX_SUBJECT = 10  # tokens
MAX_GAP = 14  # words between the subject and what opens the content


def _object_start(doc: Doc, a: int, k: int, verb: Verb | None) -> bool:
    """Word k cannot continue the subject opened at a: it starts the verb's object.

    After a definite institution or source head (المصادر، الوزارة، البيان) only definite
    adjectives follow, so an indefinite word is the object ("أكدت المصادر حرص الحكومة");
    a noun with a possessive pronoun ("أبدت قوى أخرى معارضتها") is an object; a verb that
    governs بـ ("تعهد X باستمرار …") takes a بـ word after the subject as its object.
    """
    t = doc.toks[k]
    w = t.norm
    if w in person_names() or w in ("في", "ب", "بن", "باسم", "عن", "من"):
        return False
    if (
        len(w) > 4
        and _POSSESSIVE_RE.search(w)
        and (k > a + 1 or not w.startswith("ال"))
        and not (
            "description_head" in word_classes(strip_article(doc.toks[k - 1].norm))
            and _title_complement(w)
        )
    ):
        return True  # "أبدت الوزيرة ثقتها", but "وزير خارجيتها" is one title
    head = doc.toks[a].norm
    if (
        k == a + 1
        and head.startswith("ال")
        and not w.startswith(("ال", "لل", "ل"))
        and word_classes(strip_article(head)) & {"org_head", "document_head", "media"}
    ):
        return True
    if (
        k > a + 1
        and not (verb is not None and verb.lemma == "قال" and _unknown_name_shaped(doc, k))
        and head.startswith("ال")
        and doc.toks[k - 1].norm.startswith("ال")
        and not w.startswith(("ال", "ل", "و"))
        and "description_head" in word_classes(strip_article(head))
        and not word_classes(w) & {"description_head", "org_head"}
        and not doc.tok_in_actor(k)
        and t.kind == "w"
    ):
        return True  # "رفض السفير الأميركي دعوة أنان": a bare noun after the titled subject
    if (
        t.kind == "w"
        and doc.person_tok(k - 1)
        and not doc.tok_in_actor(k)
        and not w.startswith(("ال", "ل", "و"))
        and not word_classes(strip_article(w)) & {"description_head", "org_head"}
    ):
        return True  # "واعتبر … علي كرتي تصريحات رايس …": a bare noun right after a person
    if (
        verb is not None
        and verb.cls == "act"
        and t.kind == "w"
        and doc.person_tok(k - 1)
        and not doc.tok_in_actor(k)
        and w.startswith("ال")
        and "description_head" not in word_classes(strip_article(w))
        and not NISBA_RE.search(w)
        and not (k + 1 < len(doc.toks) and doc.is_person_at(doc.toks[k + 1].start))
    ):
        return True  # "وانتقد الوزير سامي حداد الخطة": a verb that takes an object
    if (
        k == a + 1
        and t.kind == "w"
        and head.startswith("ال")
        and w.startswith("ال")
        and (word_classes(strip_article(head)) | word_classes(head)) & PEOPLE_HEADS
        and not (word_classes(strip_article(w)) | word_classes(w)) & PEOPLE_HEADS
        and not doc.tok_in_actor(k)
    ):
        # a definite title or institution takes no genitive, and its adjectives agree with
        # it: "أعلنت الشرطة القبض على …" (a masculine word after a feminine head), "واتهم
        # الرئيس المعارضة بـ«…»" (a feminine noun after a masculine title) start the object
        feminine_word = w.endswith(("ه", "ات"))
        if head.endswith("ه") and not feminine_word:
            return True
        if (
            verb is not None
            and verb.cls == "act"
            and feminine_word
            and not head.endswith(("ه", "ات"))
            and not NISBA_RE.search(w)
        ):
            return True
    return verb is not None and verb.cls == "act" and _bi_masdar(doc, k)


def _unknown_name_shaped(doc: Doc, k: int) -> bool:
    """After قال, which takes no noun object, a bare word after a titled subject is a name
    the entity layer missed ("وقال المؤرخ الألماني أوتي البسهاوزن"), unless it is an
    accusative of manner ("ردا على سؤال", "تعليقا", "مخاطبا الحضور") or a verb."""
    w = doc.toks[k].norm
    return not w.endswith("ا") and not _accusative_participle(doc, k) and not lookup_verb(w)


def _title_complement(w: str) -> bool:
    """خارجيتها، حكومته: a possessed noun that completes a title (a nisba noun in ية or an
    institution), not an object such as ثقتها."""
    base = _feminine_base(w) or w
    return base.endswith("يه") or bool(word_classes(base) & {"org_head", "description_head"})


def _bi_masdar(doc: Doc, k: int) -> bool:
    """بـ + a verbal noun, the object of تعهد/هدد/طالب: "باستمرار", "باتخاذ", "بالعمل",
    "بضرورة" (not a name that starts with ب: بوتين، بشار، بان كي مون)."""
    t = doc.toks[k]
    w = t.norm
    if not w.startswith("ب") or w in person_names():
        return False
    stem = w[1:]
    return (
        stem.startswith("ال") or (stem[:1] in "ات" and len(stem) >= 4) or doc.text[t.end - 1] == "ة"
    )


_POSSESSIVE_RE = re.compile("(?:ته|تها|تهم|تهما)$")


def _feminine_base(w: str) -> str | None:
    """The feminine noun a possessive pronoun is glued to, with the ة the pronoun replaced
    (ة is normalised to ه): "خارجيتها" -> "خارجيه"; None when no such pronoun ends w."""
    m = _POSSESSIVE_RE.search(w)
    return None if m is None else w[: m.start()] + "ه"


NISBA_RE = re.compile("(?:ي|يه|يون|يين|يان)$")  # الأمريكي، الروسية: an adjective of origin


def describer_end(doc: Doc, a: int, b: int) -> int:
    """وصف needs its object before بأن, so a subject read up to بأن holds it: "ووصف المتحدث
    محمد علي الهجوم بأنه" ends after the name, "ويصف المؤلف حسن البنا … بأنه" before it,
    "ووصف الوزير الهجوم بأنه" after the title and its adjectives of origin."""
    toks = doc.toks
    if b >= len(toks) or b - a < 2 or not is_comp(toks[b]):
        return b
    c = next((m for m in range(a, b) if doc.person_tok(m)), None)
    if c is not None:
        e = min(doc.actor_end_tok(c), b)
        if c == a:
            return e  # "ووصف باراك أوباما حماس بأنها": the name speaks, the rest is the object
        return e if e < b and toks[e].norm.startswith("ال") else c
    cls = word_classes(strip_article(toks[a].norm)) | word_classes(toks[a].norm)
    if not ("description_head" in cls or ("org_head" in cls and toks[a].norm.startswith("ال"))):
        return b  # (a definite institution too: "ووصفت الخارجية الإيرانية الضربات بأنها")
    e = a + 1
    while e < b and (NISBA_RE.search(toks[e].norm) or classes_of(toks[e])):
        e += 1  # "المتحدث باسم الخارجية": a closed-class word keeps the title going
    return e


def glued_preposition(doc: Doc, a: int) -> bool:
    """Token a is a noun with a preposition glued to its article (للوفد، بالتالي، كالعادة),
    not a name the entity layer reads."""
    t = doc.toks[a]
    return (
        t.norm.startswith(("لل", "بال", "كال"))
        and t.norm not in person_names()  # بالمر، كالديرون
        and doc.entity_share(t.start, t.end) == 0
    )


def _accusative_participle(doc: Doc, a: int) -> bool:
    """A participle in the accusative, written without its tanween ("موجها الكلام للرئيس",
    "معربا"): a circumstance of the verb, never its subject."""
    t = doc.toks[a]
    w = t.norm
    return (
        len(w) >= 5
        and w[0] == "م"
        and w.endswith("ا")
        and not w.endswith("نا")  # "مرافقنا": our companion
        and not any(c in w[1:-1] for c in "اي")  # a name: ماريا، مونيكا، ميلانيا
        and w not in person_names()
        and doc.entity_share(t.start, t.end) == 0
        and not word_classes(w[:-1]) & {"description_head", "org_head"}  # "مصدرا"
    )


def _possessed_noun_of_action(w: str) -> bool:
    """A feminine noun with a possessive pronoun that is no person ("دعوتها", "رغبته"), unlike
    "زوجته" or "حكومته", whose base is a person description or an institution."""
    base = _feminine_base(w)
    if base is None or len(w) <= 4:
        return False
    speaker_heads = {"description_head", "org_head", "media"}  # زوجته، حكومته، وزارته
    return not word_classes(base) & speaker_heads and w not in person_names()


def read_subject(
    doc: Doc, k: int, limit: int, told: bool = False, verb: Verb | None = None
) -> tuple[int, int]:
    """Token range [a, b) of the subject starting at k (empty when there is none)."""
    toks = doc.toks
    n = len(toks)
    while (
        k < n
        and toks[k].start < limit
        and toks[k].kind == "w"
        and classes_of(toks[k]) & {"skip", "time", "prep_pronoun"}
    ):
        k += 1
    a = k
    if (
        k < n
        and k > 0
        and "prep_pronoun" in classes_of(toks[k - 1])
        and toks[k].kind == "w"
        and toks[k].norm.startswith("وال")
    ):
        return a, a  # "قالت لنا والحديث يدور …": و after the addressee opens a new clause
    while k < n and toks[k].start < limit and k - a < MAX_SUBJECT:
        t = toks[k]
        if t.kind != "w":
            if k > a and doc.is_acronym_dot(k):
                k += 1  # "وكالة بي. تي. ايه"
                continue
            break
        cls = classes_of(t)
        if k > a and cls and doc.tok_in_actor(k) and doc.tok_in_actor(k - 1):
            k += 1  # "سي كي شو": inside a name the entity layer reads, no word is a stop
            continue
        if t.norm == "علي" and doc.text[t.end - 1] == "ي":
            cls = cls - {"adjunct_prep"}  # written علي it is the name; the preposition is على
        if t.norm == "من" and k > a and "quantity" in word_classes(strip_article(toks[k - 1].norm)):
            k += 1  # "عدد من المسؤولين", "الكثير من المفكرين": a partitive, not a relative
            continue
        if cls & {
            "complementizer",
            "relative",
            "time",
            "adjunct_prep",
            "clause_break",
            "source_cue",
            "skip",
            "kana",
            "prep_pronoun",
            "amma",
            "pronoun_subject",
            "report_pronoun",  # "عن ستانيشيف قوله …": the saying, not the sayer
            "comp_block",  # "رفض المخرج فكرة أن", "وقال جلالته يجب أن": never the speaker
        }:
            break
        if lookup_verb(t.norm) is not None or is_addressee(doc, k):
            break
        if k > a and (_object_start(doc, a, k, verb) or "demonstrative" in cls):
            break
        if told and k > a and "media" in cls:
            break  # "أفادت مصادر … وكالة فرانس برس": the agency was told, it did not speak
        if t.norm in ("في", "ب"):
            nxt = toks[k + 1] if k + 1 < n else None
            if k == a or nxt is None or nxt.kind != "w":
                break
            ncls = classes_of(nxt) | word_classes(strip_article(nxt.norm))
            if ncls & {"speech_noun", "time"} or possessed_speech_noun(nxt) or nxt.norm == "اكثر":
                break  # "في تصريح", "في حديثها لـ…", "في أكثر من مناسبة": when, not who
        k += 1
    b = k
    while b > a and toks[b - 1].norm in ("في", "ب", "و"):
        b -= 1
    if b - a >= 3 and "quantity" in classes_of(toks[b - 1]) and toks[b - 2].norm in ("في", "ب"):
        b -= 2  # "دراسة كندية نشرت نتائجها في عدد اليوم": "في عدد" is no part of the source
    return a, b


def _subject_follows(doc: Doc, i: int) -> bool:
    """A subject is written right after the verb at i (a title, an institution or a name),
    not على spelt علي before its complementiser ("ليؤكد علي أن")."""
    if _ala_before_comp(doc, i + 1):
        return False
    return names_subject(doc, i)


def _ala_before_comp(doc: Doc, k: int) -> bool:
    """Token k is على spelt علي right before its complementiser ("ليؤكد علي أن"): the
    preposition, not the name Ali."""
    toks = doc.toks
    return k + 1 < len(toks) and toks[k].norm == "علي" and is_comp(toks[k + 1])


def _fa_clause(doc: Doc, i: int, had_prefix: bool) -> bool:
    """The verb opens the main clause of أما with ف: "فقال", "فقد قالت", "فإنه قال"."""
    if had_prefix and doc.toks[i].norm.startswith("ف"):
        return True
    prev = doc.toks[i - 1] if i > 0 else None
    return prev is not None and prev.kind == "w" and "fa_particle" in classes_of(prev)


_QUOTED_NAME_WORDS = 3  # "وكان «حزب الله» قد قال": a quoted name inside a framed subject


def framed_subject(
    doc: Doc, i: int, had_prefix: bool, in_which: bool = False
) -> tuple[int, int] | None:
    """Subject framed before the verb by كان or أما: "وكان X قال", "أما X، التي …، فقالت".
    The frame wins over words after the verb, which are then its object. `in_which`: the
    verb is followed by فيها/خلاله ("كان X الذي ألقى كلمة أكد فيها"), so it sits in a
    relative clause about X's speech and X may stand further back."""
    toks = doc.toks
    sent_start = doc.sent_starts[doc.sent_of(toks[i].start)] if doc.sent_starts else 0
    fa = _fa_clause(doc, i, had_prefix) or in_which
    # "وعاد نجاد ليؤكد أن": the ل-verb's subject is عاد's, unless a subject follows it
    # ("وعاد الهدوء إلى المدينة ليعلن الجيش أن" names its own)
    purpose = had_prefix and toks[i].norm[0] == PURPOSE_PREFIX and not _subject_follows(doc, i)
    # "وكانت فرنسا، التي وزعت …، قد قالت": قد after a comma closes an apposition or a
    # relative clause about the subject, which كان framed further back
    qad = i > 1 and toks[i - 2].kind == "p" and "qad" in classes_of(toks[i - 1])
    j = i - 1
    lo = max(0, i - (30 if fa or qad else 15))
    while j >= lo and toks[j].start >= sent_start:
        t = toks[j]
        if t.kind != "w":
            if t.kind == "p" and t.norm in END_PUNCT:
                break
            closed = doc.by_close.get(t.start) if t.kind == "q" else None
            if closed is not None and closed.words(doc.text) > _QUOTED_NAME_WORDS:
                break  # "«… مهما كانت الضغوط علينا»، قال الوزير": كان is the quote's
            j -= 1
            continue
        cls = classes_of(t)
        if j == i - 1 and "fa_particle" in cls:
            j -= 1  # "أما المعارضون فإنهم يرون": the particle that opens the verb's clause
            continue
        framing = (
            ("amma" in cls and fa)
            or ("kana" in cls and (i - j <= 10 or in_which or qad) and not had_prefix)
            or ("purpose_lead" in cls and i - j <= 6 and purpose)
        )
        # "وكان X قال", never "وكان …، وقالت مصادر"; "وعاد نجاد ليؤكد أن": عاد's subject
        # speaks; but "إن العملية كانت فاشلة ، ذكرت إسرائيل": كان is in what was reported
        if framing:
            reported = any(q.start <= t.start < q.end for q in doc.out[-3:])
            return None if reported else _trim_pre(doc, j + 1, i)
        if cls & {"complementizer", "clause_break", "source_cue"} or lookup_verb(t.norm):
            break
        if "relative" in cls and t.norm in ("ما", "من", "الذي", "التي", "الذين") and not fa:
            if qad:
                j -= 1
                continue
            return None  # the verb is inside a relative clause: X الذي قال
        j -= 1
    return None


_CONTENT_REACH = 4  # words from the end of a subject to its complementiser ("في بيان إن")


def _comp_ahead(doc: Doc, b: int, stop: int) -> int | None:
    """The complementiser at or after token b and before token `stop`, when only words and
    no reporting verb come between; else None."""
    toks = doc.toks
    for j in range(b, min(len(toks), stop)):
        if toks[j].kind != "w" or lookup_verb(toks[j].norm) is not None:
            return None
        if is_comp(toks[j]):
            return j
    return None


def _verbal_noun(doc: Doc, a: int) -> bool:
    """Token a is shaped like a verbal noun (افتعال، استفعال: احتكار، استخدام; تفعيل:
    تأكيد; فعول: وجود), not a name, a title, an institution or a document: after a verb
    it is the object, and the subject was dropped. (إفعال is left out: it is spelt like
    the plural أفعال, as in "الأرقام", "الأخبار", which do speak.)"""
    t = doc.toks[a]
    w = strip_article(t.norm)
    shaped = (
        (len(w) >= 6 and w[0] == "ا" and w[-2] == "ا" and not w.endswith("ات"))
        or (len(w) == 5 and w[0] == "ت" and w[3] == "ي")
        or (len(w) == 4 and w[2] == "و")
    )
    return (
        shaped
        and w not in person_names()
        and not (classes_of(t) | word_classes(w)) & _SPEAKER_HEADS
        and doc.entity_share(t.start, t.end) == 0
    )


def plausible_speaker(doc: Doc, a: int, b: int, verb: Verb | None = None) -> bool:
    """Whether subject tokens [a, b) can be a speaker: not a bare quantifier ("يرى بعض",
    "أصيب نحو" before a number), not an accusative object ("تقريراً"), and agreeing with
    the verb: a masculine singular verb never has a feminine noun for subject, so in
    "ودعا سلطات أنقرة إلى" or "وحث الحكومة على" the noun is the object."""
    toks = doc.toks
    if "quantity" in classes_of(toks[b - 1]) or "not_speaker" in classes_of(toks[a]):
        return False
    if toks[a].norm in month_names() and doc.entity_share(toks[a].start, toks[a].end) == 0:
        return False  # "أيلول الجاري وتؤكد", but "تتوقع نيسان الشرق الأوسط أن" (the company)
    if glued_preposition(doc, a):
        return False  # "قالت للوفد", "وأكد بالتالي": a preposition glued to a noun
    if lookup_verb(toks[a].norm) is not None:
        return False  # "وقال طالبا عدم الكشف عن هويته": a participle, not a subject
    if b - a == 1 and _ala_before_comp(doc, a):
        return False  # "ليؤكد علي أن"
    if verb is not None and b - a == 1 and "demonstrative" in classes_of(toks[a]):
        return False  # "نفى ذلك": the object; "وقال هذا الأخير", "تلك التي تنادي" speak
    if (
        verb is not None
        and _verbal_noun(doc, a)
        and _comp_ahead(doc, b, b + _CONTENT_REACH) is None
    ):
        # "وأكد وجود قطار ثالث"، "ونفى احتكار الرجل": the object; but "وزعم الاحتلال أن",
        # "وقال التنظيم في بيان إن" have their content right after the subject
        return False
    if all(classes_of(t) & {"quantity", "skip", "kana", "time"} for t in toks[a:b]):
        return False
    raw = doc.text[toks[a].start : toks[a].end]
    if raw.endswith(("اً", "ًا")) or _accusative_participle(doc, a):
        return False
    if b - a == 1 and _possessed_noun_of_action(toks[a].norm):
        return False  # "وكررت دعوتها إلى", "لفت انتباهي": the object, its owner speaks
    if verb is not None and verb.gender == "m" and verb.number == "s":
        w = toks[a].norm
        if (
            raw.endswith(("ة", "ات"))
            and w not in person_names()
            and (w.startswith("ال") or b - a > 1)
            and not doc.is_person_at(toks[a].start)  # "السنيورة", "الطراونة": a family name
        ):
            return False
    return True


_SPEAKER_HEADS = frozenset({"description_head", "org_head", "document_head", "media"})


def speaker_shaped(doc: Doc, a: int, b: int) -> bool:
    """Tokens [a, b) after a verb whose object often comes first (انتقد، رفض، طالب) read
    as its subject: a name or place the entity layer marks, a title, an institution, a
    known personal name or a plural of people. "انتقد استقبال بلير", "ورفض الحديث عن …":
    a noun of action is the object, and the subject is before the verb or earlier."""
    toks = doc.toks
    first = toks[a]
    if doc.entity_share(first.start, first.end) > 0:
        return True  # it opens with a name ("بلير" inside "استقبال بلير" does not count)
    if first.kind != "w" or names_someone(doc, a):
        return True
    if (classes_of(first) | word_classes(strip_article(first.norm))) & _SPEAKER_HEADS:
        return True
    return people_plural(first.norm, ("ون", "ين"))


def spoke_before_in_sentence(doc: Doc, sentence: int, pos: int) -> bool:
    """Someone spoke in `sentence` before character `pos` (events come in text order, so the
    scan stops at the first earlier sentence)."""
    for start, s, _ in reversed(doc.events):
        if s < sentence:
            return False
        if s == sentence and start < pos:
            return True
    return False


def named_antecedent(doc: Doc, i: int) -> int | None:
    """Token where a person the entity layer names starts, right before the relative pronoun
    that opens the verb at i ("كوندوليزا رايس التي قالت"), unless a pronoun object follows
    the verb ("الذي قال له")."""
    toks = doc.toks
    if i < 2 or "relative_subject" not in classes_of(toks[i - 1]):
        return None
    if i + 1 < len(toks) and "prep_pronoun" in classes_of(toks[i + 1]):
        return None
    a = doc.actor_ending_at(toks[i - 2].end)
    if a is not None and doc.is_person_at(toks[a].start):
        return a
    # "غسان بن جدو الصحفي … ومراسل قناة الجزيرة في طهران والذي يضيف أن", "اركي لبكانين
    # عضو المجلس الحاكم للبنك المركزي الاوروبي الذي صرح بأن": a relative before a speech
    # verb whose content follows at once goes back past the descriptions to the person
    # they describe: with و past anything nominal, without it only through a title in
    # apposition ("وقع بوتين الاتفاق الذي قالت الحكومة إنه", "عباس مع وفد حماس الذي قال")
    if not _opens_content_at(doc, i + 1) and not _ala_before_comp(doc, i + 1):
        return None
    joined = doc.text.startswith("و", toks[i - 1].start)
    reach = _AND_WHO_REACH if joined else _WHO_REACH
    sent_start = doc.sent_starts[doc.sent_of(toks[i].start)] if doc.sent_starts else 0
    for j in range(i - 2, max(-1, i - 2 - reach), -1):
        t = toks[j]
        if t.start < sent_start or (t.kind == "w" and lookup_verb(t.norm) is not None):
            return None
        if t.kind == "p" and t.norm in END_PUNCT:
            return None
        if doc.person_tok(j):
            idx = doc.tok_actor[j]
            after = doc.actor_end_tok(j)
            title = strip_article(toks[after].norm) if after < i - 1 else ""
            titled = "description_head" in word_classes(title)
            if titled and toks[i - 1].norm.lstrip("و") == "التي" and title[-1:] not in "ةه":
                return None  # "بوتين رئيس الحكومة التي قالت": التي is not the man's
            return doc.tok_at(doc.actor_spans[idx][0]) if joined or titled else None
    return None


_AND_WHO_REACH = 15  # tokens back from "والذي" to the person it refers to
_WHO_REACH = 8  # from "الذي", through a title in apposition


def plural_shaped(m: Mention) -> bool:
    """A mention headed by a sound plural of people ("باحثون بريطانيون", "المسؤولين"): a
    verb before its subject stays singular, so "قال باحثون" does not make them one."""
    head = strip_article(m.norms[0]) if m.norms else ""
    return len(head) > 3 and head.endswith(("ون", "ين")) and head not in person_names()


def object_of_running_speaker(doc: Doc, a: int, b: int, sentence: int) -> bool:
    """Words after a masculine و-verb that go on with a preposition and أن ("… وحذر الدول
    الثلاث من أن") are its object when someone already speaks in the sentence and they do
    not look like a speaker: the running speaker warned them ("وكشفت التحقيقات عن أن"
    agrees with its subject and is not asked)."""
    toks = doc.toks
    if not (b + 1 < len(toks) and "preposition" in classes_of(toks[b]) and is_comp(toks[b + 1])):
        return False
    return bool(doc.events) and doc.events[-1][1] == sentence and not speaker_shaped(doc, a, b)


def sentence_subject(doc: Doc, i: int, sentence: int, limit: int) -> Mention | None:
    """The subject of a sentence that opens with و + verb (and maybe a pronoun after it) +
    a titled subject or any name the entity layer reads ("وتبنى المتحدث باسم الحركة محمد
    حنيف …", "ورد عليه زعيم المعارضة …", "وتؤيد واشنطن …"), when it ends before token i."""
    toks = doc.toks
    if not doc.sent_starts:
        return None
    s0 = doc.tok_at(doc.sent_starts[sentence])
    if s0 < 0 or toks[s0].start < doc.sent_starts[sentence]:
        s0 += 1
    while s0 < i and toks[s0].kind != "w":
        s0 += 1
    if s0 >= i - 1:
        return None
    first = toks[s0]
    v = s0  # "ورد عليه زعيم المعارضة": the pronoun after the verb, then its subject
    while v + 1 < i and "prep_pronoun" in classes_of(toks[v + 1]):
        v += 1
    cls = classes_of(first)
    if toks[s0 + 1].norm != "في":
        cls = cls - {"appeared_in"}  # ورد في is "appeared in"; "ورد عليه" is "replied"
    if (
        first.norm[:1] not in "وف"
        or len(first.norm) < 3
        or cls
        or lookup_verb(first.norm) is not None
        or not (names_subject(doc, v) or doc.entity_end_at(v + 1) is not None)
    ):
        return None  # the subject: someone, or any name the entity layer reads (a country)
    a, b = read_subject(doc, s0 + 1, limit)
    if b <= a or b > i or not plausible_speaker(doc, a, b):
        return None
    return doc.mention(a, name_end(doc, a, b), sentence)


def name_end(doc: Doc, a: int, b: int) -> int:
    """Where a subject that opens with a name ends: after the name when a bare noun follows
    it, the verb's object ("وزار أنان روما"); titles and adjectives after it stay."""
    toks = doc.toks
    idx = doc.tok_actor[a]
    if idx >= 0 and doc.actor_spans[idx][0] == toks[a].start:
        c = doc.actor_end_tok(a)
    else:
        c = doc.entity_end_at(a)  # a place that speaks: "وتؤيد واشنطن تشديد العقوبات"
        if c is None or (c < b and toks[c].norm[:1] == "و"):
            return b  # no name first, or places in a row ("وبحسب بريطانيا وفرنسا فإن")
    if c >= b or toks[c].kind != "w":
        return b
    nxt = toks[c].norm
    if nxt.startswith("ال") or word_classes(nxt) & {"description_head", "org_head"}:
        return b
    return c


def name_before(doc: Doc, i: int) -> tuple[int, int] | None:
    """A personal name (gazetteer words, with the unknown words around them) ending at most
    three words before the verb at i, in the same clause: the one whose speech "قال فيه"
    reports."""
    toks = doc.toks
    names = person_names()
    sent_start = doc.sent_starts[doc.sent_of(toks[i].start)] if doc.sent_starts else 0
    j = i - 1
    while j >= max(0, i - 7) and toks[j].kind in "wn" and toks[j].start >= sent_start:
        if toks[j].kind == "w" and toks[j].norm in names:
            break
        if toks[j].kind == "w" and lookup_verb(toks[j].norm) is not None:
            return None
        j -= 1
    else:
        return None
    if j < 0 or toks[j].kind != "w" or toks[j].norm not in names:
        return None

    def namey(t: Tok) -> bool:
        return t.kind == "w" and (
            t.norm in names or (not t.norm.startswith("ال") and not classes_of(t))
        )

    a = j
    while a > 0 and toks[a - 1].start >= sent_start and namey(toks[a - 1]) and j - a < 3:
        if toks[a - 1].norm[:1] in "لب" and toks[a - 1].norm not in names:
            break  # "لزعيم": a preposition opens the phrase the name is in
        a -= 1
    for p in range(a - 1, max(-1, a - 5), -1):
        if toks[p].kind != "w" or lookup_verb(toks[p].norm) is not None:
            break
        if "adjunct_prep" in classes_of(toks[p]):
            return None  # "… إلى المستشارة الألمانية ميركل أشار فيها": the addressee
    b = j + 1
    while b < i and namey(toks[b]) and b - a < 4 and lookup_verb(toks[b].norm) is None:
        b += 1
    return (a, b) if i - b <= 3 else None


def apposed_name(doc: Doc, b: int, limit: int) -> tuple[int, int] | None:
    """Tokens [c, d) of a short name between commas right after the subject and right before
    what opens the content ("، بل جيتس إن"), or None. Words of any closed class (time,
    titles, prepositions), verbs, participles and addressees are not a name."""
    toks = doc.toks
    n = len(toks)
    if b >= n or toks[b].kind != "p" or toks[b].norm not in "،,":
        return None
    titled = _titled_apposed_name(doc, b, limit)
    if titled is not None:
        return titled
    c = d = b + 1
    while d < n and d - c < 4 and toks[d].kind == "w" and toks[d].start < limit:
        t = toks[d]
        if is_comp(t):
            break
        w = t.norm
        raw = doc.text[t.start : t.end]
        if (
            classes_of(t)
            or word_classes(strip_article(w))
            or lookup_verb(w) is not None
            or is_addressee(doc, d)
            or (len(w) > 4 and w.endswith("ا"))
            or raw.endswith("ة")  # "، محاولة الإنزال الفاشلة بأنها": an object
            or (d == c and w.startswith("ال") and w not in person_names())
        ):
            return None
        d += 1
    if d == c or d - c > 3 or d >= n:
        return None
    return (c, d) if _opens_content_at(doc, d) else None


def name_after_title_phrase(doc: Doc, a: int, b: int, limit: int) -> tuple[int, int] | None:
    """A title whose phrase goes on past a preposition or هو, then the name the entity layer
    reads, right before the content or the verb's preposition ("وقال رئيس بعثة مصر إلى
    البطولة محمد الشربيني إن"): tokens of the name."""
    toks = doc.toks
    if b >= len(toks) or not classes_of(toks[b]) & {"adjunct_prep", "pronoun_subject"}:
        return None  # "رئيس بعثة مصر إلى البطولة محمد …", "المتحدث باسم الخارجية هو توم …"
    if "description_head" not in word_classes(strip_article(toks[a].norm)):
        return None
    if any(doc.tok_in_actor(m) for m in range(a, b)):
        return None  # the subject already names someone
    d = b + 1
    n = len(toks)
    while d < n and d - b <= 8 and toks[d].kind == "w" and toks[d].start < limit:
        if is_comp(toks[d]):
            break
        if d > b + 1 and "verb_preposition" in classes_of(toks[d]) and doc.tok_in_actor(d - 1):
            break  # "أعرب قائد منتخب ألمانيا ولاعب خط وسط … مايكل بالاك عن ثقته بأن"
        d += 1
    if d >= n or not (_opens_content_at(doc, d) or "verb_preposition" in classes_of(toks[d])):
        return None  # the text ends in the title phrase (a headline, a cut line)
    # "إلى محمد …": a name right after the preposition is its object
    first = b + 1 if "pronoun_subject" in classes_of(toks[b]) else b + 2
    if d - 1 > first and is_addressee(doc, d - 1):
        d -= 1  # "… ادامنتوس فاسيلاكيس للصحافيين انه": the name ends before the addressee
    c = _person_ending_before(doc, d, first)
    return (c, d) if c is not None else None


def _opens_content_at(doc: Doc, d: int) -> bool:
    """Token d opens reported content: a complementiser, a colon or a quote mark, or a
    comma before a complementiser."""
    toks = doc.toks
    if d >= len(toks):
        return False
    nxt = toks[d]
    if is_comp(nxt) or (nxt.kind == "p" and nxt.norm == ":") or nxt.kind == "q":
        return True
    return nxt.kind == "p" and nxt.norm in "،," and d + 1 < len(toks) and is_comp(toks[d + 1])


def _person_ending_before(doc: Doc, d: int, first: int) -> int | None:
    """Token where a person the entity layer names, ending right before token d, starts, if
    it starts at `first` or later."""
    c = doc.actor_ending_at(doc.toks[d - 1].end)
    return c if c is not None and c >= first and doc.is_person_at(doc.toks[c].start) else None


def _titled_apposed_name(doc: Doc, b: int, limit: int) -> tuple[int, int] | None:
    """A title and the name the entity layer reads after it, between commas after the
    subject ("وقال سفير غانا ، رئيس المجلس نانا ايفا - ابنتنغ ، ان"): tokens of the name."""
    toks = doc.toks
    d = b + 1
    while d < len(toks) and d - b <= 10 and toks[d].start < limit:
        t = toks[d]
        if is_comp(t) or t.kind == "q" or (t.kind == "p" and t.norm in "،,:"):
            break
        d += 1
    if d <= b + 2 or not _opens_content_at(doc, d):
        return None
    c = _person_ending_before(doc, d, b + 2)  # a name alone is the plain case: a title first
    return (c, d) if c is not None else None


def indefinite_description(m: Mention) -> bool:
    """مسؤول في الوزارة / مصادر مطلعة / مسؤولون: an unnamed, indefinite source."""
    if not m.norms or m.norms[0].startswith("ال"):
        return False
    if len(m.norms) > 1 and m.norms[1].startswith("ال"):
        return False  # "منظمة الصحة العالمية": a noun and its definite genitive are definite
    cls = word_classes(m.norms[0])
    return bool(cls & {"description_head", "org_head"}) or (
        len(m.norms[0]) > 4 and m.norms[0].endswith("ون")
    )


def pre_subject(doc: Doc, i: int, had_prefix: bool) -> tuple[int, int] | None:
    """Subject before the verb: "X قال" after a boundary (framed subjects come first)."""
    toks = doc.toks
    sent_start = doc.sent_starts[doc.sent_of(toks[i].start)] if doc.sent_starts else 0
    if had_prefix:
        return None
    # plain SVO: up to 5 nominal words back to a boundary
    j = i - 1
    while j >= max(0, i - 5) and toks[j].kind == "w" and toks[j].start >= sent_start:
        cls = classes_of(toks[j])
        if cls & {
            "complementizer",
            "clause_break",
            "relative",
            "adjunct_prep",
            "source_cue",
            "time",
        }:
            break
        if toks[j].norm == "و":
            break  # "مهاجمة البابا و الظواهري اعتبر": a detached و opens a new clause
        bare = toks[j].norm[1:] if toks[j].norm[:1] in "وف" else toks[j].norm
        if lookup_verb(toks[j].norm) or bare in ("في", "ب") or toks[j].norm in ("في", "ب"):
            return None
        j -= 1
    a = j + 1
    if a >= i:
        return None
    if _verb_clause_opener(doc, a):
        return None  # "وألقى كلمة أكد": a clause opened by و is a verb, not a subject
    if j >= 0 and toks[j].kind == "w" and toks[j].start >= sent_start:
        cls = classes_of(toks[j])
        if not cls & {"complementizer", "clause_break"} and toks[j].norm != "و":
            return None  # the words before are an object or a phrase, not a fresh subject
    b = i
    while b > a and "aux" in classes_of(toks[b - 1]):
        b -= 1  # "الرجل كان يعتقد", "الحكومة لاتزال ترى": the auxiliary is no part of it
    return (a, b) if b > a else None


def _trim_pre(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    toks = doc.toks
    while a < b and (toks[a].kind != "w" or toks[a].norm == "عند"):
        a += 1  # "أما عند أهل السنة فإنهم": at whose view, not the view
    if a < b and classes_of(toks[a]) & {"skip"}:
        return None  # "وكان قد وجه …": كان قد + verb, the subject is dropped
    # the subject is the noun phrase right after كان/أما: an apposition or relative after
    # a comma ("أما ريدموند، وهي من يوتا، التي …") is not part of it
    for k in range(a + 1, b):
        t = toks[k]
        if t.kind == "p" or (t.kind == "w" and classes_of(t) & _PRE_STOP):
            b = k
            break
    while b > a and (toks[b - 1].kind != "w" or classes_of(toks[b - 1]) & {"time", "skip"}):
        b -= 1
    return (a, b) if b > a else None


_PRE_STOP = frozenset(
    {"relative", "pronoun_subject", "clause_break", "complementizer", "skip", "fa_particle"}
)


QUANTIFIED_SUBJECT = 10  # "يعتبر الكثير من المفكرين والمنظرين العرب وحتى السياسيين أن"


def definite_subject(doc: Doc, a: int, b: int) -> bool:
    """ "يعتقد العلماء أن", "يتوقع الخبراء بأن": a definite noun phrase between an opinion
    verb and its أن is the verb's subject, so the verb is active, not the impersonal
    passive ("يُعتقد أن" has nothing between)."""
    toks = doc.toks
    first = toks[a]
    quantified = "quantity" in classes_of(first) | word_classes(strip_article(first.norm))
    if quantified:
        # "الكثير من المفكرين والمنظرين العرب وحتى السياسيين أن": words only, up to أن
        c = _comp_ahead(doc, b, a + QUANTIFIED_SUBJECT + 1)
        if c is not None:
            b = c
    if b >= len(toks) or not is_comp(toks[b]):
        return False
    if b - a > (QUANTIFIED_SUBJECT if quantified else 6):
        return False
    if quantified and b - a > 1:
        first = doc.toks[a + 1]  # "يعتقد بعض الباحثين أن", "يتفق كل الخبراء على أن"
        if first.norm == "من" and b - a > 2:
            first = doc.toks[a + 2]  # "الكثير من الناس"
    return (
        first.kind == "w"
        and first.norm.startswith("ال")
        and not classes_of(first)
        & {
            "time",
            "skip",
            "adjunct_prep",
        }
    )


def running_speaker(doc: Doc, i: int, sentence: int, verb: Verb) -> Mention | None:
    """Who a subject-less verb continues: the last speaker, or the person named before it
    when nobody has spoken yet."""
    speaker = recent_speaker(doc, verb)
    if speaker is None and not doc.history:
        return named_before(doc, i, sentence)
    if speaker is not None and speaker.sentence < sentence:
        # "وجاء تصريح X متسقا مع خطاب الرئيس محمود أحمدي نجاد حين قال إن": a person
        # named in the verb's own sentence, after the last speaker, speaks now
        return named_before(doc, i, sentence, same_sentence=True) or speaker
    return speaker


_SVO_STOP = frozenset(
    {"complementizer", "clause_break", "source_cue", "time", "skip", "relative", "kana"}
)


_SVO_MAX = 7  # words of a fronted subject


def fronted_subject(doc: Doc, i: int, verb: Verb, adjectival: bool = False) -> Mention | None:
    """The subject written before a present opinion verb that is followed right away by its
    complementiser: "بعض الأنظمة العربية التي ترى أن", "المدير المسؤول عن صحيفة القدس لايزال
    يعتقد أن"; a pronoun ("وهي … ترى أن", "لكنه يطالب بأن") continues the running speaker.
    An impersonal form (يذكر أن، يعتقد أن with nothing before) keeps no speaker."""
    toks = doc.toks
    if i + 1 >= len(toks) or not is_comp(toks[i + 1]):
        return None
    # "يعتقد أن" alone is impersonal; only a written subject makes it someone's opinion
    impersonal = "impersonal" in classes_of(toks[i])
    sent_start = doc.sent_starts[doc.sent_of(toks[i].start)] if doc.sent_starts else 0
    if adjectival:
        # the definite noun and adjectives the participle agrees with ("النظرية القائلة")
        a = i
        while (
            a > 0
            and i - a < 3
            and toks[a - 1].kind == "w"
            and toks[a - 1].start >= sent_start
            and toks[a - 1].norm.startswith("ال")
            and not classes_of(toks[a - 1])
        ):
            a -= 1
        if a == i or not plausible_speaker(doc, a, i):
            return None
        # a theory or a view, not someone: it does not become the running speaker
        return doc.mention(a, i, doc.sent_of(toks[i].start))
    j = i - 1
    while j >= 0 and toks[j].kind == "w" and "aux" in classes_of(toks[j]):
        j -= 1
    if impersonal and j == i - 1:
        return None  # "لفيروس … الذي يعتقد أنه": يُعتقد, a passive; "لايزال يعتقد" is active
    carried = None if impersonal or verb.number != "s" else recent_speaker(doc, verb)
    if j < 0 or toks[j].kind != "w" or toks[j].start < sent_start:
        return carried if j < i - 1 else None  # "ومضى يقول إن": he went on
    w = toks[j].norm
    if "clause_break" in classes_of(toks[j]) and w.endswith(("ه", "ها")):
        return carried  # "لكنه يطالب بأن"
    if "complementizer" in classes_of(toks[j]) and w.endswith(("ه", "ها")) and verb.number == "s":
        # "رغم أنه يقول إنه", "إذ إنه كان يعتقد بأن": the pronoun is the subject, so even
        # يعتقد is active; it refers to the one its sentence names, else the running speaker
        sentence = doc.sent_of(toks[i].start)
        return named_before(doc, i, sentence, same_sentence=True) or recent_speaker(doc, verb)
    relative = "relative_subject" in word_classes(w)
    if relative:
        j -= 1
    a = _svo_start(doc, j + 1, sent_start, relative)
    if a == _PRONOUN:
        return carried  # "وهي مثل كثير من أبناء الشعب ترى أن"
    if a is None:
        return None
    sentence = doc.sent_of(toks[i].start)
    return doc.finish_mention(doc.mention(a, j + 1, sentence, strip_conj=_opens_clause(toks[a])))


_PRONOUN = -1  # _svo_start: a subject pronoun stands there


def _opens_clause(t: Tok) -> bool:
    """A noun with the article and a glued و/ف ("فالأرثوذكس", "والطاوي"): it opens a clause."""
    return t.norm.startswith(("فال", "وال")) and not classes_of(t)


def _svo_start(doc: Doc, b: int, sent_start: int, relative: bool = False) -> int | None:
    """Where a fronted subject ending before token b starts: up to a clause boundary, and
    only when the words before it open a fresh clause (an object or a phrase does not);
    `_PRONOUN` when a subject pronoun ("وهي …") stands there instead. A noun with the
    article and a glued و/ف ("فالأرثوذكس يؤمنون") opens its clause itself."""
    toks = doc.toks
    j = b - 1
    opened = False
    while j >= 0 and b - j <= _SVO_MAX and toks[j].kind == "w" and toks[j].start >= sent_start:
        cls = classes_of(toks[j])
        if "pronoun_subject" in cls:
            return _PRONOUN
        if "clause_break" in cls and toks[j].norm.endswith(("ه", "ها", "هم")):
            return _PRONOUN  # "لأنها تعارض توقيته وتعتبر أن": the pronoun is the subject
        partitive = toks[j].norm == "من" and j > 0 and "quantity" in classes_of(toks[j - 1])
        if (cls & _SVO_STOP and not partitive) or lookup_verb(toks[j].norm) is not None:
            break  # "كثير من القادة": من after a quantity is no relative
        if "adjunct_prep" in cls and toks[j].norm not in ("من", "عن"):
            break
        if _opens_clause(toks[j]):
            opened = True
            j -= 1
            break
        j -= 1
    a = j + 1
    if a >= b or b - a > _SVO_MAX - 1 or not plausible_speaker(doc, a, b):
        return None
    if (
        not relative
        and not opened
        and j >= 0
        and toks[j].kind == "w"
        and toks[j].start >= sent_start
        and not classes_of(toks[j]) & {"complementizer", "clause_break"}
        and toks[j].norm != "و"
    ):
        return None  # an object or a phrase before, not a fresh subject
    while a < b and toks[a].norm in ("من", "عن"):
        a += 1
    if a < b and _verb_clause_opener(doc, a):
        return None  # "وتؤيد واشنطن تشديد العقوبات … وتقترح أن": a clause, not a subject
    return a if a < b else None


def _verb_clause_opener(doc: Doc, a: int) -> bool:
    """Token a is و/ف glued to a word with no article that names no one: a verb opening a
    clause ("وألقى كلمة أكد", "وتؤيد واشنطن …"), not a subject."""
    first = doc.text[doc.toks[a].start : doc.toks[a].end]
    return first[:1] in "وف" and not first[1:].startswith("ال") and not names_someone(doc, a)


_CHAIN_REACH = 20  # tokens back from a plural reporting verb to the plural verb it continues


def _plural_verb_shaped(t: Tok) -> bool:
    """A plural verb form the lexicon does not list: يرفضون, تعتقدون, حرفوا, درسوا."""
    w = t.norm
    if t.kind != "w" or classes_of(t) or w.startswith("ال"):
        return False
    return (w[:1] in "يت" and w.endswith("ون") and len(w) >= 5) or (
        w.endswith("وا") and len(w) >= 4
    )


def chain_subject(doc: Doc, i: int, sentence: int) -> Mention | None:
    """The subject of a plural reporting verb or participle with none of its own, which
    goes on from an earlier plural verb of its sentence: "فإن البرغوثي ومعه كثير من
    القادة يرفضون هذا التأجيل ويعتقدون أنه", "لكن اليهود والنصارى حرفوا هذا الحدث
    واعتبروا أن", "فإن الرياضيين قد يدرسون حقولا … معتبرين أن": the subject written
    before that verb."""
    toks = doc.toks
    sent_start = doc.sent_starts[sentence] if doc.sent_starts else 0
    j = i - 1
    while j >= 0 and i - j <= _CHAIN_REACH and toks[j].start >= sent_start:
        t = toks[j]
        listed = lookup_verb(t.norm)
        if t.kind == "q" or is_comp(t) or (listed is not None and listed[0].number != "p"):
            return None  # a quote or a clause of its own comes between
        if listed is not None or _plural_verb_shaped(t):
            b = j
            while b > 0 and classes_of(toks[b - 1]) & {"aux", "qad"}:
                b -= 1  # "قد يدرسون", "لا يزالون يرفضون"
            a = _svo_start(doc, b, sent_start)
            if a is None or a == _PRONOUN:
                return None
            for k in range(a + 1, b):  # "البرغوثي ومعه كثير من القادة": the named one
                if toks[k].norm.startswith("ومع"):
                    b = k
                    break
            return doc.finish_mention(
                doc.mention(a, b, sentence, strip_conj=_opens_clause(toks[a]))
            )
        j -= 1
    return None


def quoted_name(doc: Doc, k: int, limit: int) -> tuple[Quoted, int] | None:
    """A short closed quote opening at token k (a quoted name: “بوتين”), and the token
    after its closing mark."""
    toks = doc.toks
    if k >= len(toks) or toks[k].kind != "q" or toks[k].start >= limit:
        return None
    q = doc.by_open.get(toks[k].start)
    if q is None or q.close < 0 or q.words(doc.text) > 3:
        return None
    return q, doc.tok_at(q.close) + 1


def quoted_mention(doc: Doc, q: Quoted) -> Mention:
    """The quoted name as a speaker mention (the quote is marked as a name, not words)."""
    mark_name(doc, q)
    norms = [norm(w) for w in doc.text[q.start : q.end].split()]
    m = Mention(q.start, q.end, doc.text[q.start : q.end], norms, doc.sent_of(q.start))
    m.person = len(norms) >= 1
    return m


def quoted_subject(doc: Doc, k: int, limit: int) -> tuple[Mention, int] | None:
    """وقال “بوتين” إن …: a short quoted name right after the verb is its subject."""
    toks = doc.toks
    found = quoted_name(doc, k, limit)
    if found is None:
        return None
    q, after = found
    if (
        after + 1 < len(toks)
        and "preposition" in classes_of(toks[after])
        and is_comp(toks[after + 1])
    ):
        after += 1  # وأشارت " نيويورك تايمز " إلى أن
    if after >= len(toks) or not (is_comp(toks[after]) or toks[after].norm == ":"):
        return None
    return quoted_mention(doc, q), after


def add_context(doc: Doc, m: Mention, k: int, limit: int) -> None:
    """Apposition and occasion words after the subject ("، مستشار الرئيس …، في بيان")."""
    toks = doc.toks
    stop = min(len(toks), k + MAX_GAP)
    for j in range(k, stop):
        start, _, kind, w, _, cls = toks[j]  # a hot loop: the tuple unpacked once
        if start >= limit or kind == "q" or (kind == "p" and w in ":.؟!"):
            break
        if kind == "w":
            if "complementizer" in cls or lookup_verb(w) is not None or w == "عن":
                break  # "ونقل التلفزيون عن الرئيس": the one relayed, no title of the relayer
            head = strip_article(w)
            hcls = word_classes(head)
            if "description_head" in hcls:
                m.context.add(head)
            if "speech_noun" in hcls and m.occasion is None:
                m.occasion = head
