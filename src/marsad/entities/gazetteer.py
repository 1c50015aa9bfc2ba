"""Name gazetteers for NER: normalised ANERGazet lists plus trigger words.

The shipped lists under `marsad/data/gazetteers/` are derived from ANERGazet by
`derive_gazetteers` (run by `marsad train ner`); matching is on normalised forms with
Arabic proclitics (و ف ب ك ل ال) peeled off the first token, longest match first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from marsad.text.normalize import normalize, normalize_word

# Entity type -> file name, both in ANERGazet and in our derived copy.
GAZ_FILES: dict[str, str] = {"PER": "pers.txt", "LOC": "loc.txt", "ORG": "org.txt"}
T = TypeVar("T")
TRIGGERS_FILE = "triggers.tsv"

_CONJ = "وف"
_PREP = "بكل"


@lru_cache(maxsize=200_000)
def lookup_forms(norm: str) -> tuple[str, ...]:
    """Forms of a normalised word to try in a lexicon: itself, then with proclitics peeled.

    Order matters: the word as written first, then without و/ف and ب/ك/ل, then without ال.
    A form is only peeled when at least 2 letters stay, so short words are left alone.
    """
    forms = [norm]
    x = norm
    if len(x) > 3 and x[0] in _CONJ:
        x = x[1:]
        forms.append(x)
    if len(x) > 3 and x[0] in _PREP:
        # لل = ل + ال with the alef dropped
        x = "ال" + x[2:] if x.startswith("لل") and len(x) > 4 else x[1:]
        forms.append(x)
    if len(x) > 3 and x.startswith("ال"):
        forms.append(x[2:])
    # dedupe, keep order
    seen: dict[str, None] = {}
    for f in forms:
        seen.setdefault(f, None)
    return tuple(seen)


@dataclass(frozen=True)
class Gazetteer:
    """Read-only lexicon: normalised token tuples -> entity types, and trigger words."""

    phrases: dict[tuple[str, ...], frozenset[str]]
    triggers: dict[str, frozenset[str]]
    max_len: int

    def types_of(self, norm: str) -> frozenset[str]:
        """Types of a single normalised word, trying its clitic-peeled forms."""
        out: frozenset[str] = frozenset()
        for f in lookup_forms(norm):
            t = self.phrases.get((f,))
            if t:
                out |= t
        return out

    @cached_property
    def heads(self) -> dict[str, int]:
        """First token of the phrases -> longest phrase it opens (derived, read-only)."""
        return _longest_by_first(self.phrases)

    def trigger_of(self, norm: str) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for f in lookup_forms(norm):
            t = self.triggers.get(f)
            if t:
                out |= t
        return out

    def match(self, norms: Sequence[str]) -> list[tuple[int, int, frozenset[str]]]:
        """Longest non-overlapping matches over normalised tokens, left to right.

        Returns (start, end, types) token ranges; the first token may carry proclitics.
        """
        phrases = self.phrases

        def types_at(firsts: tuple[str, ...], rest: tuple[str, ...]) -> frozenset[str] | None:
            for f in firsts:
                t = phrases.get((f, *rest))
                if t:
                    return t
            return None

        return longest_matches(norms, self.heads, types_at)


def _longest_by_first(keys: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """First token of the keys -> the longest key it opens: most words open none."""
    heads: dict[str, int] = {}
    for k in keys:
        heads[k[0]] = max(heads.get(k[0], 0), len(k))
    return heads


def longest_matches(
    norms: Sequence[str],
    heads: dict[str, int],
    value_at: Callable[[tuple[str, ...], tuple[str, ...]], T | None],
) -> list[tuple[int, int, T]]:
    """Longest non-overlapping matches over normalised tokens, left to right.

    At each token, `value_at(firsts, rest)` is asked for the longest length first, where
    `firsts` are the token's clitic-peeled forms and `rest` the tokens after it; the first
    value it gives is the match. Returns (start, end, value) token ranges.
    """
    out: list[tuple[int, int, T]] = []
    n = len(norms)
    i = 0
    while i < n:
        hit: tuple[int, T] | None = None
        firsts = lookup_forms(norms[i]) if norms[i] else ()
        longest = max([heads.get(f, 0) for f in firsts], default=0)
        for length in range(min(longest, n - i), 0, -1):
            value = value_at(firsts, tuple(norms[i + 1 : i + length]))
            if value is not None:
                hit = (length, value)
                break
        if hit:
            out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        else:
            i += 1
    return out


def _read_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def phrase_key(name: str) -> tuple[str, ...]:
    """Normalised token tuple of a name (punctuation kept as its own tokens)."""
    return tuple(normalize(name).split())


def build_gazetteer(
    lists: dict[str, Iterable[str]], triggers: Iterable[tuple[str, str]]
) -> Gazetteer:
    phrases: dict[tuple[str, ...], frozenset[str]] = {}
    for typ, names in lists.items():
        for name in names:
            key = phrase_key(name)
            if key:
                phrases[key] = phrases.get(key, frozenset()) | {typ}
    trig: dict[str, frozenset[str]] = {}
    for word, typ in triggers:
        w = normalize_word(word)
        trig[w] = trig.get(w, frozenset()) | {typ}
    max_len = max((len(k) for k in phrases), default=1)
    return Gazetteer(phrases, trig, max_len)


def gazetteer_dir() -> Path:
    return Path(str(files("marsad") / "data" / "gazetteers"))


def load_gazetteer_from(directory: Path) -> Gazetteer:
    lists = {}
    for typ, fname in GAZ_FILES.items():
        p = directory / fname
        lists[typ] = _read_lines(p.read_text(encoding="utf-8")) if p.is_file() else []
    trig: list[tuple[str, str]] = []
    tp = directory / TRIGGERS_FILE
    if tp.is_file():
        for ln in _read_lines(tp.read_text(encoding="utf-8")):
            parts = ln.split("\t")
            if len(parts) == 2:
                trig.append((parts[0], parts[1]))
    return build_gazetteer(lists, trig)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer (read-only, loaded once per process)."""
    return load_gazetteer_from(gazetteer_dir())


def derive_gazetteers(src: Path, out: Path) -> dict[str, int]:
    """Write normalised, deduplicated, sorted copies of ANERGazet lists into `out`.

    Returns the number of names written per type. ANERGazet uses `====` lines as group
    separators; those are dropped.
    """
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for typ, fname in GAZ_FILES.items():
        p = src / fname
        if not p.is_file():
            continue
        names = set()
        for ln in p.read_text(encoding="utf-8").splitlines():
            ln = ln.strip()
            if not ln or ln.startswith("=") or ln.startswith("#"):
                continue
            key = " ".join(normalize(ln).split())
            if any(ch.isalpha() for ch in key):  # drops "***" and "-" filler lines
                names.add(key)
        header = (
            f"# {typ} names for NER gazetteer features, normalised with marsad.text.normalize.\n"
            f"# Derived from ANERGazet ({fname}, Benajiba et al., distributed with ANERcorp)\n"
            "# by marsad.entities.gazetteer.derive_gazetteers; one name per line.\n"
        )
        (out / fname).write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
        counts[typ] = len(names)
    return counts


# --- training-data entity lexicon -------------------------------------------------------

TRAIN_LEXICON_FILE = "train_lexicon.tsv"
LEX_TYPES = ("PER", "LOC", "ORG", "MISC")


def mention_key(norms: Sequence[str]) -> tuple[str, ...]:
    """Lexicon key of a mention: normalised tokens, the first without و/ف/ب/ك/ل (ال kept)."""
    forms = lookup_forms(norms[0])
    head = forms[0]
    for f in forms[1:]:
        if head.startswith("ال") and f == head[2:]:
            break  # the next form only drops the article: stop before it
        head = f
    return (head, *norms[1:])


@dataclass(frozen=True)
class TrainLexicon:
    """Entity mentions seen in annotated text: key -> (count per type, times the key's
    tokens occur at all), so a feature can say both "mostly PER" and "usually not a name"."""

    entries: dict[tuple[str, ...], tuple[dict[str, int], int]]
    max_len: int
    # first token of the keys -> longest key it opens: most words open none, skip them fast
    heads: dict[str, int]

    @classmethod
    def of(cls, entries: dict[tuple[str, ...], tuple[dict[str, int], int]]) -> TrainLexicon:
        heads = _longest_by_first(entries)
        return cls(entries, max(heads.values(), default=0), heads)

    @cached_property
    def words(self) -> dict[str, str]:
        """Word of a multi-word mention -> its likeliest type (a surname seen in a full
        name, a word of an organisation's name), for words met outside the full mention."""
        votes: dict[str, dict[str, int]] = {}
        for key, (types, _) in self.entries.items():
            if len(key) < 2:
                continue
            for w in key:
                if len(w) > 2:
                    d = votes.setdefault(w, {})
                    for t, c in types.items():
                        d[t] = d.get(t, 0) + c
        return {
            w: sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for w, d in votes.items()
        }

    def match(self, norms: Sequence[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """Longest non-overlapping matches, left to right: (start, end, key)."""
        entries = self.entries

        def key_at(firsts: tuple[str, ...], rest: tuple[str, ...]) -> tuple[str, ...] | None:
            # a word may peel to several keys (لبنان: ل+بنان): take the best attested
            hit, best = None, -1
            for f in firsts:
                e = entries.get((f, *rest))
                if e is not None and sum(e[0].values()) > best:
                    best = sum(e[0].values())
                    hit = (f, *rest)
            return hit

        return longest_matches(norms, self.heads, key_at)


EMPTY_LEXICON = TrainLexicon.of({})


def build_train_lexicon(
    sentences: Iterable[tuple[Sequence[str], Sequence[Sequence[int | str]]]],
) -> TrainLexicon:
    """Lexicon from sentences given as (tokens, entity spans (start, end, type)).

    Keys are mention keys of the spans (one- and two-letter single words and keys without
    a letter are skipped); the total counts every occurrence of the key's tokens, tagged
    or not, found by the same longest-match scan used at run time."""
    sents = [([normalize_word(t) for t in toks], spans) for toks, spans in sentences]
    typed: dict[tuple[str, ...], dict[str, int]] = {}
    for norms, spans in sents:
        for s, e, typ in spans:
            key = mention_key(norms[int(s) : int(e)])
            if not all(key) or not any(ch.isalpha() for ch in "".join(key)):
                continue
            if len(key) == 1 and len(key[0]) < 3:
                continue
            d = typed.setdefault(key, {})
            d[str(typ)] = d.get(str(typ), 0) + 1
    probe = TrainLexicon.of({k: (v, 0) for k, v in typed.items()})
    total: dict[tuple[str, ...], int] = {}
    for norms, _ in sents:
        for _, _, key in probe.match(norms):
            total[key] = total.get(key, 0) + 1
    entries = {k: (v, max(total.get(k, 0), sum(v.values()))) for k, v in typed.items()}
    return TrainLexicon.of(entries)


def write_train_lexicon(lex: TrainLexicon, path: Path, source: str) -> int:
    """`key<TAB>PER<TAB>LOC<TAB>ORG<TAB>MISC<TAB>total`, keys sorted; returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Entity mentions of the NER training data, for lexicon features. Written by\n"
            f"# `marsad train ner` from {source} (ANERcorp, Benajiba et al.).\n"
            "# Columns: normalised mention (first token without و ف ب ك ل), times tagged\n"
            "# PER, LOC, ORG, MISC, and times the tokens occur at all (tagged or not).\n"
        )
        for key in sorted(lex.entries):
            types, total = lex.entries[key]
            counts = "\t".join(str(types.get(t, 0)) for t in LEX_TYPES)
            fh.write(f"{' '.join(key)}\t{counts}\t{total}\n")
    return len(lex.entries)


def load_train_lexicon_from(path: Path) -> TrainLexicon:
    """Read a lexicon written by `write_train_lexicon`; empty if the file is absent."""
    if not path.is_file():
        return EMPTY_LEXICON
    entries: dict[tuple[str, ...], tuple[dict[str, int], int]] = {}
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ln.startswith("#") or not ln.strip():
            continue
        parts = ln.split("\t")
        if len(parts) != 2 + len(LEX_TYPES):
            continue
        key = tuple(parts[0].split(" "))
        try:
            nums = [int(x) for x in parts[1:]]
        except ValueError:
            continue
        types = {t: c for t, c in zip(LEX_TYPES, nums, strict=False) if c > 0}
        if types:
            entries[key] = (types, nums[-1])
    return TrainLexicon.of(entries)


@lru_cache(maxsize=1)
def load_train_lexicon() -> TrainLexicon:
    """The shipped training-data lexicon (read-only, loaded once per process)."""
    return load_train_lexicon_from(gazetteer_dir() / TRAIN_LEXICON_FILE)
