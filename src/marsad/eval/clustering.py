"""Story clustering: pairwise P/R/F1 and ARI at event level (gold cases) and topic level (EASC).

Event level uses `data/gold/clustering_events.jsonl` (the seeds' expected split, EASC articles
cut in halves within each topic, and a mixed case). Topic level clusters the 153 EASC articles
and compares the topics with the topic in each file name. Every run reports the TF-IDF-only
leader clustering (the first version of `cluster.py`) beside the full system. EASC cases are
scored with weights fitted on the other topics only (leave-one-topic-out); `--fit` refits the
shipped weights on all EASC topics and writes them to `data/gold/clustering_weights.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files
from itertools import combinations
from pathlib import Path
from typing import Any

from marsad.entities.profiles import resolve_profiles
from marsad.entities.propagate import propagate_entities
from marsad.model import Article
from marsad.resources import data_text, json_lines
from marsad.stories.cluster import Clusterer, in_time_order
from marsad.stories.similarity import (
    FEATURES,
    Profile,
    TermStats,
    Weights,
    article_features,
    article_vectors,
    dump_weights,
    load_weights,
    pair_features,
)
from marsad.stories.topics import cluster_profiles

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
GOLD = "clustering_events.jsonl"
BASELINE_THRESHOLD = 0.18  # the first cluster.py's join threshold on TF-IDF cosine
SEEDS = (13, 14, 15)  # shuffled presentation orders of the undated EASC pieces
WEIGHTS_HEADER = [
    "Story join model for marsad.stories.similarity: logistic weights over the",
    "article-vs-story features, the join threshold on its probability, and the",
    "topic threshold. Fitted on EASC (El-Haj et al. 2010, CC BY 4.0) by",
    "`marsad eval clustering --fit`; sigma_days and time_penalty are a prior",
    "(Miranda et al. 2018 Gaussian time feature), not learned: no dated gold corpus",
    "exists; a confidently dated article far outside a story's dates does not join",
    "it on content alone. event_penalty is a prior too (marsad.stories.events): an article",
    "whose dated one-off events (ceasefire, meeting, ...) mostly conflict with the dates a story",
    "gives them does not join it.",
]
LEARNED = ("tfidf", "bigram", "entity", "entity_known", "embed", "dates")


# -- metrics --------------------------------------------------------------------------------
def pairwise(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 over all item pairs, plus the adjusted Rand index."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_g, same_p = gold[i] == gold[j], pred[i] == pred[j]
        tp += same_g and same_p
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "ari": ari(gold, pred)}


def ari(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985)."""
    n = len(gold)
    if n < 2:
        return 1.0
    c2 = lambda k: k * (k - 1) / 2  # noqa: E731
    cells = Counter(zip(gold, pred, strict=True))
    index = sum(c2(v) for v in cells.values())
    a = sum(c2(v) for v in Counter(gold).values())
    b = sum(c2(v) for v in Counter(pred).values())
    expected = a * b / c2(n)
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


# -- data -----------------------------------------------------------------------------------
def load_cases(text: str | None = None) -> list[dict[str, Any]]:
    return json_lines(data_text("gold", GOLD) if text is None else text)


def _annotators() -> list[Any]:
    """The optional per-article stages that clustering uses, when they are importable."""
    out = []
    try:
        from marsad.time import annotate_dates

        out.append(annotate_dates)
    except ImportError:
        pass
    try:
        from marsad.entities.ner import find_entities

        def entities(a: Article) -> Article:
            a.layers["entity"] = find_entities(a)
            return a

        entities(Article(id="probe", raw="قال محمد في القاهرة", text="قال محمد في القاهرة"))
        out.append(entities)
    except Exception:  # no trained model yet: the entity feature stays empty
        pass
    return out


def _prepare(article: Article) -> Article:
    from marsad.text import annotate_text

    annotate_text(article)
    for stage in _annotators():
        stage(article)
    return article


def _halves(article: Article) -> list[Article]:
    from marsad.text import split_sentences

    text = article.text
    cuts = [s.end for s in split_sentences(text)]
    mid = min(cuts, key=lambda c: abs(c - len(text) / 2), default=len(text) // 2)
    parts = [text[:mid].strip(), text[mid:].strip()]
    return [
        Article(id=f"{article.id}#{k}", raw=p, text=p, source=article.source)
        for k, p in enumerate(parts)
        if p
    ]


@lru_cache(maxsize=512)
def _read(path: str) -> Article:
    from marsad.ingest import read_paths
    from marsad.pipeline import process_article

    for item in read_paths([path]):
        if isinstance(item, Article):
            return process_article(item)
    raise FileNotFoundError(path)


def case_articles(case: dict[str, Any], shared: Path) -> tuple[list[Article], list[str]]:
    """The case's articles (prepared for clustering) and their gold labels, in order."""
    arts, labels = [], []
    for d in case["docs"]:
        base = _read(str(shared / d["ref"]))
        pieces = _halves(base) if d.get("halves") else [_copy(base)]
        for p in pieces:
            arts.append(_prepare(p))
            labels.append(d["label"])
    # The cross-article entity steps `marsad.analyze` runs before clustering: one profile (and
    # id) per entity across the case's articles, whatever spelling each outlet uses.
    propagate_entities(arts)
    resolve_profiles(arts)
    return arts, labels


def _copy(a: Article) -> Article:
    # A fresh article over the same text (the cache keeps the original); an inferred date stays
    # marked as inferred, with its confidence.
    return replace(a, layers=dict(a.layers))


def _stream(arts: list[Article], labels: list[str], seed: int = 13) -> list[int]:
    # EASC carries no dates: present the pieces in a fixed shuffled order.
    order = list(range(len(arts)))
    random.Random(seed).shuffle(order)
    return order


_FEATURES: dict[tuple[str, bool], Any] = {}


def _featurize(article: Article, use_embeddings: bool) -> Any:
    # Within one evaluation run an id names one piece of text: compute its features once.
    key = (article.id, use_embeddings)
    if key not in _FEATURES:
        _FEATURES[key] = article_features(article, use_embeddings)
    return _FEATURES[key]


def cluster_case(arts: list[Article], weights: Weights, use_embeddings: bool = True) -> list[str]:
    """Story id per article (in the given order) from the online clusterer."""
    c = Clusterer(weights=weights, use_embeddings=use_embeddings, featurize=_featurize)
    # Dated articles arrive as the pipeline feeds them (publication order, undated last);
    # undated pieces (EASC) in the order given.
    for a in in_time_order(arts) if any(a.published for a in arts) else arts:
        c.add(a)
    return [c.of_article[a.id] for a in arts]


def baseline_weights() -> Weights:
    """TF-IDF cosine to the centroid above 0.18, as a logistic model: the first version."""
    k = 50.0
    return Weights({"tfidf": k}, -k * BASELINE_THRESHOLD, 0.5, 7.0, 0.0, BASELINE_THRESHOLD)


# -- fitting ----------------------------------------------------------------------------------
def training_rows(arts: list[Article], labels: list[str]) -> tuple[list[list[float]], list[int]]:
    """Article-vs-gold-story feature rows, built as if the gold clustering ran online."""
    stats = TermStats()
    stories: dict[str, Profile] = {}
    xs, ys = [], []
    for i in _stream(arts, labels):
        f = _featurize(arts[i], True)
        stats.add(list(f.terms) + list(f.bigrams))
        vec, bi = article_vectors(f, stats)
        for label, prof in stories.items():
            feats = pair_features(vec, bi, f, prof, load_weights().sigma_days)
            xs.append([feats[k] for k in LEARNED])
            ys.append(int(label == labels[i]))
            if feats["entity_known"]:  # the same pair as it scores where no entity stage ran
                xs.append([0.0 if k in ("entity", "entity_known") else feats[k] for k in LEARNED])
                ys.append(ys[-1])
        stories.setdefault(labels[i], Profile()).add(vec, bi, f)
    return xs, ys


def fit(cases: list[tuple[list[Article], list[str]]], base: Weights) -> Weights:
    """Logistic join weights, then the join threshold that maximises pairwise F1."""
    from sklearn.linear_model import LogisticRegression

    xs: list[list[float]] = []
    ys: list[int] = []
    pooled_a = [a for arts, _ in cases for a in arts]
    pooled_l = [lab for _, labels in cases for lab in labels]
    for x, y in (training_rows(arts, labels) for arts, labels in cases):
        xs += x
        ys += y
    x2, y2 = training_rows(pooled_a, pooled_l)  # cross-topic negatives too
    xs += x2
    ys += y2
    model = LogisticRegression(class_weight="balanced", C=10.0, max_iter=2000).fit(xs, ys)
    coef = {k: round(float(v), 4) for k, v in zip(LEARNED, model.coef_[0], strict=True)}
    w = replace(base, coef=coef, bias=round(float(model.intercept_[0]), 4))
    # Threshold on the logit scale (a balanced logistic model is confident, the cut can be
    # high), scored on the same shuffled streams as the evaluation. The chosen cut maximises
    # F1 smoothed over its neighbours: the middle of a plateau, not the edge of a spike.
    streams = []
    for arts, labels in cases:
        for seed in SEEDS:
            order = _stream(arts, labels, seed)
            streams.append(([arts[i] for i in order], [labels[i] for i in order]))
    zs = [z / 2 for z in range(-2, 25)]
    f1 = []
    for z in zs:
        wt = replace(w, threshold=1 / (1 + math.exp(-z)))
        f1.append(sum(pairwise(lab, cluster_case(a, wt))["f1"] for a, lab in streams))
    smooth = [
        sum(f1[max(0, i - 1) : i + 2]) / len(f1[max(0, i - 1) : i + 2]) for i in range(len(zs))
    ]
    best = max(range(len(zs)), key=smooth.__getitem__)
    return replace(w, threshold=round(1 / (1 + math.exp(-zs[best])), 6))


def easc_topics(shared: Path) -> tuple[list[Article], list[str]]:
    folder = shared / "data" / "easc" / "Articles"
    arts, labels = [], []
    for p in sorted(folder.iterdir()):
        arts.append(_prepare(_copy(_read(str(p)))))
        labels.append(re.sub(r"\s*\(\d+\)$", "", p.stem).strip().lower())
    return arts, labels


def topic_assignments(arts: list[Article], weights: Weights) -> list[int]:
    """Topic per article: stories by the online clusterer, then topics over the stories."""
    c = Clusterer(weights=weights, featurize=_featurize)
    for a in arts:
        c.add(a)
    ids = list(c.stories)
    groups = cluster_profiles([c.stories[s].profile for s in ids], weights.topic_threshold)
    topic_of = dict(zip(ids, groups, strict=True))
    return [topic_of[c.of_article[a.id]] for a in arts]


def fit_topic_threshold(arts: list[Article], labels: list[str], w: Weights) -> float:
    best_t, best_f = w.topic_threshold, -1.0
    for t in TOPIC_GRID:
        pred = [str(g) for g in topic_assignments(arts, replace(w, topic_threshold=t))]
        f1 = pairwise(labels, pred)["f1"]
        if f1 > best_f:
            best_t, best_f = t, f1
    return best_t


TOPIC_GRID = tuple(x / 100 for x in range(2, 52, 2))


def _tfidf_leader(threshold: float) -> Weights:
    return replace(baseline_weights(), coef={"tfidf": 50.0}, bias=-50.0 * threshold)


def two_fold(
    arts: list[Article],
    labels: list[str],
    grid: Sequence[float],
    predict: Any,
) -> dict[str, float]:
    """Pick the threshold on even-indexed items, score on odd ones, and the reverse; average."""
    halves = [list(range(0, len(arts), 2)), list(range(1, len(arts), 2))]
    scores = []
    for tune, test in (halves, halves[::-1]):
        ta, tl = [arts[i] for i in tune], [labels[i] for i in tune]
        best = max(grid, key=lambda t: pairwise(tl, predict(ta, t))["f1"])
        scores.append(pairwise([labels[i] for i in test], predict([arts[i] for i in test], best)))
        scores[-1]["threshold"] = best
    return _mean(scores)


# -- command ----------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument(
        "--fit", action="store_true", help="refit the shipped weights on all EASC topics first"
    )


def _fmt(m: dict[str, float]) -> str:
    return "P {precision:.3f} R {recall:.3f} F1 {f1:.3f} ARI {ari:.3f}".format(**m)


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]} if rows else {}


def evaluate(shared: Path, refit: bool = False) -> dict[str, Any]:
    cases = load_cases()
    data = {c["case"]: case_articles(c, shared) for c in cases}
    shipped = load_weights()
    fit_cases = [c for c in cases if c.get("fit")]
    if refit:
        shipped = fit([data[c["case"]] for c in fit_cases], shipped)
        topic_arts, topic_labels = easc_topics(shared)
        shipped = replace(
            shipped,
            topic_threshold=fit_topic_threshold(topic_arts, topic_labels, shipped),
            source="fitted on all EASC topics by `marsad eval clustering --fit`",
        )
        path = Path(str(files("marsad") / "data" / "gold" / "clustering_weights.jsonl"))
        path.write_text(
            dump_weights(
                shipped,
                WEIGHTS_HEADER,
            ),
            encoding="utf-8",
        )
    events = []
    for c in cases:
        arts, labels = data[c["case"]]
        if c.get("fit"):  # leave this topic out of the fit that scores it
            others = [data[o["case"]] for o in fit_cases if o["case"] != c["case"]]
            w = fit(others, shipped)
            orders = [_stream(arts, labels, seed) for seed in SEEDS]  # EASC has no dates
        else:
            w = shipped
            orders = [list(range(len(arts)))]  # dated: cluster_case feeds them in time order
        full, base, no_events = [], [], []
        for order in orders:
            a, lab = [arts[i] for i in order], [labels[i] for i in order]
            full.append(pairwise(lab, cluster_case(a, w)))
            base.append(pairwise(lab, cluster_case(a, baseline_weights(), False)))
            if not c.get("fit"):  # ablation where dates exist: the event-date prior switched off
                no_events.append(pairwise(lab, cluster_case(a, replace(w, event_penalty=0.0))))
        row = {
            "case": c["case"],
            "n": len(arts),
            "stories": len(set(labels)),
            "orders": len(orders),
            "full": _mean(full),
            "tfidf_baseline": _mean(base),
        }
        if no_events:
            row["no_event_dates"] = _mean(no_events)
        events.append(row)
    topic_arts, topic_labels = easc_topics(shared)
    topic = {
        "n": len(topic_arts),
        "topics": len(set(topic_labels)),
        "full": pairwise(topic_labels, [str(t) for t in topic_assignments(topic_arts, shipped)]),
        "tfidf_baseline": pairwise(
            topic_labels, cluster_case(topic_arts, baseline_weights(), False)
        ),
        # Thresholds chosen on one half of EASC and scored on the other, both ways.
        "full_2fold": two_fold(
            topic_arts,
            topic_labels,
            TOPIC_GRID,
            lambda arts, t: [
                str(g) for g in topic_assignments(arts, replace(shipped, topic_threshold=t))
            ],
        ),
        "tfidf_baseline_2fold": two_fold(
            topic_arts,
            topic_labels,
            TOPIC_GRID,
            lambda arts, t: cluster_case(arts, _tfidf_leader(t), False),
        ),
    }
    easc = [e for e in events if e["case"].startswith("easc-")]
    return {
        "event": events,
        "event_easc_mean": {
            "full": _mean([e["full"] for e in easc]),
            "tfidf_baseline": _mean([e["tfidf_baseline"] for e in easc]),
        },
        "topic_easc": topic,
        "weights": {
            "coef": shipped.coef,
            "bias": shipped.bias,
            "threshold": shipped.threshold,
            "topic_threshold": shipped.topic_threshold,
        },  # fmt: skip
    }


def run(args: argparse.Namespace) -> int:
    shared = Path(getattr(args, "shared", SHARED))
    if not (shared / "data" / "easc").is_dir():
        print(f"shared data not found at {shared}")
        return 2
    res = evaluate(shared, refit=bool(getattr(args, "fit", False)))
    if getattr(args, "json", False):
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    print("Event level (pairwise over articles; EASC cases leave their topic out of the fit")
    print("  and average 3 shuffled orders, having no dates)")
    for e in res["event"]:
        print(f"  {e['case']:<32} n={e['n']:<3} stories={e['stories']:<3}")
        print(f"    full            {_fmt(e['full'])}")
        print(f"    tfidf baseline  {_fmt(e['tfidf_baseline'])}")
        if "no_event_dates" in e:
            print(f"    no event dates  {_fmt(e['no_event_dates'])}")
    m = res["event_easc_mean"]
    print(f"  EASC mean  full {_fmt(m['full'])}\n             tfidf {_fmt(m['tfidf_baseline'])}")
    t = res["topic_easc"]
    print(f"Topic level, EASC ({t['n']} articles, {t['topics']} topics)")
    print(f"    full            {_fmt(t['full'])}")
    print(f"    tfidf baseline  {_fmt(t['tfidf_baseline'])}  (first cluster.py, threshold 0.18)")
    print("  2-fold (threshold tuned on the other half of EASC):")
    print(f"    full            {_fmt(t['full_2fold'])}")
    print(f"    tfidf leader    {_fmt(t['tfidf_baseline_2fold'])}")
    print(f"weights: {json.dumps(res['weights'])}")
    return 0


__all__ = ["FEATURES", "add_arguments", "ari", "evaluate", "fit", "pairwise", "run"]
