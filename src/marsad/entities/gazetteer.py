"""Name gazetteers for NER: normalised ANERGazet lists plus trigger words.

The shipped lists under `marsad/data/gazetteers/` are derived from ANERGazet by
`derive_gazetteers` (run by `marsad train ner`); matching is on normalised forms with
Arabic proclitics (و ف ب ك ل ال) peeled off the first token, longest match first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from marsad.text.normalize import normalize, normalize_word

# Entity type -> file name, both in ANERGazet and in our derived copy.
GAZ_FILES: dict[str, str] = {"PER": "pers.txt", "LOC": "loc.txt", "ORG": "org.txt"}
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
        out: list[tuple[int, int, frozenset[str]]] = []
        n = len(norms)
        i = 0
        phrases = self.phrases
        while i < n:
            best: tuple[int, frozenset[str]] | None = None
            firsts = lookup_forms(norms[i]) if norms[i] else ()
            for length in range(min(self.max_len, n - i), 0, -1):
                rest = tuple(norms[i + 1 : i + length])
                for f in firsts:
                    t = phrases.get((f, *rest))
                    if t:
                        best = (length, t)
                        break
                if best:
                    break
            if best:
                out.append((i, i + best[0], best[1]))
                i += best[0]
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
