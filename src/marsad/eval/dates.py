"""`marsad eval dates`: temporal-expression detection (span P/R/F1) and date normalisation
accuracy on the hand-annotated gold set, for Marsad's time stage and dateparser as a peer.

Gold: `data/gold/dates.jsonl` (ANERcorp test sentences and EASC passages, publication dates set
by the annotator; never used for tuning: the seeds and ANERcorp train are the dev material).
Normalisation is scored on gold dates a system detected (overlapping spans) and end to end; a
value is right when it equals the gold value at the gold's precision, an interval-only gold when
the predicted stretch centres on it. "false_dates" counts dates predicted over durations, clock
times, counts and look-alikes.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marsad.resources import data_text, json_lines
from marsad.time import find_temporal

TEMPORAL = ("date", "duration", "clock", "set")
NEGATIVE = ("count", "none", "duration", "clock", "set")


def load_gold(path: Path | None = None) -> list[dict[str, Any]]:
    """Gold items: text, published (ISO) and expressions with start/end offsets."""
    if path is None:
        return json_lines(data_text("gold", "dates.jsonl"))
    return json_lines(Path(path).read_text(encoding="utf-8"))


# A prediction: (start, end, label, value, interval).
Pred = tuple[int, int, str, str | None, list[str] | None]


def marsad_predict(text: str, pub: date) -> list[Pred]:
    return [
        (s.start, s.end, s.label, s.attrs.get("value"), s.attrs.get("interval"))
        for s in find_temporal(text, pub)
    ]


def dateparser_predict(text: str, pub: date) -> list[Pred]:
    """dateparser's `search_dates` as a peer; every hit is a date at day precision."""
    from dateparser.search import search_dates

    base = datetime(pub.year, pub.month, pub.day)
    try:
        hits = search_dates(text, languages=["ar"], settings={"RELATIVE_BASE": base}) or []
    except Exception:  # the peer failing on one text must not stop the evaluation
        hits = []
    out: list[Pred] = []
    pos = 0
    for sub, dt in hits:
        i = text.find(sub, pos)
        if i < 0:
            i = text.find(sub)
        if i < 0:
            continue
        out.append((i, i + len(sub), "date", dt.date().isoformat(), None))
        pos = i + len(sub)
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _days(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def value_correct(gold: dict[str, Any], value: str | None, interval: list[str] | None) -> bool:
    """Whether a predicted value/interval matches a gold date (see the module notes)."""
    gv = gold.get("value")
    if gv:
        return bool(value) and value[: len(gv)] == gv and len(value) >= len(gv)
    giv = gold.get("interval")
    if not giv:
        return False
    g0, g1 = _days(giv[0]), _days(giv[1])
    mid = (g0 + g1) / 2
    if interval and interval[0] and interval[1]:
        p0, p1 = _days(interval[0]), _days(interval[1])
        return p0 <= mid <= p1 and (p1 - p0) <= 3 * (g1 - g0) + 2
    if value and len(value) == 10:
        return g0 <= _days(value) <= g1
    return False


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate(
    items: list[dict[str, Any]], predict: Callable[[str, date], list[Pred]]
) -> dict[str, Any]:
    """Detection and normalisation scores of one system on the gold items."""
    n_gold = {"all": 0, "date": 0}
    n_pred = {"all": 0, "date": 0}
    exact = {"all": 0, "date": 0}
    lenient = {"all": 0, "date": 0}
    scored = detected = correct = false_dates = 0
    errors: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    preds_by_item = [predict(it["text"], date.fromisoformat(it["published"])) for it in items]
    elapsed = time.perf_counter() - t0
    for it, preds in zip(items, preds_by_item, strict=True):
        gold = [g for g in it["expressions"] if g["label"] in TEMPORAL]
        negatives = [g for g in it["expressions"] if g["label"] in NEGATIVE]
        n_gold["all"] += len(gold)
        n_gold["date"] += sum(g["label"] == "date" for g in gold)
        n_pred["all"] += len(preds)
        n_pred["date"] += sum(p[2] == "date" for p in preds)
        for g in gold:
            same = [p for p in preds if p[2] == g["label"]]
            if any(p[0] == g["start"] and p[1] == g["end"] for p in same):
                exact["all"] += 1
                exact["date"] += g["label"] == "date"
            if any(_overlap(p[0], p[1], g["start"], g["end"]) for p in same):
                lenient["all"] += 1
                lenient["date"] += g["label"] == "date"
            if g["label"] != "date" or g.get("vague"):
                continue
            scored += 1
            hits = [p for p in same if _overlap(p[0], p[1], g["start"], g["end"])]
            if not hits:
                errors.append(
                    {"id": it["id"], "gold": g["text"], "want": g.get("value"), "got": "missed"}
                )
                continue
            detected += 1
            p = max(hits, key=lambda h: min(h[1], g["end"]) - max(h[0], g["start"]))
            if value_correct(g, p[3], p[4]):
                correct += 1
            else:
                errors.append(
                    {
                        "id": it["id"],
                        "gold": g["text"],
                        "want": g.get("value") or g.get("interval"),
                        "got": p[3] or p[4],
                        "span": it["text"][p[0] : p[1]],
                    }
                )
        for p in preds:
            if p[2] != "date":
                continue
            for g in negatives:
                if _overlap(p[0], p[1], g["start"], g["end"]) and not any(
                    _overlap(p[0], p[1], d["start"], d["end"])
                    for d in it["expressions"]
                    if d["label"] == "date"
                ):
                    false_dates += 1
                    errors.append(
                        {
                            "id": it["id"],
                            "false_date": it["text"][p[0] : p[1]],
                            "over": g["text"],
                            "label": g["label"],
                        }
                    )
                    break
    return {
        "detection_exact": _prf(exact["all"], n_pred["all"], n_gold["all"]),
        "detection_lenient": _prf(lenient["all"], n_pred["all"], n_gold["all"]),
        "date_detection_exact": _prf(exact["date"], n_pred["date"], n_gold["date"]),
        "date_detection_lenient": _prf(lenient["date"], n_pred["date"], n_gold["date"]),
        "normalisation_accuracy": round(correct / detected, 4) if detected else 0.0,
        "end_to_end_accuracy": round(correct / scored, 4) if scored else 0.0,
        "dates_scored": scored,
        "dates_detected": detected,
        "dates_correct": correct,
        "false_dates": false_dates,
        "seconds": round(elapsed, 3),
        "items_per_second": round(len(items) / elapsed, 1) if elapsed else 0.0,
        "errors": errors,
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, default=None, help="gold JSONL (default: shipped)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-peer", action="store_true", help="skip the dateparser peer")
    parser.add_argument("--errors", action="store_true", help="list every error (text mode)")


def run(args: argparse.Namespace) -> int:
    items = load_gold(args.gold)
    n_expr = sum(len(it["expressions"]) for it in items)
    report: dict[str, Any] = {
        "gold": {
            "items": len(items),
            "expressions": n_expr,
            "source": str(args.gold) if args.gold else "data/gold/dates.jsonl",
        },
        "marsad": evaluate(items, marsad_predict),
    }
    if not args.no_peer:
        try:
            report["dateparser"] = evaluate(items, dateparser_predict)
        except ImportError:
            report["dateparser"] = {"error": "dateparser is not installed"}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(
        f"dates gold: {len(items)} items, {n_expr} expressions "
        f"({report['marsad']['dates_scored']} dates scored for normalisation)"
    )
    keys = (
        "detection_exact",
        "detection_lenient",
        "date_detection_exact",
        "date_detection_lenient",
    )
    for name in ("marsad", "dateparser"):
        r = report.get(name)
        if not r or "error" in r:
            continue
        print(f"\n{name}")
        for k in keys:
            m = r[k]
            print(f"  {k:24} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
        print(
            f"  normalisation accuracy   {r['normalisation_accuracy']:.3f} "
            f"({r['dates_correct']}/{r['dates_detected']} detected dates)"
        )
        print(
            f"  end-to-end accuracy      {r['end_to_end_accuracy']:.3f} "
            f"({r['dates_correct']}/{r['dates_scored']} gold dates)"
        )
        print(f"  false dates              {r['false_dates']}")
        print(f"  speed                    {r['items_per_second']} items/s")
        if args.errors:
            for e in r["errors"]:
                print("   ", json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    add_arguments(p)
    raise SystemExit(run(p.parse_args()))
