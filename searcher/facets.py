"""Sort orders and facets over the ``source`` and ``date`` columns.

Both are Whoosh facets, so the collector computes them while it gathers the
matches: the counts cover every match, not only the page shown, at the cost
of one column lookup per match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import sorting

from index.dates import UNDATED

from .filters import DATE_FIELD, SOURCE_FIELD
from .query import QueryError

SORT_ORDERS = ("relevance", "date", "-date")
FACET_NAMES = ("source", "year", "month", "date")  # date: by month
UNDATED_NAME = "undated"


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet (a source, a year, a month) and how many matches have it."""

    value: str
    count: int


class _DateCategorizer(sorting.Categorizer):
    """A key per document from its sortable date (``None`` when undated)."""

    def __init__(self, key: Callable[[str | None], Any]) -> None:
        self._key = key
        self._column: Any = None

    def set_searcher(self, segment_searcher: Any, docoffset: int) -> None:
        self._column = segment_searcher.reader().column_reader(DATE_FIELD)

    def key_for(self, matcher: Any, segment_docnum: int) -> Any:
        value = self._column[segment_docnum]
        return self._key(value if value and value != UNDATED else None)


class DateFacet(sorting.FacetType):
    """Documents keyed by a function of their date."""

    def __init__(self, key: Callable[[str | None], Any], maptype: Any = None) -> None:
        self._key = key
        self.maptype = maptype

    def categorizer(self, global_searcher: Any) -> sorting.Categorizer:
        return _DateCategorizer(self._key)


def _chronological(newest_first: bool) -> Callable[[str | None], tuple[int, int]]:
    def key(value: str | None) -> tuple[int, int]:
        if value is None:  # undated documents last, in either order
            return (1, 0)
        moment = int(value.replace("-", "").replace(":", "").replace("T", ""))
        return (0, -moment if newest_first else moment)

    return key


def sort_facet(order: str) -> sorting.FacetType | None:
    """The Whoosh ``sortedby`` for an order (None: by relevance).  Ties in date
    are broken by relevance."""
    if order not in SORT_ORDERS:
        raise QueryError(f"unknown sort order «{order}»: use one of {', '.join(SORT_ORDERS)}")
    if order == "relevance":
        return None
    return sorting.MultiFacet([DateFacet(_chronological(order == "-date")), sorting.ScoreFacet()])


def _period(length: int) -> Callable[[str | None], str]:
    return lambda value: value[:length] if value else UNDATED_NAME


def grouping(names: Iterable[str]) -> dict[str, sorting.FacetType]:
    """The Whoosh ``groupedby`` for the facets asked for."""
    facets: dict[str, sorting.FacetType] = {}
    for name in names:
        if name not in FACET_NAMES:
            raise QueryError(f"unknown facet «{name}»: use one of {', '.join(FACET_NAMES)}")
        if name == "source":
            facets[name] = sorting.FieldFacet(SOURCE_FIELD, maptype=sorting.Count)
        else:
            facets[name] = DateFacet(_period(4 if name == "year" else 7), maptype=sorting.Count)
    return facets


def facet_counts(name: str, counts: dict[Any, int]) -> list[FacetCount]:
    """Sources by count (most first), periods in time order; undated last."""
    items = [(str(value) if value not in (None, "") else "", n) for value, n in counts.items()]
    if name == "source":
        items = [(v or "(none)", n) for v, n in items]
        items.sort(key=lambda item: (-item[1], item[0]))
    else:
        items.sort(key=lambda item: (item[0] == UNDATED_NAME, item[0]))
    return [FacetCount(value, count) for value, count in items]
