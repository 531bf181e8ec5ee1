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
