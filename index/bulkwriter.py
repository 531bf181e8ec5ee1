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
Whoosh's per-document writer.  When a segment's postings pass the memory
limit, it is written and a new one begun, so a large build holds a few
segments (later commits merge them as Whoosh does).
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import zlib
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import formats
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


class FieldPostings:
    """One field's postings in one segment, in the order they were added."""

    def __init__(self, fieldobj: FieldType) -> None:
        fmt = fieldobj.format
        self.format = fmt
        size = fmt.fixed_value_size()
        if type(fmt) is formats.Positions:
            self.values = "positions"  # the positions, delta-encoded and pickled at write time
        elif size == _FREQ_SIZE and type(fmt) is formats.Frequency:
            self.values = "frequency"  # the frequency as 4 bytes
        elif size == 0:
            self.values = "none"
        else:
            self.values = "bytes"  # any other format: its encoded values as given
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
        self.fieldnames: set[str] = set()

    def field(self, fieldname: str) -> FieldPostings:
        postings = self.fields.get(fieldname)
        if postings is None:
            postings = self.fields[fieldname] = FieldPostings(self.schema[fieldname])
            self.fieldnames.add(fieldname)
        return postings

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        self.field(fieldname).add(tbytes, docnum, weight, vbytes)

    @property
    def nbytes(self) -> int:
        return sum(f.nbytes for f in self.fields.values())

    def cleanup(self) -> None:
        self.fields.clear()

    def write(self, fieldwriter: W3FieldWriter, lengths: dict[str, np.ndarray], codec: W3Codec) -> None:
        """Every field's terms and postings, in Whoosh 3's format, into the
        segment's terms index and postings file."""
        for fieldname in sorted(self.fields):
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            fieldid = fieldwriter._fieldid
            postings = self.fields.pop(fieldname)  # freed as it is written
            doclengths = lengths.get(fieldname)
            _write_field(fieldwriter, pack_ushort(fieldid), postings, doclengths, codec)
            fieldwriter.finish_field()


def _write_field(fieldwriter: W3FieldWriter, fieldkey: bytes, postings: FieldPostings,
                 doclengths: np.ndarray | None, codec: W3Codec) -> None:
    if not postings.terms:
        return
    blocklimit, comp = codec._blocklimit, codec._compression
    keys = [t.encode("utf-8", "surrogateescape") for t in postings.terms]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(len(keys), dtype=np.int32)
    rank[order] = np.arange(len(keys), dtype=np.int32)
    term_ids = np.frombuffer(postings.term_ids, dtype=np.uint32)
    # Postings were added in document order (new documents, then merged
    # segments after them), so a stable sort by term keeps each term's in order
    perm = np.argsort(rank[term_ids], kind="stable")
    del rank
    counts = np.bincount(term_ids, minlength=len(keys))[order]
    docs_s = np.frombuffer(postings.docs, dtype=np.uint32)[perm].astype(np.int32)
    weights_s = np.frombuffer(postings.weights, dtype=np.float32)[perm]
    freqs = np.frombuffer(postings.freqs, dtype=np.uint32)
    freqs_s = freqs[perm]
    # Each posting's field length as its length byte (0: none), as Whoosh
    # writes it in block and term statistics
    if doclengths is not None and len(doclengths):
        doc_bytes = np.searchsorted(_BYTE_LENGTHS, np.minimum(doclengths, _BYTE_LENGTHS[-1])).astype(np.uint8)
        lbytes_s = doc_bytes[docs_s]
    else:
        lbytes_s = np.zeros(len(docs_s), dtype=np.uint8)

    # Where each term starts, and each block of at most *blocklimit* postings
    term_starts = np.concatenate(([0], np.cumsum(counts)))
    block_starts = [term_starts[:-1]]
    for t in np.flatnonzero(counts > blocklimit).tolist():  # the few terms of more than one block
        block_starts.append(np.arange(term_starts[t] + blocklimit, term_starts[t + 1], blocklimit))
    block_first = np.concatenate(block_starts)
    # Document numbers delta-encoded within each block (Whoosh's _mini_ids)
    deltas = np.diff(docs_s, prepend=0)
    deltas[block_first] = docs_s[block_first]
    in_order = deltas > 0
    in_order[block_first] = True
    if not in_order.all():  # the order assumed above: a broken posting list must not be written
        raise ValueError(f"postings of field term out of document order ({int((~in_order).sum())})")
    del block_first, block_starts, in_order

    value_kind = postings.values
    if value_kind == "positions":
        flat = np.frombuffer(postings.positions, dtype=np.uint32).astype(np.int32)
        starts = np.cumsum(freqs, dtype=np.int64) - freqs  # where each posting's positions start, in the order added
        firsts = starts[freqs > 0]
        pos_deltas = np.diff(flat, prepend=0)
        pos_deltas[firsts] = flat[firsts]
        pos_starts_s = starts[perm]
        del flat, starts, firsts
    elif value_kind == "frequency":
        freq_bytes = freqs_s.astype(">u4").tobytes()
    raw_values = [postings.raw_values[i] for i in perm.tolist()] if value_kind == "bytes" else None
    del perm

    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    hashfn, buckets, tindex_positions = tindex.hashfn, tindex.buckets, tindex.index
    dumps, compress, pack_int_, pack_lengths = pickle.dumps, zlib.compress, pack_int, _KEY_VALUE_LENGTHS.pack
    pack_terminfo = _TERMINFO.pack
    fixed = postings.format.fixed_value_size()
    magic = WHOOSH3_HEADER_MAGIC
    single_positions: dict[int, bytes] = {}  # a one-position value, by position (most postings)

    nterms = len(keys)
    starts_l = term_starts.tolist()
    t0 = 0
    while t0 < nterms:
        # A chunk of whole terms holding about _CHUNK_POSTINGS postings
        p0 = starts_l[t0]
        t1 = min(max(int(np.searchsorted(term_starts, p0 + _CHUNK_POSTINGS, side="right")) - 1, t0 + 1), nterms)
        p1 = starts_l[t1]
        docs_l = docs_s[p0:p1].tolist()
        deltas_l = deltas[p0:p1].tolist()
        weights_l = weights_s[p0:p1].tolist()
        lbytes_l = lbytes_s[p0:p1].tolist()
        if value_kind == "positions":
            freqs_l = freqs_s[p0:p1].tolist()
            pstarts_l = pos_starts_s[p0:p1].tolist()
            lo = min(pstarts_l)
            hi = max(s + f for s, f in zip(pstarts_l, freqs_l))
            pdeltas_l = pos_deltas[lo:hi].tolist()
            values_l = []
            for s, f in zip(pstarts_l, freqs_l):
                if f == 1:
                    p = pdeltas_l[s - lo]
                    v = single_positions.get(p)
                    if v is None:
                        v = single_positions[p] = pack_uint(1) + dumps([p], _POSITIONS_PROTOCOL)
                else:
                    v = pack_uint(f) + dumps(pdeltas_l[s - lo:s - lo + f], _POSITIONS_PROTOCOL)
                values_l.append(v)
        buf = bytearray()
        tbuf = bytearray()
        base = postfile.tell()
        tbase = tindex.dbfile.tell()
        for t in range(t0, t1):
            a, b = starts_l[t] - p0, starts_l[t + 1] - p0
            if b - a <= _INLINE_POSTINGS:
                # A short list goes into its term info (Whoosh reads it with a
                # ListMatcher): no block, no offset, one read fewer
                w = weights_l[a:b]
                ls = lbytes_l[a:b]
                max_len = max(ls)
                vals: Any
                if value_kind == "positions":
                    vals = tuple(values_l[a:b])
                elif value_kind == "frequency":
                    vals = tuple(freq_bytes[i * fixed:(i + 1) * fixed] for i in range(p0 + a, p0 + b))
                elif value_kind == "none":
                    vals = ()
                else:
                    vals = tuple(raw_values[p0 + a:p0 + b])  # type: ignore[index]
                wmax = max(w)
                info = pack_terminfo(1, sum(w), b - a, min([n for n in ls if n]) if max_len else 0, max_len,
                                     wmax if wmax > 0 else 0, docs_l[a], docs_l[b - 1]) \
                    + dumps((tuple(docs_l[a:b]), None if min(w) == wmax == 1.0 else tuple(w), vals), _BLOCK_PROTOCOL)
            else:
                start_offset = base + len(buf)
                buf += magic
                total_weight = 0.0
                term_min_len = 0
                term_max_len = 0
                term_max_weight = 0
                for s in range(a, b, blocklimit):
                    e = min(s + blocklimit, b)
                    w = weights_l[s:e]
                    wmin, wmax = min(w), max(w)
                    mini_w = None if wmin == wmax == 1.0 else (w[0] if wmin == wmax else tuple(w))
                    if value_kind == "positions":
                        vals = tuple(values_l[s:e])
                    elif value_kind == "frequency":
                        vals = freq_bytes[(p0 + s) * fixed:(p0 + e) * fixed]
                    elif value_kind == "none":
                        vals = None
                    elif fixed is None or fixed < 0:
                        vals = tuple(raw_values[p0 + s:p0 + e])  # type: ignore[index]
                    else:
                        vals = b"".join(raw_values[p0 + s:p0 + e])  # type: ignore[index]
                    data = dumps((tuple(deltas_l[s:e]), mini_w, vals), _BLOCK_PROTOCOL)
                    # Whoosh compresses every block; a small one only grows (its
                    # readers read the flag each block carries)
                    block_comp = comp if len(data) >= _MIN_COMPRESSED else 0
                    if block_comp:
                        data = compress(data, block_comp) if len(data) > _SMALL_WINDOW else _compress_small(data, block_comp)
                    ls = lbytes_l[s:e]
                    max_len = max(ls)
                    min_len = min([n for n in ls if n]) if max_len else 0
                    top = wmax if wmax > 0 else 0
                    info = dumps((e - s, docs_l[e - 1], int(top) if top == int(top) else top, block_comp, min_len, max_len),
                                 _BLOCK_PROTOCOL)
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
            key = fieldkey + keys[order[t]]
            pos = tbase + len(tbuf)
            tindex_positions.append(pos)
            tbuf += pack_lengths(len(key), len(info))
            tbuf += key
            tbuf += info
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
        postfile.write(bytes(buf))
        tindex.dbfile.write(bytes(tbuf))
        tindex.lastkey = key
        t0 = t1


def _segment_lengths(writer: SegmentWriter, fieldnames: set[str]) -> dict[str, np.ndarray]:
    """Each field's length in every document of the writer's segment, as
    Whoosh's readers decode it from the length byte (0: none)."""
    lengths: dict[str, np.ndarray] = {}
    pdr = writer.per_document_reader()
    try:
        count = pdr.doc_count_all()
        for fieldname in fieldnames:
            values = [pdr.doc_field_length(docnum, fieldname) or 0 for docnum in range(count)]
            lengths[fieldname] = np.array(values, dtype=np.int64)
    finally:
        pdr.close()
    return lengths


def bulk_writable(schema: Any, codec: Any) -> bool:
    """Whether the bulk writer can write this schema with this codec (Whoosh 3,
    no term vectors, no separate spelling fields)."""
    return type(codec) is W3Codec and not any(
        field.vector or field.separate_spelling() for _name, field in schema.items())


class BulkSegmentMixin:
    """What the bulk writers change in Whoosh's ``SegmentWriter``: the pool,
    the documents' analysis and the writing of postings."""

    pool: ColumnarPool

    def _bulk_setup(self, limitmb: int) -> None:
        self.pool = ColumnarPool(self.schema)  # type: ignore[attr-defined]
        self._limit_bytes = limitmb * 1024 * 1024
        self._rolled: list[Any] = []  # segments already written by this writer

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
            self._roll_segment()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()  # type: ignore[attr-defined]
        lengths = _segment_lengths(self, set(self.pool.fields))  # type: ignore[arg-type]
        self.pool.write(self.fieldwriter, lengths, self.codec)  # type: ignore[attr-defined]
        self.fieldwriter.close()  # type: ignore[attr-defined]

    def _roll_segment(self) -> None:
        """Write the segment so far and begin a new one (memory stays bounded)."""
        self._rolled.append(self._finalize_segment())  # type: ignore[attr-defined]
        codec, storage = self.codec, self.storage  # type: ignore[attr-defined]
        self.newsegment = codec.new_segment(storage, self.indexname)  # type: ignore[attr-defined]
        self.perdocwriter = codec.per_document_writer(storage, self.newsegment)
        self.fieldwriter = codec.field_writer(storage, self.newsegment)
        self.pool = ColumnarPool(self.schema)  # type: ignore[attr-defined]
        self.docnum = self.docbase = 0
        self._added = False

    def _nbytes(self) -> int:
        return self.pool.nbytes


class BulkSegmentWriter(BulkSegmentMixin, SegmentWriter):
    """Whoosh's ``SegmentWriter`` writing its postings in bulk (see the module)."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        SegmentWriter.__init__(self, ix, limitmb=1, **kwargs)
        self._bulk_setup(limitmb)

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        self._check_state()
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        finalsegments += self._rolled
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()

    def cancel(self) -> None:
        super().cancel()
        _remove_segments(self.storage, [*self._rolled, self.newsegment])


def _remove_segments(storage: Any, segments: list[Any]) -> None:
    """The files of segments written but never committed."""
    for segment in segments:
        for name in list(storage.list()):
            if name.startswith(segment.make_filename("")):
                try:
                    storage.delete_file(name)
                except OSError:
                    pass


_ORPHAN_CHECK_SECONDS = 0.5


class _BulkSubWriterTask(SubWriterTask):
    """A worker process of ``BulkMpWriter``: Whoosh's worker, writing with a
    ``BulkSegmentWriter`` and returning every segment it wrote."""

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
        segments = list(writer._rolled)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        self.resultqueue.put((None, writer.pool.fieldnames, segments), timeout=5)


class BulkMpWriter(BulkSegmentMixin, MpWriter):
    """Whoosh's multi-process writer (one segment or more per worker, no
    final merge), its workers writing in bulk."""

    def __init__(self, ix: Any, procs: int, batchsize: int, limitmb: int, **kwargs: Any) -> None:
        MpWriter.__init__(self, ix, procs=procs, batchsize=batchsize, multisegment=True, limitmb=1,
                          subargs={"limitmb": limitmb}, **kwargs)
        self._bulk_setup(limitmb)

    add_document = MpWriter.add_document  # documents go to the workers

    def _new_task(self) -> SubWriterTask:
        task = _BulkSubWriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                                  self.subargs, True)
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        if self.docbuffer:
            self._enqueue()
        for _task in self.tasks:
            self.jobqueue.put(None)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        for task in self.tasks:
            task.join()
        written: list[Any] = []
        for task in self.tasks:
            try:
                _runname, _fieldnames, segments = self.resultqueue.get(timeout=1)
            except queue.Empty:
                raise RuntimeError("an indexing worker ended without its segments") from None
            written += segments
        if any(task.exitcode for task in self.tasks):
            _remove_segments(self.storage, written)
            raise RuntimeError("an indexing worker failed")
        finalsegments += written
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()


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
