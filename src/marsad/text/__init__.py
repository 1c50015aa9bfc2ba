"""The Arabic text layer: tokens, sentences, stems and stopwords over `Article.text`."""

from __future__ import annotations

from marsad.model import SENTENCE, TOKEN, Article, Span
from marsad.text.normalize import normalize, normalize_with_offsets, normalize_word
from marsad.text.sentences import split_sentences
from marsad.text.stem import is_stopword, stem, stopwords
from marsad.text.tokenize import NUMBER, PUNCT, QUOTE_TOKEN, WORD, tokenize

__all__ = [
    "NUMBER",
    "PUNCT",
    "QUOTE_TOKEN",
    "WORD",
    "annotate_text",
    "is_stopword",
    "normalize",
    "normalize_with_offsets",
    "normalize_word",
    "split_sentences",
    "stem",
    "stems",
    "stopwords",
    "tokenize",
    "tokens_norm",
]


def annotate_text(article: Article) -> Article:
    """Set the sentence and token layers from `article.text` (other layers untouched)."""
    text = article.text or ""
    article.layers[SENTENCE] = split_sentences(text)
    article.layers[TOKEN] = tokenize(text)
    return article


def _tokens(article: Article) -> list[Span]:
    # Use the stored layer when annotate_text has run; never mutate the article here.
    spans = article.layers.get(TOKEN)
    return spans if spans is not None else tokenize(article.text or "")


def _norm(span: Span, text: str) -> str:
    # Spans reloaded from elsewhere may lack the attr; fall back to the text.
    return span.attrs.get("norm") or normalize_word(text[span.start : span.end])


def tokens_norm(article: Article) -> list[str]:
    """Normalised forms of the article's word and number tokens, in text order."""
    text = article.text or ""
    return [_norm(s, text) for s in _tokens(article) if s.label in (WORD, NUMBER)]


def stems(article: Article) -> list[str]:
    """Stems of the content words (stopwords, numbers and one-letter words dropped)."""
    stop = stopwords()
    text = article.text or ""
    out: list[str] = []
    for s in _tokens(article):
        if s.label != WORD:
            continue
        norm = _norm(s, text)
        if len(norm) > 1 and norm not in stop:
            out.append(stem(norm))
    return out
