"""Transliteration-aware keys and similarity for Arabic spellings of names.

Foreign names reach Arabic through many transliteration habits: g as غ/ج/ق/ك, long vowels
written or dropped (حاجييف / حجييف), doubled letters, ة/ه, ى/ي and hamza forms. Two keys
absorb these at two strengths:

- `light_key`: `normalize` plus doubled-letter collapse and compound-name joining
  (عبد الله = عبدالله). Safe for every name: it never joins محمد and محمود, nor جمال and
  كمال or قاسم and جاسم (g-letters are distinct sounds in Arabic names).
- `skeleton`: also folds the g-letters, drops the article and medial long vowels and folds
  emphatic pairs. Coarse by design: used for blocking, and to match long (transliterated)
  tokens; short tokens matching only by skeleton need context (`WEAK_GRADE`) or, for given
  names, never match.

`token_similarity` and `name_similarity` grade two spellings in [0, 1]; the thresholds that
turn a grade into a merge decision are calibrated in `marsad.entities.profiles`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Indel

from marsad.resources import data_rows
from marsad.text.normalize import normalize

# g is written غ, ج, ق or ك (and گ, folded to ك by normalize) depending on the outlet.
_G_FOLD = str.maketrans({"غ": "ك", "ج": "ك", "ق": "ك"})
# The skeleton also folds letters that transliterations of foreign names confuse.
_SKEL_FOLD = str.maketrans(
    {"ط": "ت", "ص": "س", "ث": "س", "ض": "د", "ظ": "ز", "ذ": "ز", "ح": "ه", "ة": "ه"}
)
_VOWELS = set("اوي")
_NON_NAME = re.compile(r"[^\w\s]|\d|_")
# Particles that join the next token into one name (عبد الله, أبو بكر).
_JOINERS = {"عبد", "ابو", "ابي", "ابا"}


def clean_display(text: str) -> str:
    """The name as written, with surrounding quotes/punctuation removed and spaces collapsed."""
    text = " ".join(text.split())
    return text.strip(" \t\"'“”„«»‹›‘’`´()[]{}<>،,؛;:.!?؟-–—/\\|*•·")


def _tokens(name: str) -> list[str]:
    folded = _NON_NAME.sub(" ", normalize(name))
    toks = folded.split()
    out: list[str] = []
    for tok in toks:
        if out and out[-1] in _JOINERS:
            out[-1] += tok
        else:
            out.append(tok)
    return out


def _collapse(tok: str) -> str:
    """Collapse runs of one letter (doubled consonants, يي)."""
    out = []
    for ch in tok:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=200_000)
def light_tokens(name: str) -> tuple[str, ...]:
    """Light-keyed tokens of a name (see module doc)."""
    return tuple(_collapse(t) for t in _tokens(name))


def light_key(name: str) -> str:
    """Spelling-insensitive key that keeps vowel letters: safe to equate names on."""
    return " ".join(light_tokens(name))


@lru_cache(maxsize=200_000)
def skeleton_token(tok: str) -> str:
    """Consonant skeleton of one light-keyed token."""
    if tok.startswith("ال") and len(tok) > 4:
        tok = tok[2:]
    tok = tok.translate(_G_FOLD).translate(_SKEL_FOLD)
    if len(tok) > 1 and tok.endswith("ه"):
        tok = tok[:-1]  # final ة/ه is a vowel in transliterations (قره / قرة)
    head, rest = tok[:1], tok[1:]
    rest = "".join(ch for ch in rest if ch not in _VOWELS)
    return _collapse(head + rest)


def skeleton(name: str) -> str:
    """Coarse consonant key for blocking candidates (see module doc)."""
    return " ".join(skeleton_token(t) for t in light_tokens(name))


def _strip_article(tok: str) -> str:
    return tok[2:] if tok.startswith("ال") and len(tok) > 4 else tok


# Light keys shorter than this are mostly Arabic-origin names where a long vowel tells two
# names apart (محمد / محمود, صالح / صلاح, سعد / سعيد); longer ones are mostly transliterated.
SHORT_TOKEN = 6
# Grade of a short family name that only matches by skeleton (حاجييف / حجييف): below the
# merge threshold, so such a pair merges only with supporting context.
WEAK_GRADE = 0.75


def token_similarity(a: str, b: str, mode: str = "loose") -> float:
    """Grade two light-keyed tokens in [0, 1].

    1.0 for equal light keys, 0.95 when only the article differs (الطالباني / طالباني),
    0.9 for equal skeletons, else the Indel ratio of the light keys scaled by 0.95.
    `mode` tightens this for persons where a long vowel can tell names apart: "given"
    (given names) scores short tokens 0 unless equal; "family" gives short tokens that only
    match by skeleton `WEAK_GRADE` and no fuzzy grade at all.
    """
    if a == b:
        return 1.0
    if _strip_article(a) == _strip_article(b):
        return 0.95
    short = min(len(_strip_article(a)), len(_strip_article(b))) < SHORT_TOKEN
    same_skel = skeleton_token(a) == skeleton_token(b)
    if short and mode == "given":
        return 0.0
    if short and mode == "family":
        return WEAK_GRADE if same_skel else 0.0
    if same_skel:
        return 0.9
    return float(Indel.normalized_similarity(a, b)) * 0.95


# Tokens that mark what follows as a father's (or mother's) name: "X بن Y" is not Y.
_PATRONYM = {"بن", "ابن", "بنت", "ولد", "ال"}
SKIP_GRADE = 0.8


def _subsequence_align(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    """Best min-grade alignment of `short` into `long`, in order, last tokens aligned.

    An alignment that skips the longer name's first token (حسني مبارك / محمد حسني مبارك) or
    a patronym marker (عبدالله الثاني / عبدالله بن خليفة آل ثاني) is graded by `SKIP_GRADE`:
    in patronymic names the shorter can be the father (علي عبد الله صالح / أحمد علي عبد الله
    صالح), so such a pair needs supporting context.
    """
    best = 0.0
    last = token_similarity(short[-1], long[-1], "family")
    if last == 0.0:
        return 0.0

    def rec(i: int, j: int, acc: float) -> None:
        nonlocal best
        if acc <= best:
            return
        if i == len(short) - 1:
            if _PATRONYM & set(long[j:-1]):
                acc *= SKIP_GRADE
            best = max(best, acc)
            return
        for k in range(j, len(long) - 1):
            if k > 0 and long[k - 1] in _PATRONYM:
                continue
            s = token_similarity(short[i], long[k], "given" if i == 0 else "family")
            skipped = long[j:k] if i > 0 else long[:k]
            if i == 0 and k > 0 or _PATRONYM & set(skipped):
                s *= SKIP_GRADE
            if s > 0:
                rec(i + 1, k + 1, min(acc, s))

    rec(0, 0, last)
    return best


def name_similarity(a: str, b: str, person: bool = False) -> float:
    """Grade two names in [0, 1]: the weakest aligned token pair.

    For persons the last tokens (family names) must align, every token of the shorter name
    must align in order, and given names compare strictly: two people who share a family
    name but not a given name score 0. A one-token person name is graded against the other's
    family name only; the caller decides whether that is enough.
    """
    ta, tb = light_tokens(a), light_tokens(b)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    if not person:
        if len(ta) == len(tb):
            return min(token_similarity(x, y) for x, y in zip(ta, tb, strict=True))
        joined_a, joined_b = "".join(ta), "".join(tb)  # قره باغ / قرهباغ
        if skeleton_token(joined_a) == skeleton_token(joined_b):
            return 0.9
        return float(Indel.normalized_similarity(joined_a, joined_b)) * 0.9
    if len(ta) > len(tb):
        ta, tb = tb, ta
    if len(ta) == 1:
        return token_similarity(ta[0], tb[-1], "family")
    return _subsequence_align(ta, tb)


@lru_cache(maxsize=1)
def alias_rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(type, canonical name, variants) for every row of `data/aliases.tsv`."""
    rows = []
    for cols in data_rows("aliases.tsv"):
        if len(cols) < 2:
            continue
        variants = tuple(v for v in cols[2].split("|") if v.strip()) if len(cols) > 2 else ()
        rows.append((cols[0], cols[1], variants))
    return tuple(rows)


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for _, canonical, variants in alias_rows():
        for n in (canonical, *variants):
            key = light_key(n)
            if key:
                table.setdefault(key, canonical)
    return table


@lru_cache(maxsize=1)
def _alias_types() -> dict[str, str]:
    """Canonical alias name -> its type column (PER, LOC, ORG, MISC)."""
    return {canonical: etype for etype, canonical, _ in reversed(alias_rows())}


def alias_type(name: str) -> str | None:
    """The type the alias table gives a known name (قره باغ -> LOC), or None."""
    canonical = resolve_alias(name)
    return _alias_types().get(canonical) if canonical else None


@lru_cache(maxsize=100_000)
def resolve_alias(name: str) -> str | None:
    """The canonical name of a known alias (aliases.tsv), or None."""
    key = light_key(name)
    if not key:
        return None
    hit = _alias_table().get(key)
    if hit is None:
        no_article = " ".join(
            t[2:] if t.startswith("ال") and len(t) > 4 else t for t in key.split()
        )
        hit = _alias_table().get(no_article)
    return hit
