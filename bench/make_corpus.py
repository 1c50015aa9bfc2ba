"""Build a benchmark corpus of real Arabic text from ../shared/data.

Articles are the 153 EASC articles plus articles assembled from consecutive ANERcorp
sentences (detokenised), each wrapped in the page furniture that scraped text carries
(share prompts, view counters, teasers), so that cleaning has real work to do.
`--html N` also writes N of them as full HTML pages with navigation and footers.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"

FURNITURE_HEAD = ["", "1,204", "مشاركة", "أخبار"]
FURNITURE_TAIL = ["", "اقرأ أيضاً: خبر آخر عن الموضوع نفسه", "اخترنا لك", "المقال التالي"]
_DETOK_SPACE = re.compile(r" ([.,،:;؛!?؟)\]}»”])|([(\[{«“]) ")


def anercorp_sentences(path: Path) -> list[str]:
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(
                    _DETOK_SPACE.sub(lambda m: m.group(1) or m.group(2), " ".join(words))
                )
                words = []
            continue
        words.append(line.rsplit(" ", 1)[0])
    if words:
        sentences.append(" ".join(words))
    return sentences


def easc_articles(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*"))]


def generate(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(id, text) pairs: real text, random furniture, deterministic for a given seed."""
    rng = random.Random(seed)
    easc = easc_articles(DATA / "easc" / "Articles")
    sentences = anercorp_sentences(DATA / "anercorp" / "train.txt") + anercorp_sentences(
        DATA / "anercorp" / "test.txt"
    )
    out = []
    for i in range(n):
        if i % 5 == 0:
            body = easc[(i // 5) % len(easc)]
        else:
            start = rng.randrange(len(sentences) - 30)
            k = rng.randint(8, 25)
            paras = [" ".join(sentences[j : j + 3]) for j in range(start, start + k, 3)]
            body = "\n".join(paras)
        head = [x for x in rng.sample(FURNITURE_HEAD, 2) if x]
        tail = [x for x in rng.sample(FURNITURE_TAIL, 2) if x]
        out.append((f"bench{i:05d}", "\n".join([*head, body.strip(), *tail]) + "\n"))
    return out


def html_page(title: str, text: str) -> str:
    nav = "".join(f'<li><a href="/s{i}">قسم {i}</a></li>' for i in range(12))
    paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta property="og:site_name" content="صحيفة المعيار">'
        f'<meta name="date" content="2023-09-20"></head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{escape(title)}</h1>{paras}</article></main>"
        f"<aside><h3>الأكثر قراءة</h3><ul>{nav}</ul></aside>"
        f"<footer><p>جميع الحقوق محفوظة © 2023</p></footer></body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--html", type=int, default=500, help="how many also as HTML pages")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "corpus")
    args = parser.parse_args()
    txt_dir, html_dir = args.out / "txt", args.out / "html"
    txt_dir.mkdir(parents=True, exist_ok=True)
    html_dir.mkdir(parents=True, exist_ok=True)
    docs = generate(args.n)
    for doc_id, text in docs:
        (txt_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    for doc_id, text in docs[: args.html]:
        title = text.strip().split("\n")[0][:80]
        (html_dir / f"{doc_id}.html").write_text(html_page(title, text), encoding="utf-8")
    with open(args.out / "corpus.jsonl", "w", encoding="utf-8") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    print(f"wrote {len(docs)} txt, {min(args.html, len(docs))} html to {args.out}")


if __name__ == "__main__":
    main()
