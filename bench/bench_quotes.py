"""Throughput of quote extraction (marsad.quotes.find_quotes) on the seed corpus.

    .venv/bin/python bench/bench_quotes.py [--rounds N]

Rates are CPU time, best of three (the machine is shared). "extraction alone" reuses the
sentence and entity layers computed beforehand, as the pipeline does (the text and entity
stages run before the quote stage); "with splitting" also splits sentences (and has no
entity layer).
Target: >= 1,000 articles/s for extraction alone. Then one long article, 10x to 80x the
seeds: the time per 100k characters shows whether extraction stays linear in its length;
then text with no full stop (one sentence of repeated clauses), where every walk to the
sentence end would make it quadratic.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from marsad.entities import annotate_entities
from marsad.model import Article
from marsad.quotes import find_quotes
from marsad.text import annotate_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


def _articles(with_layers: bool) -> list[Article]:
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        a = Article(id=p.stem, raw=text, text=text)
        if with_layers:
            a = annotate_entities(annotate_text(a))
        out.append(a)
    return out


def _rate(articles: list[Article], rounds: int) -> tuple[float, int]:
    n_quotes = sum(len(find_quotes(a)) for a in articles)  # warm caches
    best = 0.0
    for _ in range(3):  # best of three: the machine is shared
        t0 = time.process_time()  # CPU time: the machine is shared
        for _ in range(rounds):
            for a in articles:
                find_quotes(a)
        best = max(best, rounds * len(articles) / (time.process_time() - t0))
    return best, n_quotes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=100)
    args = ap.parse_args()
    alone, n = _rate(_articles(True), args.rounds)
    full, _ = _rate(_articles(False), args.rounds)
    chars = sum(len(a.text) for a in _articles(False)) // 5
    print(f"seed articles: 5 (mean {chars} chars), quotes found: {n}")
    print(f"extraction alone (layers given):         {alone:,.0f} articles/s")
    print(f"with sentence splitting:                 {full:,.0f} articles/s")
    _growth()
    _no_full_stop()
    return 0 if alone >= 1000 else 1


def _growth() -> None:
    """One long article (the seeds repeated), with its sentence and entity layers as in the
    pipeline: CPU time per 100k characters should stay flat as the article grows (it grew
    quadratically before the leftover-quote indexes, and before speakers' entities were
    found by bisection)."""
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    for times in (10, 40, 80):
        text = (seeds + "\n") * times
        article = annotate_entities(annotate_text(Article(id="long", raw=text, text=text)))
        t0 = time.process_time()
        n = len(find_quotes(article))
        secs = time.process_time() - t0
        print(
            f"one article of {len(text):>9,} chars: {secs:5.2f} s, "
            f"{secs / len(text) * 1e5 * 1000:5.1f} ms per 100k chars, {n} quotes"
        )


def _no_full_stop() -> None:
    """One sentence of repeated clauses, each opening a walk to the sentence end ("وهم
    يعتبرون …": 19 s at 8,000 repeats before that walk was bounded)."""
    for times in (2000, 8000):
        text = "وهم يعتبرون الأمر جيدا ، وقال الوزير " * times
        article = annotate_entities(annotate_text(Article(id="run-on", raw=text, text=text)))
        t0 = time.process_time()
        n = len(find_quotes(article))
        secs = time.process_time() - t0
        print(f"no full stop, {len(text):>9,} chars: {secs:5.2f} s, {n} quotes")


if __name__ == "__main__":
    raise SystemExit(main())
