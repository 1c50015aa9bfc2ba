"""`marsad train quotes`: fit the speaker ranker (marsad.quotes.attribute).

Each speaker candidate of a rule-found quote that matches a gold quote of the
hand-annotated development sets is one example (is it the gold speaker?) of an L2
logistic regression. The command prints, for each set held out in turn, the rules alone
against the rules + a ranker trained without that set, pooled over the sets, then writes
the weights trained on all of them. The newest blind set is never among the training sets.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from marsad.eval.quotes import evaluate, load_gold, match_quotes, prepare, speaker_ok
from marsad.model import Article, Span
from marsad.quotes.attribute import (
    WEIGHTS_FILE,
    Candidate,
    QuoteContext,
    attribute_speakers,
    candidate_features,
    candidates,
)
from marsad.quotes.extract import rule_quotes

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"
TRAIN_SETS = (
    "quotes.jsonl",
    "quotes_blind.jsonl",
    "quotes_blind2.jsonl",
    "quotes_blind3.jsonl",
    "quotes_dev_environment.jsonl",
    "quotes_dev_anercorp.jsonl",
    "quotes_dev_mixed.jsonl",
)
OUT_FILE = Path(__file__).resolve().parents[1] / "data" / "quotes" / WEIGHTS_FILE
C = 1.0  # L2 strength: few hundred examples, a few dozen features
# Leave the speaker unknown below this probability. Chosen by eye from the pooled
# leave-one-set-out runs (0.2-0.5 compared: speaker F1 within 0.005; 0.3 kept recall).
SPEAKER_THRESHOLD = 0.3


@dataclass
class GoldSet:
    name: str
    items: list[dict[str, Any]]
    speakers: list[tuple[dict[str, float], bool]]  # candidate features, is the gold speaker


def _is_speaker(article: Article, cand: Candidate, gold: dict[str, Any]) -> bool:
    if gold.get("speaker") is None:
        return False
    surface = article.text[cand.start : cand.end]
    probe = Span(
        0, 0, "quote", {"speaker": surface, "speaker_start": cand.start, "speaker_end": cand.end}
    )
    return speaker_ok(probe, gold, article.text)


def read_set(name: str, seen: set[str] | None = None) -> GoldSet:
    """Every rule-found quote of a gold set, and every speaker candidate of those that
    match a gold quote, with their labels. Texts whose id is in `seen` (annotated in an
    earlier set too: two sets walked the same ANERcorp blocks) are left out."""
    seen = seen if seen is not None else set()
    items = [it for it in load_gold(GOLD_DIR / name) if it["id"] not in seen]
    seen.update(it["id"] for it in items)
    out = GoldSet(name, items, [])
    for it in items:
        article = prepare(it)
        pred = rule_quotes(article)
        pairs = {pi: gi for gi, pi, _ in match_quotes(article.text, it["quotes"], pred)}
        ctx = QuoteContext(article, pred)
        for pi, p in enumerate(pred):
            if pi not in pairs:
                continue
            gold = it["quotes"][pairs[pi]]
            cands = candidates(ctx, p)
            feats = candidate_features(ctx, p, cands)
            out.speakers += [
                (f, _is_speaker(article, c, gold)) for c, f in zip(cands, feats, strict=True)
            ]
    return out


def _fit(rows: list[tuple[dict[str, float], bool]]) -> dict[str, Any]:
    y = [label for _, label in rows]
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([f for f, _ in rows])
    if len(set(y)) < 2:
        return {"bias": 10.0 if y and y[0] else -10.0, "coef": {}}
    model = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    coef = {
        name: round(float(w), 5)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) > 1e-6
    }
    return {"bias": round(float(model.intercept_[0]), 5), "coef": coef}


def fit_weights(sets: list[GoldSet]) -> dict[str, Any]:
    return {
        "speaker": _fit([c for s in sets for c in s.speakers]),
        "speaker_threshold": SPEAKER_THRESHOLD,
        "trained_on": [s.name for s in sets],
    }


def _scores(report: dict[str, Any]) -> str:
    so, sk = report["span_overlap"], report["speaker"]
    return (
        f"span P {so['precision']:.3f} R {so['recall']:.3f} | "
        f"speaker P {sk['precision']:.3f} R {sk['recall']:.3f}"
    )


def _pooled_scores(c: dict[str, int]) -> str:
    def ratio(a: str, b: str) -> float:
        return c[a] / c[b] if c.get(b) else 0.0

    return (
        f"span P {ratio('match', 'pred'):.3f} R {ratio('match', 'gold'):.3f} | "
        f"speaker P {ratio('spk_ok', 'spk_pred'):.3f} R {ratio('spk_ok', 'spk_gold'):.3f}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=OUT_FILE, help="weights file to write")
    parser.add_argument("--no-write", action="store_true", help="only print the held-out runs")


def run(args: argparse.Namespace) -> int:
    seen: set[str] = set()
    sets = [read_set(name, seen) for name in TRAIN_SETS]
    print("leave one gold set out (rules alone -> rules + speaker ranker trained without the set):")
    pooled: dict[str, dict[str, int]] = {"rules": {}, "ranked": {}}
    for held in sets:
        weights = fit_weights([s for s in sets if s is not held])
        rules = evaluate(held.items, rule_quotes)
        ranked = evaluate(held.items, lambda a, w=weights: attribute_speakers(a, rule_quotes(a), w))
        print(f"  {held.name:30} {_scores(rules)}")
        print(f"  {'':30} {_scores(ranked)}")
        for key, report in (("rules", rules), ("ranked", ranked)):
            for name, n in report["counts"].items():
                pooled[key][name] = pooled[key].get(name, 0) + n
    for key in ("rules", "ranked"):
        print(f"  {'pooled, ' + key:30} {_pooled_scores(pooled[key])}")
    if getattr(args, "no_write", False):
        return 0
    weights = fit_weights(sets)
    out = Path(args.out)
    out.write_text(json.dumps(weights, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(p)
    raise SystemExit(run(p.parse_args()))
