"""Resolve detected mentions to calendar values anchored on the publication date.

Values are ISO strings at the precision the text gives: YYYY-MM-DD, YYYY-MM or YYYY; spans that
cover a stretch (periods, weeks, decades, "since") also carry `interval` = [start, end] as ISO
dates. Anything that needs the publication date and has none gets value None.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from marsad.time.detect import Mention
from marsad.time.lexicon import lexicon, month_of, squash, weekday_of

_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_PART_WEEK = {"early": (0, 1), "mid": (1, 3), "late": (4, 6)}  # day offsets from Monday


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_interval(y: int, m: int, part: str | None) -> list[str]:
    lo, hi = _PART_DAYS.get(part or "", (1, 31))
    return [date(y, m, lo).isoformat(), date(y, m, min(hi, _last_day(y, m))).isoformat()]


def _year_interval(y: int, part: str | None) -> list[str]:
    lo, hi = _PART_MONTHS.get(part or "", (1, 12))
    return [date(y, lo, 1).isoformat(), date(y, hi, _last_day(y, hi)).isoformat()]


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _hijri_to_greg(y: int, m: int, d: int) -> date | None:
    try:
        from hijridate import Hijri

        return date(*Hijri(y, m, d).to_gregorian().datetuple())
    except Exception:  # out of the library's range or an impossible day
        return None


def _greg_to_hijri_year(d: date) -> int | None:
    try:
        from hijridate import Gregorian

        return Gregorian(d.year, d.month, d.day).to_hijri().year
    except Exception:
        return None


def _direction(m: Mention) -> str | None:
    mod = m.groups.get("mod")
    if mod:
        return lexicon().modifiers.get(squash(mod))
    return "future" if m.future_cue else None


def _weekday_date(pub: date, wd: int, direction: str | None) -> date:
    """The weekday `wd` nearest `pub` in the given direction (bare: on or before pub)."""
    back = (pub.isoweekday() - wd) % 7
    if direction == "past":
        return pub - timedelta(days=back or 7)
    if direction == "future":
        fwd = (wd - pub.isoweekday()) % 7
        return pub + timedelta(days=fwd or 7)
    return pub - timedelta(days=back)


def _out(value: str | None, conf: float, interval: list[str] | None = None, **kw: Any) -> dict:
    d: dict[str, Any] = {"value": value, "confidence": round(conf, 2)}
    if interval:
        d["interval"] = interval
    d.update({k: v for k, v in kw.items() if v is not None})
    return d


def _year_for_month(pub: date, month: int, direction: str | None) -> int:
    if direction == "current":
        return pub.year
    if direction == "past":
        return pub.year if month < pub.month else pub.year - 1
    if direction == "future":
        return pub.year if month > pub.month else pub.year + 1
    # No cue: news looks back, except to the next month or two ("نوفمبر" written in October is
    # next month; "آذار" written in October is last March).
    ahead = (month - pub.month) % 12
    if ahead == 0:
        return pub.year
    if ahead <= 2:
        return pub.year if month > pub.month else pub.year + 1
    return pub.year if month < pub.month else pub.year - 1


def _resolve_dm(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    months = month_of(g["mon"])
    mon = months[0]
    part = lx.periods.get(squash(g.get("per", "")))
    day_s = g.get("day")
    day = (int(day_s) if day_s.isdigit() else lx.ordinals.get(squash(day_s))) if day_s else None
    year = int(g["year"]) if g.get("year") else None
    if year is None and g.get("ref_year") and mon.system != "hijri":
        year = int(g["ref_year"])
        conf = 0.75
    else:
        conf = 0.95
    wd = weekday_of(g["wd"]) if g.get("wd") else None
    direction = _direction(m)
    if len(months) > 1 and months[0].number != months[1].number:
        conf -= 0.3  # "أيلول/أكتوبر": the two names disagree
    if mon.system == "hijri":
        hy = year or (_greg_to_hijri_year(pub) if pub else None)
        if hy is None:
            return _out(None, 0.0, calendar="hijri")
        hijri = f"{hy:04d}-{mon.number:02d}" + (f"-{day:02d}" if day else "")
        if day:
            gd = _hijri_to_greg(hy, mon.number, day)
            return _out(
                gd.isoformat() if gd else None, conf if year else 0.6, calendar="hijri", hijri=hijri
            )
        a, b = _hijri_to_greg(hy, mon.number, 1), None
        for last in (30, 29):
            b = b or _hijri_to_greg(hy, mon.number, last)
        iv = [a.isoformat(), b.isoformat()] if a and b else None
        return _out(None, conf if year else 0.6, iv, calendar="hijri", hijri=hijri)
    if year is None:
        if pub is None:
            return _out(None, 0.0, month=mon.number, day=day, weekday=wd)
        if day and direction is None and wd is None:
            # Closest occurrence to publication, past preferred on a tie.
            best = None
            for y in (pub.year - 1, pub.year, pub.year + 1):
                d = _safe_date(y, mon.number, min(day, _last_day(y, mon.number)))
                if d and (best is None or abs((d - pub).days) < abs((best - pub).days)):
                    best = d
            year = best.year if best else pub.year
        elif day and wd is not None and direction is None:
            # The year (near publication) in which that day falls on the named weekday.
            year = pub.year
            for y in (pub.year, pub.year - 1, pub.year + 1):
                d = _safe_date(y, mon.number, day)
                if d and d.isoweekday() == wd:
                    year = y
                    break
        else:
            year = _year_for_month(pub, mon.number, direction)
            if direction == "current" and pub.month != mon.number:
                conf -= 0.3
        conf -= 0.05
    if day:
        d = _safe_date(year, mon.number, day)
        if d is None:
            return _out(None, 0.0)
        if wd is not None and d.isoweekday() != wd:
            conf -= 0.4  # weekday and day-of-month disagree
        return _out(d.isoformat(), conf)
    return _out(
        f"{year:04d}-{mon.number:02d}",
        conf,
        _month_interval(year, mon.number, part) if part else None,
        period=part,
    )


def _resolve_year(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    y = int(g["year"])
    part = lx.periods.get(squash(g.get("per", "")))
    if g.get("era") == "ه":
        a = _hijri_to_greg(y, 1, 1)
        b = _hijri_to_greg(y + 1, 1, 1)
        iv = [a.isoformat(), (b - timedelta(days=1)).isoformat()] if a and b else None
        return _out(None, 0.9, iv, calendar="hijri", hijri=f"{y:04d}")
    conf = 0.95 if (g.get("yw") or g.get("per") or m.since) else 0.85
    return _out(str(y), conf, _year_interval(y, part) if part else None, period=part)


def _resolve_decade(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    start = lx.decades[squash(g["dec"])]
    cent = squash(g.get("cent", ""))
    if "الحالي" in cent or "الحادي" in cent:
        start += 100
    part = lx.periods.get(squash(g.get("per", "")))
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part or "", (0, 9))
    iv = [date(start + lo, 1, 1).isoformat(), date(start + hi, 12, 31).isoformat()]
    return _out(None, 0.85, iv, period=part, decade=f"{start}s")


def _resolve_weekday(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    wd = weekday_of(g["wd"])
    if pub is None or wd is None:
        return _out(None, 0.0, weekday=wd)
    rel = lx.relative_days.get(squash(g.get("rel", "")))
    if rel is not None:
        d = pub + timedelta(days=rel)
        if d.isoweekday() == wd:
            return _out(d.isoformat(), 0.95)
        # "أمس الجمعة" when the day before publication is not a Friday: trust the weekday.
        direction = "past" if rel < 0 else ("future" if rel > 0 else None)
        return _out(_weekday_date(pub, wd, direction).isoformat(), 0.5, inconsistent=True)
    direction = _direction(m)
    d = _weekday_date(pub, wd, direction)
    conf = 0.9 if g.get("mod") else (0.7 if direction == "future" else 0.8)
    return _out(d.isoformat(), conf)


def _resolve_relday(m: Mention, pub: date | None) -> dict:
    off = lexicon().relative_days[squash(m.groups["rel"])]
    if pub is None:
        return _out(None, 0.0)
    return _out((pub + timedelta(days=off)).isoformat(), 0.9)


def _shift(pub: date, unit: str, n: int) -> dict:
    """The calendar value `n` units from pub (negative = before), at the unit's precision."""
    if unit in ("day", "hour", "minute"):
        return _out((pub + timedelta(days=n)).isoformat(), 0.9)
    if unit == "week":
        return _out((pub + timedelta(days=7 * n)).isoformat(), 0.6)
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, n)
        return _out(f"{y:04d}-{mo:02d}", 0.8)
    if unit == "year":
        return _out(str(pub.year + n), 0.8)
    if unit == "decade":
        return _out(str(pub.year + 10 * n), 0.5)
    return _out(str(pub.year + 100 * n), 0.4)


def _resolve_unitmod(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    du = squash(g["dunit"])
    mod = squash(g.get("mod", ""))
    direction = lx.modifiers.get(mod) or ("past" if mod.startswith("الاخير") else None)
    if g.get("this"):
        direction = "current"
    part = lx.periods.get(squash(g.get("per", "")))
    if pub is None:
        return _out(None, 0.0)
    if du == "الليله":
        return _out((pub - timedelta(days=1 if direction == "past" else 0)).isoformat(), 0.85)
    unit, count = lx.units.get(du[2:], ("day", 1))
    step = {"past": -1, "future": 1}.get(direction or "", 0)
    if count == 0:  # "الأيام المقبلة", "الأشهر الماضية": a vague stretch next to publication
        span = {"day": 7, "week": 30, "month": 90, "year": 730}.get(unit, 7)
        if step >= 0:
            iv = [(pub + timedelta(days=1)).isoformat(), (pub + timedelta(days=span)).isoformat()]
        else:
            iv = [(pub - timedelta(days=span)).isoformat(), (pub - timedelta(days=1)).isoformat()]
        return _out(None, 0.3, iv, vague=True)
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * step)
        lo, hi = _PART_WEEK.get(part or "", (0, 6))
        iv = [(monday + timedelta(days=lo)).isoformat(), (monday + timedelta(days=hi)).isoformat()]
        return _out(None, 0.8, iv, period=part)
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, step)
        return _out(
            f"{y:04d}-{mo:02d}", 0.9, _month_interval(y, mo, part) if part else None, period=part
        )
    if unit == "year":
        y = pub.year + step
        return _out(str(y), 0.9, _year_interval(y, part) if part else None, period=part)
    if unit == "day":
        return _out((pub + timedelta(days=step)).isoformat(), 0.85)
    if unit in ("decade", "century"):
        size = 10 if unit == "decade" else 100
        start = (pub.year // size + step) * size
        return _out(None, 0.6, [f"{start:04d}-01-01", f"{start + size - 1:04d}-12-31"])
    return _out(None, 0.0)


def _resolve_ago(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    unit, count = lx.units[squash(g["unit"])]
    num_s = g.get("num")
    if num_s:
        n = (
            int(float(num_s.replace(",", ".")))
            if num_s[0].isdigit()
            else lx.numbers.get(squash(num_s), 0)
        )
    else:
        n = 2 if count == 2 else 1
    if pub is None or n == 0:
        return _out(None, 0.0)
    sign = 1 if squash(g["dir"]) == "بعد" else -1
    if unit in ("hour", "minute"):
        hours = n if unit == "hour" else n / 60
        return _out((pub + timedelta(days=sign * int(hours // 24))).isoformat(), 0.6)
    return _shift(pub, unit, sign * n)


def _resolve_ordinal(m: Mention, pub: date | None) -> dict:
    lx = lexicon()
    g = m.groups
    day = int(g["day"]) if g["day"].isdigit() else lx.ordinals[squash(g["day"])]
    if pub is None:
        return _out(None, 0.0, day=day)
    direction = "current" if g.get("this") else lx.modifiers.get(squash(g.get("mod", "")))
    step = {"past": -1, "future": 1}.get(direction or "", 0)
    y, mo = _add_months(pub.year, pub.month, step)
    d = _safe_date(y, mo, day)
    return _out(d.isoformat() if d else None, 0.9 if d else 0.0)


def _resolve_numeric(m: Mention, pub: date | None) -> dict:
    g = m.groups
    if g.get("y"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    else:
        y, mo, d = int(g["y2"]), int(g["m2"]), int(g["d2"])
    dt = _safe_date(y, mo, d)
    wd = weekday_of(g["wd"]) if g.get("wd") else None
    conf = 0.95 if dt and (wd is None or dt.isoweekday() == wd) else (0.5 if dt else 0.0)
    return _out(dt.isoformat() if dt else None, conf)


def _resolve_clock(m: Mention) -> dict:
    lx = lexicon()
    g = m.groups
    h_s = g.get("h") or g.get("hm") or ""
    mins = 0
    if h_s[:1].isdigit():
        parts = h_s.replace(".", ":").split(":")
        h = int(parts[0])
        mins = int(parts[1]) if len(parts) > 1 else 0
    else:
        h = lx.clock_hours.get(squash(h_s), 0)
    frac = squash(g.get("frac", ""))
    if "النصف" in frac:
        mins = 30
    elif "الا" in frac:
        h, mins = h - 1, 45
    elif "الربع" in frac:
        mins = 15
    rule = lx.clock_parts.get(squash(g.get("part", "")))
    if (rule == "pm" and h < 12) or (rule == "noon" and h < 6) or (rule == "night" and 6 <= h < 12):
        h += 12
    return {"value": f"{h % 24:02d}:{mins:02d}"}


_RESOLVERS = {
    "dm": _resolve_dm,
    "year": _resolve_year,
    "decade": _resolve_decade,
    "weekday": _resolve_weekday,
    "relday": _resolve_relday,
    "unitmod": _resolve_unitmod,
    "ago": _resolve_ago,
    "ordinal": _resolve_ordinal,
    "numeric": _resolve_numeric,
}


def resolve(m: Mention, pub: date | None) -> dict[str, Any]:
    """Span attrs for one mention: value, interval, kind, confidence (dates); value for clocks."""
    if m.label == "clock":
        return {"kind": "clock", **_resolve_clock(m)}
    if m.label == "set":
        return {"kind": "set", "value": None}
    if m.label == "duration":
        return {"kind": m.kind, "value": None}
    attrs = _RESOLVERS[m.kind](m, pub)
    attrs["kind"] = m.kind
    if m.since and attrs.get("value"):
        start = attrs.get("interval", [_start_of(attrs["value"])])[0]
        attrs["interval"] = [start, pub.isoformat() if pub else None]
        attrs["since"] = True
    if m.future_cue:
        attrs["future"] = True
    return attrs


def _start_of(value: str) -> str:
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value
