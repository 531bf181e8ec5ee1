"""Writing Whoosh segments in bulk: the same files, far less Python per posting.

Whoosh's ``SegmentWriter`` handles every posting several times in Python: it
pickles each into an external-sort pool, heap-merges the runs, looks up the
posting's field length one at a time and adds it to a block one call at a
time.  Here a segment's postings are kept in flat arrays, one set per field
(term id, document, weight, frequency, positions), sorted once with numpy
when the segment is written, and written a block at a time in Whoosh 3's own
format (``whoosh.codec.whoosh3``): pickled, zlib-compressed blocks of 128
postings with the same block and term statistics.  The segment is a plain
Whoosh segment; stock Whoosh opens and reads it unchanged (a test compares it
with one written by Whoosh, posting for posting).

Documents and their stored fields, lengths and columns still go through
Whoosh's per-document writer.  When the pool passes its memory limit, each
field's postings are sorted and spilled to a run on disk; at the commit the
runs are merged term by term into the one segment, so a build of any size
writes one segment in bounded memory.  With several worker processes, each
spills its runs and hands them, with its documents, to the parent, which
merges everything into one segment.
"""

from __future__ import annotations

import heapq
import itertools
import os
import pickle
import queue
import shutil
import tempfile
import struct
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermsReader
from whoosh.fields import FieldType
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from analyzers.chain import WordFormsAnalyzer

_TERMINFO = struct.Struct("!BfIBBfII")  # W3TermInfo's header
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # before each entry of a HashWriter
_UINT = struct.Struct("!I")
_FREQ_SIZE = formats.Frequency.posting_size

# Whoosh pickles with protocol 2, which writes a bytes object as a call to
# _codecs.encode: 40 bytes more for a block of one posting.  Its readers
# unpickle any protocol.  A posting's positions are a list of small ints, for
# which protocol 1 is protocol 2 without its 2-byte header.
_BLOCK_PROTOCOL = 3
_POSITIONS_PROTOCOL = 1
# Terms with at most this many postings keep them in the terms index (W3's
# inlined postings; Whoosh itself never inlines, its limit being 1 below).
_INLINE_POSTINGS = 4
# Whoosh compresses every block; a small one only grows (its readers read the
# compression flag each block carries).
_MIN_COMPRESSED = 64
# zlib's default state (32 KiB window) costs more to set up than a small block
# takes to compress; a window the block's size gives the same bytes 4x faster.
_SMALL_WINDOW_BITS = 12
_SMALL_WINDOW = 1 << _SMALL_WINDOW_BITS
# The postings of a chunk of terms are made Python lists at a time (pickling
# needs them as Python objects); this bounds that memory.
_CHUNK_POSTINGS = 200_000
_BYTES_PER_TERM = 120  # a term's dict entry and string, for the memory limit
# Length bytes decoded, as Whoosh's readers decode them (0 stands for none).
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def _compress_small(data: bytes, level: int) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, _SMALL_WINDOW_BITS, 4)
    return packer.compress(data) + packer.flush()


def _value_kind(fmt: formats.Format) -> str:
    """How a format's posting values are kept and written."""
    if type(fmt) is formats.Positions:
        return "positions"  # the positions, delta-encoded and pickled at write time
    if type(fmt) is formats.Frequency and fmt.fixed_value_size() == _FREQ_SIZE:
        return "frequency"  # the frequency as 4 bytes
    if fmt.fixed_value_size() == 0:
        return "none"
    return "bytes"  # any other format: its encoded values as given


class FieldPostings:
    """One field's postings in one segment, in the order they were added."""

    def __init__(self, fieldobj: FieldType) -> None:
        self.format = fieldobj.format
        self.values = _value_kind(self.format)
        self.terms: dict[str, int] = {}
        self.term_ids = array("I")
        self.docs = array("I")
        self.weights = array("f")
        self.freqs = array("I")
        self.positions = array("I")
        self.raw_values: list[bytes] = []

    @property
    def nbytes(self) -> int:
        return 4 * (len(self.term_ids) * 4 + len(self.positions)) + _BYTES_PER_TERM * len(self.terms)

    def _term_id(self, term: str) -> int:
        terms = self.terms
        tid = terms.get(term)
        if tid is None:
            tid = terms[term] = len(terms)
        return tid

    def add_grouped(self, docnum: int, grouped: dict[str, list[int]], boost: float) -> int:
        """A document's terms with their positions; returns the field length."""
        terms, term_ids, docs, weights, freqs = self.terms, self.term_ids, self.docs, self.weights, self.freqs
        keep_positions = self.values == "positions"
        length = 0
        for term, positions in grouped.items():
            tid = terms.get(term)
            if tid is None:
                tid = terms[term] = len(terms)
            n = len(positions)
            length += n
            term_ids.append(tid)
            docs.append(docnum)
            weights.append(n * boost)
            freqs.append(n)
            if keep_positions:
                self.positions.extend(positions)
        return length

    def add(self, tbytes: bytes, docnum: int, weight: float, vbytes: bytes | None) -> None:
        """One posting as Whoosh's pool takes it (merged segments, other fields)."""
        self.term_ids.append(self._term_id(tbytes.decode("utf-8", "surrogateescape")))
        self.docs.append(docnum)
        self.weights.append(weight)
        if self.values == "positions":
            positions = self.format.decode_positions(vbytes)
            self.freqs.append(len(positions))
            self.positions.extend(positions)
        elif self.values == "frequency":
            self.freqs.append(self.format.decode_frequency(vbytes))
        else:
            self.freqs.append(0)
            if self.values == "bytes":
                self.raw_values.append(vbytes or b"")


class ColumnarPool:
    """A segment's postings, by field; stands in for Whoosh's ``PostingPool``
    (its ``add`` takes the pool's tuples, for merges)."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.fields: dict[str, FieldPostings] = {}

    def field(self, fieldname: str) -> FieldPostings:
        postings = self.fields.get(fieldname)
        if postings is None:
            postings = self.fields[fieldname] = FieldPostings(self.schema[fieldname])
        return postings

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        self.field(fieldname).add(tbytes, docnum, weight, vbytes)

    @property
    def nbytes(self) -> int:
        return sum(f.nbytes for f in self.fields.values())

    def cleanup(self) -> None:
        self.fields.clear()


@dataclass
class SortedRun:
    """One field's postings sorted by term, then document: a pool spilled to
    disk, or the pool at the end.  ``positions`` holds each posting's
    positions in turn; ``raw_values`` each posting's value (other formats)."""

    keys: list[bytes]  # the terms, sorted
    term_index: np.ndarray  # per posting: its term in ``keys`` (non-decreasing)
    docs: np.ndarray  # (or a _DiskArray, for each of these arrays)
    freqs: np.ndarray
    weights: np.ndarray
    positions: np.ndarray | None = None
    raw_values: list[bytes] | None = None
    doc_offset: int = 0  # added to ``docs`` (a worker's documents in the final segment)

    @property
    def first_doc(self) -> int:
        return self.doc_offset + int(self.docs[0:1][0]) if len(self.docs) else -1


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indexes ``starts[i]`` to ``starts[i] + lengths[i]``, one range after another."""
    lengths = lengths.astype(np.int64)
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts.astype(np.int64) - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)


def sort_postings(postings: FieldPostings) -> SortedRun:
    """A field's pool as a run sorted by term, then document."""
    keys = [t.encode("utf-8", "surrogateescape") for t in postings.terms]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(len(keys), dtype=np.int32)
    rank[order] = np.arange(len(keys), dtype=np.int32)
    by_term = rank[np.frombuffer(postings.term_ids, dtype=np.uint32)]
    del rank
    # Postings were added in document order (new documents, then merged
    # segments after them), so a stable sort by term keeps each term's in order
    perm = np.argsort(by_term, kind="stable")
    freqs = np.frombuffer(postings.freqs, dtype=np.uint32)
    run = SortedRun([keys[i] for i in order], by_term[perm],
                    np.frombuffer(postings.docs, dtype=np.uint32)[perm].astype(np.int32),
                    freqs[perm], np.frombuffer(postings.weights, dtype=np.float32)[perm])
    if postings.values == "positions":
        starts = np.cumsum(freqs, dtype=np.int64) - freqs  # each posting's first position, in the order added
        run.positions = np.frombuffer(postings.positions, dtype=np.uint32)[_ranges(starts[perm], run.freqs)] \
            .astype(np.int32)
    elif postings.values == "bytes":
        run.raw_values = [postings.raw_values[i] for i in perm.tolist()]
    return run


_RUN_ARRAYS = ("term_index", "docs", "freqs", "weights", "positions")


def save_run(run: SortedRun, path: Path) -> None:
    """A run into files beside *path* (read back by ``load_run``)."""
    np.save(f"{path}.keys.npy", np.frombuffer(b"".join(run.keys), dtype=np.uint8))
    np.save(f"{path}.keylens.npy", np.array([len(k) for k in run.keys], dtype=np.int32))
    for name in _RUN_ARRAYS:
        array_ = getattr(run, name)
        if array_ is not None:
            np.save(f"{path}.{name}.npy", array_)
    if run.raw_values is not None:
        with open(f"{path}.raw", "wb") as fh:
            pickle.dump(run.raw_values, fh, pickle.HIGHEST_PROTOCOL)


class _DiskArray:
    """A 1-d array saved by ``np.save``, read a slice at a time.  (A memory
    map would count every page read in the process's resident memory.)"""

    def __init__(self, path: str) -> None:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            shape, _fortran, dtype = (np.lib.format.read_array_header_1_0(fh) if version == (1, 0)
                                      else np.lib.format.read_array_header_2_0(fh))
            self.offset = fh.tell()
        self.path, self.dtype, self.size = path, np.dtype(dtype), int(shape[0])

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, part: slice) -> np.ndarray:
        start, stop, _step = part.indices(self.size)
        return np.fromfile(self.path, dtype=self.dtype, count=max(0, stop - start),
                           offset=self.offset + start * self.dtype.itemsize)


def load_run(path: Path, doc_offset: int = 0) -> SortedRun:
    """A run saved by ``save_run``; its arrays are read a slice at a time."""
    blob = np.load(f"{path}.keys.npy").tobytes()
    ends = np.cumsum(np.load(f"{path}.keylens.npy"), dtype=np.int64).tolist()
    keys = [blob[start:end] for start, end in zip([0, *ends[:-1]], ends)]
    arrays = {name: _DiskArray(f"{path}.{name}.npy") if os.path.exists(f"{path}.{name}.npy") else None
              for name in _RUN_ARRAYS}
    raw_values = None
    if os.path.exists(f"{path}.raw"):
        with open(f"{path}.raw", "rb") as fh:
            raw_values = pickle.load(fh)
    return SortedRun(keys, raw_values=raw_values, doc_offset=doc_offset, **arrays)  # type: ignore[arg-type]


@dataclass
class _Chunk:
    """Whole terms and their postings, sorted, ready to write."""

    keys: list[bytes]
    counts: np.ndarray  # postings per term
    docs: np.ndarray
    freqs: np.ndarray
    weights: np.ndarray
    positions: np.ndarray | None
    raw_values: list[bytes] | None


def _merged_chunks(runs: list[SortedRun]) -> Iterator[_Chunk]:
    """The runs' postings merged, term by term, in chunks of whole terms
    (about _CHUNK_POSTINGS postings each).  *runs* hold consecutive ranges of
    documents, in order, so a stable sort by term keeps documents in order."""
    if len(runs) == 1:
        keys, by_term = runs[0].keys, [runs[0].term_index[:]]
    else:  # one vocabulary: the runs' sorted terms merged
        keys = []
        maps = [np.empty(len(run.keys), dtype=np.int32) for run in runs]
        last = None
        for key, r, i in heapq.merge(*[zip(run.keys, itertools.repeat(r), itertools.count())
                                       for r, run in enumerate(runs)]):
            if key != last:
                keys.append(key)
                last = key
            maps[r][i] = len(keys) - 1
        by_term = [maps[r][run.term_index[:]] for r, run in enumerate(runs)]
        del maps
    counts = sum(np.bincount(g, minlength=len(keys)) for g in by_term)
    term_starts = np.concatenate(([0], np.cumsum(counts)))
    has_positions = runs[0].positions is not None
    at_posting = [0] * len(runs)  # each run's next posting, and its first position
    at_position = [0] * len(runs)
    t0 = 0
    while t0 < len(keys):
        p0 = int(term_starts[t0])
        t1 = min(max(int(np.searchsorted(term_starts, p0 + _CHUNK_POSTINGS, side="right")) - 1, t0 + 1), len(keys))
        parts, terms, docs, freqs, weights, positions = [], [], [], [], [], []
        raw: list[bytes] | None = [] if runs[0].raw_values is not None else None
        for r, run in enumerate(runs):
            a, b = at_posting[r], int(np.searchsorted(by_term[r], t1))
            if a == b:
                continue
            parts.append(r)
            terms.append(by_term[r][a:b])
            docs.append(run.docs[a:b].astype(np.int64) + run.doc_offset)
            run_freqs = run.freqs[a:b]
            freqs.append(run_freqs)
            weights.append(run.weights[a:b])
            if has_positions:
                npos = int(run_freqs.sum(dtype=np.int64))
                positions.append(run.positions[at_position[r]:at_position[r] + npos])  # type: ignore[index]
                at_position[r] += npos
            if raw is not None:
                raw += run.raw_values[a:b]  # type: ignore[index]
            at_posting[r] = b
        chunk = _Chunk(keys[t0:t1], counts[t0:t1], np.concatenate(docs), np.concatenate(freqs),
                       np.concatenate(weights), np.concatenate(positions) if has_positions else None, raw)
        if len(parts) > 1:
            perm = np.argsort(np.concatenate(terms), kind="stable")
            if chunk.positions is not None:
                starts = np.cumsum(chunk.freqs, dtype=np.int64) - chunk.freqs
                chunk.positions = chunk.positions[_ranges(starts[perm], chunk.freqs[perm])]
            chunk.docs, chunk.freqs, chunk.weights = chunk.docs[perm], chunk.freqs[perm], chunk.weights[perm]
            if raw is not None:
                chunk.raw_values = [raw[i] for i in perm.tolist()]
        yield chunk
        t0 = t1


class _TermsWriter:
    """Writes chunks of one field's terms and postings into a segment's terms
    index and postings file, in Whoosh 3's format: blocks of at most
    ``blocklimit`` postings (delta-coded ids, weights, values), block and term
    statistics as ``W3PostingsWriter`` and ``W3TermInfo`` keep them."""

    def __init__(self, fieldwriter: W3FieldWriter, fieldkey: bytes, fmt: formats.Format,
                 doc_bytes: np.ndarray, codec: W3Codec) -> None:
        self.postfile = fieldwriter._postfile
        self.tindex = fieldwriter._tindex
        self.fieldkey = fieldkey
        self.value_kind = _value_kind(fmt)
        self.fixed = fmt.fixed_value_size()
        self.doc_bytes = doc_bytes
        self.blocklimit, self.comp = codec._blocklimit, codec._compression
        self.single_positions: dict[int, bytes] = {}  # a one-position value, by position (most postings)

    def _values(self, chunk: _Chunk) -> list[bytes]:
        """Each posting's positions as Whoosh's Positions format encodes them."""
        freqs = chunk.freqs.astype(np.int64)
        positions = chunk.positions.astype(np.int64)  # type: ignore[union-attr]
        starts = np.cumsum(freqs) - freqs
        firsts = starts[freqs > 0]
        deltas = np.diff(positions, prepend=0)
        deltas[firsts] = positions[firsts]
        deltas_l, dumps, single = deltas.tolist(), pickle.dumps, self.single_positions
        values = []
        for s, f in zip(starts.tolist(), freqs.tolist()):
            if f == 1:
                p = deltas_l[s]
                v = single.get(p)
                if v is None:
                    v = single[p] = pack_uint(1) + dumps([p], _POSITIONS_PROTOCOL)
            else:
                v = pack_uint(f) + dumps(deltas_l[s:s + f], _POSITIONS_PROTOCOL)
            values.append(v)
        return values

    def write(self, chunk: _Chunk) -> None:
        blocklimit, comp, fixed, value_kind = self.blocklimit, self.comp, self.fixed, self.value_kind
        counts = chunk.counts
        term_starts = np.concatenate(([0], np.cumsum(counts)))
        docs = chunk.docs.astype(np.int64)
        # Document numbers delta-encoded within each block (Whoosh's _mini_ids)
        block_starts = [term_starts[:-1]]
        for t in np.flatnonzero(counts > blocklimit).tolist():  # the few terms of more than one block
            block_starts.append(np.arange(term_starts[t] + blocklimit, term_starts[t + 1], blocklimit))
        block_first = np.concatenate(block_starts)
        deltas = np.diff(docs, prepend=0)
        deltas[block_first] = docs[block_first]
        in_order = deltas > 0
        in_order[block_first] = True
        if not in_order.all():  # the order assumed when sorting: a broken posting list must not be written
            raise ValueError(f"postings out of document order ({int((~in_order).sum())})")

        docs_l, deltas_l = docs.tolist(), deltas.tolist()
        weights_l = chunk.weights.tolist()
        lbytes_l = self.doc_bytes[docs].tolist() if len(self.doc_bytes) else [0] * len(docs_l)
        values_l = self._values(chunk) if value_kind == "positions" else None
        freq_bytes = chunk.freqs.astype(">u4").tobytes() if value_kind == "frequency" else b""
        raw_values = chunk.raw_values

        def values_of(a: int, b: int, inline: bool) -> Any:
            """Postings a to b's values as a block (or a list inlined in the term info) keeps them."""
            if value_kind == "positions":
                return tuple(values_l[a:b])  # type: ignore[index]
            if value_kind == "frequency":
                return tuple(freq_bytes[i * fixed:(i + 1) * fixed] for i in range(a, b)) if inline \
                    else freq_bytes[a * fixed:b * fixed]
            if value_kind == "none":
                return () if inline else None
            if inline or fixed is None or fixed < 0:
                return tuple(raw_values[a:b])  # type: ignore[index]
            return b"".join(raw_values[a:b])  # type: ignore[index]

        dumps, compress, pack_int_, pack_lengths = pickle.dumps, zlib.compress, pack_int, _KEY_VALUE_LENGTHS.pack
        pack_terminfo = _TERMINFO.pack
        magic = WHOOSH3_HEADER_MAGIC
        tindex = self.tindex
        hashfn, buckets, tindex_positions = tindex.hashfn, tindex.buckets, tindex.index
        buf = bytearray()
        tbuf = bytearray()
        base = self.postfile.tell()
        tbase = tindex.dbfile.tell()
        starts_l = term_starts.tolist()
        key = b""
        for t, term in enumerate(chunk.keys):
            a, b = starts_l[t], starts_l[t + 1]
            if b - a <= _INLINE_POSTINGS:
                # A short list goes into its term info (Whoosh reads it with a
                # ListMatcher): no block, no offset, one read fewer
                w = weights_l[a:b]
                min_len, max_len = _length_range(lbytes_l[a:b])
                wmax = max(w)
                info = pack_terminfo(1, sum(w), b - a, min_len, max_len, wmax if wmax > 0 else 0, docs_l[a],
                                     docs_l[b - 1]) \
                    + dumps((tuple(docs_l[a:b]), None if min(w) == wmax == 1.0 else tuple(w), values_of(a, b, True)),
                            _BLOCK_PROTOCOL)
            else:
                start_offset = base + len(buf)
                buf += magic
                total_weight = 0.0
                term_min_len = term_max_len = 0
                term_max_weight = 0
                for s in range(a, b, blocklimit):
                    e = min(s + blocklimit, b)
                    w = weights_l[s:e]
                    wmin, wmax = min(w), max(w)
                    mini_w = None if wmin == wmax == 1.0 else (w[0] if wmin == wmax else tuple(w))
                    data = dumps((tuple(deltas_l[s:e]), mini_w, values_of(s, e, False)), _BLOCK_PROTOCOL)
                    block_comp = comp if len(data) >= _MIN_COMPRESSED else 0
                    if block_comp:
                        data = compress(data, block_comp) if len(data) > _SMALL_WINDOW else _compress_small(data, block_comp)
                    min_len, max_len = _length_range(lbytes_l[s:e])
                    top = wmax if wmax > 0 else 0
                    info = dumps((e - s, docs_l[e - 1], int(top) if top == int(top) else top, block_comp, min_len,
                                  max_len), _BLOCK_PROTOCOL)
                    size = len(info) + len(data)
                    buf += pack_int_(-size if e == b else size)
                    buf += info
                    buf += data
                    total_weight += sum(w)
                    if min_len and (not term_min_len or min_len < term_min_len):
                        term_min_len = min_len
                    if max_len > term_max_len:
                        term_max_len = max_len
                    if wmax > term_max_weight:
                        term_max_weight = wmax
                info = pack_terminfo(0, total_weight, b - a, term_min_len, term_max_len, term_max_weight,
                                     docs_l[a], docs_l[b - 1]) + pack_long(start_offset) \
                    + pack_int_(base + len(buf) - start_offset)
            # OrderedHashWriter.add, a chunk at a time
            key = self.fieldkey + term
            pos = tbase + len(tbuf)
            tindex_positions.append(pos)
            tbuf += pack_lengths(len(key), len(info))
            tbuf += key
            tbuf += info
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
        self.postfile.write(bytes(buf))
        tindex.dbfile.write(bytes(tbuf))
        if key:
            tindex.lastkey = key


def _length_range(length_bytes: list[int]) -> tuple[int, int]:
    """The smallest non-zero and the largest of some postings' length bytes
    (0 for none), as block and term statistics keep them."""
    longest = max(length_bytes)
    return (min([n for n in length_bytes if n]) if longest else 0), longest


def _segment_length_bytes(writer: SegmentWriter, fieldnames: set[str]) -> dict[str, np.ndarray]:
    """Each field's length byte in every document of the writer's segment
    (0: none), as block and term statistics record it."""
    lengths: dict[str, np.ndarray] = {}
    pdr = writer.per_document_reader()
    try:
        count = pdr.doc_count_all()
        for fieldname in fieldnames:
            decoded = np.array([pdr.doc_field_length(docnum, fieldname) or 0 for docnum in range(count)], dtype=np.int64)
            lengths[fieldname] = np.searchsorted(_BYTE_LENGTHS, decoded).astype(np.uint8)
    finally:
        pdr.close()
    return lengths


def bulk_writable(schema: Any, codec: Any) -> bool:
    """Whether the bulk writer can write this schema with this codec (Whoosh 3,
    no term vectors, no separate spelling fields)."""
    return type(codec) is W3Codec and not any(
        field.vector or field.separate_spelling() for _name, field in schema.items())


def _refuse_unwritable(ix: Any, codec: Any) -> None:
    """Before the index is locked: a schema or codec this writer would write wrongly."""
    if not bulk_writable(ix.schema, codec or default_codec()):
        raise ValueError("the bulk writer writes Whoosh 3 segments without term vectors or spelling fields")


_RUNS_PREFIX = "arsearch-runs-"


class BulkSegmentMixin:
    """What the bulk writers change in Whoosh's ``SegmentWriter``: the pool
    (spilled to sorted runs on disk past the memory limit), the documents'
    analysis and the writing of postings (all runs merged into one segment)."""

    pool: ColumnarPool

    def _bulk_setup(self, limitmb: int) -> None:
        self.pool = ColumnarPool(self.schema)  # type: ignore[attr-defined]
        self._limit_bytes = limitmb * 1024 * 1024
        self._runs: dict[str, list[tuple[Path, int]]] = {}  # field → spilled runs (path, document offset)
        self._run_dirs: list[Path] = []

    def _run_dir(self) -> Path:
        """A folder for this writer's runs, inside the index folder (so that it is on the same disk)."""
        if not self._run_dirs:
            folder = getattr(self.storage, "folder", None)  # type: ignore[attr-defined]
            self._run_dirs.append(Path(tempfile.mkdtemp(prefix=_RUNS_PREFIX, dir=folder)))
        return self._run_dirs[0]

    def _remove_stale_runs(self) -> None:
        """Run folders a killed writer left in the index folder.  Only the
        writer holding the index's write lock calls this: no other writer
        is running."""
        folder = getattr(self.storage, "folder", None)  # type: ignore[attr-defined]
        if folder:
            for stale in Path(folder).glob(_RUNS_PREFIX + "*"):
                shutil.rmtree(stale, ignore_errors=True)

    def add_document(self, **fields: Any) -> None:
        self._check_state()  # type: ignore[attr-defined]
        schema = self.schema  # type: ignore[attr-defined]
        perdocwriter = self.perdocwriter  # type: ignore[attr-defined]
        docnum = self.docnum  # type: ignore[attr-defined]
        pool = self.pool
        docboost = self._doc_boost(fields)  # type: ignore[attr-defined]
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)  # type: ignore[attr-defined]
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)  # type: ignore[attr-defined]
                    postings = pool.field(fieldname)
                    analyzer = getattr(field, "analyzer", None)
                    if isinstance(analyzer, WordFormsAnalyzer) and isinstance(value, str) \
                            and postings.values in ("positions", "frequency"):
                        length = postings.add_grouped(docnum, analyzer.term_positions(value),
                                                      boost * postings.format.field_boost)
                    else:
                        for tbytes, freq, weight, vbytes in field.index(value):
                            postings.add(tbytes, docnum, weight * boost, vbytes)
                            length += freq
                    if not field.scorable:
                        length = 0
                customval = fields.get("_stored_%s" % fieldname, value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1  # type: ignore[attr-defined]
        if pool.nbytes > self._limit_bytes:
            self._spill()

    def _spill(self) -> None:
        """The pool, field by field, into sorted runs on disk."""
        folder = self._run_dir()
        for fieldname in sorted(self.pool.fields):
            run = sort_postings(self.pool.fields.pop(fieldname))
            if len(run.docs):
                runs = self._runs.setdefault(fieldname, [])
                path = folder / f"{fieldname}.{len(runs)}"
                save_run(run, path)
                runs.append((path, 0))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()  # type: ignore[attr-defined]
        fieldnames = set(self.pool.fields) | set(self._runs)
        length_bytes = _segment_length_bytes(self, fieldnames)  # type: ignore[arg-type]
        fieldwriter, codec = self.fieldwriter, self.codec  # type: ignore[attr-defined]
        for fieldname in sorted(fieldnames):
            fieldobj = self.schema[fieldname]  # type: ignore[attr-defined]
            runs = [load_run(path, offset) for path, offset in self._runs.get(fieldname, ())]
            if fieldname in self.pool.fields:
                runs.append(sort_postings(self.pool.fields.pop(fieldname)))  # freed as it is written
            runs = sorted((run for run in runs if len(run.docs)), key=lambda run: run.first_doc)
            fieldwriter.start_field(fieldname, fieldobj)
            if runs:
                terms = _TermsWriter(fieldwriter, pack_ushort(fieldwriter._fieldid), fieldobj.format,
                                     length_bytes.get(fieldname, np.zeros(0, dtype=np.uint8)), codec)
                for chunk in _merged_chunks(runs):
                    terms.write(chunk)
            fieldwriter.finish_field()
            del runs
        fieldwriter.close()
        self._remove_runs()

    def _remove_runs(self) -> None:
        for folder in self._run_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self._run_dirs.clear()
        self._runs.clear()


class BulkSegmentWriter(BulkSegmentMixin, SegmentWriter):
    """Whoosh's ``SegmentWriter`` writing its postings in bulk (see the module)."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        _refuse_unwritable(ix, kwargs.get("codec"))
        SegmentWriter.__init__(self, ix, limitmb=1, **kwargs)
        self._bulk_setup(limitmb)
        if self.writelock is not None:  # not a worker of BulkMpWriter (which holds the lock)
            self._remove_stale_runs()

    def cancel(self) -> None:
        super().cancel()
        self._remove_runs()
        _remove_segment_files(self.storage, self.newsegment)

    def _hand_over(self) -> tuple[dict[str, list[tuple[Path, int]]], list[Path], Any]:
        """A worker's end: every posting spilled to runs and the segment's
        per-document files closed, for the parent to merge."""
        self._spill()
        self.perdocwriter.close()
        self.fieldwriter.close()
        return dict(self._runs), list(self._run_dirs), self.get_segment()


def _remove_segment_files(storage: Any, segment: Any) -> None:
    """The files of a segment never committed (Whoosh leaves them for the next commit to clean)."""
    prefix = segment.make_filename("")
    for name in list(storage.list()):
        if name.startswith(prefix):
            try:
                storage.delete_file(name)
            except OSError:
                pass


_ORPHAN_CHECK_SECONDS = 0.5


class _BulkSubWriterTask(SubWriterTask):
    """A worker process of ``BulkMpWriter``: Whoosh's worker, analysing with a
    ``BulkSegmentWriter`` and handing its runs and documents to the parent."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._parent = os.getpid()

    def run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = BulkSegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            try:
                jobinfo = self.jobqueue.get(timeout=_ORPHAN_CHECK_SECONDS)
            except queue.Empty:
                # A worker whose parent was killed would wait here forever,
                # holding the index's write lock (inherited with the fork)
                if os.getppid() != self._parent:
                    self.running = False
                continue
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        self.resultqueue.put(writer._hand_over(), timeout=5)


class BulkMpWriter(BulkSegmentMixin, MpWriter):
    """Whoosh's multi-process writer with bulk workers: each worker analyses
    its batches into sorted runs, and this process merges every worker's
    documents and runs into one segment."""

    def __init__(self, ix: Any, procs: int, batchsize: int, limitmb: int, **kwargs: Any) -> None:
        _refuse_unwritable(ix, kwargs.get("codec"))
        MpWriter.__init__(self, ix, procs=procs, batchsize=batchsize, limitmb=1, subargs={"limitmb": limitmb},
                          **kwargs)
        self._bulk_setup(limitmb)
        self._remove_stale_runs()

    add_document = MpWriter.add_document  # documents go to the workers

    def _new_task(self) -> SubWriterTask:
        task = _BulkSubWriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, False)
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        if self.docbuffer:
            self._enqueue()
        for _task in self.tasks:
            self.jobqueue.put(None)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        results = []
        try:
            for _task in self.tasks:
                try:
                    results.append(self.resultqueue.get(timeout=_WORKER_RESULT_TIMEOUT))
                except queue.Empty:
                    raise RuntimeError("an indexing worker ended without handing over its documents") from None
            for task in self.tasks:
                task.join()
            for runs, run_dirs, segment in results:
                self._run_dirs += run_dirs
                self._take_documents(segment, runs)
            if self._added:
                finalsegments.append(self._finalize_segment())
            else:
                self._close_segment()
        except BaseException:
            self._remove_runs()
            raise
        finally:  # their documents were copied, or the commit failed
            for _runs, _run_dirs, segment in results:
                _remove_segment_files(self.storage, segment)
        self._commit_toc(finalsegments)
        self._finish()

    def _take_documents(self, segment: Any, runs: dict[str, list[tuple[Path, int]]]) -> None:
        """A worker's documents copied after those written so far, its runs
        offset to match."""
        base = self.docnum
        pdr = self.codec.per_document_reader(self.storage, segment)
        try:
            before = dict(self.perdocwriter._fieldlengths)
            self.write_per_doc(set(self.schema.names()), pdr)
            # Whoosh copies lengths as their bytes decode; keep the exact totals
            for fieldname, total in segment._fieldlengths.items():
                self.perdocwriter._fieldlengths[fieldname] = before.get(fieldname, 0) + total
        finally:
            pdr.close()
        for fieldname, paths in runs.items():
            self._runs.setdefault(fieldname, []).extend((path, base) for path, _offset in paths)
        self._added = True

    def cancel(self) -> None:
        try:
            super().cancel()
        finally:
            self._remove_runs()


_WORKER_RESULT_TIMEOUT = 3600.0  # a worker analyses its last batches before it answers


_READ_CHUNK = 4 * 1024 * 1024
_DF_OFFSET = 5  # a W3TermInfo's document frequency: after its flags byte and total weight


def field_doc_frequencies(segment: Any, fieldname: str) -> Iterator[tuple[bytes, int]]:
    """Every term of a field of one segment with its document frequency, in
    order: the terms index read a few MiB at a time and parsed in place (the
    reader's ``iter_field`` makes three small reads and a TermInfo a term).
    Falls back to ``iter_field`` for another codec."""
    terms = getattr(segment, "_terms", None)
    tindex = getattr(terms, "_tindex", None)
    if type(terms) is not W3TermsReader or tindex is None:
        for raw, info in segment.iter_field(fieldname):
            yield raw, info.doc_frequency()
        return
    fieldid = terms._fieldmap.get(fieldname)
    if fieldid is None:
        return
    prefix = pack_ushort(fieldid)
    pos = tindex.closest_key_pos(prefix)
    if pos is None:
        return
    dbfile, end = tindex.dbfile, tindex.endofdata
    unpack_lengths, unpack_uint = _KEY_VALUE_LENGTHS.unpack_from, _UINT.unpack_from
    head = _KEY_VALUE_LENGTHS.size
    while pos < end:
        buf = dbfile.get(pos, min(_READ_CHUNK, end - pos))
        at = 0
        while at + head <= len(buf):
            keylen, datalen = unpack_lengths(buf, at)
            stop = at + head + keylen + datalen
            if stop > len(buf):
                if at == 0:  # one entry longer than a chunk
                    buf = dbfile.get(pos, stop)
                    continue
                break
            key = buf[at + head:at + head + keylen]
            if key[:2] != prefix:
                return
            yield key[2:], unpack_uint(buf, at + head + keylen + _DF_OFFSET)[0]
            at = stop
        pos += at
