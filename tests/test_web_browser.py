"""The web UI in a real browser: Playwright drives Debian's chromium against a local uvicorn.

Screenshots go to out/screenshots/ (stories, story, search, article, upload) for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.model import Article
from marsad.pipeline import analyze
from marsad.store.sqlite import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"
XSS_ID = "xss-probe"
XSS_TEXT = (
    "خبر تجريبي يحمل شيفرة معادية: <script>window.__pwned = 1</script> ثم صورة "
    '<img src="x" onerror="window.__pwned = 2"> ونص عربي بعدها في كاراباخ.\n'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[str]:
    chromium = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if chromium is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    import uvicorn

    from marsad.web.app import create_app
    from test_web_api import annotate_seeds

    db = str(tmp_path_factory.mktemp("browser") / "seeds.db")
    with Store(db) as store:
        probe = Article(id=XSS_ID, raw=XSS_TEXT, title="<b>عنوان</b> <script>x()</script>")
        analyze([seeds_dir, probe], store)
        annotate_seeds(store)
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or CHROMIUM
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    ctx = browser.new_context(locale="ar", viewport={"width": 1100, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    # Our own pages must not trip the CSP (no inline style or script anywhere).
    pg.on("console", lambda m: m.type == "error" and errors.append("console: " + m.text))
    pg.errors = errors
    yield pg
    ctx.close()


def _shot(pg: object, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_story_list_and_story_page(server: str, page: object) -> None:
    page.goto(server + "/?sort=covered")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    links = page.locator("a.story-title")
    assert links.count() >= 2
    # The stylesheet loaded under the CSP (header is dark, not the default white).
    bg = page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")
    assert bg != "rgba(0, 0, 0, 0)"
    _shot(page, "stories")
    title = links.first.inner_text()
    with page.expect_navigation():
        links.first.click()
    assert page.locator("h1").inner_text() == title
    for heading in ("الملخص", "الخط الزمني", "من قال ماذا", "مقارنة المصادر", "الكيانات"):
        assert page.get_by_role("heading", name=heading).count() == 1
    _shot(page, "story", full=True)
    assert not page.errors


def test_search_finds_both_spellings(server: str, page: object) -> None:
    page.goto(server + "/")
    page.fill("input[name=q]", "كاراباخ")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("ol.hits > li")
    # Three seeds spell it كاراباخ, two قره باغ (found through the entity), plus the probe.
    assert hits.count() == 6
    assert page.get_by_text("عبر الكيان").count() == 2
    _shot(page, "search")
    assert not page.errors


def test_article_text_never_runs(server: str, page: object) -> None:
    page.goto(f"{server}/articles/{XSS_ID}")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.locator("#text").inner_text()
    assert page.locator("#text script, #text img").count() == 0
    assert "<b>عنوان</b>" in page.locator("h1").inner_text()
    assert not page.errors


def test_article_highlights_and_toggle(server: str, page: object, seed_texts: dict) -> None:
    aid = sorted(seed_texts)[0]
    page.goto(f"{server}/articles/{aid}")
    ents = page.locator("#text a.hl-entity")
    assert ents.count() > 0 and ents.first.inner_text() == "كاراباخ"
    _shot(page, "article")
    # The layer toggle (app.js, allowed by the CSP as a same-origin script) works.
    page.locator("#legend input[data-layer=entity]").uncheck()
    assert "hide-entity" in page.locator("#text").get_attribute("class")
    assert page.locator(".removed li").count() > 0
    with page.expect_navigation():
        ents.first.click()
    assert page.locator("h1").inner_text().startswith("كاراباخ")
    assert page.get_by_text("قره باغ").count() >= 1  # the other spelling is a variant
    _shot(page, "entity")
    assert not page.errors


def test_upload_form(server: str, page: object, tmp_path: Path) -> None:
    f = tmp_path / "nabaa.txt"
    f.write_text("أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في الجنوب.\n", encoding="utf-8")
    page.goto(server + "/upload")
    page.set_input_files("input[type=file]", str(f))
    with page.expect_navigation():
        page.click("form.upload button")
    assert "أضيفت 1 مقالة" in page.content(), page.locator("main").inner_text()
    _shot(page, "upload")
    page.click("text=nabaa")
    assert "خطة جديدة" in page.locator("#text").inner_text()
    assert not page.errors
