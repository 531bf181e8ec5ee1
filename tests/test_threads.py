"""One SearchEngine shared by real threads: searching, documents, explanations
and a writer beside readers (what a web app's thread pool does)."""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from pathlib import Path

import pytest

from searcher import SearchEngine
from searcher.locations import sample_corpus_path

THREADS = 4
ROUNDS = 3


def synthetic_documents(count: int, seed: int = 7) -> list[dict[str, str]]:
    """Documents made of the sample articles' words in random order: enough
    postings that Whoosh reads them in many blocks, as a real archive does."""
    words = [w for path in sorted(sample_corpus_path().glob("*.txt"))
             for w in re.findall(r"[\u0621-\u064a]{2,}", path.read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    return [{"id": f"doc-{n:05d}", "title": " ".join(rng.choices(words, k=6)),
             "text": " ".join(rng.choices(words, k=120))} for n in range(count)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("threads") / "index"
    documents = synthetic_documents(3000)
    with SearchEngine.create(path) as engine:
        engine.add(documents)
    counts = Counter(w for d in documents[:200] for w in d["text"].split())
    queries = [w for w, _ in counts.most_common(60)[20:40]]  # frequent words, not the most frequent
    queries += [f"{a} {b}" for a, b in zip(queries[::2], queries[1::2])]
    return path, queries


def run_threads(target, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def guarded() -> None:
        try:
            start.wait()
            target()
        except BaseException as err:  # noqa: BLE001 - every failure is the test's business
            errors.append(err)

    threads = [threading.Thread(target=guarded) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def answer(engine: SearchEngine, query: str) -> list[tuple[str, float]]:
    return [(hit.id, round(hit.score, 6)) for hit in engine.search(query, limit=20)]


def test_threads_sharing_one_engine_get_what_one_thread_gets(corpus: tuple[Path, list[str]]) -> None:
    path, queries = corpus
    with SearchEngine.open(path) as alone:
        expected = {q: answer(alone, q) for q in queries}
        found = [q for q in queries if expected[q]][:5]
        assert len(found) == 5, "the queries find documents"
        expected_docs = {q: alone.document(expected[q][0][0], query=q).body_highlights for q in found}
    with SearchEngine.open(path) as shared:
        differences: list[str] = []

        def work() -> None:
            for _ in range(ROUNDS):
                for q in queries:
                    if answer(shared, q) != expected[q]:
                        differences.append(q)
                for q in found:
                    if shared.document(expected[q][0][0], query=q).body_highlights != expected_docs[q]:
                        differences.append("document " + q)
                    shared.explain(q)
                shared.stats()

        errors = run_threads(work, THREADS)
    assert not errors, f"{len(errors)} errors, the first: {errors[0]!r}"
    assert not differences, f"{len(differences)} result lists differ from one thread's, e.g. {differences[:3]}"


def test_a_writer_beside_readers(corpus: tuple[Path, list[str]], tmp_path: Path) -> None:
    path = tmp_path / "index"
    base = synthetic_documents(1500, seed=11)
    extra = synthetic_documents(600, seed=12)
    for n, doc in enumerate(extra):
        doc["id"] = f"new-{n:05d}"
    with SearchEngine.create(path) as engine:
        engine.add(base)
    _, queries = corpus
    with SearchEngine.open(path) as shared:
        done = threading.Event()
        totals: list[int] = []

        def read() -> None:
            while not done.is_set():
                for q in queries[:10]:
                    totals.append(shared.search(q, limit=5).total)

        def write() -> None:
            try:
                for start in range(0, len(extra), 200):
                    shared.add(extra[start:start + 200])
            finally:
                done.set()

        errors: list[BaseException] = []
        readers = [threading.Thread(target=lambda: errors.extend(run_threads(read, 1))) for _ in range(2)]
        for thread in readers:
            thread.start()
        errors += run_threads(write, 1)
        for thread in readers:
            thread.join(timeout=300)
        assert not errors, f"{len(errors)} errors, the first: {errors[0]!r}"
        assert totals, "the readers ran"
        assert shared.stats().documents == len(base) + len(extra)
        assert shared.search("doc OR new", limit=1).total >= 0  # still answers after the writes
