"""``arsearch serve``: a local search page and a JSON HTTP API.

Starlette (routing, responses, a test client) served by uvicorn: both small,
well kept and from the same maintainers; the endpoints are plain functions
that Starlette runs in a thread pool, so the synchronous engine fits as is.
The engine is opened once per worker process.  Its work runs on one thread
of the process, whose searcher and caches stay warm: the engine is safe to
share between threads, but each thread warms its own searcher and caches,
and a search is CPU-bound, so a thread per request would only interleave
cold searches (bench/load.py measured a quarter of the throughput).  Processes
(``--workers``) are what run searches side by side.  Everything is read-only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from index import ArsearchError

from . import __version__
from .backend import Engine
from .engine import SearchEngine
from .errors import BadRequest, DocumentNotFound, QueryError
from .request import API_NAMES, SEARCH_TIME_BUDGET, SearchRequest

MAX_QUERY_CHARS = 500
MAX_LIMIT = 100
MAX_OFFSET = 10_000
DEFAULT_LIMIT = 10
MIN_TIME_BUDGET = 0.1  # seconds a search may still read a prefix's postings after a long wait

_ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
           "favicon.svg": "image/svg+xml"}
# The page loads only its own script and style: no inline code, nothing from elsewhere.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _asset(name: str) -> str:
    return resources.files("searcher").joinpath("web", name).read_text(encoding="utf-8")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=_SECURITY_HEADERS)


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"`{name}` must be a whole number, not «{raw[:20]}»") from None
    if not low <= value <= high:
        raise BadRequest(f"`{name}` must be between {low} and {high}")
    return value


def _query_param(request: Request) -> str:
    """The ``q`` parameter ("" when absent), at most MAX_QUERY_CHARS long."""
    q = request.query_params.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"the query is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    return q


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def _bool_param(request: Request, name: str) -> bool:
    raw = request.query_params.get(name, "").lower()
    if raw not in _TRUE + _FALSE:
        raise BadRequest(f"`{name}` must be 1 or 0 (or true/false, yes/no, on/off), not «{raw[:20]}»")
    return raw in _TRUE


SERVE_INDEX_VARIABLE = "ARSEARCH_SERVE_INDEX"  # the index a worker process of `arsearch serve --workers` opens


def worker_app() -> Starlette:
    """The app of one worker process of ``arsearch serve --workers N``: its
    own engine over the index in $ARSEARCH_SERVE_INDEX, refreshed after each
    commit like any engine.  (uvicorn imports this in each process.)"""
    engine = SearchEngine.open(os.environ[SERVE_INDEX_VARIABLE])
    return create_app(engine)


def create_app(engine: Engine) -> Starlette:
    """The web app over an open engine (which the caller closes)."""
    engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="arsearch-engine")

    def guarded(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def run(request: Request) -> Response:
            request.state.arrived = time.monotonic()
            try:
                return engine_thread.submit(endpoint, request).result()
            except (BadRequest, QueryError) as err:
                return _error(400, str(err))
            except DocumentNotFound as err:
                return _error(404, str(err))
            except ArsearchError as err:  # the index went missing or busy under us
                return _error(503, str(err))

        return run

    def search(request: Request) -> Response:
        q = _query_param(request)
        limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = _int_param(request, "offset", 0, 0, MAX_OFFSET)
        exact = _bool_param(request, "exact")
        # The time budget counts from the request's arrival, so that waiting
        # behind other requests for the engine thread is part of it.
        waited = time.monotonic() - request.state.arrived
        results = engine.run(SearchRequest.build(
            q, limit=limit, offset=offset, exact=exact, sort=request.query_params.get("sort", "relevance"),
            facets=[f for value in request.query_params.getlist("facets") for f in value.split(",") if f],
            sources=request.query_params.getlist("source"),
            since=request.query_params.get("since") or None, until=request.query_params.get("until") or None,
            time_budget=max(MIN_TIME_BUDGET, SEARCH_TIME_BUDGET - waited), names=API_NAMES,
        ))
        explanation = engine.explain(q, exact=exact) if q.strip() else []
        payload: dict[str, Any] = {**results.to_dict(explanation), "offset": offset, "limit": limit}
        return JSONResponse(payload, headers=_SECURITY_HEADERS)

    def document(request: Request) -> Response:
        q = _query_param(request) or None
        doc = engine.document(request.path_params["doc_id"], query=q, exact=_bool_param(request, "exact"))
        return JSONResponse(doc.to_dict(), headers=_SECURITY_HEADERS)

    def stats(request: Request) -> Response:
        info = engine.stats()
        return JSONResponse({"documents": info.documents, "size_bytes": info.size_bytes, "version": __version__},
                            headers=_SECURITY_HEADERS)

    def page(request: Request) -> Response:
        return HTMLResponse(_asset("index.html"), headers=_SECURITY_HEADERS)

    def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return _error(404, f"no such file: {name}")
        return Response(_asset(name), media_type=_ASSETS[name], headers=_SECURITY_HEADERS)

    def favicon(request: Request) -> Response:
        return Response(_asset("favicon.svg"), media_type=_ASSETS["favicon.svg"], headers=_SECURITY_HEADERS)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = {404: "no such page: the API is /api/search, /api/docs/{id} and /api/stats",
                   405: "only GET is served: this server is read-only"}.get(status, "internal error (see the server log)")
        return _error(status, message)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/search", guarded(search)),
            Route("/api/docs/{doc_id:path}", guarded(document)),
            Route("/api/stats", guarded(stats)),
            Route("/static/{name}", asset),
            Route("/favicon.ico", favicon),  # browsers ask for it whatever the page links
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
    )
