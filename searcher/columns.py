"""Everything computed from the ``source_key`` and ``date_key`` columns:
filters (which sources and dates a search is limited to), date order, and
facets.  Each reads a column for every document at once (numpy), so it
costs about the same for ten matches as for ten thousand.

Filters come from options (``--source``, ``--since``, ``--until``; the
library's ``sources``, ``since``, ``until``) and from the query text
(``source:okaz``, ``date:[2015-01-01 TO 2015-06-30]``, ``date:2015-03``).  A
filter narrows the matches and never adds any: unlike a query word,
``source:okaz`` is not "okaz or the other words".  What a date is, and its
periods, is ``index.dates``'s to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from index.dates import EARLIEST, LATEST, PERIOD_CHARS, DateError, date_bounds, is_dated
from index.schema import DATE_KEY_FIELD as DATE_FIELD
from index.schema import SOURCE_KEY_FIELD as SOURCE_FIELD
from index.schema import source_key

from .errors import QueryError, shown
from .fastsearch import Evaluator


# field:value, field:"two words", field:[A TO B]: a filter written in a query
_FILTER_SYNTAX = re.compile(
    r'(?<!\S)(?P<field>source|date):(?:"(?P<quoted>[^"]*)"|\[(?P<range>[^\]]*)\]|(?P<bare>[^\s\[\]"]+))',
    re.IGNORECASE,
)
_UNFINISHED = re.compile(r"(?<!\S)(?:source|date):(?=\s|$|\[[^\]]*$|\"[^\"]*$)", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?P<start>.*?)\s*\bTO\b\s*(?P<end>.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Filters:
    """Sources (any of them) and date ranges (all of them), as sortable bounds."""

    sources: tuple[str, ...] = ()
    date_ranges: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sources or self.date_ranges)

    @property
    def by_date(self) -> bool:
        return bool(self.date_ranges)

    def allowed(self, evaluator: Evaluator) -> np.ndarray:
        """A mask over all documents: True where every filter keeps it."""
        mask = self._source_mask(evaluator)
        if self.date_ranges:
            dates = evaluator.column(DATE_FIELD)
            for start, end in self.date_ranges:  # sortable dates compare as text; UNDATED is outside every range
                mask &= (dates >= start) & (dates <= end)
        return mask

    def undated(self, evaluator: Evaluator) -> np.ndarray:
        """A mask: documents the source filter keeps that have no date."""
        dates = evaluator.column(DATE_FIELD)
        return self._source_mask(evaluator) & ~is_dated(dates)

    def _source_mask(self, evaluator: Evaluator) -> np.ndarray:
        if not self.sources:
            return np.ones(evaluator.total_docs, dtype=bool)
        return np.isin(evaluator.column(SOURCE_FIELD), list(self.sources))

    def merged(self, other: Filters) -> Filters:
        return Filters(_unique(self.sources + other.sources), self.date_ranges + other.date_ranges)


def make_filters(sources: Iterable[str] = (), since: str | None = None, until: str | None = None,
                 names: tuple[str, str] = ("--since", "--until")) -> Filters:
    """Filters from option values.  Raises QueryError for a bad date, naming
    the option by *names* (the CLI's flags; the API passes its parameters)."""
    keys = _unique(tuple(source_key(s) for s in sources if s.strip()))
    if since is None and until is None:
        return Filters(keys)
    start = _bounds(since, names[0])[0] if since is not None else EARLIEST
    end = _bounds(until, names[1])[1] if until is not None else LATEST
    if start > end:
        raise QueryError(f"{names[0]} {since} is after {names[1]} {until}: no date can be in between")
    return Filters(keys, ((start, end),))


def split_filters(text: str) -> tuple[str, Filters]:
    """The query without its ``source:`` and ``date:`` filters, and the filters.

    >>> split_filters("ليبيا source:okaz date:2015-03")
    ('ليبيا', Filters(sources=('okaz',), date_ranges=(('2015-03-01T00:00:00', '2015-03-31T23:59:59'),)))
    """
    sources: list[str] = []
    ranges: list[tuple[str, str]] = []
    for match in _FILTER_SYNTAX.finditer(text):
        written = match.group(0)
        if match["field"].lower() == "source":
            value = match["quoted"] if match["quoted"] is not None else match["bare"] or ""
            if not value.strip():
                raise QueryError(f"«{shown(written)}» names no source: write source:NAME")
            sources.append(source_key(value))
        else:
            ranges.append(_query_range(match, written))
    if _UNFINISHED.search(_FILTER_SYNTAX.sub(" ", text)):
        raise QueryError(f"a filter in «{shown(text)}» is unfinished: write source:NAME or date:[2015-01-01 TO 2015-06-30]")
    rest = " ".join(_FILTER_SYNTAX.sub(" ", text).split())
    return rest, Filters(_unique(tuple(sources)), tuple(ranges))


def _query_range(match: re.Match[str], written: str) -> tuple[str, str]:
    if match["range"] is None:
        return _bounds(match["quoted"] if match["quoted"] is not None else match["bare"], written)
    parts = _RANGE.match(match["range"])
    if parts is None:
        raise QueryError(f"«{shown(written)}» is not a date range: write date:[2015-01-01 TO 2015-06-30]")
    start = _bounds(parts["start"], written)[0] if parts["start"] else EARLIEST
    end = _bounds(parts["end"], written)[1] if parts["end"] else LATEST
    if start > end:
        raise QueryError(f"«{shown(written)}» ends before it starts")
    return start, end


def _bounds(text: str, where: str) -> tuple[str, str]:
    try:
        return date_bounds(text)
    except DateError as err:
        raise QueryError(f"{where}: {err}") from None


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# -- date order and facets ---------------------------------------------------------

SORT_ORDERS = ("relevance", "date", "-date")
FACET_NAMES = ("source", "year", "month", "day", "date")  # date: by month
UNDATED_NAME = "undated"


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet (a source, a year, a month) and how many matches have it."""

    value: str
    count: int


def check_sort(order: str, parameter: str = "") -> None:
    """Raise QueryError for an unknown order; *parameter* names the option in the message."""
    if order not in SORT_ORDERS:
        raise QueryError(f"{parameter + ': ' if parameter else ''}unknown sort order «{order}»: "
                         f"use one of {', '.join(SORT_ORDERS)}")


def check_facets(names: Iterable[str], parameter: str = "") -> list[str]:
    """The facet names, each once; QueryError for an unknown one (*parameter* names the option)."""
    names = list(dict.fromkeys(names))
    for name in names:
        if name not in FACET_NAMES:
            raise QueryError(f"{parameter + ': ' if parameter else ''}unknown facet «{name}»: "
                             f"use one of {', '.join(FACET_NAMES)}")
    return names


def sort_key(order: str, evaluator: Evaluator, ids: np.ndarray) -> np.ndarray | None:
    """A key per document of *ids*, ascending in the order asked for (None:
    by relevance).  Undated documents come last either way."""
    if order == "relevance":
        return None
    has_date = is_dated(evaluator.column(DATE_FIELD)[ids])
    # ISO dates sort as text: a document's code is its date's rank in the whole column
    _, codes = _column_codes(evaluator, "date order", lambda: evaluator.column(DATE_FIELD))
    rank = codes[ids]
    if order == "-date":
        rank = -rank
    return np.where(has_date, rank, np.iinfo(np.int64).max)


def facet_counts(name: str, evaluator: Evaluator, ids: np.ndarray) -> list[FacetCount]:
    """Counts per value over the documents *ids*: sources by count (most
    first), periods in time order, undated last."""
    values, codes = _facet_codes(name, evaluator)
    counts = np.bincount(codes[ids], minlength=len(values))
    present = [(str(values[i]), int(counts[i])) for i in np.flatnonzero(counts)]
    if name == "source":
        items = [(value or "(none)", count) for value, count in present]
        items.sort(key=lambda item: (-item[1], item[0]))
        return [FacetCount(v, n) for v, n in items]
    result = [FacetCount(value, count) for value, count in present if value]  # np.unique sorted them
    undated = sum(count for value, count in present if not value)
    if undated:
        result.append(FacetCount(UNDATED_NAME, undated))
    return result


def _facet_codes(name: str, evaluator: Evaluator) -> tuple[np.ndarray, np.ndarray]:
    """The facet's values over the whole index (sorted; "" for none or
    undated) and each document's code into them."""

    def column() -> np.ndarray:
        if name == "source":
            return evaluator.column(SOURCE_FIELD)
        dates = evaluator.column(DATE_FIELD)
        chars = PERIOD_CHARS.get(name, PERIOD_CHARS["month"])  # "date" counts months
        return np.where(is_dated(dates), dates.astype(f"<U{chars}"), "")

    return _column_codes(evaluator, f"facet:{name}", column)


def _column_codes(evaluator: Evaluator, key: str, column: Callable[[], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A column's distinct values (sorted) and each document's code into
    them, built once per index generation: a facet or a date order over many
    matches is then a lookup, not a sort of their strings (14 ms a search on
    the news corpus for three facets)."""

    def build() -> tuple[np.ndarray, np.ndarray]:
        values, codes = np.unique(column(), return_inverse=True)
        return values, codes.astype(np.int64)

    return evaluator.derived(key, build)
