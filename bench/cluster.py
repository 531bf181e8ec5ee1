#!/usr/bin/env python3
"""The same documents and questions on a local index and on a SolrCloud
cluster, side by side (docs/scale-out.md).

    python bench/cluster.py                    # starts cluster/local, loads, compares, stops it
    python bench/cluster.py --url solr://h:p/c # a running cluster (its collection is emptied first)
    python bench/cluster.py --growth           # also: the local index at 3,000, 10,000 and 31,030 articles
    python bench/cluster.py --procs 2 --keep   # 2 analysing processes; leave cluster/local running
    python bench/cluster.py --reuse --keep     # the same loaded documents again (queries only)

Documents: the 5 sample articles, the 240 XQuAD-ar paragraphs and the first
--news articles of SaudiNewsNet.  Measured: loading speed (documents/s, with
--procs analysing processes each), the XQuAD-ar questions' MRR@10 on both, the overlap of their
top 10, the two spellings of «عبد الرزاق الناظوري», every question again
with node 1 stopped, and query latency (top 10 with snippets, warm).
Writes the local index under bench/out/ and prints Markdown tables.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

from benchpaths import ROOT, SHARED  # noqa: E402  (puts the project on sys.path)

from index import Document, read_paths  # noqa: E402
from index.solr import SolrStore  # noqa: E402
from searcher import QueryError, SearchEngine  # noqa: E402
from searcher.cluster import ClusterEngine  # noqa: E402
from retrieval import NEWS, OUT, XQUAD, load_qrels, load_queries  # noqa: E402  (the data as bench/retrieval.py reads it)
from speed import variant_forms  # noqa: E402

SEEDS = SHARED / "corpus" / "seeds"
LOCAL_CLUSTER = ROOT / "cluster" / "local"
NAMES = ("عبد الرزاق الناظوري", "عبدالرازق الناظوري")
NAME_DOCS = ("000", "002")  # the seed articles that write the name


def documents(news: int) -> Iterator[Document]:
    seeds = read_paths([SEEDS if SEEDS.is_dir() else ROOT / "searcher" / "sample", XQUAD / "docs.jsonl"])
    yield from (d for d in seeds if isinstance(d, Document))
    yield from itertools.islice((d for d in read_paths([NEWS]) if isinstance(d, Document)), news)


def questions() -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    return load_queries(), load_qrels()


def top10(engine: object, queries: list[tuple[str, str]], snippets: bool = False) -> tuple[dict[str, list[str]], list[float]]:
    ranked, times = {}, []
    for qid, text in queries:
        started = time.perf_counter()
        try:
            ranked[qid] = [hit.id for hit in engine.search(text, limit=10, snippets=snippets)]  # type: ignore[attr-defined]
        except QueryError:
            ranked[qid] = []
        times.append(time.perf_counter() - started)
    return ranked, times


def mrr(ranked: dict[str, list[str]], qrels: dict[str, set[str]]) -> float:
    scores = []
    for qid, ids in ranked.items():
        first = next((i for i, doc in enumerate(ids, 1) if doc in qrels.get(qid, set())), None)
        scores.append(1 / first if first else 0.0)
    return statistics.mean(scores)


def overlap(a: dict[str, list[str]], b: dict[str, list[str]]) -> float:
    """The mean share of two rankings' top documents they have in common (two
    empty lists agree: 1)."""
    return statistics.mean(len(set(a[q]) & set(b[q])) / max(len(a[q]), len(b[q])) if a[q] or b[q] else 1.0
                           for q in a)


def percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def load(engine: object, news: int, procs: int = 1) -> tuple[int, float]:
    started = time.perf_counter()
    report = engine.add(documents(news), procs=procs)  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    return report.added + report.updated + report.unchanged, seconds


def local_cluster(*args: str) -> str:
    done = subprocess.run([str(LOCAL_CLUSTER), *args], check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def names_found(engine: object) -> list[str]:
    rows = []
    for name in NAMES:
        results = engine.search(name, limit=10)  # type: ignore[attr-defined]
        prefixes = sorted(hit.id[:3] for hit in results if hit.id[:3] in NAME_DOCS)
        marked = all(any(s.highlights for s in hit.snippets) for hit in results if hit.id[:3] in NAME_DOCS)
        rows.append(f"{name}: {', '.join(prefixes) or 'none'}{' (highlighted)' if marked else ' (NOT highlighted)'}")
    return rows


def growth() -> None:
    """The local index's size and question latency as the archive grows."""
    queries, _ = questions()
    print("\n| news articles | documents | index MiB | build s | p50 ms | p95 ms |\n|---:|---:|---:|---:|---:|---:|")
    for news in (3_000, 10_000, 31_030):
        path = OUT / f"growth-{news}"
        started = time.perf_counter()
        with SearchEngine.create(path) as engine:
            engine.add(documents(news), procs=2)
        built = time.perf_counter() - started
        with SearchEngine.open(path) as engine:
            top10(engine, queries[:100], snippets=True)  # warm
            _, times = top10(engine, queries, snippets=True)
            stats = engine.stats()
        print(f"| {news:,} | {stats.documents:,} | {stats.size_bytes / 2**20:.0f} | {built:.0f} | "
              f"{percentile(times, 0.5):.1f} | {percentile(times, 0.95):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running cluster's collection (emptied first); default: start cluster/local")
    parser.add_argument("--keep", action="store_true", help="leave the cluster started by cluster/local running")
    parser.add_argument("--news", type=int, default=3_000)
    parser.add_argument("--growth", action="store_true")
    parser.add_argument("--procs", type=int, default=1, help="worker processes that analyse documents, on both sides")
    parser.add_argument("--reuse", action="store_true", help="keep the local index and the collection as loaded last time")
    args = parser.parse_args()
    started_cluster = not args.url
    url = args.url or local_cluster("up")
    try:
        queries, qrels = questions()
        local_path = OUT / "cluster-local"
        store = SolrStore.open(url)
        cluster = ClusterEngine(store)
        if args.reuse:
            count, local_load, cluster_load = store.stats().documents, float("nan"), float("nan")
        else:
            with SearchEngine.create(local_path) as local:
                count, local_load = load(local, args.news, args.procs)
            store.client.update({"delete": {"query": "*:*"}}, commit="true")
            _, cluster_load = load(cluster, args.news, args.procs)
        print(f"# {count:,} documents; local load {local_load:.1f} s, cluster load {cluster_load:.1f} s", file=sys.stderr)

        with SearchEngine.open(local_path) as local:
            local_ranked, _ = top10(local, queries)
            _, local_times = top10(local, queries, snippets=True)
            local_names = names_found(local)
        cluster_ranked, _ = top10(cluster, queries)  # also warms Solr's caches
        _, cluster_times = top10(cluster, queries, snippets=True)
        cluster_names = names_found(cluster)

        local_cluster("stop-node", "1") if started_cluster else None
        degraded, _ = top10(cluster, queries) if started_cluster else ({}, [])
        same = sum(degraded[q] == cluster_ranked[q] for q in degraded) if degraded else None
        degraded_names = names_found(cluster) if started_cluster else []

        print(f"\n{count:,} documents (5 sample articles, 240 XQuAD-ar paragraphs, {args.news:,} news articles); "
              f"{len(queries):,} questions, top 10.\n")
        print("| | local index (Whoosh) | SolrCloud, 2 nodes |\n|---|---:|---:|")
        print(f"| loading, documents/s ({args.procs} analysing process{'es' if args.procs > 1 else ''}) | "
              f"{count / local_load:.0f} | {count / cluster_load:.0f} |")
        print(f"| XQuAD-ar MRR@10 | {mrr(local_ranked, qrels):.3f} | {mrr(cluster_ranked, qrels):.3f} |")
        print(f"| query p50 ms (top 10, snippets, warm) | {percentile(local_times, 0.5):.1f} | "
              f"{percentile(cluster_times, 0.5):.1f} |")
        print(f"| query p95 ms | {percentile(local_times, 0.95):.1f} | {percentile(cluster_times, 0.95):.1f} |")
        print(f"\nmean overlap of the two top-10 lists: {overlap(local_ranked, cluster_ranked):.3f}")
        # a check set the cluster's scoring was not designed on: every spelling in eval/variants
        forms = [(f"v{n}", form) for n, form in enumerate(variant_forms())]
        with SearchEngine.open(local_path) as local:
            local_forms, _ = top10(local, forms)
        cluster_forms, _ = top10(cluster, forms)
        same_forms = sum(local_forms[q] == cluster_forms[q] for q in local_forms)
        print(f"check set, {len(forms):,} variant spellings (eval/variants): mean overlap "
              f"{overlap(local_forms, cluster_forms):.3f}, identical top 10 for {same_forms:,}")
        for label, rows in (("local", local_names), ("cluster", cluster_names), ("cluster, node 1 stopped", degraded_names)):
            for row in rows:
                print(f"- {label}: {row}")
        if same is not None:
            print(f"\nwith node 1 stopped: {same:,} of {len(queries):,} questions answer with the same top 10")
        if args.growth:
            growth()
    finally:
        if started_cluster and not args.keep:
            local_cluster("down")
        elif started_cluster:
            local_cluster("start-node", "1")


if __name__ == "__main__":
    main()
