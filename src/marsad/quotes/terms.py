"""Quotes no reporting verb introduced, and quoted names: what a quotation mark around a
word or a stretch is when no frame claimed it.

A quoted name ("صحيفة «الوطن»", "“مصر للطيران”", a name the entity layer knows or one
already seen) is no quote. A short quoted term is `partial` (a scare quote, a term the
speaker uses: “آمن”, "مكافحة الإرهاب"), attributed to the speaker of the passage it sits
in; a long stretch is a `direct` continuation quote of that speaker, or of the one named
right after it ("“…”، قال المسؤول").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from marsad.model import Span
from marsad.quotes.direct import Quoted
from marsad.quotes.document import ARABIC_RE, Doc, Event, Tok, classes_of, is_addressee
from marsad.quotes.lexicon import lookup_verb, strip_article, word_classes
from marsad.quotes.speakers import Mention
from marsad.quotes.term_owner import nested_reporter, opening_actor, term_owner
from marsad.text.normalize import normalize
from marsad.text.sentences import letter_names
from marsad.text.stem import is_stopword

NAME_SHARE = 0.8  # of a short quote the entity layer covers, for it to be a quoted name
HISTORY_REACH = 200  # the most recent speaker mentions a quoted name is checked against
NAME_MAX_WORDS = 8  # a quote after a naming noun longer than this, or with a comma, is words
PARTIAL_MAX_WORDS = 7  # a longer stretch in quotes with no verb is a statement, not a term


def mark_name(doc: Doc, q: Quoted) -> None:
    doc.names.add(q.open)
    name = normalize(doc.text[q.start : q.end])
    doc.name_texts.add(name)
    doc.name_keys.update((name.replace(" ", ""), strip_article(name)))


def _name_cue_word(norm_word: str) -> bool:
    """صحيفة / الشركة / باسم / لجائزة: a noun that names what follows in quotes."""
    w = strip_article(norm_word)
    if "name_cue" in word_classes(w):
        return True
    return w[:1] in "بلك" and "name_cue" in word_classes(strip_article(w[1:]))


def names_quote(doc: Doc, q: Quoted, j: int) -> bool:
    """The quote at token j wraps a name, not words: after an addressee (لـ"الوطن") or a
    naming noun, possibly through agreeing feminine adjectives ("جماعة إسلامية مسلحة “…”");
    a quote made of Latin letters only ("IntelCenter"); or one that opens with a naming noun
    itself ("“جائزة اتحاد جي إس إم”")."""
    toks = doc.toks
    body = doc.text[q.start : q.end]
    words = len(body.split())
    if body and words <= 4 and not ARABIC_RE.search(body):
        return True
    if len(body) <= 30 and (words >= 2 or "." in body):
        letters = normalize(body).replace(".", " ").split()
        if len(letters) >= 2 and all(w in letter_names() for w in letters):
            return True  # "بي. بي. سي", "إتش.إس.بي.سي": an acronym spelt out
    first = doc.tok_at(q.start)
    if 0 <= first < len(toks) and toks[first].kind == "w" and toks[first].start >= q.start:
        head = toks[first]
        nxt = toks[first + 1] if first + 1 < len(toks) else None
        partitive = nxt is not None and nxt.norm == "من"  # "مجموعة من الإرهابيين": words
        if words <= 5 and "name_cue" in word_classes(strip_article(head.norm)) and not partitive:
            return True
        if words <= 2 and "media" in classes_of(head) and not head.norm.startswith("ال"):
            return True  # "'' وام ''": a news agency's name (" العربية " is the adjective)
    p = j - 1
    if p < 0 or toks[p].kind != "w":
        return False
    if (
        q.close >= 0
        and p > 0
        and toks[p - 1].norm in ("تحت", "وتحت")
        and "label_noun" in word_classes(toks[p].norm)
    ):
        return True  # "تحت شعار “…”", "وتحت عنوان “…”" (a headline, of any length)
    if words > NAME_MAX_WORDS or any(c in body for c in "،,؛"):
        return False  # "… لاجتماع هذه الجمعية " في عالم متوتر ، …": words, not a name
    if is_addressee(doc, p):
        return True
    if _name_cue_word(toks[p].norm):
        return not _adjective_of(toks[p].norm, normalize(body))

    b = p
    while b > 0 and toks[b].norm in ("ب", ""):
        b -= 1  # "الشهير ب ـ " بوجي "": the ب and the tatweel of a nickname
    if b < p and toks[b].kind == "w" and "nickname_cue" in word_classes(toks[b].norm):
        return True
    if p > 0 and toks[p].norm.startswith("علي") and "naming_verb" in classes_of(toks[p - 1]):
        return True  # "أطلقت عليها “منطقة سرخس الحرة”": the name given to something
    if doc.person_tok(p):
        c = doc.tok_at(doc.actor_spans[doc.tok_actor[p]][0])
        cue = toks[c - 1] if c > 0 else None
        if (
            cue is not None
            and cue.kind == "w"
            and not cue.norm.startswith(("ال", "لل"))
            and _name_cue_word(cue.norm)
            and not (c > 1 and lookup_verb(toks[c - 2].norm) is not None)
        ):
            # "كتاب محمد عبلة “رحلة مع الحياة والفن”": a work and its author; not "رئيس
            # الشركة سامي حداد “…”" nor "وقالت مؤسسة بيل غيتس “…”", who speak
            return True
    # "جماعة إسلامية مسلحة “العسكر الطيبة”": indefinite naming noun + feminine adjectives
    hops = 0
    while p >= 0 and toks[p].kind == "w" and hops < 2:
        w = toks[p].norm
        if w.startswith("ال") or not w.endswith("ه") or lookup_verb(w) is not None:
            return False
        p -= 1
        hops += 1
        if p >= 0 and toks[p].kind == "w" and "name_cue" in word_classes(toks[p].norm):
            return True
    return False


def _adjective_of(cue: str, body: str) -> bool:
    """The quote agrees with the naming noun before it as its adjective, a term: definite
    after definite ("العملية “المناهضة للإرهاب”"), or one nisba word after an indefinite
    noun ("عملية “انتحارية”"); "عملية “عاصفة الصحراء”", "صحيفة “الوطن”" are names."""
    if cue.startswith("ال"):
        return body.startswith("ال")
    return " " not in body and not body.startswith("ال") and body.endswith(("يه", "ي"))


def read_leftover_quotes(doc: Doc) -> None:
    """Quotes no verb introduced: quoted terms (partial) or continuation statements."""
    text = doc.text
    spans = _Spans(sorted(doc.out, key=lambda s: s.start))
    events = sorted(doc.events, key=lambda e: e[0])
    mentions = _mentions_by_span(doc)
    event_starts = [e[0] for e in events]
    said_at: dict[int, Mention] = {}  # a speaker event by its trigger's offset
    for pos, _, m in doc.events:
        said_at.setdefault(pos, m)
    by_verb: dict[int, list[Span]] = {}  # what each trigger introduced
    for o in doc.out:
        if o.attrs.get("verb_start") is not None:
            by_verb.setdefault(o.attrs["verb_start"], []).append(o)
    for q in doc.quotes:
        if q.open in doc.used or q.open in doc.names:
            continue
        if spans.around(q, "direct", slack=1):
            continue  # a quote inside a quote
        if q.words(text) <= 3 and _known_name(doc, q):
            mark_name(doc, q)
            continue
        i = doc.tok_at(q.open)
        if names_quote(doc, q, i):
            mark_name(doc, q)
            continue
        words = q.words(text)
        body = text[q.start : q.end]
        statement = (
            words > PARTIAL_MAX_WORDS
            or (words >= 4 and any(c in body[:-1] for c in ".!?؟"))
            or (words > 1 and _attributed_after(doc, q, said_at, by_verb))
        )
        n_before = bisect_left(event_starts, q.open)
        last = events[n_before - 1] if n_before else None  # the last speaker event before q
        holder = spans.around(q, "statement")
        speaker, verb_tok = _context_speaker(doc, q, holder, last, mentions)
        if not statement and (_label_like(doc, q, speaker is None) or _listed(doc, q)):
            mark_name(doc, q)
            continue
        if statement and speaker is None and _list_or_latin(body):
            continue  # "“العربية ، الفرنسية ، الانجليزية …”", "“E . C . O”": no statement
        if statement and spans.around(q, "indirect"):
            statement = False  # "إن تلك الاتهامات " هي مجرد تكهنات … "": words the clause quotes
        if statement:
            after = _postposed(doc, q, said_at)
            if after is not None:
                speaker, verb_tok = after
            doc.emit(q.start, q.end, "direct", speaker, verb_tok)
        else:
            owner = term_owner(doc, q, holder is not None, last)
            if owner is None and holder is not None and holder.attrs["type"] == "indirect":
                owner = nested_reporter(doc, q, holder.start)  # "… إن إسرائيل تتوقع أن «…»"
            if owner is not None:
                speaker, verb_tok = owner, None  # "ما تسميه إسرائيل «…»": the term's owner
            elif holder is None and _spoke_in_an_earlier_sentence(doc, q, speaker, last):
                # a term in the outlet's own sentence after someone's statement is the
                # outlet's (or an unnamed party's), not that speaker's
                speaker, verb_tok = None, None
            doc.emit(q.start, q.end, "partial", speaker, verb_tok)


_LIST_JOINT_RE = re.compile(r"\s*(?:[،,]\s*)?و?\s*$")
LIST_MIN = 3  # quotes in a row that make a list; two ("“غير شرعية” و”غير مقبولة”") are words


def _listed(doc: Doc, q: Quoted) -> bool:
    """A short quote in a row of three or more quotes joined by و or a comma ("« منظر للنيل »
    و « الحياة في النيل » و « مركب النيل »"): titles or labels listed, not words said."""
    quotes = doc.quotes
    i = doc.quote_index.get(q.open, -1)
    if i < 0 or not _list_item(doc, q):
        return False
    a = b = i
    while a > 0 and _list_item(doc, quotes[a - 1]) and _joined(doc, quotes[a - 1], quotes[a]):
        a -= 1
    while (
        b + 1 < len(quotes)
        and _list_item(doc, quotes[b + 1])
        and _joined(doc, quotes[b], quotes[b + 1])
    ):
        b += 1
    return b - a + 1 >= LIST_MIN


def _list_item(doc: Doc, q: Quoted) -> bool:
    return q.close >= 0 and q.words(doc.text) <= 5


def _joined(doc: Doc, left: Quoted, right: Quoted) -> bool:
    gap = doc.text[left.close + 1 : right.open]
    return bool(gap.strip()) and _LIST_JOINT_RE.fullmatch(gap) is not None


SPAN_REACH = 10_000  # characters: no emitted quote is longer (quotes stop at sentence ends)


class _Spans:
    """The quotes emitted so far, sorted by start, to ask which one holds a quoted stretch
    without a scan of all of them per stretch (a long article has thousands)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]

    def around(self, q: Quoted, kind: str, slack: int = 0) -> Span | None:
        """The earliest-starting quote of `kind` ("direct", "indirect", or "statement" for
        either) that holds q."""
        hi = bisect_right(self.starts, q.open + slack)
        lo = bisect_left(self.starts, q.open - SPAN_REACH)
        for sp in self.spans[lo:hi]:
            t = sp.attrs["type"]
            if (t == kind or (kind == "statement" and t != "partial")) and (
                sp.start - slack <= q.open and q.end <= sp.end + 1
            ):
                return sp
        return None


def _mentions_by_span(doc: Doc) -> dict[tuple[int, int], Mention]:
    """The latest mention for each speaker span: an event's mention under its resolved
    speaker's offsets, else a mention of the history ("نقلت … عن ستانيشيف": a source read
    in the frame, which makes no event of its own)."""
    out: dict[tuple[int, int], Mention] = {}
    for m in doc.history:
        out[(m.start, m.end)] = m
    by_event: dict[tuple[int, int], Mention] = {}
    for _, _, m in doc.events:
        r = m.resolved()
        by_event[(r.start, r.end)] = m
    out.update(by_event)
    return out


def _context_speaker(
    doc: Doc,
    q: Quoted,
    sp: Span | None,
    last: Event | None,
    mentions: dict[tuple[int, int], Mention],
) -> tuple[Mention | None, Tok | None]:
    """Who said a quoted stretch: the speaker of the statement that holds it, else the last
    speaker before it (`last`: the last speaker event before it, by position)."""
    if sp is not None:
        if sp.attrs["speaker_start"] is None:
            return None, None
        m = mentions.get((sp.attrs["speaker_start"], sp.attrs["speaker_end"]))
        return (m, _verb_tok(doc, sp)) if m is not None else (None, None)
    sentence = doc.sent_of(q.open)
    owner = _statements_owner(doc, q, last[0] if last else -1)
    if owner is not None:
        return owner, None
    if last and last[1] == sentence:
        return last[2], None
    if last and last[1] >= sentence - 2:
        return last[2], None
    return None, None


def _spoke_in_an_earlier_sentence(
    doc: Doc, q: Quoted, speaker: Mention | None, last: Event | None
) -> bool:
    """`speaker` is the last one before q (`last`: the last speaker event), spoke in an earlier sentence than q's, and q's
    sentence does not open with them again ("… وابيه هو اول رئيس حكومة … دستور “يتكيف مع
    القرن”" keeps ابيه): the same last name as the subject of a verb-first sentence."""
    if speaker is None or last is None or last[2] is not speaker:
        return False
    if last[1] == doc.sent_of(q.open):
        return False
    opening = opening_actor(doc, doc.tok_at(q.open))
    if opening is None:
        return True
    toks = doc.toks
    again = [toks[m].norm for m in range(*opening)]
    if again and again[0][:1] in "وف" and len(again[0]) > 3:
        again[0] = again[0][1:]  # "وابيه هو …"
    r = speaker.resolved()
    a, b = doc.tok_at(r.start), doc.tok_at(r.end - 1) + 1
    named = [toks[m].norm for m in range(max(a, 0), b) if doc.tok_in_actor(m)]
    return named[-len(again) :] != again  # "حداد" or "سامي حداد", never "رام الله"


_OWNER_GAP = 15  # tokens from a noun of speech to the quoted term it introduces


def _statements_owner(doc: Doc, q: Quoted, last_event: int) -> Mention | None:
    """The person whose statements a quoted term comes from, named after a noun of speech
    since the last speaker ("على تأييد تصريحات الرئيس العراقي جلال طالباني حول … «اذا لم
    يكفوا عن اثارة المتاعب»"), in the quote's sentence."""
    toks = doc.toks
    i = doc.tok_at(q.open)
    lo = max(doc.sent_starts[doc.sent_of(q.open)] if doc.sent_starts else 0, last_event + 1)
    j = i - 1
    while j >= 0 and i - j <= _OWNER_GAP and toks[j].start >= lo:
        t = toks[j]
        if t.kind == "w" and lookup_verb(t.norm) is not None:
            return None
        if t.kind == "w" and "report_noun" in word_classes(strip_article(t.norm)):
            k = bisect_right(doc.actor_spans, (toks[j].end,))
            for s, e in doc.actor_spans[k : k + 3]:
                if s < q.open and doc.tok_at(s) - j <= 5 and doc.is_person_at(s):
                    return doc.mention(doc.tok_at(s), doc.tok_at(e - 1) + 1, doc.sent_of(s))
            return None
        j -= 1
    return None


_DIGIT_RE = re.compile(r"\d")


def _label_like(doc: Doc, q: Quoted, no_speaker: bool) -> bool:
    """A short quote that labels rather than evaluates: a date, a number or a measure
    ("“700 كيلو متر”", "“19 ـ 25 مايو 1998”"); or, when nobody in context said it, a name
    that no Arabic article or ending marks as a word of the language ("“كونجي”", "“تيني
    هاو”", "“موريس لوكلاي”"). Scare quotes in editorials are Arabic words: definite nouns
    ("«العولمة»"), feminine or accusative adjectives ("“قصيرة”", "«جديدا»") or phrases
    opened by a preposition ("«في حينه»")."""
    body = doc.text[q.start : q.end]
    words = normalize(body).split()
    if not words:
        return True
    if _DIGIT_RE.search(body) and len(words) <= 5:
        return True
    if not no_speaker:
        return False
    if (
        "preposition" in word_classes(words[0])
        or words[0][:1] in "بل"
        and strip_article(words[0][1:]) != words[0][1:]
    ):
        return False
    if any(strip_article(w) != w or is_stopword(w) for w in words):
        return False  # "«عدو من دون امتياز»": a function word makes it a phrase
    # an adjective or noun with a feminine/accusative ending (ة is normalised to ه)
    return not (len(words) <= 2 and words[-1][-1:] in "اه" and len(words[-1]) >= 3)


_LIST_SEP_RE = re.compile(r"[،,؛;]|\s[وأ]\s?")


def _list_or_latin(body: str) -> bool:
    """Quoted text that is no statement: Latin letters only (an acronym spelt out, "E . C .
    O"), or a list of three or more names of one or two words each."""
    if not ARABIC_RE.search(body):
        return True
    items = [x.split() for x in _LIST_SEP_RE.split(body)]
    items = [x for x in items if x]
    return len(items) >= 3 and all(len(x) <= 2 for x in items)


def _known_name(doc: Doc, q: Quoted) -> bool:
    """A short quote repeating a name seen as a name or as a speaker ("لقرار “باشينيان”"),
    or one the entity layer reads as a name."""
    if doc.entity_share(q.start, q.end) >= NAME_SHARE:
        return True  # "“مصر للطيران”", "“نادر شاه”": the entity layer reads it as a name
    body = normalize(doc.text[q.start : q.end]).strip()
    if not body:
        return True
    if doc.name_texts:
        if body in doc.name_texts or strip_article(body) in doc.name_texts:
            return True
        if body in doc.name_keys:
            return True  # "“إمبريوم”" after "“الإمبريوم”"; "دوكونت" after "دو كونت"
        if " " in body and body.replace(" ", "") in doc.name_keys:
            return True  # "دو كونت" after the company was named "دوكونت"
    words = body.split()
    for m in doc.history[-HISTORY_REACH:]:
        if m.person and len(words) <= len(m.norms) and all(w in m.norms for w in words):
            return True
    return False


def _verb_tok(doc: Doc, sp: Span) -> Tok | None:
    vs = sp.attrs.get("verb_start")
    if vs is None:
        return None
    i = doc.tok_at(vs)
    return doc.toks[i] if i >= 0 else None


def _attributed_after(
    doc: Doc, q: Quoted, said_at: dict[int, Mention], by_verb: dict[int, list[Span]]
) -> bool:
    """The quote opens its sentence and a reporting verb with no و/ف and no content of its
    own follows the closing mark: “لن نتراجع”، قال الوزير — what he said, however short
    (not "«…» وقال X إن …", nor a term inside a clause)."""
    if not _opens_sentence(doc, q):
        return False  # "نقله من «الظلمات إلى النور» كما يقول": a term in a clause
    after = _postposed(doc, q, said_at)
    if after is None:
        return False
    verb_tok = after[1]
    hit = lookup_verb(verb_tok.norm)
    if hit is None:
        # "«لن نسمح …»، بحسب ما قاله قائد الشرطة": a source cue attributes it too
        if "source_cue" not in classes_of(verb_tok):
            return False
    elif hit[1]:
        return False  # "«…» وقال X إن": a new sentence
    # "«…»، يقول أحمد، وهو صاحب متجر، «…»": a quote the verb introduces after a comma is
    # the second half of the same statement; a clause it reports ("قال X إن …") or a
    # quote after a colon ("، مضيفا: «…»") is its own content
    return all(_second_half(doc, o) for o in by_verb.get(verb_tok.start, ()))


def _second_half(doc: Doc, o: Span) -> bool:
    """The quote `o` opens right after a comma: the rest of a statement split by its
    attribution."""
    if o.attrs["type"] != "direct":
        return False
    i = doc.tok_at(o.start) - 1
    while i >= 0 and doc.toks[i].kind == "q":
        i -= 1
    return i >= 0 and doc.toks[i].kind == "p" and doc.toks[i].norm in "،,"


def _opens_sentence(doc: Doc, q: Quoted) -> bool:
    """The quote's opening mark starts its sentence or follows punctuation (a colon)."""
    i = doc.tok_at(q.open)
    return i <= 0 or doc.is_sentence_start(i) or doc.toks[i - 1].kind == "p"


def _postposed(doc: Doc, q: Quoted, said_at: dict[int, Mention]) -> tuple[Mention, Tok] | None:
    """“…”، قال المسؤول: the verb and speaker right after the closing mark."""
    if q.close < 0:
        return None
    j = doc.tok_at(q.close) + 1
    while j < len(doc.toks) and doc.toks[j].kind == "p" and doc.toks[j].norm in "،,":
        j += 1
    if j + 1 < len(doc.toks) and doc.toks[j].norm == "كما":
        said = lookup_verb(doc.toks[j + 1].norm)
        if said is None or said[0].cls != "say":
            return None  # "«…» كما هاجم X …": the outlet goes on, nobody is quoted
        j += 1  # "«…» كما يقول الوزير"
    if j >= len(doc.toks) or doc.toks[j].kind != "w":
        return None
    m = said_at.get(doc.toks[j].start)
    return (m, doc.toks[j]) if m is not None else None
