"""The numpy evaluator gives Whoosh's own matches and scores, query by query."""

from __future__ import annotations

import math

import pytest
from whoosh import query as wq

from searcher import SearchEngine, fastsearch
from searcher.engine import RANKING
from searcher.fastsearch import Evaluator, Matches, TermForms, best_window, intersection, term_forms, top, union
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


def without_term_forms(q: wq.Query) -> wq.Query:
    """*q* with each TermForms as the Or of its terms (how Whoosh scores it)."""
    if isinstance(q, TermForms):
        return wq.Or(list(q.subqueries), boost=q.boost)
    return q if q.is_leaf() else q.apply(without_term_forms)


@pytest.mark.parametrize("text", QUERIES)
def test_evaluator_matches_whoosh_documents_and_scores(engine: SearchEngine, text: str, monkeypatch) -> None:
    """Whoosh's documents and scores, once TermForms (scored as one term on
    purpose, below) are written as the Or that Whoosh would score, and a
    question's best-window boost (our own, tested below) is off."""
    monkeypatch.setattr(fastsearch, "WINDOW_BOOST", 0.0)
    searcher = engine.whoosh_searcher()
    assert searcher.reader().has_deletions() and len(list(searcher.leaf_searchers())) > 1
    q = without_term_forms(engine.plan(text)[0])
    expected = whoosh_matches(searcher, q)
    got = Evaluator(searcher).matches(q)
    assert expected, text  # every query here matches something
    assert list(got.ids) == sorted(expected)
    assert list(got.scores) == pytest.approx([expected[d] for d in sorted(expected)], rel=1e-9)


@pytest.mark.parametrize("text", QUERIES)
def test_term_forms_find_what_their_terms_find(engine: SearchEngine, text: str) -> None:
    searcher = engine.whoosh_searcher()
    q = engine.plan(text)[0]
    assert list(Evaluator(searcher).matches(q).ids) == sorted(whoosh_matches(searcher, q))


def test_term_forms_score_several_forms_as_one_term(engine: SearchEngine) -> None:
    """BM25 with the forms' frequencies added up and the idf of the documents holding any form."""
    searcher = engine.whoosh_searcher()
    evaluator = Evaluator(searcher)
    forms = ["ليب", "حفتر", "سرت"]  # three words, as if forms of one: documents hold one, two or three
    got = evaluator.matches(term_forms([("text", form) for form in forms]))
    postings: dict[int, float] = {}
    for text in forms:
        for docnum, weight in searcher.reader().postings("text", text).items_as("weight"):
            if not searcher.reader().is_deleted(docnum):
                postings[docnum] = postings.get(docnum, 0.0) + weight
    assert list(got.ids) == sorted(postings) and len(postings) > 1
    idf = math.log(searcher.doc_count_all() / (len(postings) + 1)) + 1
    avg = searcher.avg_field_length("text")
    k1, b = RANKING.K1, RANKING.B
    expected = [idf * postings[d] * (k1 + 1) / (postings[d] + k1 * (1 - b + b * searcher.reader().doc_field_length(d, "text") / avg))
                for d in sorted(postings)]
    assert list(got.scores) == pytest.approx(expected, rel=0.05)  # lengths are quantised to a byte
    one = evaluator.matches(term_forms([("text", "ليب")]))
    assert list(one.scores) == pytest.approx(list(evaluator.matches(wq.Term("text", "ليب")).scores), rel=1e-12)


def test_search_ranks_by_the_evaluators_scores(engine: SearchEngine) -> None:
    searcher = engine.whoosh_searcher()
    q = engine.plan(QUERIES[2])[0]
    matches = Evaluator(searcher).matches(q)
    best = [searcher.stored_fields(int(matches.ids[i]))["id"] for i in top(matches, 5)]
    assert [hit.id for hit in engine.search(QUERIES[2], limit=5)] == best


def test_evaluator_uses_the_same_weighting(engine: SearchEngine) -> None:
    assert engine.whoosh_searcher().weighting is RANKING


def test_a_searchs_unions_are_computed_once_per_query_object(engine: SearchEngine) -> None:
    """A plan's units are evaluated inside its query and again to be counted
    for did-you-mean: the same query object gives the same matches without a
    second union; another object, or a new search, computes its own."""
    evaluator = Evaluator(engine.whoosh_searcher())
    evaluator.start(None)
    unit = wq.Or([wq.Term("text", "ليب"), wq.Term("text", "سرت")])
    first = evaluator.matches(wq.Or([unit, wq.Term("text", "حفتر")]))
    again = evaluator.matches(unit)
    assert again is evaluator.matches(unit) and len(again) < len(first)
    twin = wq.Or([wq.Term("text", "ليب"), wq.Term("text", "سرت")])
    assert evaluator.matches(twin) is not again and evaluator.matches(twin).ids.tolist() == again.ids.tolist()
    evaluator.start(None)
    assert evaluator.matches(unit) is not again and evaluator.matches(unit).scores.tolist() == again.scores.tolist()


def test_set_operations_sum_scores() -> None:
    a = Matches(np.array([1, 3, 5]), np.array([1.0, 1.0, 1.0]))
    b = Matches(np.array([3, 4]), np.array([2.0, 2.0]))
    both = union([a, b])
    assert list(both.ids) == [1, 3, 4, 5] and list(both.scores) == [1.0, 3.0, 2.0, 1.0]
    common = intersection([a, b])
    assert list(common.ids) == [3] and list(common.scores) == [3.0]


def test_a_union_over_a_whole_index_array_equals_the_sorted_one() -> None:
    rng = np.random.default_rng(7)
    parts = [Matches(np.unique(rng.integers(0, 500, size)), rng.random(size) * 3) for size in (400, 90, 1, 300)]
    parts = [Matches(p.ids, p.scores[: p.ids.size]) for p in parts]
    sorted_way, dense_way = union(parts), union(parts, 500)
    assert list(dense_way.ids) == list(sorted_way.ids)
    assert dense_way.scores.tolist() == sorted_way.scores.tolist()  # the same sums, to the bit
    assert union(parts, 10**9).ids.tolist() == sorted_way.ids.tolist()  # few postings for the index: sorted


def test_top_breaks_ties_by_document_number_and_sorts_by_key_first() -> None:
    m = Matches(np.array([2, 5, 7]), np.array([1.0, 2.0, 1.0]))
    assert list(m.ids[top(m, None)]) == [5, 2, 7]
    assert list(m.ids[top(m, 2, key=np.array([3, 2, 1]))]) == [7, 5]


def test_the_best_few_are_the_first_of_the_whole_order_ties_included() -> None:
    rng = np.random.default_rng(3)
    for _trial in range(100):
        n = int(rng.integers(40, 2000))
        ids = np.sort(rng.choice(100_000, n, replace=False))
        scores = rng.integers(0, 12, n) / 3  # many ties, broken by document number
        m = Matches(ids, scores)
        whole = top(m, None)
        for count in (1, 3, 10):
            assert list(top(m, count)) == list(whole[:count])


@pytest.mark.parametrize("slop", [1, 2, 3])
def test_phrases_over_many_blocks_match_whooshs(tmp_path, slop: int) -> None:
    """Positions are read a block (128 postings) at a time: a phrase over
    terms with several blocks, deletions and two segments finds Whoosh's
    documents with Whoosh's scores; with a slop (a question's word pair
    across a stop word), the second word up to that many positions on."""
    docs = []
    for i in range(700):
        if i % 3 == 0:
            text = f"خبر {i} عن الجيش الليبي في سرت"
        elif i % 3 == 1:
            text = f"الليبي قال إن الجيش {i} وصل الليبي"
        else:
            text = f"تقرير {i} عن الجيش في {'ال' if i % 2 else 'حول ال'}ليبي"
        docs.append({"id": f"d{i}", "text": text})
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs[:400])
        engine.add(docs[400:] + [{"id": "d3", "text": "الجيش وحده"}])  # d3 replaced: deleted in the first segment
        searcher = engine.whoosh_searcher()
        assert len(list(searcher.leaf_searchers())) > 1
        q = wq.Phrase("text", ["جيش", "ليب"], slop=slop)
        expected = whoosh_matches(searcher, q)
        got = Evaluator(searcher).matches(q)
        assert len(expected) > 200 + 100 * (slop - 1) and list(got.ids) == sorted(expected)
        assert list(got.scores) == pytest.approx([expected[d] for d in sorted(expected)], rel=1e-9)


def many_blocks_searcher(tmp_path):
    docs = [{"id": f"d{i}", "text": f"الجيش {'الليبي' if i % 2 else 'في'} {i} سرت الجيش الليبي" if i % 5 == 0
             else f"تقرير {i} عن الجيش"} for i in range(700)]
    engine = SearchEngine.create(tmp_path / "ix")
    engine.add(docs)
    return engine, engine.whoosh_searcher()


def test_block_headers_read_in_one_call_are_whooshs(tmp_path) -> None:
    from searcher.fastsearch import _goto_block

    engine, searcher = many_blocks_searcher(tmp_path)
    with engine:
        reader = searcher.reader()
        ours, theirs = reader.postings("text", "جيش"), reader.postings("text", "جيش")
        attributes = ("_blocklength", "_maxid", "_maxweight", "_compression", "_minlength", "_maxlength",
                      "_lastblock", "_nextoffset", "_dataoffset", "_i", "_data")
        blocks = 0
        while True:
            assert [getattr(ours, a) for a in attributes] == [getattr(theirs, a) for a in attributes]
            blocks += 1
            if theirs._lastblock:
                break
            position = theirs._nextoffset
            theirs._next_block()
            _goto_block(ours, position)
            assert ours.value() == theirs.value() and ours.id() == theirs.id()
        assert blocks > 4


def test_positions_read_through_the_block_directory_are_those_found_by_walking(tmp_path) -> None:
    """A term's postings note where its blocks start; positions read from
    there equal those found by walking every block header."""
    engine, searcher = many_blocks_searcher(tmp_path)
    with engine:
        evaluator = Evaluator(searcher)
        segment = evaluator.segments[0]
        wanted = [0, 5, 6, 255, 300, 301, 645, 699]
        evaluator.matches(wq.Term("text", "جيش"))  # reads the postings: notes the blocks
        assert len(segment.blocks["text", "جيش"][0]) > 4
        through_directory = segment.positions("text", "جيش", wanted)
        segment.blocks.clear()
        assert through_directory == segment.positions("text", "جيش", wanted)
        assert sorted(through_directory) == wanted and through_directory[5] == frozenset({0, 4})


def test_blocks_decoded_in_one_search_serve_it_again_and_go_with_the_next(tmp_path) -> None:
    """A block decoded for one word's positions serves later asks in the
    same search (a question's pairs and best stretches share blocks), with
    the same positions; the next search starts without them."""
    engine, searcher = many_blocks_searcher(tmp_path)
    with engine:
        evaluator = Evaluator(searcher)
        segment = evaluator.segments[0]
        evaluator.start(None)
        evaluator.matches(wq.Term("text", "جيش"))
        first = segment.positions("text", "جيش", [5, 6, 300])
        assert segment.decoded
        kept = dict(segment.decoded)
        again = segment.positions("text", "جيش", [0, 5, 301])
        assert again == Evaluator(searcher).segments[0].positions("text", "جيش", [0, 5, 301])
        assert first[5] == again[5] and all(segment.decoded[key] is kept[key] for key in kept)
        evaluator.start(None)
        assert not segment.decoded


def test_a_questions_pairs_add_whooshs_phrase_scores_in_the_best_documents_only(tmp_path, monkeypatch) -> None:
    """A question's word pairs only rank: each pair (side by side, or with a
    slop) adds Whoosh's phrase score to the documents among the best
    RANKED_PAIR_DOCUMENTS of the words alone that hold it, and positions read
    for one pair serve the next.  (The best-window boost, off here, is tested below.)"""
    from searcher.fastsearch import RANKED_PAIR_DOCUMENTS

    monkeypatch.setattr(fastsearch, "WINDOW_BOOST", 0.0)
    docs = [{"id": f"d{i}", "text": f"الجيش {'الليبي' if i % 2 else 'في'} {i} سرت {'في ' * (i % 3)}الجيش الليبي"
             if i % 5 == 0 else f"تقرير {i} عن الجيش في سرت"} for i in range(700)]
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        searcher = engine.whoosh_searcher()
        words = wq.Or([wq.Term("text", "جيش"), wq.Term("text", "ليب"), wq.Term("text", "سرت")])
        pairs = [wq.Phrase("text", ["جيش", "ليب"]), wq.Phrase("text", ["ليب", "سرت"], slop=3),
                 wq.Phrase("text", ["سرت", "جيش"], slop=2)]
        evaluator = Evaluator(searcher)
        alone = evaluator.matches(words)
        best = set(alone.ids[top(alone, RANKED_PAIR_DOCUMENTS)].tolist())
        expected = dict(zip(alone.ids.tolist(), alone.scores.tolist()))
        for pair in pairs:
            for docnum, score in whoosh_matches(searcher, pair).items():
                if docnum in best:
                    expected[docnum] += score
        got = Evaluator(searcher).matches(wq.AndMaybe(words, wq.Or(pairs)))
        assert len(alone) > RANKED_PAIR_DOCUMENTS and got.ids.tolist() == sorted(expected)
        assert got.scores.tolist() == pytest.approx([expected[d] for d in sorted(expected)], rel=1e-9)
        assert sum(1 for d in best if expected[d] != alone.scores[alone.ids.tolist().index(d)]) > 5


@pytest.mark.parametrize(("idf", "tf", "length", "average", "K1", "B"),
                         [(1.7, 1, 20, 35.5, 1.2, 1.0), (0.3, 4, 300, 120, 2.0, 0.75), (3.1, 2, 1, 1, 1.2, 0.0)])
def test_bm25_scores_a_block_as_whoosh_scores_one_posting(idf, tf, length, average, K1, B) -> None:
    from whoosh.scoring import bm25 as whoosh_bm25

    from searcher.fastsearch import bm25

    block = bm25(idf, np.array([tf, tf], dtype=np.float64), np.array([length, length], dtype=np.float64),
                 average, K1, B)
    assert block == pytest.approx([whoosh_bm25(idf, tf, length, average, B, K1)] * 2)


def test_searching_never_falls_back_to_whoosh_posting_by_posting(tmp_path) -> None:
    from searcher.fastsearch import SLOW_PATHS

    SLOW_PATHS.clear()
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.index_paths([sample_corpus_path()])
        for query in QUERIES:
            engine.search(query, limit=None)
    assert SLOW_PATHS == {}, f"a fast path fell back to Whoosh's per-document API: {dict(SLOW_PATHS)}"


@pytest.mark.parametrize(("positions", "size", "expected"), [
    ([], 20, 0.0),
    ([(3, "a")], 20, 1.0),
    ([(0, "a"), (5, "b"), (9, "c")], 10, 6.0),  # all three within ten positions
    ([(0, "a"), (5, "b"), (10, "c")], 10, 5.0),  # c is one too far: b and c are the best stretch
    ([(0, "a"), (1, "a"), (2, "a"), (30, "b")], 20, 2.0),  # a word counts once however often
    ([(0, "c"), (40, "a"), (45, "b"), (80, "c")], 20, 3.0),
])
def test_best_window_is_the_most_weight_of_distinct_words_in_a_stretch(positions, size, expected) -> None:
    assert best_window(positions, {"a": 1.0, "b": 2.0, "c": 3.0}, size) == expected


def test_a_question_ranks_its_words_stated_together_above_the_same_words_scattered(tmp_path, monkeypatch) -> None:
    """Two documents with the same words, as often and as long, and no word
    pair as close as the question writes it: the one holding the question's
    words within WINDOW_POSITIONS scores WINDOW_BOOST more (every word's idf
    in one stretch); the other, whose words stand alone, gains the share of
    its weightiest word; with the boost off they tie."""
    gap = " ".join(f"كلمة{i}" for i in range(fastsearch.WINDOW_POSITIONS))
    docs = [{"id": "together", "text": f"يؤثر كلمة النفط كلمة كلمة الاقتصاد كلمة السعودي {gap} {gap} {gap}"},
            {"id": "scattered", "text": f"يؤثر كلمة {gap} النفط كلمة {gap} كلمة الاقتصاد {gap} كلمة السعودي"},
            {"id": "other", "text": "خبر عن الطقس"}]
    question = "كيف يؤثر النفط في الاقتصاد السعودي؟"
    monkeypatch.setattr(fastsearch, "WINDOW_BOOST", 0.4)  # (the default; set, so a change of default cannot hide it)
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        hits = engine.search(question, limit=None)
        assert [h.id for h in hits] == ["together", "scattered"] and hits[0].score > hits[1].score
        q, plan = engine.plan(question)
        searcher = engine.whoosh_searcher()
        boosted = Evaluator(searcher).matches(q)
        monkeypatch.setattr(fastsearch, "WINDOW_BOOST", 0.0)
        plain = Evaluator(searcher).matches(q)
        assert plain.scores[0] == pytest.approx(plain.scores[1], rel=1e-12)
        ratio = {searcher.stored_fields(int(d))["id"]: r for d, r in zip(boosted.ids, boosted.scores / plain.scores)}
        words = {w for a, b, _ in plan.pairs for w in (a, b)}
        idf = [searcher.idf("text", w) for w in words]
        assert len(words) == 4
        assert ratio["together"] == pytest.approx(1 + 0.4, rel=1e-9)
        assert ratio["scattered"] == pytest.approx(1 + 0.4 * max(idf) / sum(idf), rel=1e-9)


def test_the_best_stretch_reads_positions_only_where_the_first_ranks_could_change(tmp_path, monkeypatch) -> None:
    """Asked for the first *ranks* only, the boost reads positions only for
    the documents whose best possible stretch could bring them there: the
    same first *ranks*, with the same scores, from fewer documents read."""
    import random

    rng = random.Random(7)
    words = ["النفط", "الاقتصاد", "السعودي", "اسعار", "الانتاج"]
    docs = []
    for i in range(300):
        text = [f"كلمة{rng.randrange(50)}" for _ in range(rng.randrange(20, 400))]
        for word in rng.sample(words, rng.randrange(1, len(words) + 1)):
            for _ in range(rng.randrange(1, 6)):
                text.insert(rng.randrange(len(text) + 1), word)
        docs.append({"id": f"d{i}", "text": " ".join(text)})
    monkeypatch.setattr(fastsearch, "WINDOW_BOOST", 0.4)
    read: list[int] = []
    counted = fastsearch.best_window
    monkeypatch.setattr(fastsearch, "best_window", lambda *args: read.append(1) or counted(*args))
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        searcher = engine.whoosh_searcher()
        for question in ["كيف تؤثر اسعار النفط في الاقتصاد السعودي؟", "ما الانتاج السعودي من النفط؟"]:
            q, plan = engine.plan(question)
            assert type(q) is wq.AndMaybe and plan.pairs
            read.clear()
            whole = Evaluator(searcher).matches(q)
            everywhere, reads = len(read), []
            for ranks in (1, 3, 10):
                read.clear()
                first = Evaluator(searcher).matches(q, ranks)
                reads.append(len(read))
                assert first.ids.tolist() == whole.ids.tolist()
                got, expected = top(first, ranks), top(whole, ranks)
                assert first.ids[got].tolist() == whole.ids[expected].tolist()
                assert first.scores[got].tolist() == whole.scores[expected].tolist()
            assert 0 < reads[0] < everywhere and reads == sorted(reads) and reads[-1] <= everywhere
            # the engine asks for its page's ranks: a short page is the start of the long one
            assert [h.id for h in engine.search(question, limit=3)] == [h.id for h in engine.search(question, limit=None)][:3]
