"""Quote extraction and speaker attribution against the hand-annotated held-out set.

    marsad eval quotes [--json] [--gold PATH | --all-sets] [--errors]

Gold sets in `data/gold/`, annotated by hand for Marsad from EASC articles (El-Haj et al.
2010, CC BY 4.0) and ANERcorp sentences (Benajiba et al. 2007, CAMeL split, CC BY-SA 4.0):
`quotes.jsonl` (the default), the blind sets `quotes_blind*.jsonl`
and the development sets `quotes_dev_*.jsonl`. Every set was annotated before the extractor
was run on it; a blind set is scored once (the run is recorded in its header) and a
development set's first score is recorded too; after that each served for development, so
only the newest blind set measures the extractor on text it was not tuned on. Scores:
- quote span, overlap: a predicted quote matches a gold quote (one-to-one) when they
  share at least half of the shorter one; exact: same offsets after trimming spaces,
  punctuation and quote marks at both ends;
- speaker: a matched quote whose speaker is right (the resolved speaker or the mention it
  was reached through overlaps the gold speaker mention, or shares a name word with the
  gold speaker or one of its `speaker_alts`); precision
  over predicted quotes that name a speaker, recall over gold quotes that have one;
- per type, and how often a gold partial/scare quote came out as a full statement;
- the same scores for an EMM-style baseline run in the same command (quotation marks,
  reporting verb + complementiser, nearest name: marsad.eval.quote_baseline), on the
  same prepared texts: the text and entity stages run once per text;
- `items_per_second`: extraction and scoring, the text and entity stages left out.
`--all-sets` scores every shipped set, each and pooled (a development score: all but the
newest blind set were looked at).
`--agreement` scores the annotations in `data/gold/agreement/` (`<set>.<who>.jsonl`, the
same texts annotated from the same guidelines by annotators who never saw each other's
work) against each other and, where they were made apart from the gold (header line
`# role: independent`), against the gold, beside Marsad: how far apart two careful
annotators are, i.e. how much of a gap to the gold the metric can resolve. A set adjudicated
from its two annotations (`# role: source`) gets no "vs gold" row: the gold is made of them.
The metric is the extractor's, so it reads the alternative names of the reference side only
and "a vs b" need not mirror "b vs a" exactly.
A new blind set waits in `data/gold/reserved/`, which no command or test reads, until its
one scored run.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.entities import annotate_entities
from marsad.eval.quote_baseline import baseline_quotes
from marsad.model import Article, Span
from marsad.quotes import find_quotes
from marsad.quotes.lexicon import strip_article, word_classes
from marsad.resources import data_names, data_text, json_lines
from marsad.text import annotate_text
from marsad.text.normalize import normalize

_EDGE = " \t\n\r\u00a0.،,:؛;!?؟\"'“”„‟«»‹›＂〝〞()"
_WORD_RE = re.compile(r"[^\W_]+")
TYPES = ("direct", "indirect", "partial")


def load_gold(path: Path | None = None) -> list[dict[str, Any]]:
    """Gold items (lines starting with # are the file's header)."""
    if path is None:
        return json_lines(data_text("gold", "quotes.jsonl"))
    return json_lines(Path(path).read_text(encoding="utf-8"))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def _name_words(s: str | None) -> set[str]:
    """Words of a speaker string that can identify it (titles and articles set aside)."""
    out = set()
    for w in _WORD_RE.findall(normalize(s or "")):
        core = strip_article(w)
        if len(core) < 2 or "description_head" in word_classes(core):
            continue
        out.add(core)
    return out


def speaker_ok(pred: Span, gold: dict[str, Any], text: str) -> bool:
    """The predicted speaker is the gold one: either the resolved speaker (`speaker`, the
    person the product shows) or the mention it was reached through (`speaker_mention`,
    e.g. the description "المسؤول" written in the sentence) overlaps the gold mention or
    shares a name word with the gold speaker or one of its alternatives."""
    if gold.get("speaker") is None:
        return pred.attrs.get("speaker") is None
    if pred.attrs.get("speaker") is None:
        return False
    gs, ge = gold["speaker_start"], gold["speaker_end"]
    golds = [gold["speaker"], *gold.get("speaker_alts", [])]
    for key in ("speaker", "speaker_mention"):
        surface = pred.attrs.get(key)
        if surface is None:
            continue
        ps, pe = pred.attrs.get(f"{key}_start"), pred.attrs.get(f"{key}_end")
        if ps is not None and pe is not None and min(pe, ge) > max(ps, gs):
            return True
        words = _name_words(surface)
        if any(words & _name_words(g) for g in golds):
            return True
    return False


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def match_quotes(text: str, gold: list[dict], pred: list[Span]) -> list[tuple[int, int, float]]:
    """One-to-one matching: a pair qualifies when it shares >= half of the shorter span;
    pairs are taken best intersection-over-union first, so a partial quote inside an
    indirect one pairs with the partial, not with the indirect."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap((g["start"], g["end"]), (p.start, p.end))
            if ov >= 0.5:
                cands.append((_iou((g["start"], g["end"]), (p.start, p.end)), gi, pi))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ov, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, ov))
    return out


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def prepare(item: dict[str, Any]) -> Article:
    """A gold text as the pipeline hands it to the quote stage: with its sentence, token
    and entity layers (the extractor reads the entities)."""
    text = item["text"]
    return annotate_entities(annotate_text(Article(id=item["id"], raw=text, text=text)))


def evaluate(
    items: list[dict[str, Any]],
    finder: Callable[[Article], list[Span]] = find_quotes,
    articles: list[Article] | None = None,
) -> dict[str, Any]:
    """Score `finder` on the gold items; `articles` are the items already `prepare`d (so
    that Marsad and the baseline share one run of the text and entity stages)."""
    if articles is None:
        articles = [prepare(it) for it in items]
    c = {"gold": 0, "pred": 0, "match": 0, "exact": 0, "spk_pred": 0, "spk_gold": 0}
    c["spk_ok"] = 0
    per = {t: {"gold": 0, "pred": 0, "match": 0} for t in TYPES}
    confusion: dict[str, int] = {}
    errors: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for it, article in zip(items, articles, strict=True):
        text = it["text"]
        pred = finder(article)
        gold = it["quotes"]
        pairs = match_quotes(text, gold, pred)
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        c["match"] += len(pairs)
        c["spk_pred"] += sum(1 for p in pred if p.attrs.get("speaker") is not None)
        c["spk_gold"] += sum(1 for g in gold if g.get("speaker") is not None)
        for g in gold:
            per[g["type"]]["gold"] += 1
        for p in pred:
            per[p.attrs["type"]]["pred"] += 1
        matched_g = {gi for gi, _, _ in pairs}
        matched_p = {pi for _, pi, _ in pairs}
        for gi, pi, _ in pairs:
            g, p = gold[gi], pred[pi]
            if _trim(text, g["start"], g["end"]) == _trim(text, p.start, p.end):
                c["exact"] += 1
            gt, pt = g["type"], p.attrs["type"]
            key = f"{gt}->{pt}"
            confusion[key] = confusion.get(key, 0) + 1
            if gt == pt:
                per[gt]["match"] += 1
            ok = speaker_ok(p, g, text)
            if ok and g.get("speaker") is not None and p.attrs.get("speaker") is not None:
                c["spk_ok"] += 1
            elif not ok:
                errors.append(
                    {
                        "id": it["id"],
                        "kind": "speaker",
                        "quote": text[g["start"] : g["end"]][:80],
                        "gold": g.get("speaker"),
                        "pred": p.attrs.get("speaker"),
                    }
                )
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                errors.append(
                    {"id": it["id"], "kind": "missed", "type": g["type"], "quote": g["text"][:80]}
                )
        for pi, p in enumerate(pred):
            if pi not in matched_p:
                errors.append(
                    {
                        "id": it["id"],
                        "kind": "spurious",
                        "type": p.attrs["type"],
                        "quote": text[p.start : p.end][:80],
                        "speaker": p.attrs.get("speaker"),
                    }
                )
    elapsed = time.perf_counter() - t0
    partial_as_statement = sum(
        v for k, v in confusion.items() if k.startswith("partial->") and not k.endswith("partial")
    )
    return {
        "counts": c,
        "span_overlap": _prf(c["match"], c["pred"], c["match"], c["gold"]),
        "span_exact": _prf(c["exact"], c["pred"], c["exact"], c["gold"]),
        "speaker": _prf(c["spk_ok"], c["spk_pred"], c["spk_ok"], c["spk_gold"]),
        "per_type": {
            t: {**per[t], **_prf(per[t]["match"], per[t]["pred"], per[t]["match"], per[t]["gold"])}
            for t in TYPES
        },
        "type_confusion": dict(sorted(confusion.items())),
        "gold_partial_reported_as_statement": partial_as_statement,
        "items_per_second": round(len(items) / elapsed, 1) if elapsed else 0.0,
        "errors": errors,
    }


def gold_sets() -> list[str]:
    """Names of the shipped quote gold sets (`data/gold/quotes*.jsonl`), sorted."""
    return [
        name[: -len(".jsonl")]
        for name in data_names("gold")
        if name.startswith("quotes") and name.endswith(".jsonl")
    ]


def _pooled(counts: list[dict[str, int]]) -> dict[str, Any]:
    c = {k: sum(x[k] for x in counts) for k in counts[0]}
    return {
        "counts": c,
        "span_overlap": _prf(c["match"], c["pred"], c["match"], c["gold"]),
        "speaker": _prf(c["spk_ok"], c["spk_pred"], c["spk_ok"], c["spk_gold"]),
    }


def evaluate_all_sets() -> dict[str, Any]:
    """Marsad and the baseline on every shipped gold set, each set and pooled. Every set
    has served for development after its one blind run, so the pooled row is a
    development score, not a held-out one."""
    per_set: dict[str, Any] = {}
    ours: list[dict[str, int]] = []
    theirs: list[dict[str, int]] = []
    for name in gold_sets():
        items = json_lines(data_text("gold", f"{name}.jsonl"))
        articles = [prepare(it) for it in items]
        mine = evaluate(items, find_quotes, articles)
        base = evaluate(items, baseline_quotes, articles)
        ours.append(mine["counts"])
        theirs.append(base["counts"])
        per_set[name] = {
            "quotes": mine["counts"]["gold"],
            "marsad": {k: mine[k] for k in ("span_overlap", "speaker")},
            "baseline": {k: base[k] for k in ("span_overlap", "speaker")},
        }
    return {"sets": per_set, "pooled": {"marsad": _pooled(ours), "baseline": _pooled(theirs)}}


def _print_all_sets(report: dict[str, Any]) -> None:
    print("quote gold sets: span overlap P/R, speaker P/R (Marsad | EMM-style baseline)")
    rows = [(name, r["quotes"], r["marsad"], r["baseline"]) for name, r in report["sets"].items()]
    pooled = report["pooled"]
    rows.append(
        ("pooled", pooled["marsad"]["counts"]["gold"], pooled["marsad"], pooled["baseline"])
    )
    for name, n, m, b in rows:
        cells = [
            f"{x[k]['precision']:.3f}/{x[k]['recall']:.3f}"
            for x in (m, b)
            for k in ("span_overlap", "speaker")
        ]
        print(f"  {name:24} {n:5}  {cells[0]}  {cells[1]}  |  {cells[2]}  {cells[3]}")


def second_annotations() -> dict[str, list[str]]:
    """Gold set name -> the names of its annotations in `data/gold/agreement/`."""
    out: dict[str, list[str]] = {}
    for name in data_names("gold", "agreement"):
        if name.endswith(".jsonl"):
            out.setdefault(name.split(".", 1)[0], []).append(name)
    return out


def annotation_quotes(items: list[dict[str, Any]]) -> Callable[[Article], list[Span]]:
    """A finder that answers with an annotation's own quotes, so that one annotation can be
    scored against another exactly as the extractor is (its `speaker_alts` unused)."""
    by_id = {it["id"]: it for it in items}

    def finder(article: Article) -> list[Span]:
        spans = []
        for q in by_id[article.id]["quotes"]:
            attrs: dict[str, Any] = {"type": q["type"], "speaker": q.get("speaker")}
            if q.get("speaker") is not None:
                attrs["speaker_start"], attrs["speaker_end"] = q["speaker_start"], q["speaker_end"]
            spans.append(Span(q["start"], q["end"], "quote", attrs))
        return spans

    return finder


_ROLE_INDEPENDENT = "# role: independent"


def evaluate_agreement() -> dict[str, Any]:
    """Per gold set with annotations in `data/gold/agreement/`: Marsad and each annotation
    made apart from the gold against the gold, and every ordered pair of annotations
    against each other."""
    keys = ("span_overlap", "span_exact", "speaker")
    out: dict[str, Any] = {}
    for name, others in second_annotations().items():
        gold = json_lines(data_text("gold", f"{name}.jsonl"))
        articles = [prepare(it) for it in gold]
        ids = [it["id"] for it in gold]
        annotations = {}
        independent = set()
        for other in others:
            text = data_text("gold", "agreement", other)
            items = json_lines(text)
            if [it["id"] for it in items] != ids:
                raise ValueError(f"{other}: not the texts of {name}, in order")
            who = other.split(".")[1]
            annotations[who] = items
            if _ROLE_INDEPENDENT in text.splitlines()[0]:
                independent.add(who)
        rows = {"marsad vs gold": evaluate(gold, find_quotes, articles)}
        for who, items in annotations.items():
            if who in independent:
                rows[f"{who} vs gold"] = evaluate(gold, annotation_quotes(items), articles)
        for who, items in annotations.items():
            for ref, ref_items in annotations.items():
                if ref != who:
                    rows[f"{who} vs {ref}"] = evaluate(
                        ref_items, annotation_quotes(items), articles
                    )
        out[name] = {row: {k: r[k] for k in keys} for row, r in rows.items()}
    return out


def _print_agreement(report: dict[str, Any]) -> None:
    print("annotator agreement: span overlap P/R, span exact P/R, speaker P/R")
    for name, rows in report.items():
        print(f"  {name}")
        for row, r in rows.items():
            cells = "  ".join(
                f"{r[k]['precision']:.3f}/{r[k]['recall']:.3f}"
                for k in ("span_overlap", "span_exact", "speaker")
            )
            print(f"    {row:18} {cells}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, default=None, help="gold JSONL (default: shipped)")
    parser.add_argument(
        "--all-sets",
        action="store_true",
        help="score every shipped gold set (data/gold/quotes*.jsonl), each and pooled",
    )
    parser.add_argument(
        "--agreement",
        action="store_true",
        help="score the blind annotations in data/gold/agreement/ against each other, and "
        "against the gold where they were made apart from it",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", action="store_true", help="list every error (text mode)")


def run(args: argparse.Namespace) -> int:
    for flag, evaluate_sets, show in (
        ("all_sets", evaluate_all_sets, _print_all_sets),
        ("agreement", evaluate_agreement, _print_agreement),
    ):
        if getattr(args, flag, False):
            report = evaluate_sets()
            if getattr(args, "json", False):
                print(json.dumps(report, ensure_ascii=False))
            else:
                show(report)
            return 0
    gold_path = getattr(args, "gold", None)
    items = load_gold(gold_path)
    articles = [prepare(it) for it in items]
    report = evaluate(items, find_quotes, articles)
    base = evaluate(items, baseline_quotes, articles)
    report["baseline"] = {
        "name": "quote marks + reporting verb + nearest name (EMM-style)",
        **{k: base[k] for k in ("span_overlap", "span_exact", "speaker", "per_type")},
    }
    report["gold"] = {
        "items": len(items),
        "quotes": sum(len(it["quotes"]) for it in items),
        # name the file actually scored, so a blind-set number is never reported as the shipped set
        "source": str(gold_path)
        if gold_path is not None
        else "data/gold/quotes.jsonl (EASC + ANERcorp test, hand-annotated)",
    }
    if getattr(args, "json", False):
        print(json.dumps(report, ensure_ascii=False))
        return 0
    g = report["gold"]
    print(f"quotes gold: {g['items']} texts, {g['quotes']} quotes ({g['source']})")
    for key in ("span_overlap", "span_exact", "speaker"):
        m = report[key]
        print(f"  {key:14} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
    b = report["baseline"]
    print(f"  baseline, {b['name']}:")
    for key in ("span_overlap", "span_exact", "speaker"):
        m = b[key]
        print(f"  {key:14} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
    print("  Marsad per type:")
    for t, m in report["per_type"].items():
        print(
            f"  {t:14} P {m['precision']:.3f}  R {m['recall']:.3f}  "
            f"(gold {m['gold']}, predicted {m['pred']}, same type {m['match']})"
        )
    print(f"  type confusion (gold->pred): {report['type_confusion']}")
    print(
        f"  gold partial quotes reported as statements: {report['gold_partial_reported_as_statement']}"
    )
    if getattr(args, "errors", False):
        for e in report["errors"]:
            print("   ", json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(p)
    raise SystemExit(run(p.parse_args()))
