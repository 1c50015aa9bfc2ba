"""Speed of temporal tagging: Marsad's `find_temporal` beside dateparser's `search_dates`.

Corpus: the five seed articles plus the EASC articles (real Arabic text, 158 documents), tagged
in several passes. dateparser is timed on one pass only (it is two orders slower).

    .venv/bin/python bench/bench_time.py [--passes 5] [--no-peer]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, datetime
from pathlib import Path

from marsad.time import find_temporal

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PUB = date(2023, 9, 20)


def corpus() -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus" / "seeds").glob("*"))]
    for p in sorted((SHARED / "data" / "easc" / "Articles").iterdir()):
        docs.append(p.read_text(encoding="utf-8", errors="replace"))
    return docs


def bench_marsad(docs: list[str], passes: int) -> dict:
    find_temporal(docs[0], PUB)  # load and compile the lexicon outside the timing
    n_spans = 0
    t0 = time.perf_counter()
    for _ in range(passes):
        for d in docs:
            n_spans += len(find_temporal(d, PUB))
    dt = time.perf_counter() - t0
    n = len(docs) * passes
    return {
        "articles": n,
        "seconds": round(dt, 3),
        "articles_per_s": round(n / dt, 1),
        "spans_per_article": round(n_spans / n, 2),
    }


def bench_dateparser(docs: list[str]) -> dict:
    from dateparser.search import search_dates

    base = datetime(PUB.year, PUB.month, PUB.day)
    search_dates(docs[0], languages=["ar"], settings={"RELATIVE_BASE": base})  # warm-up
    hits = 0
    t0 = time.perf_counter()
    for d in docs:
        hits += len(search_dates(d, languages=["ar"], settings={"RELATIVE_BASE": base}) or [])
    dt = time.perf_counter() - t0
    return {
        "articles": len(docs),
        "seconds": round(dt, 3),
        "articles_per_s": round(len(docs) / dt, 1),
        "spans_per_article": round(hits / len(docs), 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()
    docs = corpus()
    chars = sum(map(len, docs))
    out = {
        "documents": len(docs),
        "mean_chars": round(chars / len(docs)),
        "marsad": bench_marsad(docs, args.passes),
    }
    if not args.no_peer:
        out["dateparser"] = bench_dateparser(docs)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
