"""Normalise metadata dates (feeds, JSONL, HTML meta) to `YYYY-MM-DD`.

Only machine-written formats are handled here: ISO 8601, RFC 822/2822 (feeds), numeric
day-first dates, English month names via the C locale, Unix timestamps and `time.struct_time`.
Dates written in Arabic prose are the job of the time stage, not of ingestion.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["normalize_date"]

# Arabic-Indic and Persian digits appear in Arabic sites' metadata too.
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)
_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
# English textual dates as C-locale strptime formats (no hand-written month lists).
_TEXT_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%b %d %Y")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _ok(y: int, m: int, d: int) -> str | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_datetime(dt: datetime) -> str | None:
    # The calendar date as written by the publisher (its own offset), not converted to UTC.
    return _ok(dt.year, dt.month, dt.day)


def normalize_date(value: Any) -> str | None:
    """Return `value` as `YYYY-MM-DD`, or None if it is missing or not a recognisable date.

    Accepts strings, `datetime`/`date`, `time.struct_time` (feedparser) and Unix timestamps
    (seconds or milliseconds). Numeric dates with the year last are read day-first, as Arabic
    and European sites write them.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _from_datetime(value)
    if isinstance(value, date):
        return _ok(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _ok(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    s = value.translate(_DIGITS).strip()
    if not s or len(s) > 100:
        return None
    if s.isdigit() and len(s) in (10, 13):
        return _from_timestamp(float(s))
    try:  # ISO 8601 incl. "Z" (Python 3.11+)
        return _from_datetime(datetime.fromisoformat(s))
    except ValueError:
        pass
    if m := _COMPACT.match(s):
        return _ok(int(m[1]), int(m[2]), int(m[3]))
    if m := _YMD.search(s):
        return _ok(int(m[1]), int(m[2]), int(m[3]))
    try:  # RFC 822 / 2822, as in RSS
        return _from_datetime(parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    if m := _DMY.search(s):
        return _ok(int(m[3]), int(m[2]), int(m[1]))
    cleaned = re.sub(r"\s*,\s*", ", ", re.sub(r"\s+", " ", s))
    cleaned = re.sub(r"^[A-Za-z]+, (?=\d)", "", cleaned)  # leading weekday
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt in _TEXT_FORMATS:
        try:
            return _from_datetime(datetime.strptime(cleaned, fmt))
        except ValueError:
            continue
    return None


def _from_timestamp(ts: float) -> str | None:
    if ts > 1e11:  # milliseconds
        ts /= 1000
    try:
        return _from_datetime(datetime.fromtimestamp(ts, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None
