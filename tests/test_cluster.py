"""The cluster backend on a real two-node SolrCloud cluster (cluster/local):
loading, searching as the local index does, a node stopped, failover and
errors.  (The archive's filters, sorts, facets, paging and did-you-mean run
on both backends in test_archive.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from whoosh import query as wq

import index.solr as solr
from index.solr import ClusterError, SolrLocation, SolrStore, create_collection
from searcher import SearchEngine
from searcher.cli import EXIT_INDEX, EXIT_OK, EXIT_USAGE, main
from searcher.cluster import ClusterEngine
from searcher.fastsearch import TermForms
from searcher.locations import sample_corpus_path
from searcher.server import create_app
from searcher.solrquery import solr_query

from conftest import NAZOURI, SAMPLE_IDS

QUERIES = ["عبد الرزاق الناظوري", "عبدالرازق الناظوري", "فائز السراج", "فايز السراج", "5+5", "5 + 5",
           "ليبيا", "المرتزقة والقوات الأجنبية", "حفتر -السراج", '"اللجنة العسكرية"', "الليبي*",
           "الناظوري البرتقال", "el Sarraj", "Sarraj Haftar"]  # (relaxed; Latin names beside their reading)


@pytest.fixture(scope="module")
def sample_collection(solr_cluster) -> str:
    url = solr_cluster.collection("sample")
    result = CliRunner().invoke(main, ["index", str(sample_corpus_path()), "--index", url], catch_exceptions=False)
    assert result.exit_code == EXIT_OK, result.output
    assert "5 added" in result.output
    return url


@pytest.fixture()
def cluster(sample_collection: str):
    with SearchEngine.open(sample_collection) as engine:
        yield engine


def test_an_engine_url_opens_the_cluster_backend(cluster) -> None:
    assert isinstance(cluster, ClusterEngine)
    assert cluster.stats().documents == len(SAMPLE_IDS)


def test_loading_again_changes_nothing_and_never_duplicates(sample_collection: str) -> None:
    result = CliRunner().invoke(main, ["index", str(sample_corpus_path()), "--index", sample_collection])
    assert result.exit_code == EXIT_OK and "0 added, 0 updated, 5 unchanged" in result.output
    assert SearchEngine.open(sample_collection).stats().documents == len(SAMPLE_IDS)


@pytest.mark.parametrize("name", ["عبد الرزاق الناظوري", "عبدالرازق الناظوري"])
def test_both_spellings_of_the_name_find_both_articles_with_the_name_marked(cluster, name: str) -> None:
    results = cluster.search(name)
    assert {hit.id for hit in results} == NAZOURI
    for hit in results:
        marked = {s.text[a:b] for s in hit.snippets for a, b in s.highlights}
        assert "الناظوري" in marked


@pytest.mark.parametrize("query", QUERIES)
def test_the_cluster_ranks_as_the_local_index(cluster, sample_engine: SearchEngine, query: str) -> None:
    local, remote = sample_engine.search(query), cluster.search(query)
    assert [h.id for h in remote] == [h.id for h in local]
    assert remote.total == local.total
    assert [s.highlights for h in remote for s in h.snippets] == [s.highlights for h in local for s in h.snippets]


def test_explain_lists_the_same_spellings_and_counts(cluster, sample_engine: SearchEngine) -> None:
    assert cluster.explain("عبدالرازق الناظوري") == sample_engine.explain("عبدالرازق الناظوري")


def test_show_returns_the_stored_article_with_the_query_marked(cluster, sample_engine: SearchEngine) -> None:
    doc_id = sorted(NAZOURI)[0]
    assert cluster.document(doc_id, "الناظوري") == sample_engine.document(doc_id, "الناظوري")


def test_the_api_serves_the_cluster(cluster) -> None:
    client = TestClient(create_app(cluster))
    answer = client.get("/api/search", params={"q": "فايز السراج"})
    assert answer.status_code == 200
    assert {hit["id"] for hit in answer.json()["hits"]} == {"001_62c3d79b17eddb03", "004_076ab796e3cc5081"}
    assert client.get("/api/stats").json()["documents"] == len(SAMPLE_IDS)


def test_sync_and_delete_remove_documents(solr_cluster, tmp_path: Path) -> None:
    url = solr_cluster.collection("changes")
    folder = tmp_path / "articles"
    shutil.copytree(sample_corpus_path(), folder)
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(folder), "--index", url]).exit_code == EXIT_OK
    (folder / f"{SAMPLE_IDS[0]}.txt").unlink()
    synced = runner.invoke(main, ["index", str(folder), "--index", url, "--sync"])
    assert "0 added, 0 updated, 1 removed, 4 unchanged" in synced.output
    deleted = runner.invoke(main, ["delete", SAMPLE_IDS[1], "no-such-id", "--index", url])
    assert deleted.exit_code == 1 and "no-such-id" in deleted.output
    with SearchEngine.open(url) as engine:
        assert engine.stats().documents == len(SAMPLE_IDS) - 2
        assert not {SAMPLE_IDS[0], SAMPLE_IDS[1]} & {h.id for h in engine.search("ليبيا", limit=None)}


def test_with_a_node_stopped_every_query_answers_the_same(solr_cluster, cluster) -> None:
    before = {q: [h.id for h in cluster.search(q)] for q in QUERIES}
    solr_cluster.run("stop-node", "1")  # the first host of the URL: requests fail over to the second
    try:
        after = {q: [h.id for h in cluster.search(q)] for q in QUERIES}
    finally:
        solr_cluster.run("start-node", "1")
    assert after == before


def test_a_dead_host_in_the_list_is_skipped(sample_collection: str) -> None:
    hosts = sample_collection.split("://", 1)[1].split("/", 1)
    with SearchEngine.open(f"solr://127.0.0.1:9,{hosts[0]}/{hosts[1]}") as engine:
        assert {h.id for h in engine.search("الناظوري")} == NAZOURI


def test_an_unreachable_cluster_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solr, "ATTEMPTS", 1)
    result = CliRunner().invoke(main, ["search", "ليبيا", "--index", "solr://127.0.0.1:9/arsearch"])
    assert result.exit_code == EXIT_INDEX
    assert result.output.count("\n") == 1 and "no node answered" in result.output and "Traceback" not in result.output


def test_a_collection_with_another_schema_is_refused(solr_cluster, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "configset"
    shutil.copytree(solr.CONFIGSET, other)
    schema = other / "schema.xml"
    schema.write_text(schema.read_text(encoding="utf-8").replace(solr.SCHEMA_NAME, "someone-else"), encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(solr, "CONFIGSET", other)
        patched.setattr(solr, "SCHEMA_NAME", "someone-else")
        url = str(create_collection(solr_cluster.location("foreign"), shards=1, replicas=1))
    result = CliRunner().invoke(main, ["stats", "--index", url])
    assert result.exit_code == EXIT_INDEX and "not arsearch's" in result.output


def test_a_missing_collection_says_how_to_create_it(solr_cluster) -> None:
    with pytest.raises(ClusterError, match="no collection «nowhere»"):
        SolrStore.open(solr_cluster.location("nowhere"))


# -- without a cluster ----------------------------------------------------------------

def test_credentials_never_go_in_the_url() -> None:
    with pytest.raises(ClusterError, match="ARSEARCH_SOLR_USER"):
        SolrLocation.parse("solr://me:secret@127.0.0.1:8983/arsearch")


def test_a_location_names_hosts_and_a_collection() -> None:
    where = SolrLocation.parse("solr+https://a:1,b:2/news")
    assert (where.scheme, where.hosts, where.collection) == ("https", ("a:1", "b:2"), "news")
    with pytest.raises(ClusterError, match="OpenSearch is not supported"):
        SolrLocation.parse("opensearch://127.0.0.1:9200/news")


def test_rebuild_is_refused_on_a_cluster() -> None:
    result = CliRunner().invoke(main, ["index", str(sample_corpus_path()), "--index", "solr://127.0.0.1:9/x", "--rebuild"])
    assert result.exit_code == EXIT_USAGE and "--sync" in result.output


@pytest.mark.parametrize(("q", "expected"), [
    (wq.Term("text", "ليب"), "text:ليب"),
    (wq.Term("text", "5+5"), "text:5\\+5"),
    (wq.Phrase("text", ["لجن", "عسكر"]), 'text:"لجن عسكر"'),
    (wq.And([wq.Term("text", "a"), wq.Term("surface", "b", boost=0.3)]), "(+text:a +surface:b^0.3)"),
    (wq.AndNot(wq.Term("text", "a"), wq.Term("text", "b")), "(+text:a -text:b)"),
    (wq.AndMaybe(wq.Term("text", "a"), wq.Phrase("text", ["a", "b"])), '(+text:a text:"a b")'),
    (wq.Or([wq.Term("text", "a"), wq.NullQuery]), "(text:a)"),
    (wq.NullQuery, "-*:*"),
    (wq.Prefix("text", "ليبي"), "text:ليبي*"),
])
def test_a_planned_query_in_solr_syntax(q: wq.Query, expected: str) -> None:
    assert solr_query(q)[0] == expected


def test_a_words_forms_go_to_solr_as_one_scored_unit() -> None:
    text, params = solr_query(TermForms([wq.Term("text", "روس"), wq.Term("surface", "وروسيا")]))
    assert text == "({!maxscore tie=0 v=$tf0})" and params == {"tf0": "text:روس surface:وروسيا"}


def test_create_collection_makes_an_empty_arsearch_collection(solr_cluster) -> None:
    url = solr_cluster.location("made-by-cli")
    runner = CliRunner()
    created = runner.invoke(main, ["create-collection", url, "--shards", "1", "--replicas", "2"])
    assert created.exit_code == EXIT_OK and "1 shards, 2 copies" in created.output
    assert runner.invoke(main, ["stats", "--index", url]).output.startswith("documents: 0")
    again = runner.invoke(main, ["create-collection", url])
    assert again.exit_code == EXIT_INDEX and "already exists" in again.output


def test_cli_batches_exact_and_explain_work_on_the_cluster(sample_collection: str, sample_index: Path,
                                                           tmp_path: Path) -> None:
    questions = tmp_path / "questions.tsv"
    questions.write_text("q1\tعبدالرازق الناظوري\nq2\tفايز السراج\n", encoding="utf-8")
    runner = CliRunner()
    outputs = []
    for location in (sample_index, sample_collection):
        outputs.append([runner.invoke(main, [*args, "--index", str(location)]).stdout for args in (
            ["search", "--queries", str(questions), "--format", "trec"],
            ["search", "--exact", "فائز السراج", "--format", "ids"],
            ["search", "--explain", "عبد الرزاق الناظوري"],
        )])
    local, remote = outputs

    def ranked(trec: str) -> list[list[str]]:  # scores agree to 3 decimals (Lucene computes in float32)
        return [line.split()[:4] for line in trec.splitlines()]

    assert ranked(remote[0]) == ranked(local[0]) and "q1 Q0 000_67798e88708441ce" in remote[0]
    assert remote[1] == local[1] and remote[2] == local[2]


def test_threads_share_one_cluster_engine(sample_collection: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with SearchEngine.open(sample_collection) as engine:
        expected = {q: [(h.id, h.snippets) for h in engine.search(q)] for q in QUERIES}
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda q: (q, [(h.id, h.snippets) for h in engine.search(q)]), QUERIES * 6))
    assert all(found == expected[q] for q, found in answers)


def test_loading_with_worker_processes_gives_the_same_collection(solr_cluster, cluster) -> None:
    url = solr_cluster.collection("parallel")
    result = CliRunner().invoke(main, ["index", str(sample_corpus_path()), "--index", url, "--procs", "2"])
    assert result.exit_code == EXIT_OK and "5 added" in result.output
    with SearchEngine.open(url) as parallel:
        for query in QUERIES:
            assert [(h.id, round(h.score, 4)) for h in parallel.search(query)] == \
                [(h.id, round(h.score, 4)) for h in cluster.search(query)]
