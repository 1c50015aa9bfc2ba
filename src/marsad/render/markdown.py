"""report.md: the brief as plain Markdown, for terminals, diffs and chat."""

from __future__ import annotations

import re
from typing import Any

from marsad.render.labels import QUOTE_TYPE_AR, count_label

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")
_HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _md(text: str | None) -> str:
    """Article text is untrusted: neutralise HTML and Markdown syntax, keep it on one line."""
    flat = " ".join((text or "").split()).translate(_HTML_SPECIAL)
    return _MD_SPECIAL.sub(r"\\\1", flat)


def render_markdown(report: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in report["articles"]}
    out = ["# تقرير مرصد", ""]
    out.append(
        f"{count_label(len(report['articles']), 'article')} · "
        f"{count_label(len(report['stories']), 'story')} · "
        f"{count_label(len(report['errors']), 'input_error')}"
    )
    out.append("")
    out.append("## القصص")
    for story in report["stories"]:
        out += ["", f"### {_md(story['title'])}", ""]
        out.append("المقالات: " + "، ".join(_md(_label(articles[i])) for i in story["article_ids"]))
        for item in story["summary"]:
            out.append(f"- {_md(item['text'])} [{_md(item['article_id'])}]")
        titles = {s["id"]: s["title"] for s in report["stories"]}
        for k in story.get("kept_apart") or []:
            out += ["", _apart_line(k, titles)]
        out += _who_said_what(story.get("quotes") or [])
    out += ["", "## المقالات"]
    for a in report["articles"]:
        out += ["", f"### {_md(_label(a))}", ""]
        facts = [
            (
                "التاريخ",
                a["published"]
                and a["published"] + (" (مستنتج)" if a["published_inferred"] else ""),
            ),
            ("الوكالة", a["agency"]),
            ("سطر المكان", a["dateline"]),
            ("نسخة مكررة من", a.get("duplicate_of")),
        ]
        for name, value in facts:
            if value:
                out.append(f"- {name}: {_md(value)}")
        out.append("")
        out += [_md(p) for p in a["text"].split("\n") if p.strip()]
        if a["removed"]:
            out += ["", "<details><summary>ما أزيل من الصفحة</summary>", ""]
            out += [f"- {_md(r['reason'])}: {_md(r['text'])}" for r in a["removed"]]
            out += ["", "</details>"]
    if report["errors"]:
        out += ["", "## أخطاء الإدخال", ""]
        out += [f"- {_md(e['path'])}: {_md(e['reason'])}" for e in report["errors"]]
    return "\n".join(out) + "\n"


def _who_said_what(groups: list[dict[str, Any]]) -> list[str]:
    """The story's quotes grouped by speaker (marsad.brief.who_said_what), each statement with
    its type and the outlets that carried it, then the terms the speaker is credited with."""
    if not groups:
        return []
    out = ["", f"#### من قال ماذا ({count_label(len(groups), 'speaker')})"]
    for g in groups:
        outlets = f" · {count_label(len(g['outlets']), 'outlet')}" if g.get("outlets") else ""
        name = g.get("speaker") or "قائل غير معروف"
        said = count_label(len(g["statements"]), "statement")
        out += ["", f"**{_md(name)}** ({said}{outlets})", ""]
        for st in g["statements"]:
            cites = " ".join(
                f"[{_md(src.get('source') or src['article_id'])}]" for src in st["sources"]
            )
            kind = QUOTE_TYPE_AR.get(st.get("type")) or _md(st.get("type") or "")
            out.append(f"- «{_md(st['text'])}» ({kind}) {cites}".rstrip())
        if g.get("terms"):
            terms = "، ".join(f"«{_md(t['text'])}»" for t in g["terms"])
            out += ["", f"عبارات منسوبة إليه بين علامات اقتباس: {terms}"]
    return out


def _apart_line(k: dict[str, Any], titles: dict[str, str]) -> str:
    """Why a story stands apart from one its content matched (see marsad.stories.cluster)."""
    est = k.get("estimated")
    parts = []
    for c in k.get("conflicts") or []:
        here = "، ".join(c["here"]) + (" (تقديري)" if est in ("article", "both") else "")
        there = "، ".join(c["there"]) + (" (تقديري)" if est in ("story", "both") else "")
        parts.append(f"{c['label']} هنا {here} وهناك {there}")
    other = titles.get(k["story_id"], k["story_id"])
    return _md(
        f"لم تُضَمّ إلى قصة «{other}» رغم تشابه المحتوى، لأن تواريخ الحدث نفسه تختلف: "
        + "؛ ".join(parts)
        + "."
    )


def _label(article: dict[str, Any]) -> str:
    return article["title"] or article["source"] or article["id"]
