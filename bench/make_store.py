"""Build the 10,000-article store that `bench_web.py` serves.

Runs the real pipeline (`marsad.analyze`: every stage, entity profiles, incremental story
clustering and briefs) over the corpus that `make_corpus.py` writes to bench/corpus/txt, so
the store is what `marsad analyze` builds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "corpus" / "txt"
DEFAULT_DB = REPO / "bench" / "corpus" / "web.db"


def build(corpus: Path, db: Path, n: int | None, jobs: int) -> dict:
    from marsad.pipeline import analyze
    from marsad.store.sqlite import Store

    files = sorted(p for p in corpus.iterdir() if p.is_file())[:n]
    if db.exists():
        db.unlink()
    start = time.perf_counter()
    with Store(db) as store:
        report = analyze(files, store, jobs=jobs)
        stories = store.db.execute("SELECT count(*) FROM stories").fetchone()[0]
        articles = store.count()
    return {
        "articles": articles,
        "stories": stories,
        "errors": len(report.errors),
        "seconds": round(time.perf_counter() - start, 1),
        "db": str(db),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--n", type=int, default=10_000, help="how many articles")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus} not found: run .venv/bin/python bench/make_corpus.py first")
    print(build(args.corpus, args.db, args.n, args.jobs))


if __name__ == "__main__":
    main()
