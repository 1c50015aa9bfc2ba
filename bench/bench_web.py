"""Web benchmark: p50/p99 latency of the story page and of search under concurrent clients.

Starts `marsad.web.app.serve` on a free loopback port over the store that `make_store.py`
builds (10,000 articles), then loads it with `--clients` concurrent clients sending requests
back to back for `--seconds` per scenario (after a warm-up), over a fixed list of story pages
and search queries. The load generator is `wrk` when installed (C, so it takes little of the
CPU the server needs), else a bounded asyncio + httpx loop that also stops at
`--max-requests`. Only 127.0.0.1 is ever contacted.

    .venv/bin/python bench/make_corpus.py && .venv/bin/python bench/make_store.py
    .venv/bin/python bench/bench_web.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO / "bench" / "corpus" / "web.db"
TARGET_P99_MS = 200.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _targets(db: Path, n: int, seed: int) -> tuple[list[str], list[str]]:
    """Story pages (half the most covered stories, half at random) and search queries
    (words and word pairs from story titles, so most queries have hits)."""
    rng = random.Random(seed)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT id, title, json_array_length(article_ids) AS n FROM stories ORDER BY n DESC"
    ).fetchall()
    con.close()
    if not rows:
        sys.exit(f"{db} has no stories: run bench/make_store.py")
    top = [r[0] for r in rows[: n // 2]]
    stories = top + [r[0] for r in rng.sample(rows, min(len(rows), n - len(top)))]
    words = [w for _, title, _ in rows for w in title.split() if len(w) > 3 and w.isalpha()]
    queries = []
    for _ in range(n):
        w = rng.sample(words, 2)
        queries.append(w[0] if rng.random() < 0.7 else " ".join(w))
    return stories, queries


async def _load(
    base: str, paths: list[str], clients: int, seconds: float, max_requests: int, warmup: float
) -> dict:
    latencies: list[float] = []
    status: dict[int, int] = {}
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        warm_end = time.monotonic() + warmup
        while time.monotonic() < warm_end:  # sequential warm-up: caches, templates, pages
            await http.get(random.choice(paths))
        stop = time.monotonic() + seconds

        async def client(k: int) -> None:
            nonlocal sent
            rng = random.Random(k)
            while time.monotonic() < stop and sent < max_requests:
                sent += 1
                path = rng.choice(paths)
                t0 = time.perf_counter()
                r = await http.get(path)
                latencies.append((time.perf_counter() - t0) * 1000)
                status[r.status_code] = status.get(r.status_code, 0) + 1

        t0 = time.monotonic()
        await asyncio.gather(*(client(k) for k in range(clients)))
        elapsed = time.monotonic() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1)

    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(50),
        "p90_ms": pct(90),
        "p99_ms": pct(99),
        "max_ms": round(latencies[-1], 1),
        "status": status,
    }


_WRK_LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(base: str, paths: list[str], clients: int, seconds: float, warmup: float) -> dict:
    """Run wrk over `paths` (each thread cycles through them) and parse its latency table."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        if warmup > 0:
            subprocess.run(["wrk", "-t1", "-c2", f"-d{max(1, int(warmup))}s", "-s", f.name,
                            base], capture_output=True, check=True, timeout=warmup + 30)  # fmt: skip
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{max(1, int(seconds))}s", "--latency",
             "--timeout", "10s", "-s", f.name, base],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(f.name)
    pct = {
        m.group(1): round(float(m.group(2)) * _UNITS[m.group(3)], 1)
        for m in re.finditer(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    total = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "tool": "wrk",
        "requests": int(total.group(1)) if total else 0,
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": pct.get("50"),
        "p90_ms": pct.get("90"),
        "p99_ms": pct.get("99"),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="per scenario")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per scenario")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--targets", type=int, default=200, help="distinct stories / queries")
    parser.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} not found: run bench/make_corpus.py then bench/make_store.py")

    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    n_articles, n_stories = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)"
    ).fetchone()
    con.close()
    stories, queries = _targets(args.db, args.targets, seed=7)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, MARSAD_TOKEN="")
    server = subprocess.Popen(
        [sys.executable, "-c",
         f"from marsad.web.app import serve; serve({str(args.db)!r}, port={port})"],
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/stories?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("server did not start")
            time.sleep(0.2)
        scenarios = {
            "story_page": [f"/stories/{s}" for s in stories],
            "search_page": ["/search?q=" + httpx.QueryParams({"q": q})["q"] for q in queries],
            "search_api": [f"/api/search?{httpx.QueryParams({'q': q})}" for q in queries],
        }
        results = {
            "store": {"articles": n_articles, "stories": n_stories},
            "clients": args.clients,
            "seconds_per_scenario": args.seconds,
            "cpus": os.cpu_count(),
        }
        tool = args.tool
        if tool == "auto":
            tool = "wrk" if shutil.which("wrk") else "httpx"
        for name, paths in scenarios.items():
            if tool == "wrk":
                results[name] = _wrk(base, paths, args.clients, args.seconds, args.warmup)
            else:
                results[name] = asyncio.run(
                    _load(base, paths, args.clients, args.seconds, args.max_requests, args.warmup)
                )
                results[name]["tool"] = "httpx"
            print(name, results[name], flush=True)
    finally:
        server.terminate()
        server.wait(10)
    p99 = results["story_page"]["p99_ms"]
    results["story_page_p99_ok"] = p99 < TARGET_P99_MS
    print(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"story page p99 {p99} ms: {'PASS' if p99 < TARGET_P99_MS else 'FAIL'} "
          f"(target < {TARGET_P99_MS:.0f} ms with {args.clients} clients)")  # fmt: skip
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
