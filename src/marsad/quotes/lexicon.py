"""Read-only language data for quote extraction, loaded once from `marsad/data`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.resources import data_rows
from marsad.text.normalize import normalize, normalize_word

PREFIXES = ("و", "ف")
PURPOSE_PREFIX = "ل"  # "وعاد نجاد ليؤكد أن": a present reporting verb after لـ


@dataclass(frozen=True, slots=True)
class Verb:
    form: str
    lemma: str
    kind: str  # past | present | participle
    gender: str
    number: str
    cls: str  # say | find | act
    conj: bool  # bare form is ambiguous: needs a و/ف prefix or a sentence start


@lru_cache(maxsize=1)
def verbs() -> dict[str, Verb]:
    """Normalised verb form -> Verb."""
    out: dict[str, Verb] = {}
    for row in data_rows("reporting_verbs.tsv"):
        form, lemma, kind, gender, number, cls, conj = (row + ["-"] * 7)[:7]
        out[normalize(form)] = Verb(form, lemma, kind, gender, number, cls, conj == "conj")
    return out


@lru_cache(maxsize=1)
def classes() -> dict[str, frozenset[str]]:
    """Normalised word -> the closed classes it belongs to (see data/quotes/lexicon.tsv)."""
    acc: dict[str, set[str]] = {}
    for row in data_rows("quotes", "lexicon.tsv"):
        if len(row) < 2:
            continue
        acc.setdefault(normalize(row[0]), set()).add(row[1])
    return {w: frozenset(c) for w, c in acc.items()}


_EMPTY: frozenset[str] = frozenset()


@lru_cache(maxsize=100_000)
def word_classes(norm: str) -> frozenset[str]:
    """Classes of a normalised word; falls back to the word without one و/ف prefix."""
    table = classes()
    got = table.get(norm)
    if got is not None:
        return got
    if len(norm) > 2 and norm[0] in PREFIXES:
        return table.get(norm[1:], _EMPTY)
    return _EMPTY


@lru_cache(maxsize=100_000)
def lookup_verb(norm: str) -> tuple[Verb, bool] | None:
    """(Verb, had_prefix) for a normalised token, trying it whole, without one و/ف, and
    without the لـ of a present form ("ليؤكد")."""
    table = verbs()
    v = table.get(norm)
    if v is not None:
        return v, False
    if len(norm) > 2 and norm[0] in PREFIXES:
        v = table.get(norm[1:])
        if v is not None:
            return v, True
    if len(norm) > 3 and norm[0] == PURPOSE_PREFIX:
        v = table.get(norm[1:])
        if v is not None and v.kind == "present":
            return v, True
    return None


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    """Normalised personal-name words of the NER gazetteer (data/gazetteers/pers.txt, from
    ANERGazet): evidence that a word after a definite head is a name, not an object."""
    out: set[str] = set()
    for row in data_rows("gazetteers", "pers.txt"):
        out.update(row[0].split())
    return frozenset(out)


# the classes of a word that makes the noun after it a preposition's object, not a subject
PREPOSITION_CLASSES = frozenset({"preposition", "adjunct_prep"})


@lru_cache(maxsize=1)
def month_names() -> frozenset[str]:
    """Normalised month names that are no common word (the time stage's data/time/months.tsv):
    a month never opens a speaker ("… من أيلول الجاري وتؤكد أن")."""
    return frozenset(norm(r[0]) for r in data_rows("time", "months.tsv") if r[3:4] != ["1"])


@lru_cache(maxsize=100_000)
def strip_article(norm: str) -> str:
    """Drop a leading ال / وال / بال / لل from a normalised word (for head matching)."""
    for p in ("وال", "فال", "بال", "كال", "ال"):
        if norm.startswith(p) and len(norm) > len(p) + 1:
            return norm[len(p) :]
    if norm.startswith("لل") and len(norm) > 3:
        return norm[2:]
    return norm


def norm(word: str) -> str:
    return normalize_word(word)
