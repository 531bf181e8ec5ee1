"""Prefixes and ranges have a bounded cost: too short or too wide is refused
with a one-line message, before any postings are read."""

from __future__ import annotations

import pytest

from searcher import QueryError, SearchEngine
from searcher import query as query_module


def test_a_one_letter_prefix_is_refused(sample_engine: SearchEngine) -> None:
    with pytest.raises(QueryError, match="at least 2 letters"):
        sample_engine.search("ا*")


def test_a_prefix_or_range_over_too_many_words_is_refused(sample_engine: SearchEngine,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_module, "MAX_EXPANDED_TERMS", 3)
    for text in ("title:[ا TO ي]", "ال*"):
        with pytest.raises(QueryError, match="more than 3 words"):
            sample_engine.search(text)


def test_a_narrow_prefix_and_range_still_search(sample_engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_module, "MAX_EXPANDED_TERMS", 3)
    assert sample_engine.search("ليب*").total >= 1
    assert sample_engine.search("title:[ليبيا TO ليبيا]").total >= 1


@pytest.fixture(scope="module")
def wide_engine(tmp_path_factory: pytest.TempPathFactory):
    from tests.test_threads import synthetic_documents

    path = tmp_path_factory.mktemp("cost") / "index"
    with SearchEngine.create(path) as engine:
        engine.add(synthetic_documents(800, seed=3))
    with SearchEngine.open(path) as engine:
        yield engine


def test_a_search_out_of_time_answers_with_what_it_found_and_says_partial(wide_engine: SearchEngine) -> None:
    whole = wide_engine.search("لي*", limit=None, snippets=False)
    assert not whole.partial and whole.total > 100
    cut = wide_engine.search("لي*", limit=None, snippets=False, time_budget=0.0)
    assert cut.partial and 0 < cut.total < whole.total
    assert {h.id for h in cut} <= {h.id for h in whole}
    assert not wide_engine.search("لي*", limit=None, snippets=False, time_budget=60.0).partial
    assert not wide_engine.search("لي*", limit=None, snippets=False, time_budget=None).partial


def test_the_server_counts_the_budget_from_the_request_arrival(wide_engine: SearchEngine,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from searcher import server

    with TestClient(server.create_app(wide_engine)) as client:
        monkeypatch.setattr(server, "SEARCH_TIME_BUDGET", 0.0)
        monkeypatch.setattr(server, "MIN_TIME_BUDGET", 0.0)
        cut = client.get("/api/search", params={"q": "لي*"}).json()
        monkeypatch.setattr(server, "MIN_TIME_BUDGET", 60.0)  # what is left after waiting, never below this
        whole = client.get("/api/search", params={"q": "لي*"}).json()
    assert cut["partial"] is True and whole["partial"] is False and cut["total"] < whole["total"]
