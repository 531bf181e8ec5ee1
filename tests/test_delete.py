"""Removing documents: ``SearchEngine.delete``, ``arsearch delete`` and
``arsearch index --sync``.  A deleted document must be gone everywhere at
once, as if it had never been indexed."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher import DocumentNotFound, SearchEngine
from searcher.cli import main
from searcher.locations import sample_corpus_path
from tests.conftest import NAZOURI, SAMPLE_IDS

ROOT = Path(__file__).resolve().parent.parent
VICTIM = sorted(NAZOURI)[0]  # the one of the two articles on الناظوري that writes «عبد الرزاق»
NAME_QUERIES = ["عبدالرازق الناظوري", "عبد الرزاق الناظوري", "الناظوري"]


def sample_copy(folder: Path) -> Path:
    shutil.copytree(sample_corpus_path(), folder)
    return folder


def view(engine: SearchEngine, query: str) -> tuple:
    """What a user sees of a query, scores aside (Whoosh's term statistics
    keep a deleted document until its segment is merged)."""
    results = engine.search(query, limit=None, facets=["source", "year"])
    return ({h.id for h in results}, results.total, results.facets, results.did_you_mean,
            engine.explain(query))


@pytest.fixture()
def deleted_and_never_indexed(tmp_path: Path):
    """An index of the sample with VICTIM deleted, and one built without it."""
    with SearchEngine.create(tmp_path / "deleted") as engine:
        engine.index_paths([sample_corpus_path()])
    without = sample_copy(tmp_path / "without")
    (without / f"{VICTIM}.txt").unlink()
    with SearchEngine.create(tmp_path / "never") as engine:
        engine.index_paths([without])
    with SearchEngine.open(tmp_path / "deleted") as deleted, SearchEngine.open(tmp_path / "never") as never:
        yield deleted, never


def test_a_deleted_article_is_gone_as_if_never_indexed(deleted_and_never_indexed) -> None:
    deleted, never = deleted_and_never_indexed
    title_words = " ".join(deleted.document(VICTIM).body.split()[:4])  # a .txt file's heading opens its body
    before = {q: view(deleted, q) for q in NAME_QUERIES}
    assert VICTIM in {h.id for h in deleted.search(title_words, limit=None)}

    result = deleted.delete([VICTIM])

    assert result.removed == 1 and result.missing == []
    assert deleted.stats().documents == len(SAMPLE_IDS) - 1
    assert VICTIM not in {h.id for h in deleted.search(title_words, limit=None)}
    with pytest.raises(DocumentNotFound):
        deleted.document(VICTIM)
    for query in NAME_QUERIES:
        assert view(deleted, query) == view(never, query), query
    # the test means something: the victim's own spelling of the name was offered before and is gone now
    spellings = {q: {s.text for e in before[q][4] for s in e.spellings} for q in NAME_QUERIES}
    after = {q: {s.text for e in deleted.explain(q) for s in e.spellings} for q in NAME_QUERIES}
    assert any(after[q] < spellings[q] for q in NAME_QUERIES)


def test_a_word_only_a_deleted_article_held_is_no_longer_suggested(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "keep", "text": "الحكومة الليبية في طرابلس"},
                    {"id": "gone", "text": "مهرجان الزيتون في غريان"}])
        assert engine.search("غرياز").did_you_mean == "غريان"
        engine.delete(["gone"])
        results = engine.search("غرياز")
        assert results.total == 0 and results.did_you_mean is None and results.suggestions == []


def test_deleting_reports_the_ids_it_did_not_find_and_writes_nothing_for_them(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "a", "text": "ليبيا"}, {"id": "b", "text": "سرت"}])
        generation = engine.store.ix.latest_generation()
        result = engine.delete(["x", "y"])
        assert (result.removed, result.missing) == (0, ["x", "y"])
        assert engine.store.ix.latest_generation() == generation  # no commit
        result = engine.delete(["a", "a", "z"])
        assert (result.removed, result.missing) == (1, ["z"])
        assert [h.id for h in engine.search("ليبيا سرت")] == ["b"]


def test_a_deleted_id_indexed_again_comes_back(tmp_path: Path) -> None:
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "a", "text": "ليبيا"}, {"id": "b", "text": "سرت"}])
        engine.delete(["a"])
        report = engine.add([{"id": "a", "text": "ليبيا"}])
        assert (report.added, report.unchanged) == (1, 0)
        assert [h.id for h in engine.search("ليبيا")] == ["a"] and engine.stats().documents == 2


def test_readers_beside_a_delete_see_the_document_until_the_commit_and_never_after(tmp_path: Path) -> None:
    docs = [{"id": f"d{i}", "text": f"خبر عن ليبيا رقم {i}"} for i in range(300)]
    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add(docs)
        errors: list[BaseException] = []
        deleted = threading.Event()
        stale_after_commit = []

        def read() -> None:
            try:
                while not deleted.is_set():
                    total = engine.search("ليبيا", limit=1, snippets=False).total
                    assert total in (300, 150), total  # never a torn state
                for _ in range(5):
                    stale_after_commit.append(engine.search("ليبيا", limit=1, snippets=False).total != 150)
            except BaseException as err:  # noqa: BLE001 - reported below
                errors.append(err)

        readers = [threading.Thread(target=read) for _ in range(2)]
        for reader in readers:
            reader.start()
        result = engine.delete(f"d{i}" for i in range(0, 300, 2))
        deleted.set()
        for reader in readers:
            reader.join()
    assert result.removed == 150 and errors == [] and not any(stale_after_commit)


# -- the command line ------------------------------------------------------------


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_cli_delete_removes_documents_and_says_which_were_missing(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    assert invoke("index", str(sample_corpus_path()), "--index", str(index)).exit_code == 0
    result = invoke("delete", VICTIM, "no-such-article", "--index", str(index))
    assert result.exit_code == 1
    assert "1 removed, 1 not in the index" in result.stdout and "not in the index: no-such-article" in result.stderr
    shown = invoke("show", VICTIM, "--index", str(index))
    assert shown.exit_code != 0 and VICTIM in shown.stderr
    stats = invoke("stats", "--index", str(index))
    assert f"documents: {len(SAMPLE_IDS) - 1}" in stats.stdout
    others = [doc_id for doc_id in SAMPLE_IDS if doc_id != VICTIM][:2]
    result = invoke("delete", "--ids-from", "-", "--index", str(index), input="\n".join(others) + "\n\n")
    assert result.exit_code == 0 and "2 removed, 0 not in the index" in result.stdout


def test_cli_delete_without_ids_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("delete", "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2 and "--ids-from" in result.stderr


def test_index_sync_removes_the_document_of_a_deleted_file_and_nothing_else(tmp_path: Path) -> None:
    folder, index = sample_copy(tmp_path / "articles"), tmp_path / "ix"
    assert invoke("index", str(folder), "--index", str(index)).exit_code == 0
    (folder / f"{VICTIM}.txt").unlink()
    plain = invoke("index", str(folder), "--index", str(index))  # without --sync the index only grows
    assert plain.exit_code == 0 and "removed" not in plain.stdout

    dry = invoke("index", str(folder), "--index", str(index), "--sync", "--dry-run")
    kept = len(SAMPLE_IDS) - 1
    assert dry.exit_code == 0 and f"would be 0 added, 0 updated, 1 removed, {kept} unchanged" in dry.stdout
    with SearchEngine.open(index) as engine:
        assert engine.stats().documents == len(SAMPLE_IDS)

    synced = invoke("index", str(folder), "--index", str(index), "--sync")
    assert synced.exit_code == 0 and f"0 added, 0 updated, 1 removed, {len(SAMPLE_IDS) - 1} unchanged" in synced.stdout
    with SearchEngine.open(index) as engine:
        assert engine.stats().documents == len(SAMPLE_IDS) - 1
        assert {h.id for h in engine.search("الناظوري", limit=None)} == NAZOURI - {VICTIM}
        for doc_id in set(SAMPLE_IDS) - {VICTIM}:
            assert engine.document(doc_id).id == doc_id


def test_index_sync_removes_nothing_when_an_input_was_skipped(tmp_path: Path) -> None:
    folder, index = sample_copy(tmp_path / "articles"), tmp_path / "ix"
    assert invoke("index", str(folder), "--index", str(index)).exit_code == 0
    (folder / f"{VICTIM}.txt").unlink()
    (folder / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    result = invoke("index", str(folder), "--index", str(index), "--sync")
    assert result.exit_code == 4 and "broken.jsonl" in result.stderr
    assert "1 documents that INPUTS lack were not removed" in result.stderr
    with SearchEngine.open(index) as engine:
        assert engine.stats().documents == len(SAMPLE_IDS)


def test_index_sync_and_rebuild_do_not_go_together(tmp_path: Path) -> None:
    result = invoke("index", str(sample_corpus_path()), "--index", str(tmp_path / "ix"), "--rebuild", "--sync")
    assert result.exit_code == 2 and "--rebuild" in result.stderr


def test_a_delete_killed_midway_leaves_the_last_commit(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    count = 4000
    with SearchEngine.create(index) as engine:
        engine.add({"id": f"n{i}", "text": f"خبر رقم {i} عن ليبيا"} for i in range(count))
    command = [sys.executable, "-m", "searcher", "delete", "--ids-from", "-", "--index", str(index)]
    proc = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write("".join(f"n{i}\n" for i in range(count - 1)))  # all but one; the list is not finished
    proc.stdin.flush()
    progress, started = "", time.monotonic()
    while "Deleting" not in progress and time.monotonic() - started < 60:
        progress += proc.stderr.read(1)  # the progress line: the index is open and ids are being deleted
    time.sleep(1.0)  # it deletes what it was given, then waits for the rest of the list
    assert proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with SearchEngine.open(index) as engine:
        assert engine.stats().documents == count
        assert engine.search("ليبيا", limit=1).total == count
    rerun = subprocess.run(command, cwd=ROOT, input="n0\nn1\n", capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with SearchEngine.open(index) as engine:
        assert engine.stats().documents == count - 2


def test_the_api_answers_404_for_a_deleted_document_and_leaves_it_out(deleted_and_never_indexed) -> None:
    from starlette.testclient import TestClient

    from searcher.server import create_app

    deleted, _never = deleted_and_never_indexed
    with TestClient(create_app(deleted)) as client:
        assert client.get(f"/api/docs/{VICTIM}").status_code == 200
        deleted.delete([VICTIM])  # another process's commit is seen the same way
        assert client.get(f"/api/docs/{VICTIM}").status_code == 404
        found = client.get("/api/search", params={"q": "الناظوري"}).json()
    assert found["total"] == 1 and VICTIM not in {h["id"] for h in found["hits"]}
