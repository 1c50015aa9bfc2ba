"""Story clustering benchmark: time to cluster 10,000 articles online, and time per added
article in each successive block of 1,000 (it must stay flat: candidate search is indexed).

Articles come from `bench/corpus/txt` (build it with `bench/make_corpus.py`). Cleaning, the
text layer and the time stage run first, untimed (the spine benchmark measures them).
Clustering is timed as lead embeddings + online assignment + topics; the source comparison of
every story (part of the briefs, not of clustering) is reported beside it.
Runs on one core: `OMP_NUM_THREADS=1 .venv/bin/python bench/bench_clustering.py`. Times are
CPU seconds of this process (`time.process_time`), so other jobs on a shared machine do not
inflate them; wall-clock seconds are reported beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "corpus" / "txt"


def _prepare(article):  # noqa: ANN001, ANN202
    """The stages clustering reads: clean text, sentences and tokens, dates."""
    from marsad.clean import clean
    from marsad.text import annotate_text

    article = annotate_text(clean(article))
    try:
        from marsad.time import annotate_dates
    except ImportError:
        return article
    return annotate_dates(article)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--block", type=int, default=1000)
    ap.add_argument("--no-embed", action="store_true", help="lexical and time features only")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: run bench/make_corpus.py first", file=sys.stderr)
        return 2
    from marsad.ingest import read_paths
    from marsad.model import Article
    from marsad.stories.cluster import Clusterer, build_stories
    from marsad.stories.embed import embed_articles
    from marsad.stories.topics import assign_topics

    paths = sorted(p for p in CORPUS.iterdir() if p.is_file())[: args.n]
    t0 = time.perf_counter()
    arts = [_prepare(a) for a in read_paths(paths) if isinstance(a, Article)]
    prep = time.perf_counter() - t0
    embed_s = 0.0
    embeddings = [None] * len(arts)
    if not args.no_embed:
        t0 = time.process_time()
        embeddings = embed_articles(arts)  # batched, as `Clusterer.add_all` does
        embed_s = time.process_time() - t0

    c = Clusterer(use_embeddings=not args.no_embed)
    blocks = []
    t_all, w_all = time.process_time(), time.perf_counter()
    for start in range(0, len(arts), args.block):
        t0 = time.process_time()
        scored0 = c.scored
        for a, emb in zip(arts[start : start + args.block], embeddings[start:], strict=False):
            c.add(a, emb)
        dt = time.process_time() - t0
        n = len(arts[start : start + args.block])
        blocks.append(
            {
                "articles": start + n,
                "ms_per_article": round(1000 * dt / n, 3),
                "candidates_per_article": round((c.scored - scored0) / n, 1),
                "stories": len(c.stories),
            }
        )
    total, wall = time.process_time() - t_all, time.perf_counter() - w_all
    by_id = {a.id: a for a in arts}
    t0 = time.process_time()
    topics = assign_topics(list(c.stories.values()), c.stats, c.weights, by_id)
    topics_s = time.process_time() - t0
    t0 = time.process_time()
    build_stories(c, arts)
    build_s = time.process_time() - t0
    res = {
        "articles": len(arts),
        # clustering = lead embeddings + online assignment + topics
        "clustering_total_cpu_seconds": round(embed_s + total + topics_s, 2),
        "embed_cpu_seconds": round(embed_s, 2),
        "assign_cpu_seconds": round(total, 2),
        "assign_wall_seconds": round(wall, 2),
        "topics_cpu_seconds": round(topics_s, 2),
        "topics": len({t["id"] for t in topics.values()}),
        # not clustering: the source comparison (framing, unique points) of every story
        "story_objects_cpu_seconds": round(build_s, 2),
        "prep_seconds_untimed": round(prep, 2),
        "stories": len(c.stories),
        # How often the event-date prior overruled content (an article content placed in a
        # story, kept apart because the dates it gives a one-off event conflict).
        "kept_apart_by_event_dates": sum(bool(st.profile.kept_apart) for st in c.stories.values()),
        "blocks": blocks,
    }
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
