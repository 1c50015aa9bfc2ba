"""CRF features for Arabic NER: lexical, affix, clitic, stem, shape, gazetteer, cluster and
training-entity lexicon.

Word-local features are computed once per distinct word and cached on the extractor
(vocabularies repeat heavily), together with the same features already prefixed for
use as a neighbour at offsets -2..+2, so a sentence is mostly list concatenation.
That keeps extraction well above 1,000 sentences/s on one core.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import Stemmer

from marsad.entities.gazetteer import (
    Gazetteer,
    TrainLexicon,
    load_gazetteer,
    load_train_lexicon,
    lookup_forms,
)
from marsad.text.normalize import normalize_word

CLUSTERS_FILE = "clusters.tsv"
_OFFSETS = (-2, -1, 1, 2)
_PREFIX = {o: f"{o:+d}" for o in _OFFSETS}
# ANERcorp marks no article boundaries: this many consecutive sentences stand in for one
# article when training and scoring document features and mention propagation.
DOC_SENTENCES = 50
_CACHE_MAX = 300_000
_QUOTES_OPEN = {"«", "“", "‹", "(", "["}
_QUOTES_CLOSE = {"»", "”", "›", ")", "]"}
_QUOTES_BOTH = {'"', "'", "„"}


def models_dir() -> Path:
    return Path(str(files("marsad") / "data" / "models"))


def load_clusters_from(path: Path) -> dict[str, tuple[str, ...]]:
    """word -> cluster ids at each granularity (coarse to fine); empty if the file is absent."""
    out: dict[str, tuple[str, ...]] = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8") as fh:
        for ln in fh:
            if ln.startswith("#") or not ln.strip():
                continue
            parts = ln.rstrip("\n").split("\t")
            if len(parts) >= 2:
                out[parts[0]] = tuple(parts[1:])
    return out


@lru_cache(maxsize=1)
def load_clusters() -> dict[str, tuple[str, ...]]:
    """The shipped word -> cluster table (read-only, loaded once per process)."""
    return load_clusters_from(models_dir() / CLUSTERS_FILE)


def _char_class(ch: str) -> str:
    if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
        return "a" if ch.isalpha() else ("d" if ch.isdigit() else "p")
    if ch.isdigit():
        return "d"
    if ch.isalpha():
        return "L" if ch.isupper() else "l"
    return "p"


def shape(word: str) -> str:
    """Collapsed character-class shape, e.g. `a`, `Ll`, `d`, `pap`; at most 4 classes."""
    out: list[str] = []
    for ch in word:
        c = _char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
            if len(out) > 4:
                break
    return "".join(out[:4])


def proclitics(norm: str) -> str:
    """The proclitic letters peeled by `lookup_forms` (e.g. `و+ب+ال`), or empty."""
    forms = lookup_forms(norm)
    core = forms[-1]
    if core == norm:
        return ""
    cut = len(norm) - len(core)
    return norm[:cut] if cut > 0 else "ll"


class FeatureExtractor:
    """Turns token sequences into crfsuite feature lists. Pure given its read-only tables."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        clusters: dict[str, tuple[str, ...]] | None = None,
        hide: frozenset[str] = frozenset(),
        lexicon: TrainLexicon | None = None,
    ) -> None:
        """`hide`: normalised words treated as out of the cluster table. Training hides
        rare words so the model learns what to do with words it has no cluster for.
        `lexicon`: entity mentions of annotated text (training passes one built without
        the sentences being featurised, so the model learns how far to trust it)."""
        self.lexicon = lexicon if lexicon is not None else load_train_lexicon()
        self._lex_cache: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._trig_cache: dict[str, frozenset[str]] = {}
        self._lexw_cache: dict[str, str] = {}
        self.gaz = gazetteer if gazetteer is not None else load_gazetteer()
        self.clusters = clusters if clusters is not None else load_clusters()
        self._stem = Stemmer.Stemmer("arabic").stemWord
        self.hide = hide
        self._cache: dict[str, tuple[list[str], dict[int, list[str]], str]] = {}

    def cluster_of(self, norm: str) -> tuple[str, ...]:
        if norm in self.hide:
            return ()
        for f in lookup_forms(norm):
            c = self.clusters.get(f)
            if c:
                return c
        return ()

    def _word(self, word: str) -> tuple[list[str], dict[int, list[str]], str]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        norm = normalize_word(word)
        forms = lookup_forms(norm) if norm else ("",)
        core = forms[-1]
        sh = shape(word)
        feats = [
            "bias",
            "n=" + norm,
            "c=" + core,
            "st=" + self._stem(norm),
            "sh=" + sh,
            "pc=" + proclitics(norm),
            "len=" + str(min(len(core), 9)),
            "p2=" + core[:2],
            "p3=" + core[:3],
            "s1=" + norm[-1:],
            "s2=" + norm[-2:],
            "s3=" + norm[-3:],
            "cs2=" + core[-2:],
        ]
        if word != norm:
            feats.append("w=" + word)
        if len(core) > 4:
            feats.append("p4=" + core[:4])
            feats.append("s4=" + core[-4:])
        # letter trigrams carry the look of transliterated foreign names
        padded = "<" + core + ">"
        if sh == "a" and len(core) > 3:
            feats.extend(dict.fromkeys("g3=" + padded[k : k + 3] for k in range(len(padded) - 2)))
        nisba = len(norm) > 4 and norm.startswith("ال") and norm.endswith("ي")
        gtypes = self.gaz.types_of(norm)
        for t in sorted(gtypes):
            feats.append("g=" + t)
        exact = self.gaz.phrases.get((norm,))
        if exact:
            feats.extend("ge=" + t for t in sorted(exact))
        ttypes = self.gaz.trigger_of(norm)
        for t in sorted(ttypes):
            feats.append("t=" + t)
        cl = self.cluster_of(norm)
        for i, c in enumerate(cl):
            feats.append(f"k{i}={c}")
        if not cl and sh == "a":
            feats.append("k=oov")
        # neighbour view: fewer, more general features
        side = ["n=" + norm, "c=" + core, "sh=" + sh, "s2=" + norm[-2:], "pc=" + proclitics(norm)]
        if nisba:
            feats.append("nisba")
            side.append("nisba")
        side.extend("g=" + t for t in sorted(gtypes))
        side.extend("t=" + t for t in sorted(ttypes))
        side.extend(f"k{i}={c}" for i, c in enumerate(cl[:2]))
        neigh = {o: [p + f for f in side] for o, p in _PREFIX.items()}
        out = (feats, neigh, norm)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()  # bound memory on huge, varied input
        self._cache[word] = out
        return out

    def _trigger(self, norm: str) -> frozenset[str]:
        hit = self._trig_cache.get(norm)
        if hit is None:
            hit = self._trig_cache[norm] = self.gaz.trigger_of(norm)
            if len(self._trig_cache) >= _CACHE_MAX:
                self._trig_cache.clear()
        return hit

    def _lex_word(self, norm: str) -> str:
        """Type of the multi-word training mentions this word is part of, or empty."""
        hit = self._lexw_cache.get(norm)
        if hit is None:
            words = self.lexicon.words
            hit = next((words[f] for f in lookup_forms(norm) if f in words), "") if norm else ""
            if len(self._lexw_cache) >= _CACHE_MAX:
                self._lexw_cache.clear()
            self._lexw_cache[norm] = hit
        return hit

    def _lex_desc(self, key: tuple[str, ...]) -> tuple[str, ...]:
        """(majority type, features): how sure the type is, how often the words are a name."""
        hit = self._lex_cache.get(key)
        if hit is not None:
            return hit
        types, total = self.lexicon.entries[key]
        ent = sum(types.values())
        major = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        share = types[major] / ent
        ratio = ent / max(total, ent)
        out = (
            major,
            "lxd=" + major + (":1" if share >= 0.9 else ":m"),
            "lxr="
            + ("a" if ratio >= 0.9 else "b" if ratio >= 0.5 else "c" if ratio >= 0.2 else "d"),
            "lxn=" + ("1" if ent == 1 else "2" if ent < 5 else "5"),
            *("lxt=" + t for t in sorted(types) if t != major and types[t] / ent >= 0.2),
        )
        self._lex_cache[key] = out
        return out

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists for one sentence of tokens."""
        n = len(tokens)
        if n == 0:
            return []
        infos = [self._word(t) for t in tokens]
        norms = [x[2] for x in infos]
        gaz_tags = [""] * n
        for s, e, types in self.gaz.match(norms):
            if e - s > 1 or len(norms[s]) > 2:
                tag = "|".join(sorted(types))
                gaz_tags[s] = "B-" + tag
                for k in range(s + 1, e):
                    gaz_tags[k] = "I-" + tag
        lex_tags: list[tuple[str, ...]] = [()] * n
        lex_side = [""] * n
        for s, e, key in self.lexicon.match(norms):
            desc = self._lex_desc(key)
            lex_tags[s] = ("lx=B-" + desc[0], *desc[1:])
            lex_side[s] = "B-" + desc[0]
            for k in range(s + 1, e):
                lex_tags[k] = ("lx=I-" + desc[0], *desc[1:])
                lex_side[k] = "I-" + desc[0]
        # tokens between quote marks: names of papers, parties, operations often sit there
        inq = [False] * n
        q = False
        for i, t in enumerate(tokens):
            if t in _QUOTES_OPEN or (t in _QUOTES_BOTH and not q):
                q = True
            elif t in _QUOTES_CLOSE or (t in _QUOTES_BOTH and q):
                q = False
            else:
                inq[i] = q
        out: list[list[str]] = []
        for i in range(n):
            f = list(infos[i][0])
            if i == 0:
                f.append("BOS")
            if i == n - 1:
                f.append("EOS")
            for o in _OFFSETS:
                j = i + o
                if 0 <= j < n:
                    f.extend(infos[j][1][o])
            if inq[i]:
                f.append("inq")
            if i > 1:
                f.append("tl=" + norms[i - 2] + "|" + norms[i - 1])
            if i > 0:
                f.append("bl=" + norms[i - 1] + "|" + norms[i])
            if i + 1 < n:
                f.append("br=" + norms[i] + "|" + norms[i + 1])
            if gaz_tags[i]:
                f.append("gm=" + gaz_tags[i])
            if i > 0 and gaz_tags[i - 1]:
                f.append("-1gm=" + gaz_tags[i - 1])
            if i + 1 < n and gaz_tags[i + 1]:
                f.append("+1gm=" + gaz_tags[i + 1])
            # the lexicon's type next to a trigger word before it ("الرئيس" + a known PER)
            trig = self._trigger(norms[i - 1]) if i > 0 and norms[i - 1] else frozenset()
            if lex_tags[i]:
                f.extend(lex_tags[i])
                f.extend("lxc=" + lex_side[i][2:] + "|" + t for t in sorted(trig))
            else:
                wt = self._lex_word(norms[i])
                if wt:
                    f.append("lxw=" + wt)
                    f.extend("lxc=" + wt + "|" + t for t in sorted(trig))
            if i > 0 and lex_side[i - 1]:
                f.append("-1lx=" + lex_side[i - 1])
            if i + 1 < n and lex_side[i + 1]:
                f.append("+1lx=" + lex_side[i + 1])
            out.append(f)
        return out

    def document(self, sentences: Sequence[Sequence[str]]) -> list[list[list[str]]]:
        """Feature lists for the sentences of one document: `sentence` features plus what
        the word's other mentions in the document show: the trigger words before them, and
        whether the word also occurs with the article ال (names seldom take it)."""
        feats = [self.sentence(s) for s in sentences]
        cores: list[list[tuple[str, bool, frozenset[str]]]] = []
        with_al: set[str] = set()
        seen: Counter[str] = Counter()
        trig: dict[str, Counter[str]] = {}
        for s in sentences:
            row = []
            prev = ""
            for tok in s:
                norm = self._word(tok)[2]  # cached by `sentence` above
                forms = lookup_forms(norm) if norm else ("",)
                core = forms[-1]
                has_al = len(forms) > 1 and forms[-2] == "ال" + core
                t = self._trigger(prev) if prev else frozenset()
                row.append((core, has_al, t))
                if len(core) > 2:
                    seen[core] += 1
                    if has_al:
                        with_al.add(core)
                    for x in sorted(t):  # a set: sorted, or feature order follows the hash seed
                        trig.setdefault(core, Counter())[x] += 1
                prev = norm
            cores.append(row)
        for f_sent, row in zip(feats, cores, strict=True):
            for f, (core, has_al, t) in zip(f_sent, row, strict=True):
                if len(core) <= 2:
                    continue
                if seen[core] > 1:
                    f.append("drep")
                    if core in with_al and not has_al:
                        f.append("dal")
                    for x, c in trig.get(core, {}).items():
                        if c - (x in t) > 0:
                            f.append("dt=" + x)
        return feats
