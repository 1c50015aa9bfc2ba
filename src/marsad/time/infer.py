"""Infer an article's publication date from its own text and from sibling articles.

The text gives anchors: day-month dates without a year (written that way because they are recent),
whose year a weekday fixes ("الخميس 21 أيلول" falls on a Thursday only in some years), and full
dates with a year (weaker: often background). Candidate publication days just after the anchors
are then scored by how well the relative expressions fit them ("أمس الجمعة" needs a Saturday,
bare weekdays point to the last few days, a scheduled date cannot lie before publication).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, timedelta
from statistics import median
from typing import Any

from marsad.time.detect import Mention
from marsad.time.lexicon import lexicon, month_of, squash, weekday_of
from marsad.time.resolve import resolve


def parse_iso(value: Any) -> date | None:
    """A `date` from a date, datetime or 'YYYY-MM-DD…' string; None if unusable."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _explicit_years(mentions: list[Mention], today: date) -> list[int]:
    years = []
    for m in mentions:
        if m.label != "date" or m.future_cue:
            continue
        y = m.groups.get("year") or m.groups.get("y") or m.groups.get("y2")
        if y and m.groups.get("era") != "ه" and 1900 <= int(y) <= today.year:
            years.append(int(y))
    return years


def _anchors(mentions: list[Mention], today: date) -> tuple[list[tuple[date, Mention]], float]:
    """Dated anchors and the confidence their kind deserves."""
    years = _explicit_years(mentions, today)
    lo = max(years) if years else None
    yearless: list[tuple[int, int, int | None, Mention]] = []
    full: list[tuple[date, Mention]] = []
    for m in mentions:
        if m.label != "date" or m.kind not in ("dm", "numeric"):
            continue
        if m.kind == "numeric":
            v = resolve(m, None).get("value")
            if v:
                full.append((date.fromisoformat(v), m))
            continue
        g = m.groups
        months = month_of(g["mon"])
        if not months or months[0].system == "hijri" or not g.get("day"):
            continue
        day_s = g["day"]
        day = int(day_s) if day_s.isdigit() else lexicon().ordinals.get(squash(day_s))
        if not day:
            continue
        if g.get("year"):
            with contextlib.suppress(ValueError):
                full.append((date(int(g["year"]), months[0].number, day), m))
        else:
            wd = weekday_of(g["wd"]) if g.get("wd") else None
            yearless.append((months[0].number, day, wd, m))
    if yearless:
        year, conf = None, 0.0
        for mon, day, wd, _ in yearless:
            if wd is None:
                continue
            first = lo if lo is not None else today.year - 30
            fits = []
            for y in range(first, today.year + 1):
                try:
                    if date(y, mon, day).isoweekday() == wd:
                        fits.append(y)
                except ValueError:
                    continue
            if fits:
                # With a lower bound from the text: the first fitting year after it; otherwise
                # the latest one before today.
                year = fits[0] if lo is not None else fits[-1]
                conf = 0.8 if lo is not None else 0.55
                break
        if year is None and lo is not None:
            year, conf = lo, 0.3
        if year is not None:
            out = []
            for mon, day, _, m in yearless:
                try:
                    out.append((date(year, mon, day), m))
                except ValueError:
                    continue
            if out:
                return out, conf
    if full:
        return full, 0.3
    return [], 0.0


def _score(pub: date, mentions: list[Mention], anchors: list[tuple[date, Mention]]) -> float:
    """How well a candidate publication day fits the relative expressions of the text."""
    lx = lexicon()
    s = 0.0
    for m in mentions:
        if m.label != "date":
            continue
        g = m.groups
        if m.kind == "weekday":
            wd = weekday_of(g["wd"])
            rel = lx.relative_days.get(squash(g.get("rel", "")))
            if wd is None:
                continue
            if rel is not None:
                s += 2.0 if (pub + timedelta(days=rel)).isoweekday() == wd else -2.0
            elif not g.get("mod") and not m.future_cue:
                s -= 0.1 * ((pub.isoweekday() - wd) % 7)  # bare weekdays: the last few days
        elif m.kind == "ordinal" and lx.modifiers.get(squash(g.get("mod", ""))) == "current":
            s += 0.0  # the month is unknown without an anchor
    for d, m in anchors:
        direction = lx.modifiers.get(squash(m.groups.get("mod", "")))
        if m.future_cue and d < pub:
            s -= 2.0
        elif not m.future_cue and d < pub:
            s -= 0.05 * (pub - d).days  # news reports recent days
        if direction == "current":
            s += 1.0 if (d.year, d.month) == (pub.year, pub.month) else -1.0
    return s


def _best_near(
    lo: date, hi: date, mentions: list[Mention], anchors: list[tuple[date, Mention]]
) -> tuple[date, float]:
    best, best_s = lo, float("-inf")
    d = lo
    while d <= hi:
        sc = _score(d, mentions, anchors)
        if sc > best_s:  # ties keep the earliest day
            best, best_s = d, sc
        d += timedelta(days=1)
    return best, best_s


def infer_from_mentions(
    mentions: list[Mention], siblings: Iterable[Any] = (), today: date | None = None
) -> tuple[date | None, float]:
    """Publication date and confidence from detected mentions and sibling articles' dates."""
    today = today or date.today()
    anchors, conf = _anchors(mentions, today)
    text_est: tuple[date | None, float] = (None, 0.0)
    if anchors:
        past = [d for d, m in anchors if not m.future_cue]
        if past:
            lo = max(past)
            hi = lo + timedelta(days=7)
        else:
            hi = min(d for d, _ in anchors)
            lo = hi - timedelta(days=7)
        hi = min(hi, today)
        lo = min(lo, hi)
        best, sc = _best_near(lo, hi, mentions, anchors)
        text_est = (best, round(conf * (1.0 if sc >= 0 else 0.7), 2))
    sib_dates = []
    for s in siblings:
        d = parse_iso(s) if not hasattr(s, "published") else parse_iso(s.published)
        if d:
            sib_dates.append(d)
    if sib_dates:
        mid = date.fromordinal(int(median(d.toordinal() for d in sib_dates)))
        best, _ = _best_near(mid - timedelta(days=3), mid + timedelta(days=3), mentions, anchors)
        spread = max(sib_dates) - min(sib_dates)
        sib_conf = 0.6 if spread.days <= 3 else 0.4
        if text_est[0] is not None and abs((text_est[0] - best).days) <= 3:
            return text_est[0], round(min(0.95, max(text_est[1], sib_conf) + 0.1), 2)
        if text_est[0] is None or text_est[1] < sib_conf:
            return best, sib_conf
    return text_est
