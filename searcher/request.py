"""A search request, checked once.

The library (``SearchEngine.search``), the CLI and the web API all build a
``SearchRequest``; building it is the only place where a page, an offset, a
sort order, facets and filters are checked, so each mistake has one message
(which names the parameter the way its caller does: ``--since`` on the
command line, `` `since` `` in the API).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import QueryError
from .columns import Filters, check_facets, check_sort, make_filters, split_filters

SEARCH_TIME_BUDGET = 1.0  # seconds a prefix or range may read postings before the search answers with what it has


@dataclass(frozen=True)
class ParameterNames:
    """How a caller's error messages name its parameters ("" for no name)."""

    since: str = "--since"
    until: str = "--until"
    sort: str = ""
    facets: str = ""


API_NAMES = ParameterNames(since="`since`", until="`until`", sort="`sort`", facets="`facets`")


@dataclass(frozen=True)
class SearchRequest:
    """What to search and which page of it to return: ``text`` is the query
    without the filters written in it, ``filters`` those and the options'
    together; ``skip``/``limit`` select the hits (``limit`` None: all)."""

    query: str
    text: str
    filters: Filters
    limit: int | None = 10
    skip: int = 0
    page: int = 1
    sort: str = "relevance"
    facets: tuple[str, ...] = ()
    exact: bool = False
    snippets: bool = True
    suggest: bool = True
    time_budget: float | None = SEARCH_TIME_BUDGET

    @classmethod
    def build(
        cls,
        query: str,
        limit: int | None = 10,
        snippets: bool = True,
        exact: bool = False,
        *,
        page: int = 1,
        sort: str = "relevance",
        sources: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        facets: Iterable[str] = (),
        suggest: bool = True,
        offset: int | None = None,
        time_budget: float | None = SEARCH_TIME_BUDGET,
        names: ParameterNames = ParameterNames(),
    ) -> SearchRequest:
        """The request for these parameters (those of ``SearchEngine.search``).
        Raises QueryError for a page below 1, a negative offset, an unknown
        sort order or facet, or a bad date."""
        if page < 1:
            raise QueryError(f"page {page} does not exist: pages are numbered from 1")
        if offset is not None and offset < 0:
            raise QueryError(f"offset {offset} is negative: give 0 or more hits to skip")
        check_sort(sort, names.sort)
        facet_names = check_facets(facets, names.facets)
        text, query_filters = split_filters(query)
        filters = make_filters(sources, since, until, names=(names.since, names.until)).merged(query_filters)
        skip = 0 if limit is None else offset if offset is not None else (page - 1) * limit
        if limit is None:
            page = 1
        elif offset is not None:
            page = skip // limit + 1
        return cls(query=query, text=text, filters=filters, limit=limit, skip=skip, page=page, sort=sort,
                   facets=tuple(facet_names), exact=exact, snippets=snippets, suggest=suggest,
                   time_budget=time_budget)
