"""Figures (marsad.figures), their comparison across outlets and the report partial."""

from __future__ import annotations

import time
from importlib.resources import files

import pytest

from marsad.clean import clean
from marsad.figures import annotate_figures, find_figures
from marsad.model import FIGURE, Article
from marsad.render.html import environment
from marsad.stories.figures_compare import compare_figures
from marsad.time import find_temporal


def _art(text: str, aid: str = "x", source: str | None = None) -> Article:
    return Article(id=aid, raw=text, text=text, source=source)


def _found(text: str) -> list[tuple[str, object, object, object]]:
    return [
        (text[s.start : s.end], s.attrs["value"], s.attrs["unit"], s.attrs["qualifier"])
        for s in find_figures(_art(text))
    ]


@pytest.fixture(scope="module")
def seeds(seed_texts: dict[str, str]) -> dict[str, Article]:
    return {name[:3]: clean(Article(id=name, raw=t, source=name[:3])) for name, t in
            seed_texts.items()}  # fmt: skip


SEED_FIGURES = {
    "000": {(24, "ساعة", None), (32, "قتيل", "at_least")},
    "001": {(24, "ساعة", None), (100000, "شخص", "more_than"), (40000, "مكان", None)},
    "002": {(6, "مركبة", None), (4, "قذيفة", None)},
    "003": set(),
    "004": set(),
}


def test_seed_figures(seeds: dict[str, Article]) -> None:
    for key, art in seeds.items():
        spans = find_figures(art)
        got = {(s.attrs["value"], s.attrs["unit"], s.attrs["qualifier"]) for s in spans}
        assert got == SEED_FIGURES[key], key
        for s in spans:
            assert s.label == FIGURE
            assert art.text[s.start : s.end].strip() == art.text[s.start : s.end]
    text = seeds["000"].text
    surfaces = {text[s.start : s.end] for s in find_figures(seeds["000"])}
    assert "32 قتيلًا على الأقلّ" in surfaces
    text = seeds["001"].text
    surfaces = {text[s.start : s.end] for s in find_figures(seeds["001"])}
    assert "بأكثر من 100 ألف شخص" in surfaces


def test_seed_teaser_figure_is_not_in_the_text(seeds: dict[str, Article]) -> None:
    # "60 موقعاً" sits in a "read also" teaser that cleaning removes.
    art = seeds["002"]
    assert "60 موقع" not in art.text
    assert any("60 موقع" in r.text for r in art.removed)


def test_no_date_or_year_is_ever_a_count(seeds: dict[str, Article]) -> None:
    for art in seeds.values():
        dates = [s for s in find_temporal(art.text, None) if s.label in ("date", "clock")]
        for f in find_figures(art):
            assert not any(d.start <= f.start < d.end for d in dates)
            assert not (1900 <= f.attrs["value"] <= 2100 and f.attrs["unit"] is None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل 32 شخصاً على الأقل", [("32 شخصاً على الأقل", 32, "شخص", "at_least")]),
        ("أكثر من ١٠٠ ألف نازح", [("أكثر من ١٠٠ ألف نازح", 100000, "نازح", "more_than")]),
        ("قرابة ثلاثة آلاف جندي", [("قرابة ثلاثة آلاف جندي", 3000, "جندي", "about")]),
        ("سقط خمسة وعشرين قتيلا", [("خمسة وعشرين قتيلا", 25, "قتيل", None)]),
        ("سقط عشرات القتلى", [("عشرات القتلى", 10, "قتيل", "vague")]),
        ("نزوح مئات الآلاف من النازحين", [("مئات الآلاف من النازحين", 100000, "نازح", "vague")]),
        ("ألفين شخص", [("ألفين شخص", 2000, "شخص", None)]),
        ("ما لا يقل عن 200 قتيل", [("ما لا يقل عن 200 قتيل", 200, "قتيل", "at_least")]),
        ("خسارة 2.5 مليون دولار", [("2.5 مليون دولار", 2500000, "دولار", None)]),
        ("نشر 1,500 جندي", [("1,500 جندي", 1500, "جندي", None)]),
        ("ارتفع بنسبة 50% في 2023", [("50%", 50, "%", None)]),
        ("بلغت 12.5 في المئة", [("12.5 في المئة", 12.5, "%", None)]),
        ("استمر القتال 24 ساعة", [("24 ساعة", 24, "ساعة", None)]),
        ("سيطرت على 6 مركبات قتالية على الأقل", [("6 مركبات قتالية على الأقل", 6, "مركبة",
                                                   "at_least")]),
        ("وصل العدد إلى 17 أمس", [("17", 17, None, None)]),
        # Never figures: years, dates, clock times, ordinals, ids, "three days ago".
        ("في عام 2020 اندلعت الحرب", []),
        ("وقع في 10/11/2020", []),
        ("في 20 أيلول الجاري", []),
        ("عند الساعة 10:30", []),
        ("للمرة الـ5", []),
        ("القرار رقم 2334", []),
        ("طائرة F16", []),
        ("قبل ثلاثة أيام", []),
        ("ألف الكاتب كتابا", []),
        # Older years, from EASC's encyclopaedic articles.
        ("ولد سنة 1844م في شيراز", []),
        ("في 1260هـ كانت", []),
        ("سقط آلاف القتلى", [("آلاف القتلى", 1000, "قتيل", "vague")]),
        ("عشرات الآلاف من اللاجئين", [("عشرات الآلاف من اللاجئين", 10000, "لاجئ", "vague")]),
        ("وكان Wilhelm Schickard (1623) الأول", []),
        ("في العام 1200 قبل الميلاد", []),
        ("رصدوه بتليسكوب في 1610 ، لقد لاحظ", []),
        ("فيما يتعلق بالقرار 1559 ام", []),
        ("يقسم إلى 1000 فلس", [("1000", 1000, None, None)]),
        ("", []),
        ("Latin only, 2020 and nothing else", []),
    ],
)  # fmt: skip
def test_figure_expressions(text: str, expected: list) -> None:
    assert _found(text) == expected


def test_easc_sweep(data_dir) -> None:
    from marsad.eval.summary import load_easc

    docs = load_easc(data_dir / "easc")
    total = 0
    for d in docs:
        art = d.article()
        dates = [s for s in find_temporal(art.text, None) if s.label in ("date", "clock")]
        for f in find_figures(art):
            total += 1
            assert 0 <= f.start < f.end <= len(art.text)
            assert not any(x.start <= f.start < x.end for x in dates), art.text[f.start : f.end]
            assert f.attrs["value"] == f.attrs["value"] and f.attrs["value"] < 1e15
    assert total > 500  # EASC is full of figures: areas, populations, percentages, prices


def test_annotate_sets_the_layer_and_keeps_the_text(seeds: dict[str, Article]) -> None:
    art = seeds["001"]
    before = art.text
    annotate_figures(art)
    assert art.text == before
    assert len(art.layers[FIGURE]) == 4


def test_bad_and_huge_input(seed_texts: dict[str, str]) -> None:
    for text in ("\x00\ufeff", "٪٪ ,,, ...", "1" * 5000, "ألف " * 2000, "مزيج 5 mixed"):
        assert isinstance(find_figures(_art(text)), list)
    big = "\n".join(seed_texts.values()) * 20
    t = time.perf_counter()
    spans = find_figures(_art(big))
    assert time.perf_counter() - t < 10
    assert sum(s.attrs["unit"] == "قتيل" for s in spans) == 20


def test_data_files_have_headers() -> None:
    for name, columns in (("numbers.tsv", 3), ("qualifiers.tsv", 3), ("units.tsv", 3),
                          ("cues.tsv", 2)):  # fmt: skip
        text = (files("marsad") / "data" / "figures" / name).read_text(encoding="utf-8")
        assert text.startswith("#")
        for line in text.splitlines():
            if line and not line.startswith("#"):
                assert len(line.split("\t")) == columns, line


# --- comparison across outlets -----------------------------------------------------------


def test_compare_agree_differ_single() -> None:
    a = _art("قتل 32 شخصا في الهجوم. ونزح 5000 لاجئ.", "a", "وكالة أ")
    b = _art("أسفر الهجوم عن مقتل 32 شخصا على الأقل.", "b", "وكالة ب")
    c = _art("قالت السلطات إن الهجوم أدى إلى مقتل 40 شخصا.", "c", "وكالة ج")
    groups = {g["unit"]: g for g in compare_figures([a, b])}
    assert groups["شخص"]["status"] == "agree"
    assert groups["لاجئ"]["status"] == "single"
    groups = {g["unit"]: g for g in compare_figures([a, b, c])}
    g = groups["شخص"]
    assert g["status"] == "differ" and g["values"] == [32, 40]
    assert {(r["outlet"], r["value"]) for r in g["outlets"]} == {
        ("وكالة أ", 32), ("وكالة ب", 32), ("وكالة ج", 40)}  # fmt: skip
    row = next(r for r in g["outlets"] if r["article_id"] == "b")
    assert b.text[row["start"] : row["end"]] == row["text"] and row["qualifier"] == "at_least"
    assert compare_figures([a, b, c])[0]["status"] == "differ"  # disagreements first


def test_compare_keeps_past_tolls_apart() -> None:
    a = _art("قتل 32 شخصا في الهجوم. وكانت حرب عام 2020 قد أسفرت عن 6500 قتيل.", "a", "أ")
    a.published = "2023-09-20"
    b = _art("أدى الهجوم إلى مقتل 32 شخصا، بعد حرب 2020 التي خلفت نحو 7000 قتيل.", "b", "ب")
    b.published = "2023-09-21"
    groups = {(g["unit"], g["period"]): g for g in compare_figures([a, b])}
    assert groups[("شخص", None)]["status"] == "agree"
    past = groups[("قتيل", "2020")]
    assert past["status"] == "differ" and past["values"] == [6500, 7000]
    html = _render({"figures": list(groups.values())})
    assert "2020" in html


def test_compare_seed_story(seeds: dict[str, Article]) -> None:
    groups = compare_figures(list(seeds.values()))
    by_unit = {g["unit"]: g for g in groups}
    assert by_unit["ساعة"]["status"] == "agree"  # 000 and 001 both say the offensive took 24h
    assert {r["outlet"] for r in by_unit["ساعة"]["outlets"]} == {"000", "001"}
    assert by_unit["قتيل"]["status"] == "single"
    assert compare_figures([]) == []


# --- the report partial ------------------------------------------------------------------


def _render(story: dict) -> str:
    template = environment().from_string('{% include "_story_figures.html.j2" %}')
    return template.render(story=story, articles={}, report={})


def test_partial_renders_an_escaped_agreement_table() -> None:
    a = _art("قتل 32 شخصا <script>alert(1)</script> في الهجوم.", "a<b>", "<i>outlet</i>")
    b = _art("مقتل 40 شخصا.", "b", "وكالة ب")
    html = _render({"figures": compare_figures([a, b])})
    assert "<table" in html and 'dir="rtl"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<i>outlet</i>" not in html and "&lt;i&gt;outlet&lt;/i&gt;" in html
    assert "مختلفة" in html and "32" in html and "40" in html
    assert _render({"figures": []}).strip() == ""
    assert _render({}).strip() == ""
    # A hand-edited report with a non-number value still renders.
    bad = {"figures": [{"unit": "x", "status": "single", "outlets": [
        {"value": "<b>", "outlet": "o", "article_id": "a", "qualifier": None}]}]}  # fmt: skip
    assert "&lt;b&gt;" in _render(bad)


def test_context_is_cut_at_whole_words() -> None:
    text = "كلمة " * 30 + "قتل 32 شخصا في الهجوم " + "كلمة " * 30
    a = _art(text, "a", "أ")
    row = compare_figures([a])[0]["outlets"][0]
    assert row["context"].startswith("… كلمة ") and row["context"].endswith(" كلمة …")
    assert "32 شخصا" in row["context"]
    short = _art("قتل 32 شخصا.", "b")
    assert compare_figures([short])[0]["outlets"][0]["context"] == "قتل 32 شخصا."
