"""Light Arabic stemming (Snowball via PyStemmer) and a news stopword list.

Both work on normalised forms (`normalize_word`), so callers may pass raw or normalised
words. Results are cached: news vocabularies repeat heavily.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from marsad.resources import data_lines
from marsad.text.normalize import normalize_word

_CONJUNCTIONS = ("و", "ف")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    # One read-only stemmer per process; PyStemmer keeps its own small cache too.
    return Stemmer.Stemmer("arabic")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Arabic stem of the normalised `word` (Latin words are lowercased only)."""
    norm = normalize_word(word)
    if not norm:
        return ""
    # Snowball keeps و/ف before an alef (`والحكومه` -> `والحكوم`), so the conjunction
    # before the article is taken off first: `والحكومه` and `الحكومه` stem alike.
    if len(norm) > 4 and norm[0] in _CONJUNCTIONS and norm.startswith("ال", 1):
        norm = norm[1:]
    return _stemmer().stemWord(norm)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Normalised stopwords from `data/stopwords.txt`, with و/ف-prefixed variants."""
    out: set[str] = set()
    for line in data_lines("stopwords.txt"):
        line = line.strip()
        exact = line.endswith("=")
        form = normalize_word(line.rstrip("=").strip())
        if not form:
            continue
        out.add(form)
        if not exact:
            out.update(c + form for c in _CONJUNCTIONS)
    return frozenset(out)


def is_stopword(word: str) -> bool:
    """Whether `word` (raw or normalised) is a function word or a neutral news filler."""
    return normalize_word(word) in stopwords()
