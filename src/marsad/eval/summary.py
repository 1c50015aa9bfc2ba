"""Summaries on EASC: multi-reference ROUGE for Marsad, lead, sumy LexRank and TextRank.

Every system ranks the same sentences (Marsad's splitter) and the same rule turns a ranking
into a summary: whole sentences in rank order until the summary reaches the document's mean
reference length (about 122 normalised words on average; the last sentence may cross it).
This is the protocol of the data README's baseline table, which it reproduces for lead.
Marsad's ranking is its budgeted selection (`select` at that length) followed by the other
sentences by score. ROUGE F1 is averaged over the 5 references, then over documents.
Marsad's sentence scorer is learned from EASC, so its score here comes from 5-fold
cross-validation by document (each document summarised by a model that never saw it).
`--write-model` trains on all documents and writes the shipped model (deterministic).

Data: EASC, Essex Arabic Summaries Corpus (El-Haj et al. 2010), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.eval.rouge import ngrams, rouge_multi, rouge_n, rouge_tokens
from marsad.model import Article
from marsad.stories.summary import (
    FEATURES,
    SentenceUnit,
    compute_features,
    rank_sentences,
    score_units,
    sentence_units,
)
from marsad.text import stem, stopwords

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "easc"
FOLDS = 5
SEED = 0
MODEL_FEATURES = list(FEATURES)
RIDGE_ALPHA = 1.0
# Selection settings tried on the training documents only (see train_model).
OFFSETS = (0.15, 0.2, 0.25)
GAMMAS = (0.0, 0.05, 0.1)


@dataclass
class Doc:
    name: str
    title: str
    text: str
    refs: list[str]

    def article(self) -> Article:
        return Article(id=self.name, raw=self.text, text=self.text, title=self.title or None)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").strip()


def load_easc(root: Path) -> list[Doc]:
    """EASC articles with their titles and 5 references (file names matched case-blind)."""
    titles: dict[str, str] = {}
    tfile = root / "Titles.txt"
    if tfile.exists():
        for line in _read(tfile).splitlines():
            if "*" in line:
                name, title = line.split("*", 1)
                titles[name.strip().lower()] = title.strip()
    refs: dict[str, list[str]] = {}
    for p in sorted((root / "Summaries").iterdir()):
        if p.suffix.lower() == ".txt":
            refs.setdefault(p.stem.rsplit("_", 1)[0].lower(), []).append(_read(p))
    docs = []
    for p in sorted((root / "Articles").iterdir()):
        key = p.stem.lower()
        if p.suffix.lower() == ".txt" and refs.get(key):
            docs.append(Doc(p.stem, titles.get(key, ""), _read(p), refs[key]))
    return docs


# --- sentence ranking systems -------------------------------------------------------------


def _fill(units: list[SentenceUnit], order: Sequence[int], budget: float) -> str:
    """Whole sentences in rank order until `budget` words are reached, shown in text order."""
    used, picked = 0, []
    for i in order:
        if used >= budget:
            break
        picked.append(i)
        used += len(units[i].words)
    return " ".join(units[i].text for i in sorted(picked))


def _budget(doc: Doc) -> float:
    return statistics.mean(len(rouge_tokens(r)) for r in doc.refs)


class _Tokenizer:
    """Our tokens for sumy (its Arabic tokenizer splits at '،' and needs nltk data)."""

    def to_words(self, text: str) -> list[str]:
        return rouge_tokens(text)

    def to_sentences(self, text: str) -> list[str]:
        return [text]


def _sumy_order(units: list[SentenceUnit], kind: str) -> list[int]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    tok = _Tokenizer()
    sents = [Sentence(u.text, tok) for u in units]
    doc = ObjectDocumentModel([Paragraph(sents)])
    base = LexRankSummarizer if kind == "lexrank" else TextRankSummarizer

    class Ranked(base):  # type: ignore[misc, valid-type]
        # sumy returns its top-k in text order; we need the full ranking to fill a budget.
        @staticmethod
        def _get_best_sentences(sentences, count, rating, *args, **kwargs):  # noqa: ANN001
            return sorted(sentences, key=lambda s: -rating[s])

    summarizer = Ranked(stem)
    summarizer.stop_words = stopwords()
    ranked = summarizer(doc, len(sents))
    first: dict[str, int] = {}
    for i, u in enumerate(units):
        first.setdefault(u.text.strip(), i)
    order = [first[str(s)] for s in ranked if str(s) in first]
    seen = set(order)
    return list(dict.fromkeys(order)) + [i for i in range(len(units)) if i not in seen]


# --- labels, training, scoring ------------------------------------------------------------


def _labels(units: list[SentenceUnit], refs: list[str]) -> list[float]:
    """Per sentence: the share of its bigrams found in each reference, averaged over them.

    EASC summaries are extractive, so this is close to "how many annotators kept it", and
    it is what the sentence adds to ROUGE-2 when kept.
    """
    ref_bigrams = []
    for r in refs:
        toks = rouge_tokens(r)
        ref_bigrams.append(set(zip(toks, toks[1:], strict=False)))
    out = []
    for u in units:
        bg = list(zip(u.words, u.words[1:], strict=False))
        if not bg or not ref_bigrams:
            out.append(0.0)
            continue
        out.append(sum(sum(b in rb for b in bg) / len(bg) for rb in ref_bigrams) / len(refs))
    return out


def _prepare(doc: Doc) -> list[SentenceUnit]:
    units = sentence_units([doc.article()])
    compute_features(units, [doc.title])
    return units


Prepared = tuple[list[SentenceUnit], list[float], list[Counter], list[Counter]]


def _prepare_all(docs: list[Doc]) -> list[Prepared]:
    out = []
    for d in docs:
        units = _prepare(d)
        refs = [rouge_tokens(r) for r in d.refs]
        out.append(
            (
                units,
                _labels(units, d.refs),
                [ngrams(r, 1) for r in refs],
                [ngrams(r, 2) for r in refs],
            )
        )
    return out


def _fast_r12(text: str, ref1: list[Counter], ref2: list[Counter]) -> float:
    """Mean of ROUGE-1 and ROUGE-2 F1 over the references (for tuning on training folds)."""
    toks = rouge_tokens(text)
    s1, s2 = ngrams(toks, 1), ngrams(toks, 2)
    total = 0.0
    for r1, r2 in zip(ref1, ref2, strict=True):
        for s, r in ((s1, r1), (s2, r2)):
            o = sum((s & r).values())
            ns, nr = sum(s.values()), sum(r.values())
            total += 0.0 if not o else 2 * o / (ns + nr)
    return total / (2 * max(1, len(ref1)))


def train_model(prepared: list[Prepared], budgets: list[float]) -> dict[str, Any]:
    """Ridge regression of the label on standardised features (closed form, deterministic),
    then the selection offset and run bonus that score best on these same training documents.
    """
    import numpy as np

    idx = [FEATURES.index(f) for f in MODEL_FEATURES]
    rows = [[u.features[i] for i in idx] for p in prepared for u in p[0]]
    x = np.asarray(rows, dtype=float)
    y = np.asarray([v for p in prepared for v in p[1]], dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    coef = np.linalg.solve(xs.T @ xs + RIDGE_ALPHA * np.eye(xs.shape[1]), xs.T @ (y - y.mean()))
    model: dict[str, Any] = {
        "about": "Sentence salience for marsad.stories.summary: ridge regression on "
        "standardised features; target = share of a sentence's bigrams found in the EASC "
        "references. offset/gamma: selection settings chosen on the training documents. "
        "Trained by `marsad eval summary --write-model` on EASC (El-Haj et al. 2010, CC BY 4.0).",
        "features": MODEL_FEATURES,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in coef],
        "intercept": round(float(y.mean()), 6),
        "offset": 0.0,
        "gamma": 0.0,
    }
    best = None
    for offset in OFFSETS:
        for gamma in GAMMAS:
            trial = {**model, "offset": offset, "gamma": gamma}
            score = sum(
                _fast_r12(_marsad_text(p[0], trial, b), p[2], p[3])
                for p, b in zip(prepared, budgets, strict=True)
            )
            if best is None or score > best[0] + 1e-12:
                best = (score, offset, gamma)
    assert best is not None
    model["offset"], model["gamma"] = best[1], best[2]
    return model


def _marsad_text(units: list[SentenceUnit], model: dict[str, Any], budget: float) -> str:
    score_units(units, model)
    ranked = rank_sentences(units, int(budget), model=model)
    pos = {id(u): k for k, u in enumerate(units)}
    return _fill(units, [pos[id(u)] for u in ranked], budget)


def _folds(n: int, k: int, seed: int) -> list[int]:
    """Fold number of each document: a seeded shuffle dealt round-robin (deterministic)."""
    import random

    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for pos, i in enumerate(order):
        fold[i] = pos % k
    return fold


def evaluate(docs: list[Doc], folds: int = FOLDS, seed: int = SEED) -> dict[str, Any]:
    """Score all four systems on `docs`; Marsad by `folds`-fold cross-validation by document."""
    budgets = [_budget(d) for d in docs]
    prepared = _prepare_all(docs)
    fold_of = _folds(len(docs), folds, seed)
    models = [
        train_model(
            [p for p, f in zip(prepared, fold_of, strict=True) if f != k],
            [b for b, f in zip(budgets, fold_of, strict=True) if f != k],
        )
        for k in range(folds)
    ]
    systems: dict[str, Callable[[int, list[SentenceUnit]], str]] = {
        "marsad": lambda i, u: _marsad_text(u, models[fold_of[i]], budgets[i]),
        "lead": lambda i, u: _fill(u, range(len(u)), budgets[i]),
        "lexrank": lambda i, u: _fill(u, _sumy_order(u, "lexrank"), budgets[i]),
        "textrank": lambda i, u: _fill(u, _sumy_order(u, "textrank"), budgets[i]),
    }
    per_doc: dict[str, list[dict[str, float]]] = {name: [] for name in systems}
    lengths: dict[str, list[int]] = {name: [] for name in systems}
    matched: dict[str, list[dict[str, float]]] = {"marsad": [], "lead": []}
    for i, (d, (units, *_)) in enumerate(zip(docs, prepared, strict=True)):
        texts = {name: fn(i, units) for name, fn in systems.items()}
        for name, text in texts.items():
            per_doc[name].append(rouge_multi(text, d.refs))
            lengths[name].append(len(rouge_tokens(text)))
        # Length check: both cut to the shorter of the two, word for word.
        m_tok, l_tok = rouge_tokens(texts["marsad"]), rouge_tokens(texts["lead"])
        n = min(len(m_tok), len(l_tok))
        matched["marsad"].append(rouge_multi(" ".join(m_tok[:n]), d.refs))
        matched["lead"].append(rouge_multi(" ".join(l_tok[:n]), d.refs))
    result: dict[str, Any] = {}
    for name, scores in per_doc.items():
        result[name] = {
            m: round(100 * statistics.mean(s[m] for s in scores), 2)
            for m in ("rouge1", "rouge2", "rougeL")
        }
        result[name]["rouge1_sd"] = round(100 * statistics.pstdev(s["rouge1"] for s in scores), 2)
        result[name]["words"] = round(statistics.mean(lengths[name]), 1)
    result["_meta"] = {
        "documents": len(docs),
        "budget_words": round(statistics.mean(budgets), 1),
        "folds": folds,
        "fold_settings": [{"offset": m["offset"], "gamma": m["gamma"]} for m in models],
        "length_matched": {
            name: {
                m: round(100 * statistics.mean(s[m] for s in scores), 2)
                for m in ("rouge1", "rouge2")
            }
            for name, scores in matched.items()
        },
    }
    for metric in ("rouge1", "rouge2"):
        diffs = [
            m[metric] - ld[metric] for m, ld in zip(per_doc["marsad"], per_doc["lead"], strict=True)
        ]
        result["_meta"][f"marsad_vs_lead_{metric}"] = {
            "wins": sum(x > 1e-9 for x in diffs),
            "ties": sum(abs(x) <= 1e-9 for x in diffs),
            "losses": sum(x < -1e-9 for x in diffs),
            "mean_diff": round(100 * statistics.mean(diffs), 2),
            "sd_diff": round(100 * statistics.pstdev(diffs), 2),
            "stderr_diff": round(100 * statistics.pstdev(diffs) / math.sqrt(len(diffs)), 2),
        }
    return result


def oracle_check(docs: list[Doc]) -> float:
    """Mean ROUGE-2 of the label-ranked sentences (a ceiling for the learned scorer)."""
    out = []
    for d in docs:
        units = _prepare(d)
        labels = _labels(units, d.refs)
        order = sorted(range(len(units)), key=lambda i: -labels[i])
        toks = rouge_tokens(_fill(units, order, _budget(d)))
        out.append(statistics.mean(rouge_n(toks, rouge_tokens(r), 2) for r in d.refs))
    return 100 * statistics.mean(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="EASC folder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--folds", type=int, default=FOLDS, help="cross-validation folds")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument(
        "--write-model", type=Path, default=None, help="train on all documents, write JSON here"
    )


def run(args: argparse.Namespace) -> int:
    root = Path(args.data)
    if not (root / "Articles").is_dir() or not (root / "Summaries").is_dir():
        print(f"marsad eval summary: no EASC at {root}", file=sys.stderr)
        return 2
    docs = load_easc(root)
    if args.limit:
        docs = docs[: args.limit]
    if len(docs) < max(2, args.folds):
        print("marsad eval summary: too few documents", file=sys.stderr)
        return 2
    if args.write_model:
        model = train_model(_prepare_all(docs), [_budget(d) for d in docs])
        args.write_model.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n")
        print(f"model written to {args.write_model}", file=sys.stderr)
    result = evaluate(docs, folds=args.folds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    meta = result["_meta"]
    print(
        f"EASC: {meta['documents']} documents, 5 references each; length: each document's mean "
        f"reference length (mean {meta['budget_words']} words); Marsad by {meta['folds']}-fold "
        "CV by document"
    )
    print(f"{'system':<10} {'R1':>6} {'R2':>6} {'RL':>6} {'R1 sd':>6} {'words':>6}")
    for name in ("marsad", "lead", "lexrank", "textrank"):
        r = result[name]
        print(
            f"{name:<10} {r['rouge1']:6.2f} {r['rouge2']:6.2f} {r['rougeL']:6.2f} "
            f"{r['rouge1_sd']:6.1f} {r['words']:6.1f}"
        )
    lm = meta["length_matched"]
    print(
        "length-matched (marsad and lead cut to the shorter of the two per document): "
        f"marsad {lm['marsad']['rouge1']:.2f}/{lm['marsad']['rouge2']:.2f}, "
        f"lead {lm['lead']['rouge1']:.2f}/{lm['lead']['rouge2']:.2f} (R1/R2)"
    )
    for metric in ("rouge1", "rouge2"):
        v = meta[f"marsad_vs_lead_{metric}"]
        print(
            f"marsad vs lead, {metric} per document: {v['wins']} wins, {v['ties']} ties, "
            f"{v['losses']} losses; mean diff {v['mean_diff']:+.2f} ± {v['stderr_diff']:.2f} (s.e.)"
        )
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(prog="marsad eval summary", description=__doc__)
    add_arguments(p)
    sys.exit(run(p.parse_args()))
