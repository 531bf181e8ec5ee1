from __future__ import annotations

import os
import socket
import subprocess
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


# -- a real SolrCloud cluster (cluster/local), for the cluster backend's tests --------

CLUSTER_SCRIPT = Path(__file__).resolve().parent.parent / "cluster" / "local"


class LocalCluster:
    """The cluster that cluster/local started for this test session: two
    nodes, a collection per test module (created with arsearch's configset)."""

    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url  # solr://host:port,host:port/arsearch
        self.env = env

    def location(self, collection: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + collection

    def collection(self, name: str) -> str:
        """A new, empty collection *name* (2 shards, a copy on each node): its URL."""
        from index.solr import create_collection

        return str(create_collection(self.location(name)))

    def run(self, *args: str) -> str:
        done = subprocess.run([str(CLUSTER_SCRIPT), *args], env=self.env, capture_output=True, text=True,
                              timeout=900, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()


def _free_ports(first: int) -> int:
    """A first port from which first, first+1 (the nodes) and first+100 (control) are free."""
    for base in range(first, first + 2000, 7):
        try:
            for port in (base, base + 1, base + 100):
                with socket.create_server(("127.0.0.1", port)):
                    pass
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports for the test cluster")


@pytest.fixture(scope="session")
def solr_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """Starts cluster/local (Java and Maven; the first run downloads Solr
    into ~/.m2) for the session, and stops it at the end."""
    state = tmp_path_factory.mktemp("cluster-state")
    env = {**os.environ, "ARSEARCH_CLUSTER_STATE": str(state), "ARSEARCH_CLUSTER_HEAP": "1g"}
    cluster = LocalCluster("", env)
    cluster.url = cluster.run("up", "--port", str(_free_ports(18983))).splitlines()[-1]
    try:
        yield cluster
    finally:
        cluster.run("down")
