"""A search request is checked once, when it is built: the library, the CLI
and the web API share these checks and differ only in how they name the
parameters."""

from __future__ import annotations

import pytest

from searcher import QueryError, SearchEngine
from searcher.request import API_NAMES, SearchRequest


def test_a_page_becomes_hits_to_skip() -> None:
    request = SearchRequest.build("ليبيا", limit=10, page=3)
    assert (request.skip, request.limit, request.page) == (20, 10, 3)


def test_an_offset_decides_the_page_it_falls_on() -> None:
    request = SearchRequest.build("ليبيا", limit=10, offset=25)
    assert (request.skip, request.page) == (25, 3)


def test_every_hit_is_one_page_from_the_first() -> None:
    request = SearchRequest.build("ليبيا", limit=None, page=4, offset=7)
    assert (request.skip, request.page, request.limit) == (0, 1, None)


def test_filters_written_in_the_query_join_the_options() -> None:
    request = SearchRequest.build("النفط source:okaz", sources=["sabq"], since="2015-03")
    assert request.text.strip() == "النفط"
    assert set(request.filters.sources) == {"okaz", "sabq"} and request.filters.by_date


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"page": 0}, "page 0 does not exist"),
        ({"offset": -1}, "offset -1 is negative"),
        ({"sort": "newest"}, "unknown sort order «newest»"),
        ({"facets": ["author"]}, "unknown facet «author»"),
        ({"since": "2015-13"}, "--since: «2015-13» is not a date"),
    ],
)
def test_a_bad_parameter_is_refused_when_the_request_is_built(options: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        SearchRequest.build("ليبيا", **options)


def test_the_api_names_its_parameters_its_own_way() -> None:
    with pytest.raises(QueryError, match="^`sort`: unknown sort order"):
        SearchRequest.build("ليبيا", sort="random", names=API_NAMES)
    with pytest.raises(QueryError, match="^`until`: "):
        SearchRequest.build("ليبيا", until="soon", names=API_NAMES)
    with pytest.raises(QueryError, match="^`facets`: unknown facet"):
        SearchRequest.build("ليبيا", facets=["x"], names=API_NAMES)


def test_running_a_request_is_searching_with_its_parameters(sample_engine: SearchEngine) -> None:
    request = SearchRequest.build("ليبيا", limit=2, page=2, sort="-date")
    by_request = sample_engine.run(request)
    by_call = sample_engine.search("ليبيا", limit=2, page=2, sort="-date")
    assert [h.id for h in by_request] == [h.id for h in by_call] and by_request.total == by_call.total
    assert by_request.page == 2
