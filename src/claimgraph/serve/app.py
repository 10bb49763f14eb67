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
  so a missing or lying Content-Length does not help;
- writes are rate limited per client address (slowapi; ``write_rate``, 429 above it);
- CORS is off (no ``Access-Control-Allow-Origin`` at all) unless origins are named.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from limits import parse as parse_rate
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError, UsageError
from claimgraph.ingest.normalize import parse_published_option
from claimgraph.ingest.run import ingest
from claimgraph.reconcile.materialize import refresh
from claimgraph.reconcile.status import STATUSES
from claimgraph.serve import views
from claimgraph.serve.report import static_dir
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store
from claimgraph.store.queries import get_document, store_stamp

log = logging.getLogger(__name__)

MAX_BODY = 5 * 1024 * 1024  # a POST of news articles; a single article is < 100 KB
MAX_LIMIT = 1000
WRITE_RATE = "60/minute"  # POST /api/documents per client address
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


class _SecurityHeaders:
    """Adds the page policy and the hardening headers to every response that does not set
    its own. Plain ASGI rather than ``@app.middleware("http")``, which costs every request
    an extra task and body stream (a fifth of a cached read's time)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _v in headers}
                headers += [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _HeadAsGet:
    """HEAD wherever GET is served (HTTP semantics; FastAPI routes answer it 405): the GET
    runs and its headers go out, its body does not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def serve_proxy_options(forwarded_allow_ips: str | None) -> dict[str, Any]:
    """uvicorn's proxy options: off unless proxies are named; with them, their
    X-Forwarded-For is trusted (and only theirs) so the rate limit sees the real client."""
    if not forwarded_allow_ips or not forwarded_allow_ips.strip():
        return {"proxy_headers": False}
    ips = [ip.strip() for ip in forwarded_allow_ips.split(",") if ip.strip()]
    if "*" in ips:
        raise UsageError("--forwarded-allow-ips '*' would trust every client's X-Forwarded-For; name the proxies")
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(ips)}


def error_response(status: int, detail: Any, headers: Mapping[str, str] | None = None, code: str | None = None) -> JSONResponse:
    """Every error the API answers: JSON with the ``detail`` and a ``code`` (claimgraph's
    own, "E003", where one applies; else "HTTP-<status>")."""
    return JSONResponse({"detail": detail, "code": code or f"HTTP-{status}"}, status_code=status, headers=headers)


class _AllowedHosts:
    """Refuse a request whose ``Host`` is not one of ``hosts`` (DNS rebinding: a page that
    re-points its own name to 127.0.0.1 sends its own name), with a JSON 400 that says
    what to do. IPv6 literals ("[::1]:8000") are read whole, unlike starlette's check."""

    def __init__(self, app: ASGIApp, hosts: Sequence[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = Headers(scope=scope).get("host", "").lower()
            name = host.split("]")[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]
            if name not in self.hosts:
                detail = f"Host {name!r} is not served here; start the server with --allowed-host {name or 'NAME'}"
                await error_response(400, detail)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _connection(request: Request) -> Iterator[Connection]:
    """One connection per request from the app's engine (pooled)."""
    with request.app.state.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(_connection)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
# Past this an offset is no page of any store, and SQLite's integers overflow at 2**63.
MAX_OFFSET = 1_000_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def _page_csp(tile_url: str | None) -> str:
    """The page's policy; an optional tile server is the one extra image origin."""
    if not tile_url:
        return PAGE_CSP
    origin = re.match(r"https?://[^/{}]+", tile_url)
    return PAGE_CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin.group(0)}") if origin else PAGE_CSP


def _when(value: str | None) -> datetime | None:
    try:
        when = parse_published_option(value)
        if when is not None:
            when.astimezone(UTC)  # "9999-12-31T23:59:59-14:00" is past the last instant in UTC
        return when
    except ClaimgraphError as exc:
        raise HTTPException(422, str(exc)) from exc
    except (OverflowError, ValueError) as exc:
        raise HTTPException(422, f"as_of {value!r} is outside the representable range of instants") from exc


def check_cors_origins(origins: Sequence[str]) -> list[str]:
    """Origins as a browser sends them: scheme://host[:port], no path, no trailing slash;
    never "*" or "null" (any page, or a sandboxed or file:// one, could then read the store)."""
    out = []
    for origin in origins:
        if origin in ("*", "null") or not re.fullmatch(r"https?://[^/\s*]+", origin):
            raise UsageError(f"--cors-origin {origin!r}: give an origin as scheme://host[:port] "
                             "(no path or trailing slash; '*' and 'null' are refused)")
        out.append(origin)
    return out


SERVE_OPTIONS_ENV = "CLAIMGRAPH_SERVE_OPTIONS"


def app_from_environment() -> FastAPI:
    """:func:`create_app` with the options ``claimgraph serve --workers N`` left as JSON in
    the environment: uvicorn starts each worker process from an import string."""
    return create_app(**json.loads(os.environ[SERVE_OPTIONS_ENV]))


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
_WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})


def default_allowed_hosts(host: str, extra: Sequence[str] = ()) -> list[str] | None:
    """The ``Host`` names ``serve`` answers: the localhost names, the address it is bound
    to and any ``--allowed-host``. Bound to every interface with no name given, no check
    (the operator is told to name the host): the names it is reached by are unknown."""
    if host in _WILDCARD_BINDS and not extra:
        return None
    names = [*LOCAL_HOSTS, *extra]
    if host not in _WILDCARD_BINDS:
        names.append(f"[{host}]" if ":" in host and not host.startswith("[") else host)
    return list(dict.fromkeys(names))


def create_app(
    db_url: str,
    token: str | None = None,
    tile_url: str | None = None,
    max_body: int = MAX_BODY,
    engine: Engine | None = None,
    cors_origins: Sequence[str] = (),
    write_rate: str = WRITE_RATE,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The application for the store at ``db_url`` (opened and migrated once here).

    Args:
        cors_origins: origins allowed to call the API from a browser; none by default.
        allowed_hosts: the ``Host`` names served (``serve`` passes the bound address and
            the localhost names); any other is refused with 400, so a page that rebinds
            its own name to 127.0.0.1 cannot read the store. None: no check.
        write_rate: slowapi limit on writes per client address ("60/minute", "5/second").
    """
    store = engine or open_store(db_url)
    limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")
    try:
        retry_after = str(parse_rate(write_rate).get_expiry())
    except ValueError as exc:
        raise UsageError(f"cannot read the write rate {write_rate!r}; give a count per period such as 60/minute") from exc
    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description="Claims, propositions, control timelines and sources from conflict news.",
        docs_url=None,
        redoc_url=None,
    )
    csp = _page_csp(tile_url)

    app.add_middleware(_SecurityHeaders, headers={"Content-Security-Policy": csp, **_SECURITY_HEADERS})
    app.add_middleware(_HeadAsGet)
    if allowed_hosts is not None:
        app.add_middleware(_AllowedHosts, hosts=list(allowed_hosts))

    app.state.engine = store
    reliability: dict[str, Any] = {}  # the last fitted sources report and the store stamp it is for
    reliability_lock = threading.Lock()

    async def _read(view: Callable[..., str], *args: Any, quick: Callable[..., str | None] | None = None) -> str:
        """``view(conn, *args)`` in one worker thread, connection included (one thread hop,
        not one per dependency step). ``quick(conn)``, a read of the materialized state
        alone (an index lookup), runs first on the event loop itself: under twenty clients
        the thread hops cost more than the read. It answers None when it would have to
        reconcile, which then goes to the thread."""
        if quick is not None:
            with store.connect() as conn:
                found = quick(conn)
            if found is not None:
                return found

        def run() -> str:
            with store.connect() as conn:
                return view(conn, *args)

        return await run_in_threadpool(run)
    app.state.limiter = limiter

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        return error_response(400, "the JSON body is nested too deeply")

    @app.exception_handler(RateLimitExceeded)
    async def rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
        detail = f"too many writes: the limit is {exc.detail} per client; retry later"
        return error_response(429, detail, {"Retry-After": retry_after})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, jsonable_encoder(exc.errors()))

    @app.exception_handler(ClaimgraphError)
    async def claimgraph_error(request: Request, exc: ClaimgraphError) -> JSONResponse:
        return error_response(exc.status, exc.message, code=exc.code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error answering %s", request.url.path)
        return error_response(500, "internal error; the server log has the details")

    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=check_cors_origins(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

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
    async def propositions(
        as_of: str | None = None,
        place: str | None = None,
        status: str | None = None,
        type: str | None = None,
        limit: Annotated[int | None, Query(ge=1, le=MAX_OFFSET)] = None,
        offset: Offset = 0,
    ) -> Response:
        """Propositions with status, confidence and reasons, as known at ``as_of``
        (all of them unless ``limit`` is given; in place, type, valid time order)."""
        if status and status not in STATUSES:
            raise HTTPException(422, f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        when = _when(as_of)
        quick = None if when else partial(views.quick_proposition_list_json, place=place, status=status, kind=type,
                                          limit=limit, offset=offset)
        body = await _read(views.proposition_list_json, when, place, status, type, limit, offset, quick=quick)
        return Response(body, media_type="application/json")

    @app.get("/api/timeline/{place}")
    async def timeline(place: str, as_of: str | None = None) -> Response:
        """Who held or claimed ``place`` (name or GeoNames id) over time, with status."""
        when = _when(as_of)
        quick = None if when else partial(views.cached_only_timeline, place=place)
        body = await _read(views.place_timeline_json, place, when, quick=quick)
        if json.loads(body).get("place") is None:
            return error_response(404, f"no propositions about {place!r}")
        return Response(body, media_type="application/json")

    @app.get("/api/sources")
    def sources(conn: Conn) -> dict[str, Any]:
        """Each source's learned reliability and how much evidence it rests on."""
        stamp = store_stamp(conn)
        with reliability_lock:  # one fit per state of the store, not one per request
            if reliability.get("stamp") != stamp:
                reliability.update(stamp=stamp, report=views.sources(conn))
            return reliability["report"]  # type: ignore[no-any-return]

    @app.get("/api/search")
    def search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 50) -> dict[str, Any]:
        """Documents and claims holding the words."""
        return views.search(conn, q, limit)

    @app.post("/api/documents", status_code=201)
    @limiter.limit(write_rate)
    async def add_documents(request: Request) -> dict[str, Any]:
        """Ingest JSON documents (a list, or ``{"documents": [...]}``; each needs ``text``)."""
        _authorize(request, token)
        body = await _bounded_body(request, max_body)
        lines = _as_jsonl(body)
        settings = Settings(db_url=db_url)
        report = await run_in_threadpool(ingest, ["-"], store, settings, None, None, io.BytesIO(lines))
        if report.new:  # bring the materialized current state up to the new documents
            await run_in_threadpool(refresh, store)
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

