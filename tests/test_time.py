"""Temporal expressions: detection with offsets, normalisation, publication dates, timelines."""

from __future__ import annotations

import time
from datetime import date
from importlib.resources import files

import pytest

from marsad.model import DATE, Article
from marsad.time import (
    annotate_dates,
    build_timeline,
    find_temporal,
    infer_publication_date,
    read_dates,
)

# Publication dates of the seeds (see the task notes): 000/002/004 on Wed 2023-09-20,
# 001 on Sat 2023-09-23, 003 on Wed 2020-10-21 (the Washington talks were on Fri 23 Oct 2020).
PUB = {
    "000": date(2023, 9, 20),
    "001": date(2023, 9, 23),
    "002": date(2023, 9, 20),
    "003": date(2020, 10, 21),
    "004": date(2023, 9, 20),
}

# Every date expression of the seeds with its value (value None: an interval is checked).
SEED_GOLD: dict[str, list[tuple[str, str | None]]] = {
    "000": [
        ("الأربعاء", "2023-09-20"),
        ("الثلاثاء", "2023-09-19"),
        ("منذ أواخر العام 2020", "2020"),
        ("الأيام المقبلة", None),
        ("الخميس", "2023-09-21"),
        ("صباح اليوم", "2023-09-20"),
        ("مطلع تمّوز", "2023-07"),
    ],
    "001": [
        ("أمس الجمعة", "2023-09-22"),
        ("يوم الثلاثاء الماضي", "2023-09-19"),
        ("عام 2020", "2020"),
        ("يوم الأربعاء الماضي", "2023-09-20"),
        ("يوم الخميس الماضي", "2023-09-21"),
        ("يوم الخميس", "2023-09-21"),
        ("يوم الأربعاء", "2023-09-20"),
        ("التسعينيات", None),
    ],
    "002": [
        ("اليوم الأربعاء", "2023-09-20"),
        ("الليلة الماضية", "2023-09-19"),
        ("مساء اليوم", "2023-09-20"),
        ("أمس الثلاثاء", "2023-09-19"),
        ("نهاية أيلول/سبتمبر 2020", "2020-09"),
        ("ليلة 10 تشرين الثاني/نوفمبر 2020", "2020-11-10"),
        ("تموز/يوليو الماضي", "2023-07"),
    ],
    "003": [
        ("اليوم الأربعاء", "2020-10-21"),
        ("يوم الجمعة القادم", "2020-10-23"),
        ("العاشر من الشهر الجاري", "2020-10-10"),
        ("قبل ثلاثة أيام", "2020-10-18"),
    ],
    "004": [
        ("الأربعاء", "2023-09-20"),
        ("منذ صباح الأربعاء", "2023-09-20"),
        ("20 أيلول", "2023-09-20"),
        ("الخميس 21 أيلول الجاري", "2023-09-21"),
        ("منذ آب 2021", "2021-08"),
        ("الثلاثاء", "2023-09-19"),
        ("أوائل التسعينيات", None),
        ("2020", "2020"),
    ],
}


def _by_text(text: str, pub: date | None) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for s in find_temporal(text, pub):
        out.setdefault(text[s.start : s.end], []).append({"label": s.label, **s.attrs})
    return out


@pytest.mark.parametrize("seed", sorted(SEED_GOLD))
def test_seed_dates_resolve(seed_texts: dict[str, str], seed: str) -> None:
    name = next(k for k in seed_texts if k.startswith(seed))
    text = seed_texts[name]
    found = _by_text(text, PUB[seed])
    for surface, value in SEED_GOLD[seed]:
        assert surface in found, f"{seed}: {surface!r} not detected; got {sorted(found)}"
        for attrs in found[surface]:
            assert attrs["label"] == "date"
            if value is None:
                assert attrs["value"] is None and len(attrs["interval"]) == 2
            else:
                assert attrs["value"] == value, f"{seed}: {surface!r} -> {attrs}"
    # Every date found is one of the expected ones: no invented dates.
    dates = {t for t, v in found.items() if any(a["label"] == "date" for a in v)}
    assert dates == {s for s, _ in SEED_GOLD[seed]}


def test_seed_negatives_never_dates(seed_texts: dict[str, str]) -> None:
    text = "\n".join(seed_texts.values())
    found = _by_text(text, date(2023, 9, 20))
    assert {a["label"] for a in found["24 ساعة"]} == {"duration"}
    assert found["الساعة الواحدة ظهرا"][0]["label"] == "clock"
    assert found["الساعة الواحدة ظهرا"][0]["value"] == "13:00"
    for s in find_temporal(text, date(2023, 9, 20)):
        covered = text[s.start : s.end]
        assert "ألف" not in covered and "قتيل" not in covered, covered
    assert not any("103" in t for t in found)  # a view counter in seed 003


def test_offsets_point_into_original_text(seed_texts: dict[str, str]) -> None:
    for text in seed_texts.values():
        for s in find_temporal(text, date(2023, 9, 20)):
            span = text[s.start : s.end]
            assert span == span.strip() and span
            # Spans end on a letter or digit: a final hamza or mark is kept, no punctuation.
            assert span[-1].isalnum() or "\u064b" <= span[-1] <= "\u065f", span


def test_seed_004_year_inferred_from_its_own_text(seed_texts: dict[str, str]) -> None:
    name = next(k for k in seed_texts if k.startswith("004"))
    art = Article(id=name, raw=seed_texts[name], text=seed_texts[name])
    d, conf = infer_publication_date(art)
    assert d is not None and d.year == 2023
    assert d in (date(2023, 9, 20), date(2023, 9, 21))
    assert 0 < conf <= 1
    annotate_dates(art)
    assert art.published_inferred and art.published == d.isoformat()
    assert art.published_confidence == conf
    values = {art.text[s.start : s.end]: s.attrs.get("value") for s in art.layers[DATE]}
    assert values["الخميس 21 أيلول الجاري"] == "2023-09-21"


def test_inference_from_siblings_uses_relative_days(seed_texts: dict[str, str]) -> None:
    name = next(k for k in seed_texts if k.startswith("001"))
    art = Article(id=name, raw="", text=seed_texts[name])
    assert infer_publication_date(art) == (None, 0.0)  # only "عام 2020": no day to anchor on
    # Siblings from 20-21 September; "أمس الجمعة" then needs a Saturday.
    d, conf = infer_publication_date(art, siblings=["2023-09-20", date(2023, 9, 21)])
    assert d == date(2023, 9, 23) and conf > 0


def test_annotate_keeps_given_publication_date(seed_texts: dict[str, str]) -> None:
    name = next(k for k in seed_texts if k.startswith("003"))
    art = Article(id=name, raw="", text=seed_texts[name], published="2020-10-21")
    annotate_dates(art)
    assert not art.published_inferred and art.published == "2020-10-21"
    by = {art.text[s.start : s.end]: s.attrs["value"] for s in art.layers[DATE]}
    assert by["العاشر من الشهر الجاري"] == "2020-10-10"


@pytest.mark.parametrize(
    "text,surface,value",
    [
        # Month-name systems and combined forms.
        ("وقع الاتفاق في 5 جانفي 2021 بالجزائر", "5 جانفي 2021", "2021-01-05"),
        ("انطلقت الدورة في 3 شتنبر 2022 بالرباط", "3 شتنبر 2022", "2022-09-03"),
        ("وصل الوفد في 14 جويلية 2019", "14 جويلية 2019", "2019-07-14"),
        ("في 2 كانون الثاني/يناير 2024 أعلن", "2 كانون الثاني/يناير 2024", "2024-01-02"),
        ("منذ 7 تشرين الأول (أكتوبر) 2023", "منذ 7 تشرين الأول (أكتوبر) 2023", "2023-10-07"),
        ("افتتح المعرض في ١٢ مايو ٢٠٢٢ رسميا", "١٢ مايو ٢٠٢٢", "2022-05-12"),
        ("وولد عام ١٩٤٨ في يافا", "عام ١٩٤٨", "1948"),
        # Hijri, converted with hijridate.
        ("الموافق 15 رمضان 1444 هـ", "15 رمضان 1444 هـ", "2023-04-06"),
        # Numeric dates, with a weekday.
        ("توفي الأربعاء 30 - 8 - 2006 عن 94 عاما", "الأربعاء 30 - 8 - 2006", "2006-08-30"),
        ("صدر القرار بتاريخ 2021-03-15", "2021-03-15", "2021-03-15"),
        # Weekdays with modifiers relative to publication (Wed 2023-09-20).
        ("وسيعقد الاجتماع الجمعة المقبلة في باكو", "الجمعة المقبلة", "2023-09-22"),
        ("التقى الوزيران الأحد الماضي", "الأحد الماضي", "2023-09-17"),
        ("أعلن مساء أمس الثلاثاء", "مساء أمس الثلاثاء", "2023-09-19"),
        ("قال الوزير غدا الخميس", "غدا الخميس", "2023-09-21"),
        ("وقال مسؤول فجر اليوم إن", "فجر اليوم", "2023-09-20"),
        ("وكان أعلن أول أمس عن", "أول أمس", "2023-09-18"),
        # Relative phrases and periods.
        ("بدأ ذلك قبل يومين", "قبل يومين", "2023-09-18"),
        ("وقع الحادث منذ ثلاثة أيام", "منذ ثلاثة أيام", "2023-09-17"),
        ("سيزور الرئيس موسكو الشهر المقبل", "الشهر المقبل", "2023-10"),
        ("بلغ النمو 3% العام الماضي", "العام الماضي", "2022"),
        ("ارتفعت الأسعار هذا العام", "هذا العام", "2023"),
        ("ستجرى الانتخابات منتصف العام المقبل", "منتصف العام المقبل", "2024"),
        ("وتوقفت المحادثات أواخر 2019", "أواخر 2019", "2019"),
        ("وقع في الخامس من الشهر الماضي", "الخامس من الشهر الماضي", "2023-08-05"),
        ("وعاد في الثالث من أيار", "الثالث من أيار", "2023-05-03"),
        ("وتنتشر القوات منذ 2020", "منذ 2020", "2020"),
        ("وقعت الحرب في 1990 وانتهت", "1990", "1990"),
    ],
)
def test_expression_values(text: str, surface: str, value: str) -> None:
    found = _by_text(text, date(2023, 9, 20))
    assert surface in found, f"{surface!r} not in {found}"
    assert found[surface][0]["label"] == "date"
    assert found[surface][0]["value"] == value


def test_intervals_and_direction() -> None:
    pub = date(2023, 9, 20)  # a Wednesday
    found = _by_text("اجتمعوا الأسبوع الماضي ثم منذ أواخر العام 2020 وفي مطلع تموز", pub)
    assert found["الأسبوع الماضي"][0]["interval"] == ["2023-09-11", "2023-09-17"]
    assert found["منذ أواخر العام 2020"][0]["interval"] == ["2020-09-01", "2023-09-20"]
    assert found["مطلع تموز"][0]["interval"] == ["2023-07-01", "2023-07-10"]
    # A bare weekday is the last one on or before publication; a future cue moves it ahead.
    assert _by_text("وقال الوزير الخميس إن", pub)["الخميس"][0]["value"] == "2023-09-14"
    assert _by_text("ومن المقرر أن يصل الخميس", pub)["الخميس"][0]["value"] == "2023-09-21"
    assert _by_text("وقال الوزير الأربعاء إن", pub)["الأربعاء"][0]["value"] == "2023-09-20"


def test_inconsistent_yesterday_prefers_weekday_with_lower_confidence() -> None:
    pub = date(2023, 9, 20)  # Wednesday: "أمس الجمعة" cannot be the day before
    a = _by_text("أعلن أمس الجمعة أنه", pub)["أمس الجمعة"][0]
    b = _by_text("أعلن أمس الثلاثاء أنه", pub)["أمس الثلاثاء"][0]
    assert a["value"] == "2023-09-15" and a["confidence"] < b["confidence"]
    assert b["value"] == "2023-09-19"


@pytest.mark.parametrize(
    "text,surface,label",
    [
        ("استمر الهجوم 24 ساعة فقط", "24 ساعة", "duration"),
        ("بقي هناك ثلاثة أيام كاملة", "ثلاثة أيام", "duration"),
        ("وصلوا بعد يومين من الهجوم", "بعد يومين", "duration"),
        ("يبدأ الاجتماع الساعة العاشرة صباحا", "الساعة العاشرة صباحا", "clock"),
        ("عند الساعة 14:30 بالتوقيت المحلي", "الساعة 14:30 بالتوقيت المحلي", "clock"),
        ("ينتج 50 ألف برميل يوميا", "يوميا", "set"),
    ],
)
def test_non_dates_keep_their_label(text: str, surface: str, label: str) -> None:
    found = _by_text(text, date(2023, 9, 20))
    assert found[surface][0]["label"] == label
    assert found[surface][0]["value"] is None or label == "clock"


@pytest.mark.parametrize(
    "text",
    [
        "تم تجهيز 40 ألف مكان للنازحين",
        "كانت تقوم بالرحلة 1907 وعلى متنها 155 راكبا",
        "نشر 2000 جندي على الحدود",
        "وقتل 32 شخصا على الأقل",
        "وصل إلى مرتبة أب روحي للحركة",  # أب is not the month آب
        "مارس الضغط على الحكومة",  # a verb, not the month
        "هاجم قوى 14 آذار",  # a political alliance
        "حضارة ظهرت سنة 2000 ق.م. في المنطقة",
    ],
)
def test_counts_and_lookalikes_are_not_dates(text: str) -> None:
    assert [s for s in find_temporal(text, date(2023, 9, 20)) if s.label == "date"] == []


def test_no_publication_date_leaves_relative_values_empty() -> None:
    found = _by_text("أعلن أمس الجمعة في 5 أيار 2021 أن", None)
    assert found["أمس الجمعة"][0]["value"] is None
    assert found["5 أيار 2021"][0]["value"] == "2021-05-05"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "Only Latin text, 2020 and Monday.", "مختلط mixed ٢٠٢٣ text ساعة", "ـــ"],
)
def test_bad_input_never_crashes(text: str) -> None:
    spans = find_temporal(text, None)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
    art = Article(id="x", raw=text, text=text)
    annotate_dates(art)
    assert art.layers[DATE] == spans or art.published is not None


def test_huge_input_is_fast(seed_texts: dict[str, str]) -> None:
    text = "\n".join(seed_texts.values()) * 40  # about 1 MB
    t0 = time.perf_counter()
    spans = find_temporal(text, date(2023, 9, 20))
    assert time.perf_counter() - t0 < 10
    assert len(spans) > 40 * 40


def _seed_articles(seed_texts: dict[str, str]) -> list[Article]:
    arts = []
    for name, text in seed_texts.items():
        arts.append(Article(id=name[:3], raw="", text=text, published=PUB[name[:3]].isoformat()))
    return arts


def test_timeline_is_ordered_and_dated(seed_texts: dict[str, str]) -> None:
    tl = build_timeline(_seed_articles(seed_texts))
    assert tl, "no events"
    keys = [e["date"] for e in tl]
    assert keys == sorted(keys)
    dates = {e["date"] for e in tl}
    assert {"2023-09-19", "2023-09-20", "2023-09-22", "2020-10-10"} <= dates
    for e in tl:
        assert e["sources"] and e["text"]
        for src in e["sources"]:
            assert src["expression"] in src["sentence"]


def test_timeline_merges_the_same_event_from_two_outlets(seed_texts: dict[str, str]) -> None:
    arts = _seed_articles(seed_texts)
    # A second outlet rewording seed 002's sentence on the shelling of Shusha.
    other = Article(
        id="other",
        raw="",
        source="other",
        published="2023-09-20",
        text="واتهم الادعاء العام في أذربيجان اليوم الأربعاء الجانب الأرمني بقصف مدينة شوشا "
        "بالمدافع الثقيلة.\nوفي سياق آخر، افتتح معرض للكتاب في باكو اليوم الأربعاء.",
    )
    tl = build_timeline([*arts, other])
    shusha = [e for e in tl if "other" in e["articles"] and "شوشا" in e["text"]]
    assert len(shusha) == 1 and set(shusha[0]["articles"]) == {"002", "other"}
    assert shusha[0]["date"] == "2023-09-20"
    book = [e for e in tl if any("معرض للكتاب" in s["sentence"] for s in e["sources"])]
    assert len(book) == 1 and book[0]["articles"] == ["other"]


def test_data_files_have_headers() -> None:
    folder = files("marsad") / "data" / "time"
    names = [p.name for p in folder.iterdir() if p.name.endswith((".tsv", ".txt"))]
    assert len(names) >= 10
    for name in names:
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#"), name


def test_read_dates_is_inference_then_resolution(seed_texts: dict[str, str]) -> None:
    siblings = [date(2023, 9, 20)]
    for text in seed_texts.values():
        pub, _ = infer_publication_date(Article(id="x", raw=text, text=text), siblings)
        got_pub, spans = read_dates(text, siblings)
        assert got_pub == pub
        assert [(s.start, s.end, s.attrs) for s in spans] == [
            (s.start, s.end, s.attrs) for s in find_temporal(text, pub)
        ]
    # Nothing to infer from: the fallback anchors the relative dates.
    pub, spans = read_dates("وقعت الحادثة أمس", fallback=date(2023, 9, 20))
    assert pub == date(2023, 9, 20) and spans[0].attrs["value"] == "2023-09-19"
