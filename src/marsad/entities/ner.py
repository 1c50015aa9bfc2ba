"""Arabic named-entity recognition: a CRF over lexical, gazetteer, cluster and
document features, plus document-level consistency (a name tagged confidently once
labels its other untagged mentions in the same article).

Public API: `tag_tokens(tokens)` -> BIO tags (PER/LOC/ORG/MISC), and
`find_entities(article)` -> entity `Span`s with attrs {"type", "score"}.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from marsad.entities.features import FeatureExtractor, models_dir
from marsad.entities.gazetteer import mention_key
from marsad.model import SENTENCE, TOKEN, Article, Span
from marsad.text.normalize import normalize_word
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize

MODEL_FILE = "ner.crfsuite"
TYPES = ("PER", "LOC", "ORG", "MISC")
# An entity must have at least this confidence (min token marginal) to label its
# other mentions; chosen on the dev split.
PROPAGATE_MIN = 0.7
# Also label the lone last word of a confidently tagged multi-word person name.
PROPAGATE_PARTS = True
# Features from the other mentions of a word in the same document (see features.document).
DOC_FEATURES = True
# Tokens whose O label has a marginal below this are relabelled (see `_tag_one`).
# 1.0 = off: on two dev folds the recall it bought cost as much precision.
O_MAX = 1.0
# CRF cost grows with sentence length only linearly, but one runaway "sentence" (a page
# with no punctuation) is cut into windows this long so memory stays flat.
MAX_TOKENS = 400


def spans_from_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity (start, end, type) token ranges from BIO tags, conlleval/seqeval style:
    an I- tag that does not continue an entity of its type starts a new one."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        pre, _, t = tag.partition("-")
        if typ and not (pre == "I" and t == typ):
            out.append((start, i, typ))
            typ = ""
        if pre == "B" or (pre == "I" and not typ):
            start, typ = i, t
    return out


class NerTagger:
    """A loaded CRF plus its feature extractor. One per thread: crfsuite taggers keep state."""

    def __init__(self, model_path: Path, extractor: FeatureExtractor | None = None) -> None:
        self.extractor = extractor or FeatureExtractor()
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self.labels = set(self._tagger.labels())
        self.o_max = O_MAX

    def _tag_one(self, feats: list[list[str]]) -> tuple[list[str], list[float]]:
        tags: list[str] = []
        conf: list[float] = []
        tg = self._tagger
        ent_labels = sorted(lab for lab in self.labels if lab != "O")
        for s in range(0, len(feats), MAX_TOKENS):
            tg.set(feats[s : s + MAX_TOKENS])
            y = tg.tag()
            c = [tg.marginal(lab, i) for i, lab in enumerate(y)]
            if self.o_max < 1.0:
                # The CRF is precise but misses names; where O is the Viterbi choice yet not
                # sure enough, take the likeliest entity label instead (repaired to BIO)...
                for i, lab in enumerate(y):
                    if lab == "O" and c[i] < self.o_max:
                        best = max(ent_labels, key=lambda lb, i=i: tg.marginal(lb, i))
                        pb = tg.marginal(best, i)
                        # ...only when that label holds a real share of the mass
                        if pb > 1.0 - self.o_max - 1e-9 or pb > c[i] * 0.5:
                            prev = y[i - 1] if i else "O"
                            if best.startswith("I-") and prev[2:] != best[2:]:
                                best = "B-" + best[2:]
                            y[i], c[i] = best, pb
            tags.extend(y)
            conf.extend(c)
        return tags, conf

    def tag_sentences(
        self, sentences: Sequence[Sequence[str]], propagate: bool = True
    ) -> list[list[str]]:
        """Tag sentences of one document; see `tag_document` for confidences."""
        return self.tag_document(sentences, propagate)[0]

    def tag_document(
        self, sentences: Sequence[Sequence[str]], propagate: bool = True
    ) -> tuple[list[list[str]], list[list[float]]]:
        """BIO tags and per-token confidences for the sentences of one document."""
        if DOC_FEATURES:
            feats = self.extractor.document(sentences)
        else:
            feats = [self.extractor.sentence(s) for s in sentences]
        tagged = [self._tag_one(f) if f else ([], []) for f in feats]
        tags = [t for t, _ in tagged]
        conf = [c for _, c in tagged]
        if propagate:
            self._propagate(sentences, tags, conf)
        return tags, conf

    def _propagate(
        self,
        sentences: Sequence[Sequence[str]],
        tags: list[list[str]],
        conf: list[list[float]],
    ) -> None:
        norms = [[normalize_word(t) for t in s] for s in sentences]
        lex: dict[tuple[str, ...], tuple[float, str]] = {}
        for si, st in enumerate(tags):
            for s, e, typ in spans_from_bio(st):
                c = min(conf[si][s:e])
                key = mention_key(norms[si][s:e])
                if c < PROPAGATE_MIN or not any(ch.isalpha() for ch in "".join(key)):
                    continue
                if len(key) == 1 and len(key[0]) < 3:
                    continue
                if c > lex.get(key, (0.0, ""))[0]:
                    lex[key] = (c, typ)
                if typ == "PER" and e - s > 1 and PROPAGATE_PARTS:
                    # a full name first, the family name alone later: "طلعت زكريا" ... "زكريا"
                    last = mention_key(norms[si][e - 1 : e])
                    if len(last[0]) > 2 and c * 0.95 > lex.get(last, (0.0, ""))[0]:
                        lex[last] = (c * 0.95, typ)
        if not lex:
            return
        max_len = max(len(k) for k in lex)
        heads = {k[0] for k in lex}
        for si, ns in enumerate(norms):
            st = tags[si]
            i = 0
            while i < len(ns):
                if mention_key(ns[i : i + 1])[0] not in heads:
                    i += 1
                    continue
                done = False
                for n in range(min(max_len, len(ns) - i), 0, -1):
                    if any(t != "O" for t in st[i : i + n]):
                        continue
                    hit = lex.get(mention_key(ns[i : i + n]))
                    # do not glue onto a neighbouring entity of the same type
                    if hit and (i + n >= len(st) or st[i + n] != "I-" + hit[1]):
                        c, typ = hit
                        st[i] = "B-" + typ
                        for k in range(i + 1, i + n):
                            st[k] = "I-" + typ
                        for k in range(i, i + n):
                            conf[si][k] = c * 0.9  # a propagated label is a little less sure
                        i += n
                        done = True
                        break
                if not done:
                    i += 1


@lru_cache(maxsize=1)
def load_tagger() -> NerTagger:
    """The shipped model, loaded once per process."""
    return NerTagger(models_dir() / MODEL_FILE)


def tag_tokens(tokens: list[str]) -> list[str]:
    """BIO tags (B-/I- PER, LOC, ORG, MISC, or O) for one sentence of tokens."""
    if not tokens:
        return []
    return load_tagger().tag_sentences([tokens], propagate=False)[0]


def _sentences_of(article: Article) -> list[list[Span]]:
    # the text layer's own tokeniser and splitter when the article has no such layers yet
    tokens = sorted(article.spans(TOKEN) or tokenize(article.text), key=lambda s: s.start)
    sentences = sorted(
        article.spans(SENTENCE) or split_sentences(article.text), key=lambda s: s.start
    )
    if not sentences:
        return [tokens] if tokens else []
    out: list[list[Span]] = []
    j = 0
    for sent in sentences:
        cur: list[Span] = []
        while j < len(tokens) and tokens[j].start < sent.end:
            if tokens[j].start >= sent.start:
                cur.append(tokens[j])
            j += 1
        if cur:
            out.append(cur)
    if j < len(tokens):
        out.append(tokens[j:])
    return out


def find_entities(article: Article) -> list[Span]:
    """Entity spans over `article.text` (labels PER/LOC/ORG/MISC, attrs type and score).

    Uses the `token` and `sentence` layers when present, else `marsad.text`'s tokeniser
    and sentence splitter.
    The whole article is one document for mention propagation.
    """
    text = article.text or ""
    if not text.strip():
        return []
    sents = _sentences_of(article)
    words = [[sp.text_of(text) for sp in s] for s in sents]
    tags, conf = load_tagger().tag_document(words)
    out: list[Span] = []
    for s_spans, s_tags, s_conf in zip(sents, tags, conf, strict=True):
        for s, e, typ in spans_from_bio(s_tags):
            score = round(sum(s_conf[s:e]) / (e - s), 4)
            out.append(
                Span(s_spans[s].start, s_spans[e - 1].end, typ, {"type": typ, "score": score})
            )
    return out
