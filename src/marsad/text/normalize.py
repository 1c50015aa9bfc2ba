"""Arabic normalisation for matching and indexing (never for display).

Folds diacritics, tatweel, alef and hamza forms, alef maksura, teh marbuta,
Arabic-Indic and Persian digits, Persian letter forms, invisible marks and all
quote marks. `normalize` is the fast path (one `str.translate`);
`normalize_with_offsets` also maps every output character back to its source offset.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun, small marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation marks
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + ["\u0621"]  # bare hamza: stripped as in ANERGazet/EASC spellings
)

_MAP: dict[str, str] = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    "\u0649": "\u064a",  # ى -> ي
    "\u06cc": "\u064a",  # Persian yeh
    "\u06d2": "\u064a",
    "\u0629": "\u0647",  # ة -> ه
    "\u06c0": "\u0647",
    "\u06d5": "\u0647",
    "\u06a9": "\u0643",  # Persian keheh -> kaf
    "\u06af": "\u0643",  # gaf
    "\u06a4": "\u0641",  # veh
    "\u06a8": "\u0642",  # Maghrebi qaf-like
}
for i in range(10):
    _MAP[chr(0x0660 + i)] = str(i)  # Arabic-Indic
    _MAP[chr(0x06F0 + i)] = str(i)  # Persian
_QUOTES = "\"'“”„‟«»‹›‘’‚‛″〝〞＂`´"
for q in _QUOTES:
    _MAP[q] = '"'
_MAP["\u066b"] = "."  # Arabic decimal separator
_MAP["\u066c"] = ","  # Arabic thousands separator

_TABLE = str.maketrans({**_MAP, **{c: None for c in _DELETE}})


def _fold_char(ch: str) -> str:
    """Normalise one character (used for the offset-keeping path)."""
    out = ch.translate(_TABLE)
    if out and _PRESENTATION.match(ch):
        out = unicodedata.normalize("NFKC", ch).translate(_TABLE)
    return out.lower()


_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def normalize(text: str) -> str:
    """Fold `text` for matching. Length may change; use `normalize_with_offsets` for spans."""
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.translate(_TABLE).lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text` and return, for each output character, the offset of its source character."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Cached `normalize` for single tokens (vocabularies repeat heavily)."""
    return normalize(word)
