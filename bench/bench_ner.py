"""Speed of NER on ANERcorp test sentences, one core, beside the dictionary baseline.

Run: .venv/bin/python bench/bench_ner.py [--data FILE] [--repeat N]
Times feature extraction + CRF decoding (+ mention propagation) per sentence, after the
model is loaded, and prints a small table of sentences/s and tokens/s.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from marsad.entities.features import FeatureExtractor
from marsad.entities.gazetteer import load_gazetteer
from marsad.entities.ner import load_tagger
from marsad.entities.train import read_anercorp
from marsad.eval.ner import DEFAULT_TEST, corpus_propagated, dictionary_tags


def _time(fn, sents, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(sents)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_TEST)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    sents = [t for t, _ in read_anercorp(args.data)]
    n_tok = sum(len(s) for s in sents)
    tagger = load_tagger()
    gaz = load_gazetteer()

    def crf_cold(ss):  # a fresh extractor: every word's features computed from scratch
        from marsad.entities.ner import NerTagger, models_dir

        t = NerTagger(models_dir() / "ner.crfsuite", FeatureExtractor())
        for i in range(0, len(ss), 20):
            t.tag_sentences(ss[i : i + 20])

    def crf_cold_corpus(ss):  # as marsad.analyze runs it: tagger, then corpus propagation
        from marsad.entities.ner import NerTagger, models_dir

        t = NerTagger(models_dir() / "ner.crfsuite", FeatureExtractor())
        pred = []
        for i in range(0, len(ss), 20):
            pred.extend(t.tag_sentences(ss[i : i + 20]))
        corpus_propagated(ss, pred, 20)

    def crf_warm_corpus(ss):  # a running pipeline: warm word cache, then corpus propagation
        pred = []
        for i in range(0, len(ss), 20):
            pred.extend(tagger.tag_sentences(ss[i : i + 20]))
        corpus_propagated(ss, pred, 20)

    def crf_warm(ss):
        for i in range(0, len(ss), 20):
            tagger.tag_sentences(ss[i : i + 20])

    def crf_noprop(ss):
        tagger.tag_sentences(ss, propagate=False)

    def features_only(ss):
        ex = FeatureExtractor()
        for s in ss:
            ex.sentence(s)

    def dictionary(ss):
        for s in ss:
            dictionary_tags(s, gaz)

    crf_warm(sents[:50])
    rows = [
        ("crf + propagation (fresh extractor)", crf_cold),
        ("  + corpus propagation (fresh)", crf_cold_corpus),
        ("crf + propagation (warm word cache)", crf_warm),
        ("  + corpus propagation (warm)", crf_warm_corpus),
        ("crf, no propagation (warm)", crf_noprop),
        ("features only (cold)", features_only),
        ("dictionary baseline", dictionary),
    ]
    print(f"{len(sents)} sentences, {n_tok} tokens, 1 core, best of {args.repeat}")
    print(f"{'system':<38} {'sent/s':>9} {'tok/s':>10}")
    for name, fn in rows:
        dt = _time(fn, sents, args.repeat)
        print(f"{name:<38} {len(sents) / dt:>9.0f} {n_tok / dt:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
