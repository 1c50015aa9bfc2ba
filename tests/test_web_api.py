"""The HTTP API and server-rendered pages over a store built from the seed articles.

Entity, quote, date and figure layers (and story timelines) are inserted by the fixture where
the real stages have not stored them, so the queries are tested on spans we know.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.model import DATE, ENTITY, FIGURE, QUOTE, Article, Span, Story
from marsad.pipeline import analyze
from marsad.store import queries as sq
from marsad.store.sqlite import Store
from marsad.web import queries as wq
from marsad.web.app import create_app, is_loopback, serve

KARABAKH = "loc-karabakh"
ALIYEV = "per-aliyev"


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def annotate_seeds(store: Store) -> dict[str, list[str]]:
    """Mark every كاراباخ / قره باغ as one LOC entity, علييف as a PER entity, plus one
    quote, date and figure in the first article, and a timeline on its story."""
    found: dict[str, list[str]] = {"كاراباخ": [], "قره باغ": []}
    first = None
    for a in store.articles():
        ents = []
        for form in found:
            spans = _occurrences(a.text, form)
            if spans:
                found[form].append(a.id)
            ents += [Span(s, e, "LOC", {"entity_id": KARABAKH}) for s, e in spans]
        ents += [Span(s, e, "PER", {"entity_id": ALIYEV}) for s, e in _occurrences(a.text, "علييف")]
        # Every layer the page highlights is overwritten, so the test does not depend on
        # which real stages have landed in the pipeline.
        layers = {ENTITY: sorted(ents, key=lambda s: s.start), QUOTE: [], FIGURE: [], DATE: []}
        if first is None and ents and "الأربعاء" in a.text and len(a.spans("sentence")) > 1:
            first = a
            sent = a.spans("sentence")[1]
            layers[QUOTE] = [
                Span(sent.start, sent.end, "quote", {"type": "indirect", "speaker": "إلهام علييف",
                                                     "speaker_entity_id": ALIYEV, "verb": "قال"})
            ]  # fmt: skip
            m = re.search(r"\d+", a.text)
            layers[FIGURE] = [Span(m.start(), m.end(), "figure", {"value": float(m.group()),
                                                                  "unit": "ساعة"})]  # fmt: skip
            d = a.text.index("الأربعاء")
            layers[DATE] = [Span(d, d + len("الأربعاء"), "date", {"value": "2023-09-20"})]
        store.set_layers(a.id, layers)
    stories = store.stories()
    for s in stories:
        s.attrs.pop("timeline", None)
        s.attrs.pop("quotes", None)
        if first is not None and first.id in s.article_ids:
            sent = first.spans("sentence")[0]
            s.attrs["timeline"] = [
                {"date": "2023-09-20", "precision": "day", "text": sent.text_of(first.text),
                 "articles": [first.id],
                 "sources": [{"article_id": first.id, "source": None,
                              "sentence": sent.text_of(first.text), "expression": "الأربعاء"}]},
                "not an event",  # malformed stage output is skipped, not a crash
            ]  # fmt: skip
            said = first.spans("sentence")[1]
            s.attrs["quotes"] = [
                {"speaker": "إلهام علييف", "speaker_entity_id": ALIYEV,
                 "statements": [{"text": said.text_of(first.text), "type": "indirect",
                                 "sources": [{"article_id": first.id, "source": None,
                                              "start": said.start, "end": said.end}]},
                                {"text": None}],
                 "terms": [{"text": "<b>آمن</b>", "type": "partial",
                            "sources": [{"article_id": first.id, "source": None}]}],
                 "outlets": ["وكالة أ", 7]},
                {"speaker": "nobody", "statements": []},  # no statements: not shown
                "junk",
            ]  # fmt: skip
            s.attrs["figures"] = [
                {
                    "unit": "ساعة",
                    "kind": "duration",
                    "status": "differ",
                    "values": [24, 48],
                    "outlets": [
                        {
                            "outlet": "وكالة أ",
                            "article_id": first.id,
                            "value": 24,
                            "qualifier": None,
                            "text": "24",
                            "context": "استمر 24 ساعة",
                        },
                        {
                            "outlet": "وكالة ب",
                            "article_id": first.id,
                            "value": 48,
                            "qualifier": "more_than",
                            "text": "48",
                            "context": "<i>48</i>",
                        },
                    ],
                },
                7,  # malformed group: skipped
            ]
    store.save_stories(stories)
    store.save_entities([])  # the real profiles would name entities the layers above replaced
    return found


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[str, dict]:
    db = str(tmp_path_factory.mktemp("web") / "seeds.db")
    with Store(db) as store:
        analyze([seeds_dir], store)
        found = annotate_seeds(store)
    return db, found


@pytest.fixture(scope="module")
def client(seed_db: tuple[str, dict]) -> TestClient:
    with TestClient(create_app(seed_db[0])) as c:
        yield c


def test_story_list_sorts(client: TestClient) -> None:
    covered = client.get("/api/stories", params={"sort": "covered"}).json()
    assert covered["total"] == len(covered["items"]) >= 1
    sizes = [s["n_articles"] for s in covered["items"]]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(sizes) == 5  # every seed article is in exactly one story
    newest = client.get("/api/stories", params={"sort": "newest", "limit": 2}).json()
    assert len(newest["items"]) == min(2, covered["total"])
    dates = [s["last_published"] or "" for s in newest["items"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/stories", params={"sort": "bogus"}).status_code == 422
    page = client.get("/?sort=covered")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    for s in covered["items"]:
        assert html.escape(s["title"], quote=False) in page.text


def test_story_brief_sections(client: TestClient, seed_db: tuple[str, dict]) -> None:
    items = client.get("/api/stories").json()["items"]
    briefs = [client.get(f"/api/stories/{s['id']}").json() for s in items]
    full = next(b for b in briefs if b["timeline"])
    assert full["stages"]["timeline"] and full["stages"]["quotes"] and full["stages"]["entities"]
    assert len(full["timeline"]) == 1 and full["timeline"][0]["date"] == "2023-09-20"
    (quote,) = full["quotes"]
    assert quote["speaker_entity_id"] == ALIYEV and quote["text"] and quote["verb"] == "قال"
    assert full["figures"][0]["unit"] == "ساعة" and full["figures"][0]["agrees"]
    assert {e["id"] for e in full["entities"]} >= {KARABAKH}
    for b in briefs:
        ids = {a["id"] for a in b["articles"]}
        assert all(c["article_id"] in ids for c in b["summary"])  # citations resolve
    timeline = client.get(f"/api/stories/{full['id']}/timeline").json()
    assert timeline == full["timeline"]
    page = client.get(f"/stories/{full['id']}").text
    assert "الخط الزمني" in page and "2023-09-20" in page and "إلهام علييف" in page
    (group,) = full["speakers"]
    assert group["speaker_entity_id"] == ALIYEV and len(group["statements"]) == 1
    assert [t["text"] for t in group["terms"]] == ["<b>آمن</b>"] and group["outlets"] == ["وكالة أ"]
    assert "عبارات منسوبة إليه" in page and "«&lt;b&gt;آمن&lt;/b&gt;»" in page  # escaped
    assert f'<div class="speaker">\n  <h3><a href="/entities/{ALIYEV}">إلهام علييف</a>' in page
    # The figures stage's agreement table, escaped, disagreements marked.
    assert full["figures_stage"][0]["status"] == "differ"
    assert "مختلفة" in page and "أكثر من" in page and "&lt;i&gt;48&lt;/i&gt;" in page


def test_search_expands_through_entity(client: TestClient, seed_db: tuple[str, dict]) -> None:
    db, found = seed_db
    spelled, other = set(found["كاراباخ"]), set(found["قره باغ"])
    assert spelled and other and not spelled & other
    with Store(db) as store:  # plain full-text search misses the other spelling
        assert {aid for aid, _ in store.search("كاراباخ")} == spelled
    result = client.get("/api/search", params={"q": "كاراباخ"}).json()
    hits = {h["article"]["id"]: h for h in result["hits"]}
    assert set(hits) == spelled | other
    assert all(hits[a]["via"] == "entity" for a in other)
    assert all(hits[a]["via"] == "text" and hits[a]["snippet"] for a in spelled)
    assert [e["id"] for e in result["entities"]] == [KARABAKH]
    for h in hits.values():  # snippets are original text, the match marked in it
        a, b = h["match"]
        assert h["snippet"][a:b] in ("كاراباخ", "قره", "باغ")
    # Hamza/diacritic-insensitive, and the other spelling finds the first one.
    assert {h["article"]["id"] for h in client.get(
        "/api/search", params={"q": "قرہ باغ".replace("ہ", "ه")}).json()["hits"]} == spelled | other  # fmt: skip
    page = client.get("/search", params={"q": "كاراباخ"}).text
    assert page.count('class="card"') == len(spelled | other) and "عبر الكيان" in page
    for q in ("", "   ", "zzzz", "<script>", '"', "*", "a OR b", "ال"):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200, q
    assert client.get("/api/search", params={"q": "x" * 501}).status_code == 422


def test_article_view_and_highlight(client: TestClient, seed_texts: dict[str, str]) -> None:
    aid = sorted(seed_texts)[0]
    view = client.get(f"/api/articles/{aid}").json()
    assert view["text"] and "sentence" in view["layers"] and "token" not in view["layers"]
    for name, spans in view["layers"].items():
        for s in spans:
            assert s["text"] == view["text"][s["start"] : s["end"]], name
    assert view["removed"], "the seeds carry page furniture that cleaning removes"
    page = client.get(f"/articles/{aid}").text
    assert 'class="hl-entity ent-LOC"' in page and f'href="/entities/{KARABAKH}"' in page
    assert view["removed"][0]["reason"] in page
    body = re.search(r'<div class="text" id="text">(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == view["text"]


def test_highlight_escapes_and_handles_overlaps() -> None:
    text = 'قال <script>alert("x")</script> & علييف: "نعم" 24 ساعة'
    spans = {
        ENTITY: [Span(text.index("علييف"), text.index("علييف") + 5, "PER", {"entity_id": 'a"b'})],
        QUOTE: [Span(0, text.index(":"), "quote", {"speaker": "<b>x</b>"})],
        FIGURE: [Span(text.index("24"), len(text), "figure", {"value": 24, "unit": "ساعة"})],
        DATE: [Span(-3, 2, "date"), Span(5, 500, "date"), Span(7, 7, "date")],  # out of range
    }
    out = str(wq.highlight(text, spans))
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and 'href="/entities/a%22b"' in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    # Overlap: the entity inside the quote carries both classes.
    assert 'class="hl-quote hl-entity ent-PER"' in out
    assert str(wq.highlight("", spans)) == ""
    huge = "ب" * (wq.MAX_TEXT_CHARS + 1000)
    assert len(str(wq.highlight(huge, {FIGURE: [Span(0, len(huge), "figure")]}))) < len(huge)


def test_entities_and_quotes(client: TestClient, seed_db: tuple[str, dict]) -> None:
    _, found = seed_db
    ents = client.get("/api/entities").json()
    assert {e["id"] for e in ents} == {KARABAKH, ALIYEV}
    prof = client.get(f"/api/entities/{KARABAKH}").json()
    assert set(prof["variants"]) == {"كاراباخ", "قره باغ"}
    assert {a["id"] for a in prof["articles"]} == set(found["كاراباخ"]) | set(found["قره باغ"])
    assert all(m["text"] in ("كاراباخ", "قره باغ") for m in prof["mentions"])
    assert prof["stories"]
    per = client.get(f"/api/entities/{ALIYEV}").json()
    assert len(per["quotes"]) == 1 and per["type"] == "PER"
    assert client.get("/api/entities", params={"q": "قره باغ"}).json()[0]["id"] == KARABAKH
    by_name = client.get("/api/quotes", params={"speaker": "علييف"}).json()
    assert len(by_name) == 1 and by_name[0]["speaker"] == "إلهام علييف"
    assert client.get("/api/quotes", params={"speaker": "بوتين"}).json() == []
    by_id = client.get("/api/quotes", params={"speaker_entity_id": ALIYEV}).json()
    assert by_id == by_name
    page = client.get(f"/entities/{KARABAKH}").text
    assert "قره باغ" in page and "كاراباخ" in page


def test_not_found_and_odd_ids(client: TestClient) -> None:
    for path in ("stories", "articles", "entities"):
        assert client.get(f"/api/{path}/nope").status_code == 404
        r = client.get(f"/{path}/nope")
        assert r.status_code == 404 and 'dir="rtl"' in r.text
    r = client.get("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert r.status_code == 404 and "<script>alert" not in r.text


def test_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/openapi.json", "/static/app.css", "/nope"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    schema = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/upload", "/api/stories/{story_id}",
            "/api/search", "/api/entities/{entity_id}", "/api/quotes"} <= set(schema["paths"])  # fmt: skip
    assert "StoryBrief" in schema["components"]["schemas"]


def test_upload_and_json_add(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    db = str(tmp_path / "up.db")
    name, text = sorted(seed_texts.items())[3]
    with TestClient(create_app(db)) as c:
        r = c.post("/api/articles/upload", files={"file": (f"{name}.txt", text.encode())})
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["added"] == 1 and out["article_ids"] == [name] and out["stories"]
        again = c.post("/api/articles/upload", files={"file": (f"{name}.txt", text.encode())})
        assert again.json()["unchanged"] == 1
        r = c.post("/api/articles", json={"articles": [
            {"id": "x1", "title": "عنوان", "text": "قالت أذربيجان إنها تريد إعادة دمج الإقليم."},
            {"id": "x2", "text": "   "}]})  # fmt: skip
        body = r.json()
        assert r.status_code == 200 and body["added"] == 1 and body["errors"]
        # Earlier stories survive a later upload.
        stories = c.get("/api/stories").json()["items"]
        assert {a for s in stories for a in
                [x["id"] for x in c.get(f"/api/stories/{s['id']}").json()["articles"]]} == {name, "x1"}  # fmt: skip
        bad = c.post("/api/articles/upload", files={"file": ("b.bin", b"\x00\x01\x02" * 100)})
        assert bad.status_code == 200 and bad.json()["errors"] and bad.json()["added"] == 0
        assert c.post("/api/articles", json={"articles": []}).status_code == 422
        assert c.post("/api/articles", content=b"{not json").status_code == 422
        # The HTML form goes through the same pipeline.
        r = c.post("/upload", files={"file": ("form.txt", "نص عربي قصير عن الأخبار.".encode())})
        assert r.status_code == 200 and "أضيفت 1 مقالة" in r.text
        # Cross-site form posts are refused.
        r = c.post("/upload", files={"file": ("f.txt", b"x")},
                   headers={"origin": "http://evil.example"})  # fmt: skip
        assert r.status_code == 403


def test_upload_size_limit(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "s.db"), max_upload_bytes=2_000)) as c:
        big = "خبر ".encode() * 20_000
        r = c.post("/api/articles/upload", files={"file": ("big.txt", big)})
        assert r.status_code == 413
        r = c.post("/api/articles", json={"articles": [{"text": "ب" * 100_000}]})
        assert r.status_code == 413
        ok = c.post("/api/articles/upload", files={"file": ("s.txt", "خبر قصير.".encode())})
        assert ok.status_code == 200

        def chunks():  # no Content-Length: the limit is counted while the body streams in
            yield b'{"articles": [{"text": "'
            for _ in range(100):
                yield "ب".encode() * 1000

        r = c.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_token_guards_writes(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "t.db"), token="s3cret")) as c:
        payload = {"articles": [{"text": "خبر عن الانتخابات في المدينة."}]}
        assert c.post("/api/articles", json=payload).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert c.post("/api/articles", json=payload, headers=wrong).status_code == 401
        good = {"Authorization": "Bearer s3cret"}
        assert c.post("/api/articles", json=payload, headers=good).status_code == 200
        assert c.get("/api/stories").status_code == 200  # reads stay open
        form = c.post(
            "/upload", files={"file": ("a.txt", "خبر".encode())}, data={"token": "s3cret"}
        )
        assert form.status_code == 200
        assert 'name="token"' in c.get("/upload").text


def test_serve_refuses_public_bind_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="without a token"):
        serve(":memory:", host="0.0.0.0")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    assert not is_loopback("example.org")


def test_entity_index_without_entities(tmp_path: Path) -> None:
    with Store(tmp_path / "e.db") as store:
        store.add_articles([])
        idx = sq.entity_index(store.db)
        assert idx.matching("كاراباخ") == [] and wq.entity_list(idx) == []
        assert sq.list_stories(store.db) == [] and sq.get_story(store.db, "x") is None
        store.save_stories([Story("s-1", "t", ["missing"])])
        assert sq.list_stories(store.db)[0]["n_articles"] == 0
        assert wq.story_brief(store.db, "s-1").articles == []


def test_story_page_says_when_stages_produced_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "bare.db") as store:
        analyze([Article(id="a1", raw="خبر قصير عن الطقس في المدينة اليوم.\n")], store)
        store.set_layers("a1", {ENTITY: [], QUOTE: [], FIGURE: [], DATE: []})
        store.save_stories([Story("s-bare", "الطقس", ["a1"])])
    with TestClient(create_app(str(tmp_path / "bare.db"))) as c:
        brief = c.get("/api/stories/s-bare").json()
        assert not any(brief["stages"].values())
        page = c.get("/stories/s-bare").text
        for plain in ("لا ملخص", "لا خط زمني", "لا اقتباسات", "لا أرقام", "لا كيانات",
                      "لم تُنتج مرحلة المقارنة"):  # fmt: skip
            assert plain in page
        article = c.get("/articles/a1").text
        assert "لا تعليقات مخزنة" in article and "خبر قصير" in article


def test_stored_profiles_widen_search_and_fill_entity_pages(tmp_path: Path) -> None:
    texts = {
        "k1": "قال رئيس إقليم كاراباخ اليوم إن المفاوضات مستمرة.\n",
        "k2": "وصل الوفد الأوروبي إلى قره باغ أمس لبحث وقف إطلاق النار.\n",
        "k3": "أعلنت الحكومة خطة جديدة لدعم المزارعين.\n",
    }
    db = tmp_path / "prof.db"
    with Store(db) as store:
        analyze([Article(id=k, raw=v) for k, v in texts.items()], store)
        for aid in ("k1", "k2"):
            text = store.get(aid).text
            form = "كاراباخ" if aid == "k1" else "قره باغ"
            i = text.index(form)
            store.set_layers(
                aid, {ENTITY: [Span(i, i + len(form), "LOC", {"entity_id": KARABAKH})]}
            )
        j = store.get("k3").text.index("الحكومة")
        store.save_entities(
            [
                {"id": KARABAKH, "name": "ناغورني كاراباخ", "type": "LOC",
                 "variants": ["كاراباخ", "قره باغ", "آرتساخ"], "roles": ["إقليم"],
                 "country": "أذربيجان", "mentions": [], "first_seen": "2023-09-19"},
                {"id": "org-gov", "name": "الحكومة", "type": "ORG", "variants": ["الحكومة"],
                 "mentions": [["k3", j, j + 7, "الحكومة"]]},
                {"id": "", "name": "no id", "type": "PER"},  # skipped, not a crash
            ]
        )  # fmt: skip
    with TestClient(create_app(str(db))) as c:
        # A variant that no article spells still leads to the entity and its articles.
        hits = c.get("/api/search", params={"q": "آرتساخ"}).json()["hits"]
        assert {h["article"]["id"] for h in hits} == {"k1", "k2"}
        prof = c.get(f"/api/entities/{KARABAKH}").json()
        assert prof["name"] == "ناغورني كاراباخ" and prof["country"] == "أذربيجان"
        assert set(prof["variants"]) == {"كاراباخ", "قره باغ", "آرتساخ"}
        assert prof["roles"] == ["إقليم"] and prof["n_mentions"] == 2
        gov = c.get("/api/entities/org-gov").json()
        assert gov["mentions"] == [
            {"article_id": "k3", "start": j, "end": j + 7, "text": "الحكومة"}
        ]
        assert [a["id"] for a in gov["articles"]] == ["k3"]
        assert "أذربيجان" in c.get(f"/entities/{KARABAKH}").text


def test_cached_story_pages_follow_writes(tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "cache.db")
    with Store(db) as store:
        analyze([seeds_dir], store)
        story = store.stories()[0]
    with TestClient(create_app(db)) as c:
        first = c.get(f"/stories/{story.id}").text
        assert c.get(f"/stories/{story.id}").text == first  # served again, unchanged
        with Store(db) as store:
            store.save_stories([Story(story.id, "عنوان جديد بعد التحديث", story.article_ids,
                                      story.summary, story.attrs)])  # fmt: skip
        assert "عنوان جديد بعد التحديث" in c.get(f"/stories/{story.id}").text
        assert c.get(f"/api/stories/{story.id}").json()["title"] == "عنوان جديد بعد التحديث"


def test_a_story_kept_apart_says_why(client: TestClient) -> None:
    """The 2020 seed's story names the 2023 story its content matched and the conflicting
    ceasefire dates, in the API and on the page."""
    items = client.get("/api/stories").json()["items"]
    war = next(s for s in items if s["n_articles"] == 1)
    brief = client.get(f"/api/stories/{war['id']}").json()
    [apart] = brief["kept_apart"]
    other = next(s for s in items if s["n_articles"] == 4)
    assert apart["story_id"] == other["id"] and apart["title"] == other["title"]
    [conflict] = apart["conflicts"]
    assert conflict["kind"] == "ceasefire" and "2023-09-10" in conflict["here"]
    assert apart["estimated"] == "article"  # 003 has no date: its days are guesses
    page = client.get(f"/stories/{war['id']}").text
    assert "لم تُضَمّ إلى قصة" in page and "2023-09-10" in page and "(تقديري)" in page
