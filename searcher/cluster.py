"""The cluster backend: the same searches as ``SearchEngine``, on a SolrCloud collection.

arsearch stays the only analyzer and planner.  A query is planned here
exactly as for the local index (``searcher.planner``, with the vocabulary
tables built from the collection's own terms), sent to Solr as its own
boolean, term and phrase queries (``searcher.solrquery``), and Solr does the
matching, BM25 ranking with arsearch's parameters and global statistics,
filters, date order, facets and paging.  Snippets are made here, from the
stored text, by the same code as the local index's.

What differs from the local index (docs/scale-out.md): scores are Lucene's
BM25 (a word's forms scored by the best of them), did-you-mean looks one
edit away, and a collection is analysed with the default analysis.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from whoosh import query as wq

from index import (
    METADATA_FIELDS,
    DeleteResult,
    Document,
    IndexReport,
    IndexStats,
    Notice,
    Problem,
    display_title,
    read_paths,
)
from index.readers import DEFAULT_MAX_FILE_BYTES
from index.schema import SURFACE_FIELD
from index.solr import SCORED_FIELDS, SolrStore, escaped, tokens_field

from .aliases import BUNDLED_ALIASES, load_aliases
from .columns import UNDATED_NAME, FacetCount, Filters
from .backend import PathLike
from .engine import RANKING, as_document, explanations, highlight_sets, marked_document, stored_metadata
from .errors import DocumentNotFound
from .locations import data_dir
from .plan import QueryPlan
from .planner import Planned, QueryPlanner
from .query import MAX_EXPANDED_TERMS
from .request import SearchRequest
from .results import Explanation, Hit, Results, StoredDocument, Suggestion
from .snippets import KnownWords, MatchedTerms, make_snippets, whole_text_snippet
from .solrquery import Ranking, forms_text, scored_terms, solr_query, word_forms
from .suggest import corrected_query, one_edit_within, plan_suggestions, suggest_words, written_form_in
from .vocabulary import Vocabulary

MAX_CACHED_STATISTICS = 100_000  # words' document counts kept per thread
STATE_SECONDS = 1.0  # how long a thread trusts the collection's state before asking again
PAGE_ROWS = 1_000  # hits per request when a search asks for all of them
MAX_EXPANSION_TERMS = 10_000  # terms listed to expand a prefix for highlighting
_FACET_FIELDS = {"source": "source_key", "year": "year", "month": "month", "day": "day", "date": "month"}
_STORED_FIELDS = "id,score,title,body," + ",".join(METADATA_FIELDS)


class ClusterEngine:
    """An arsearch collection on SolrCloud, with ``SearchEngine``'s API.
    Safe to share between threads: each keeps its own vocabulary view."""

    def __init__(self, store: SolrStore, aliases: PathLike | None = None) -> None:
        self.store = store
        self.analysis = store.analysis
        self.aliases = load_aliases([BUNDLED_ALIASES, *([aliases] if aliases else [])], self.analysis)
        self._known_words = KnownWords(self.analysis.forms)  # the words of hits by spelling, for their snippets
        self._local = threading.local()

    @classmethod
    def open(cls, location: str, aliases: PathLike | None = None, cache_folder: Path | None = None) -> ClusterEngine:
        """Open the collection at *location* (``solr://host:port[,host:port]/collection``)."""
        return cls(SolrStore.open(location, cache_folder or data_dir() / "clusters"), aliases)

    @property
    def path(self) -> str:
        return self.store.path

    # -- adding ------------------------------------------------------------------------
    def add(self, documents: Iterable[Document | Problem | Notice | Mapping[str, Any]],
            on_item: Callable[[Document | Problem | Notice], None] | None = None, procs: int = 1,
            sync: bool = False, dry_run: bool = False) -> IndexReport:
        """As ``SearchEngine.add``: documents sent in batches, one commit."""
        return self.store.add((as_document(d) for d in documents), on_item=on_item, procs=procs, sync=sync,
                              dry_run=dry_run)

    def index_paths(self, paths: Iterable[PathLike], on_item: Callable[[Document | Problem | Notice], None] | None = None,
                    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, procs: int = 1, sync: bool = False,
                    dry_run: bool = False) -> IndexReport:
        return self.add(read_paths(paths, max_file_bytes), on_item=on_item, procs=procs, sync=sync, dry_run=dry_run)

    def delete(self, ids: Iterable[str], on_id: Callable[[str], None] | None = None) -> DeleteResult:
        return self.store.delete(ids, on_id=on_id)

    # -- the vocabulary ----------------------------------------------------------------
    def _view(self) -> _View:
        """This thread's view of the collection's current state, renewed when
        the collection changed (asked at most every STATE_SECONDS)."""
        now = time.monotonic()
        view: _View | None = getattr(self._local, "view", None)
        if view is not None and now - view.checked < STATE_SECONDS:
            return view
        state, tables, counts = self.store.vocabulary()
        if view is None or view.state != state:
            vocabulary = Vocabulary(lambda word: counts.get(word, 0), self._document_keys, tables, self.analysis)
            view = self._local.view = _View(state, now, vocabulary, counts)
        view.checked = now
        return view

    def _document_keys(self, q: wq.Query) -> np.ndarray:
        """The documents *q* matches, as sorted numbers that stand for their
        ids (the vocabulary compares two spellings' documents)."""
        ids = [doc["id"] for doc in self._all_hits(q, "id", sort=_BY_ID)]
        return np.unique(np.array([_id_number(i) for i in ids], dtype=np.int64))

    def _solr(self, q: wq.Query, prefix: str = "tf") -> tuple[str, dict[str, str]]:
        """*q* in Solr's syntax, scored as the local index scores it
        (``searcher.solrquery.SolrQuery``): prefixes and ranges as the words
        they stand for, and one request for the words' frequencies."""
        q = q.accept(self._as_words)
        view = self._view()
        known = view.statistics
        if len(known) > MAX_CACHED_STATISTICS:
            known.clear()
        fields: dict[str, set[str]] = {}
        for fieldname, text in scored_terms(q):
            if (fieldname, text) not in known and "," not in text and "\\" not in text:  # terms.list splits on commas
                fields.setdefault(fieldname, set()).add(text)
        if fields:
            listed = sorted(set().union(*fields.values()))
            answer = self.store.client.request("/terms", {"terms.fl": sorted(fields), "terms.list": ",".join(listed),
                                                          "terms.limit": -1})
            for fieldname, texts in fields.items():  # a word the collection lacks is known too: 0
                known.update({(fieldname, text): 0 for text in texts})
            for fieldname, flat in answer["terms"].items():
                pairs = flat.items() if isinstance(flat, dict) else zip(flat[0::2], flat[1::2])
                known.update({(fieldname, term): int(df) for term, df in pairs})
        frequencies = {term: df for term, df in known.items() if isinstance(term[1], str) and df}
        # documents holding any form of a word: counted together, in one request
        forms = {f.terms: forms_text(f) for f in word_forms(q) if f.terms not in known}
        if forms:
            keys = list(forms)
            answer = self.store.client.select({"q": "*:*", "rows": 0, "facet": "true",
                                               "facet.query": [f"{{!key=w{n}}}({forms[k]})" for n, k in enumerate(keys)]})
            counts = answer["facet_counts"]["facet_queries"]
            known.update({k: int(counts[f"w{n}"]) for n, k in enumerate(keys)})
        joint = {f.terms: known[f.terms] for f in word_forms(q) if f.terms in known}
        return solr_query(q, prefix, view.state[0], frequencies, joint, self._ranking(view))

    def _ranking(self, view: _View) -> Ranking:
        """BM25's parameters and the scored fields' average lengths in tokens
        (as Whoosh's: all tokens over all documents), once per collection state."""
        if view.ranking is None:
            answer = self.store.client.select({"q": "*:*", "rows": 0, "stats": "true",
                                               "stats.field": [f"{{!sum=true}}{tokens_field(f)}" for f in SCORED_FIELDS]})
            sums = answer.get("stats", {}).get("stats_fields", {})
            documents = view.state[0] or 1
            averages = {f: float(sums.get(tokens_field(f), {}).get("sum") or 0) / documents for f in SCORED_FIELDS}
            view.ranking = Ranking(RANKING.K1, RANKING.B, averages)
        return view.ranking

    def _planner(self) -> QueryPlanner:
        return QueryPlanner(self._view().vocabulary, self.store.schema, self.aliases, self._covers_more_than)

    def _covers_more_than(self, node: wq.Query, limit: int) -> bool:
        return sum(1 for _ in self._expanded(node, limit + 1)) > limit

    def _expanded(self, node: wq.Query, limit: int) -> Iterator[str]:
        """The index terms a prefix, wildcard or range stands for (at most *limit*)."""
        params: dict[str, Any] = {"terms.fl": node.fieldname, "terms.limit": limit, "terms.sort": "index"}
        if isinstance(node, wq.Prefix):
            params["terms.prefix"] = node.text
        elif isinstance(node, wq.TermRange):
            params.update({"terms.lower": node.start or "", "terms.lower.incl": not node.startexcl})
            if node.end:
                params.update({"terms.upper": node.end, "terms.upper.incl": not node.endexcl})
        else:
            params["terms.regex"] = "".join(".*" if c == "*" else "." if c == "?" else _regex_char(c) for c in node.text)
        flat = self.store.client.request("/terms", params)["terms"].get(node.fieldname, [])
        yield from (flat.keys() if isinstance(flat, dict) else flat[0::2])

    def _as_words(self, node: wq.Query) -> wq.Query:
        """A prefix, wildcard or range of a ranking field as the words it
        stands for (as Whoosh scores it: the sum of their scores; Solr's
        would give every match the same score)."""
        if not isinstance(node, _EXPANDING) or node.fieldname not in SCORED_FIELDS:
            return node
        words = [wq.Term(node.fieldname, term) for term in self._expanded(node, MAX_EXPANDED_TERMS)]
        return wq.Or(words, boost=node.boost) if words else wq.NullQuery

    def _leaf_terms(self, node: wq.Query) -> Iterator[tuple[str, str]]:
        if isinstance(node, (wq.Prefix, wq.Wildcard, wq.TermRange)):
            for term in self._expanded(node, MAX_EXPANSION_TERMS):
                yield node.fieldname, term
            return
        for fieldname, text in node.iter_all_terms(phrases=True):
            yield fieldname, text if isinstance(text, str) else text.decode("utf-8")

    # -- searching ---------------------------------------------------------------------
    def plan(self, query: str, exact: bool = False) -> tuple[wq.Query, QueryPlan | None]:
        planned = self._planner().plan(query, exact)
        return planned.query, planned.plan

    def search(self, query: str, limit: int | None = 10, snippets: bool = True, exact: bool = False,
               **options: Any) -> Results:
        """As ``SearchEngine.search``."""
        return self.run(SearchRequest.build(query, limit, snippets, exact, **options))

    def run(self, request: SearchRequest) -> Results:
        started = time.monotonic()
        text, filters = request.text, request.filters
        planned = self._planner().plan(text, request.exact) if text.strip() or not filters else Planned(wq.Every(), None)
        query = planned.query
        params = self._request_params(request, filters, started, planned.query)
        sort = _SORTS.get(request.sort)
        if planned.typed is not None and request.sort == "relevance":
            # what matches as typed first (Google in Latin letters), then the reading (جوجل)
            sort = self._units_first([[planned.typed]], params, prefix="typed")
        relaxed = False
        answer = self._select(query, params, request, sort)
        relaxed_query = None if answer["response"]["numFound"] else planned.relaxed_query()
        if relaxed_query is not None:
            query, relaxed, sort = relaxed_query, True, _SORTS.get(request.sort)
            if request.sort == "relevance":  # documents holding more of the words first
                sort = self._units_first([[u.query() for u in p.units] for p in planned.plans], params)
            answer = self._select(query, params, request, sort)
        docs = answer["response"]["docs"]
        if request.limit is None:
            docs = list(self._all_hits(query, _STORED_FIELDS, params, sort))[request.skip:]
        hits = self._hits(query, docs, request.snippets, request.skip + 1)
        undated = self._undated(query, filters) if filters.by_date else 0
        plan, reading = planned.plan, planned.reading
        suggestions = self._suggestions(plan) if request.suggest and plan and not reading else []
        return Results(
            hits, total=int(answer["response"]["numFound"]), query=request.query, relaxed=relaxed, reading=reading,
            partial=bool(answer["responseHeader"].get("partialResults")), page=request.page, page_size=request.limit,
            sort=request.sort, undated=undated,
            facets={name: _facet_counts(name, answer) for name in request.facets},
            suggestions=suggestions,
            did_you_mean=corrected_query(request.query, [(s.word, s.alternatives[0].text) for s in suggestions]),
        )

    def _request_params(self, request: SearchRequest, filters: Filters, started: float,
                        query: wq.Query) -> dict[str, Any]:
        params: dict[str, Any] = {"fq": _filter_queries(filters)}
        if request.time_budget is not None and any(isinstance(n, _EXPANDING) for n in query.leaves()):
            # as locally, the budget bounds a prefix or range: Solr stops collecting and says so
            params["timeAllowed"] = max(1, int((request.time_budget - (time.monotonic() - started)) * 1000))
        if request.facets:
            params.update({"facet": "true", "facet.missing": "true", "facet.limit": -1, "facet.mincount": 1,
                           "facet.field": sorted({_FACET_FIELDS[name] for name in request.facets})})
        return params

    def _select(self, q: wq.Query, params: dict[str, Any], request: SearchRequest, sort: str | None) -> dict[str, Any]:
        text, nested = self._solr(q)
        rows = request.limit if request.limit is not None else 0
        return self.store.client.select({**params, **nested, "q": text, "fl": _STORED_FIELDS, "start": request.skip,
                                         "rows": rows, "sort": sort or _SORTS["relevance"]})

    def _all_hits(self, q: wq.Query, fields: str, params: dict[str, Any] | None = None,
                  sort: str | None = None) -> Iterator[dict[str, Any]]:
        """Every match of *q*, page by page, in *sort* order (by relevance when None)."""
        text, nested = self._solr(q) if sort != _BY_ID else solr_query(q)
        base = {**(params or {}), **nested, "q": text, "fl": fields, "rows": PAGE_ROWS, "sort": sort or _SORTS["relevance"]}
        base.pop("facet", None)
        start = 0
        while True:
            answer = self.store.client.select({**base, "start": start})
            docs = answer["response"]["docs"]
            yield from docs
            start += len(docs)
            if not docs or start >= int(answer["response"]["numFound"]):
                return

    def _units_first(self, plans: list[list[wq.Query]], params: dict[str, Any], prefix: str = "unit") -> str:
        """An order: documents matching more units of a plan first (the
        plan they match most of, as the local engine counts), then by relevance."""
        sums = []
        for p, units in enumerate(plans):
            held = []
            for n, unit in enumerate(units):
                name = f"{prefix}{p}u{n}"
                text, nested = solr_query(unit, prefix=f"{name}tf")  # only whether it matches: no scores
                params.update(nested)
                params[name] = text
                held.append(f"if(exists(query(${name})),1,0)")
            sums.append(held[0] if len(held) == 1 else f"sum({','.join(held)})")
        key = sums[0] if len(sums) == 1 else f"max({','.join(sums)})"
        return f"{key} desc,{_SORTS['relevance']}"

    def _undated(self, q: wq.Query, filters: Filters) -> int:
        """Matches that the source filter keeps but have no date (left out by a date filter)."""
        return self._count(q, _filter_queries(Filters(filters.sources)) + ["-date_key:[* TO *]"])

    def _count(self, q: wq.Query, fq: list[str] | None = None) -> int:
        """How many documents *q* matches (within the filter queries *fq*)."""
        text, nested = solr_query(q)
        return int(self.store.client.select({**nested, "q": text, "fq": fq or [], "rows": 0})["response"]["numFound"])

    def _hits(self, q: wq.Query, docs: list[dict[str, Any]], snippets: bool, first_rank: int) -> list[Hit]:
        title_terms, body_terms = (highlight_sets(q, self._leaf_terms, self.analysis, self._known_words) if snippets
                                   else (MatchedTerms(), MatchedTerms()))
        hits = []
        for rank, doc in enumerate(docs, first_rank):
            title = display_title(doc.get("title", ""), doc.get("body", ""))
            hits.append(Hit(
                id=doc["id"], rank=rank, score=float(doc.get("score", 0.0)), title=title, metadata=stored_metadata(doc),
                title_highlights=whole_text_snippet(title, title_terms).highlights if snippets else [],
                snippets=make_snippets(doc.get("body", ""), body_terms) if snippets else [],
            ))
        return hits

    def _suggestions(self, plan: QueryPlan) -> list[Suggestion]:
        """Did-you-mean (``suggest.plan_suggestions``) over the collection's words, one edit away."""
        view = self._view()
        written, within = view.vocabulary.written, one_edit_within(view.counts)
        analyzer = self.store.schema[SURFACE_FIELD].analyzer
        return plan_suggestions(
            plan, self._count,
            lambda word, found, two_edits: suggest_words(word, found, written, within, analyzer, two_edits),
            self._written_form)

    def _written_form(self, term: str) -> str:
        docs = self.store.client.select({"q": f"{SURFACE_FIELD}:{escaped(term)}", "fl": "title,body", "rows": 1,
                                         "sort": "id asc"})["response"]["docs"]
        if not docs:
            return term
        return written_form_in(term, (docs[0].get("title", ""), docs[0].get("body", "")),
                               self.store.schema[SURFACE_FIELD].analyzer)

    def document(self, doc_id: str, query: str | None = None, exact: bool = False) -> StoredDocument:
        """The stored document *doc_id*, with *query*'s matches marked.  Raises DocumentNotFound."""
        docs = self.store.client.select({"q": f"id:{escaped(doc_id)}", "fl": _STORED_FIELDS, "rows": 1})["response"]["docs"]
        if not docs:
            raise DocumentNotFound(doc_id)
        return marked_document(doc_id, docs[0], query, lambda text: self._planner().plan(text, exact).query,
                               self._leaf_terms, self.analysis)

    def explain(self, query: str, exact: bool = False) -> list[Explanation]:
        """As ``SearchEngine.explain``: each part's spellings and their documents."""
        return explanations(query, lambda text: self._planner().plan(text, exact), self._count, self._leaf_terms)

    def stats(self) -> IndexStats:
        return self.store.stats()

    def close(self) -> None:
        self._local = threading.local()

    def __enter__(self) -> ClusterEngine:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


_BY_ID = "id asc"
_EXPANDING = (wq.Prefix, wq.Wildcard, wq.TermRange)
@dataclass
class _View:
    """What one thread knows of one state of the collection (documents,
    latest version): its vocabulary and written-word counts, the document
    counts of words asked so far (a word is asked once per state: (field,
    term), or a word's forms), and BM25's average lengths; *checked*: when
    the state was last asked for."""

    state: tuple[int, int]
    checked: float
    vocabulary: Vocabulary
    counts: Counter[str]
    statistics: dict[Any, int] = field(default_factory=dict)
    ranking: Ranking | None = None


# relevance, then id: equal scores come back in one order whichever replica answers
_SORTS = {"relevance": "score desc,id asc", "date": "date_key asc,score desc,id asc",
          "-date": "date_key desc,score desc,id asc"}


def _filter_queries(filters: Filters) -> list[str]:
    fq = []
    if filters.sources:
        fq.append("source_key:(" + " OR ".join(escaped(s) for s in filters.sources) + ")")
    for start, end in filters.date_ranges:
        fq.append(f'date_key:["{start}" TO "{end}"]')
    return fq


def _facet_counts(name: str, answer: dict[str, Any]) -> list[FacetCount]:
    """Solr's counts for the facet *name*, in the local engine's order:
    sources by count, periods in time order, undated (missing) last."""
    flat = answer.get("facet_counts", {}).get("facet_fields", {}).get(_FACET_FIELDS[name], [])
    pairs = [(flat[i], int(flat[i + 1])) for i in range(0, len(flat), 2) if int(flat[i + 1])]
    present = [(value, count) for value, count in pairs if value is not None]
    missing = sum(count for value, count in pairs if value is None)
    if name == "source":
        items = present + ([("(none)", missing)] if missing else [])
        items.sort(key=lambda item: (-item[1], item[0]))
        return [FacetCount(v, n) for v, n in items]
    result = [FacetCount(v, n) for v, n in sorted(present)]
    if missing:
        result.append(FacetCount(UNDATED_NAME, missing))
    return result


def _id_number(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _regex_char(c: str) -> str:
    return "\\" + c if c in ".^$+()[]{}|\\" else c

