"""Writing and updating an index."""

from pathlib import Path

import pytest

from analyzers import ANALYZER_VERSION
from index import Document, IndexNotFound, IndexOutdated, IndexStore, NotAnIndex, Problem
from index.store import META_FILE


def doc(doc_id: str, body: str, **kw) -> Document:
    return Document(id=doc_id, body=body, **kw)


def test_rerunning_unchanged_input_changes_nothing(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    first = store.add([doc("a", "ليبيا"), doc("b", "سرت")])
    generation = store.ix.latest_generation()
    second = store.add([doc("a", "ليبيا"), doc("b", "سرت")])
    assert (first.added, second.added, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert store.ix.latest_generation() == generation
    assert store.ix.doc_count() == 2


def test_same_id_replaces_the_document(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    store.add([doc("a", "ليبيا")])
    report = store.add([doc("a", "طرابلس")])
    assert (report.added, report.updated) == (0, 1)
    with store.ix.searcher() as s:
        assert s.doc_count() == 1
        assert s.document(id="a")["body"] == "طرابلس"


def test_duplicate_ids_in_one_run_keep_the_last(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    report = store.add([doc("a", "أول"), doc("b", "ثان"), doc("a", "آخر")])
    assert (report.added, report.duplicates) == (2, 1)
    with store.ix.searcher() as s:
        assert s.doc_count() == 2
        assert s.document(id="a")["body"] == "آخر"


def test_problems_are_counted_as_skipped(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    report = store.add([Problem("x.txt", "empty file"), doc("a", "نص")])
    assert report.skipped == 1 and report.added == 1
    assert "1 skipped" in report.summary()


def test_a_failed_run_leaves_the_committed_index(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    store.add([doc("a", "ليبيا")])

    def broken():
        yield doc("b", "سرت")
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError):
        store.add(broken())
    reopened = IndexStore.open(tmp_path / "ix")
    assert reopened.ix.doc_count() == 1
    assert reopened.add([doc("b", "سرت")]).added == 1  # the lock was released


def test_opening_checks_the_folder(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="arsearch index"):
        IndexStore.open(tmp_path / "nowhere")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    with pytest.raises(NotAnIndex):
        IndexStore.open(other)
    with pytest.raises(NotAnIndex):
        IndexStore.create(other)  # never overwrites someone else's files
    assert (other / "notes.txt").exists()


def test_an_index_from_another_version_is_reported(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    meta = store.path / META_FILE
    older = f'"analyzer_version": {ANALYZER_VERSION - 1}'
    meta.write_text(meta.read_text().replace(f'"analyzer_version": {ANALYZER_VERSION}', older))
    assert older in meta.read_text()
    with pytest.raises(IndexOutdated, match="--rebuild"):
        IndexStore.open(tmp_path / "ix")


def test_vocabulary_tables_are_rebuilt_after_each_commit_and_read_back(tmp_path: Path) -> None:
    from index.vocabulary import VOCABULARY_FILE, load_tables

    store = IndexStore.create(tmp_path / "ix")
    store.add([Document(id="a", body="زار الوفد روسيا ثم عاد من روسيا"), Document(id="b", body="بين مصر وروسيا")])
    generation = store.ix.latest_generation()
    tables = load_tables(store.path, generation)
    assert tables is not None and tables.carried("وروسيا") == "روسيا"
    assert tables.glued_by_stem("روس") == ["وروسيا"] and tables.glued_words("روسيا") == ["وروسيا"]
    store.add([Document(id="c", body="اتفاق بروسيا")])
    assert load_tables(store.path, generation) is None  # stale: made for the last commit only
    assert store.vocabulary_tables().carried("بروسيا") == "روسيا"
    (store.path / VOCABULARY_FILE).unlink()
    assert IndexStore.open(store.path).vocabulary_tables().carried("بروسيا") == "روسيا"  # rebuilt when missing


def test_vocabulary_tables_keep_the_short_vowels_the_lexicon_gives_the_written_words(tmp_path: Path) -> None:
    from index.vocabulary import VOCABULARY_FILE, read_tables

    store = IndexStore.create(tmp_path / "ix")
    store.add([Document(id="a", body="جاء الربيع وقال ربيع كلمته")])
    assert store.vocabulary_tables().vowelled_readings("ربيع") == ["رَبيع"]
    stored = read_tables(store.path / VOCABULARY_FILE)
    assert stored is not None and stored[0].vowelled_readings("ربيع") == ["رَبيع"]


def test_written_words_are_the_surface_words_of_the_generation_read(tmp_path: Path) -> None:
    from index.schema import SURFACE_FIELD

    store = IndexStore.create(tmp_path / "ix")
    store.add([Document(id="a", body="زار الوفد روسيا"), Document(id="b", body="بين مصر وروسيا Moscow")])
    with store.ix.reader() as reader:
        surface = [raw.decode("utf-8") for raw in reader.lexicon(SURFACE_FIELD)]
        words = store.written_words(reader)
        assert store.written_words(reader) is words  # built once per generation
        assert sorted(words.among(surface + ["روسي", "موسكو", "zzz", ""])) == sorted(surface)
        assert words.among(reversed(surface)) == list(reversed(surface))  # in the order asked
    store.add([Document(id="c", body="اتفاق بروسيا")])
    with store.ix.reader() as reader:
        assert store.written_words(reader).among(["بروسيا", "روسيا"]) == ["بروسيا", "روسيا"]


def test_sync_removes_what_the_inputs_lack_unless_they_had_problems_or_held_nothing() -> None:
    from index.store import IndexReport

    report = IndexReport()
    assert report.sync_removals(["a", "b"], {"c"}) == ["a", "b"] and (report.removed, report.withheld) == (2, 0)
    empty = IndexReport()
    assert empty.sync_removals(["a", "b"], set()) == [] and (empty.removed, empty.withheld) == (0, 2)
    assert "the inputs hold no documents" in empty.summary()
    skipped = IndexReport(problems=[Problem("bad.jsonl", "not JSON")])
    assert skipped.sync_removals(["a"], {"c"}) == [] and (skipped.removed, skipped.withheld) == (0, 1)
    assert "some inputs were skipped" in skipped.summary()
