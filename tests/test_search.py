"""Searching the sample corpus through the library API."""

from pathlib import Path

import pytest

from searcher import Hit, QueryError, SearchEngine
from tests.conftest import NAZOURI, SARRAJ, SAMPLE_IDS, sample_text


def ids(engine: SearchEngine, query: str, **kw) -> set[str]:
    return {hit.id for hit in engine.search(query, **kw)}


def highlighted_words(engine: SearchEngine, query: str, doc_id: str) -> set[str]:
    hit = next(h for h in engine.search(query, limit=None) if h.id == doc_id)
    return {s.text[a:b] for s in hit.snippets for a, b in s.highlights}


def test_nazouri_finds_both_articles(sample_engine: SearchEngine) -> None:
    assert ids(sample_engine, "الناظوري") == NAZOURI


def test_both_spellings_of_sarraj_find_both_articles(sample_engine: SearchEngine) -> None:
    assert SARRAJ <= ids(sample_engine, "فائز السراج")
    assert SARRAJ <= ids(sample_engine, "فايز السراج")


def test_ankara_with_ta_marbuta_finds_the_article_that_writes_heh(sample_engine: SearchEngine) -> None:
    writes_heh = {i for i in SAMPLE_IDS if "أنقره" in sample_text(i)}
    assert writes_heh and writes_heh <= ids(sample_engine, "أنقرة")


def test_diacritics_do_not_matter_either_way(sample_engine: SearchEngine) -> None:
    assert ids(sample_engine, "النَّاظُورِيّ") == NAZOURI
    # a diacritized word in a document is found by the plain query
    diacritized = [i for i in SAMPLE_IDS if "موسّعة" in sample_text(i)]
    assert diacritized and set(diacritized) <= ids(sample_engine, "موسعة")


def test_results_are_ranked_and_counted(sample_engine: SearchEngine) -> None:
    results = sample_engine.search("ليبيا", limit=2)
    assert len(results) == 2 and results.total > 2
    assert [h.rank for h in results] == [1, 2]
    assert results[0].score >= results[1].score
    assert len(sample_engine.search("ليبيا", limit=None)) == results.total


def test_a_document_with_every_query_word_outranks_one_with_a_single_word(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([
            {"id": "one-word", "text": "السراج السراج السراج في طرابلس اليوم"},
            {"id": "all-words", "text": "التقى فايز السراج في موسكو اليوم"},
            {"id": "other", "text": "خبر آخر عن الطقس"},
        ])
        assert [h.id for h in engine.search("فايز السراج")][:1] == ["all-words"]


def test_highlights_cover_exactly_the_written_words(sample_engine: SearchEngine) -> None:
    assert highlighted_words(sample_engine, "الناظوري", "002_f4f72c1c3536b354") >= {"الناظوري"}
    assert highlighted_words(sample_engine, "موسعة", next(i for i in SAMPLE_IDS if "موسّعة" in sample_text(i))) == {
        "موسّعة"
    }


def test_snippet_spans_point_into_the_document(sample_engine: SearchEngine) -> None:
    for hit in sample_engine.search("الناظوري سرت", limit=None):
        body = sample_text(hit.id)
        for snippet in hit.snippets:
            assert body[snippet.start : snippet.end].split() == snippet.text.split()
            for a, b in snippet.highlights:
                assert snippet.text[a:b] == body[snippet.start + a : snippet.start + b]


def test_title_matches_are_highlighted(sample_engine: SearchEngine) -> None:
    hit = next(h for h in sample_engine.search("اجتماع رسمي") if h.id == "003_642d4779de111c4a")
    assert {hit.title[a:b] for a, b in hit.title_highlights} == {"اجتماع", "رسمي"}


def test_query_syntax(sample_engine: SearchEngine) -> None:
    everything_with_haftar = ids(sample_engine, "حفتر", limit=None)
    assert ids(sample_engine, "حفتر -الناظوري", limit=None) == everything_with_haftar - NAZOURI
    assert ids(sample_engine, "حفتر NOT الناظوري", limit=None) == everything_with_haftar - NAZOURI
    with_moscow = {i for i in SAMPLE_IDS if "موسكو" in sample_text(i)}
    assert NAZOURI & with_moscow != NAZOURI  # AND must narrow the result here
    assert ids(sample_engine, "الناظوري AND موسكو", limit=None) == NAZOURI & with_moscow
    assert ids(sample_engine, '"مدينة سرت"', limit=None) == {"000_67798e88708441ce"}
    assert ids(sample_engine, "title:اجتماع", limit=None) == {"003_642d4779de111c4a"}
    assert ids(sample_engine, "الناظو*", limit=None) == NAZOURI


def test_a_query_of_stop_words_only_still_finds_documents(sample_engine: SearchEngine) -> None:
    assert len(sample_engine.search("في", limit=None)) == len(SAMPLE_IDS)


def test_punctuated_questions_are_searched(sample_engine: SearchEngine) -> None:
    assert ids(sample_engine, "متى اجتمع الناظوري بالحداد؟ «»") >= NAZOURI
    assert ids(sample_engine, "«5+5»") == ids(sample_engine, "5+5")


@pytest.mark.parametrize("query", ["", "   ", "؟!،", "-", "NOT سرت", "ـــ"])
def test_queries_with_nothing_to_search_raise_a_clear_error(sample_engine: SearchEngine, query: str) -> None:
    with pytest.raises(QueryError, match="query"):
        sample_engine.search(query)


def test_hits_carry_metadata(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "n1", "text": "خبر عن ليبيا", "title": "ليبيا اليوم", "source": "okaz",
                     "url": "http://example.org/1", "date": "2015-07-21"}])
        [hit] = engine.search("ليبيا")
    assert isinstance(hit, Hit)
    assert hit.title == "ليبيا اليوم"
    assert hit.metadata == {"source": "okaz", "url": "http://example.org/1", "date": "2015-07-21"}


def test_sample_index_is_built_on_first_use(tmp_path: Path) -> None:
    with SearchEngine.sample(tmp_path / "s") as engine:
        assert engine.stats().documents == len(SAMPLE_IDS)
    with SearchEngine.sample(tmp_path / "s") as engine:  # reopened, not rebuilt
        assert ids(engine, "الناظوري") == NAZOURI


def test_documents_added_later_are_found_by_an_open_engine(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "a", "text": "طرابلس"}])
        assert ids(engine, "طرابلس") == {"a"}
        engine.add([{"id": "b", "text": "طرابلس الغرب"}])
        assert ids(engine, "طرابلس") == {"a", "b"}


def test_the_word_as_written_ranks_above_other_forms_of_its_stem(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([
            {"id": "other-form", "text": "اجتمعت حكومة جديدة في طرابلس اليوم"},
            {"id": "as-written", "text": "اجتمعت الحكومة الجديدة في طرابلس اليوم"},
        ])
        assert [h.id for h in engine.search("الحكومة")] == ["as-written", "other-form"]


def test_a_query_of_stop_words_only_searches_them(tmp_path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "to", "text": "سافر الوفد إلى طرابلس"}, {"id": "other", "text": "اجتماع في سرت"}])
        assert [h.id for h in engine.search("إلى")] == ["to"]  # the surface field holds no stop words
        assert [h.id for h in engine.search("إلى طرابلس")] == ["to"]
