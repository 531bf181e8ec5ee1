"""The public library API: ``SearchEngine`` and what a search returns."""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh import query as wq
from whoosh import scoring
from whoosh.searching import Results as WhooshResults
from whoosh.searching import Searcher

from index import (
    METADATA_FIELDS,
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
    read_paths,
)

from analyzers import WORD_PATTERN
from index.readers import DEFAULT_MAX_FILE_BYTES
from index.schema import TEXT_FIELD

from .aliases import ALIASES_FILE, BUNDLED_ALIASES, load_aliases
from .locations import default_index_path, sample_corpus_path, sample_index_path
from .plan import QueryPlan, Vocabulary, is_plain, plan_query
from .query import QueryError, highlight_terms, parse_query, shown
from .snippets import Snippet, make_snippets, whole_text_snippet

PathLike = str | os.PathLike[str]

# BM25 with full length normalisation (B=1): measured on XQuAD-ar + news
# (docs/ranking.md), where answers sit in short paragraphs among long articles.
RANKING = scoring.BM25F(B=1.0, K1=1.2)
MAX_QUERY_WORDS = 256  # a longer "query" is a pasted document, not a search


@dataclass(frozen=True)
class Hit:
    """One matching document.

    ``title_highlights`` are spans of matched words in ``title``; each snippet
    carries the spans of matched words in its own text.
    """

    id: str
    rank: int
    score: float
    title: str
    metadata: dict[str, str] = field(default_factory=dict)
    title_highlights: list[tuple[int, int]] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)


@dataclass(frozen=True)
class SpellingCount:
    """One spelling a query word was searched in, and how many documents hold it."""

    text: str
    kind: str  # exact, variant, joined, split, alias, notation
    documents: int


@dataclass(frozen=True)
class Explanation:
    """For one query unit (a word, a compound, a name): the spellings searched."""

    words: str
    spellings: list[SpellingCount]


class Results(list[Hit]):
    """The hits of one page, best first, with the total number of matches.

    ``relaxed`` is True when a short query found nothing with every word and
    was searched again with any word.
    """

    def __init__(self, hits: Iterable[Hit], total: int, query: str, relaxed: bool = False) -> None:
        super().__init__(hits)
        self.total = total
        self.query = query
        self.relaxed = relaxed


class SearchEngine:
    """An arsearch index, opened for searching and adding documents.

    >>> engine = SearchEngine.sample()
    >>> sorted(hit.id for hit in engine.search("الناظوري"))
    ['000_67798e88708441ce', '002_f4f72c1c3536b354']
    """

    def __init__(self, store: IndexStore, aliases: PathLike | None = None) -> None:
        self.store = store
        self._searcher: Searcher | None = None
        self.aliases = load_aliases([BUNDLED_ALIASES, store.path / ALIASES_FILE, *([aliases] if aliases else [])])

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: PathLike, aliases: PathLike | None = None) -> SearchEngine:
        """Open an existing index (IndexNotFound, NotAnIndex, IndexOutdated otherwise).
        *aliases*: an extra aliases file (see ``searcher.aliases``)."""
        return cls(IndexStore.open(path), aliases)

    @classmethod
    def create(cls, path: PathLike, aliases: PathLike | None = None) -> SearchEngine:
        """Create a new, empty index at *path*."""
        return cls(IndexStore.create(path), aliases)

    @classmethod
    def open_or_create(cls, path: PathLike, aliases: PathLike | None = None) -> SearchEngine:
        return cls(IndexStore.open_or_create(path), aliases)

    @classmethod
    def sample(cls, path: PathLike | None = None, aliases: PathLike | None = None) -> SearchEngine:
        """An index of the bundled sample articles, built on first use."""
        return cls(_open_sample_index(Path(path) if path else sample_index_path()), aliases)

    @classmethod
    def default(cls, aliases: PathLike | None = None) -> SearchEngine:
        """The default index (``$ARSEARCH_INDEX`` or the user's data directory);
        filled with the sample articles the first time it is used."""
        return cls(_open_sample_index(default_index_path()), aliases)

    @property
    def path(self) -> Path:
        return self.store.path

    # -- adding ------------------------------------------------------------
    def add(
        self,
        documents: Iterable[Document | Problem | Notice | Mapping[str, Any]],
        on_item: Callable[[Document | Problem | Notice], None] | None = None,
    ) -> IndexReport:
        """Add or replace documents: ``Document`` objects or mappings with
        ``id`` and ``text`` (and optionally title, source, url, date, author).
        ``Problem`` items (from a reader) are counted as skipped."""
        self.store.set_origin("user")
        return self.store.add((_as_document(d) for d in documents), on_item=on_item)

    def index_paths(
        self,
        paths: Iterable[PathLike],
        on_item: Callable[[Document | Problem | Notice], None] | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> IndexReport:
        """Index .txt, .jsonl and .jsonl.gz files and folders of them; files
        larger than *max_file_bytes* are skipped."""
        self.store.set_origin("user")
        return self.store.add(read_paths(paths, max_file_bytes), on_item=on_item)

    # -- searching ---------------------------------------------------------
    def _current_searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self.store.ix.searcher(weighting=RANKING)
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    def _vocabulary(self, searcher: Searcher) -> Vocabulary:
        reader = searcher.reader()
        return Vocabulary(lambda term: reader.doc_frequency(TEXT_FIELD, term), self.store.variant_table())

    def plan(self, query: str, exact: bool = False) -> tuple[wq.Query, QueryPlan | None]:
        """The Whoosh query for *query*, and its plan when it is a plain query."""
        return self._plan(query, exact, self._current_searcher())

    def _plan(self, query: str, exact: bool, searcher: Searcher) -> tuple[wq.Query, QueryPlan | None]:
        vocabulary = self._vocabulary(searcher)
        words = sum(1 for _ in WORD_PATTERN.finditer(query))
        if words > MAX_QUERY_WORDS:
            raise QueryError(f"the query is too long ({words} words; at most {MAX_QUERY_WORDS}): shorten it")
        if is_plain(query):
            plan = plan_query(query, vocabulary, expand=not exact, aliases=self.aliases)
            if not plan.units:
                raise QueryError(f"the query «{shown(query)}» has no words to search for: give words, not only punctuation")
            return plan.query(), plan
        return parse_query(query, searcher.schema, vocabulary=None if exact else vocabulary), None

    def _run(self, searcher: Searcher, q: wq.Query, limit: int | None) -> WhooshResults:
        try:
            return searcher.search(q, limit=limit, optimize=False)
        except (OSError, EOFError, ValueError, struct.error) as err:  # a segment lost or truncated after opening
            raise IndexDamaged(str(self.path), err) from None

    def search(self, query: str, limit: int | None = 10, snippets: bool = True, exact: bool = False) -> Results:
        """Search; ``limit=None`` returns every match.  ``exact=True`` searches
        only the spellings typed (after normalisation and stemming), without
        variants, compounds or aliases.  Raises QueryError for a query with
        nothing to search."""
        searcher = self._current_searcher()
        parsed, plan = self._plan(query, exact, searcher)
        # optimize=False: the collector then sees every match, so the total
        # comes free; with Whoosh's skipping, counting took a second pass
        # (about 25% of a query's time at 31k documents).
        found = self._run(searcher, parsed, limit)
        relaxed = False
        if plan and plan.require_all and len(plan.units) > 1 and found.is_empty():
            parsed, relaxed = plan.relaxed_query(), True
            found = self._run(searcher, parsed, limit)
        terms = highlight_terms(parsed, searcher) if snippets else {}
        analyzer = searcher.schema[TEXT_FIELD].analyzer
        title_terms = terms.get("title", set()) | terms.get(TEXT_FIELD, set())
        body_terms = terms.get(TEXT_FIELD, set())
        hits = []
        for rank, result in enumerate(found, 1):
            stored = result.fields()
            title = display_title(stored.get("title", ""), stored.get("body", ""))
            hits.append(
                Hit(
                    id=stored["id"],
                    rank=rank,
                    score=float(result.score or 0.0),
                    title=title,
                    metadata={k: stored[k] for k in METADATA_FIELDS if stored.get(k)},
                    title_highlights=(
                        whole_text_snippet(title, title_terms, analyzer).highlights
                        if snippets else []
                    ),
                    snippets=(
                        make_snippets(stored.get("body", ""), body_terms, analyzer)
                        if snippets else []
                    ),
                )
            )
        return Results(hits, total=len(found), query=query, relaxed=relaxed)

    def explain(self, query: str, exact: bool = False) -> list[Explanation]:
        """The spellings each part of *query* is searched in, with the number
        of documents that hold each."""
        searcher = self._current_searcher()
        parsed, plan = self._plan(query, exact, searcher)
        if plan is None:
            return [
                Explanation(term, [SpellingCount(term, "term", searcher.doc_frequency(field, term))])
                for field, terms in sorted(highlight_terms(parsed, searcher).items()) for term in sorted(terms)
            ]
        return [
            Explanation(unit.words, [
                SpellingCount(s.text, s.kind, sum(1 for _ in s.query.docs(searcher))) for s in unit.spellings
            ])
            for unit in plan.units
        ]

    def stats(self) -> IndexStats:
        return self.store.stats()

    # -- closing -----------------------------------------------------------
    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def _as_document(item: Document | Problem | Notice | Mapping[str, Any]) -> Document | Problem | Notice:
    if isinstance(item, (Document, Problem, Notice)):
        return item
    return Document(
        id=str(item["id"]),
        body=str(item.get("text", item.get("body", ""))),
        title=str(item.get("title") or ""),
        metadata={k: str(item[k]) for k in METADATA_FIELDS if item.get(k)},
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
