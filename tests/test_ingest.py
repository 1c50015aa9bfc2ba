"""Ingestion: every input format, every encoding, and bad input reported instead of raised."""

from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import tracemalloc
from pathlib import Path

import pytest

from marsad.ingest import read_bytes, read_paths, sniff_format
from marsad.ingest.dates import normalize_date
from marsad.ingest.decode import BinaryInputError, decode_bytes
from marsad.ingest.html import html_to_text, parse_html
from marsad.ingest.text import guess_language
from marsad.model import Article, InputError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# ISO-8859-6 has no curly quotes, guillemets, en dash or bullet, all of which occur in the
# seeds; for that encoding the seeds are compared after mapping these to ASCII look-alikes.
_ISO_SUBST = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "•": "*"})

NAV = ["الرئيسية", "سياسة", "اقتصاد", "رياضة"]
FOOTER = "جميع الحقوق محفوظة لموقع المرصد التجريبي 2023"


def _split(items: list) -> tuple[list[Article], list[InputError]]:
    arts = [x for x in items if isinstance(x, Article)]
    errs = [x for x in items if isinstance(x, InputError)]
    assert len(arts) + len(errs) == len(items)
    return arts, errs


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines with whitespace runs collapsed, as HTML renders them."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _page(paragraphs: list[str], *, title: str, charset: str = "utf-8") -> str:
    nav = "".join(f'<li><a href="/s/{i}">{n}</a></li>' for i, n in enumerate(NAV))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">'
        f"<title>{title} | المرصد</title>"
        '<meta property="og:site_name" content="المرصد التجريبي">'
        '<meta name="author" content="مراسل المرصد">'
        '<meta property="article:published_time" content="2023-09-20T10:00:00Z">'
        '<link rel="canonical" href="https://example.org/news/42"></head>'
        f"<body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>"
        f'{body}</article></main><aside><a href="/more">اقرأ أيضا: أخبار أخرى</a></aside>'
        f"<footer><p>{FOOTER}</p></footer></body></html>"
    )


# --- plain text and encodings ---------------------------------------------------------------


def test_seeds_read_back_unchanged(seeds_dir: Path, seed_texts: dict[str, str]) -> None:
    arts, errs = _split(list(read_paths([seeds_dir])))
    assert errs == []
    assert [a.id for a in arts] == sorted(seed_texts)
    for a in arts:
        assert a.raw == seed_texts[a.id]
        assert a.fmt == "txt" and a.language == "ar"
        assert a.path == str(seeds_dir / f"{a.id}.txt")


@pytest.mark.parametrize(
    "encoding, encode",
    [
        ("cp1256", lambda t: t.encode("cp1256")),
        ("iso-8859-6", lambda t: t.translate(_ISO_SUBST).encode("iso-8859-6")),
        ("utf-16", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
        ("utf-16-be", lambda t: t.encode("utf-16-be")),
        ("utf-16-le", lambda t: t.encode("utf-16-le")),
        ("utf-8-sig", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-32", lambda t: t.encode("utf-32")),
    ],
)
def test_reencoded_seeds_decode_identically(
    tmp_path: Path, seed_texts: dict[str, str], encoding: str, encode
) -> None:
    expected = {}
    for stem, text in seed_texts.items():
        if encoding == "iso-8859-6":
            text = text.translate(_ISO_SUBST)
        expected[stem] = text
        data = encode(text)
        (tmp_path / f"{stem}.txt").write_bytes(data)
        assert decode_bytes(data) == (text, encoding)
    arts, errs = _split(list(read_paths([tmp_path])))
    assert errs == []
    assert {a.id: a.raw for a in arts} == expected


def test_legacy_code_page_choice_on_short_text() -> None:
    # Both code pages decode these bytes to Arabic letters; only the right one gives "ال".
    text = "مرحبا بالعالم في الأخبار"
    assert decode_bytes(text.encode("cp1256")) == (text, "cp1256")
    assert decode_bytes(text.encode("iso-8859-6")) == (text, "iso-8859-6")
    # Latin-1 text is not mistaken for Arabic.
    assert decode_bytes("Hello from the café".encode("latin-1")) == (
        "Hello from the café",
        "cp1252",
    )


def test_legacy_code_pages_on_easc(data_dir: Path) -> None:
    """All 153 EASC articles, whole and as 50-character prefixes, in both Arabic code pages."""
    articles = [p.read_text("utf-8") for p in sorted((data_dir / "easc" / "Articles").iterdir())]
    assert len(articles) == 153
    wrong = []
    for i, article in enumerate(articles):
        for text in (article, article[:50]):
            text = text.replace("\r\n", "\n").translate(_ISO_SUBST)
            for enc in ("cp1256", "iso-8859-6"):
                # Characters outside the code page are dropped from the expected text first.
                expected = text.encode(enc, "ignore").decode(enc)
                if decode_bytes(expected.encode(enc)) != (expected, enc):
                    wrong.append((i, len(text), enc))
    assert wrong == []


def test_newlines_normalised(seed_texts: dict[str, str]) -> None:
    text = next(iter(seed_texts.values()))
    for sep in ("\r\n", "\r"):
        decoded, _ = decode_bytes(text.replace("\n", sep).encode("cp1256"))
        assert decoded == text


def test_binary_detection() -> None:
    rng = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000)
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(png)
    no_nul = bytes(b for b in rng.randbytes(4000) if b)
    with pytest.raises(BinaryInputError, match="control characters"):
        decode_bytes(no_nul)


def test_truncated_utf8_keeps_the_valid_part() -> None:
    text = "قالت أذربيجان الأربعاء"
    decoded, enc = decode_bytes(text.encode("utf-8")[:-1])
    assert enc == "utf-8" and decoded == text[:-1]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("قالت أذربيجان الأربعاء إنها تريد إعادة دمج سلمية", "ar"),
        ("Azerbaijan said on Wednesday it wants a peaceful reintegration", "en"),
        ("قالت أذربيجان Azerbaijan said on Wednesday it wants", "mixed"),
        ("2023-09-20 12:00 ... !!", "und"),
        ("", "und"),
    ],
)
def test_guess_language(text: str, lang: str) -> None:
    assert guess_language(text) == lang


# --- HTML -------------------------------------------------------------------------------------


def test_html_page_gives_the_body_back(seed_texts: dict[str, str]) -> None:
    paras = _paragraphs(seed_texts["000_c43aad3ce174b96b"])
    title = "أذربيجان تريد إعادة دمج سلمية لكاراباخ"
    a = parse_html(_page(paras, title=title).encode("utf-8"), id="p42", path="p42.html")
    assert isinstance(a, Article)
    assert a.raw == "\n".join(paras)  # paragraph breaks kept, headline moved to `title`
    for junk in [*NAV, FOOTER, "اقرأ أيضا"]:
        assert junk not in a.raw
    assert a.title == title
    assert a.source == "المرصد التجريبي"
    assert a.author == "مراسل المرصد"
    assert a.url == "https://example.org/news/42"
    assert a.published == "2023-09-20"
    assert (a.id, a.fmt, a.language) == ("p42", "html", "ar")


def test_html_declared_legacy_charset(seed_texts: dict[str, str]) -> None:
    paras = _paragraphs(seed_texts["003_e6d7035163982f4c"])
    page = _page(paras, title="عنوان", charset="windows-1256").encode("cp1256")
    a = parse_html(page, id="w", path=None)
    assert isinstance(a, Article) and a.raw == "\n".join(paras)


def test_truncated_html(seed_texts: dict[str, str]) -> None:
    paras = _paragraphs(seed_texts["001_713a85e3bd79025f"])
    page = _page(paras, title="عنوان").encode("utf-8")
    cut = page[: page.index(b"<p>", len(page) // 2) + 2]  # ends inside "<p"
    a = parse_html(cut, id="cut", path="cut.html")
    assert isinstance(a, Article)
    assert a.raw.startswith(paras[0]) and len(a.raw) > 200
    assert paras[-1] not in a.raw
    # Nothing usable left: an error, not an exception.
    err = parse_html(b"<html><head><title>x</title></head><bo", id="x", path="x.html")
    assert isinstance(err, InputError) and err.path == "x.html"


def test_html_falls_back_to_lxml_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch, seed_texts: dict[str, str]
) -> None:
    import marsad.ingest.html as html_mod

    monkeypatch.setattr(html_mod.trafilatura, "bare_extraction", lambda *a, **k: None)
    paras = _paragraphs(seed_texts["002_e51f061674820845"])[:3]
    a = parse_html(_page(paras, title="عنوان الخبر"), id="f", path=None)
    assert isinstance(a, Article)
    assert a.raw.split("\n")[-3:] == paras  # body paragraphs kept, one per line
    for junk in NAV:  # nav/header/aside/footer dropped by the fallback too
        assert junk not in a.raw
    assert a.title and a.title.startswith("عنوان الخبر")  # metadata still extracted


def test_html_to_text_blocks_and_scripts() -> None:
    markup = "<div>سطر أول<br>سطر <b>ثان</b></div><script>var x = 1;</script><ul><li>بند</li></ul>"
    assert html_to_text(markup) == "سطر أول\nسطر ثان\nبند"
    assert html_to_text("") == "" and html_to_text("plain") == "plain"


# --- JSON Lines / JSON ----------------------------------------------------------------------


def test_jsonl_good_and_malformed_lines(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    seed = seed_texts["004_ea8e902530485d8a"]
    lines = [
        json.dumps(
            {
                "id": "n1",
                "text": seed,
                "source": "وكالة",
                "url": "https://e.org/1",
                "title": "عنوان",
                "published": "Wed, 20 Sep 2023 10:00:00 GMT",
            },
            ensure_ascii=False,
        ),
        '{"id": "n2", "text": "unterminated',
        "",  # blank lines are skipped silently
        json.dumps({"id": "n3", "text": 42}),
        json.dumps({"id": "n4", "title": "بلا نص"}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        json.dumps({"html": _page(_paragraphs(seed)[:4], title="ع")}, ensure_ascii=False),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, errs = _split(list(read_paths([path])))
    assert [(e.path, e.reason.split(":")[0].split(" (")[0]) for e in errs] == [
        (f"{path}:2", "invalid JSON"),
        (f"{path}:4", "field 'text' must be a string, got int"),
        (f"{path}:5", "record has no 'text' or 'html'"),
        (f"{path}:6", "expected a JSON object, got list"),
    ]
    first, from_html = arts
    assert (first.id, first.raw, first.source, first.title) == ("n1", seed, "وكالة", "عنوان")
    assert (first.url, first.published, first.fmt) == ("https://e.org/1", "2023-09-20", "jsonl")
    assert first.path == f"{path}:1"
    # Missing id: a content hash, the same on every run.
    assert len(from_html.id) == 16 and from_html.raw == "\n".join(_paragraphs(seed)[:4])


def test_jsonl_streams_a_50mb_file(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:
        fh.write(json.dumps({"id": "a", "text": "خبر أول"}, ensure_ascii=False).encode() + b"\n")
        fh.write(b'{"id": "huge", "text": "')
        chunk = ("ا" * 1_000_000).encode()  # 2 MB per chunk
        for _ in range(25):
            fh.write(chunk)
        fh.write(b'"}\n')
        fh.write(json.dumps({"id": "c", "text": "خبر أخير"}, ensure_ascii=False).encode() + b"\n")
    assert path.stat().st_size > 50_000_000
    tracemalloc.start()
    items = list(read_paths([path], max_line_bytes=1_000_000))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arts, errs = _split(items)
    assert [a.id for a in arts] == ["a", "c"]
    assert len(errs) == 1 and errs[0].path == f"{path}:2"
    assert "line too long" in errs[0].reason and "limit 1000000" in errs[0].reason
    assert peak < 10_000_000  # streamed, never read whole


def test_json_document_array(tmp_path: Path) -> None:
    recs = [{"id": "j1", "text": "نص أول"}, {"id": "j2"}, {"id": "j3", "text": "نص ثالث"}]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    arts, errs = _split(list(read_paths([path])))
    assert [a.id for a in arts] == ["j1", "j3"]
    assert [e.path for e in errs] == [f"{path}[1]"]


# --- feeds ----------------------------------------------------------------------------------


def test_rss_feed() -> None:
    arts, errs = _split(list(read_paths([FIXTURES / "feed.rss"])))
    assert errs == []
    ar, en = arts
    assert ar.title == "أذربيجان تعلن وقف العملية العسكرية في كاراباخ"
    assert ar.source == "وكالة الاختبار" and ar.url == "https://example.org/news/1"
    # The publisher's calendar day (+03:00), not the UTC day before.
    assert ar.published == "2023-09-20"
    assert ar.raw == (
        "أعلنت وزارة الدفاع الأذربيجانية وقف العملية العسكرية في إقليم ناغورني كاراباخ.\n"
        "وقالت الوزارة إن الانفصاليين وافقوا على تسليم أسلحتهم."
    )
    assert (ar.language, en.language, en.published) == ("ar", "en", "2023-09-21")
    assert ar.fmt == "feed" and ar.id != en.id


def test_atom_feed_and_xml_sniffing(tmp_path: Path) -> None:
    (tmp_path / "atom.xml").write_bytes((FIXTURES / "feed.atom").read_bytes())
    (tmp_path / "feed_no_ext").write_bytes((FIXTURES / "feed.rss").read_bytes())
    (tmp_path / "other.xml").write_text('<?xml version="1.0"?><config><a>1</a></config>')
    arts, errs = _split(list(read_paths([tmp_path])))
    atom = arts[0]
    assert atom.title == "محادثات بين باكو وممثلي الأرمن"
    assert (atom.author, atom.published, atom.source) == (
        "مراسل الاختبار",
        "2023-09-21",
        "مرصد الأخبار",
    )
    assert (
        atom.raw
        == "عقد ممثلون عن باكو والأرمن محادثات في مدينة يفلاخ.\nوأكد الجانبان استمرار الحوار."
    )
    assert len(arts) == 3  # 1 Atom entry + 2 RSS items from the extension-less file
    assert [e.path for e in errs] == [str(tmp_path / "other.xml")]


def test_malformed_feeds(tmp_path: Path) -> None:
    arts, errs = _split(list(read_paths([FIXTURES / "malformed.rss"])))
    assert [a.title for a in arts] == ["خبر سليم & كامل"]  # salvaged despite the breakage
    assert "في الملف" in arts[0].raw
    assert all(e.path.startswith(str(FIXTURES / "malformed.rss")) for e in errs)
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>x</title><item><title>a</ti", encoding="utf-8")
    (err,) = read_paths([broken])
    assert isinstance(err, InputError) and err.path == str(broken)
    assert err.reason.startswith("malformed feed")


# --- one batch with everything --------------------------------------------------------------


def _mixed_batch(root: Path, seeds_dir: Path, seed_texts: dict[str, str]) -> dict[str, Path]:
    """Every kind of good and bad input in one directory tree."""
    shutil.copytree(seeds_dir, root / "seeds")
    paras = _paragraphs(seed_texts["000_c43aad3ce174b96b"])
    page = _page(paras, title="عنوان").encode("utf-8")
    (root / "page.html").write_bytes(page)
    (root / "cut.htm").write_bytes(page[: page.index(b"</p>", len(page) // 2) + 3])
    good = json.dumps({"id": "line-ok", "text": "نص سليم من سطر صحيح"}, ensure_ascii=False)
    (root / "batch.jsonl").write_text(good + '\n{"id": 3, "text": \n', encoding="utf-8")
    bad = {
        "empty": root / "empty.txt",
        "binary": root / "image.png",
        "binary_txt": root / "sub" / "not_text.txt",
        "huge": root / "huge.txt",
    }
    bad["empty"].write_bytes(b"")
    rng = random.Random(11)
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(3000))
    bad["binary_txt"].parent.mkdir()
    bad["binary_txt"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(3000))
    with bad["huge"].open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing 50 MB
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("لا ينبغي قراءته")
    (root / ".notes.txt").write_text("لا ينبغي قراءته")
    return bad


def test_one_batch_with_good_and_bad_inputs(
    tmp_path: Path, seeds_dir: Path, seed_texts: dict[str, str]
) -> None:
    bad = _mixed_batch(tmp_path, seeds_dir, seed_texts)
    missing = tmp_path / "does-not-exist.txt"
    items = list(read_paths([tmp_path, missing]))
    arts, errs = _split(items)

    by_path = {e.path: e.reason for e in errs}
    assert by_path.pop(str(bad["empty"])) == "empty file"
    assert "binary" in by_path.pop(str(bad["binary"]))
    assert "binary" in by_path.pop(str(bad["binary_txt"]))
    huge = by_path.pop(str(bad["huge"]))
    assert str(50 * 1024 * 1024) in huge and "20000000" in huge
    assert by_path.pop(f"{tmp_path / 'batch.jsonl'}:2").startswith("invalid JSON")
    assert by_path.pop(str(missing)) == "no such file or directory"
    assert by_path == {}  # exactly one error per bad input

    ids = [a.id for a in arts]
    assert ids == ["line-ok", "cut", "page", *sorted(seed_texts)]  # sorted walk order
    got = {a.id: a for a in arts}
    for stem, text in seed_texts.items():
        assert got[stem].raw == text
    assert got["page"].raw == "\n".join(_paragraphs(seed_texts["000_c43aad3ce174b96b"]))
    assert got["page"].raw.startswith(got["cut"].raw)
    assert all("لا ينبغي" not in a.raw for a in arts)  # hidden files skipped


def test_ids_stable_across_reads(tmp_path: Path, seeds_dir: Path, seed_texts: dict) -> None:
    _mixed_batch(tmp_path, seeds_dir, seed_texts)
    feed = FIXTURES / "feed.rss"
    (tmp_path / "nohash.jsonl").write_text('{"text": "نص بلا معرف"}\n', encoding="utf-8")
    first = [(a.id, a.raw) for a in read_paths([tmp_path, feed]) if isinstance(a, Article)]
    second = [(a.id, a.raw) for a in read_paths([tmp_path, feed]) if isinstance(a, Article)]
    assert first == second
    assert len({i for i, _ in first}) == len(first)


def test_repeated_stems_get_distinct_stable_ids(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "story.txt").write_text(f"خبر في المجلد {d}", encoding="utf-8")
    ids = [a.id for a in read_paths([tmp_path])]
    assert ids[0] == "story" and ids[1].startswith("story-") and len(set(ids)) == 2
    assert ids == [a.id for a in read_paths([tmp_path])]


# --- sniffing and uploads -------------------------------------------------------------------


def test_sniff_format(seed_texts: dict[str, str]) -> None:
    seed = next(iter(seed_texts.values()))
    assert sniff_format(_page([seed], title="t").encode()) == "html"
    assert sniff_format((FIXTURES / "feed.atom").read_bytes()) == "feed"
    assert sniff_format((FIXTURES / "feed.rss").read_bytes().decode().encode("utf-16")) == "feed"
    assert sniff_format(b'{"id": 1, "text": "x"}\n{"id": 2}') == "jsonl"
    assert sniff_format(b'[{"id": 1}]') == "json"
    assert sniff_format(b'{\n  "id": 1,\n  "text": "x"\n}') == "json"  # pretty-printed
    assert sniff_format("{ملاحظة} نص يبدأ بقوس\nسطر ثان".encode()) == "txt"
    assert sniff_format(seed.encode("cp1256")) == "txt"
    assert sniff_format(b"\x00\x01\x02binary") == "binary"


def test_read_bytes_uploads(seed_texts: dict[str, str]) -> None:
    stem, text = next(iter(seed_texts.items()))
    (a,) = read_bytes(text.encode("cp1256"), name=f"{stem}.txt")
    assert (a.id, a.raw, a.fmt) == (stem, text, "txt")
    (h,) = read_bytes(_page(_paragraphs(text), title="t").encode(), name="upload.bin")
    assert h.fmt == "html" and h.raw == "\n".join(_paragraphs(text))
    items = read_bytes('{"id": "u1", "text": "نص"}\nnot json\n'.encode(), name="up.jsonl")
    assert [type(x).__name__ for x in items] == ["Article", "InputError"]
    assert items[1].path == "up.jsonl:2"
    (f,) = read_bytes((FIXTURES / "feed.atom").read_bytes(), name="x", fmt="atom")
    assert f.fmt == "feed"
    (g,) = read_bytes((FIXTURES / "feed.atom").read_bytes(), name="upload", fmt="xml")
    assert g.fmt == "feed" and g.title == f.title
    assert read_bytes(b"", name="e.txt") == [InputError("e.txt", "empty file")]
    assert read_bytes(b"   \n\n", name="w.txt") == [
        InputError("w.txt", "empty file (whitespace only)")
    ]
    (big,) = read_bytes(b"x" * 101, name="big.txt", max_file_bytes=100)
    assert isinstance(big, InputError) and "101 bytes" in big.reason


def test_bad_input_never_raises(tmp_path: Path) -> None:
    rng = random.Random(3)
    blobs = [
        rng.randbytes(2000),
        bytes(b for b in rng.randbytes(2000) if b),
        b"<html" * 1000,
        b"<rss><channel><item>" * 50,
        b'{"text": ' * 50_000,  # deeply nested / broken JSON
        b"Latin only text, nothing Arabic here.",
        "نص مختلط mixed النص with Latin ١٢٣".encode("utf-16"),
        b"\xff\xfe\x00",
        b"\xd8",
    ]
    for i, blob in enumerate(blobs):
        for fmt in (None, "txt", "html", "jsonl", "json", "feed", "xml", "bogus"):
            for item in read_bytes(blob, name=f"blob{i}.dat", fmt=fmt):
                assert isinstance(item, Article | InputError)
                if isinstance(item, Article):
                    assert isinstance(item.raw, str) and item.id
                else:  # handled as bad input, not by the last-resort exception guard
                    assert not item.reason.startswith("internal error"), item
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("قال الرئيس Emmanuel Macron إن فرنسا", encoding="utf-8")
    (a,) = read_paths([mixed])
    assert a.raw == "قال الرئيس Emmanuel Macron إن فرنسا" and a.language == "mixed"


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("نص")
    path.chmod(0)
    try:
        items = list(read_paths([path]))
    finally:
        path.chmod(0o644)
    if os.geteuid() == 0:  # root reads anyway
        assert isinstance(items[0], Article)
    else:
        assert items == [InputError(str(path), "permission denied")]


# --- metadata dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-09-20", "2023-09-20"),
        ("2023-09-20T10:00:00Z", "2023-09-20"),
        ("2023-09-20T23:30:00-05:00", "2023-09-20"),
        ("Wed, 20 Sep 2023 10:00:00 GMT", "2023-09-20"),
        ("Wed, 20 Sep 2023 01:00:00 +0300", "2023-09-20"),
        ("Wed, 20 Sep 2023", "2023-09-20"),
        ("20/09/2023", "2023-09-20"),
        ("٢٠٢٣/٠٩/٢٠", "2023-09-20"),
        ("20230920", "2023-09-20"),
        ("September 20, 2023", "2023-09-20"),
        ("1695204000", "2023-09-20"),
        (1695204000000, "2023-09-20"),
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_normalize_date(value, expected) -> None:
    assert normalize_date(value) == expected


def test_odd_path_arguments(seeds_dir: Path, seed_texts: dict[str, str]) -> None:
    # A single path (not a list) is one input, not an iterable of characters.
    assert [a.id for a in read_paths(str(seeds_dir))] == sorted(seed_texts)
    errs = list(read_paths(["", None, 3]))  # type: ignore[list-item]
    assert [(e.path, e.reason) for e in errs] == [
        ("''", "not a path"),
        ("None", "not a path"),
        ("3", "not a path"),
    ]
