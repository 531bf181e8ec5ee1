"""An arsearch index on a SolrCloud collection: the cluster backend's index stage.

Solr never analyses Arabic here.  Every searched field goes in already
analysed by arsearch (the same analyzers as the local index's schema), as
Solr ``PreAnalyzedField`` JSON token streams: each token's term, its
position increment and, for the fields that show text, its offsets into the
original.  The collection's schema and configuration ship in
``index/solr-configset`` (its schema is named ``arsearch-<SCHEMA_VERSION>.1``,
the local schema's version and the collection's own, checked on opening).

A location is written ``solr://host:port[,host:port...]/collection`` (or
``solr+https://``); credentials come from ``ARSEARCH_SOLR_USER`` and
``ARSEARCH_SOLR_PASSWORD``, never from the command line.  Requests go to
the first host that answers; a transient failure (connection refused, a
timeout, 5xx) is retried on the next host, with a growing pause.

The vocabulary tables (``index.vocabulary``) are built from the
collection's own ``surface`` terms (Solr's terms component, summed over the
shards) and kept in a local cache keyed by the collection's state, so that
variants work on the cluster as they do locally.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.fields import Schema
from whoosh.util.numeric import byte_to_length, length_to_byte

from analyzers.chain import DEFAULT_ANALYSIS, ArabicAnalysis

from .dates import PERIOD_CHARS, UNDATED
from .documents import Document, Notice, Problem
from .errors import ArsearchError
from .schema import ROOT_FIELD, SCHEMA_VERSION, SURFACE_FIELD, TEXT_FIELD, build_schema, document_fields
from .store import DeleteResult, IndexReport, IndexStats
from .vocabulary import VocabularyTables, read_tables, tables_from_counts, write_tables

CONFIGSET = Path(__file__).parent / "solr-configset"  # schema.xml and solrconfig.xml to create a collection with
# the local schema's version, and the collection schema's own (its fields beyond the local ones)
SCHEMA_NAME = f"arsearch-{SCHEMA_VERSION}.1"
USER_VARIABLE, PASSWORD_VARIABLE = "ARSEARCH_SOLR_USER", "ARSEARCH_SOLR_PASSWORD"
SCHEMES = {"solr": "http", "solr+http": "http", "solr+https": "https"}
BATCH_DOCUMENTS = 400  # per update request: a few MB of token streams
ATTEMPTS = 4  # per request, across the hosts, pausing 0.5, 1, 2 s between rounds
TIMEOUT = 120.0  # seconds for one request (a commit of a large batch takes a while)
MAX_URL_QUERY = 4_000  # characters of parameters sent in a URL; longer ones are POSTed
ID_PAGE = 2_000  # ids read per request when listing the whole collection

# analysed fields: (name, positions, offsets).  The surface and root fields only rank (no positions).
_ANALYSED = ((TEXT_FIELD, True, True), ("title", True, True), (SURFACE_FIELD, False, False), (ROOT_FIELD, False, False))
_STORED = ("id", "version", "body", "source", "date", "url", "author", "source_key")


# The fields whose lengths each document carries, exact and as Whoosh keeps
# them (one byte), so that the cluster scores them as the local index does
# (searcher/solrquery.py).
SCORED_FIELDS = (TEXT_FIELD, SURFACE_FIELD, ROOT_FIELD)


def length_field(fieldname: str) -> str:
    """The field holding *fieldname*'s length as Whoosh keeps it."""
    return f"{fieldname}_length"


def tokens_field(fieldname: str) -> str:
    """The field holding *fieldname*'s exact length in tokens."""
    return f"{fieldname}_tokens"


class ClusterError(ArsearchError):
    """The cluster did not answer, refused a request, or is not arsearch's."""


def is_location(text: str | os.PathLike[str]) -> bool:
    """Whether *text* names a cluster (``solr://...``) rather than a folder."""
    return isinstance(text, str) and "://" in text and text.split("://", 1)[0].lower() in (*SCHEMES, "opensearch",
                                                                                            "opensearch+https")


@dataclass(frozen=True)
class SolrLocation:
    scheme: str  # http or https
    hosts: tuple[str, ...]  # host:port, tried in order
    collection: str

    @classmethod
    def parse(cls, text: str) -> SolrLocation:
        kind, _, rest = text.partition("://")
        kind = kind.lower()
        if kind.startswith("opensearch"):
            raise ClusterError(f"{text}: OpenSearch is not supported yet; use a SolrCloud collection (solr://host:port/collection)")
        if kind not in SCHEMES:
            raise ClusterError(f"{text}: unknown engine «{kind}»; write solr://host:port/collection")
        hosts, _, collection = rest.partition("/")
        collection = collection.strip("/")
        if "@" in hosts:
            raise ClusterError(f"{kind}://…: credentials do not belong in the URL; "
                               f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}")
        if not hosts or not collection or "/" in collection:
            raise ClusterError(f"{text}: write solr://host:port[,host:port]/collection")
        return cls(SCHEMES[kind], tuple(h.strip() for h in hosts.split(",") if h.strip()), collection)

    def __str__(self) -> str:
        kind = "solr" if self.scheme == "http" else "solr+https"
        return f"{kind}://{','.join(self.hosts)}/{self.collection}"


class SolrClient:
    """JSON over HTTP to a SolrCloud collection, with failover between hosts
    and retries of transient failures.  Safe to share between threads (each
    request opens its own connection)."""

    def __init__(self, location: SolrLocation) -> None:
        self.location = location
        self._first = 0  # the host that answered last: tried first next time
        user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
        self._auth = ("Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()) if user else None

    def request(self, path: str, params: dict[str, Any] | None = None, body: Any = None,
                collection: bool = True, host: str | None = None, data: bytes | None = None) -> dict[str, Any]:
        """*path* under the collection (or under /solr when not *collection*):
        a GET, or a POST of *body* (JSON) or of long parameters (form-encoded:
        a long query does not fit a URL), or of raw *data*.  *host*: that node only."""
        query = urllib.parse.urlencode(_flat(params or {}), doseq=True)
        if data is not None:
            url_query, content_type = query, "application/octet-stream"
        elif body is None and len(query) < MAX_URL_QUERY:
            data, url_query, content_type = None, query, "application/x-www-form-urlencoded"
        elif body is None:
            data, url_query, content_type = query.encode(), "", "application/x-www-form-urlencoded"
        else:
            data, url_query, content_type = json.dumps(body, ensure_ascii=False).encode(), query, "application/json"
        prefix = f"/solr/{self.location.collection}" if collection else "/solr"
        last: str = ""
        hosts = (host,) if host else self.location.hosts
        for attempt in range(ATTEMPTS * len(hosts)):
            if attempt and attempt % len(hosts) == 0:
                time.sleep(0.5 * 2 ** (attempt // len(hosts) - 1))
            index = (self._first + attempt) % len(hosts)
            url = f"{self.location.scheme}://{hosts[index]}{prefix}{path}" + (f"?{url_query}" if url_query else "")
            request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
            if self._auth:
                request.add_header("Authorization", self._auth)
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    answer = json.loads(response.read())
                if not host:
                    self._first = index
                return answer
            except urllib.error.HTTPError as err:
                detail = _solr_message(err)
                if err.code in (401, 403):
                    raise ClusterError(f"{self.location}: access refused ({err.code}); "
                                       f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}") from None
                if err.code == 404:
                    raise ClusterError(f"{self.location}: no collection «{self.location.collection}» there "
                                       f"({detail}); create it with the configset in {CONFIGSET} "
                                       "(docs/scale-out.md)") from None
                if err.code < 500:
                    raise ClusterError(f"{self.location}: the request was refused: {detail}") from None
                last = f"{hosts[index]}: {err.code} {detail}"
            except (urllib.error.URLError, OSError, ValueError) as err:
                last = f"{hosts[index]}: {getattr(err, 'reason', err)}"
        raise ClusterError(f"{self.location}: no node answered ({last}); is the cluster running?")

    def select(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.request("/select", params)

    def update(self, commands: Any, **params: Any) -> dict[str, Any]:
        return self.request("/update", params, body=commands)


def _flat(params: dict[str, Any]) -> list[tuple[str, str]]:
    items = []
    for key, value in params.items():
        for one in value if isinstance(value, (list, tuple)) else [value]:
            items.append((key, "true" if one is True else "false" if one is False else str(one)))
    return items


def _solr_message(err: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(err.read())["error"]["msg"]).splitlines()[0]
    except Exception:  # not Solr's JSON error: the status line is all there is
        return str(err.reason)


_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/ ')


def escaped(term: str) -> str:
    """*term* as one term in Solr's standard query syntax."""
    return "".join("\\" + c if c in _SPECIAL or c.isspace() else c for c in term)


def create_collection(location: str, shards: int = 2, replicas: int = 2) -> SolrLocation:
    """Create the collection at *location* with arsearch's configset
    (uploaded under the name SCHEMA_NAME when the cluster lacks it): *shards*
    shards, *replicas* copies of each.  ClusterError when it exists already."""
    where = SolrLocation.parse(location)
    client = SolrClient(where)
    listed = client.request("/admin/configs", {"action": "LIST"}, collection=False).get("configSets", [])
    if SCHEMA_NAME not in listed:
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as archive:
            for path in sorted(CONFIGSET.iterdir()):
                archive.write(path, path.name)
        client.request("/admin/configs", {"action": "UPLOAD", "name": SCHEMA_NAME}, collection=False,
                       data=packed.getvalue())
    client.request("/admin/collections", {"action": "CREATE", "name": where.collection, "numShards": shards,
                                          "replicationFactor": replicas, "collection.configName": SCHEMA_NAME,
                                          "waitForFinalState": "true"}, collection=False)
    return where


# -- documents ---------------------------------------------------------------------------

def token_stream(analyzer: Any, value: str, positions: bool, offsets: bool, stored: bool = False) -> tuple[str, int]:
    """*value* analysed by *analyzer* as Solr's JSON pre-analysed format:
    each token's term, position increment (when *positions*) and offsets
    into *value* (when *offsets*); *value* itself too when *stored*.  And
    the number of tokens (the field's length, as Whoosh counts it)."""
    tokens = []
    previous = -1
    for token in analyzer(value, positions=True, chars=offsets, mode="index"):
        entry: dict[str, Any] = {"t": token.text}
        if positions:
            entry["i"] = token.pos - previous
            previous = token.pos
        if offsets:
            entry["s"], entry["e"] = token.startchar, token.endchar
        tokens.append(entry)
    stream: dict[str, Any] = {"v": "1", "tokens": tokens}
    if stored:
        stream["str"] = value
    return json.dumps(stream, ensure_ascii=False, separators=(",", ":")), len(tokens)


def solr_document(schema: Schema, doc: Document, version: str) -> dict[str, Any]:
    """*doc* as the collection takes it: the local index's fields, each
    analysed field as a token stream from the schema's own analyzer."""
    fields = document_fields(doc, version)
    solr: dict[str, Any] = {name: fields[name] for name in _STORED if fields.get(name)}
    for name, positions, offsets in _ANALYSED:
        solr[name], length = token_stream(schema[name].analyzer, fields.get(name, ""), positions, offsets,
                                          stored=name == "title")
        if name in SCORED_FIELDS:
            solr[tokens_field(name)], solr[length_field(name)] = length, byte_to_length(length_to_byte(length))
    date_key = fields.get("date_key", UNDATED)
    if date_key != UNDATED:  # an undated document has no date fields: filters leave it out, date order puts it last
        solr["date_key"] = date_key
        for period, chars in PERIOD_CHARS.items():
            solr[period] = date_key[:chars]
    return solr


_worker_schema: Schema | None = None


def _start_worker(schema: Schema) -> None:
    global _worker_schema
    _worker_schema = schema


def _analysed(item: tuple[Document, str]) -> dict[str, Any]:
    """A document as the collection takes it, in a worker process."""
    assert _worker_schema is not None
    return solr_document(_worker_schema, *item)


# -- the collection ---------------------------------------------------------------------

class SolrStore:
    """An arsearch collection on a SolrCloud cluster: adding, deleting,
    statistics and the vocabulary tables.  Safe to share between threads."""

    def __init__(self, location: SolrLocation, cache_folder: Path | None = None) -> None:
        self.location = location
        self.client = SolrClient(location)
        self.analysis: ArabicAnalysis = DEFAULT_ANALYSIS  # a collection is analysed with the defaults
        self.schema = build_schema(self.analysis)
        self.cache_folder = cache_folder
        self._tables: tuple[tuple[int, int], VocabularyTables, Counter[str]] | None = None
        self._tables_lock = threading.Lock()

    @classmethod
    def open(cls, location: str, cache_folder: Path | None = None) -> SolrStore:
        """Open the collection at *location*; ClusterError when no node
        answers or its schema is not arsearch's."""
        store = cls(SolrLocation.parse(location), cache_folder)
        name = store.client.request("/schema/name").get("name")
        if name != SCHEMA_NAME:
            raise ClusterError(f"{store.location}: the collection's schema is «{name}», not arsearch's "
                               f"«{SCHEMA_NAME}»; create the collection with the configset in {CONFIGSET}")
        return store

    @property
    def path(self) -> str:
        return str(self.location)

    # -- reading -----------------------------------------------------------------------
    def state(self) -> tuple[int, int]:
        """(documents, latest update's version): changes with every commit that adds, replaces or removes."""
        answer = self.client.select({"q": "*:*", "rows": 1, "fl": "_version_", "sort": "_version_ desc"})
        docs = answer["response"]["docs"]
        return int(answer["response"]["numFound"]), int(docs[0]["_version_"]) if docs else 0

    def stats(self) -> IndexStats:
        return IndexStats(str(self.location), self.state()[0], self._size())

    def _size(self) -> int:
        """Bytes of the collection's index on disk, over one active replica of each shard."""
        try:
            status = self.client.request("/admin/collections", {"action": "CLUSTERSTATUS",
                                                                 "collection": self.location.collection}, collection=False)
            shards = status["cluster"]["collections"][self.location.collection]["shards"]
            total = 0
            for shard in shards.values():
                replica = next(r for r in shard["replicas"].values() if r.get("state") == "active")
                cores = self.client.request("/admin/cores", {"action": "STATUS", "core": replica["core"]},
                                            collection=False, host=replica["node_name"].rsplit("_", 1)[0])
                total += int(cores["status"][replica["core"]]["index"]["sizeInBytes"])
            return total
        except (ClusterError, KeyError, StopIteration):  # sizes are a courtesy: never fail stats for them
            return 0

    def written_counts(self) -> Counter[str]:
        """Documents per written word (the surface field's terms, over every shard)."""
        answer = self.client.request("/terms", {"terms.fl": SURFACE_FIELD, "terms.limit": -1, "terms.sort": "index",
                                                "terms.mincount": 1})
        flat = answer["terms"][SURFACE_FIELD]
        if isinstance(flat, dict):
            return Counter({word: int(n) for word, n in flat.items()})
        return Counter({flat[i]: int(flat[i + 1]) for i in range(0, len(flat), 2)})

    def vocabulary(self) -> tuple[tuple[int, int], VocabularyTables, Counter[str]]:
        """The collection's state, its vocabulary tables and written-word
        counts: from memory, the local cache, or built from its terms."""
        state = self.state()
        with self._tables_lock:
            if self._tables is None or self._tables[0] != state:
                self._tables = self._cached(state) or self._build(state)
            return self._tables

    def _cache_file(self) -> Path | None:
        if self.cache_folder is None:
            return None
        digest = hashlib.sha1(f"{self.location.hosts[0]}/{self.location.collection}".encode()).hexdigest()[:16]
        return self.cache_folder / f"vocabulary-{self.location.collection}-{digest}.json"

    def _cached(self, state: tuple[int, int]) -> tuple[tuple[int, int], VocabularyTables, Counter[str]] | None:
        path = self._cache_file()
        found = read_tables(path, state=list(state)) if path else None
        if found is None:
            return None
        tables, raw = found
        return state, tables, Counter(raw["counts"])

    def _build(self, state: tuple[int, int]) -> tuple[tuple[int, int], VocabularyTables, Counter[str]]:
        counts = self.written_counts()
        tables = tables_from_counts(Counter(counts), self.analysis.forms)
        path = self._cache_file()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_tables(path, tables, state=list(state), counts=counts)
            except OSError:  # no cache: the tables are rebuilt by the next process
                pass
        return state, tables, counts

    def versions(self, ids: list[str]) -> dict[str, str]:
        """The stored version of each of *ids* that the collection holds."""
        if not ids:
            return {}
        answer = self.client.select({"q": "id:(" + " OR ".join(map(escaped, ids)) + ")", "fl": "id,version",
                                     "rows": len(ids)})
        return {d["id"]: d.get("version", "") for d in answer["response"]["docs"]}

    def all_ids(self) -> Iterator[str]:
        """Every id in the collection (paged with a cursor: steady at any size)."""
        cursor = "*"
        while True:
            answer = self.client.select({"q": "*:*", "fl": "id", "rows": ID_PAGE, "sort": "id asc", "cursorMark": cursor})
            for doc in answer["response"]["docs"]:
                yield doc["id"]
            if answer.get("nextCursorMark", cursor) == cursor:
                return
            cursor = answer["nextCursorMark"]

    # -- writing -----------------------------------------------------------------------
    def add(
        self,
        items: Iterable[Document | Problem | Notice],
        on_item: Callable[[Document | Problem | Notice], None] | None = None,
        procs: int = 1,
        sync: bool = False,
        dry_run: bool = False,
    ) -> IndexReport:
        """Add or replace documents in batches, then commit once.  Idempotent
        by id: a document already there with the same content is skipped, a
        changed one replaced.  *sync*, *dry_run* as in ``IndexStore.add``;
        *procs* > 1 analyses in that many worker processes (the analysis is
        arsearch's; Solr only writes)."""
        with (multiprocessing.Pool(procs, _start_worker, (self.schema,)) if procs > 1
              else contextlib.nullcontext()) as pool:
            return self._add(items, on_item, pool, sync, dry_run)

    def _add(self, items: Iterable[Document | Problem | Notice],
             on_item: Callable[[Document | Problem | Notice], None] | None,
             pool: Any, sync: bool, dry_run: bool) -> IndexReport:
        started = time.perf_counter()
        report = IndexReport(dry_run=dry_run)
        seen: dict[str, str] = {}  # id → outcome in this run
        batch: list[Document] = []
        changed = False

        def flush() -> None:
            nonlocal changed
            known = self.versions([doc.id for doc in batch])
            changed_docs = []
            for doc in batch:
                version = f"{doc.id}\x1f{doc.digest()}"
                if doc.id in seen:  # the same id twice in one run: the later one wins
                    report.duplicates += 1
                    if known.get(doc.id) == version:
                        continue
                    setattr(report, seen[doc.id], getattr(report, seen[doc.id]) - 1)
                    outcome = "updated"
                elif known.get(doc.id) == version:
                    outcome = "unchanged"
                else:
                    outcome = "updated" if doc.id in known else "added"
                if outcome != "unchanged":
                    changed_docs.append((doc, version))
                seen[doc.id] = outcome
                setattr(report, outcome, getattr(report, outcome) + 1)
            if changed_docs and not dry_run:
                if pool is not None:
                    documents = pool.map(_analysed, changed_docs, chunksize=max(1, len(changed_docs) // 8))
                else:
                    documents = [solr_document(self.schema, doc, version) for doc, version in changed_docs]
                self.client.update(documents)
                changed = True
            batch.clear()

        for item in items:
            if on_item:
                on_item(item)
            if isinstance(item, Problem):
                report.problems.append(item)
            elif isinstance(item, Notice):
                report.notices.append(item)
            else:
                batch.append(item)
                if len(batch) >= BATCH_DOCUMENTS:
                    flush()
        if batch:
            flush()
        if sync:
            gone = report.sync_removals([doc_id for doc_id in self.all_ids() if doc_id not in seen], seen)
            if gone and not dry_run:
                self._delete(gone)
                changed = True
        if changed:
            self.client.update({"commit": {}})
        report.seconds = time.perf_counter() - started
        return report

    def delete(self, ids: Iterable[str], on_id: Callable[[str], None] | None = None) -> DeleteResult:
        """Remove the documents with these ids; one commit at the end."""
        started = time.perf_counter()
        asked: list[str] = []
        for doc_id in ids:
            if on_id:
                on_id(doc_id)
            if doc_id not in asked:
                asked.append(doc_id)
        present: set[str] = set()
        for start in range(0, len(asked), BATCH_DOCUMENTS):
            present |= self.versions(asked[start:start + BATCH_DOCUMENTS]).keys()
        gone = [doc_id for doc_id in asked if doc_id in present]
        if gone:
            self._delete(gone)
            self.client.update({"commit": {}})
        return DeleteResult(len(gone), [doc_id for doc_id in asked if doc_id not in present],
                            time.perf_counter() - started)

    def _delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), ID_PAGE):
            self.client.update({"delete": ids[start:start + ID_PAGE]})
