#!/usr/bin/env python3
"""Retrieval quality on XQuAD-ar question → paragraph, with and without the
31,030 SaudiNewsNet articles as distractors, beside the reference engines.

    python bench/retrieval.py                  # both settings, indexes built under bench/out/
    python bench/retrieval.py --reuse          # reuse indexes already built
    python bench/retrieval.py --setting news   # only XQuAD-ar + news
    python bench/retrieval.py --reuse --ablation --sample 300   # each lever off in turn

Queries are run exactly as a user's typed query (SearchEngine.search, default
settings), top 100, one index open for all of them.  Writes nothing but the
indexes and prints a Markdown table (see docs/ranking.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from benchpaths import ROOT, SHARED  # noqa: E402  (puts the project on sys.path)

from whoosh import scoring  # noqa: E402

import searcher.engine as engine_module  # noqa: E402
import searcher.fastsearch as fastsearch_module  # noqa: E402
import searcher.plan as plan_module  # noqa: E402
import searcher.vocabulary as vocabulary_module  # noqa: E402
from searcher import QueryError, SearchEngine  # noqa: E402

XQUAD = SHARED / "eval" / "xquad-ar"
NEWS = SHARED / "corpus" / "saudinewsnet.jsonl.gz"
OUT = ROOT / "bench" / "out"

# From ../shared/BASELINES.md (paragraphs MRR@10; + news MRR@10, R@1, R@10, R@100).
REFERENCE = [
    ("Lucene 9.5 ArabicAnalyzer (Elasticsearch/Solr)", 0.922, 0.830, 0.787, 0.903, 0.950),
    ("bm25s 0.3 + Snowball Arabic (best Python peer)", 0.916, 0.835, 0.792, 0.908, 0.954),
    ("tantivy 0.27 + Snowball Arabic", 0.918, 0.829, 0.786, 0.903, 0.950),
    ("Whoosh 2.7 StandardAnalyzer", 0.851, 0.769, 0.717, 0.864, 0.913),
]


def load_queries() -> list[tuple[str, str]]:
    rows = []
    for line in (XQUAD / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, text = line.split("\t", 1)
            rows.append((qid, text))
    return rows


def load_qrels() -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for line in (XQUAD / "qrels.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:
            qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def build(setting: str, reuse: bool) -> Path:
    path = OUT / f"xquad-{setting}"
    if reuse and path.exists():
        return path
    inputs = [XQUAD / "docs.jsonl"] + ([NEWS] if setting == "news" else [])
    started = time.perf_counter()
    with SearchEngine.create(path) as engine:
        report = engine.index_paths(inputs)
        size = engine.stats().size_bytes
    print(f"# built {path.name}: {report.summary()}; wall {time.perf_counter() - started:.1f} s, "
          f"{size / 2**20:.1f} MiB", file=sys.stderr)
    return path


def evaluate(path: Path, limit: int = 100, sample: int | None = None, exact: bool = False) -> dict[str, float]:
    queries, qrels = load_queries(), load_qrels()
    if sample:
        random.Random(1).shuffle(queries)
        queries = queries[:sample]
    rr, r1, r10, r100, times = [], [], [], [], []
    with SearchEngine.open(path) as engine:
        for qid, text in queries:
            started = time.perf_counter()
            try:
                ranked = [hit.id for hit in engine.search(text, limit=limit, snippets=False, exact=exact)]
            except QueryError:
                ranked = []
            times.append(time.perf_counter() - started)
            relevant = qrels.get(qid, set())
            first = next((i for i, doc in enumerate(ranked, 1) if doc in relevant), None)
            rr.append(1 / first if first and first <= 10 else 0.0)
            r1.append(1.0 if first == 1 else 0.0)
            r10.append(1.0 if first and first <= 10 else 0.0)
            r100.append(1.0 if first and first <= 100 else 0.0)
    times.sort()
    return {
        "MRR@10": statistics.mean(rr), "R@1": statistics.mean(r1), "R@10": statistics.mean(r10),
        "R@100": statistics.mean(r100), "p50 ms": 1000 * times[len(times) // 2],
        "p95 ms": 1000 * times[int(len(times) * 0.95)],
    }


# Each lever off in turn (query-time levers only: the indexes are reused).
ABLATIONS: list[tuple[str, dict[str, object]]] = [
    ("all levers on (default)", {}),
    ("no surface-form boost", {"SURFACE_BOOST": 0.0}),
    ("no aggressive-stem (root) field", {"ROOT_BOOST": 0.0}),
    ("no spelling variants / compounds (--exact)", {"exact": True}),
    ("no glued particles", {"GLUED_FORMS": False}),
    ("every word optional, even in short queries", {"ALL_UNITS_UP_TO": 0}),
    ("no word-pair boost", {"PAIR_BOOST": 0.0}),
    ("word pairs side by side only (not across a stop word)", {"PAIRS_SPAN_STOP_WORDS": False}),
    ("no best-stretch boost", {"WINDOW_BOOST": 0.0}),
    ("BM25 B=0.75 K1=1.2 (Whoosh default)", {"RANKING": scoring.BM25F(B=0.75, K1=1.2)}),
    ("BM25 B=1 K1=1.2 (before 2026-11-30)", {"RANKING": scoring.BM25F(B=1.0, K1=1.2)}),
    ("BM25 B=1 K1=2", {"RANKING": scoring.BM25F(B=1.0, K1=2.0)}),
]


def ablation(settings: list[str], sample: int | None, only: str | None = None) -> None:
    print(f"| lever | {' | '.join(f'{s} MRR@10 | {s} R@10' for s in settings)} |")
    print("|---|" + "---|---|" * len(settings))
    defaults = {"SURFACE_BOOST": plan_module.SURFACE_BOOST, "ROOT_BOOST": plan_module.ROOT_BOOST,
                "ALL_UNITS_UP_TO": plan_module.ALL_UNITS_UP_TO, "GLUED_FORMS": vocabulary_module.GLUED_FORMS,
                "PAIR_BOOST": plan_module.PAIR_BOOST, "PAIRS_SPAN_STOP_WORDS": plan_module.PAIRS_SPAN_STOP_WORDS,
                "RANKING": engine_module.RANKING, "WINDOW_BOOST": fastsearch_module.WINDOW_BOOST}
    for label, change in ABLATIONS:
        if only and only not in label:
            continue
        for key, value in {**defaults, **change}.items():
            if key != "exact":
                owner = {"RANKING": engine_module, "GLUED_FORMS": vocabulary_module,
                         "WINDOW_BOOST": fastsearch_module}.get(key, plan_module)
                setattr(owner, key, value)
        cells = []
        for setting in settings:
            d = evaluate(OUT / f"xquad-{setting}", sample=sample, exact=bool(change.get("exact")))
            cells += [f"{d['MRR@10']:.3f}", f"{d['R@10']:.3f}"]
        print(f"| {label} | {' | '.join(cells)} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--setting", choices=["paragraphs", "news", "both"], default="both")
    parser.add_argument("--reuse", action="store_true", help="reuse indexes already built under bench/out/")
    parser.add_argument("--ablation", action="store_true", help="turn each ranking lever off in turn")
    parser.add_argument("--sample", type=int, help="only this many questions (a fixed random sample)")
    parser.add_argument("--only", help="with --ablation: only the levers whose label contains this text")
    args = parser.parse_args()
    settings = ["paragraphs", "news"] if args.setting == "both" else [args.setting]
    if args.ablation:
        for setting in settings:
            build(setting, reuse=True)
        ablation(settings, args.sample, args.only)
        return
    scores = {s: evaluate(build(s, args.reuse), sample=args.sample) for s in settings}

    print("| engine | paragraphs MRR@10 | + news MRR@10 | + news R@1 | + news R@10 | + news R@100 |")
    print("|---|---|---|---|---|---|")
    para, news = scores.get("paragraphs"), scores.get("news")

    def cell(d: dict[str, float] | None, key: str) -> str:
        return f"**{d[key]:.3f}**" if d else "–"

    print(f"| arsearch (this build) | {cell(para, 'MRR@10')} | {cell(news, 'MRR@10')} | {cell(news, 'R@1')} "
          f"| {cell(news, 'R@10')} | {cell(news, 'R@100')} |")
    for name, *figures in REFERENCE:
        print(f"| {name} | " + " | ".join(f"{f:.3f}" for f in figures) + " |")
    for s, d in scores.items():
        print(f"\n{s}: query latency p50 {d['p50 ms']:.1f} ms, p95 {d['p95 ms']:.1f} ms (top 100, no snippets)")


if __name__ == "__main__":
    main()
