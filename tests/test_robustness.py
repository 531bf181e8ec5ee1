"""Bad input and faults: clear errors, nothing lost, the index always usable."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers import analyze, light_stem, normalize
from analyzers.tokenizer import is_notation
from index import Document, IndexBusy, IndexDamaged, IndexStore, Notice, NotAnIndex, Problem, read_paths
from searcher import QueryError, SearchEngine
from searcher.output import render_text
from tests.conftest import NAZOURI

ROOT = Path(__file__).resolve().parent.parent

# -- input files -------------------------------------------------------------


def items(*paths: Path, **kw) -> list:
    return list(read_paths(paths, **kw))


def test_windows_1256_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("خبر عن ليبيا".encode("cp1256"))
    [notice, doc] = items(path)
    assert isinstance(notice, Notice) and "Windows-1256" in notice.message
    assert isinstance(doc, Document) and doc.body == "خبر عن ليبيا"


def test_binary_too_large_and_broken_link_are_skipped_by_name(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "big.txt").write_text("نص " * 1000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("نص", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    found = items(tmp_path, max_bytes=1000)
    assert [d.id for d in found if isinstance(d, Document)] == ["ok"]
    reasons = {Path(p.path).name: p.reason for p in found if isinstance(p, Problem)}
    assert reasons.keys() == {"image.txt", "big.txt", "link.txt"}
    assert "binary" in reasons["image.txt"] and "too large" in reasons["big.txt"]
    assert reasons["link.txt"] == "broken symbolic link"


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("نص", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    [problem] = items(path)
    assert problem.path == str(path) and "Permission denied" in problem.reason


# -- queries -------------------------------------------------------------------

ODD_QUERIES = [
    '"الناظوري', "(الناظوري", "الناظوري)", '"عبد الرزاق', "AND", "OR", "NOT", "-", "+", "*", "AND OR NOT",
    "؟!،.«»", "ًٌٍَُِّ", "ـــــ", "في من على", "\x00\x07\x1b[31m", "الناظوري\u200f COVID-19 test",
    "\u202bالناظوري\u202c", "title:", ":", "الناظو*", "**", "a" * 5000, " ".join(["ليبيا"] * 300),
    "ليبيا " * 200, "\ufeff", "5 + + 5", "((((سرت))))", '""', "^2", "سرت^", "[a TO", "{", "~",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_give_results_or_a_one_line_error(sample_engine: SearchEngine, query: str) -> None:
    started = time.monotonic()
    try:
        sample_engine.search(query, limit=5)
    except QueryError as err:
        assert "\n" not in str(err) and str(err)
    assert time.monotonic() - started < 30


def test_a_very_long_query_is_refused_clearly(sample_engine: SearchEngine) -> None:
    with pytest.raises(QueryError, match="too long"):
        sample_engine.search("ليبيا " * 1000)


def test_marks_and_mixed_scripts_do_not_hide_words(sample_engine: SearchEngine) -> None:
    assert {h.id for h in sample_engine.search("\u200fالناظوري\u200e", limit=None)} == NAZOURI
    # 000 writes "twitter" in Latin letters; 002 writes تويتر, the Latin name read in Arabic: as typed ranks first
    assert [h.id for h in sample_engine.search("الـنـاظـوري twitter", limit=None)] == [
        "000_67798e88708441ce", "002_f4f72c1c3536b354"]


# -- properties ----------------------------------------------------------------

ARABIC_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
        st.sampled_from(list(" \n\t.,+-5٥«»#\u200c\u200f")),
        st.characters(),
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT)
def test_analysis_never_raises_and_spans_stay_in_the_text(text: str) -> None:
    for token in analyze(text):
        assert 0 <= token.start < token.end <= len(text)
        assert text[token.start : token.end] == token.text
        assert token.token


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT)
def test_analysis_is_idempotent_on_its_own_terms(text: str) -> None:
    for token in analyze(text):
        if not is_notation(token.token):
            assert [t.token for t in analyze(token.token)] == [token.token]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_normalize_and_stem_are_idempotent(word: str) -> None:
    assert normalize(normalize(word)) == normalize(word)
    stem = light_stem(normalize(word))
    assert light_stem(stem) == stem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_query_searches_or_gives_a_clean_error(sample_engine: SearchEngine, query: str) -> None:
    try:
        sample_engine.search(query, limit=3)
    except QueryError as err:
        assert "\n" not in str(err)


# -- the index -----------------------------------------------------------------


def test_a_damaged_index_is_reported(tmp_path: Path) -> None:
    store = IndexStore.create(tmp_path / "ix")
    store.add([Document("a", "ليبيا")])
    for toc in (tmp_path / "ix").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(NotAnIndex, match="damaged"):
        IndexStore.open(tmp_path / "ix")


def test_a_missing_segment_is_reported_as_damage(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "a", "text": "ليبيا"}])
    for segment in (tmp_path / "ix").glob("*.seg"):
        segment.unlink()
    with pytest.raises(IndexDamaged, match="--rebuild"):
        SearchEngine.open(tmp_path / "ix")


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.store

    monkeypatch.setattr(index.store, "WRITE_LOCK_TIMEOUT", 0.2)
    store = IndexStore.create(tmp_path / "ix")
    store.add([Document("a", "ليبيا")])
    writer = store.ix.writer()
    try:
        with pytest.raises(IndexBusy, match="another process is writing"):
            IndexStore.open(tmp_path / "ix").add([Document("b", "سرت")])
        with SearchEngine.open(tmp_path / "ix") as engine:  # readers keep working
            assert [h.id for h in engine.search("ليبيا")] == ["a"]
    finally:
        writer.cancel()


def test_an_indexing_run_killed_midway_leaves_the_last_commit_searchable(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    with SearchEngine.create(index_dir) as engine:
        engine.index_paths([ROOT / "searcher" / "sample"])
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(20000):
            fh.write(f'{{"id": "n{i}", "text": "خبر رقم {i} عن ليبيا وسرت والحكومة الجديدة في طرابلس"}}\n')
    # two worker processes: a killed run's workers must not keep holding the write lock
    command = [sys.executable, "-m", "searcher", "index", str(big), "--index", str(index_dir), "--procs", "2"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)  # well into the run, long before its commit
    assert proc.poll() is None, "the run finished before it could be killed; make the input larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with SearchEngine.open(index_dir) as engine:
        assert engine.stats().documents == 5
        assert {h.id for h in engine.search("الناظوري", limit=None)} == NAZOURI
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with SearchEngine.open(index_dir) as engine:
        assert engine.stats().documents == 20005


# -- output --------------------------------------------------------------------


def test_terminal_output_strips_control_characters(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "evil", "title": "عنوان\x1b[2J", "text": "ليبيا \x1b]0;owned\x07 نص"}])
        text = render_text(engine.search("ليبيا"), color=False)
    assert "\x1b" not in text and "\x07" not in text and "[[ليبيا]]" in text
