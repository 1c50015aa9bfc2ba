"""`marsad eval ner`: entity-level P/R/F1 (exact span and type, seqeval-style) on an
ANERcorp-format file, for the shipped CRF tagger and a dictionary-only baseline
(gazetteer longest match), with speed in sentences per second.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from marsad.entities.features import DOC_SENTENCES
from marsad.entities.gazetteer import Gazetteer, load_gazetteer
from marsad.entities.ner import TYPES, load_tagger, spans_from_bio
from marsad.entities.propagate import propagate_entities
from marsad.entities.train import REPO, read_anercorp
from marsad.model import ENTITY, Article, Span
from marsad.text.normalize import normalize_word

DEFAULT_TEST = REPO.parent / "shared" / "data" / "anercorp" / "test.txt"
# Preference when a gazetteer name is listed under several types.
_GAZ_PRIORITY = ("LOC", "ORG", "PER")


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Micro and per-type precision/recall/F1 over exact (span, type) matches."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        gs = {(i, s, e, t) for s, e, t in spans_from_bio(g)}
        ps = {(i, s, e, t) for s, e, t in spans_from_bio(p)}
        for x in gs:
            n_gold[x[3]] += 1
        for x in ps:
            n_pred[x[3]] += 1
        for x in gs & ps:
            tp[x[3]] += 1

    def prf(t: int, p: int, g: int) -> dict:
        pr = t / p if p else 0.0
        rc = t / g if g else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4), "support": g}

    per_type = {t: prf(tp[t], n_pred[t], n_gold[t]) for t in sorted(set(n_gold) | set(n_pred))}
    micro = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"micro": micro, "per_type": per_type}


def dictionary_tags(tokens: Sequence[str], gaz: Gazetteer) -> list[str]:
    """Dictionary-only baseline: gazetteer longest match, one type per match."""
    tags = ["O"] * len(tokens)
    norms = [normalize_word(t) for t in tokens]
    for s, e, types in gaz.match(norms):
        if e - s == 1 and len(norms[s]) < 3:
            continue  # one- and two-letter words are never names on their own
        typ = next(t for t in _GAZ_PRIORITY if t in types)
        tags[s] = "B-" + typ
        for k in range(s + 1, e):
            tags[k] = "I-" + typ
    return tags


def evaluate(path: Path, limit: int | None = None, doc_sentences: int = DOC_SENTENCES) -> dict:
    """Score the CRF tagger and the dictionary baseline on an ANERcorp-format file."""
    sents = read_anercorp(path)
    if limit:
        sents = sents[:limit]
    gold = [g for _, g in sents]
    toks = [t for t, _ in sents]
    tagger = load_tagger()
    tagger.tag_sentences(toks[:1])  # load outside the timed region
    t0 = time.perf_counter()
    pred: list[list[str]] = []
    step = max(1, doc_sentences)
    for i in range(0, len(toks), step):
        pred.extend(tagger.tag_sentences(toks[i : i + step]))
    dt = time.perf_counter() - t0

    t2 = time.perf_counter()
    pred_corpus = corpus_propagated(toks, pred, step)
    dt_corpus = dt + time.perf_counter() - t2

    gaz = load_gazetteer()
    t1 = time.perf_counter()
    base = [dictionary_tags(t, gaz) for t in toks]
    dt_base = time.perf_counter() - t1

    res = score(gold, pred)
    res_corpus = score(gold, pred_corpus)
    res_base = score(gold, base)
    n = len(sents)

    def summary(name: str, res: dict, seconds: float) -> dict:
        return {"name": name, "micro_f1": res["micro"]["f1"], "micro": res["micro"],
                "per_type": res["per_type"],
                "sentences_per_s": round(n / seconds, 1) if seconds else None}  # fmt: skip

    # The headline figures are Marsad's entity recognition as `marsad.analyze` runs it:
    # the tagger (with its in-article propagation), then corpus-level propagation.
    system = summary("crf + corpus-level propagation (as marsad.analyze runs it)", res_corpus,
                     dt_corpus)  # fmt: skip
    return {
        "file": str(path),
        "system": system.pop("name"),
        "sentences": n,
        "tokens": sum(len(t) for t in toks),
        **system,
        "tagger_only": summary("crf tagger alone (in-article propagation only)", res, dt),
        "baseline": summary("dictionary (gazetteer longest match)", res_base, dt_base),
    }


def corpus_propagated(
    toks: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], doc_sentences: int
) -> list[list[str]]:
    """The tagger's output after the pipeline's corpus-level step (`propagate_entities`):
    blocks of `doc_sentences` sentences stand for articles, tokens joined by spaces."""
    articles, offsets = [], []
    for i in range(0, len(toks), doc_sentences):
        parts, spans, offs, pos = [], [], [], 0
        for sent, tags in zip(
            toks[i : i + doc_sentences], pred[i : i + doc_sentences], strict=True
        ):
            sent_offs = []
            for tok in sent:
                sent_offs.append((pos, pos + len(tok)))
                parts.append(tok)
                pos += len(tok) + 1
            for s, e, typ in spans_from_bio(tags):
                spans.append(Span(sent_offs[s][0], sent_offs[e - 1][1], typ, {}))
            offs.append(sent_offs)
        article = Article(id=str(i), raw="", text=" ".join(parts))
        article.set_layer(ENTITY, spans)
        articles.append(article)
        offsets.append(offs)
    propagate_entities(articles)
    out: list[list[str]] = []
    for article, offs in zip(articles, offsets, strict=True):
        starts = {}
        for si, sent_offs in enumerate(offs):
            for ti, (a, b) in enumerate(sent_offs):
                for c in range(a, b):
                    starts[c] = (si, ti)
        tags = [["O"] * len(sent_offs) for sent_offs in offs]
        for span in article.spans(ENTITY):
            first, last = starts.get(span.start), starts.get(span.end - 1)
            if first is None or last is None or first[0] != last[0]:
                continue
            si = first[0]
            tags[si][first[1]] = "B-" + span.label
            for k in range(first[1] + 1, last[1] + 1):
                tags[si][k] = "I-" + span.label
        out.extend(tags)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_TEST, help="ANERcorp-format file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")


def _table(name: str, r: dict) -> list[str]:
    lines = [
        f"{name}: micro P {r['micro']['precision']:.4f} R {r['micro']['recall']:.4f} "
        f"F1 {r['micro']['f1']:.4f}  ({r['sentences_per_s']} sentences/s)"
    ]
    for t in TYPES:
        x = r["per_type"].get(t)
        if x:
            lines.append(
                f"  {t:<5} P {x['precision']:.4f} R {x['recall']:.4f} F1 {x['f1']:.4f} "
                f"n={x['support']}"
            )
    return lines


def run(args: argparse.Namespace) -> int:
    path = Path(args.data)
    if not path.is_file():
        print(f"eval ner: no such file {path}")
        return 2
    res = evaluate(path, getattr(args, "limit", None))
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    print(f"{res['file']}: {res['sentences']} sentences, {res['tokens']} tokens")
    print("\n".join(_table("marsad (crf + corpus propagation)", res)))
    print("\n".join(_table("crf tagger alone", res["tagger_only"])))
    print("\n".join(_table("dictionary", res["baseline"])))
    return 0
