"""Spine benchmark: articles/s and peak memory for ingest, cleaning and the text layer.

Runs on (a) the seed corpus and (b) a 10,000-article corpus built by `make_corpus.py` from
../shared/data, at 1k/5k/10k articles to show growth, plus the full `add` into SQLite.
For HTML input, trafilatura alone runs on the same pages in the same run (the ratio is
Marsad's whole per-article pipeline over trafilatura's extraction only).
Each measurement runs in a fresh process, on one core, so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
CORPUS = REPO / "bench" / "corpus"


def _files(folder: Path, limit: int | None, repeat: int = 1) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return (files * repeat)[:limit] if limit else files * repeat


def _measure(phase: str, paths: list[str]) -> dict:
    """Runs inside a fresh process: time one phase over `paths`."""
    from marsad.clean import clean
    from marsad.ingest import read_paths
    from marsad.model import Article
    from marsad.text import annotate_text

    # Warm caches (rules, stemmer, model loading) outside the timed loop.
    for item in read_paths(paths[:1]):
        if isinstance(item, Article):
            annotate_text(clean(item))
    n = 0
    start = time.perf_counter()
    if phase.startswith("trafilatura"):
        import trafilatura

        metadata = phase == "trafilatura+meta"
        for p in paths:
            page = Path(p).read_text(encoding="utf-8")
            if metadata:
                n += bool(trafilatura.bare_extraction(page, with_metadata=True))
            else:
                n += bool(trafilatura.extract(page))
    elif phase == "add":
        from marsad.pipeline import add
        from marsad.store.sqlite import Store

        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.db") as store:
            n = add(paths, store).added
    else:
        for item in read_paths(paths):
            if not isinstance(item, Article):
                continue
            if phase in ("clean", "text"):
                item = clean(item)
            if phase == "text":
                item = annotate_text(item)
            n += 1
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"phase": phase, "articles": n, "seconds": round(seconds, 3),
            "articles_per_s": round(n / seconds, 1), "peak_rss_mb": round(peak_mb, 1)}  # fmt: skip


def _in_fresh_process(phase: str, paths: list[Path]) -> dict:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_measure, (phase, [str(p) for p in paths]))


def run(quick: bool) -> list[dict]:
    if not (CORPUS / "txt").is_dir() or len(list((CORPUS / "txt").iterdir())) < 10_000:
        subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py")], check=True)
    rows = []
    seeds = _files(SEEDS, None, repeat=40)  # 200 reads of the five seeds
    for phase in ("ingest", "clean", "text"):
        rows.append({"corpus": "seeds x40", **_in_fresh_process(phase, seeds)})
    sizes = (1_000,) if quick else (1_000, 5_000, 10_000)
    for size in sizes:
        paths = _files(CORPUS / "txt", size)
        for phase in ("ingest", "clean", "text") if size == sizes[-1] else ("text",):
            rows.append({"corpus": f"generated {size}", **_in_fresh_process(phase, paths)})
    rows.append({"corpus": f"generated {sizes[-1]}", **_in_fresh_process(
        "add", _files(CORPUS / "txt", sizes[-1]))})  # fmt: skip
    html = _files(CORPUS / "html", 200 if quick else 500)
    marsad_html = {"corpus": f"html {len(html)}", **_in_fresh_process("text", html)}
    peers = [
        {"corpus": f"html {len(html)}", **_in_fresh_process(phase, html)}
        for phase in ("trafilatura", "trafilatura+meta")
    ]
    marsad_html["vs_trafilatura"] = [
        round(marsad_html["articles_per_s"] / peer["articles_per_s"], 2) for peer in peers
    ]
    rows += [marsad_html, *peers]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles only")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    if shutil.which("nproc"):
        print(f"cores: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}"
              " (each measurement uses one)")  # fmt: skip
    rows = run(args.quick)
    print(f"{'corpus':<18} {'phase':<16} {'articles':>8} {'s':>8} {'art/s':>9} {'peak MB':>8}")
    for r in rows:
        extra = ""
        if "vs_trafilatura" in r:
            plain, meta = r["vs_trafilatura"]
            extra = f"  = x{plain} trafilatura.extract, x{meta} trafilatura with metadata"
        print(f"{r['corpus']:<18} {r['phase']:<16} {r['articles']:>8} {r['seconds']:>8} "
              f"{r['articles_per_s']:>9} {r['peak_rss_mb']:>8}{extra}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
