"""The one interface both backends implement: ``SearchEngine`` (a local
Whoosh folder) and ``ClusterEngine`` (a SolrCloud collection).  The CLI, the
web server and applications use an ``Engine`` and never ask which it is;
``SearchEngine.open`` picks the backend by the location's form."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from whoosh import query as wq

from analyzers.chain import ArabicAnalysis
from index import DeleteResult, Document, IndexReport, IndexStats, Notice, Problem

from .plan import QueryPlan
from .request import SearchRequest
from .results import Explanation, Results, StoredDocument

PathLike = str | os.PathLike[str]


class Engine(Protocol):
    """An arsearch index, local or on a cluster, opened for searching and adding."""

    analysis: ArabicAnalysis

    @property
    def path(self) -> Path | str: ...

    def add(self, documents: Iterable[Document | Problem | Notice | Mapping[str, Any]],
            on_item: Callable[[Document | Problem | Notice], None] | None = None, procs: int = 1,
            sync: bool = False, dry_run: bool = False) -> IndexReport: ...

    def index_paths(self, paths: Iterable[PathLike], on_item: Callable[[Document | Problem | Notice], None] | None = None,
                    max_file_bytes: int = ..., procs: int = 1, sync: bool = False,
                    dry_run: bool = False) -> IndexReport: ...

    def delete(self, ids: Iterable[str], on_id: Callable[[str], None] | None = None) -> DeleteResult: ...

    def plan(self, query: str, exact: bool = False) -> tuple[wq.Query, QueryPlan | None]: ...

    def search(self, query: str, limit: int | None = 10, snippets: bool = True, exact: bool = False,
               **options: Any) -> Results: ...

    def run(self, request: SearchRequest) -> Results: ...

    def document(self, doc_id: str, query: str | None = None, exact: bool = False) -> StoredDocument: ...

    def explain(self, query: str, exact: bool = False) -> list[Explanation]: ...

    def stats(self) -> IndexStats: ...

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None: ...
