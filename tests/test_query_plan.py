"""The query layer on small made-up corpora: variants, compounds, notation,
aliases, exact mode, explain, and how short and long queries match."""

from pathlib import Path

import pytest

from searcher import SearchEngine
from tests.conftest import corpus_engine

DOCS = [
    ("trump-a", "قال الرئيس ترامب إن الاتفاق جيد"),
    ("trump-b", "انتقد ترمب الاتفاق مرة أخرى"),
    ("google-a", "أعلنت جوجل عن هاتف جديد"),
    ("google-b", "أطلقت غوغل خدمة جديدة"),
    ("google-c", "محرك البحث قوقل يتصدر"),
    ("noise-kaql", "كاقل كلمة لا علاقة لها"),
    ("book", "قرأت كتاب التاريخ"),
    ("writer", "التقى الكاتب بالقراء"),
    ("abdallah-joined", "وصل عبدالله إلى المدينة"),
    ("abdallah-apart", "وصل عبد الله إلى المدينة"),
    ("fb-joined", "نشر على فيسبوك صورة"),
    ("fb-apart", "نشر على فيس بوك صورة"),
    ("abudhabi-joined", "في أبوظبي اليوم"),
    ("abudhabi-apart", "في أبو ظبي اليوم"),
    ("plus-glued", "اجتماع لجنة 5+5 العسكرية"),
    ("plus-spaced", "اجتماع لجنة 5 + 5 العسكرية"),
    ("plus-word", "اجتماع لجنة 5 زائد 5 العسكرية"),
    ("five-only", "مرت 5 أيام على الاجتماع"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    with corpus_engine(tmp_path_factory.mktemp("plan") / "ix", DOCS) as engine:
        yield engine


def ids(engine: SearchEngine, query: str, **kw) -> list[str]:
    return [h.id for h in engine.search(query, limit=None, **kw)]


def test_a_long_vowel_variant_is_found_and_ranked_below_the_exact_spelling(engine) -> None:
    assert ids(engine, "ترامب") == ["trump-a", "trump-b"]
    assert ids(engine, "ترمب") == ["trump-b", "trump-a"]


def test_loanword_consonants_are_bridged_but_not_unrelated_words(engine) -> None:
    found = ids(engine, "جوجل")
    assert found[0] == "google-a" and set(found) == {"google-a", "google-b", "google-c"}


def test_native_words_with_one_root_are_not_variants(engine) -> None:
    assert ids(engine, "كتاب") == ["book"]
    assert ids(engine, "الكاتب") == ["writer"]


@pytest.mark.parametrize(
    ("queries", "expected"),
    [
        (["عبدالله", "عبد الله"], {"abdallah-joined", "abdallah-apart"}),
        (["فيسبوك", "فيس بوك"], {"fb-joined", "fb-apart"}),
        (["أبوظبي", "أبو ظبي", "ابو ظبي"], {"abudhabi-joined", "abudhabi-apart"}),
    ],
)
def test_compounds_written_joined_or_apart_meet(engine, queries: list[str], expected: set[str]) -> None:
    for query in queries:
        assert set(ids(engine, query)) == expected, query


@pytest.mark.parametrize("query", ["5+5", "5 + 5", "5 زائد 5", "٥+٥", "«5+5»"])
def test_number_notations_meet(engine, query: str) -> None:
    assert set(ids(engine, query)) == {"plus-glued", "plus-spaced", "plus-word"}


def test_exact_turns_expansion_off(engine) -> None:
    assert ids(engine, "ترامب", exact=True) == ["trump-a"]
    assert ids(engine, "عبدالله", exact=True) == ["abdallah-joined"]


def test_explain_lists_each_spelling_with_its_document_count(engine) -> None:
    [unit] = engine.explain("جوجل")
    assert unit.words == "جوجل"
    counts = {s.text: (s.kind, s.documents) for s in unit.spellings}
    assert counts == {"جوجل": ("written form", 1), "غوغل": ("variant", 1), "قوقل": ("variant", 1)}
    [compound] = engine.explain("عبد الله")
    assert {(s.text, s.kind, s.documents) for s in compound.spellings} >= {
        ("عبد الله", "written form", 1), ("عبدالله", "joined", 1)}


def test_explain_lists_only_spellings_the_index_holds_and_labels_stems(engine) -> None:
    [unit] = engine.explain("الكاتب")
    assert {(s.text, s.kind) for s in unit.spellings} == {("الكاتب", "written form"), ("كاتب", "stem")}
    for unit in engine.explain("عبدالله أبوظبي"):
        assert unit.spellings and all(s.documents > 0 for s in unit.spellings)


def test_highlights_mark_every_spelling_that_matched(engine) -> None:
    for hit in engine.search("فيس بوك", limit=None):
        words = {s.text[a:b] for s in hit.snippets for a, b in s.highlights}
        assert words == ({"فيسبوك"} if hit.id == "fb-joined" else {"فيس", "بوك"})


def test_short_queries_need_every_word_long_ones_any(engine) -> None:
    assert ids(engine, "اجتماع العسكرية") == ids(engine, "اجتماع AND العسكرية")
    assert set(ids(engine, "اجتماع الرئيس جوجل كتاب")) >= {"plus-glued", "trump-a", "google-a", "book"}


def test_a_short_query_with_no_full_match_falls_back_to_any_word(engine) -> None:
    results = engine.search("ترامب كتاب")
    assert results.relaxed and {h.id for h in results} >= {"trump-a", "book"}
    assert not engine.search("ترامب الاتفاق").relaxed


def test_aliases_file_adds_spellings(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("# test\nداعش | الدولة الإسلامية\n", encoding="utf-8")
    with SearchEngine.create(tmp_path / "ix", aliases=aliases) as engine:
        engine.add([{"id": "a", "text": "هجوم لتنظيم داعش"}, {"id": "b", "text": "مقاتلو الدولة الإسلامية"}])
        assert set(ids(engine, "داعش")) == {"a", "b"}
        assert set(ids(engine, "الدولة الإسلامية")) == {"a", "b"}
        assert ids(engine, "داعش", exact=True) == ["a"]


def test_a_word_with_a_glued_preposition_is_not_a_name_variant(tmp_path: Path) -> None:
    docs = [{"id": "pentagon", "text": "قال متحدث باسم البنتاجون"}]
    docs += [{"id": f"results-{i}", "text": f"أعلنت النتائج {i} اليوم"} for i in range(12)]
    docs += [{"id": "with-results", "text": "جاءت بنتائج جيدة"}]
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        assert ids(engine, "البنتاجون") == ["pentagon"]


def test_a_rare_spelling_borrows_the_variants_of_the_common_one(tmp_path: Path) -> None:
    docs = [{"id": "rare", "text": "مدينة لوس أنجيلوس"}]
    docs += [{"id": f"common-{i}", "text": "مدينة لوس أنجلوس"} for i in range(8)]
    docs += [{"id": f"other-{i}", "text": "مدينة لوس أنجليس"} for i in range(6)]
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        found = ids(engine, "لوس أنجيلوس")
        assert found[0] == "rare" and len(found) == 15


def test_a_questions_word_pairs_keep_the_distance_of_a_dropped_stop_word(engine) -> None:
    """A question ranks documents holding its content words next to each
    other; a stop word between two of them keeps its place, so the pair may
    stand that far apart (قرأت كتاب التاريخ for «كتاب في التاريخ»)."""
    _, plan = engine.plan("ما هو كتاب في التاريخ الذي قرأه الكاتب؟")
    assert plan is not None and not plan.require_all
    forms = engine.analysis.forms
    book, history, read, writer = (forms(w).stem for w in ("كتاب", "التاريخ", "قرأه", "الكاتب"))
    assert plan.pairs == [(book, history, 2), (history, read, 2), (read, writer, 1)]


def test_a_particle_glued_to_a_common_word_is_no_spelling_of_a_name(tmp_path: Path) -> None:
    """بصورة ("in a manner": ب + صورة) is written too often for the glued
    table to take it apart, but صورة is a common word written as often:
    it is no spelling of البصرة, though the two differ by one long vowel."""
    docs = [{"id": "basra", "text": "وصل الوفد إلى البصرة"}]
    docs += [{"id": f"manner-{i}", "text": f"تحسن الوضع بصورة كبيرة {i}"} for i in range(8)]
    docs += [{"id": f"picture-{i}", "text": f"نشر صورة الفريق {i}"} for i in range(10)]
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        assert ids(engine, "البصرة") == ["basra"]
