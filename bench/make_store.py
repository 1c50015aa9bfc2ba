"""Build the 10,000-article store that `bench_web.py` serves.

Runs the real pipeline (`marsad.pipeline.add`, then `group_stories`) over the corpus that
`make_corpus.py` writes to bench/corpus/txt, so layers and the FTS index are what `marsad`
builds. Story grouping is quadratic in the number of stories, so it runs over windows of
`--window` articles (in input order) and all windows' stories are saved together.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "corpus" / "txt"
DEFAULT_DB = REPO / "bench" / "corpus" / "web.db"


def build(corpus: Path, db: Path, n: int | None, jobs: int, window: int) -> dict:
    from marsad.pipeline import add
    from marsad.store.sqlite import Store
    from marsad.stories.cluster import group_stories

    files = sorted(p for p in corpus.iterdir() if p.is_file())[:n]
    if db.exists():
        db.unlink()
    start = time.perf_counter()
    with Store(db) as store:
        report = add(files, store, jobs=jobs)
        added = time.perf_counter() - start
        ids = report.article_ids
        stories = []
        for i in range(0, len(ids), window):
            stories.extend(group_stories(list(store.articles(ids[i : i + window]))))
        store.save_stories(stories)
        articles = store.count()
    return {
        "articles": articles,
        "stories": len(stories),
        "errors": len(report.errors),
        "add_seconds": round(added, 1),
        "seconds": round(time.perf_counter() - start, 1),
        "db": str(db),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--n", type=int, default=10_000, help="how many articles")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--window", type=int, default=1000, help="articles per grouping window")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus} not found: run .venv/bin/python bench/make_corpus.py first")
    print(build(args.corpus, args.db, args.n, args.jobs, args.window))


if __name__ == "__main__":
    main()
