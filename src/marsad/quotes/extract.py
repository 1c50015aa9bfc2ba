"""Find quotations and attribute them: direct, indirect and partial, with their speakers.

One left-to-right pass over the tokens of a `document.Doc`. At each reporting verb
(data/reporting_verbs.tsv), source cue (بحسب، وفقا ل), noun of speech (تصريح مسؤول بأن،
بقوله إنه) or titled headline ("رئيس أذربيجان: …") the frame is read here: the subject
(the speaker), apposition and occasion words, then what opens the content: a colon, a
quotation mark or a complementiser (إن/أن/بأن). `content` reads the content and makes
the quote; `continuity` finds the speaker of a verb that names none; `terms` reads the
quotes left over afterwards (partial quotes, quoted names, continuation quotes).
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.model import QUOTE, Article, Span
from marsad.quotes.content import (
    after_subject_pronoun,
    direct_quote,
    names_subject,
    opened_quote,
    reported,
    unquoted_statement,
)
from marsad.quotes.continuity import (
    name_right_before,
    named_after,
    named_before,
    recent_speaker,
)
from marsad.quotes.direct import Quoted
from marsad.quotes.document import (
    ARABIC_RE,
    MAX_TEXT,
    Doc,
    Tok,
    classes_of,
    is_addressee,
    is_comp,
)
from marsad.quotes.lexicon import (
    PURPOSE_PREFIX,
    Verb,
    classes,
    lookup_verb,
    month_names,
    norm,
    person_names,
    strip_article,
    verbs,
    word_classes,
)
from marsad.quotes.speakers import Mention
from marsad.quotes.terms import NAME_SHARE, mark_name, names_quote, read_leftover_quotes

_END_PUNCT = set(".!?؟؛")
MAX_SUBJECT = 10  # tokens
MAX_GAP = 14  # words between the subject and what opens the content
FIND_GAP = 1  # the same for a verb of finding or belief: على أن, سابقا أن


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
    base = norm(_POSSESSIVE_RE.sub("ة", w))
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


_NISBA_RE = re.compile("(?:ي|يه|يون|يين|يان)$")  # الأمريكي، الروسية: an adjective of origin


def _describer_end(doc: Doc, a: int, b: int) -> int:
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
    if "description_head" not in word_classes(strip_article(toks[a].norm)):
        return b
    e = a + 1
    while e < b and (_NISBA_RE.search(toks[e].norm) or classes_of(toks[e])):
        e += 1  # "المتحدث باسم الخارجية": a closed-class word keeps the title going
    return e


def _glued_preposition(doc: Doc, a: int) -> bool:
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
    m = _POSSESSIVE_RE.search(w)
    if m is None or len(w) <= 4:
        return False
    base = w[: m.start()] + "ه"  # the ة the pronoun replaced (ة is normalised to ه)
    speaker_heads = {"description_head", "org_head", "media"}  # زوجته، حكومته، وزارته
    return not word_classes(base) & speaker_heads and w not in person_names()


def _subject(
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
            if ncls & {"speech_noun", "time"}:
                break
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
    toks = doc.toks
    if i + 2 < len(toks) and toks[i + 1].norm == "علي" and is_comp(toks[i + 2]):
        return False
    return names_subject(doc, i)


def _fa_clause(doc: Doc, i: int, had_prefix: bool) -> bool:
    """The verb opens the main clause of أما with ف: "فقال", "فقد قالت", "فإنه قال"."""
    if had_prefix and doc.toks[i].norm.startswith("ف"):
        return True
    prev = doc.toks[i - 1] if i > 0 else None
    return prev is not None and prev.kind == "w" and "fa_particle" in classes_of(prev)


def _framed_subject(
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
    j = i - 1
    lo = max(0, i - (30 if fa else 15))
    while j >= lo and toks[j].start >= sent_start:
        t = toks[j]
        if t.kind != "w":
            if t.kind == "p" and t.norm in _END_PUNCT:
                break
            j -= 1
            continue
        cls = classes_of(t)
        if "amma" in cls and fa:
            return _trim_pre(doc, j + 1, i)
        if "kana" in cls and (i - j <= 10 or in_which) and not had_prefix:
            return _trim_pre(doc, j + 1, i)  # "وكان X قال", never "وكان …، وقالت مصادر"
        if "purpose_lead" in cls and i - j <= 6 and purpose:
            return _trim_pre(doc, j + 1, i)  # "وعاد نجاد ليؤكد أن": عاد's subject speaks
        if cls & {"complementizer", "clause_break", "source_cue"} or lookup_verb(t.norm):
            break
        if "relative" in cls and t.norm in ("ما", "من", "الذي", "التي", "الذين") and not fa:
            return None  # the verb is inside a relative clause: X الذي قال
        j -= 1
    return None


def _plausible_speaker(doc: Doc, a: int, b: int, verb: Verb | None = None) -> bool:
    """Whether subject tokens [a, b) can be a speaker: not a bare quantifier ("يرى بعض",
    "أصيب نحو" before a number), not an accusative object ("تقريراً"), and agreeing with
    the verb: a masculine singular verb never has a feminine noun for subject, so in
    "ودعا سلطات أنقرة إلى" or "وحث الحكومة على" the noun is the object."""
    toks = doc.toks
    if "quantity" in classes_of(toks[b - 1]) or "not_speaker" in classes_of(toks[a]):
        return False
    if toks[a].norm in month_names() and doc.entity_share(toks[a].start, toks[a].end) == 0:
        return False  # "أيلول الجاري وتؤكد", but "تتوقع نيسان الشرق الأوسط أن" (the company)
    if _glued_preposition(doc, a):
        return False  # "قالت للوفد", "وأكد بالتالي": a preposition glued to a noun
    if lookup_verb(toks[a].norm) is not None:
        return False  # "وقال طالبا عدم الكشف عن هويته": a participle, not a subject
    if b - a == 1 and toks[a].norm == "علي" and b < len(toks) and is_comp(toks[b]):
        return False  # "ليؤكد علي أن": the preposition على, not the name علي
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
        ):
            return False
    return True


_SPEAKER_HEADS = frozenset({"description_head", "org_head", "document_head", "media"})


def _speaker_shaped(doc: Doc, a: int, b: int) -> bool:
    """Tokens [a, b) after a verb whose object often comes first (انتقد، رفض، طالب) read
    as its subject: a name or place the entity layer marks, a title, an institution, a
    known personal name or a plural of people. "انتقد استقبال بلير", "ورفض الحديث عن …":
    a noun of action is the object, and the subject is before the verb or earlier."""
    toks = doc.toks
    first = toks[a]
    if doc.entity_share(first.start, first.end) > 0:
        return True  # it opens with a name ("بلير" inside "استقبال بلير" does not count)
    w = first.norm
    if first.kind != "w" or w in person_names():
        return True
    if (classes_of(first) | word_classes(strip_article(w))) & _SPEAKER_HEADS:
        return True
    return len(w) > 4 and w.endswith(("ون", "ين"))


def _spoke_before_in_sentence(doc: Doc, sentence: int, pos: int) -> bool:
    """Someone spoke in `sentence` before character `pos` (events come in text order, so the
    scan stops at the first earlier sentence)."""
    for start, s, _ in reversed(doc.events):
        if s < sentence:
            return False
        if s == sentence and start < pos:
            return True
    return False


def _named_antecedent(doc: Doc, i: int) -> int | None:
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
    if not _opens_content_at(doc, i + 1) and not (
        i + 2 < len(toks) and toks[i + 1].norm == "علي" and is_comp(toks[i + 2])
    ):
        return None
    joined = doc.text.startswith("و", toks[i - 1].start)
    reach = _AND_WHO_REACH if joined else _WHO_REACH
    sent_start = doc.sent_starts[doc.sent_of(toks[i].start)] if doc.sent_starts else 0
    for j in range(i - 2, max(-1, i - 2 - reach), -1):
        t = toks[j]
        if t.start < sent_start or (t.kind == "w" and lookup_verb(t.norm) is not None):
            return None
        if t.kind == "p" and t.norm in _END_PUNCT:
            return None
        if doc.person_tok(j):
            idx = doc.tok_actor[j]
            after = doc.actor_end_tok(j)
            titled = after < i - 1 and "description_head" in word_classes(
                strip_article(toks[after].norm)
            )
            return doc.tok_at(doc.actor_spans[idx][0]) if joined or titled else None
    return None


_AND_WHO_REACH = 15  # tokens back from "والذي" to the person it refers to
_WHO_REACH = 8  # from "الذي", through a title in apposition


def _plural_shaped(m: Mention) -> bool:
    """A mention headed by a sound plural of people ("باحثون بريطانيون", "المسؤولين"): a
    verb before its subject stays singular, so "قال باحثون" does not make them one."""
    head = strip_article(m.norms[0]) if m.norms else ""
    return len(head) > 3 and head.endswith(("ون", "ين")) and head not in person_names()


def _object_of_running_speaker(doc: Doc, a: int, b: int, sentence: int) -> bool:
    """Words after a masculine و-verb that go on with a preposition and أن ("… وحذر الدول
    الثلاث من أن") are its object when someone already speaks in the sentence and they do
    not look like a speaker: the running speaker warned them ("وكشفت التحقيقات عن أن"
    agrees with its subject and is not asked)."""
    toks = doc.toks
    if not (b + 1 < len(toks) and "preposition" in classes_of(toks[b]) and is_comp(toks[b + 1])):
        return False
    return bool(doc.events) and doc.events[-1][1] == sentence and not _speaker_shaped(doc, a, b)


def _sentence_subject(doc: Doc, i: int, sentence: int, limit: int) -> Mention | None:
    """The subject of a sentence that opens with و + verb + a titled or named subject
    ("وتبنى المتحدث باسم الحركة محمد حنيف …"), when it ends before token i."""
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
    if (
        first.norm[:1] not in "وف"
        or len(first.norm) < 4
        or classes_of(first)
        or lookup_verb(first.norm) is not None
        or not names_subject(doc, s0)
    ):
        return None
    a, b = _subject(doc, s0 + 1, limit)
    if b <= a or b > i or not _plausible_speaker(doc, a, b):
        return None
    return doc.mention(a, _name_end(doc, a, b), sentence)


def _name_end(doc: Doc, a: int, b: int) -> int:
    """Where a subject that opens with a name ends: after the name when a bare noun follows
    it, the verb's object ("وزار أنان روما"); titles and adjectives after it stay."""
    toks = doc.toks
    idx = doc.tok_actor[a]
    if idx < 0 or doc.actor_spans[idx][0] != toks[a].start:
        return b  # the subject does not open with a name
    c = doc.actor_end_tok(a)
    if c >= b or toks[c].kind != "w":
        return b
    nxt = toks[c].norm
    if nxt.startswith("ال") or word_classes(nxt) & {"description_head", "org_head"}:
        return b
    return c


def _name_before(doc: Doc, i: int) -> tuple[int, int] | None:
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


_PRONOUN_REPORT = "pronoun"  # trigger table mark of a report noun with a possessive pronoun
_APPEARED_IN = "appeared"  # trigger table mark of جاء/ورد (في المصدر أن)


def _apposed_name(doc: Doc, b: int, limit: int) -> tuple[int, int] | None:
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


def _name_after_title_phrase(doc: Doc, a: int, b: int, limit: int) -> tuple[int, int] | None:
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


def _indefinite_description(m: Mention) -> bool:
    """مسؤول في الوزارة / مصادر مطلعة / مسؤولون: an unnamed, indefinite source."""
    if not m.norms or m.norms[0].startswith("ال"):
        return False
    cls = word_classes(m.norms[0])
    return bool(cls & {"description_head", "org_head"}) or (
        len(m.norms[0]) > 4 and m.norms[0].endswith("ون")
    )


def _pre_subject(doc: Doc, i: int, had_prefix: bool) -> tuple[int, int] | None:
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
    first = doc.text[toks[a].start : toks[a].end]
    if first[:1] in "وف" and not first[1:].startswith("ال") and not _word_is_name(doc, a):
        return None  # "وألقى كلمة أكد": a clause opened by و is a verb, not a subject
    if j >= 0 and toks[j].kind == "w" and toks[j].start >= sent_start:
        cls = classes_of(toks[j])
        if not cls & {"complementizer", "clause_break"} and toks[j].norm != "و":
            return None  # the words before are an object or a phrase, not a fresh subject
    b = i
    while b > a and "aux" in classes_of(toks[b - 1]):
        b -= 1  # "الرجل كان يعتقد", "الحكومة لاتزال ترى": the auxiliary is no part of it
    return (a, b) if b > a else None


def _word_is_name(doc: Doc, a: int) -> bool:
    """Token a is a name or a title in its own right, not و/ف + a verb: "فؤاد السنيورة",
    "وزير الخارجية", "وليد" (a known name, a title, or where the entity layer starts a
    person or organisation)."""
    t = doc.toks[a]
    if t.norm in person_names() or classes_of(t) & {"description_head", "org_head"}:
        return True
    return t.start in doc.actor_starts


def _trim_pre(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    toks = doc.toks
    while a < b and toks[a].kind != "w":
        a += 1
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


_PRE_STOP = frozenset({"relative", "pronoun_subject", "clause_break", "complementizer", "skip"})


def _definite_subject(doc: Doc, a: int, b: int) -> bool:
    """ "يعتقد العلماء أن", "يتوقع الخبراء بأن": a definite noun phrase between an opinion
    verb and its أن is the verb's subject, so the verb is active, not the impersonal
    passive ("يُعتقد أن" has nothing between)."""
    if b >= len(doc.toks) or not is_comp(doc.toks[b]) or b - a > 6:
        return False
    first = doc.toks[a]
    if "quantity" in classes_of(first) and b - a > 1:
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


def _read_frame(
    doc: Doc,
    i: int,
    k: int,
    speaker: Mention | None,
    verb_tok: Tok | None,
    verb: Verb | None,
    unmarked_relative: bool = False,
) -> None:
    """From token k (after the subject), find what the verb at i introduces and emit it.
    `unmarked_relative`: the subject is an indefinite description, so a verb right after
    it opens a relative clause ("قال مسؤول رفض الكشف عن هويته إن …")."""
    toks = doc.toks
    n = len(toks)
    limit = doc.sent_end(toks[i].start)
    gap = 0
    in_relative = unmarked_relative
    relayed = False  # نقل عن: the source was read
    j = k
    while j < n and toks[j].start < limit:
        t = toks[j]
        if t.kind == "p":
            if t.norm == ":":
                nxt = j + 1
                q = opened_quote(doc, nxt) if nxt < n else None
                if q is not None:
                    if q.open not in doc.used:
                        direct_quote(doc, q, speaker, verb_tok)
                    return
                if nxt < n and is_comp(toks[nxt]) and toks[nxt].start < limit:
                    # "قال حزب الله : إن العملية كانت فاشلة": reported, not quoted
                    reported(doc, nxt + 1, limit, speaker, verb_tok)
                    return
                unquoted_statement(doc, nxt, limit, speaker, verb_tok, min_words=2)
                return
            if t.norm in _END_PUNCT and not doc.is_acronym_dot(j):
                return
            if t.norm == "(":
                while j < n and toks[j].norm != ")" and toks[j].start < limit:
                    j += 1
            j += 1
            continue
        if t.kind == "q":
            q = doc.by_open.get(t.start)
            if q is None or q.open in doc.used:
                j += 1
                continue
            if names_quote(doc, q, j) or (
                doc.entity_share(q.start, q.end) >= NAME_SHARE and q.words(doc.text) <= 3
            ):
                # "في اتصال هاتفي اجرته معه « الشرق الاوسط » امس ان": a name in the frame
                mark_name(doc, q)
                j = doc.tok_at(q.close) + 1 if q.close >= 0 else j + 1
                continue
            if q.words(doc.text) <= 3:
                # "مؤكدا الحاجة “الفورية”", "وأكد المصدر حرص الحكومة “المستمر”": a quoted
                # term inside the clause; only a colon makes a short quote a statement
                return
            direct_quote(doc, q, speaker, verb_tok)
            return
        if t.kind == "w":
            cls = classes_of(t)
            if "pronoun_subject" in cls and t.norm[0] in "وف" and j > i + 1:
                # "، وهو سياسي سبق أن سجن، …": a circumstantial clause about the speaker;
                # what it reports is not what the speaker said
                while j + 1 < n and toks[j + 1].start < limit and toks[j + 1].kind == "w":
                    if is_comp(toks[j + 1]) and "comp_block" not in classes_of(toks[j]):
                        break  # "وهو أيضا مسلم من أصول عربية أن …": the content starts
                    j += 1
                j += 1
                continue
            if is_comp(t):
                prev = toks[j - 1] if j > k else None
                if prev is not None and prev.kind == "w" and "comp_block" in classes_of(prev):
                    j += 1  # "بعد أن شارك …": an adverbial clause, not what was said
                    continue
                if t.norm[0] == "ف":
                    return  # "فيما يرى … فإن X": فإن opens the main clause, not the content
                reported(doc, j + 1, limit, speaker, verb_tok)
                return
            if "relative" in cls:
                in_relative = True
            elif lookup_verb(t.norm) is not None:
                if not in_relative:
                    return
                in_relative = False
            elif "clause_break" in cls:
                return
            if verb is not None and verb.lemma == "نقل" and t.norm == "عن" and not relayed:
                # "نقلت أسوشيتدبرس عن مصدر دولي فضل عدم الإفصاح عن هويته أن": the first
                # عن names the source; a later one belongs to its relative clause
                quoted = _quoted_name(doc, j + 1, limit)
                if quoted is not None:
                    # "ونقلت وسائل إعلام عن “ريدموند” قولها إن": a quoted name is the source
                    speaker = doc.finish_mention(_quoted_mention(doc, quoted[0]))
                    relayed = True
                    j = quoted[1]
                    continue
                a, b = _subject(doc, j + 1, limit)
                if b > a:
                    speaker = doc.finish_mention(doc.mention(a, b, doc.sent_of(toks[a].start)))
                    relayed = True
                    j = b
                    continue
            finding = verb is not None and verb.cls == "find"
            if not (finding and in_relative):  # "أظهرت الدراسة التي أجريت على … أن"
                gap += 1
            if gap > (FIND_GAP if finding else MAX_GAP) or (finding and j - k > MAX_GAP):
                return
        j += 1


def _trigger(doc: Doc, i: int, verb: Verb, had_prefix: bool) -> None:
    toks = doc.toks
    t = toks[i]
    if verb.conj and not had_prefix and not doc.is_sentence_start(i):
        prev = toks[i - 1] if i > 0 else None
        if prev is None or not (
            classes_of(prev) & {"clause_break", "qad"}
        ):  # "وقد شرح": only a verb follows قد
            return  # "عبر منصات التواصل" is "via", but "لكنه عبر عن أمله" is a verb
    if t.start < doc.consumed_to:
        return  # speech reported inside a direct quote belongs to that quote
    if not had_prefix and i > 0 and "masdar_cue" in classes_of(toks[i - 1]):
        return  # "إلى عدم رفض الدعوة", "بعد نقل …": the same letters read as a noun
    sentence = doc.sent_of(t.start)
    limit = doc.sent_end(t.start)
    if verb.lemma == "نقل" and i + 1 < len(toks) and "about_pronoun" in classes_of(toks[i + 1]):
        # "… دان حالوتس أمس كما نقل عنه مسؤول كبير من ان": the man the pronoun refers
        # to said it; the one who relayed it is not the speaker
        quoted = named_before(doc, i, sentence, same_sentence=True) or recent_speaker(doc, verb)
        if quoted is not None:
            doc.events.append((t.start, sentence, quoted))
            a, b = _subject(doc, i + 2, limit)
            _read_frame(doc, i, max(b, i + 2), quoted, t, verb)
            return
    speaker: Mention | None = None
    garbage = False  # the words after the verb are its object, not a speaker
    unmarked_relative = False
    k = i + 1
    relative = (
        i > 0
        and "relative_subject" in classes_of(toks[i - 1])
        and doc.events
        and doc.events[-1][1] == sentence
        and not (i + 1 < len(toks) and "prep_pronoun" in classes_of(toks[i + 1]))
    )
    pronoun = verb.kind == "present" and after_subject_pronoun(doc, i)
    running = recent_speaker(doc, verb) if pronoun else None
    if running is not None:
        # "… وهم يعتقدون أن", "وهي ترى أن": the pronoun is the subject, the one speaking
        # already; the words before it are what that speaker said
        doc.events.append((t.start, sentence, running))
        _read_frame(doc, i, i + 1, running, t, verb)
        return
    antecedent = _named_antecedent(doc, i)
    if antecedent is not None:
        # "… مع وزيرة الخارجية الأميركية كوندوليزا رايس التي قالت إنه": the person named
        # right before the relative pronoun speaks, whatever her role in the main clause
        speaker = doc.finish_mention(
            doc.mention(antecedent, doc.actor_end_tok(antecedent), sentence)
        )
        doc.events.append((t.start, sentence, speaker))
        _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if relative:
        # "قال الرئيس الذي وصف إسرائيل بأنها …": the relative's antecedent speaks; the
        # words after the verb are its object
        speaker = doc.events[-1][2]
        doc.events.append((t.start, sentence, speaker))
        _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if verb.kind == "participle" and t.norm.startswith("ال"):
        # "النظرية القائلة بأن": the noun the participle describes is the speaker
        speaker = _fronted_subject(doc, i, verb, adjectival=True)
        if speaker is not None:
            _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if verb.kind != "participle":
        a, b = _subject(doc, i + 1, limit, told=verb.lemma in ("أفاد", "أبلغ"), verb=verb)
        if verb.lemma == "وصف":
            b = _describer_end(doc, a, b)
        in_which = (
            i + 1 < len(toks) and toks[i + 1].kind == "w" and "in_which" in classes_of(toks[i + 1])
        )
        pre = _framed_subject(doc, i, had_prefix, in_which)
        if (
            pre is None
            and verb.kind == "present"
            and not had_prefix
            and not doc.is_sentence_start(i)
        ):
            pre = _pre_subject(doc, i, had_prefix)  # "، الرئيس الأذربيجاني يؤكد …"
        if pre is None and b <= a:
            pre = _pre_subject(doc, i, had_prefix)
        if pre is None and b <= a and not had_prefix:
            # "رغم أن الأمين العام للأمم المتحدة كوفي أنان اعتبر أن": a name right before
            named = name_right_before(doc, i)
            if named is not None:
                pre = (named, i)
        if pre is None and b <= a and in_which:
            pre = _name_before(doc, i)  # "تصريح أدلى به أسامه بن لادن قبل أعوام قال فيه"
        if pre is not None and not _plausible_speaker(doc, pre[0], pre[1]):
            pre = None  # "كما كان يدعى": كان alone is no subject
        if pre is not None:
            speaker = doc.mention(pre[0], pre[1], sentence)
            k = a
        elif b > a:
            if (
                _plausible_speaker(doc, a, b, verb)
                and (
                    "impersonal" not in classes_of(t)
                    or names_subject(doc, a - 1)
                    or _definite_subject(doc, a, b)
                )
                and (verb.cls != "act" or _speaker_shaped(doc, a, b))
                and not (
                    had_prefix
                    and verb.gender == "m"
                    and _object_of_running_speaker(doc, a, b, sentence)
                )
            ):
                speaker = doc.mention(a, b, sentence)
                unmarked_relative = _indefinite_description(speaker)
                k = b
                named = _apposed_name(doc, b, limit) or _name_after_title_phrase(doc, a, b, limit)
                if named is not None:
                    # "قال امبراطور صناعة البرمجيات، بل جيتس، إن": the name after the
                    # description is who spoke; the description refers to it
                    name = doc.finish_mention(doc.mention(named[0], named[1], sentence))
                    name.person = True
                    speaker.antecedent = name
                    k = named[1]
            else:
                # the words are the verb's object; but a phrase with a preposition glued to
                # it ("كما أضاف بالمقدمة …") is no object, so the running speaker goes on
                garbage = not _glued_preposition(doc, a)
                k = b
                pre = _pre_subject(doc, i, had_prefix)  # "و الظواهري اعتبر كلمة البابا …"
                if pre is not None and _plausible_speaker(doc, pre[0], pre[1]):
                    speaker = doc.mention(pre[0], pre[1], sentence)
                    garbage = False
        else:
            k = a
            quoted = _quoted_subject(doc, a, limit)
            if quoted is not None:
                speaker, k = quoted
    if speaker is not None:
        if verb.number == "s":
            speaker.gender = verb.gender
        _add_context(doc, speaker, k, limit)
        if speaker.antecedent is None:
            doc.finish_mention(speaker)
        else:
            speaker.antecedent.gender = speaker.gender
            doc.history.append(speaker)
    else:
        if verb.kind == "present" and not (had_prefix and t.norm[0] == PURPOSE_PREFIX):
            fronted = _fronted_subject(doc, i, verb)
            named = name_right_before(doc, i) if fronted is None else None
            if named is not None:
                # "… لاعتناق الإسلام أيمن الظواهري يقول إن": a name right before the verb
                fronted = doc.finish_mention(doc.mention(named, i, sentence))
            if fronted is None and verb.number == "p":
                # "وهم يعتقدون أن", "ويرون أن": a plural verb is never the impersonal
                # passive; it continues the running speaker, if any
                fronted = recent_speaker(doc, verb)
                if (
                    fronted is not None
                    and fronted.resolved().gender
                    and not _plural_shaped(fronted.resolved())
                ):
                    fronted = None  # the running speaker was one person ("قال"), not many
                if fronted is None:
                    _read_frame(doc, i, k, None, t, verb)
                    return
            if fronted is None and "impersonal" not in classes_of(t) and verb.lemma != "ذكر":
                # "… الولايات المتحدة لتحقيق غاياتها في لبنان تعلن بدون تردد ان": the
                # person or organisation named before it in its sentence
                fronted = named_before(doc, i, sentence, same_sentence=True)
                if fronted is None and had_prefix:
                    fronted = recent_speaker(doc, verb)  # "ويؤكد أنه …": he goes on
            if fronted is None:
                return  # "يذكر أن": the outlet's own background, nobody speaks
            speaker = fronted
            doc.events.append((t.start, sentence, speaker))
            _read_frame(doc, i, k, speaker, t, verb)
            return
        if verb.lemma == "وصف" and k == i + 1 and k < len(toks) and is_comp(toks[k]):
            # "فيما وُصفت بأنها …": active وصف needs its object before بأن, so this is
            # the passive and nobody in the text is the speaker
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            q = doc.by_open.get(nxt.start) if nxt is not None and nxt.kind == "q" else None
            if q is not None and q.open not in doc.used and q.words(doc.text) <= 3:
                doc.used.add(q.open)  # "بأنها “أسوأ هجمات”": a term, said by nobody here
                doc.emit(q.start, q.end, "partial", None, t)
                return
            _read_frame(doc, i, k, None, t, verb)
            return
        if verb.kind == "participle" and not _spoke_before_in_sentence(doc, sentence, t.start):
            # "وتبنى المتحدث باسم الحركة محمد حنيف الاعتداء، مشيرا إلى أن …": the participle
            # continues the subject of its sentence's first verb, reporting or not
            speaker = _sentence_subject(doc, i, sentence, limit)
            if speaker is None:
                # "بينما ادان سفير طالبان سالم زعيف الهجمات قائلا انها": the person the
                # sentence names before the participle
                speaker = named_before(doc, i, sentence, same_sentence=True)
        if speaker is not None:
            doc.finish_mention(speaker)
        elif not garbage or had_prefix:
            # "وأضاف" continues the running speaker; a verb whose subject is no speaker
            # ("وأوضح أصيب نحو 54 …" keeps it, "اعتبر بعض …" gets none) rather than garbage
            opener = None
            if had_prefix and not (doc.events and doc.events[-1][1] == sentence):
                # "وأيد X … تصريحات طالباني وقال إن": the subject of the verb that opens
                # the sentence goes on speaking, not the last name before "وقال"
                opener = _sentence_subject(doc, i, sentence, limit)
            if opener is not None:
                speaker = doc.finish_mention(opener)
            else:
                speaker = _running_speaker(doc, i, sentence, verb)
    if speaker is not None:
        doc.events.append((t.start, sentence, speaker))
    _read_frame(doc, i, k, speaker, t, verb, unmarked_relative)


def _running_speaker(doc: Doc, i: int, sentence: int, verb: Verb) -> Mention | None:
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


def _fronted_subject(doc: Doc, i: int, verb: Verb, adjectival: bool = False) -> Mention | None:
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
        if a == i or not _plausible_speaker(doc, a, i):
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
    relative = "relative_subject" in word_classes(w)
    if relative:
        j -= 1
    b = j + 1
    while j >= 0 and b - j <= _SVO_MAX and toks[j].kind == "w" and toks[j].start >= sent_start:
        cls = classes_of(toks[j])
        if "pronoun_subject" in cls:
            return carried  # "وهي مثل كثير من أبناء الشعب ترى أن"
        if cls & _SVO_STOP or lookup_verb(toks[j].norm) is not None:
            break
        if "adjunct_prep" in cls and toks[j].norm not in ("من", "عن"):
            break
        j -= 1
    a = j + 1
    if a >= b or b - a > _SVO_MAX - 1 or not _plausible_speaker(doc, a, b):
        return None
    if (
        not relative
        and j >= 0
        and toks[j].kind == "w"
        and toks[j].start >= sent_start
        and not classes_of(toks[j]) & {"complementizer", "clause_break"}
        and toks[j].norm != "و"
    ):
        return None  # an object or a phrase before, not a fresh subject
    while a < b and toks[a].norm in ("من", "عن"):
        a += 1
    if a >= b:
        return None
    return doc.finish_mention(doc.mention(a, b, doc.sent_of(toks[i].start)))


def _quoted_name(doc: Doc, k: int, limit: int) -> tuple[Quoted, int] | None:
    """A short closed quote opening at token k (a quoted name: “بوتين”), and the token
    after its closing mark."""
    toks = doc.toks
    if k >= len(toks) or toks[k].kind != "q" or toks[k].start >= limit:
        return None
    q = doc.by_open.get(toks[k].start)
    if q is None or q.close < 0 or q.words(doc.text) > 3:
        return None
    return q, doc.tok_at(q.close) + 1


def _quoted_mention(doc: Doc, q: Quoted) -> Mention:
    """The quoted name as a speaker mention (the quote is marked as a name, not words)."""
    mark_name(doc, q)
    norms = [norm(w) for w in doc.text[q.start : q.end].split()]
    m = Mention(q.start, q.end, doc.text[q.start : q.end], norms, doc.sent_of(q.start))
    m.person = len(norms) >= 1
    return m


def _quoted_subject(doc: Doc, k: int, limit: int) -> tuple[Mention, int] | None:
    """وقال “بوتين” إن …: a short quoted name right after the verb is its subject."""
    toks = doc.toks
    found = _quoted_name(doc, k, limit)
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
    return _quoted_mention(doc, q), after


def _add_context(doc: Doc, m: Mention, k: int, limit: int) -> None:
    """Apposition and occasion words after the subject ("، مستشار الرئيس …، في بيان")."""
    toks = doc.toks
    stop = min(len(toks), k + MAX_GAP)
    for j in range(k, stop):
        start, _, kind, w, _, cls = toks[j]  # a hot loop: the tuple unpacked once
        if start >= limit or kind == "q" or (kind == "p" and w in ":.؟!"):
            break
        if kind == "w":
            if "complementizer" in cls or lookup_verb(w) is not None:
                break
            head = strip_article(w)
            hcls = word_classes(head)
            if "description_head" in hcls:
                m.context.add(head)
            if "speech_noun" in hcls and m.occasion is None:
                m.occasion = head


def _source_cue(doc: Doc, i: int, appeared: bool = False) -> None:
    """ "وبحسب البيان، فإن …", "وفقا لمصادر …، أن …"; `appeared`: "وجاء في البيان أن …"
    (جاء/ورد في, where only a complementiser right after the source makes it a report)."""
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
    a, b = _subject(doc, k, limit)
    if b <= a or "term_pronoun" in classes_of(toks[a]):
        return  # "حسب رأيه": whose view, the term beside it says (marsad.quotes.term_owner)
    b = _name_end(doc, a, b)  # "وبحسب رويترز تسعى أنقرة …": the agency, then its report
    j = b
    while j < len(toks) and toks[j].kind == "p" and toks[j].norm in "،,":
        j += 1
    content = j < len(toks) and toks[j].start < limit and is_comp(toks[j])
    if appeared and not content:
        return
    sentence = doc.sent_of(t.start)
    if appeared and b - a == 1 and _possessed_speech_noun(toks[a]):
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


_POSSESSIVE_SUFFIXES = ("هما", "هم", "ها", "ه")


def _possessed_speech_noun(t: Tok) -> bool:
    """خطابه، كلمتها، بيانهم: a noun of speech or a document with a possessive pronoun."""
    w = t.norm
    if w.startswith("ال"):
        return False
    for suffix in _POSSESSIVE_SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            base = w[: -len(suffix)]
            bases = {base, base[:-1] + "ه"} if base.endswith("ت") else {base}
            # كلمته: the ة the pronoun replaced (ة is normalised); تصريحاته: a plural in ات
            return any(word_classes(b) & {"speech_noun", "document_head"} for b in bases)
    return False


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


def _report_noun(doc: Doc, i: int) -> None:
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
    if not _plausible_speaker(doc, i + 1, j):
        return
    sentence = doc.sent_of(t.start)
    # "بلاغ لوزارة الطاقة أن": the ministry, without the preposition
    speaker = doc.finish_mention(doc.mention(i + 1, j, sentence, strip_l=True))
    doc.events.append((t.start, sentence, speaker))
    reported(doc, j + 1, limit, speaker, t)


def _report_pronoun(doc: Doc, i: int) -> None:
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


@lru_cache(maxsize=1)
def _trigger_table() -> dict[str, tuple[Verb | None, bool | str | None]]:
    """Every normalised trigger form, with and without و/ف (and لـ before a present form):
    (verb or None for a cue, prefixed)."""
    table: dict[str, tuple[Verb | None, bool]] = {}
    for w, cls in classes().items():
        if "source_cue" in cls:
            for p in ("", "و", "ف"):
                table[p + w] = (None, bool(p))
        elif "report_noun" in cls:
            for p in ("", "و", "ف"):
                table[p + w] = (None, None)
        elif "report_pronoun" in cls:
            for p in ("", "و", "ف", "ب", "وب", "ل"):
                table[p + w] = (None, _PRONOUN_REPORT)
        elif "appeared_in" in cls:
            for p in ("", "و", "ف"):
                table[p + w] = (None, _APPEARED_IN)
    for form, v in verbs().items():
        table["و" + form] = (v, True)
        table["ف" + form] = (v, True)
        if v.kind == "present":
            table[PURPOSE_PREFIX + form] = (v, True)  # "وعاد نجاد ليؤكد أن"
    for form, v in verbs().items():
        table[form] = (v, False)  # a bare form wins over a prefixed reading (وصف, وعد)
    return table


def find_quotes(article: Article) -> list[Span]:
    """Quotes in `article.text` as `quote` spans (see the package docstring for attrs)."""
    text = article.text or ""
    if not ARABIC_RE.search(text, 0, MAX_TEXT):
        return []  # empty, blank or no Arabic at all
    doc = Doc(article)
    table = _trigger_table()
    for i, t in enumerate(doc.toks):
        if t[2] != "w":
            if t[3] == ":" and t[2] == "p":
                _headline(doc, i)
            continue
        hit = table.get(t[3])
        if hit is None:
            continue
        if hit[0] is None:
            if hit[1] is None:
                _report_noun(doc, i)
            elif hit[1] is _PRONOUN_REPORT:
                _report_pronoun(doc, i)
            elif hit[1] is _APPEARED_IN:
                _source_cue(doc, i, appeared=True)
            else:
                _source_cue(doc, i)
        else:
            _trigger(doc, i, hit[0], hit[1])
    read_leftover_quotes(doc)
    doc.out.sort(key=lambda s: (s.start, s.end))
    named_after(doc)
    return _dedupe(doc.out)


def _headline(doc: Doc, i: int) -> None:
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
            if before is not None and classes_of(before) & {"preposition", "adjunct_prep"}:
                return None
            return j
        if not _NISBA_RE.search(t.norm):
            return None
    return None


def _dedupe(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for sp in spans:
        if out and out[-1].start == sp.start and out[-1].end == sp.end:
            continue
        out.append(sp)
    return out


def annotate_quotes(article: Article) -> Article:
    """Set `article.layers["quote"]` from `find_quotes` and return the article."""
    article.set_layer(QUOTE, find_quotes(article))
    return article
