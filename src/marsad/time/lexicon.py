"""Temporal lexicon: the data files under `marsad/data/time/`, normalised and compiled once.

Every word list is stored in its natural spelling and folded with `marsad.text.normalize`, so the
patterns run over normalised text (alef/hamza/teh-marbuta folded, digits ASCII, no diacritics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.resources import data_rows
from marsad.text.normalize import normalize


def _alt(words: object) -> str:
    """A regex alternation of literal words, longest first; spaces match any whitespace run."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


@dataclass(frozen=True, slots=True)
class Month:
    number: int
    system: str
    ambiguous: bool


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, Month]
    weekdays: dict[str, int]
    modifiers: dict[str, str]
    relative_days: dict[str, int]
    dayparts: dict[str, str]
    periods: dict[str, str]
    units: dict[str, tuple[str, int]]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    decades: dict[str, int]
    clock_hours: dict[str, int]
    clock_parts: dict[str, str]
    cues: dict[str, int]  # future cue word -> minimum distance in words
    future_stop: tuple[str, ...]
    sets: dict[str, str]
    not_date_before: frozenset[str]
    named_dates: dict[tuple[int, int], tuple[int, frozenset[str]]]
    triggers: dict[str, frozenset[str]]  # anchor word -> the patterns it can anchor
    patterns: dict[str, re.Pattern[str]]


def _n(word: str) -> str:
    return " ".join(normalize(word).split())


_B = r"(?<!\w)"  # word start
_E = r"(?!\w)"  # word end
# Word start for numbers: digits may carry a proclitic ("و2005", "ب2020").
_BD = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and compile the temporal lexicon (cached: read-only)."""
    months = {
        _n(r[0]): Month(int(r[1]), r[2], r[3] == "1") for r in data_rows("time", "months.tsv")
    }
    weekdays = {_n(r[0]): int(r[1]) for r in data_rows("time", "weekdays.tsv")}
    modifiers = {_n(r[0]): r[1] for r in data_rows("time", "modifiers.tsv")}
    reldays = {_n(r[0]): int(r[1]) for r in data_rows("time", "relative_days.tsv")}
    dayparts = {_n(r[0]): r[1] for r in data_rows("time", "dayparts.tsv")}
    periods = {_n(r[0]): r[1] for r in data_rows("time", "periods.tsv")}
    units = {_n(r[0]): (r[1], int(r[2])) for r in data_rows("time", "units.tsv")}
    numbers = {_n(r[0]): int(r[1]) for r in data_rows("time", "numbers.tsv")}
    ordinals = {_n(r[0]): int(r[1]) for r in data_rows("time", "ordinals.tsv")}
    decades = {_n(r[0]): int(r[1]) for r in data_rows("time", "decades.tsv")}
    clock = data_rows("time", "clock.tsv")
    clock_hours = {_n(r[1]): int(r[2]) for r in clock if r[0] == "hour"}
    clock_parts = {_n(r[1]): r[2] for r in clock if r[0] == "part"}
    cues = {_n(r[0]): int(r[2]) for r in data_rows("time", "cues.tsv")}
    stop = tuple(_n(r[0]) for r in data_rows("time", "future_prefix_stop.txt"))
    sets = {_n(r[0]): r[1] for r in data_rows("time", "sets.tsv")}

    # Weekdays carry the article; allow the proclitics و/ف + ب/ك, and لل for ل+ال.
    wd_stems = _alt(w[2:] for w in weekdays)
    wd = rf"(?:[وف]?[بك]?ال|[وف]?لل)(?:{wd_stems})"
    mon1 = rf"(?:{_alt(months)})"
    mon = rf"[وفبل]?{mon1}(?:\s*\(\s*{mon1}\s*\)|\s*[/\-]\s*{mon1})?"
    mod = _alt(modifiers)
    rel = _alt(reldays)
    dp = _alt(dayparts)
    per = _alt(periods)
    num = rf"\d+(?:[.,]\d+)?(?=\s*\w)|(?:{_alt(numbers)})(?=\s)"
    unit = _alt(units)
    ordw = _alt(ordinals)
    dec = _alt(decades)
    year = r"\d{4}"
    yearw = r"(?:[لب]?عام|[لب]?العام|عامي|[لب]?سنه|السنه)"
    era = r"(?:\s*(?P<era>م|ه)(?!\w))?"
    defunits = _alt(
        ["ال" + f for f, (u, c) in units.items() if c != 2 and not f.endswith("ا")] + ["الليله"]
    )
    mods_all = _alt(list(modifiers) + ["الاخير", "الاخيره", "الاخيرين"])

    p: dict[str, str] = {
        "numeric": rf"(?:{_B}(?P<wd>{wd})\s*[،,]?\s*)?{_BD}"
        rf"(?:(?P<d>\d{{1,2}})\s*(?P<s1>[/.\-])\s*(?P<m>\d{{1,2}})\s*(?P=s1)\s*(?P<y>\d{{4}})"
        rf"|(?P<y2>\d{{4}})(?P<s2>[/.\-])(?P<m2>\d{{1,2}})(?P=s2)(?P<d2>\d{{1,2}})){_E}",
        "dm": rf"{_B}(?:(?P<dp>{dp}|يوم)\s+)?(?:(?P<rel>{rel})\s+)?(?:(?P<wd>{wd})\s*[،,]?\s*)?"
        rf"(?:(?P<per>{per})\s+)?(?:{_BD}(?P<day>\d{{1,2}}|{ordw})\s*(?:من\s+)?)?"
        rf"(?:(?P<shahr>شهر)\s+)?(?P<mon>{mon})"
        rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{yearw}\s+)?(?P<year>{year}))?{era}"
        rf"(?:\s+(?P<mod>{mod}))?{_E}",
        "ordinal": rf"{_B}(?:(?P<dp>{dp}|يوم)\s+)?(?P<day>{ordw}|\d{{1,2}})\s+من\s+(?:(?P<this>هذا)\s+)?"
        rf"(?P<cur>الشهر)(?:\s+(?P<mod>{mod}))?{_E}",
        "year": rf"(?:{_B}(?P<per>{per})\s+)?(?:{_B}(?P<yw>{yearw})\s+)?{_BD}(?P<year>{year}){era}{_E}",
        "decade": rf"{_B}(?:(?P<per>{per})\s+)?(?:ال)?(?P<dec>{dec})"
        r"(?:\s+(?:من\s+)?(?P<cent>القرن\s+(?:الماضي|العشرين|الحالي|الحادي\s+والعشرين)))?"
        rf"{_E}",
        "weekday": rf"{_B}(?:(?P<dp>{dp})\s+)?(?:(?P<rel>{rel})\s+)?(?:(?P<yawm>يوم)\s+)?"
        rf"(?P<wd>{wd})(?:\s+(?P<mod>{mod}))?{_E}",
        "relday": rf"{_B}(?:(?P<dp>{dp})\s+)?(?P<rel>{rel}){_E}",
        "unitmod": rf"{_B}(?:(?P<per>{per})\s+)?(?:(?P<this>هذا|هذه)\s+)?(?P<dunit>{defunits})"
        rf"(?:\s+(?P<mod>{mods_all}))?{_E}",
        "ago": rf"{_B}(?P<dir>قبل|بعد|منذ)\s+(?:(?P<num>{num})\s+)?(?P<unit>{unit}){_E}",
        "duration": rf"{_B}(?:(?P<num>{num})\s*)?(?P<unit>{unit}){_E}",
        "clock": rf"{_B}(?:(?P<sa>الساعه)\s+(?P<h>\d{{1,2}}(?:[:.]\d{{2}})?|{_alt(clock_hours)})"
        rf"|(?P<hm>\d{{1,2}}:\d{{2}}))"
        r"(?:\s+(?P<frac>و?النصف|و?الربع|الا\s+ربع))?"
        rf"(?:\s+(?P<part>{_alt(clock_parts)}))?"
        r"(?:\s+(?:ب?التوقيت\s+المحلي|بتوقيت\s+\w+))?"
        rf"{_E}",
        "set": rf"{_B}(?:{_alt(sets)}){_E}",
    }
    patterns = {k: re.compile(v) for k, v in p.items()}
    # Anchor words: every expression contains one (or a digit), so each pattern needs to run only
    # in a few words around its own anchors. Proclitic forms are listed so one lookup decides.
    anchors: dict[str, set[str]] = {}

    def anchor(words: object, *kinds: str) -> None:
        for w in words:  # type: ignore[attr-defined]
            anchors.setdefault(w, set()).update(kinds)

    anchor((w.split()[0] for w in months), "dm")
    anchor(weekdays, "weekday")
    anchor((w.split()[-1] for w in reldays), "relday", "weekday")
    anchor(units, "duration", "ago", "set")
    anchor(("ال" + u for u, (_, c) in units.items() if c != 2 and not u.endswith("ا")), "unitmod")
    anchor(["الليله"], "unitmod")
    anchor(["الشهر"], "ordinal")
    anchor(decades, "decade")
    anchor(("ال" + d for d in decades), "decade")
    anchor((w.split()[-1] for w in sets), "set")
    anchor(["الساعه"], "clock")
    trig: dict[str, frozenset[str]] = {}
    for a, kinds in anchors.items():
        forms = [pre + a for pre in ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")]
        if a.startswith("ال"):
            forms += [pre + a[2:] for pre in ("لل", "ولل", "فلل")]
        for f in forms:
            trig[f] = frozenset(kinds | trig.get(f, frozenset()))
    return Lexicon(
        months=months,
        weekdays=weekdays,
        modifiers=modifiers,
        relative_days=reldays,
        dayparts=dayparts,
        periods=periods,
        units=units,
        numbers=numbers,
        ordinals=ordinals,
        decades=decades,
        clock_hours=clock_hours,
        clock_parts=clock_parts,
        cues=cues,
        future_stop=stop,
        sets=sets,
        not_date_before=frozenset(_n(r[0]) for r in data_rows("time", "not_date_before.txt")),
        triggers=trig,
        named_dates={
            (int(r[0]), int(r[1])): (int(r[2]), frozenset(_n(w) for w in r[3].split(",")))
            for r in data_rows("time", "named_dates.tsv")
        },
        patterns=patterns,
    )


def squash(s: str) -> str:
    """Collapse whitespace runs so captured groups match lexicon keys."""
    return " ".join(s.split())


def weekday_of(word: str) -> int | None:
    """ISO weekday of a matched weekday token (with its proclitics)."""
    lx = lexicon()
    w = squash(word)
    for pre in ("", "و", "ف"):
        if not w.startswith(pre):
            continue
        rest = w[len(pre) :]
        for head, repl in (("بال", "ال"), ("كال", "ال"), ("لل", "ال"), ("ال", "ال")):
            if rest.startswith(head):
                key = repl + rest[len(head) :]
                if key in lx.weekdays:
                    return lx.weekdays[key]
    return None


def month_of(word: str) -> list[Month]:
    """The month(s) named in a matched month group ("ايلول/سبتمبر" gives both)."""
    lx = lexicon()
    out = []
    for part in re.split(r"[/()\-]", word):
        w = squash(part)
        if not w:
            continue
        if w in lx.months:
            out.append(lx.months[w])
        elif w[0] in "وفبل" and w[1:] in lx.months:
            out.append(lx.months[w[1:]])
    return out
