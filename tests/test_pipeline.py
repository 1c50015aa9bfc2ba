"""End to end: seeds → store → report, idempotent re-adds, encodings, bad input, dedup, search."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from marsad.cli import main
from marsad.model import SENTENCE, TOKEN, Article
from marsad.pipeline import add, analyze
from marsad.render import report_dict, validate, write_reports
from marsad.render.labels import count_label
from marsad.store.sqlite import Store
from marsad.text import annotate_text


@pytest.fixture(scope="module")
def seed_report(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    with Store(out / "m.db") as store:
        report = analyze([seeds_dir], store)
    paths = write_reports(report, out)
    return report, out, paths


def test_seed_report_follows_the_contract(seed_report):
    report, out, _ = seed_report
    data = json.loads((out / "report.json").read_text("utf-8"))
    validate(data)
    assert sorted(a["id"][:3] for a in data["articles"]) == ["000", "001", "002", "003", "004"]
    # The seeds carry no publication date: any date they get is inferred, and says so.
    assert all(a["published_inferred"] for a in data["articles"] if a["published"])
    by_seed = {a["id"][:3]: a for a in data["articles"]}
    assert by_seed["004"]["published"].startswith("2023-")  # "الخميس 21 أيلول" fixes the year
    assert all(a["text"] and a["text"] == a["text"].strip() for a in data["articles"])
    ids_in_stories = sorted(i for s in data["stories"] for i in s["article_ids"])
    assert ids_in_stories == sorted(a["id"] for a in data["articles"])
    for story in data["stories"]:
        for item in story["summary"]:
            article = next(a for a in data["articles"] if a["id"] == item["article_id"])
            assert item["text"] in article["text"]
    # Lists filled by later stages are empty, never fake.
    for key in ("entities", "quotes", "dates", "figures", "errors"):
        assert isinstance(data[key], list)


def test_schema_rejects_a_broken_report(seed_report):
    report, _, _ = seed_report
    data = report_dict(report)
    data["articles"][0]["published"] = "20 Sept"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    del data["errors"]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_layers_are_spans_over_the_clean_text(seed_report):
    report, _, _ = seed_report
    for a in report.articles:
        sentences = a.spans(SENTENCE)
        assert TOKEN not in a.layers  # derived from the text on demand, not stored
        tokens = annotate_text(a).spans(TOKEN)
        assert sentences and tokens
        for s in sentences + tokens:
            assert 0 <= s.start < s.end <= len(a.text)
            assert a.text[s.start : s.end].strip() == a.text[s.start : s.end]


def test_html_report_is_rtl_arabic_and_shows_furniture_on_demand(seed_report):
    _, out, _ = seed_report
    html = (out / "report.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "Arabic" in html  # an Arabic-capable font stack
    assert "<details>" in html and "هل ترغب بالتعليق على الموضوع؟" in html
    assert "<script" not in html


def test_readding_the_same_inputs_changes_nothing(seeds_dir, tmp_path):
    db = tmp_path / "m.db"
    with Store(db) as store:
        first = add([seeds_dir], store)
        rows_before = store.db.execute("SELECT id, raw_hash, text FROM articles").fetchall()
        layers_before = store.db.execute("SELECT count(*) FROM layers").fetchone()
        second = add([seeds_dir], store)
        assert (first.added, second.added, second.unchanged) == (5, 0, 5)
        assert store.db.execute("SELECT id, raw_hash, text FROM articles").fetchall() == rows_before
        assert store.db.execute("SELECT count(*) FROM layers").fetchone() == layers_before


def test_an_interrupted_run_keeps_committed_batches(seeds_dir, tmp_path):
    seen = []

    def interrupt_on_fifth(item):
        seen.append(item)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with Store(tmp_path / "m.db") as store:
        with pytest.raises(KeyboardInterrupt):
            add([seeds_dir], store, batch_size=2, on_article=interrupt_on_fifth)
        assert store.count() == 4  # two batches of two were committed
        resumed = add([seeds_dir], store, batch_size=2)
        assert (resumed.added, resumed.unchanged, store.count()) == (1, 4, 5)


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-8-sig"])
def test_encodings_give_identical_clean_text(seeds_dir, tmp_path, encoding):
    reference = {a.id: a.text for a in analyze([seeds_dir]).articles}
    encoded = tmp_path / encoding
    encoded.mkdir()
    for p in sorted(seeds_dir.glob("*.txt")):
        (encoded / p.name).write_bytes(p.read_text("utf-8").encode(encoding))
    report = analyze([encoded])
    assert not report.errors
    assert {a.id: a.text for a in report.articles} == reference


def test_bad_inputs_are_reported_and_the_batch_goes_on(seeds_dir, tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(next(seeds_dir.glob("000_*.txt")), batch / "good.txt")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    page = "<html><head><title>خبر</title></head><body><article><p>" + "قال الوزير إن " * 40
    (batch / "truncated.html").write_text(page + "</p><p>وأضاف أن الاج", encoding="utf-8")
    good = {"id": "j1", "text": "أعلنت الحكومة اليوم عن خطة جديدة للنقل.", "source": "وكالة"}
    (batch / "feed.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8"
    )
    with open(batch / "huge.txt", "wb") as f:  # 50 MB
        f.write("نص طويل جدا ".encode() * (50 * 1024 * 1024 // 22 + 1))

    out = tmp_path / "out"
    db = tmp_path / "m.db"
    code = main(["analyze", str(batch), "--out", str(out), "--db", str(db), "--quiet"])
    assert code == 0
    stderr = capsys.readouterr().err
    data = json.loads((out / "report.json").read_text("utf-8"))
    ids = {a["id"] for a in data["articles"]}
    assert {"good", "j1", "truncated"} <= ids
    errors = {Path(e["path"]).name.split(":")[0]: e["reason"] for e in data["errors"]}
    assert {"empty.txt", "binary.txt", "feed.jsonl", "huge.txt"} <= set(errors)
    for name in ("empty.txt", "binary.txt", "huge.txt"):
        assert name in stderr
    # Re-running adds nothing and reports the same errors again.
    assert main(["add", str(batch), "--db", str(db), "--quiet"]) == 0
    with Store(db) as store:
        assert store.count() == len(ids)


def test_exit_code_is_nonzero_when_nothing_was_analysed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["add", str(tmp_path), "--db", str(tmp_path / "m.db"), "--quiet"]) == 1


def test_duplicates_are_linked_not_counted_twice(seed_texts):
    name, text = next((k, v) for k, v in seed_texts.items() if k.startswith("000"))
    lines = text.split("\n")
    # A republication: new headline, last paragraph and sign-off cut, one word changed.
    body = "\n".join(lines[:-2]).replace("الأربعاء", "يوم الأربعاء", 1)
    near = "عنوان جديد لنفس الخبر\n" + body
    articles = [
        Article(id="orig", raw=text),
        Article(id="exact", raw=text + "\n\n"),
        Article(id="near", raw=near),
        Article(id="other", raw=next(v for k, v in seed_texts.items() if k.startswith("003"))),
    ]
    report = analyze(articles)
    by_id = {a.id: a for a in report.articles}
    assert by_id["orig"].duplicate_of is None
    assert by_id["exact"].duplicate_of == "orig"
    assert by_id["near"].duplicate_of == "orig"
    assert by_id["other"].duplicate_of is None
    story = next(s for s in report.stories if "orig" in s.article_ids)
    assert {"exact", "near"} <= set(story.article_ids)
    assert all(item["article_id"] not in ("exact", "near") for item in story.summary)


def test_full_text_search_is_normalised(seeds_dir, tmp_path):
    with Store(tmp_path / "m.db") as store:
        add([seeds_dir], store)
        hits = {i[:3] for i, _ in store.search("كاراباخ")}
        assert {"000", "001", "002"} <= hits
        # Hamza and teh marbuta folded: "إعادة" written "اعاده" still matches.
        assert "000" in {i[:3] for i, _ in store.search("اعاده دمج")}
        assert store.search("") == [] and store.search('"') == []
        # control characters (a NUL from a fuzzed query) separate words, never break FTS5
        assert store.search("\x00") == [] and "000" in {
            i[:3] for i, _ in store.search("كاراباخ\x00")
        }


def test_article_text_is_escaped_everywhere(tmp_path):
    hostile = '<script>alert("x")</script> قال المسؤول إن <img src=x onerror=alert(1)> الوضع هادئ.'
    report = analyze([Article(id="evil", raw=hostile, url="javascript:alert(1)")])
    paths = write_reports(report, tmp_path)
    html = paths[2].read_text("utf-8")
    md = paths[1].read_text("utf-8")
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in md and "<img" not in md
    assert "من قال ماذا" in md and "&lt;img" in md  # the quote is listed, escaped


def test_markdown_report_lists_who_said_what(seed_report):
    _, out, _ = seed_report
    md = (out / "report.md").read_text("utf-8")
    section = md[md.index("#### من قال ماذا") :]
    assert "**حكمت حاجييف" in section and "(مباشر)" in section and "(غير مباشر)" in section
    assert "عبارات منسوبة إليه بين علامات اقتباس" in section  # the scare quotes, apart


@pytest.mark.parametrize(
    "n, label",
    [
        (0, "لا مقالات"),
        (1, "مقالة واحدة"),
        (2, "مقالتان"),
        (5, "5 مقالات"),
        (10, "10 مقالات"),
        (11, "11 مقالة"),
        (21, "21 مقالة"),
        (100, "100 مقالة"),
        (103, "103 مقالات"),
        (111, "111 مقالة"),
    ],
)
def test_counts_take_the_noun_form_arabic_gives_them(n, label):
    assert count_label(n, "article") == label


def test_reports_count_in_arabic(seed_report):
    _, out, _ = seed_report
    md = (out / "report.md").read_text("utf-8")
    html = (out / "report.html").read_text("utf-8")
    head = "5 مقالات · قصتان · لا أخطاء إدخال"  # not "2 قصص · 0 أخطاء إدخال"
    assert head in md and head in html
    assert "متحدثًا" in md or "متحدثين" in md  # 11+ speakers take the singular accusative
    assert "1 أقوال" not in md and "2 أقوال" not in md


def test_same_file_name_in_another_folder_is_another_article(seed_texts, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    texts = list(seed_texts.values())
    (tmp_path / "a" / "story.txt").write_text(texts[0], encoding="utf-8")
    (tmp_path / "b" / "story.txt").write_text(texts[3], encoding="utf-8")
    with Store(tmp_path / "m.db") as store:
        add([tmp_path / "a"], store)
        add([tmp_path / "b"], store)
        assert store.count() == 2
        # Editing a file re-processes it in place.
        (tmp_path / "a" / "story.txt").write_text(texts[1], encoding="utf-8")
        again = add([tmp_path / "a"], store)
        assert (again.added, store.count()) == (1, 2)
        assert store.get("story").text.startswith("أعلن انفصاليو")


def test_timeline_marks_dates_resolved_against_an_inferred_publication_date(seeds_dir, tmp_path):
    report = analyze([seeds_dir])
    sources = [src for s in report.stories for e in s.attrs["timeline"] for src in e["sources"]]
    by_expression = {src["expression"]: src["estimated"] for src in sources}
    assert by_expression["أمس الجمعة"] is True  # leans on the inferred publication date
    assert by_expression["ليلة 10 تشرين الثاني/نوفمبر 2020"] is False  # its year is written
    inferred = write_reports(report, tmp_path / "a")[2].read_text("utf-8")
    given = analyze([seeds_dir], published="2023-09-20")
    assert "الخط الزمني" in inferred and "تقديري" in inferred
    assert all(a.published == "2023-09-20" and not a.published_inferred for a in given.articles)
    html = write_reports(given, tmp_path / "b")[2].read_text("utf-8")
    assert "الخط الزمني" in html and "تقديري" not in html
