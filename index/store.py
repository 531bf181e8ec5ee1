"""Creating, opening and updating an arsearch index on disk.

An index is a folder holding a Whoosh index and ``arsearch.json``, which
records the schema and analyzer versions it was built with.  Whoosh commits
atomically (new segment files first, then the table of contents), so a run
that is killed leaves the last committed index as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.reading import IndexReader
from whoosh.writing import SegmentWriter

from analyzers import ANALYZER_VERSION
from analyzers.chain import DEFAULT_ANALYSIS, ArabicAnalysis

from .bulkwriter import BulkMpWriter, BulkSegmentWriter
from .documents import Document, Notice, Problem
from .errors import IndexBusy, IndexDamaged, IndexNotFound, IndexOutdated, NotAnIndex
from .schema import SCHEMA_VERSION, build_schema, document_fields, schema_analysis
from .vocabulary import VocabularyTables, WrittenWords, build_tables, load_tables, save_tables

META_FILE = "arsearch.json"
WRITE_LOCK_TIMEOUT = 10.0  # seconds a writer waits for another one to finish
# The bulk writer's pool, per process, before it spills a sorted run: with the
# analysis cache and the spill's sorting, a process stays under 400 MiB
BULK_POOL_MB = 48
MP_BATCH_DOCS = 256  # documents per job handed to a worker process


@dataclass
class IndexReport:
    """What one indexing run did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # ids seen more than once in this run (the last one wins)
    removed: int = 0  # with sync: documents of the index that the inputs no longer hold
    withheld: int = 0  # with sync: documents not removed, since the inputs had problems or held nothing
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False  # nothing was written: the counts say what a run would do

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def sync_removals(self, gone: list[str], seen: Collection[str]) -> list[str]:
        """With sync: which of *gone* (documents of the index that the
        inputs, *seen*, lack) to remove, counted as removed.  None when the
        inputs had problems or held nothing, counted as withheld: a skipped
        input may hold them, and an empty run is more likely a mistake than
        an archive emptied on purpose."""
        if self.problems or not seen:
            self.withheld = len(gone)
            return []
        self.removed = len(gone)
        return gone

    def summary(self) -> str:
        parts = [f"{self.added:,} added", f"{self.updated:,} updated"]
        if self.removed or self.withheld:
            parts.append(f"{self.removed:,} removed")
        parts += [f"{self.unchanged:,} unchanged", f"{self.skipped:,} skipped"]
        if self.withheld:
            parts.append(f"{self.withheld:,} kept that the inputs lack ("
                         + ("the inputs hold no documents" if not self.problems else "some inputs were skipped") + ")")
        if self.duplicates:
            parts.append(f"{self.duplicates:,} duplicate ids (last kept)")
        return ("would be " if self.dry_run else "") + ", ".join(parts) + f" in {self.seconds:.1f} s"


@dataclass
class DeleteResult:
    """What one delete did: how many documents it removed, and the ids asked
    for that the index does not hold (in the order given)."""

    removed: int = 0
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return f"{self.removed:,} removed, {len(self.missing):,} not in the index in {self.seconds:.1f} s"


@dataclass(frozen=True)
class IndexStats:
    path: str
    documents: int
    size_bytes: int


def _expected_meta() -> dict[str, int]:
    return {"schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION}


def _meta(origin: str) -> dict[str, object]:
    return {"format": "arsearch", **_expected_meta(), "origin": origin}


class IndexStore:
    """One index folder."""

    def __init__(self, path: Path, ix: FileIndex) -> None:
        self.path = path
        self.ix = ix
        self._tables: tuple[int, VocabularyTables] | None = None
        self._tables_lock = threading.Lock()
        self._written_words: tuple[int, WrittenWords] | None = None
        self._written_words_lock = threading.Lock()

    # -- opening ---------------------------------------------------------
    @classmethod
    def exists(cls, path: str | os.PathLike[str]) -> bool:
        return (Path(path) / META_FILE).is_file()

    @classmethod
    def origin(cls, path: str | os.PathLike[str]) -> str | None:
        """What the index was built from, as recorded at creation ("sample" for
        the built-in sample), or None."""
        try:
            meta = json.loads((Path(path) / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta.get("origin") if isinstance(meta, dict) else None

    @classmethod
    def create(cls, path: str | os.PathLike[str], origin: str = "user",
               analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> IndexStore:
        """Make a new, empty index analysed with *analysis*; refuses a folder
        that holds anything else."""
        folder = Path(path)
        if folder.exists() and any(folder.iterdir()) and not cls.exists(folder):
            raise NotAnIndex(str(folder), "the folder is not empty")
        if cls.exists(folder):
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        ix = _storage(folder).create_index(build_schema(analysis))
        _write_meta(folder, _meta(origin))
        return cls(folder, ix)

    def set_origin(self, origin: str) -> None:
        """Record what the index holds now (a sample index that a user adds to
        is no longer rebuilt automatically)."""
        if self.origin(self.path) != origin:
            _write_meta(self.path, _meta(origin))

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> IndexStore:
        folder = Path(path)
        meta_path = folder / META_FILE
        if not folder.is_dir() or (not meta_path.exists() and not any(folder.iterdir())):
            raise IndexNotFound(str(folder))
        if not meta_path.is_file():
            raise NotAnIndex(str(folder), f"no {META_FILE}")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise NotAnIndex(str(folder), f"unreadable {META_FILE}: {err}") from None
        wanted = _expected_meta()
        found = {key: meta.get(key) for key in wanted} if isinstance(meta, dict) else {}
        if found != wanted:
            raise IndexOutdated(str(folder), found, wanted)
        try:
            ix = _storage(folder).open_index()
        except Exception as err:  # Whoosh raises many kinds for a damaged folder
            raise NotAnIndex(str(folder), f"damaged: {err}") from None
        try:
            ix.reader().close()  # opens every segment: a missing file shows now, not mid-search
        except Exception as err:
            raise IndexDamaged(str(folder), err) from None
        return cls(folder, ix)

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str]) -> IndexStore:
        return cls.open(path) if cls.exists(path) else cls.create(path)

    # -- reading ---------------------------------------------------------
    @property
    def analysis(self) -> ArabicAnalysis:
        """The analysis the index was built with (stop words, stem exclusions)."""
        return schema_analysis(self.ix.schema)

    def stats(self) -> IndexStats:
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return IndexStats(str(self.path), self.ix.doc_count(), size)

    def vocabulary_tables(self) -> VocabularyTables:
        """Glued words and spelling variants for the latest commit (read from
        ``vocabulary.json``, rebuilt when missing or stale)."""
        generation = self.ix.latest_generation()
        with self._tables_lock:  # one thread builds them; the others wait and share them
            if self._tables is None or self._tables[0] != generation:
                tables = load_tables(self.path, generation)
                if tables is None:
                    tables = self._save_tables(generation)
                self._tables = (generation, tables)
            return self._tables[1]

    def written_words(self, reader: IndexReader) -> WrittenWords:
        """The words *reader*'s surface field holds (``WrittenWords``), built
        once per index generation and shared by every thread."""
        generation = reader.generation()
        with self._written_words_lock:
            if self._written_words is None or self._written_words[0] != generation:
                self._written_words = (generation, WrittenWords.of(reader))
            return self._written_words[1]

    def _save_tables(self, generation: int) -> VocabularyTables:
        with self.ix.reader() as reader:
            tables = build_tables(reader)
        try:
            save_tables(self.path, tables, generation)
        except OSError:  # a read-only index still searches, with the tables in memory
            pass
        return tables

    # -- writing ---------------------------------------------------------
    def _writer(self, procs: int = 1) -> SegmentWriter:
        try:
            if procs > 1:
                # Whoosh's multi-process writer with bulk workers: this
                # process reads and hands out batches, the workers analyse
                # theirs into sorted runs, and this process merges them into
                # one segment.
                return BulkMpWriter(self.ix, procs=procs, batchsize=MP_BATCH_DOCS, limitmb=BULK_POOL_MB,
                                    timeout=WRITE_LOCK_TIMEOUT)
            return BulkSegmentWriter(self.ix, limitmb=BULK_POOL_MB, timeout=WRITE_LOCK_TIMEOUT)
        except LockError:
            raise IndexBusy(str(self.path), WRITE_LOCK_TIMEOUT) from None

    def add(
        self,
        items: Iterable[Document | Problem | Notice],
        on_item: Callable[[Document | Problem | Notice], None] | None = None,
        procs: int = 1,
        sync: bool = False,
        dry_run: bool = False,
    ) -> IndexReport:
        """Add or replace documents (same id → replaced); one commit at the end.

        Problems in *items* are collected into the report.  Documents whose
        content is unchanged are not rewritten.  *procs* > 1 analyses in that
        many worker processes.  With *sync*, documents of the index that
        *items* do not hold are removed in the same commit, unless *items*
        held a problem (a skipped file may be one of them) or no document.
        With *dry_run*, nothing is written: the report says what would be.
        """
        started = time.perf_counter()
        report = IndexReport(dry_run=dry_run)
        with self.ix.reader() as reader:
            known_ids, known_versions = live_terms(reader, "id"), live_terms(reader, "version")
        seen: dict[str, tuple[str, str]] = {}  # id → (version, outcome) in this run
        changed = False
        new_writer = (lambda: _DryWriter()) if dry_run else (lambda: self._writer(procs))
        writer = new_writer()
        try:
            for item in items:
                if on_item:
                    on_item(item)
                if isinstance(item, Problem):
                    report.problems.append(item)
                    continue
                if isinstance(item, Notice):
                    report.notices.append(item)
                    continue
                version = f"{item.id}\x1f{item.digest()}"
                written_now = False
                if item.id in seen:
                    report.duplicates += 1
                    first_version, first_outcome = seen[item.id]
                    if first_version == version:
                        continue
                    setattr(report, first_outcome, getattr(report, first_outcome) - 1)
                    if first_outcome != "unchanged":
                        # Whoosh cannot delete a document it has not committed yet.
                        writer.commit(merge=False)
                        writer = new_writer()
                        written_now = True
                if version in known_versions and not written_now:
                    outcome = "unchanged"
                else:
                    outcome = "updated" if item.id in known_ids else "added"
                    if item.id in known_ids or written_now:
                        writer.delete_by_term("id", item.id)
                    writer.add_document(**document_fields(item, version))
                    changed = True
                seen[item.id] = (version, outcome)
                setattr(report, outcome, getattr(report, outcome) + 1)
            if sync:
                gone = report.sync_removals(sorted(known_ids - seen.keys()), seen)
                if gone:
                    _delete_ids(writer, gone)
                    changed = True
            self._finish(writer, changed and not dry_run)
        except BaseException:
            writer.cancel()
            raise
        report.seconds = time.perf_counter() - started
        return report

    def delete(self, ids: Iterable[str], on_id: Callable[[str], None] | None = None) -> DeleteResult:
        """Remove the documents with these ids; one commit at the end (none
        when no id was found).  Ids are read one at a time, so a long list
        streams; a run that is killed leaves the last commit as it was."""
        started = time.perf_counter()
        writer = self._writer()
        try:
            removed, missing = _delete_ids(writer, ids, on_id)
            self._finish(writer, bool(removed))
        except BaseException:
            writer.cancel()
            raise
        return DeleteResult(removed, missing, time.perf_counter() - started)

    def _finish(self, writer: SegmentWriter | _DryWriter, commit: bool) -> None:
        """Commit and rebuild the vocabulary tables, or leave the index
        exactly as it was."""
        if commit:
            # the word cache is not needed to write: its memory serves the commit
            self.analysis.release_caches()
            writer.commit()
            self._save_tables(self.ix.latest_generation())
        else:
            writer.cancel()


class _DryWriter:
    """A writer that writes nothing, for a dry run."""

    def add_document(self, **fields: str) -> None:
        pass

    def delete_by_term(self, fieldname: str, text: str, searcher: object = None) -> int:
        return 1

    def searcher(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()

    def commit(self, **options: object) -> None:
        pass

    def cancel(self) -> None:
        pass


def _delete_ids(writer: SegmentWriter | _DryWriter, ids: Iterable[str],
                on_id: Callable[[str], None] | None = None) -> tuple[int, list[str]]:
    """Delete the committed documents with these ids (each once): how many
    were deleted, and the ids that no document had, in order."""
    removed, missing, asked = 0, list[str](), set[str]()
    with writer.searcher() as searcher:  # one searcher for every lookup (Whoosh opens one a call)
        for doc_id in ids:
            if on_id:
                on_id(doc_id)
            if doc_id in asked:
                continue
            asked.add(doc_id)
            if writer.delete_by_term("id", doc_id, searcher=searcher):
                removed += 1
            else:
                missing.append(doc_id)
    return removed, missing


def live_terms(reader: IndexReader, fieldname: str) -> set[str]:
    """The terms of a field that holds one term per document (id, version)
    that some live document holds.  Whoosh keeps a deleted document's terms
    until its segment is merged away; only the terms of deleted documents
    (found by their stored id) are checked against the live postings."""
    found: set[str] = set()
    for segment, _offset in reader.leaf_readers():
        terms = set(segment.field_terms(fieldname)) if fieldname in segment.indexed_field_names() else set()
        if segment.has_deletions():
            dead_ids = {segment.stored_fields(docnum).get("id") for docnum in segment.deleted_docs_set}
            terms = {term for term in terms
                     if term.split("\x1f", 1)[0] not in dead_ids or segment.postings(fieldname, term).is_active()}
        found |= terms
    return found


def _storage(folder: Path) -> FileStorage:
    """Whoosh's file storage without mmap.  With mmap, Whoosh wraps each part
    of a segment in a BytesIO, which copies it: opening a reader of the
    31,270-document index cost 360 MiB.  Without, it reads what it needs."""
    return FileStorage(str(folder), supports_mmap=False)


def _write_meta(folder: Path, meta: dict[str, object]) -> None:
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / META_FILE)
