"""What a search returns: the result types, and their JSON shape (``to_dict``),
which the CLI's JSON output and the web API share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .columns import FacetCount
from .readings import Reading
from .snippets import Snippet


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

    def to_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "id": self.id,
            "score": round(self.score, 4),
            "title": self.title,
            "title_highlights": [list(span) for span in self.title_highlights],
            "metadata": self.metadata,
            "snippets": [
                {"text": s.text, "start": s.start, "end": s.end, "highlights": [list(span) for span in s.highlights]}
                for s in self.snippets
            ],
        }


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

    def to_dict(self) -> dict[str, object]:
        return {"words": self.words,
                "spellings": [{"text": s.text, "kind": s.kind, "documents": s.documents} for s in self.spellings]}


@dataclass(frozen=True)
class Alternative:
    """A word from the index offered instead of a query word."""

    text: str
    documents: int


@dataclass(frozen=True)
class Suggestion:
    """A query word that matched nothing (or very little), and the closest
    words of the index, most common first."""

    word: str
    documents: int
    alternatives: list[Alternative]

    def to_dict(self) -> dict[str, object]:
        return {"word": self.word, "documents": self.documents,
                "alternatives": [{"text": a.text, "documents": a.documents} for a in self.alternatives]}


@dataclass(frozen=True)
class StoredDocument:
    """One document as stored, with the spans of a query's matches."""

    id: str
    title: str
    body: str
    metadata: dict[str, str] = field(default_factory=dict)
    title_highlights: list[tuple[int, int]] = field(default_factory=list)
    body_highlights: list[tuple[int, int]] = field(default_factory=list)
    query: str | None = None

    def to_dict(self) -> dict[str, object]:
        """What ``show --format json`` prints and ``/api/docs/{id}`` answers."""
        return {
            "id": self.id,
            "query": self.query,
            "title": self.title,
            "title_highlights": [list(span) for span in self.title_highlights],
            "metadata": self.metadata,
            "body": self.body,
            "body_highlights": [list(span) for span in self.body_highlights],
        }


class Results(list[Hit]):
    """The hits of one page, best first (or in the sort order asked for),
    with what describes the whole result set.

    ``total`` counts every matching document, not only this page's;
    ``relaxed`` is True when a short query found nothing with every word and
    was searched again with any word; ``reading`` is how a query typed in
    the wrong script was read (a keyboard slip or Buckwalter, searched
    instead; Latin names, searched beside it), or None; ``partial`` is True
    when a wide prefix or range ran out of the time budget
    (SEARCH_TIME_BUDGET) and the results hold what it found by then;
    ``facets`` maps each facet asked for
    to its counts over all matches; ``undated`` is how many documents matched
    but were left out by a date filter for having no date; ``suggestions``
    and ``did_you_mean`` offer index words for query words that found
    nothing or very little.
    """

    def __init__(
        self,
        hits: Iterable[Hit],
        total: int,
        query: str,
        relaxed: bool = False,
        *,
        reading: Reading | None = None,
        partial: bool = False,
        page: int = 1,
        page_size: int | None = None,
        sort: str = "relevance",
        facets: dict[str, list[FacetCount]] | None = None,
        undated: int = 0,
        suggestions: list[Suggestion] | None = None,
        did_you_mean: str | None = None,
    ) -> None:
        super().__init__(hits)
        self.total = total
        self.query = query
        self.relaxed = relaxed
        self.reading = reading
        self.partial = partial
        self.page = page
        self.page_size = page_size
        self.sort = sort
        self.facets = facets or {}
        self.undated = undated
        self.suggestions = suggestions or []
        self.did_you_mean = did_you_mean

    @property
    def pages(self) -> int:
        """How many pages of ``page_size`` the total fills (1 without paging)."""
        if not self.page_size:
            return 1
        return max(1, -(-self.total // self.page_size))

    def to_dict(self, explanation: list[Explanation] | None = None) -> dict[str, object]:
        """What ``search --format json`` prints and ``/api/search`` answers
        (with ``explain`` when *explanation* is given)."""
        payload: dict[str, object] = {
            "query": self.query,
            "total": self.total,
            "count": len(self),
            "page": self.page,
            "pages": self.pages,
            "page_size": self.page_size,
            "sort": self.sort,
            "relaxed": self.relaxed,
            "partial": self.partial,
            "searched_as": ({"text": self.reading.text, "kind": self.reading.kind,
                             "replaces": self.reading.replaces, "also": self.reading.beside}
                            if self.reading else None),
            "undated": self.undated,
            "hits": [hit.to_dict() for hit in self],
            "facets": {name: [{"value": c.value, "count": c.count} for c in counts]
                       for name, counts in self.facets.items()},
            "suggestions": [s.to_dict() for s in self.suggestions],
            "did_you_mean": self.did_you_mean,
        }
        if explanation is not None:
            payload["explain"] = [e.to_dict() for e in explanation]
        return payload
