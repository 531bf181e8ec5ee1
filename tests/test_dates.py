"""Dates read from input and queries: input → sortable form pairs."""

import pytest

from index.dates import DateError, date_bounds, sortable_date


@pytest.mark.parametrize(
    ("written", "sortable"),
    [
        ("2015-07-21 02:51:32", "2015-07-21T02:51:32"),  # SaudiNewsNet
        ("2015-07-21T02:51:32Z", "2015-07-21T02:51:32"),
        ("2015-07-21T02:51:32+03:00", "2015-07-21T02:51:32"),
        ("2015-07-21", "2015-07-21T00:00:00"),
        ("2015/7/1", "2015-07-01T00:00:00"),
        ("21/07/2015", "2015-07-21T00:00:00"),  # day first, as Arabic papers write it
        ("21-07-2015 14:05", "2015-07-21T14:05:00"),
        ("٢١/٠٧/٢٠١٥", "2015-07-21T00:00:00"),  # Arabic-Indic digits
        ("2015-07", "2015-07-01T00:00:00"),
        ("2015", "2015-01-01T00:00:00"),
        (" 2015-07-21 ", "2015-07-21T00:00:00"),
        ("0999-01-02", "0999-01-02T00:00:00"),  # zero-padded, so it still sorts
    ],
)
def test_dates_are_read_leniently(written: str, sortable: str) -> None:
    assert sortable_date(written) == sortable


@pytest.mark.parametrize("written", ["", "yesterday", "2015-13-01", "2015-02-30", "07/21/2015", "15", "2015-07-21 junk"])
def test_text_that_is_not_a_date_gives_none(written: str) -> None:
    assert sortable_date(written) is None


@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        ("2016", ("2016-01-01T00:00:00", "2016-12-31T23:59:59")),
        ("2016-02", ("2016-02-01T00:00:00", "2016-02-29T23:59:59")),  # a leap year
        ("2015-12", ("2015-12-01T00:00:00", "2015-12-31T23:59:59")),
        ("2015-06-30", ("2015-06-30T00:00:00", "2015-06-30T23:59:59")),
        ("2015-06-30 10:15", ("2015-06-30T10:15:00", "2015-06-30T10:15:59")),
    ],
)
def test_a_period_covers_its_first_to_its_last_second(period: str, bounds: tuple[str, str]) -> None:
    assert date_bounds(period) == bounds


def test_a_bad_period_names_itself_and_the_accepted_forms() -> None:
    with pytest.raises(DateError, match=r"«2015-13» is not a date: write YYYY"):
        date_bounds("2015-13")
