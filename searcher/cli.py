"""The ``arsearch`` command line.

Exit codes (see docs/cli.md): 0 success; 1 a search found nothing; 2 bad usage
or a bad query; 3 the index is missing, not an arsearch index, outdated or
busy; 4 indexing finished but some inputs were skipped.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from analyzers import analyze as analyze_text
from analyzers.chain import ArabicAnalysis
from index import ArsearchError, Document, IndexStore, NotAnIndex, read_paths
from index.readers import DEFAULT_MAX_FILE_BYTES
from index.solr import create_collection, is_location

from . import __version__
from .engine import Engine, SearchEngine
from .errors import DocumentNotFound, QueryError, shown
from .columns import SORT_ORDERS
from .locations import INDEX_ENV_VAR, default_index_path
from .results import Results
from .output import (
    render_document_html,
    render_document_text,
    render_explanation,
    render_html,
    render_ids,
    render_json,
    render_text,
    render_trec,
)

EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE, EXIT_INDEX, EXIT_SKIPPED = 0, 1, 2, 3, 4
MAX_PROBLEMS_SHOWN = 20

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"arsearch: error: {message}", err=True)
    sys.exit(code)


def reports_errors(func: F) -> F:
    """Turn arsearch's errors into a one-line message and an exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QueryError as err:
            _fail(str(err), EXIT_USAGE)
        except ArsearchError as err:
            _fail(str(err), EXIT_INDEX)

    return wrapper  # type: ignore[return-value]


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class IndexLocation(click.ParamType):
    """An index folder (a Path), or a cluster's URL (solr://host:port/collection, kept as text)."""

    name = "FOLDER|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        if isinstance(value, (Path, str)) and is_location(str(value)):
            return str(value)
        return click.Path(file_okay=False, path_type=Path).convert(value, param, ctx)  # type: ignore[no-any-return]


index_option = click.option(
    "--index",
    "index_dir",
    type=IndexLocation(),
    envvar=INDEX_ENV_VAR,
    show_envvar=True,
    help="Index folder, or a SolrCloud collection (solr://host:port[,host:port]/collection; see docs/scale-out.md).  "
         "Default: the index in your data directory, filled with the sample articles on first use.",
)


def open_engine(index_dir: Path | str | None, aliases: Path | None = None) -> Engine:
    if index_dir is not None:
        return SearchEngine.open(index_dir, aliases)
    if not IndexStore.exists(default_index_path()):
        click.echo(f"arsearch: building the sample index at {default_index_path()} (first use)", err=True)
    return SearchEngine.default(aliases)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="arsearch")
def main() -> None:
    """Arabic full-text search: index articles, search them by keyword.

    \b
    Example:
      arsearch search "عبدالرازق الناظوري"
      arsearch index articles/ news.jsonl.gz --index ./my-index
      arsearch search "فايز السراج" --index ./my-index --format json
    """


@main.command()
@click.argument("query", nargs=-1)
@index_option
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="Hits to show.")
@click.option("--all", "show_all", is_flag=True, help="Every matching document, not one page.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html", "ids", "trec"]), default="text", show_default=True,
    help="text: ranked list with highlighted snippets; json: hits with match spans; html: a page; "
    "ids: one id a line; trec: TREC run lines (qid Q0 docid rank score arsearch).",
)
@click.option(
    "--queries", "queries_file", type=click.File("r", encoding="utf-8"),
    help="Search every line of this file (qid<TAB>query) with one index open; use with --format trec or json.",
)
@click.option("--exact", is_flag=True,
              help="Only the spellings typed: no variants, compounds, aliases or Latin-script readings.")
@click.option("--explain", is_flag=True, help="Show the spellings each word was searched in, with document counts.")
@click.option(
    "--aliases", type=click.Path(dir_okay=False, exists=True, path_type=Path), envvar="ARSEARCH_ALIASES",
    help="An extra aliases file: one name a line, spellings separated by |.",
)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which page of --limit hits to show.")
@click.option("--sort", type=click.Choice(SORT_ORDERS), default="relevance", show_default=True,
              help="relevance, date (oldest first) or -date (newest first); undated documents last.")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Only documents from this source (repeat for several).")
@click.option("--since", metavar="DATE", help="Only documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only documents dated on or before DATE (the whole year, month or day).")
@click.option("--facets", "facet_names", multiple=True, metavar="NAMES",
              help="Count all matches per source, year, month or day (date = month), e.g. --facets source,month.")
@reports_errors
def search(query: tuple[str, ...], index_dir: Path | None, limit: int, show_all: bool, fmt: str,
           queries_file: TextIO | None, exact: bool, explain: bool, aliases: Path | None, page: int, sort: str,
           sources: tuple[str, ...], since: str | None, until: str | None, facet_names: tuple[str, ...]) -> None:
    """Search the index for QUERY and print the ranked hits.

    Words are optional and ranked (BM25); also "exact phrase", AND, OR, NOT,
    +required, -excluded (after --), title:word and prefix*.  Filters may be
    written in QUERY too: source:NAME, date:2015-03,
    date:[2015-01-01 TO 2015-06-30]; a QUERY of filters only lists every
    document they keep.  A query typed with the keyboard on the wrong layout
    (hgkt' for النفط) or in Buckwalter is searched as the Arabic it spells,
    and Latin names (Google, el-Sarraj) also as their Arabic spellings; a
    "searched as" line says so.  Exit status 1 when nothing matched.

    \b
    Example:
      arsearch search "عبدالرازق الناظوري"
      arsearch search --format ids --all -- ليبيا -حفتر
      arsearch search النفط --source okaz --since 2015-03 --sort -date --facets source,month
      arsearch search "النفط date:[2015-01-01 TO 2015-06-30]" --page 2
      arsearch search "Abdel Razzaq al-Nadhouri"
      arsearch search --queries questions.tsv --format trec --limit 100
    """
    options = {
        "sort": sort, "sources": sources, "since": since, "until": until,
        "facets": [name.strip() for names in facet_names for name in names.split(",") if name.strip()],
    }
    if queries_file is not None:
        if query:
            raise click.UsageError("give either QUERY or --queries, not both")
        _search_batch(queries_file, index_dir, None if show_all else limit, fmt, exact, aliases, options)
        return
    if not query and not (sources or since or until):
        raise click.UsageError("give a QUERY to search for (or --queries FILE, or only filters: --source, --since, --until)")
    text = " ".join(query)
    started = time.perf_counter()
    with open_engine(index_dir, aliases) as engine:
        results = engine.search(text, limit=None if show_all else limit, snippets=fmt in ("text", "json", "html"),
                                exact=exact, page=page, **options)
        explanation = engine.explain(text, exact=exact) if explain else None
    if explanation is not None and fmt == "text":
        click.echo(render_explanation(explanation))
    if fmt == "json":
        click.echo(render_json(results, explanation))
    elif fmt == "html":
        click.echo(render_html(results), nl=False)
    elif fmt == "ids":
        click.echo(render_ids(results), nl=False)
    elif fmt == "trec":
        click.echo(render_trec("1", results), nl=False)
    else:
        click.echo(render_text(results, color=use_color()), nl=False, color=use_color())
    click.echo(_summary(text, results, time.perf_counter() - started), err=True)
    sys.exit(EXIT_OK if results.total else EXIT_NO_MATCH)


def _summary(text: str, results: Results, seconds: float) -> str:
    """The one line on standard error after a search: counts, page, notes."""
    asked = f"«{shown(text)}»" if text.strip() else "the filters"
    if results.total:
        summary = f"{len(results)} of {results.total} matching documents for {asked}"
        if results.pages > 1:
            summary += f", page {results.page} of {results.pages}"
        summary += f" ({seconds:.2f} s)"
        if not results and results.page > results.pages:
            summary += f"; page {results.page} is past the last page"
        if results.relaxed:
            summary += "; no document has every word, showing those with some of them"
        if results.partial:
            summary += "; partial: the prefix or range took too long, these are the matches found in time"
    else:
        summary = f"no document matches {asked} ({seconds:.2f} s)"
    if results.undated:
        summary += f"; {results.undated} undated document{'s' if results.undated != 1 else ''} left out by the date filter"
    if results.reading:
        summary += f"; {'searched' if results.reading.replaces else 'also searched'} as «{shown(results.reading.text)}»"
    if results.did_you_mean:
        summary += f"; did you mean «{shown(results.did_you_mean)}»?"
    return summary


def _search_batch(lines: TextIO, index_dir: Path | None, limit: int | None, fmt: str, exact: bool,
                  aliases: Path | None, options: dict[str, Any]) -> None:
    """One search per ``qid<TAB>query`` line; a bad line or query is reported
    by line number and skipped."""
    if fmt not in ("trec", "json"):
        raise click.UsageError("--queries writes --format trec or --format json (one JSON object a line)")
    started, searched, failed = time.perf_counter(), 0, 0
    with open_engine(index_dir, aliases) as engine:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            qid, tab, text = line.rstrip("\r\n").partition("\t")
            if not tab or not qid.strip():
                click.echo(f"arsearch: {lines.name}:{lineno}: expected qid<TAB>query, skipped", err=True)
                failed += 1
                continue
            try:
                results = engine.search(text, limit=limit, snippets=fmt == "json", exact=exact, suggest=fmt == "json",
                                        **options)
            except QueryError as err:
                click.echo(f"arsearch: {lines.name}:{lineno}: {err}, skipped", err=True)
                failed += 1
                continue
            searched += 1
            if fmt == "trec":
                click.echo(render_trec(qid.strip(), results), nl=False)
            else:
                click.echo(json.dumps({"qid": qid.strip(), **results.to_dict()}, ensure_ascii=False))
    click.echo(f"{searched} queries searched, {failed} skipped ({time.perf_counter() - started:.1f} s)", err=True)
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


@main.command("index")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index from INPUTS and swap it in when complete.")
@click.option("--max-file-size", "max_file_mb", type=click.IntRange(min=1), default=DEFAULT_MAX_FILE_BYTES // 2**20,
              show_default=True, help="Skip input files larger than this many MiB.")
@click.option("--procs", type=click.IntRange(min=1), default=lambda: os.cpu_count() or 1,
              show_default="the number of cores",
              help="Worker processes that analyse and write documents (1: all in this process).")
@click.option("--sync", is_flag=True,
              help="Make the index hold exactly INPUTS: also remove the documents that INPUTS no longer hold.")
@click.option("--dry-run", is_flag=True, help="Write nothing; say what the run would add, update and remove.")
@reports_errors
def index_command(inputs: tuple[Path, ...], index_dir: Path | None, rebuild: bool, max_file_mb: int,
                  procs: int, sync: bool, dry_run: bool) -> None:
    """Add or update documents from INPUTS: .txt files, .jsonl / .jsonl.gz
    files (one JSON object a line with "id" and "text"), or folders of them.

    A document with an id already in the index replaces it; unchanged
    documents are left alone.  With --sync, documents that INPUTS no longer
    hold (a deleted file, a dropped line) are removed in the same commit;
    when an input is skipped, nothing is removed, since it may hold them.
    Bad files and lines are skipped and reported; the exit status is then 4.

    \b
    Example:
      arsearch index articles/ --index ./my-index
      arsearch index articles/ --index ./my-index --sync --dry-run
      arsearch index news.jsonl.gz --index ./my-index --rebuild
    """
    if rebuild and (sync or dry_run):
        _fail("--rebuild already makes the index hold exactly INPUTS: give it without --sync and --dry-run",
              EXIT_USAGE)
    if isinstance(index_dir, str):  # a cluster's collection: documents go in batches, replaced by id
        if rebuild:
            _fail("--rebuild builds a local index beside the old one; on a cluster, use --sync", EXIT_USAGE)
        _index_into(SearchEngine.open(index_dir), index_dir, inputs, max_file_mb, procs, sync, dry_run)
        return
    target = index_dir or default_index_path()
    build_dir = target.with_name(target.name + ".rebuilding") if rebuild else target
    if rebuild and build_dir.exists():
        shutil.rmtree(build_dir)
    if rebuild:  # with the analysis the index was built with (stop words, stem exclusions)
        engine = SearchEngine.create(build_dir, analysis=_analysis_of_index(target))
    elif dry_run:  # compares with the index as it is, and creates none
        engine = SearchEngine.open(build_dir)
    else:
        engine = SearchEngine.open_or_create(build_dir)
    _index_into(engine, target, inputs, max_file_mb, procs, sync, dry_run,
                finish=lambda: _swap_in(build_dir, target) if rebuild else None)


def _index_into(engine: Engine, target: Path | str, inputs: tuple[Path, ...], max_file_mb: int, procs: int,
                sync: bool, dry_run: bool, finish: Callable[[], None] | None = None) -> None:
    items = read_paths(inputs, max_bytes=max_file_mb * 2**20)
    with engine, click.progressbar(
        items, label="Reading" if dry_run else "Indexing", file=sys.stderr, show_pos=True,
        item_show_func=lambda item: item.id if isinstance(item, Document) else None,
    ) as bar:
        report = engine.add(bar, procs=procs, sync=sync, dry_run=dry_run)
    if finish:
        finish()
    for notice in report.notices[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"note: {notice}", err=True)
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"skipped {problem}", err=True)
    if report.skipped > MAX_PROBLEMS_SHOWN:
        click.echo(f"... and {report.skipped - MAX_PROBLEMS_SHOWN} more skipped", err=True)
    if report.withheld:
        why = "some inputs were skipped (fix them and run again)" if report.problems else "INPUTS hold no documents"
        click.echo(f"note: {report.withheld:,} documents that INPUTS lack were not removed: {why}; "
                   "`arsearch delete` removes documents by id", err=True)
    click.echo(f"{'Dry run' if dry_run else 'Indexed'} into {target}: {report.summary()}")
    sys.exit(EXIT_SKIPPED if report.skipped else EXIT_OK)


@main.command()
@click.argument("ids", nargs=-1, metavar="ID...")
@click.option("--ids-from", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="Also remove the ids in FILE, one a line (- for standard input).")
@index_option
@reports_errors
def delete(ids: tuple[str, ...], ids_from: TextIO | None, index_dir: Path | None) -> None:
    """Remove documents from the index by ID (one commit at the end).

    Ids not in the index are listed; the exit status is then 1 (0 when every
    id was found), as `search` does when nothing matches.

    \b
    Example:
      arsearch delete 000_67798e88708441ce --index ./my-index
      arsearch delete --ids-from retracted.txt --index ./my-index
    """
    if not ids and ids_from is None:
        _fail("give the ids to remove, or --ids-from FILE (- for standard input)", EXIT_USAGE)
    wanted = itertools.chain(ids, (line.strip() for line in ids_from or () if line.strip()))
    with open_engine(index_dir) as engine, click.progressbar(wanted, label="Deleting", file=sys.stderr,
                                                            show_pos=True) as bar:
        result = engine.delete(bar)
    for doc_id in result.missing[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"not in the index: {shown(doc_id)}", err=True)
    if len(result.missing) > MAX_PROBLEMS_SHOWN:
        click.echo(f"... and {len(result.missing) - MAX_PROBLEMS_SHOWN:,} more not in the index", err=True)
    click.echo(f"Deleted from {engine.path}: {result.summary()}")
    sys.exit(EXIT_NO_MATCH if result.missing else EXIT_OK)


def _analysis_of_index(path: Path) -> ArabicAnalysis | None:
    """The analysis the index at *path* was built with; None when there is
    no index there that this version reads (it is rebuilt with the default)."""
    if not IndexStore.exists(path):
        return None
    try:
        return IndexStore.open(path).analysis
    except ArsearchError:
        return None


def _swap_in(built: Path, target: Path) -> None:
    """Replace *target* by the freshly built index *built*."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        if not IndexStore.exists(target):  # never move away a folder that is not an index
            raise NotAnIndex(str(target), "the folder is not empty; the new index is at " + str(built))
        target.rename(old)
    built.rename(target)
    if old.exists():
        shutil.rmtree(old)


@main.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def analyze(text: tuple[str, ...], fmt: str) -> None:
    """Show the index terms of TEXT with the span each came from.

    A particle glued to a word (وروسيا) stays in its term, as written: which
    glued words are a particle and a word the index decides from its own
    vocabulary, and `search --explain` shows how a query reads them.

    \b
    Example:
      arsearch analyze "الفريقُ عبدالرازق الناظوري"
      arsearch analyze --format json "فائز السراج"
    """
    joined = " ".join(text)
    tokens = analyze_text(joined)
    if fmt == "json":
        click.echo(json.dumps(
            [{"token": t.token, "text": t.text, "start": t.start, "end": t.end} for t in tokens],
            ensure_ascii=False, indent=2,
        ))
        return
    for t in tokens:
        click.echo(f"{t.token}\t{t.text}\t{t.start}-{t.end}")


@main.command()
@click.argument("doc_id", metavar="ID")
@index_option
@click.option("--query", "-q", help="Mark this query's matches in the document.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--exact", is_flag=True, help="Mark only the spellings typed in --query.")
@reports_errors
def show(doc_id: str, index_dir: Path | None, query: str | None, fmt: str, exact: bool) -> None:
    """Print the stored document ID, with --query's matches marked.
    Exit status 1 when no document has that id.

    \b
    Example:
      arsearch show 000_67798e88708441ce --query "عبدالرازق الناظوري"
      arsearch show snn-00001 --index ./my-index --format json
    """
    with open_engine(index_dir) as engine:
        try:
            doc = engine.document(doc_id, query=query, exact=exact)
        except DocumentNotFound as err:
            _fail(str(err), EXIT_NO_MATCH)
    if fmt == "json":
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "html":
        click.echo(render_document_html(doc), nl=False)
    else:
        click.echo(render_document_text(doc, color=use_color()), nl=False, color=use_color())


@main.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is reachable from this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Server processes, each with its own searcher.  [default: the number of cores]")
@reports_errors
def serve(index_dir: Path | None, host: str, port: int, workers: int | None) -> None:
    """Serve a search page and a JSON API over the index (read-only).

    The page is at http://HOST:PORT/; the API at /api/search?q=...,
    /api/docs/ID and /api/stats (see docs/serve.md).  Requests run in
    parallel in --workers processes (Python runs one search at a time per
    process).  Stop with Ctrl+C.

    \b
    Example:
      arsearch serve
      arsearch serve --index ./my-index --port 8080 --workers 4
    """
    import socket

    import uvicorn

    from .server import SERVE_INDEX_VARIABLE, create_app

    try:  # a clear message for a port in use, before uvicorn logs its own
        with socket.create_server((host, port)):
            pass
    except OSError as err:
        reason = os.strerror(err.errno) if err.errno else str(err)
        _fail(f"cannot listen on {host}:{port} ({reason}): choose another --port", EXIT_USAGE)
    workers = workers or os.cpu_count() or 1
    with open_engine(index_dir) as engine:
        documents = engine.stats().documents
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"arsearch: note: listening on {host}: anyone who can reach it can search this index", err=True)
        click.echo(f"Serving {documents} documents from {engine.path} at http://{host}:{port}/ "
                   f"with {workers} worker{'s' if workers > 1 else ''} (Ctrl+C to stop)", err=True)
        if workers == 1:
            uvicorn.run(create_app(engine), host=host, port=port, log_level="warning")
            return
        path = engine.path
    # each worker process opens the index itself (searcher.server.worker_app)
    os.environ[SERVE_INDEX_VARIABLE] = str(path)
    uvicorn.run("searcher.server:worker_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


@main.command("create-collection")
@click.argument("url")
@click.option("--shards", type=click.IntRange(min=1), default=2, show_default=True,
              help="Shards the documents are spread over.")
@click.option("--replicas", type=click.IntRange(min=1), default=2, show_default=True,
              help="Copies of each shard (on different nodes: one node can stop and every document is still searched).")
@reports_errors
def create_collection_command(url: str, shards: int, replicas: int) -> None:
    """Create an arsearch collection on a SolrCloud cluster, with the schema
    arsearch ships (uploaded to the cluster when it lacks it).  Then load it
    with `arsearch index FILES --index URL` (docs/scale-out.md).

    \b
    Example:
      arsearch create-collection solr://10.0.0.5:8983,10.0.0.6:8983/news --shards 4
    """
    if not is_location(url):
        _fail(f"«{shown(url)}» is not a cluster URL: write solr://host:port[,host:port]/collection", EXIT_USAGE)
    where = create_collection(url, shards=shards, replicas=replicas)
    click.echo(f"Created {where} ({shards} shards, {replicas} copies of each)")


@main.command()
@index_option
@reports_errors
def stats(index_dir: Path | None) -> None:
    """Show how many documents the index holds, its size and where it is.

    \b
    Example:
      arsearch stats --index ./my-index
    """
    with open_engine(index_dir) as engine:
        info = engine.stats()
    click.echo(f"documents: {info.documents}")
    click.echo(f"size:      {info.size_bytes / 1024 / 1024:.2f} MiB")
    click.echo(f"location:  {info.path}")
