#!/usr/bin/env python3
"""Speed and memory: arsearch beside stock Whoosh on the same documents.

    python bench/speed.py                   # XQuAD-ar + all 31,030 news articles (about 20 minutes)
    python bench/speed.py --docs 3000       # XQuAD-ar + the first 3,000 articles (about 3 minutes)
    python bench/speed.py --write           # also put the table into docs/performance.md

Documents: the 240 XQuAD-ar paragraphs, then the first --docs SaudiNewsNet
articles, streamed from ../shared (never loaded whole).  Each step runs in a
fresh process so that its peak RSS is its own:

- analysis throughput (the first 3,000 articles): Whoosh's StandardAnalyzer
  against our text chain and our three analysed fields together;
- index builds, one commit each (stock Whoosh's pool: STOCK_LIMIT_MB):
  stock Whoosh with arsearch's schema (every analysed field StandardAnalyzer:
  the comparison the issue asks for: the cost we add is our analysis),
  stock Whoosh with title and text only (the BASELINES.md setup), arsearch,
  and arsearch with 2 worker processes;
- queries, top 10, one index open, cold (each query's first run after
  opening) and warm (the same queries again): a fixed sample of XQuAD-ar
  questions and every form in eval/variants/dev.jsonl, through
  ``SearchEngine.search`` with default settings (variants and snippets on) and,
  for stock Whoosh, its QueryParser with OR over the text field;
- archive queries: common words with thousands of hits, by relevance and
  newest first with source and month facets.

Indexes go under bench/out/speed-*; nothing else is written unless --write.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from benchpaths import ROOT, SHARED  # noqa: E402  (puts the project on sys.path)

NEWS = SHARED / "corpus" / "saudinewsnet.jsonl.gz"
XQUAD = SHARED / "eval" / "xquad-ar"
VARIANTS = SHARED / "eval" / "variants" / "dev.jsonl"
OUT = ROOT / "bench" / "out"
DOC_FILE = ROOT / "docs" / "performance.md"
ANALYSIS_DOCS = 3000
ARCHIVE_WORDS = ["السعودية", "المملكة", "الرياض", "وزارة", "الملك"]
# Stock Whoosh's posting pool before it spills to disk, as arsearch set it
# when it used Whoosh's writer (the stock figures stay comparable across runs)
STOCK_LIMIT_MB = 96

# ../shared/BASELINES.md, Whoosh 2.7 stock at 31,270 documents (another machine).
BASELINE_STOCK = "Whoosh stock (BASELINES.md, another machine): build 260 s, 147 MiB, p50 301 ms, p95 882 ms (top 100), peak RSS 633 MiB"


# -- input -----------------------------------------------------------------
def records(news_docs: int) -> Iterator[dict[str, str]]:
    """XQuAD-ar paragraphs, then the first *news_docs* news articles."""
    with (XQUAD / "docs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
    with gzip.open(NEWS, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, news_docs):
            yield json.loads(line)


def documents(news_docs: int) -> Iterator[object]:
    from index import read_document
    from index.documents import METADATA_FIELDS

    for r in records(news_docs):
        yield read_document(str(r["id"]), r["text"], r.get("title") or "",
                            {k: str(r[k]) for k in METADATA_FIELDS if r.get(k)})


def questions(sample: int | None) -> list[str]:
    rows = [line.split("\t", 1)[1] for line in (XQUAD / "queries.tsv").read_text(encoding="utf-8").splitlines() if "\t" in line]
    if sample and sample < len(rows):
        rows = random.Random(7).sample(rows, sample)
    return rows


def variant_forms() -> list[str]:
    forms = []
    for line in VARIANTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            forms += json.loads(line)["forms"]
    return list(dict.fromkeys(forms))


# -- steps (each in its own process) ------------------------------------------
def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def folder_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / 2**20


def step_analysis(_: argparse.Namespace) -> dict[str, object]:
    from whoosh.analysis import StandardAnalyzer

    from analyzers import arabic_analyzer, root_analyzer, surface_analyzer

    texts = [f"{r.get('title', '')}\n{r['text']}" for r in itertools.islice(records(ANALYSIS_DOCS), 240, None)]
    chains = {
        "stock StandardAnalyzer": [StandardAnalyzer()],
        "arsearch text chain": [arabic_analyzer()],
        "arsearch text + surface + root": [arabic_analyzer(), surface_analyzer(), root_analyzer()],
    }
    result = {}
    for name, analyzers in chains.items():
        for _ in range(2):  # the second pass is measured: caches warm, as in a long build
            started, tokens = time.perf_counter(), 0
            for text in texts:
                for i, analyzer in enumerate(analyzers):
                    for _token in analyzer(text, positions=True, mode="index"):
                        if i == 0:  # tokens/s counts the words of the text, once
                            tokens += 1
            seconds = time.perf_counter() - started
        result[name] = round(tokens / seconds)
    return result


def _stock_schema(same: bool):  # type: ignore[no-untyped-def]
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    from index.schema import build_schema

    if not same:
        analyzer = StandardAnalyzer()
        return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=analyzer),
                      title=TEXT(analyzer=analyzer, stored=True), body=STORED(), source=STORED(),
                      url=STORED(), date=STORED(), author=STORED())
    schema = build_schema()
    for name in ("text", "surface", "root", "title"):
        schema[name].analyzer = StandardAnalyzer()
    return schema


def step_build(args: argparse.Namespace) -> dict[str, object]:
    path = OUT / f"speed-{args.engine}"
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    if args.engine.startswith("stock"):
        from whoosh import index as whoosh_index

        from index.schema import document_fields

        same = args.engine == "stock-same"
        path.mkdir(parents=True)
        ix = whoosh_index.create_in(str(path), _stock_schema(same))
        writer = ix.writer(limitmb=STOCK_LIMIT_MB)
        count = 0
        for doc in documents(args.docs):
            if same:
                writer.add_document(**document_fields(doc, doc.id))  # type: ignore[arg-type]
            else:
                writer.add_document(id=doc.id, text=f"{doc.title}\n{doc.body}", title=doc.title,  # type: ignore[attr-defined]
                                    body=doc.body, **doc.metadata)  # type: ignore[attr-defined]
            count += 1
        writer.commit()
    else:
        from searcher import SearchEngine

        with SearchEngine.create(path) as engine:
            count = engine.add(documents(args.docs), procs=args.procs).added  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return {"docs": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds),
            "size_mib": round(folder_mib(path), 1), "rss_mib": round(peak_rss_mib()),
            "workers_rss_mib": round(children_peak_rss_mib())}


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return (round(statistics.median(times) * 1000, 1), round(times[int(0.95 * (len(times) - 1))] * 1000, 1))


def step_queries(args: argparse.Namespace) -> dict[str, object]:
    sets = {"questions": questions(args.questions), "variants": variant_forms()}
    if args.engine == "arsearch":
        from searcher import QueryError, SearchEngine

        engine = SearchEngine.open(OUT / "speed-arsearch")

        def run(q: str) -> None:
            try:
                engine.search(q, limit=10)
            except QueryError:
                pass
    else:
        from whoosh import index as whoosh_index
        from whoosh.qparser import OrGroup, QueryParser

        ix = whoosh_index.open_dir(str(OUT / "speed-stock-min"))
        searcher = ix.searcher()
        parser = QueryParser("text", ix.schema, group=OrGroup)

        def run(q: str) -> None:
            for hit in searcher.search(parser.parse(q), limit=10):
                hit.fields()

    result: dict[str, object] = {}
    for name, queries in sets.items():
        for label in ("cold", "warm"):
            times = []
            for q in queries:
                started = time.perf_counter()
                run(q)
                times.append(time.perf_counter() - started)
            result[f"{name}_{label}"] = _percentiles(times)
    if args.engine == "arsearch":
        for label, options in (("relevance", {}), ("newest+facets", {"sort": "-date", "facets": ["source", "month"]})):
            times, hits = [], 0
            for _ in range(3):
                for word in ARCHIVE_WORDS:
                    started = time.perf_counter()
                    hits = max(hits, engine.search(word, limit=10, **options).total)  # type: ignore[arg-type]
                    times.append(time.perf_counter() - started)
            result[f"archive_{label}"] = _percentiles(times)
        result["archive_min_hits"] = min(engine.search(w, limit=1).total for w in ARCHIVE_WORDS)
    result["rss_mib"] = round(peak_rss_mib())
    return result


STEPS = {"analysis": step_analysis, "build": step_build, "queries": step_queries}


def run_step(*argv: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--step", *argv], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- report ----------------------------------------------------------------
def versions() -> str:
    from importlib.metadata import version

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"whoosh-reloaded {version('whoosh-reloaded')}, pyarabic {version('pyarabic')}, "
            f"tashaphyne {version('tashaphyne')}, PyStemmer {version('PyStemmer')}")


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "–"


def report(docs: int, analysis: dict, builds: dict, queries: dict) -> str:
    total = builds["arsearch"]["docs"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} with `python bench/speed.py{'' if docs >= 31030 else f' --docs {docs}'}` "
        f"on {total:,} documents (240 XQuAD-ar paragraphs + {docs:,} SaudiNewsNet articles).",
        f"Machine: {versions()}.",
        "",
        "Analysis throughput (3,000 articles, one core, caches warm):",
        "",
        "| chain | tokens/s | vs stock |",
        "|---|---|---|",
    ]
    stock_rate = analysis["stock StandardAnalyzer"]
    for name, rate in analysis.items():
        lines.append(f"| {name} | {rate:,} | {ratio(rate, stock_rate)} |")
    lines += [
        "",
        "Indexing (one commit; peak RSS of the indexing process, and of its largest worker with `--procs 2`):",
        "",
        "| build | wall | docs/s | index size | peak RSS | wall vs stock (same schema) | wall vs stock title + text |",
        "|---|---|---|---|---|---|---|",
    ]
    same, minimal = builds["stock-same"]["seconds"], builds["stock-min"]["seconds"]
    names = {"stock-same": "stock Whoosh, arsearch's schema, StandardAnalyzer",
             "stock-min": "stock Whoosh, title + text only",
             "arsearch": "arsearch, `--procs 1`", "arsearch-2": "arsearch, `--procs 2` (the default on 2 cores)"}
    for key, label in names.items():
        b = builds[key]
        rss = f"{b['rss_mib']} MiB" + (f" (+ workers {b['workers_rss_mib']} MiB each)" if key == "arsearch-2" else "")
        lines.append(f"| {label} | {b['seconds']} s | {b['docs_per_s']:,} | {b['size_mib']} MiB | {rss} "
                     f"| {ratio(b['seconds'], same)} | {ratio(b['seconds'], minimal)} |")
    speedup = builds["arsearch"]["seconds"] / builds["arsearch-2"]["seconds"]
    lines += [
        "",
        f"`--procs 2` is {speedup:.2f}x as fast as one process. Against stock Whoosh's two-field index, arsearch "
        f"takes {ratio(builds['arsearch']['seconds'], minimal)} the time in one process and "
        f"{ratio(builds['arsearch-2']['seconds'], minimal)} with 2 workers, and its index is "
        f"{ratio(builds['arsearch']['size_mib'], builds['stock-min']['size_mib'])} the size "
        f"({ratio(builds['arsearch-2']['size_mib'], builds['stock-min']['size_mib'])} with 2 workers).",
        "",
        "Query latency, top 10, index open (p50 / p95 in ms; cold = each query's first run in a fresh process):",
        "",
        "| queries | arsearch cold | arsearch warm | stock cold | stock warm | warm p95 vs stock |",
        "|---|---|---|---|---|---|",
    ]
    ours, stock = queries["arsearch"], queries["stock"]
    for name, label in (("questions", "XQuAD-ar questions"), ("variants", "variant forms (eval/variants)")):
        cells = [f"{ours[f'{name}_{t}'][0]} / {ours[f'{name}_{t}'][1]}" for t in ("cold", "warm")]
        cells += [f"{stock[f'{name}_{t}'][0]} / {stock[f'{name}_{t}'][1]}" for t in ("cold", "warm")]
        lines.append(f"| {label} | {' | '.join(cells)} | {ratio(ours[f'{name}_warm'][1], stock[f'{name}_warm'][1])} |")
    lines += [
        "",
        f"Query process peak RSS: arsearch {ours['rss_mib']} MiB, stock {stock['rss_mib']} MiB.",
        "",
        f"Archive queries (common words, each with at least {ours['archive_min_hits']:,} hits; p50 / p95 in ms, warm):",
        "",
        "| query | p50 / p95 |",
        "|---|---|",
        f"| by relevance, top 10 | {ours['archive_relevance'][0]} / {ours['archive_relevance'][1]} |",
        f"| newest first, facets source + month, top 10 | {ours['archive_newest+facets'][0]} / {ours['archive_newest+facets'][1]} |",
        "",
        f"Reference: {BASELINE_STOCK}.",
    ]
    return "\n".join(lines)


def write_doc(table: str, docs: int) -> None:
    """Replace the table between this run size's markers in docs/performance.md."""
    begin, end = f"<!-- speed:{docs}:begin -->", f"<!-- speed:{docs}:end -->"
    text = DOC_FILE.read_text(encoding="utf-8")
    if begin not in text:
        raise SystemExit(f"{DOC_FILE.name} has no {begin} … {end} section for --docs {docs}: add one")
    start, stop = text.index(begin) + len(begin), text.index(end)
    DOC_FILE.write_text(text[:start] + "\n" + table + "\n" + text[stop:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=31030, help="news articles to index after the XQuAD-ar paragraphs")
    parser.add_argument("--questions", type=int, default=300, help="XQuAD-ar questions timed (a fixed sample; 0 = all 1,190)")
    parser.add_argument("--write", action="store_true",
                        help=f"put the table into {DOC_FILE.relative_to(ROOT)} (sections for --docs 31030 and 3000)")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--procs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](args)))
        return

    common = ["--docs", str(args.docs), "--questions", str(args.questions)]
    print("# analysis throughput", file=sys.stderr)
    analysis = run_step("analysis", *common)
    builds = {}
    for key, engine, procs in (("stock-same", "stock-same", 1), ("stock-min", "stock-min", 1),
                               ("arsearch-2", "arsearch", 2), ("arsearch", "arsearch", 1)):
        print(f"# build {key}", file=sys.stderr)
        builds[key] = run_step("build", "--engine", engine, "--procs", str(procs), *common)
        print(f"  {builds[key]}", file=sys.stderr)
    queries = {}
    for engine in ("arsearch", "stock"):
        print(f"# queries {engine}", file=sys.stderr)
        queries[engine] = run_step("queries", "--engine", engine, *common)
        print(f"  {queries[engine]}", file=sys.stderr)
    table = report(args.docs, analysis, builds, queries)
    print(table)
    if args.write:
        write_doc(table, args.docs)
        print(f"# written to {DOC_FILE.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
