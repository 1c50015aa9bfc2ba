"""The working document of quote extraction: tokens with their lexicon classes, sentence
bounds, quotation pairs and entity spans of one article, and where speakers were read.

A `Doc` is built per article and never shared, so the extractor stays a plain function of
its input (safe in a process pool). Offsets are the article's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import itemgetter

from marsad.model import ENTITY, QUOTE, SENTENCE, Article, Span
from marsad.quotes.direct import QUOTE_MARKS, mask_apostrophe_quotes, pair_quotes
from marsad.quotes.lexicon import lookup_verb, norm, person_names, strip_article, word_classes
from marsad.quotes.speakers import (
    EntityIndex,
    Mention,
    description_head,
    is_actor_label,
    is_person,
    resolve_description,
)
from marsad.text.sentences import letter_names  # the text stage's list, read once

try:  # the shared sentence splitter; a small fallback keeps this module usable alone
    from marsad.text.sentences import abbreviations as _abbreviations
    from marsad.text.sentences import split_sentences as _split_sentences
except ImportError:  # pragma: no cover - exercised only when the text layer is missing
    _abbreviations = _split_sentences = None

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
# Words keep their harakat/shadda (تعهّد); every other visible character is its own token.
_SPACED_TOKEN_RE = re.compile(rf"(\s*)([\w{_MARKS}]+|[^\w\s{_MARKS}])")
_QUOTE_SET = frozenset(QUOTE_MARKS)
_FALLBACK_SENT_RE = re.compile(r"[^.!?؟\n]*(?:[.!?؟]+|\n|$)")
ARABIC_RE = re.compile("[\u0621-\u064a]")
Event = tuple[int, int, Mention]  # (char, sentence, speaker): a speaker reading a report
END_PUNCT = frozenset(".!?؟؛")  # what ends a sentence
MAX_TEXT = 2_000_000  # characters read; the rest of a huge input is left alone


class Tok(tuple):
    """(start, end, kind, norm, hamza, classes): a tuple, because articles have thousands
    of tokens.

    kind: w word, n number, q quote mark, p punctuation. hamza: the raw word has ء, which
    normalising drops (إنهاء -> انها), so such a word is never the complementiser إنها.
    classes: the word's closed classes (data/quotes/lexicon.tsv), empty for non-words.
    """

    __slots__ = ()
    start = property(itemgetter(0))
    end = property(itemgetter(1))
    kind = property(itemgetter(2))
    norm = property(itemgetter(3))
    hamza = property(itemgetter(4))


_NO_CLASSES: frozenset[str] = frozenset()


@lru_cache(maxsize=200_000)
def _tok_info(raw: str) -> tuple[str, str, bool, frozenset[str]]:
    c = raw[0]
    if c.isdigit():
        return "n", raw, False, _NO_CLASSES
    if c in _QUOTE_SET:
        return "q", raw, False, _NO_CLASSES
    if c.isalpha() or c == "_" or "\u0610" <= c <= "\u06ed":
        n = norm(raw)
        cls = word_classes(n)
        if c == "\u0622" and "complementizer" in cls:
            cls = cls - {"complementizer"}  # "في آن واحد" ('at once'), normalised to ان
        return "w", n, "\u0621" in raw, cls
    return "p", raw, False, _NO_CLASSES


def _tokenize(text: str) -> list[Tok]:
    new = tuple.__new__
    info = _tok_info  # lru_cache: news vocabularies repeat heavily
    out: list[Tok] = []
    add = out.append
    pos = 0
    # findall of (space, token) pairs and running offsets: faster than finditer + span()
    prefixes = _title_abbreviations()
    for space, tok in _SPACED_TOKEN_RE.findall(text):
        pos += len(space)
        end = pos + len(tok)
        if tok == "." and not space and out and out[-1][3] in prefixes:
            # "د. أميرة": the period of a title is part of the word, not a full stop
            prev = out.pop()
            add(new(Tok, (prev[0], end) + prev[2:]))
        else:
            add(new(Tok, (pos, end) + info(tok)))
        pos = end
    return out


@lru_cache(maxsize=1)
def _title_abbreviations() -> frozenset[str]:
    """Normalised abbreviations written before a name ("د."، "م."), from the text stage's
    list; the quote tokens then keep their period inside the word."""
    if _abbreviations is None:
        return frozenset()
    return frozenset(norm(a) for a, kind in _abbreviations().items() if kind == "prefix")


def _sentences(article: Article, text: str) -> list[tuple[int, int]]:
    layer = article.layers.get(SENTENCE)
    if layer:  # the text stage already split: reuse it
        return [(s.start, s.end) for s in layer if s.end <= len(text)]
    if _split_sentences is not None:
        try:
            return [(s.start, s.end) for s in _split_sentences(text)]
        except Exception:  # a bug upstream must not stop quote extraction
            pass
    return [(m.start(), m.end()) for m in _FALLBACK_SENT_RE.finditer(text) if m.end() > m.start()]


class Doc:
    """Per-article working state (never shared between calls)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        text = article.text or ""
        # offsets are the article's; apostrophes used as quote marks (doubled, or single in
        # pairs) read as "
        self.text = mask_apostrophe_quotes(text[:MAX_TEXT])
        self.toks = _tokenize(self.text)
        self.tok_starts = [t[0] for t in self.toks]  # t.start, without the property call
        sents = _sentences(article, self.text)
        self.sent_starts = [s for s, _ in sents]
        self.sent_ends = [e for _, e in sents]
        self.quotes = pair_quotes(self.text, self.sent_ends)
        self.by_open = {q.open: q for q in self.quotes}
        self.used: set[int] = set()  # opening marks already attributed (or names)
        self.names: set[int] = set()
        self.name_texts: set[str] = set()  # normalised quoted names ("قره باغ" after إقليم)
        self.name_keys: set[str] = set()  # the same without spaces or article, for matching
        self.history: list[Mention] = []
        self.events: list[Event] = []  # in reading order
        self.out: list[Span] = []
        self.consumed_to = -1  # a trigger inside emitted direct content is not read
        self._entity_ids: dict[tuple[int, int], str | None] = {}
        self._entity_index: EntityIndex | None = None  # built at the first speaker
        self.quote_index = {q.open: i for i, q in enumerate(self.quotes)}
        self.by_close = {q.close: q for q in self.quotes if q.close >= 0}
        entities = sorted(article.layers.get(ENTITY) or (), key=lambda e: e.start)
        self.entity_spans = [(e.start, e.end) for e in entities]
        # persons and organisations, and where they start (for a quick membership test)
        self.actor_spans = [(e.start, e.end) for e in entities if is_actor_label(e.label)]
        self.actor_starts = {s for s, _ in self.actor_spans}
        # the actor span each token lies in (an index into actor_spans), -1 outside any
        self.tok_actor = [-1] * len(self.toks)
        starts = self.tok_starts
        for idx, (s, e) in enumerate(self.actor_spans):
            i = bisect_left(starts, s)
            while i < len(starts) and starts[i] < e:
                self.tok_actor[i] = idx
                i += 1
        self.person_starts = {e.start for e in entities if e.label.upper()[:3] == "PER"}

    # -- positions ---------------------------------------------------------------------------
    def entity_share(self, start: int, end: int) -> float:
        """Share of [start, end) the entity layer marks as names."""
        spans = self.entity_spans
        i = max(bisect_right(spans, (start,)) - 1, 0)
        covered = 0
        while i < len(spans) and spans[i][0] < end:  # no slice: a copy per call is quadratic
            s, e = spans[i]
            covered += max(0, min(e, end) - max(s, start))
            i += 1
        return covered / (end - start) if end > start else 0.0

    def sent_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)

    def sent_end(self, pos: int) -> int:
        i = self.sent_of(pos)
        return self.sent_ends[i] if i < len(self.sent_ends) else len(self.text)

    def tok_at(self, pos: int) -> int:
        return bisect_right(self.tok_starts, pos) - 1

    def tok_in_actor(self, i: int) -> bool:
        """Token i lies inside a person or organisation the entity layer names."""
        return self.tok_actor[i] >= 0

    def person_tok(self, i: int) -> bool:
        """Token i lies inside a person the entity layer names."""
        idx = self.tok_actor[i]
        return idx >= 0 and self.actor_spans[idx][0] in self.person_starts

    def is_person_at(self, start: int) -> bool:
        """A person the entity layer names starts at character `start`."""
        return start in self.person_starts

    def actor_end_tok(self, i: int) -> int:
        """Token index right after the person or organisation span token i lies in (i when it
        lies in none)."""
        idx = self.tok_actor[i]
        return self.tok_at(self.actor_spans[idx][1] - 1) + 1 if idx >= 0 else i

    def entity_end_at(self, i: int) -> int | None:
        """Token index right after the name the entity layer reads from token i (of any
        type), or None when no name starts at token i."""
        start = self.toks[i].start
        e = bisect_left(self.entity_spans, (start,))
        if e < len(self.entity_spans) and self.entity_spans[e][0] == start:
            return self.tok_at(self.entity_spans[e][1] - 1) + 1
        return None

    def actor_ending_at(self, end: int) -> int | None:
        """Token index where a person or organisation the entity layer names, ending at
        character `end`, starts."""
        j = bisect_right(self.actor_spans, (end,)) - 1
        while j >= 0 and self.actor_spans[j][0] >= end - 60:
            s, e = self.actor_spans[j]
            if e == end:
                return self.tok_at(s)
            j -= 1
        return None

    def is_acronym_dot(self, j: int) -> bool:
        """Token j is the period between two Latin letters spelt in Arabic ("بي. تي. ايه")."""
        toks = self.toks
        if not 0 < j < len(toks) - 1 or toks[j].norm != ".":
            return False
        names = letter_names()
        nxt = toks[j + 1]
        # "سي.أن.أن " إن …": a letter that reads as أن/إن is left to be the complementiser
        return toks[j - 1].norm in names and nxt.norm in names and not is_comp(nxt)

    def is_sentence_start(self, i: int) -> bool:
        s = self.sent_of(self.toks[i].start)
        if s >= len(self.sent_starts):
            return i == 0
        j = i - 1
        while j >= 0 and self.toks[j].start >= self.sent_starts[s] and self.toks[j].kind != "w":
            j -= 1
        return j < 0 or self.toks[j].start < self.sent_starts[s]

    def emit(
        self,
        start: int,
        end: int,
        qtype: str,
        speaker: Mention | None,
        verb_tok: Tok | None,
        **extra: object,
    ) -> Span:
        """Record a quote of `qtype` over [start, end), said by `speaker` (as resolved)."""
        r = speaker.resolved() if speaker is not None else None
        attrs: dict[str, object] = {
            "type": qtype,
            "speaker": r.surface if r is not None else None,
            "speaker_start": r.start if r is not None else None,
            "speaker_end": r.end if r is not None else None,
            "speaker_entity_id": self._entity_id(r.start, r.end) if r is not None else None,
            "verb": self.text[verb_tok.start : verb_tok.end] if verb_tok is not None else None,
            "verb_start": verb_tok.start if verb_tok is not None else None,
            "verb_end": verb_tok.end if verb_tok is not None else None,
        }
        if speaker is not None and r is not speaker:
            attrs["speaker_mention"] = speaker.surface
            attrs["speaker_mention_start"] = speaker.start
            attrs["speaker_mention_end"] = speaker.end
        attrs.update(extra)
        sp = Span(start, end, QUOTE, attrs)
        self.out.append(sp)
        return sp

    def _entity_id(self, start: int, end: int) -> str | None:
        """EntityIndex.entity_for, once per speaker span (a speaker is usually quoted many
        times)."""
        key = (start, end)
        if key not in self._entity_ids:
            if self._entity_index is None:
                self._entity_index = EntityIndex(self.article)
            self._entity_ids[key] = self._entity_index.entity_for(start, end)
        return self._entity_ids[key]

    # -- mentions ----------------------------------------------------------------------------
    def mention(
        self, a: int, b: int, sentence: int, strip_l: bool = False, strip_conj: bool = False
    ) -> Mention:
        """Tokens [a, b) as a speaker mention; `strip_conj`: the first word carries a glued
        و/ف that opens its clause ("فالأرثوذكس يؤمنون"), no part of the speaker."""
        start, end = self.toks[a].start, self.toks[b - 1].end
        norms = [t.norm for t in self.toks[a:b] if t.kind == "w"]
        if strip_conj and norms and norms[0][:1] in "وف" and self.text[start] in "وف":
            start += 1
            norms[0] = norms[0][1:]
        if strip_l and norms and norms[0].startswith("ل") and len(norms[0]) > 2:
            # "وفقا لبيان" / "طبقا للمصادر": the preposition is not part of the source
            if self.text.startswith("لـ", start) or norms[0].startswith("لل"):
                start += 2
                norms[0] = "ال" + norms[0][2:] if norms[0].startswith("لل") else norms[0][1:]
            else:
                start += 1
                norms[0] = norms[0][1:]
        if norms and norms[0].startswith("وال") and self.text[start] == "و":
            bare = norms[0][1:]
            if word_classes(strip_article(bare)) or start + 1 in self.actor_starts:
                start += 1  # "والحكومة ترى أن": the conjunction is not part of the speaker
                norms[0] = bare
        # a name the entity layer reads, then a title with a preposition in it ("سامي حداد
        # مدير مركز الدراسات في جامعة القاهرة"), is still a person
        person = is_person(norms) or (len(norms) >= 2 and start in self.person_starts)
        return Mention(start, end, self.text[start:end], norms, sentence, person=person)

    def finish_mention(self, m: Mention) -> Mention:
        head = description_head(m.norms)
        if head is not None:
            m.antecedent = resolve_description(head, self.history, m)
        self.history.append(m)
        return m


def classes_of(t: Tok) -> frozenset[str]:
    return t[5]


PEOPLE_HEADS = frozenset({"description_head", "org_head"})


def names_someone(doc: Doc, k: int) -> bool:
    """Token k is someone in its own right: a known personal name, a title or office
    (الوزير، وزير), an institution, or where the entity layer starts a person or
    organisation; not و/ف + a verb ("وليد" but not "وليعلن")."""
    t = doc.toks[k]
    return bool(
        t.norm in person_names()
        or word_classes(strip_article(t.norm)) & PEOPLE_HEADS
        or t.start in doc.actor_starts
    )


def plain_word(doc: Doc, k: int) -> bool:
    """Token k is a word with no function in the lexicon and no reporting verb: a noun that
    can stand in a subject ("خبراء", "وزراء"), not مع، لا or قالوا."""
    t = doc.toks[k]
    return t.kind == "w" and not classes_of(t) and lookup_verb(t.norm) is None


def people_plural(w: str, suffixes: tuple[str, ...] = ("ون",)) -> bool:
    """محللون، مسؤولون: a sound masculine plural, which names people."""
    return len(w) > 4 and w.endswith(suffixes)


_POSSESSIVE_SUFFIXES = ("هما", "هم", "ها", "ه")


def possessed_speech_noun(t: Tok) -> bool:
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


def is_comp(t: Tok) -> bool:
    return not t[4] and "complementizer" in t[5]


def after_addressee(doc: Doc, i: int, limit: int) -> int:
    """Token i, or the token after the addressee that opens at i ("قال لرويترز", "لوكالة
    فرانس برس", "لصحيفة الحياة", "لـ « الوطن »"), where a subject may follow: "كما أكد
    لوكالة فرانس برس شاهد عيان أن"."""
    toks = doc.toks
    if i >= len(toks) or not is_addressee(doc, i):
        return i
    k = i + 1
    while k < len(toks) and doc.text[toks[k].start : toks[k].end] == "\u0640":
        k += 1  # "ل ـ « الوطن »"
    if k < len(toks) and toks[k].kind == "q":
        q = doc.by_open.get(toks[k].start)
        return doc.tok_at(q.close) + 1 if q is not None and q.close >= 0 else i
    if k < len(toks) and toks[k].start < limit and toks[k].kind == "w":
        end = doc.entity_end_at(k)
        if end is not None:
            return end  # "لوكالة فرانس برس": the outlet's name
        if doc.tok_in_actor(i):
            return doc.actor_end_tok(i)  # "لصحيفة الحياة" read as one name
        nxt = toks[k].norm
        if nxt.startswith("ال") and not word_classes(strip_article(nxt)) & PEOPLE_HEADS:
            return k + 1  # "لصحيفة الحياة": a naming noun and the outlet's name
    return k


def is_addressee(doc: Doc, i: int) -> bool:
    """لرويترز / لـ"الوطن" / لصحيفة …: the one spoken to, which ends a subject."""
    t = doc.toks[i]
    if t.kind != "w" or not t.norm.startswith("ل"):
        return False
    rest = "ال" + t.norm[2:] if t.norm.startswith("لل") else t.norm[1:]
    if not rest:
        return True  # a bare لـ before a quoted name
    if "media" in word_classes(rest) or "media" in word_classes(strip_article(rest)):
        return True
    return doc.text[t.end - 1] == "\u0640"  # لـ glued with tatweel
