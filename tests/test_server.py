"""The HTTP API and page of ``arsearch serve``, through Starlette's test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from searcher import SearchEngine
from searcher.server import MAX_LIMIT, MAX_QUERY_CHARS, create_app
from tests.conftest import REPORTS, NAZOURI, SAMPLE_IDS


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("serve") / "index"
    from searcher.locations import sample_corpus_path

    with SearchEngine.create(path) as engine:
        engine.index_paths([sample_corpus_path()])
    with SearchEngine.open(path) as engine, TestClient(create_app(engine), raise_server_exceptions=False) as test_client:
        yield test_client


def test_search_returns_the_cli_json_with_spellings(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "عبد الرزاق الناظوري"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    payload = response.json()
    assert payload["total"] == 2 and {h["id"] for h in payload["hits"]} == NAZOURI and payload["partial"] is False
    for hit in payload["hits"]:
        words = {s["text"][a:b] for s in hit["snippets"] for a, b in s["highlights"]}
        assert any("الناظوري" in w for w in words)
        assert {"rank", "id", "score", "title", "metadata", "snippets"} <= hit.keys()
    spellings = {s["text"]: s["kind"] for unit in payload["explain"] for s in unit["spellings"]}
    assert spellings.get("عبدالرازق") == "variant"  # the other spelling of the name, for the page to show


def test_search_pages_with_limit_and_offset(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "ليبيا", "limit": 100}).json()
    assert everything["total"] >= 3
    ids = [h["id"] for h in everything["hits"]]
    second = client.get("/api/search", params={"q": "ليبيا", "limit": 2, "offset": 2}).json()
    assert [h["id"] for h in second["hits"]] == ids[2:4]
    assert (second["page"], second["offset"], second["total"]) == (2, 2, everything["total"])


def test_exact_turns_variants_off(client: TestClient) -> None:
    exact = client.get("/api/search", params={"q": "عبد الرزاق الناظوري", "exact": "1"}).json()
    assert {s["kind"] for unit in exact["explain"] for s in unit["spellings"]} <= {"written form", "stem"}
    expanded = client.get("/api/search", params={"q": "عبد الرزاق الناظوري"}).json()
    assert {s["kind"] for unit in expanded["explain"] for s in unit["spellings"]} - {"written form", "stem"}


def test_a_long_unknown_id_is_not_echoed_in_full(client: TestClient) -> None:
    response = client.get("/api/docs/" + "x" * 60_000)
    assert response.status_code == 404 and len(response.text) < 1_000 and "60000 characters" in response.text


@pytest.mark.parametrize(("value", "status"), [("1", 200), ("yes", 200), ("0", 200), ("off", 200), ("maybe", 400)])
def test_exact_takes_only_boolean_values(client: TestClient, value: str, status: int) -> None:
    response = client.get("/api/search", params={"q": "ليبيا", "exact": value})
    assert response.status_code == status
    if status == 400:
        assert "`exact`" in response.json()["error"]


def test_a_bad_date_is_named_as_the_api_names_it(client: TestClient) -> None:
    error = client.get("/api/search", params={"q": "ليبيا", "since": "2015-13"}).json()["error"]
    assert "`since`" in error and "--since" not in error


def test_an_unknown_field_is_refused_with_the_known_ones(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "foo:bar ليبيا"})
    assert response.status_code == 400 and "title:" in response.json()["error"]
    assert client.get("/api/search", params={"q": "title:ليبيا"}).status_code == 200


def test_the_favicon_is_served(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")


def test_a_query_in_latin_letters_says_how_it_was_read(client: TestClient) -> None:
    slip = client.get("/api/search", params={"q": "hgsvh["}).json()  # السراج, the layout left on English
    assert slip["searched_as"] == {"text": "السراج", "kind": "keyboard", "replaces": True, "also": None}
    assert slip["total"] == 2
    exact = client.get("/api/search", params={"q": "hgsvh[", "exact": "1"}).json()
    assert exact["searched_as"] is None and exact["total"] == 0
    assert client.get("/api/search", params={"q": "السراج"}).json()["searched_as"] is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "؟!"}, "no words to search for"),
        ({"q": ""}, "empty query"),
        ({"q": "x" * (MAX_QUERY_CHARS + 1)}, "too long"),
        ({"q": "ليبيا", "limit": MAX_LIMIT + 1}, "`limit` must be between"),
        ({"q": "ليبيا", "limit": "ten"}, "`limit` must be a whole number"),
        ({"q": "ليبيا", "offset": -1}, "`offset` must be between"),
        ({"q": "ليبيا", "sort": "random"}, "`sort`: unknown sort order «random»: use one of"),
        ({"q": "ليبيا", "since": "2015-13"}, "is not a date"),
        ({"q": '"ليبيا'}, ""),  # an unclosed quote still searches (Whoosh reads it as a phrase)
    ],
)
def test_bad_requests_are_400_with_a_message(client: TestClient, params: dict, message: str) -> None:
    response = client.get("/api/search", params=params)
    if not message:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    body = response.json()
    assert message in body["error"] and body["status"] == 400 and "Traceback" not in response.text


def test_document_endpoint_returns_the_stored_document_marked(client: TestClient) -> None:
    doc_id = sorted(NAZOURI)[0]
    payload = client.get(f"/api/docs/{doc_id}", params={"q": "الناظوري"}).json()
    assert payload["id"] == doc_id and payload["body"]
    assert {payload["body"][a:b] for a, b in payload["body_highlights"]} <= {"الناظوري", "والناظوري"}
    assert payload["body_highlights"]


def test_document_endpoint_limits_the_query_too(client: TestClient) -> None:
    response = client.get(f"/api/docs/{sorted(NAZOURI)[0]}", params={"q": "x" * (MAX_QUERY_CHARS + 1)})
    assert response.status_code == 400 and "too long" in response.json()["error"]


def test_unknown_document_and_page_are_404(client: TestClient) -> None:
    response = client.get("/api/docs/no-such-id")
    assert response.status_code == 404 and "no-such-id" in response.json()["error"]
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/static/secret.py").status_code == 404


def test_the_server_is_read_only(client: TestClient) -> None:
    response = client.post("/api/search", data={"q": "ليبيا"})
    assert response.status_code == 405 and "read-only" in response.json()["error"]


def test_stats(client: TestClient) -> None:
    payload = client.get("/api/stats").json()
    assert payload["documents"] == len(SAMPLE_IDS) and payload["size_bytes"] > 0


def test_page_is_rtl_arabic_and_loads_only_its_own_assets(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert 'name="viewport"' in response.text  # usable on a phone
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<script>" not in response.text  # no inline code: the policy would block it
    for asset in ("/static/app.js", "/static/app.css"):
        assert asset in response.text and client.get(asset).status_code == 200


def test_page_script_never_writes_html() -> None:
    script = (Path(__file__).resolve().parent.parent / "searcher" / "web" / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_an_unexpected_error_is_a_500_without_a_trace(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        def broken() -> None:
            raise RuntimeError("secret detail")

        engine.stats = broken  # type: ignore[method-assign]
        with TestClient(create_app(engine), raise_server_exceptions=False) as test_client:
            response = test_client.get("/api/stats")
    assert response.status_code == 500
    assert response.json()["error"] == "internal error (see the server log)"
    assert "secret detail" not in response.text and "Traceback" not in response.text


def test_serve_with_two_worker_processes_answers_and_stops(sample_index: Path) -> None:
    import json
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "searcher", "serve", "--index", str(sample_index), "--port", str(port),
         "--workers", "2"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline, answer = time.monotonic() + 30, None
        while answer is None and time.monotonic() < deadline:
            try:
                url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": "الناظوري"})
                with urllib.request.urlopen(url, timeout=5) as response:
                    answer = json.loads(response.read())
            except OSError:
                time.sleep(0.2)
        assert answer is not None, "the server answered"
        assert {h["id"] for h in answer["hits"]} == NAZOURI
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    assert "with 2 workers" in stderr and "Traceback" not in stderr


@pytest.fixture(scope="module")
def archive_client(tmp_path_factory: pytest.TempPathFactory):
    """Reports from three sources over four months, as the archive view sees them."""
    path = tmp_path_factory.mktemp("archive") / "index"
    with SearchEngine.create(path) as engine:
        engine.add([{"id": doc_id, "text": f"أسعار النفط في تقرير {doc_id}", "source": source, "date": date}
                    for doc_id, source, date in REPORTS])
    with SearchEngine.open(path) as engine, TestClient(create_app(engine)) as test_client:
        yield test_client


def test_search_counts_sources_and_months_for_the_archive_view(archive_client: TestClient) -> None:
    params = [("q", "النفط"), ("facets", "source,month"), ("source", "okaz"), ("since", "2015-02"),
              ("until", "2015-03"), ("sort", "-date")]
    payload = archive_client.get("/api/search", params=params).json()
    kept = sorted((d for d in REPORTS if d[1] == "okaz" and "2015-02" <= d[2][:7] <= "2015-03"),
                  key=lambda d: d[2], reverse=True)
    assert [h["id"] for h in payload["hits"]] == [d[0] for d in kept]
    assert payload["facets"]["source"] == [{"value": "okaz", "count": len(kept)}]
    months = sorted({d[2][:7] for d in kept})
    assert payload["facets"]["month"] == [{"value": m, "count": sum(d[2][:7] == m for d in kept)} for m in months]
