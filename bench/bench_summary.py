"""Summary and figure benchmark: time per story for `summarize` and per article for figures.

Stories of 1, 5 and 10 articles: the five seeds (cleaned and annotated), and for 10 the
seeds plus five EASC articles of one topic (real, longer Arabic text). Articles are prepared
outside the timed loop (that is the pipeline's work); each figure is the median of --repeat
runs after one warm-up run that loads the model and data files.

    .venv/bin/python bench/bench_summary.py [--repeat 30] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EASC = SHARED / "data" / "easc" / "Articles"


def _articles() -> list:
    from marsad.clean import clean
    from marsad.model import Article
    from marsad.text import annotate_text

    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        out.append(annotate_text(clean(Article(id=p.stem, raw=p.read_text(encoding="utf-8")))))
    politics = sorted(p for p in EASC.iterdir() if p.name.lower().startswith("politics"))[:5]
    for p in politics:
        text = p.read_text(encoding="utf-8").strip()
        out.append(annotate_text(Article(id=p.stem, raw=text, text=text)))
    return out


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm-up: model, data files, caches
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from marsad.figures import find_figures
    from marsad.stories.figures_compare import compare_figures
    from marsad.stories.summary import headline, summarize

    arts = _articles()
    words = sum(len(a.text.split()) for a in arts)
    result: dict[str, float | int] = {"articles": len(arts), "words": words}
    for n in (1, 5, 10):
        story = arts[:n]
        result[f"summarize_{n}_ms"] = round(
            _median_ms(lambda s=story: headline(s, summarize(s)), args.repeat), 2
        )
    result["figures_per_article_ms"] = round(
        _median_ms(lambda: [find_figures(a) for a in arts], args.repeat) / len(arts), 2
    )
    result["compare_figures_10_ms"] = round(
        _median_ms(lambda: compare_figures(arts), args.repeat), 2
    )
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for k, v in result.items():
            print(f"{k:<26} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
