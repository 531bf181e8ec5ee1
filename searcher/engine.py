"""The public library API: ``SearchEngine`` (what a search returns is in ``results``)."""

from __future__ import annotations

import os
import struct
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher

from index import (
    METADATA_FIELDS,
    DeleteResult,
    Document,
    IndexDamaged,
    IndexNotFound,
    IndexOutdated,
    IndexReport,
    IndexStats,
    IndexStore,
    Notice,
    Problem,
    display_title,
    read_document,
    read_paths,
)

from analyzers.chain import DEFAULT_ANALYSIS, ArabicAnalysis
from index.readers import DEFAULT_MAX_FILE_BYTES
from index.schema import SURFACE_FIELD, TEXT_FIELD
from index.solr import is_location

from .backend import Engine, PathLike
from .aliases import ALIASES_FILE, BUNDLED_ALIASES, load_aliases
from .locations import INDEX_ENV_VAR, default_index_path, sample_corpus_path, sample_index_path
from .plan import QueryPlan
from .planner import Planned, QueryPlanner
from .errors import DocumentNotFound
from .query import covers_more_than, highlight_terms, index_leaf_terms
from .request import SearchRequest
from .results import Explanation, Hit, Results, SpellingCount, StoredDocument, Suggestion
from .columns import facet_counts, sort_key, split_filters
from .fastsearch import Evaluator, Matches, restricted, top
from .snippets import KnownWords, MatchedTerms, make_snippets, match_spans, whole_text_snippet
from .vocabulary import Vocabulary
from .suggest import corrected_query, index_words_within, plan_suggestions, suggest_words, written_form


# BM25 with full length normalisation (B=1) and a slower saturation (K1=1.8):
# measured on XQuAD-ar + news (docs/ranking.md), where answers sit in short
# paragraphs among long articles; K1 chosen on one half of the questions.
RANKING = scoring.BM25F(B=1.0, K1=1.8)




class SearchEngine:
    """An arsearch index, opened for searching and adding documents.

    >>> engine = SearchEngine.sample()
    >>> sorted(hit.id for hit in engine.search("الناظوري"))
    ['000_67798e88708441ce', '002_f4f72c1c3536b354']
    """

    def __init__(self, store: IndexStore, aliases: PathLike | None = None) -> None:
        self.store = store
        # Whoosh's searchers read their files through shared handles, so each
        # thread gets its own searcher (and the evaluator and vocabulary built
        # on it); every searcher opened is kept here for close()
        self._local = threading.local()
        self._opened: weakref.WeakSet[Searcher] = weakref.WeakSet()  # (a replaced one is left to the collector)
        self._opened_lock = threading.Lock()
        # the analysis the index was built with: a query's words get the forms its documents got
        self.analysis = store.analysis
        self.aliases = load_aliases([BUNDLED_ALIASES, store.path / ALIASES_FILE, *([aliases] if aliases else [])],
                                    self.analysis)
        self._known_words = KnownWords(self.analysis.forms)  # the words of hits by spelling, for their snippets

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: PathLike, aliases: PathLike | None = None) -> Engine:
        """Open an existing index (IndexNotFound, NotAnIndex, IndexOutdated
        otherwise), or the collection at an engine URL
        (``solr://host:port[,host:port]/collection``: a ``ClusterEngine``,
        with the same API).  *aliases*: an extra aliases file (see
        ``searcher.aliases``)."""
        if is_location(path):
            from .cluster import ClusterEngine  # the cluster backend builds on this module

            return ClusterEngine.open(str(path), aliases)
        return cls(IndexStore.open(path), aliases)

    @classmethod
    def create(cls, path: PathLike, aliases: PathLike | None = None,
               analysis: ArabicAnalysis | None = None) -> SearchEngine:
        """Create a new, empty index at *path*, analysed with *analysis*
        (``ArabicAnalysis(stop_words=..., stem_exclusions=...)``; default: the
        built-in stop words, nothing excluded from stemming).  The index keeps
        its analysis: it is searched, and rebuilt, with it."""
        return cls(IndexStore.create(path, analysis=analysis or DEFAULT_ANALYSIS), aliases)

    @classmethod
    def open_or_create(cls, path: PathLike, aliases: PathLike | None = None) -> SearchEngine:
        return cls(IndexStore.open_or_create(path), aliases)

    @classmethod
    def sample(cls, path: PathLike | None = None, aliases: PathLike | None = None) -> SearchEngine:
        """An index of the bundled sample articles, built on first use."""
        return cls(_open_sample_index(Path(path) if path else sample_index_path()), aliases)

    @classmethod
    def default(cls, aliases: PathLike | None = None) -> Engine:
        """The default index (``$ARSEARCH_INDEX``, a folder or a cluster's
        URL, or the user's data directory); a folder is filled with the
        sample articles the first time it is used."""
        location = os.environ.get(INDEX_ENV_VAR, "")
        if is_location(location):
            return cls.open(location, aliases)
        return cls(_open_sample_index(default_index_path()), aliases)

    @property
    def path(self) -> Path:
        return self.store.path

    # -- adding ------------------------------------------------------------
    def add(
        self,
        documents: Iterable[Document | Problem | Notice | Mapping[str, Any]],
        on_item: Callable[[Document | Problem | Notice], None] | None = None,
        procs: int = 1,
        sync: bool = False,
        dry_run: bool = False,
    ) -> IndexReport:
        """Add or replace documents: ``Document`` objects or mappings with
        ``id`` and ``text`` (and optionally title, source, url, date, author).
        ``Problem`` items (from a reader) are counted as skipped.  *procs* > 1
        analyses in that many worker processes.  With *sync*, the index then
        holds exactly *documents*: the others are removed in the same commit
        (none when a problem was met: a skipped input may hold them).  With
        *dry_run*, nothing is written and the report says what would be."""
        if not dry_run:
            self.store.set_origin("user")
        return self.store.add((as_document(d) for d in documents), on_item=on_item, procs=procs,
                              sync=sync, dry_run=dry_run)

    def index_paths(
        self,
        paths: Iterable[PathLike],
        on_item: Callable[[Document | Problem | Notice], None] | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        procs: int = 1,
        sync: bool = False,
        dry_run: bool = False,
    ) -> IndexReport:
        """Index .txt, .jsonl and .jsonl.gz files and folders of them; files
        larger than *max_file_bytes* are skipped; *procs* > 1 analyses in that
        many worker processes; *sync* and *dry_run* as in ``add``."""
        return self.add(read_paths(paths, max_file_bytes), on_item=on_item, procs=procs, sync=sync, dry_run=dry_run)

    def delete(self, ids: Iterable[str], on_id: Callable[[str], None] | None = None) -> DeleteResult:
        """Remove the documents with these ids, in one commit.  Safe beside
        searching threads, like ``add``: they see the documents until the
        commit and never after it.  The result counts what was removed and
        lists the ids the index did not hold."""
        self.store.set_origin("user")
        return self.store.delete(ids, on_id=on_id)

    # -- searching ---------------------------------------------------------
    def _current_searcher(self) -> Searcher:
        """This thread's searcher over the last commit (opened, or refreshed
        when the index changed since)."""
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        if searcher is not None and searcher.reader().generation() == self.store.ix.latest_generation():
            return searcher
        # A new searcher, not Searcher.refresh(): refresh reuses the reader of
        # every segment whose id is unchanged, and a segment keeps its id when
        # documents in it are deleted, so the reused reader would still show them.
        fresh = self.store.ix.searcher(weighting=RANKING)
        with self._opened_lock:
            self._opened.add(fresh)
            if searcher is not None:
                self._opened.discard(searcher)
        self._local.searcher = fresh
        if searcher is not None:
            searcher.close()  # this thread's own: no other thread reads through it
        return fresh

    def whoosh_searcher(self) -> Searcher:
        """This thread's Whoosh searcher over the last commit, for code that
        needs Whoosh itself (tests comparing with stock Whoosh, tools).  It is
        replaced, and closed, when this thread next searches after a commit;
        do not share it with other threads."""
        return self._current_searcher()

    def _vocabulary(self, searcher: Searcher) -> Vocabulary:
        """One vocabulary (and its cache of spelling groups) per searcher generation."""
        vocab: tuple[Searcher, Vocabulary] | None = getattr(self._local, "vocab", None)
        if vocab is None or vocab[0] is not searcher:
            reader = searcher.reader()
            evaluator = self._evaluator_for(searcher)
            tables = self.store.vocabulary_tables()
            vocab = self._local.vocab = (searcher, Vocabulary(
                lambda word: tables.written_documents(reader, word),
                lambda q: self._evaluate(evaluator, q).ids,
                tables,
                self.analysis,
            ))
        return vocab[1]

    def plan(self, query: str, exact: bool = False) -> tuple[wq.Query, QueryPlan | None]:
        """The Whoosh query for *query*, and its plan when it is a plain query."""
        planned = self._plan(query, exact, self._current_searcher())
        return planned.query, planned.plan

    def _plan(self, query: str, exact: bool, searcher: Searcher) -> Planned:
        reader = searcher.reader()
        planner = QueryPlanner(self._vocabulary(searcher), searcher.schema, self.aliases,
                               lambda node, limit: covers_more_than(reader, node, limit))
        return planner.plan(query, exact)

    def search(self, query: str, limit: int | None = 10, snippets: bool = True, exact: bool = False,
               **options: Any) -> Results:
        """Search; ``limit=None`` returns every match.  The keyword options
        (``page``, ``sort``, ``sources``, ``since``, ``until``, ``facets``,
        ``suggest``, ``offset``, ``time_budget``) are ``SearchRequest.build``'s.

        ``exact=True`` searches only the spellings typed (after normalisation
        and stemming), without variants, compounds or aliases.  ``page`` (from
        1) shows hits ``(page-1)*limit+1`` to ``page*limit``.  ``sort`` is
        ``"relevance"``, ``"date"`` (oldest first) or ``"-date"`` (newest
        first); undated documents come last.  ``sources`` keeps documents of
        any of these sources; ``since``/``until`` (a year, month, day or
        moment, inclusive) keep documents dated within, leaving undated ones
        out.  The query may carry the same filters as ``source:NAME`` and
        ``date:[2015-01-01 TO 2015-06-30]``; a query of filters only lists
        every document they keep.  ``facets`` ("source", "year", "month", "day")
        are counted over all matches.  With ``suggest``, words that found
        nothing or very little get suggestions.  ``offset``, instead of
        ``page``, skips that many hits.  ``time_budget`` is how many seconds
        a wide prefix or range may read postings before the search answers
        with what it found, flagged ``partial`` (None: no limit).

        Raises QueryError for a query with nothing to search, a bad date, an
        unknown sort order or facet, a page below 1 or a negative offset.
        """
        return self.run(SearchRequest.build(query, limit, snippets, exact, **options))

    def run(self, request: SearchRequest) -> Results:
        """Search for a request built (and checked) by ``SearchRequest.build``,
        as the web API does: match, then page."""
        searcher = self._current_searcher()
        evaluator = self._evaluator_for(searcher)
        evaluator.start(request.time_budget)
        return self._page(request, self._match(request, searcher, evaluator), searcher, evaluator)

    def _match(self, request: SearchRequest, searcher: Searcher, evaluator: Evaluator) -> _Matched:
        """The documents *request* matches, within its filters.  A plain query
        of several units that matched nothing whole is searched again with
        any unit (relaxed), documents holding more units first."""
        text, filters = request.text, request.filters
        planned = self._plan(text, request.exact, searcher) if text.strip() or not filters else Planned(wq.Every(), None)
        allowed = filters.allowed(evaluator) if filters else None

        def within_filters(q: wq.Query, ranks: int | None = None) -> tuple[Matches, Matches]:
            unfiltered = self._evaluate(evaluator, q, ranks)
            return unfiltered, restricted(unfiltered, allowed) if allowed is not None else unfiltered

        parsed = planned.query
        # when the page is the best by score of all the query matches, only
        # its order matters (no filter, no other sort, no as-typed-first key)
        plain = allowed is None and request.sort == "relevance" and planned.typed is None
        unfiltered, matches = within_filters(
            parsed, request.skip + request.limit if plain and request.limit is not None else None)
        relaxed, key = False, None
        relaxed_query = None if len(matches) else planned.relaxed_query()
        if relaxed_query is not None:
            parsed, relaxed = relaxed_query, True
            unfiltered, matches = within_filters(parsed)
            if request.sort == "relevance":  # documents holding more of the words first
                key = -np.max([self._units_matched(evaluator, p, matches) for p in planned.plans], axis=0)
        if planned.typed is not None and request.sort == "relevance" and not relaxed:
            # what matches as typed first (Google in Latin letters), then the reading (جوجل)
            key = -np.isin(matches.ids, self._evaluate(evaluator, planned.typed).ids, assume_unique=True).astype(np.int64)
        return _Matched(planned, parsed, unfiltered, matches, relaxed, key)

    def _page(self, request: SearchRequest, found: _Matched, searcher: Searcher, evaluator: Evaluator) -> Results:
        """The request's page of the matches, in its order, with their snippets,
        and what describes all of them (total, facets, suggestions)."""
        matches, limit = found.matches, request.limit
        key = found.key if found.key is not None else sort_key(request.sort, evaluator, matches.ids)
        order = top(matches, None if limit is None else request.skip + limit, key)[request.skip:]
        hits = self._hits(searcher, found.query, [(int(matches.ids[i]), float(matches.scores[i])) for i in order],
                          request.snippets, request.skip + 1)
        filters = request.filters
        undated = len(restricted(found.unfiltered, filters.undated(evaluator))) if filters.by_date else 0
        plan, reading = found.planned.plan, found.planned.reading
        suggestions = self._suggestions(evaluator, searcher, plan) if request.suggest and plan and not reading else []
        return Results(
            hits, total=len(matches), query=request.query, relaxed=found.relaxed, reading=reading,
            partial=evaluator.partial, page=request.page, page_size=limit, sort=request.sort, undated=undated,
            facets={name: facet_counts(name, evaluator, matches.ids) for name in request.facets},
            suggestions=suggestions,
            did_you_mean=corrected_query(request.query, [(s.word, s.alternatives[0].text) for s in suggestions]),
        )

    def _units_matched(self, evaluator: Evaluator, plan: QueryPlan, matches: Matches) -> np.ndarray:
        """For each match, how many of the plan's units it holds."""
        counts = np.zeros(len(matches), dtype=np.int64)
        for unit in plan.units:
            counts += np.isin(matches.ids, self._evaluate(evaluator, unit.query()).ids, assume_unique=True)
        return counts

    def _evaluator_for(self, searcher: Searcher) -> Evaluator:
        """One evaluator (and its caches) per searcher generation, in this thread."""
        evaluator: Evaluator | None = getattr(self._local, "evaluator", None)
        if evaluator is None or evaluator.searcher is not searcher:
            evaluator = self._local.evaluator = Evaluator(searcher)
        return evaluator

    def _evaluate(self, evaluator: Evaluator, q: wq.Query, ranks: int | None = None) -> Matches:
        try:
            return evaluator.matches(q, ranks)
        except (OSError, EOFError, ValueError, struct.error) as err:  # a segment lost or truncated after opening
            raise IndexDamaged(str(self.path), err) from None

    def _hits(self, searcher: Searcher, parsed: wq.Query, found: list[tuple[int, float]], snippets: bool,
              first_rank: int) -> list[Hit]:
        title_terms, body_terms = (
            highlight_sets(parsed, index_leaf_terms(searcher), self.analysis, self._known_words) if snippets
            else (MatchedTerms(), MatchedTerms()))
        hits = []
        for rank, (docnum, score) in enumerate(found, first_rank):
            stored = searcher.stored_fields(docnum)
            title = display_title(stored.get("title", ""), stored.get("body", ""))
            hits.append(
                Hit(
                    id=stored["id"],
                    rank=rank,
                    score=score,
                    title=title,
                    metadata=stored_metadata(stored),
                    title_highlights=(
                        whole_text_snippet(title, title_terms).highlights
                        if snippets else []
                    ),
                    snippets=(
                        make_snippets(stored.get("body", ""), body_terms)
                        if snippets else []
                    ),
                )
            )
        return hits

    def _suggestions(self, evaluator: Evaluator, searcher: Searcher, plan: QueryPlan) -> list[Suggestion]:
        """Did-you-mean (``suggest.plan_suggestions``) over this index's words."""
        within = index_words_within(searcher, self.store.written_words(searcher.reader()))
        written = self._vocabulary(searcher).written
        analyzer = searcher.schema[SURFACE_FIELD].analyzer
        return plan_suggestions(
            plan, lambda q: len(self._evaluate(evaluator, q)),
            lambda word, found, two_edits: suggest_words(word, found, written, within, analyzer, two_edits),
            lambda term: written_form(searcher, term))

    def document(self, doc_id: str, query: str | None = None, exact: bool = False) -> StoredDocument:
        """The stored document *doc_id*, with the matches of *query* (if given)
        marked in its title and body.  Raises DocumentNotFound."""
        searcher = self._current_searcher()
        stored = searcher.document(id=doc_id)
        if stored is None:
            raise DocumentNotFound(doc_id)
        return marked_document(doc_id, stored, query, lambda text: self._plan(text, exact, searcher).query,
                               index_leaf_terms(searcher), self.analysis)

    def explain(self, query: str, exact: bool = False) -> list[Explanation]:
        """The spellings each part of *query* is searched in, with the number
        of documents that hold each."""
        searcher = self._current_searcher()
        evaluator = self._evaluator_for(searcher)
        # live documents (Whoosh's doc_frequency counts deleted ones until a merge)
        return explanations(query, lambda text: self._plan(text, exact, searcher),
                            lambda q: len(self._evaluate(evaluator, q)), index_leaf_terms(searcher))

    def stats(self) -> IndexStats:
        return self.store.stats()

    # -- closing -----------------------------------------------------------
    def close(self) -> None:
        """Close every thread's searcher: call it when no thread is searching."""
        with self._opened_lock:
            opened, self._opened = list(self._opened), weakref.WeakSet()
        for searcher in opened:
            try:
                searcher.close()
            except ReaderClosed:  # already closed (a second close of a Whoosh searcher raises)
                pass
        self._local = threading.local()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


@dataclass(frozen=True)
class _Matched:
    """What a request matched: the plan, the query that found the matches
    (the relaxed one when relaxed), the matches before and after the
    filters, and the order key the matching decided (None: the request's sort)."""

    planned: Planned
    query: wq.Query
    unfiltered: Matches
    matches: Matches
    relaxed: bool
    key: np.ndarray | None


def highlight_sets(parsed: wq.Query, leaf_terms: Callable[[wq.Query], Iterable[tuple[str, str]]],
                   analysis: ArabicAnalysis, known: KnownWords | None = None) -> tuple[MatchedTerms, MatchedTerms]:
    """The terms to mark in a title and in a body: a title shows the matches
    of ``title:`` words and of the words searched in the text and surface
    fields (which hold title and body together); a body, only the latter."""
    phrases: list[tuple[str, ...]] = []
    terms = highlight_terms(parsed, leaf_terms, phrases)
    stems, written = frozenset(terms.get(TEXT_FIELD, ())), frozenset(terms.get(SURFACE_FIELD, ()))
    found = frozenset(phrases)
    return (MatchedTerms(stems | frozenset(terms.get("title", ())), written, found, analysis.forms, known),
            MatchedTerms(stems, written, found, analysis.forms, known))


def marked_document(doc_id: str, stored: Mapping[str, Any], query: str | None, plan: Callable[[str], wq.Query],
                    leaf_terms: Callable[[wq.Query], Iterable[tuple[str, str]]],
                    analysis: ArabicAnalysis) -> StoredDocument:
    """A stored document with the matches of *query* (if given; its filters
    aside) marked in its title and body; *plan*: the query a text is searched as."""
    title, body = stored.get("title", ""), stored.get("body", "")
    title_spans: list[tuple[int, int]] = []
    body_spans: list[tuple[int, int]] = []
    if query is not None and query.strip():
        text, _ = split_filters(query)
        if text.strip():
            title_terms, body_terms = highlight_sets(plan(text), leaf_terms, analysis)
            title_spans = match_spans(title, title_terms)
            body_spans = match_spans(body, body_terms)
    return StoredDocument(doc_id, title, body, stored_metadata(stored), title_spans, body_spans, query)


def explanations(query: str, plan: Callable[[str], Planned], documents: Callable[[wq.Query], int],
                 leaf_terms: Callable[[wq.Query], Iterable[tuple[str, str]]]) -> list[Explanation]:
    """The spellings each part of *query* (its filters aside; *plan*: how a
    text is searched) is searched in, with the number of documents
    (*documents*: how many a query matches) that hold each; for a query in
    the advanced syntax, each term it stands for."""
    text, _filters = split_filters(query)
    if not text.strip():
        return []
    planned = plan(text)
    if not planned.plans:
        return [Explanation(term, [SpellingCount(term, "term", documents(wq.Term(field, term)))])
                for field, terms in sorted(highlight_terms(planned.query, leaf_terms).items()) for term in sorted(terms)]
    explained = []
    for unit in (unit for plan in planned.plans for unit in plan.units):
        counts = [SpellingCount(s.text, s.kind, documents(s.query)) for s in unit.spellings]
        # only what the index holds: a spelling no document writes is no help
        explained.append(Explanation(unit.words, [c for c in counts if c.documents]))
    return explained


def stored_metadata(stored: Mapping[str, Any]) -> dict[str, str]:
    return {k: stored[k] for k in METADATA_FIELDS if stored.get(k)}


def as_document(item: Document | Problem | Notice | Mapping[str, Any]) -> Document | Problem | Notice:
    if isinstance(item, (Document, Problem, Notice)):
        return item
    return read_document(
        str(item["id"]),
        str(item.get("text", item.get("body", ""))),
        str(item.get("title") or ""),
        {k: str(item[k]) for k in METADATA_FIELDS if item.get(k)},
    )


def _open_sample_index(path: Path) -> IndexStore:
    """Open *path*; build it from the sample articles when it does not exist,
    and rebuild it when it is an outdated sample index."""
    try:
        return IndexStore.open(path)
    except IndexNotFound:
        pass
    except IndexOutdated:
        if IndexStore.origin(path) != "sample":
            raise
    store = IndexStore.create(path, origin="sample")
    store.add(read_paths([sample_corpus_path()]))
    return store
