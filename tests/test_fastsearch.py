"""The numpy evaluator gives Whoosh's own matches and scores, query by query."""

from __future__ import annotations


import pytest
from whoosh import query as wq

from searcher import SearchEngine
from searcher.engine import RANKING
from searcher.fastsearch import Evaluator, intersection, top, union, Matches
from searcher.locations import sample_corpus_path

import numpy as np

QUERIES = [
    "عبدالرازق الناظوري",  # a name: every unit required, variants, compounds
    "فائز السراج",
    "ما هي اللجنة العسكرية المشتركة 5+5 وأين اجتمعت؟",  # a question: any word, three forms each
    "ليبيا",
    '"الجيش الليبي"',  # a phrase: handed to Whoosh
    "حفتر NOT السراج",
    "حفتر AND موسكو",
    "+ليبيا حكومة",
    "الليبي*",  # a prefix
    "title:اجتماع OR سرت",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    """The sample articles in two segments, with one document deleted and one replaced."""
    path = tmp_path_factory.mktemp("fast") / "index"
    with SearchEngine.create(path) as created:
        created.index_paths([sample_corpus_path()])
        created.add([
            {"id": "extra-1", "text": "اجتماع في سرت حول ليبيا والجيش الليبي وحكومة الوحدة"},
            {"id": "extra-2", "text": "حفتر في موسكو مع السراج"},
        ])
        created.add([{"id": "extra-2", "text": "حفتر يزور موسكو"}])  # replaced: the old version is deleted
    with SearchEngine.open(path) as opened:
        yield opened


def whoosh_matches(searcher, q: wq.Query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None, optimize=False)}


@pytest.mark.parametrize("text", QUERIES)
def test_evaluator_matches_whoosh_documents_and_scores(engine: SearchEngine, text: str) -> None:
    searcher = engine._current_searcher()
    assert searcher.reader().has_deletions() and len(list(searcher.leaf_searchers())) > 1
    q, _plan = engine.plan(text)
    expected = whoosh_matches(searcher, q)
    got = Evaluator(searcher).matches(q)
    assert expected, text  # every query here matches something
    assert list(got.ids) == sorted(expected)
    assert list(got.scores) == pytest.approx([expected[d] for d in sorted(expected)], rel=1e-9)


def test_search_ranks_as_whoosh_does(engine: SearchEngine) -> None:
    searcher = engine._current_searcher()
    q, _plan = engine.plan(QUERIES[2])
    whoosh_order = [searcher.stored_fields(hit.docnum)["id"] for hit in searcher.search(q, limit=5, optimize=False)]
    assert [hit.id for hit in engine.search(QUERIES[2], limit=5)] == whoosh_order


def test_evaluator_uses_the_same_weighting(engine: SearchEngine) -> None:
    assert engine._current_searcher().weighting is RANKING


def test_set_operations_sum_scores() -> None:
    a = Matches(np.array([1, 3, 5]), np.array([1.0, 1.0, 1.0]))
    b = Matches(np.array([3, 4]), np.array([2.0, 2.0]))
    both = union([a, b])
    assert list(both.ids) == [1, 3, 4, 5] and list(both.scores) == [1.0, 3.0, 2.0, 1.0]
    common = intersection([a, b])
    assert list(common.ids) == [3] and list(common.scores) == [3.0]


def test_top_breaks_ties_by_document_number_and_sorts_by_key_first() -> None:
    m = Matches(np.array([2, 5, 7]), np.array([1.0, 2.0, 1.0]))
    assert list(m.ids[top(m, None)]) == [5, 2, 7]
    assert list(m.ids[top(m, 2, key=np.array([3, 2, 1]))]) == [7, 5]
