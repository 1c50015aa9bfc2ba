"""`marsad serve`: a FastAPI app over the SQLite store — JSON API under /api, Arabic RTL pages.

Reads go through a small pool of store connections (SQLite in WAL mode lets them run while a
write is in progress); writes run the one pipeline (`marsad.pipeline.analyze`) one at a time.
Write endpoints need `Authorization: Bearer <token>` whenever a token is configured, and
`serve` refuses to listen beyond loopback without one.
"""

import hmac
import ipaddress
import json
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.ingest import read_bytes
from marsad.ingest.jsonl import record_to_article
from marsad.model import Article, InputError
from marsad.pipeline import analyze
from marsad.render.labels import install_labels
from marsad.store import queries as sq
from marsad.store.sqlite import Store
from marsad.web import queries as wq

MAX_UPLOAD_BYTES = 20_000_000
# Multipart framing and form fields around a file of the maximum size.
_BODY_SLACK = 64_000
POOL_SIZE = 8
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HERE = files("marsad") / "web"


# -- request/response models of the write API -----------------------------------------------


class ArticleIn(BaseModel):
    """One article as JSON: `text` (or `html`) and optional metadata, as in JSONL input."""

    id: str | None = Field(None, max_length=300)
    text: str | None = None
    html: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD or a date string")


class AddRequest(BaseModel):
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=1000)


class ErrorOut(BaseModel):
    path: str
    reason: str


class AddResult(BaseModel):
    added: int
    unchanged: int
    article_ids: list[str]
    stories: list[wq.StoryRef]
    errors: list[ErrorOut]


# -- plumbing -------------------------------------------------------------------------------


class _Pool:
    """Store connections for reads, reused across requests.

    Acquiring never blocks (a connection is opened when none is free, and extra ones are
    closed on release), so a request waiting for a connection can never stall the event loop.
    """

    def __init__(self, path: str, size: int) -> None:
        self.path = path
        self.size = size
        self.free: queue.SimpleQueue[Store] = queue.SimpleQueue()

    def acquire(self) -> Store:
        try:
            return self.free.get_nowait()
        except queue.Empty:
            return Store(self.path)

    def release(self, store: Store) -> None:
        if self.free.qsize() < self.size:
            self.free.put(store)
        else:
            store.close()

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = self.acquire()
        try:
            yield store
        finally:
            self.release(store)

    def close(self) -> None:
        while True:
            try:
                self.free.get_nowait().close()
            except queue.Empty:
                return


class _GenerationCache:
    """Values derived from the store (the entity index, story briefs and rendered story
    pages), all dropped whenever the store's write generation moves. Building one reads
    many articles' annotations, while reads far outnumber writes; a value is built under
    the lock so that concurrent misses do not build it twice."""

    def __init__(self, size: int = 2048) -> None:
        self.lock = threading.Lock()
        self.size = size
        self.version: tuple[Any, ...] | None = None
        self.items: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def get(self, store: Store, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        version = sq.store_version(store.db)
        with self.lock:
            if version != self.version:
                self.items.clear()
                self.version = version
            if (kind, key) in self.items:
                self.items.move_to_end((kind, key))
                return self.items[(kind, key)]
            value = self.items[(kind, key)] = compute()
            while len(self.items) > self.size:
                self.items.popitem(last=False)
            return value


class LimitsMiddleware:
    """Security headers on every response; 413 for request bodies beyond the limit."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await _send_413(send, self.max_body)
            return
        if not length and scope.get("method") in ("POST", "PUT", "PATCH"):
            # A streamed body of unknown size: read it here, up to the limit, then replay it.
            # (Failing inside the app's body parser would surface as a 400, not a 413.)
            body = bytearray()
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return
                body += message.get("body", b"")
                if len(body) > self.max_body:
                    await _send_413(send, self.max_body)
                    return
                if not message.get("more_body"):
                    break
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": bytes(body), "more_body": False}
                return await receive()

            receive = replay

        async def secure_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
            await send(message)

        await self.app(scope, receive, secure_send)


async def _send_413(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body too large (limit {limit} bytes)"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _environment() -> Environment:
    env = Environment(
        # the app's pages, then the report's partials they share ("who said what")
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(_HERE / "templates")),
                PackageLoader("marsad", "render/templates"),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["urlid"] = lambda s: quote(str(s), safe="")
    install_labels(env)
    env.filters["fmtnum"] = lambda v: "—" if v is None else f"{v:,.10g}"
    env.tests["mapping"] = lambda v: isinstance(v, dict)
    env.tests["sequence_of_values"] = lambda v: isinstance(v, list)
    return env


# -- the app --------------------------------------------------------------------------------


def create_app(
    db: str,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The app over the store at `db`; with `token`, write endpoints require it."""
    pool = _Pool(db, POOL_SIZE)
    cache = _GenerationCache()

    def entity_index(store: Store) -> sq.EntityIndex:
        return cache.get(store, "entities", "", lambda: sq.entity_index(store.db))

    def brief_of(store: Store, story_id: str) -> wq.StoryBrief | None:
        return cache.get(store, "brief", story_id, lambda: wq.story_brief(store.db, story_id))

    write_lock = threading.Lock()
    templates = Jinja2Templates(env=_environment())
    Store(db).close()  # create the schema before the first request

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202 - FastAPI's lifespan protocol
        yield
        pool.close()

    app = FastAPI(
        title="Marsad",
        summary="Arabic news observatory: stories, entities, quotes and timelines",
        version="1",
        docs_url=None,  # Swagger UI loads scripts from a CDN, which our CSP forbids
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(LimitsMiddleware, max_body=max_upload_bytes + _BODY_SLACK)
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    async def read_store() -> AsyncIterator[Store]:
        # Async, so cheap pages need no thread hop; sync endpoints still get it in a thread.
        store = pool.acquire()
        try:
            yield store
        finally:
            pool.release(store)

    StoreDep = Annotated[Store, Depends(read_store)]

    def check_write(request: Request, form_token: str | None = None) -> None:
        """Same-origin writes only; the token when one is configured."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            if urlsplit(origin).netloc != request.headers.get("host", ""):
                raise HTTPException(403, "cross-origin write refused")
        elif origin == "null":
            raise HTTPException(403, "cross-origin write refused")
        if token is None:
            return
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else (form_token or "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token", {"WWW-Authenticate": "Bearer"})

    def run_pipeline(items: list[Article | InputError]) -> AddResult:
        articles = [a for a in items if isinstance(a, Article)]
        errors = [e for e in items if isinstance(e, InputError)]
        with write_lock, Store(db) as store:
            store.add_errors(errors)
            # analyze() updates the stored stories incrementally; others stay as they are.
            report = analyze(articles, store) if articles else None
        errors += report.errors if report else []
        return AddResult(
            added=report.added if report else 0,
            unchanged=report.unchanged if report else 0,
            article_ids=report.article_ids if report else [],
            stories=[wq.StoryRef(id=s.id, title=s.title) for s in report.stories] if report else [],
            errors=[ErrorOut(path=e.path, reason=e.reason) for e in errors],
        )

    async def read_upload(file: UploadFile) -> bytes:
        data = await file.read(max_upload_bytes + 1)
        if len(data) > max_upload_bytes:
            raise HTTPException(413, f"file too large (limit {max_upload_bytes} bytes)")
        return data

    def parse_upload(data: bytes, name: str | None, fmt: str | None) -> list[Article | InputError]:
        name = os.path.basename(name or "") or "upload.txt"
        return read_bytes(data, name=name, fmt=fmt or None, max_file_bytes=max_upload_bytes)

    # -- JSON API ---------------------------------------------------------------------------

    @app.post("/api/articles", response_model=AddResult, tags=["write"])
    def add_articles(body: AddRequest, request: Request) -> AddResult:
        """Add articles given as JSON and run the pipeline over them."""
        check_write(request)
        items = [
            record_to_article(a.model_dump(exclude_none=True), where=f"api[{i}]")
            for i, a in enumerate(body.articles)
        ]
        return run_pipeline(items)

    @app.post("/api/articles/upload", response_model=AddResult, tags=["write"])
    async def upload_articles(
        request: Request,
        file: Annotated[UploadFile, File(description="txt, html, json, jsonl, rss/atom")],
        fmt: Annotated[str | None, Form(max_length=10)] = None,
    ) -> AddResult:
        """Add the articles of an uploaded file (20 MB at most) and run the pipeline."""
        check_write(request)
        data = await read_upload(file)
        items = parse_upload(data, file.filename, fmt)
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(run_pipeline, items)

    @app.get("/api/stories", response_model=wq.StoryList, tags=["read"])
    def api_stories(
        store: StoreDep,
        sort: Annotated[str, Query(pattern="^(newest|covered)$")] = "newest",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> wq.StoryList:
        """Stories, newest (latest publication date) or most covered (most articles) first."""
        return wq.StoryList(
            total=sq.count_stories(store.db),
            sort=sort,
            items=[wq.StorySummary(**s) for s in sq.list_stories(store.db, sort, limit, offset)],
        )

    @app.get("/api/stories/{story_id}", response_model=wq.StoryBrief, tags=["read"])
    async def api_story(story_id: str, store: StoreDep) -> wq.StoryBrief:
        """A story brief: cited summary, timeline, quotes, figures, outlets and entities."""
        brief = brief_of(store, story_id)
        if brief is None:
            raise HTTPException(404, "no such story")
        return brief

    @app.get(
        "/api/stories/{story_id}/timeline", response_model=list[wq.TimelineEvent], tags=["read"]
    )
    async def api_timeline(story_id: str, store: StoreDep) -> list[wq.TimelineEvent]:
        story = sq.get_story(store.db, story_id)
        if story is None:
            raise HTTPException(404, "no such story")
        return wq._timeline(story.attrs.get("timeline"))

    @app.get("/api/search", response_model=wq.SearchResult, tags=["read"])
    def api_search(
        store: StoreDep,
        q: Annotated[str, Query(max_length=500)] = "",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> wq.SearchResult:
        """Full-text search over normalised text, widened through matching entities."""
        return wq.search(store, entity_index(store), q, limit)

    @app.get("/api/articles/{article_id}", response_model=wq.ArticleView, tags=["read"])
    def api_article(article_id: str, store: StoreDep) -> wq.ArticleView:
        """An article with its clean text, removed furniture and every stored layer."""
        view = wq.article_view(store.db, article_id)
        if view is None:
            raise HTTPException(404, "no such article")
        return view

    @app.get("/api/entities", response_model=list[wq.EntityRef], tags=["read"])
    def api_entities(
        store: StoreDep,
        q: Annotated[str, Query(max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[wq.EntityRef]:
        """Entities (from stored entity mentions), optionally those whose variants match `q`."""
        return wq.entity_list(entity_index(store), q, limit)

    @app.get("/api/entities/{entity_id}", response_model=wq.EntityProfile, tags=["read"])
    def api_entity(entity_id: str, store: StoreDep) -> wq.EntityProfile:
        prof = wq.entity_profile(store.db, entity_index(store), entity_id)
        if prof is None:
            raise HTTPException(404, "no such entity")
        return prof

    @app.get("/api/quotes", response_model=list[wq.QuoteOut], tags=["read"])
    def api_quotes(
        store: StoreDep,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        speaker_entity_id: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> list[wq.QuoteOut]:
        """Quotes, by speaker name (normalised words) and/or speaker entity id."""
        return [
            wq.QuoteOut(**x)
            for x in sq.quotes(
                store.db, speaker=speaker, speaker_entity_id=speaker_entity_id, limit=limit
            )
        ]

    # -- pages ------------------------------------------------------------------------------

    def page(request: Request, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("token_required", token is not None)
        return templates.TemplateResponse(request, name, ctx, status_code=code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return page(request, "error.html", exc.status_code, status=exc.status_code,
                    detail=exc.detail)  # fmt: skip

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(
        request: Request,
        store: StoreDep,
        sort: Annotated[str, Query(pattern="^(newest|covered)$")] = "newest",
        page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        per = 30
        items = sq.list_stories(store.db, sort, per, (page_no - 1) * per)
        total = sq.count_stories(store.db)
        return page(request, "stories.html", stories=items, sort=sort, page_no=page_no,
                    total=total, per=per, n_articles=store.count())  # fmt: skip

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(request: Request, story_id: str, store: StoreDep) -> HTMLResponse:
        brief = brief_of(store, story_id)
        if brief is None:
            raise HTTPException(404, "لا توجد قصة بهذا المعرّف")
        # The page depends on the brief alone (no per-request content), so it is cached too.
        body = cache.get(store, "page", story_id, lambda: page(request, "story.html", s=brief).body)
        return HTMLResponse(body)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
        view = wq.article_view(store.db, article_id)
        if view is None:
            raise HTTPException(404, "لا توجد مقالة بهذا المعرّف")
        layers = sq.layer_spans(store.db, [article_id], wq.HIGHLIGHT_LAYERS).get(article_id, {})
        counts = {name: len(view.layers.get(name, [])) for name in wq.HIGHLIGHT_LAYERS}
        return page(request, "article.html", a=view, body=wq.highlight(view.text, layers),
                    counts=counts, truncated=len(view.text) > wq.MAX_TEXT_CHARS)  # fmt: skip

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(
        request: Request, store: StoreDep, q: Annotated[str, Query(max_length=200)] = ""
    ) -> HTMLResponse:
        return page(request, "entities.html", q=q,
                    entities=wq.entity_list(entity_index(store), q, 300))  # fmt: skip

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str, store: StoreDep) -> HTMLResponse:
        prof = wq.entity_profile(store.db, entity_index(store), entity_id)
        if prof is None:
            raise HTTPException(404, "لا يوجد كيان بهذا المعرّف")
        return page(request, "entity.html", e=prof)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request, store: StoreDep, q: Annotated[str, Query(max_length=500)] = ""
    ) -> HTMLResponse:
        result = wq.search(store, entity_index(store), q, 50) if q.strip() else None
        return page(request, "search.html", q=q, result=result)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request) -> HTMLResponse:
        return page(request, "upload.html", result=None, limit=max_upload_bytes)

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload_submit(
        request: Request,
        file: Annotated[UploadFile, File()],
        fmt: Annotated[str | None, Form(max_length=10)] = None,
        form_token: Annotated[str | None, Form(alias="token", max_length=500)] = None,
    ) -> HTMLResponse:
        check_write(request, form_token)
        data = await read_upload(file)
        items = parse_upload(data, file.filename, fmt)
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(run_pipeline, items)
        return page(request, "upload.html", result=result, limit=max_upload_bytes)

    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn. Refuses a non-loopback address without a token."""
    import uvicorn

    token = token or os.environ.get("MARSAD_TOKEN") or None
    if not is_loopback(host) and not token:
        raise SystemExit(
            f"marsad serve: refusing to listen on {host} without a token: "
            "pass --token or set MARSAD_TOKEN (write endpoints then require it)"
        )
    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="warning")
