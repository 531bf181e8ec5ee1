"""Dates: read leniently from input and queries, indexed in one sortable form.

A document's date is indexed as ``YYYY-MM-DDTHH:MM:SS`` (ISO 8601 without a
zone), so that the order of index terms is the order of time and a date range
is a term range.  A document without a readable date gets ``UNDATED``, a term
that sorts after every date and lies inside no date range.

Hand-written rather than dateutil: dateutil fills the parts a text leaves out
from today's date ("2015" would become 2015 with today's month and day) and
reads almost any number as a date, which is wrong for both uses here.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from analyzers.normalizer import DIGIT_FOLDS

UNDATED = "none"
# a sortable date's prefix for each period a facet counts: 2015, 2015-03, 2015-03-07
PERIOD_CHARS = {"year": 4, "month": 7, "day": 10}
EARLIEST, LATEST = "0001-01-01T00:00:00", "9999-12-31T23:59:59"

_DIGITS = str.maketrans(DIGIT_FOLDS)
_TIME = r"(?:[ T_](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
_ZONE = r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
# year first: 2015, 2015-07, 2015-07-21, 2015/7/21 02:51, 2015-07-21T02:51:32Z
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?:[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2})" + _TIME + r")?)?" + _ZONE
)
# day first, as Arabic newspapers write it: 21/07/2015, 21-7-2015 02:51
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})" + _TIME + _ZONE)


class DateError(ValueError):
    """A date that cannot be read; the message says which forms are accepted."""


def _parts(text: str) -> dict[str, str | None] | None:
    cleaned = text.strip().translate(_DIGITS)
    for pattern in (_YEAR_FIRST, _DAY_FIRST):
        match = pattern.fullmatch(cleaned)
        if match:
            return match.groupdict()
    return None


def _sortable(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")  # zero-padded even for years before 1000


def _build(parts: dict[str, str | None], fill_end: bool) -> datetime:
    """The first (or, with *fill_end*, the last) second of the period *parts* names."""
    year = int(parts["year"] or 0)
    month = int(parts["month"]) if parts["month"] else (12 if fill_end else 1)
    if parts["day"]:
        day = int(parts["day"])
    elif fill_end:
        following = datetime(year + (month == 12), month % 12 + 1, 1)
        day = (following - datetime(year, month, 1)).days
    else:
        day = 1
    if parts.get("hour"):
        hour, minute = int(parts["hour"] or 0), int(parts["minute"] or 0)
        second = int(parts["second"]) if parts.get("second") else (59 if fill_end else 0)
    else:
        hour, minute, second = (23, 59, 59) if fill_end else (0, 0, 0)
    return datetime(year, month, day, hour, minute, second)


def sortable_date(text: str) -> str | None:
    """The sortable form of a date written in *text*, or None when it is not
    a date.  Accepts ISO forms (2015, 2015-07, 2015-07-21, 2015-07-21
    02:51:32, with T, Z or an offset), / and . as separators, day-first
    21/07/2015, and Arabic-Indic digits.  A zone is ignored (the wall time is kept).

    >>> sortable_date("2015-07-21 02:51:32")
    '2015-07-21T02:51:32'
    >>> sortable_date("٢١/٠٧/٢٠١٥")
    '2015-07-21T00:00:00'
    >>> sortable_date("yesterday") is None
    True
    """
    parts = _parts(text)
    if parts is None:
        return None
    try:
        return _sortable(_build(parts, fill_end=False))
    except ValueError:  # month 13, 30 February, year 0
        return None


def date_bounds(text: str) -> tuple[str, str]:
    """The first and last second of the period *text* names (a year, a month,
    a day or a moment), in sortable form.  Raises DateError."""
    parts = _parts(text)
    try:
        if parts is None:
            raise ValueError
        return (_sortable(_build(parts, fill_end=False)),
                _sortable(_build(parts, fill_end=True)))
    except ValueError:
        raise DateError(
            f"«{text.strip()[:40]}» is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD HH:MM"
        ) from None


def is_dated(sortable: Any) -> Any:
    """Whether a sortable date (or each of an array of them, a ``date_key``
    column) is a readable date: not UNDATED, and not "" for a document
    without the column."""
    return (sortable != UNDATED) & (sortable != "")
