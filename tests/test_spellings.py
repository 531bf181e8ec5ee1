"""However a word is written: glued particles, names as written, the spellings
of a name as one closed set.  End to end, on small made-up corpora and on the
sample articles."""

from pathlib import Path

import pytest

from searcher import SearchEngine
from tests.conftest import NAZOURI, SAMPLE_IDS, corpus_engine, sample_text

DOCS = [
    ("russia-bare", "زار الوفد روسيا أمس"),
    ("russia-and", "العلاقات بين مصر وروسيا"),
    ("russia-in", "اتفاق وقع بروسيا أمس"),
    ("russia-for", "رسالة لروسيا من الصين"),
    ("minister", "قال وزير الخارجية إن"),
    ("minister-2", "التقى الوزير بالرئيس"),
    ("jar", "امتلأ زير الماء"),
    ("isis-syria", "هجمات داعش في العراق وسوريا"),
    ("isis-iraq", "هجمات داعش في العراق"),
    ("qaeda-syria", "القاعدة في سوريا"),
    ("baghdadi", "أعلن البغدادي زعيم التنظيم"),
    ("baghdad", "انفجار في بغداد اليوم"),
    ("platini", "استقال بلاتيني من منصبه"),
    ("platinum", "ارتفع سعر البلاتين اليوم"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    with corpus_engine(tmp_path_factory.mktemp("spellings") / "ix", DOCS) as engine:
        yield engine


def ids(engine: SearchEngine, query: str, **kw) -> set[str]:
    return {h.id for h in engine.search(query, limit=None, **kw)}


def test_a_bare_name_finds_it_with_any_particle_glued_on(engine: SearchEngine) -> None:
    assert ids(engine, "روسيا") == {"russia-bare", "russia-and", "russia-in", "russia-for"}


def test_a_glued_query_word_finds_the_bare_word_too(engine: SearchEngine) -> None:
    assert ids(engine, "وروسيا") == ids(engine, "روسيا")


def test_a_word_that_starts_with_a_particle_letter_is_not_split(engine: SearchEngine) -> None:
    assert ids(engine, "زير") == {"jar"}
    assert ids(engine, "وزير") == {"minister", "minister-2"}


def test_exact_keeps_the_written_form(engine: SearchEngine) -> None:
    assert ids(engine, "وروسيا", exact=True) == {"russia-and"}
    assert ids(engine, "روسيا", exact=True) == {"russia-bare"}


def test_excluding_a_word_excludes_its_glued_forms(engine: SearchEngine) -> None:
    assert ids(engine, "(داعش OR القاعدة) NOT سوريا") == {"isis-iraq"}
    assert ids(engine, "داعش -سوريا") == {"isis-iraq"}


def test_a_name_is_searched_as_written_not_by_its_stem(engine: SearchEngine) -> None:
    assert ids(engine, "البغدادي") == {"baghdadi"}
    assert ids(engine, "بلاتيني") == {"platini"}
    assert ids(engine, "بغداد") == {"baghdad"}


def test_the_word_as_typed_ranks_above_its_glued_forms(tmp_path: Path) -> None:
    """A glued form is rarer: scored as a term of its own it would outrank the
    bare word; it is scored as one term with it, and the written form ranks."""
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "glued", "text": "قال وروسيا اليوم"}, {"id": "bare", "text": "قال روسيا اليوم"},
                    {"id": "bare-2", "text": "زار روسيا الوفد"}, {"id": "other", "text": "زار الوفد الصين"}])
        assert [h.id for h in engine.search("روسيا", limit=None)][-1] == "glued"


@pytest.mark.parametrize("query", ["عبد الرزاق", "عبدالرازق", "عبد الرازق", "عبدالرزاق"])
def test_every_spelling_of_the_seed_name_finds_the_same_articles(sample_engine: SearchEngine, query: str) -> None:
    assert ids(sample_engine, query) == NAZOURI


def test_show_marks_every_spelling_of_the_name(sample_engine: SearchEngine) -> None:
    doc_id = "000_67798e88708441ce"
    text = sample_text(doc_id)
    assert "عبد الرزاق" in text and "عبدالرازق" in text
    shown = sample_engine.document(doc_id, query="عبدالرازق الناظوري")
    marked = {shown.body[a:b] for a, b in shown.body_highlights}
    assert {"عبد", "الرزاق", "عبدالرازق"} <= marked


def test_explain_shows_the_closed_set_whichever_spelling_is_typed(sample_engine: SearchEngine) -> None:
    def spellings(query: str) -> set[str]:
        [unit] = sample_engine.explain(query)
        return {s.text for s in unit.spellings if s.kind not in ("written form", "stem")}

    found = [spellings(q) | {s.text for s in sample_engine.explain(q)[0].spellings} for q in ("عبد الرزاق", "عبدالرازق")]
    assert found[0] == found[1] == {"عبد رزاق", "عبدالرازق"}
    assert all(s.documents for unit in sample_engine.explain("عبد الرازق") for s in unit.spellings)


def test_the_sample_names_all_meet(sample_engine: SearchEngine) -> None:
    with_sarraj = {i for i in SAMPLE_IDS if "السراج" in sample_text(i)}
    assert ids(sample_engine, "فائز السراج") == ids(sample_engine, "فايز السراج") <= with_sarraj


def test_a_name_of_three_words_counts_the_articles_with_every_word_and_ranks_the_name_first(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([
            {"id": "scattered", "text": "قال محمد إن الأمير سعود بن سلمان وصل محمد محمد"},
            {"id": "the-name", "text": "استقبل الأمير محمد بن سلمان الوفد في الرياض صباح اليوم"},
            {"id": "one-word", "text": "محمد وصل"},
            {"id": "other", "text": "الملك سلمان"},
        ])
        results = engine.search("محمد بن سلمان", limit=None)
        assert results.total == 2 and not results.relaxed
        assert [h.id for h in results] == ["the-name", "scattered"]


def test_with_no_article_holding_every_word_more_of_the_words_rank_first(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([
            {"id": "one-word-often", "text": "ترامب ترامب ترامب"},
            {"id": "two-words", "text": "التقى ترامب " + "في يوم طويل من أيام الصيف الحار " * 6 + "مع الرئيس بوتين"},
            {"id": "nothing", "text": "خبر عن الطقس"},
        ])
        results = engine.search("ترامب بوتين ميركل", limit=None)
        assert results.relaxed
        assert [h.id for h in results] == ["two-words", "one-word-often"]


def test_a_phrase_is_highlighted_only_where_its_words_stand_together(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "a", "text": "التقى عبد الرزاق مع عبد العزيز في الرياض"},
                    {"id": "b", "text": "وصل عبدالرزاق اليوم"}])
        [hit] = [h for h in engine.search("عبد الرزاق", limit=None) if h.id == "a"]
        [snippet] = hit.snippets
        assert [snippet.text[a:b] for a, b in snippet.highlights] == ["عبد", "الرزاق"]
