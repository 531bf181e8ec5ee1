from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from searcher import SearchEngine
from searcher.locations import sample_corpus_path

SAMPLE_IDS = sorted(p.stem for p in sample_corpus_path().glob("*.txt"))
NAZOURI = {"000_67798e88708441ce", "002_f4f72c1c3536b354"}
SARRAJ = {"001_62c3d79b17eddb03", "004_076ab796e3cc5081"}
REPORT_SOURCES = ("okaz", "sabq", "alriyadh")
REPORTS = [  # made-up reports (id, source, date): every source in every month of 2015-01..04
    (f"a{i:02d}", REPORT_SOURCES[i % 3], f"2015-{i % 4 + 1:02d}-{i + 1:02d}") for i in range(24)
]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's data directory or inherits their settings."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("ARSEARCH_INDEX", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled sample articles, built once."""
    path = tmp_path_factory.mktemp("sample") / "index"
    with SearchEngine.create(path) as engine:
        engine.index_paths([sample_corpus_path()])
    return path


@pytest.fixture()
def sample_engine(sample_index: Path):
    with SearchEngine.open(sample_index) as engine:
        yield engine


@contextmanager
def corpus_engine(path: Path, docs: list[tuple[str, str]]) -> Iterator[SearchEngine]:
    """An engine over made-up documents, given as (id, text)."""
    with SearchEngine.create(path) as engine:
        engine.add([{"id": doc_id, "text": text} for doc_id, text in docs])
        yield engine


def sample_text(doc_id: str) -> str:
    return (sample_corpus_path() / f"{doc_id}.txt").read_text(encoding="utf-8")
