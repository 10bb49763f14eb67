"""The HTTP API and the web page: FastAPI over the store, read-only unless a token is set.

Every JSON endpoint is one call into :mod:`claimgraph.serve.views`, so the API, the CLI
and the report agree. Safety (article text is untrusted):

- every response carries a strict Content-Security-Policy (scripts only from this
  origin; ``/docs`` additionally allows its one inline bootstrap script by hash), plus
  ``nosniff``, ``no-referrer`` and frame denial;
- all queries are parameterized (SQLAlchemy Core), never built from strings;
- writes (``POST /api/documents``) are refused (403) unless the server was started with
  a token, and then need ``Authorization: Bearer <token>`` (401 without, 403 wrong);
- request bodies are bounded (``max_body`` bytes, 413 above it), counted as they stream,
  so a missing or lying Content-Length does not help.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import secrets
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError
from claimgraph.ingest.normalize import parse_published_option
from claimgraph.ingest.run import ingest
from claimgraph.reconcile.status import STATUSES
from claimgraph.serve import views
from claimgraph.serve.report import static_dir
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store
from claimgraph.store.queries import get_document

MAX_BODY = 5 * 1024 * 1024  # a POST of news articles; a single article is < 100 KB
MAX_LIMIT = 1000
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _connection(request: Request) -> Iterator[Connection]:
    """One connection per request from the app's engine (pooled)."""
    with request.app.state.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(_connection)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]


def _page_csp(tile_url: str | None) -> str:
    """The page's policy; an optional tile server is the one extra image origin."""
    if not tile_url:
        return PAGE_CSP
    origin = re.match(r"https?://[^/{}]+", tile_url)
    return PAGE_CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin.group(0)}") if origin else PAGE_CSP


def _when(value: str | None) -> datetime | None:
    try:
        return parse_published_option(value)
    except ClaimgraphError as exc:
        raise HTTPException(422, str(exc)) from exc


def create_app(
    db_url: str,
    token: str | None = None,
    tile_url: str | None = None,
    max_body: int = MAX_BODY,
    engine: Engine | None = None,
) -> FastAPI:
    """The application for the store at ``db_url`` (opened and migrated once here)."""
    store = engine or open_store(db_url)
    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description="Claims, propositions, control timelines and sources from conflict news.",
        docs_url=None,
        redoc_url=None,
    )
    csp = _page_csp(tile_url)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", csp)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.state.engine = store

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(static_dir() / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=static_dir()), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        html = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="claimgraph API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="data:,",
        )
        body = bytes(html.body).decode("utf-8")
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
            for s in _INLINE_SCRIPT.findall(body)
        )
        policy = PAGE_CSP.replace("script-src 'self'", f"script-src 'self' {hashes}")
        return HTMLResponse(body, headers={"Content-Security-Policy": policy})

    @app.get("/api/meta")
    def meta(conn: Conn) -> dict[str, Any]:
        """Totals, the reporting period and the as-of slider's stops."""
        return views.meta(conn, tile_url)

    @app.get("/api/documents")
    def documents(conn: Conn, limit: Limit = 100, offset: Offset = 0, outlet: str | None = None) -> dict[str, Any]:
        """Stored documents in publication order."""
        return views.documents(conn, limit, offset, outlet)

    @app.get("/api/documents/{doc_id}")
    def document(conn: Conn, doc_id: str) -> dict[str, Any]:
        """One document with its full text (claims' spans index into it)."""
        found = get_document(conn, doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return found

    @app.get("/api/claims")
    def claims(
        conn: Conn,
        ids: str | None = None,
        source: str | None = None,
        place: str | None = None,
        document: str | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Claims with their source, chain, stance, evidence span, events and document."""
        wanted = [i for i in (ids or "").split(",") if i][:MAX_LIMIT]
        return views.claims(conn, wanted, source, place, document, limit, offset)

    @app.get("/api/propositions")
    def propositions(
        conn: Conn,
        as_of: str | None = None,
        place: str | None = None,
        status: str | None = None,
        type: str | None = None,
    ) -> dict[str, Any]:
        """Propositions with status, confidence and reasons, as known at ``as_of``."""
        if status and status not in STATUSES:
            raise HTTPException(422, f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        return views.proposition_list(conn, _when(as_of), place, status, type)

    @app.get("/api/timeline/{place}")
    def timeline(conn: Conn, place: str, as_of: str | None = None) -> dict[str, Any]:
        """Who held or claimed ``place`` (name or GeoNames id) over time, with status."""
        return views.place_timeline(conn, place, _when(as_of))

    @app.get("/api/sources")
    def sources(conn: Conn) -> dict[str, Any]:
        """Each source's learned reliability and how much evidence it rests on."""
        return views.sources(conn)

    @app.get("/api/search")
    def search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 50) -> dict[str, Any]:
        """Documents and claims holding the words."""
        return views.search(conn, q, limit)

    @app.post("/api/documents", status_code=201)
    async def add_documents(request: Request) -> dict[str, Any]:
        """Ingest JSON documents (a list, or ``{"documents": [...]}``; each needs ``text``)."""
        _authorize(request, token)
        body = await _bounded_body(request, max_body)
        lines = _as_jsonl(body)
        settings = Settings(db_url=db_url)
        report = await run_in_threadpool(ingest, ["-"], store, settings, None, None, io.BytesIO(lines))
        return report.as_dict()

    return app


def _authorize(request: Request, token: str | None) -> None:
    if not token:
        raise HTTPException(403, "this server is read-only; start it with --token to accept documents")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "Authorization: Bearer <token> required", headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(403, "wrong token")


async def _bounded_body(request: Request, most: int) -> bytes:
    """The request body, refused with 413 once it passes ``most`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > most:
        raise HTTPException(413, f"request body over {most} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > most:
            raise HTTPException(413, f"request body over {most} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _as_jsonl(body: bytes) -> bytes:
    """The posted documents as JSON Lines for the ingest reader (which validates fields)."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HTTPException(400, f"body is not JSON: {exc}") from exc
    docs = data.get("documents") if isinstance(data, dict) else data
    if not isinstance(docs, list) or not docs or not all(isinstance(d, dict) for d in docs):
        raise HTTPException(422, 'expected a non-empty list of documents or {"documents": [...]}')
    return b"".join(json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n" for d in docs)

