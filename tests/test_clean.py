"""Cleaning on the real seeds: furniture out (with reasons), every body sentence kept."""

from __future__ import annotations

import pytest

from marsad.clean import clean, furniture_reason
from marsad.model import Article
from marsad.text.normalize import normalize

# Hand-checked furniture in the seeds: (seed prefix, line as scraped, reason).
FURNITURE = [
    ("000", "أ ف ب", "agency sign-off"),
    ("001", "هل ترغب بالتعليق على الموضوع؟", "comment prompt"),
    ("001", "لا تتردد في إعطاء تعليقك ومشاركة رأيك", "comment prompt"),
    ("002", "•  الرئيس الأذربيجاني، إلهام علييف", "image caption repeating the text"),
    ("002", "الرئيس الأذربيجاني إلهام علييف", "image caption repeating the text"),
    ("002", "اقرأ أيضاً: أذربيجان تعلن سيطرتها على 60 موقعاً في ناغورنو كاراباخ.."
     " والأخير يتحدث عن وقوع قتلى", "read-also teaser"),
    ("002", "اخترنا لك", "picked for you"),
    ("003", "103", "view counter"),
    ("003", "أذربيجان", "tag line"),
    ("003", "مشاركة", "share prompt"),
    ("004", "المقال التالي", "next article"),
]  # fmt: skip
TITLES = {
    "002": "رئيس أذربيجان: سننهي عملية كاراباخ في حال سلّمت القوات الأرمنية أسلحتها",
    "003": "نزاع إقليم قره باغ.. أذربيجان تعلن مشاركتها في الاجتماع الحواري بواشنطن",
}
DATELINE = "باكو – يريفان – (وكالات الأنباء):"


def _cleaned(seed_texts: dict[str, str]) -> dict[str, Article]:
    return {k[:3]: clean(Article(id=k, raw=v)) for k, v in seed_texts.items()}


@pytest.fixture(scope="module")
def cleaned(seed_texts):
    return _cleaned(seed_texts)


def test_every_furniture_line_is_removed_with_its_reason(cleaned):
    for seed, line, reason in FURNITURE:
        article = cleaned[seed]
        assert {"text": line, "reason": reason} in [r.to_dict() for r in article.removed], line
        assert line.strip("• ") not in article.text.split("\n"), line


def test_no_other_line_is_removed(cleaned):
    expected = {(s, line) for s, line, _ in FURNITURE}
    for seed, article in cleaned.items():
        for r in article.removed:
            if r.reason == "dateline":
                continue
            assert (seed, r.text) in expected, (seed, r)


def test_every_body_line_is_kept_verbatim(cleaned, seed_texts):
    furniture = {line for _, line, _ in FURNITURE}
    for name, raw in seed_texts.items():
        article = cleaned[name[:3]]
        body = [ln.strip() for ln in raw.split("\n") if ln.strip()]
        for line in body:
            if line in furniture or line == TITLES.get(name[:3]):
                continue
            line = line.removeprefix(DATELINE).strip()
            assert line in article.text, (name, line[:60])


def test_titles_agency_and_dateline(cleaned):
    assert cleaned["002"].title == TITLES["002"]
    assert cleaned["003"].title == TITLES["003"]
    for seed in ("000", "001", "004"):
        assert cleaned[seed].title is None, seed
    assert cleaned["000"].agency == "أ ف ب"
    assert cleaned["001"].dateline == "باكو – يريفان – (وكالات الأنباء)"
    assert cleaned["001"].agency == "وكالات"
    assert cleaned["001"].text.startswith("أعلن انفصاليو إقليم ناجورنو كاراباخ")
    # Mentioning an agency inside the body is not a sign-off.
    assert "وكالة فرانس برس" in cleaned["000"].text
    assert cleaned["002"].agency is None and cleaned["004"].agency is None


def test_trailing_parenthesised_agency_and_inline_dateline():
    raw = "القاهرة (رويترز) - قال مسؤول إن المحادثات ستستأنف غدا.\nوأضاف أن الوفد وصل. (أ ف ب)"
    article = clean(Article(id="x", raw=raw))
    assert article.dateline == "القاهرة (رويترز)"
    assert article.agency == "رويترز"
    assert article.text == "قال مسؤول إن المحادثات ستستأنف غدا.\nوأضاف أن الوفد وصل."
    assert [r.reason for r in article.removed] == ["dateline", "agency sign-off"]


def test_hard_wrapped_article_loses_nothing(data_dir):
    """EASC wraps lines mid-sentence: no line is furniture and no first line is a title."""
    for path in sorted((data_dir / "easc" / "Articles").glob("*"))[:60]:
        raw = path.read_text(encoding="utf-8", errors="replace")
        article = clean(Article(id=path.stem, raw=raw))
        dropped = [r for r in article.removed if r.reason not in ("dateline", "agency sign-off")]
        assert not dropped, (path.name, dropped)
        assert normalize(" ".join(article.text.split()))[:200] in normalize(" ".join(raw.split()))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("شارك الخبر", "share prompt"),
        ("1,245 مشاهدة", "view counter"),
        ("الوسوم: أذربيجان، أرمينيا", "tag line"),
        ("جميع الحقوق محفوظة © 2023", "copyright"),
        ("اقرأ أيضا: الخبر الآخر", "read-also teaser"),
        ("قال الرئيس إن المشاركة واسعة", None),
        ("", None),
    ],
)
def test_furniture_reason(line, reason):
    assert furniture_reason(line) == reason


def test_empty_and_latin_input():
    assert clean(Article(id="e", raw="")).text == ""
    latin = clean(Article(id="l", raw="Hello world. This is English text.\nSecond line."))
    assert "Second line." in latin.text
