"""Evaluating a query a term at a time with numpy, instead of Whoosh's matchers.

Whoosh scores a disjunction by walking a binary tree of Python matcher
objects document by document: at 31k news articles a question took 100-150
ms, most of it in ``is_active``/``id``/``next`` calls.  Here each term's
postings are read a block at a time into arrays, scored with the same BM25F
formula, the same field lengths and the same idf as Whoosh's, and combined
with array operations.  The results (documents and scores) are Whoosh's own,
which a test checks query by query; query types this module does not know
(phrases, prefixes, ranges) are handed to Whoosh and their matches used as they
come.

Every result is a ``Matches``: sorted global document numbers and their
scores.  Deleted documents never appear.
"""

from __future__ import annotations

import io
import pickle
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from math import log
from typing import Any, TypeVar

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

T = TypeVar("T")

# How often a fast path fell back to asking Whoosh document by document
# (another codec, or a Whoosh release that moved what the fast paths read):
# a test checks that it stays empty, so an upgrade cannot slow searches silently.
SLOW_PATHS: Counter[str] = Counter()

TERM_CACHE_POSTINGS = 4_000_000
RANKED_PHRASE_DOCUMENTS = 100  # a phrase that only ranks is looked for in this many best documents
# ... and a question's word pairs in this many (the same MRR@10 on XQuAD-ar +
# news as with 30 or 100, for fewer positions read; docs/ranking.md)
RANKED_PAIR_DOCUMENTS = 25
# ... and those same best documents rank higher by the share of the question's word weight (idf) that one
# stretch of WINDOW_POSITIONS positions holds: score × (1 + WINDOW_BOOST × share).  An answer paragraph states
# the question's words together; a long article scatters them.  0.4 gains on both halves of XQuAD-ar (news
# MRR@10 0.892 → 0.895, R@10 1,130 → 1,132 of 1,190); its positions are read only for the documents that could
# reach the page asked for (docs/ranking.md, docs/performance.md).  0 turns it off.
WINDOW_POSITIONS = 10
WINDOW_BOOST = 0.4
MAX_DECODED_BLOCKS = 4096  # blocks one search keeps decoded (a question decodes about 16)
MAX_REMEMBERED_UNIONS = 64  # a search's unions kept for its own later use (about 11 for a question; at most 0.5 MiB each)
DENSE_UNION_RATIO = 16  # postings summed over a whole-index array past one per 16 documents
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class Matches:
    ids: np.ndarray  # sorted, unique global document numbers (int64)
    scores: np.ndarray  # float64, one per id

    def __len__(self) -> int:
        return int(self.ids.size)

    def scaled(self, factor: float) -> Matches:
        return self if factor == 1.0 else Matches(self.ids, self.scores * factor)


EMPTY = Matches(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


class TermForms(wq.CompoundQuery):
    """One word in several index forms (روس with its glued forms وروس، بروس…),
    scored as one term: a document's occurrences of every form add up to one
    term frequency, and the idf is that of the documents holding any form
    (as Lucene's SynonymQuery).  Scored as a plain Or, a glued form (rarer,
    so with a higher idf) would rank a document that writes «وروسيا» above
    one that writes «روسيا».  Whoosh's own matcher treats it as an Or of its
    terms; it is not an Or subclass, so that Whoosh's normalising never
    merges it into an enclosing Or."""

    JOINT = " | "
    # what Or's matcher reads
    matcher_type, TOO_MANY_CLAUSES, AUTO_MATCHER, DEFAULT_MATCHER, SPLIT_MATCHER, ARRAY_MATCHER = 0, 1024, 0, 1, 2, 3
    minmatch, scale = 0, None
    _matcher = wq.Or._matcher

    @property
    def terms(self) -> tuple[tuple[str, str], ...]:
        """(field, text) of each form; the first form's field is the one whose
        lengths and average the score uses (a glued form may be a written word
        in the surface field, its stem in the text field)."""
        return tuple((q.fieldname, q.text) for q in self.subqueries)


def term_forms(terms: list[tuple[str, str]], boost: float = 1.0) -> wq.Query:
    """A Term for one (field, text), TermForms for several."""
    if len(terms) == 1:
        return wq.Term(*terms[0], boost=boost)
    return TermForms([wq.Term(fieldname, text) for fieldname, text in terms], boost=boost)


def union(parts: list[Matches], documents: int = 0) -> Matches:
    """Documents in any part; scores summed (as Whoosh's UnionMatcher does).
    *documents*: how many the index holds (every id is below it), when known:
    parts that hold many of them are then added up in an array over all
    documents, where sorting their ids would cost more."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p.ids for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    if documents and ids.size * DENSE_UNION_RATIO > documents:
        # the same sums, added in the same order, as through np.unique
        held = np.zeros(documents, dtype=bool)
        held[ids] = True
        unique = np.flatnonzero(held)
        return Matches(unique, np.bincount(ids, weights=scores, minlength=documents)[unique])
    unique, inverse = np.unique(ids, return_inverse=True)
    return Matches(unique, np.bincount(inverse, weights=scores, minlength=unique.size))


def intersection(parts: list[Matches]) -> Matches:
    """Documents in every part; scores summed (IntersectionMatcher)."""
    result = parts[0]
    for part in parts[1:]:
        common, left, right = np.intersect1d(result.ids, part.ids, assume_unique=True, return_indices=True)
        result = Matches(common, result.scores[left] + part.scores[right])
        if not len(result):
            return EMPTY
    return result


def and_maybe(required: Matches, optional: Matches) -> Matches:
    """The required documents, plus the optional score where it matches too."""
    if not len(required) or not len(optional):
        return required
    _, left, right = np.intersect1d(required.ids, optional.ids, assume_unique=True, return_indices=True)
    scores = required.scores.copy()
    scores[left] += optional.scores[right]
    return Matches(required.ids, scores)


def without(kept: Matches, excluded: Matches) -> Matches:
    if not len(kept) or not len(excluded):
        return kept
    mask = np.isin(kept.ids, excluded.ids, assume_unique=True, invert=True)
    return Matches(kept.ids[mask], kept.scores[mask])


def restricted(matches: Matches, allowed: np.ndarray) -> Matches:
    """*matches* limited to the documents where the boolean mask *allowed* is True."""
    mask = allowed[matches.ids]
    return Matches(matches.ids[mask], matches.scores[mask])


class _Segment:
    """One index segment: its reader, where its documents start, and caches."""

    def __init__(self, searcher: Searcher, offset: int) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.offset = offset
        self.size = self.reader.doc_count_all()
        deleted = sorted(self.reader.deleted_docs_set) if self.reader.has_deletions() else []
        self.deleted = np.asarray(deleted, dtype=np.int64)
        self._lengths: dict[str, np.ndarray] = {}
        # each term's blocks (where each starts, its last document) and the
        # matcher that read them, noted while its postings are read: its
        # positions are then read from the blocks that hold the wanted
        # documents, not found by walking every block header (Lucene's skip
        # data, kept in memory); cleared with the evaluator's term cache.  The
        # matchers share the reader's file handle: an evaluator is one thread's.
        self.blocks: dict[tuple[str, str], tuple[list[int], np.ndarray, Any]] = {}
        # blocks decoded during one search (its document numbers, and its
        # values once read): a word shared by two of a question's pairs (and
        # its best stretches, when on) is asked for in other documents of the
        # same blocks (8% of the blocks read); cleared when the next search starts
        self.decoded: dict[tuple[str, str, int], tuple[np.ndarray, list[bytes] | None]] = {}

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in *fieldname*, as Whoosh's scorer sees it
        (quantised to a byte, like Whoosh's own)."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._read_lengths(fieldname)
        return self._lengths[fieldname]

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        try:  # the lengths column's bytes, read whole (whoosh3 codec)
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            codes = np.zeros(self.size, dtype=np.uint8)
            codes[: raw.size] = raw[: self.size]
        except (AttributeError, ImportError, TypeError):  # another codec: ask document by document
            SLOW_PATHS["lengths"] += 1
            codes = np.array([0] * self.size, dtype=np.uint8)
            for docnum in range(self.size):
                codes[docnum] = _length_byte(self.reader.doc_field_length(docnum, fieldname) or 0)
        lengths = _LENGTH_OF_BYTE[codes]
        lengths[codes == 0] = 1.0  # Whoosh's default for a document without the field
        return lengths

    def positions(self, fieldname: str, text: str, docnums: list[int]) -> dict[int, frozenset[int]]:
        """The positions of *text* in each of *docnums* (sorted local numbers) that holds it."""
        if not docnums:
            return {}
        decode = self.reader.schema[fieldname].format.decoder("positions")
        targets = np.asarray(docnums, dtype=np.int64)
        blocks = self.blocks.get((fieldname, text))
        if blocks is not None:
            starts, last_ids, matcher = blocks
            found: dict[int, frozenset[int]] = {}
            block_of = np.searchsorted(last_ids, targets)  # the one block that may hold each target
            for block in np.unique(block_of[block_of < len(starts)]).tolist():
                key = (fieldname, text, block)
                ids, values = self.decoded.get(key) or (None, None)
                wanted = targets[block_of == block]
                if ids is None or values is None:
                    _goto_block(matcher, starts[block])
                    ids = _block_ids(matcher)
                    if _holds_any(ids, wanted):
                        matcher._read_values()
                        values = matcher._values
                    if len(self.decoded) >= MAX_DECODED_BLOCKS:
                        self.decoded.clear()
                    self.decoded[key] = (ids, values)
                if values is not None:
                    _positions_in(ids, values, wanted, decode, found)
            return found
        try:
            matcher = self.reader.postings(fieldname, text)
        except TermNotFound:
            return {}
        while hasattr(matcher, "child"):  # the deleted-documents filter: the callers ask for live ones
            matcher = matcher.child
        if isinstance(matcher, ListMatcher):  # postings inlined in the term info (a rare word)
            wanted = set(docnums)
            return {docnum: frozenset(decode(value)) for docnum, value in zip(matcher._ids, matcher._values)
                    if docnum in wanted}
        if not all(hasattr(matcher, a) for a in ("_read_data", "_read_values", "_next_block", "block_max_id")):
            SLOW_PATHS["positions"] += 1
            return _positions_of(matcher, docnums)  # another codec: document by document
        found = {}
        first = 0  # the first target not passed yet
        # a block at a time (whoosh3 codec): its ids and values read once,
        # and the blocks that hold no target skipped unread
        while matcher.is_active() and first < targets.size:
            if matcher.block_max_id() < targets[first]:
                matcher._next_block()
                continue
            ids = _block_ids(matcher)
            last = int(np.searchsorted(targets, ids[-1], side="right"))
            _block_positions(matcher, ids, targets[first:last], decode, found)
            first = last
            matcher._next_block()
        return found

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Local document numbers and term weights of one term (deleted included)."""
        try:
            matcher = self.reader.postings(fieldname, text)
        except TermNotFound:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        while hasattr(matcher, "child"):  # the deleted-documents filter: removed below instead
            matcher = matcher.child
        ids: list[Any] = []
        weights: list[Any] = []
        if isinstance(matcher, ListMatcher):  # postings inlined in the term info (a rare word)
            ids.append(matcher._ids)
            weights.append(matcher._weights or (1.0,) * len(matcher._ids))
        elif all(hasattr(matcher, a) for a in ("_read_data", "_next_block", "_goto", "_baseoffset")):
            starts: list[int] = []
            start = matcher._baseoffset
            while matcher.is_active():  # a block at a time (whoosh3 codec)
                block_ids = _block_ids(matcher)
                ids.append(block_ids)
                weights.append(_block_weights(matcher, block_ids.size))
                starts.append(start)
                if matcher._lastblock:
                    break
                start = matcher._nextoffset
                _goto_block(matcher, start)
            if len(starts) > 1:
                self.blocks[fieldname, text] = (starts, np.array([block[-1] for block in ids], dtype=np.int64), matcher)
        else:  # another codec: posting by posting
            SLOW_PATHS["postings"] += 1
            while matcher.is_active():
                ids.append((matcher.id(),))
                weights.append((matcher.weight(),))
                matcher.next()
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return (np.concatenate([np.asarray(i, dtype=np.int64) for i in ids]),
                np.concatenate([np.asarray(w, dtype=np.float64) for w in weights]))


_BLOCK_HEADER_BYTES = 128  # a block's length and pickled info (six numbers) take about 35


def _goto_block(matcher: Any, position: int) -> None:
    """Whoosh 3's ``_goto``: the block at *position* becomes the matcher's
    current one, its header read in one call (Whoosh unpickles it from the
    file, one small read per pickle opcode: 20 Python calls a block)."""
    head = matcher._postfile.get(position, _BLOCK_HEADER_BYTES)
    stream = io.BytesIO(head)
    stream.seek(_INT_SIZE)
    try:
        info = pickle.load(stream)
    except (pickle.UnpicklingError, EOFError, ValueError):  # a header longer than read: Whoosh's own way
        SLOW_PATHS["block header"] += 1
        matcher._goto(position)
        return
    length = unpack_int(head[:_INT_SIZE])[0]
    matcher._data = matcher._ids = matcher._weights = matcher._values = None
    matcher._i = 0
    matcher._lastblock = length < 0
    matcher._nextoffset = position + _INT_SIZE + abs(length)
    matcher._dataoffset = position + stream.tell()
    (matcher._blocklength, matcher._maxid, matcher._maxweight, matcher._compression, shortest, longest) = info
    matcher._minlength = byte_to_length(shortest)
    matcher._maxlength = byte_to_length(longest)


def _block_positions(matcher: Any, ids: np.ndarray, wanted: np.ndarray, decode: Callable[[bytes], Any],
                     found: dict[int, frozenset[int]]) -> None:
    """Into *found*: the positions of each *wanted* document that the
    matcher's current block (its document numbers *ids*) holds; the block's
    values are read only when it holds one."""
    if _holds_any(ids, wanted):
        matcher._read_values()
        _positions_in(ids, matcher._values, wanted, decode, found)


def _holds_any(ids: np.ndarray, wanted: np.ndarray) -> bool:
    """Whether the block of (sorted) document numbers *ids* holds one of *wanted*."""
    at = np.searchsorted(ids, wanted)
    return bool((wanted == ids[np.minimum(at, ids.size - 1)]).any())


def _positions_in(ids: np.ndarray, values: list[bytes], wanted: np.ndarray, decode: Callable[[bytes], Any],
                  found: dict[int, frozenset[int]]) -> None:
    """Into *found*: the positions of each *wanted* document that a block
    (its document numbers *ids* and its *values*) holds."""
    at = np.searchsorted(ids, wanted)
    for i in at[wanted == ids[np.minimum(at, ids.size - 1)]].tolist():
        found[int(ids[i])] = frozenset(decode(values[i]))


def _shared_positions(seg: _Segment, fieldname: str, word: str, local: list[int],
                      shared: dict[tuple[int, str], tuple[dict[int, frozenset[int]], set[int]]]) -> dict[int, frozenset[int]]:
    """The positions of *word* read so far for one query in *seg*, after
    reading them in those of the documents *local* not asked before (*shared*:
    for each (segment, word), the positions read and the documents asked)."""
    found, asked = shared.setdefault((seg.offset, word), ({}, set()))
    missing = [docnum for docnum in local if docnum not in asked]
    if missing:
        found.update(seg.positions(fieldname, word, missing))
        asked.update(missing)
    return found


def _block_ids(matcher: Any) -> np.ndarray:
    """The document numbers of a Whoosh 3 block: its delta-coded ids summed
    with numpy (Whoosh's ``_read_ids`` decodes them one at a time)."""
    if matcher._data is None:
        matcher._read_data()
    return np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))


def _block_weights(matcher: Any, count: int) -> np.ndarray:
    """The weights of a Whoosh 3 block, de-minified as ``_read_weights`` does
    (None: all 1.0; one number: all that)."""
    weights = matcher._data[1]
    if weights is None:
        return np.ones(count)
    if isinstance(weights, float):
        return np.full(count, weights)
    return np.asarray(weights, dtype=np.float64)


def _ranking_phrases(q: wq.Query) -> list[wq.Phrase]:
    """The phrases *q* is made of (one, or an Or of them) that the fast path
    reads (words side by side, or two words with a slop), or []."""
    parts = q.subqueries if type(q) is wq.Or and not getattr(q, "minmatch", 0) else [q]
    if all(type(p) is wq.Phrase and p.words and (p.slop == 1 or len(p.words) == 2) for p in parts):
        return list(parts)
    return []


def best_window(positions: list[tuple[int, str]], weight: dict[str, float], size: int) -> float:
    """The most weight of distinct words that *size* consecutive positions
    hold, from the sorted (position, word) *positions*."""
    inside: Counter[str] = Counter()
    held = best = 0.0
    first = 0
    for position, word in positions:
        inside[word] += 1
        if inside[word] == 1:
            held += weight[word]
        while position - positions[first][0] >= size:
            gone = positions[first][1]
            inside[gone] -= 1
            if not inside[gone]:
                held -= weight[gone]
            first += 1
        best = max(best, held)
    return best


def bm25(idf: float, weights: np.ndarray, lengths: np.ndarray, average_length: float, K1: float,
         B: float) -> np.ndarray:
    """Okapi BM25 for a block of postings, as Whoosh's ``scoring.bm25`` for
    one: *weights* are the term's frequencies in the documents, *lengths*
    their field lengths (quantised as Whoosh stores them)."""
    return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average_length)))


def _positions_of(matcher: Any, docnums: list[int]) -> dict[int, frozenset[int]]:
    found: dict[int, frozenset[int]] = {}
    for docnum in docnums:
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            found[docnum] = frozenset(matcher.value_as("positions"))
    return found


def _merged(postings: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """One posting list from several (sorted ids): weights of a document added up."""
    postings = [p for p in postings if p[0].size]
    if not postings:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    if len(postings) == 1:
        return postings[0]
    ids, inverse = np.unique(np.concatenate([p[0] for p in postings]), return_inverse=True)
    return ids, np.bincount(inverse, weights=np.concatenate([p[1] for p in postings]), minlength=ids.size)


def _length_byte(length: int) -> int:
    from whoosh.util.numeric import length_to_byte

    return int(length_to_byte(length)) if length else 0


DEADLINE_EVERY = 512  # postings between two looks at the clock


class Evaluator:
    """Evaluates queries on one (refreshed) searcher; build a new one when the
    searcher changes."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.weighting = searcher.weighting
        self.total_docs = searcher.doc_count_all()
        self.segments = [_Segment(s, offset) for s, offset in searcher.leaf_searchers()]
        self._term_cache: dict[tuple[str, str], Matches] = {}
        self._cached_postings = 0
        self._columns: dict[str, np.ndarray] = {}
        self._derived: dict[str, Any] = {}
        self.deadline: float | None = None  # time.monotonic() past which Whoosh's matchers stop
        self.partial = False  # whether one stopped since start()
        # this search's unions, by the query object that asked (a plan's units
        # are evaluated in its query, then again to count them for did-you-mean)
        self._unions: dict[int, tuple[wq.Query, Matches]] = {}

    def start(self, seconds: float | None) -> None:
        """Begin a search with a time budget of *seconds* (None: no budget)."""
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.partial = False
        self._unions.clear()
        for seg in self.segments:
            seg.decoded.clear()

    # -- public --------------------------------------------------------------
    def matches(self, q: wq.Query, ranks: int | None = None) -> Matches:
        """Every live document *q* matches, with Whoosh's score for it.
        *ranks*: the caller shows only that many best by score, of all
        these matches (no filter, no other order), so work that only moves
        documents further down may be skipped (the best-stretch boost)."""
        return self._eval(q, ranks)

    def live(self) -> np.ndarray:
        """A mask over all document numbers: True where the document is not deleted."""
        mask = np.ones(self.total_docs, dtype=bool)
        for seg in self.segments:
            if seg.deleted.size:
                mask[seg.deleted + seg.offset] = False
        return mask

    def column(self, fieldname: str) -> np.ndarray:
        """The values of a sortable field for every document ("" where none), as an array of str."""
        if fieldname not in self._columns:
            values: list[str] = []
            for seg in self.segments:
                if seg.reader.has_column(fieldname):
                    values += [v if isinstance(v, str) else v.decode("utf-8") if v else "" for v in seg.reader.column_reader(fieldname)]
                else:
                    values += [""] * seg.size
            self._columns[fieldname] = np.array(values, dtype=str) if values else np.zeros(0, dtype=str)
        return self._columns[fieldname]

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once from this index generation's columns (facet
        codes): *build*'s result, kept under *key* as long as this evaluator."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    # -- evaluation ------------------------------------------------------------
    def _eval(self, q: wq.Query, ranks: int | None = None) -> Matches:
        if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
            return EMPTY
        kind = type(q)
        if kind is wq.Term:
            return self._term(q.fieldname, q.text).scaled(q.boost)
        if kind is TermForms:
            return self._forms(q.terms).scaled(q.boost)
        if kind is wq.Phrase and q.words and (q.slop == 1 or len(q.words) == 2):
            return self._phrase(q.fieldname, tuple(q.words), slop=q.slop).scaled(q.boost)
        if kind is wq.Or and not getattr(q, "scale", None) and not getattr(q, "minmatch", 0):
            known = self._unions.get(id(q))
            if known is not None and known[0] is q:  # (held here, so its id is no other query's)
                return known[1]
            result = union([self._eval(sub) for sub in q.subqueries], self.total_docs).scaled(q.boost)
            if len(self._unions) >= MAX_REMEMBERED_UNIONS:
                self._unions.clear()
            self._unions[id(q)] = (q, result)
            return result
        if kind is wq.And:
            if not q.subqueries:
                return EMPTY
            parts = [self._eval(sub) for sub in q.subqueries]
            return intersection(parts).scaled(q.boost)
        if kind is wq.AndMaybe:
            required = self._eval(q.a)
            phrases = _ranking_phrases(q.b)
            pairs = type(q.b) is wq.Or  # a question's word pairs; else one phrase (the words as typed)
            most = RANKED_PAIR_DOCUMENTS if pairs else RANKED_PHRASE_DOCUMENTS
            shared: dict[tuple[int, str], tuple[dict[int, frozenset[int]], set[int]]] = {}
            best = None
            if phrases and len(required) > most:
                # phrases that only rank: read positions for the best documents only
                best = np.sort(required.ids[top(required, most)])
                found = [self._phrase(p.fieldname, tuple(p.words), within=best, shared=shared,
                                      slop=p.slop).scaled(p.boost) for p in phrases]
                optional = union(found, self.total_docs).scaled(q.b.boost) if pairs else found[0]
            else:
                optional = self._eval(q.b)
            combined = and_maybe(required, optional)
            if pairs and phrases and WINDOW_BOOST:
                if best is None:
                    best = np.sort(required.ids[top(required, most)])
                combined = self._windows(combined, best, phrases, shared, ranks)
            return combined.scaled(q.boost)
        if kind is wq.AndNot:
            return without(self._eval(q.a), self._eval(q.b)).scaled(q.boost)
        if kind is wq.Require:
            required, scored = self._eval(q.b), self._eval(q.a)
            return intersection([scored, Matches(required.ids, np.zeros(len(required)))]).scaled(q.boost)
        if kind is wq.Every and not q.fieldname:
            ids = np.flatnonzero(self.live()).astype(np.int64)
            return Matches(ids, np.ones(ids.size))
        return self._by_whoosh(q)

    def _term(self, fieldname: str, text: Any) -> Matches:
        return self._forms(((fieldname, text),))

    def _forms(self, terms: tuple[tuple[str, Any], ...]) -> Matches:
        """Scored postings of one term, or of several forms of one word scored
        as one term (TermForms)."""
        cached = self._term_cache.get(terms)
        if cached is not None:
            return cached
        schema = self.searcher.schema
        terms = tuple((f, t) for f, t in terms if f in schema)
        if not terms:
            return EMPTY
        fieldname = terms[0][0]
        scorable = schema[fieldname].scorable
        if scorable and not isinstance(self.weighting, BM25F):  # another model: let it score posting by posting
            return self._by_whoosh(wq.Or([wq.Term(f, t) for f, t in terms]))
        parts = []
        for seg in self.segments:
            ids, weights = _merged([seg.postings(f, text) for f, text in terms])
            if not ids.size:
                continue
            if seg.deleted.size:
                keep = np.isin(ids, seg.deleted, invert=True)
                ids, weights = ids[keep], weights[keep]
            parts.append((seg, ids, weights))
        if scorable:
            if len(terms) == 1:
                idf = self.searcher.idf(fieldname, terms[0][1])
            else:  # Whoosh's idf formula, over the documents holding any form
                documents = sum(ids.size for _, ids, _ in parts)
                idf = log(self.total_docs / (documents + 1)) + 1
            avg = self.searcher.avg_field_length(fieldname) or 1
            B = self.weighting._field_B.get(fieldname, self.weighting.B)
            K1 = self.weighting.K1
        scored = []
        for seg, ids, weights in parts:
            if scorable:
                scores = bm25(idf, weights, seg.lengths(fieldname)[ids], avg, K1, B)
            else:
                scores = weights
            scored.append(Matches(ids + seg.offset, scores))
        result = union(scored, self.total_docs) if len(scored) != 1 else scored[0]
        # Common terms recur from query to query; keep their scored postings,
        # within a bound (16 bytes a posting: at most 64 MiB).
        self._cached_postings += len(result)
        if self._cached_postings > TERM_CACHE_POSTINGS:
            self._term_cache.clear()
            for seg in self.segments:
                seg.blocks.clear()
            self._cached_postings = len(result)
        self._term_cache[terms] = result
        return result

    def _phrase(self, fieldname: str, words: tuple[str, ...], within: np.ndarray | None = None,
                shared: dict[tuple[int, str], tuple[dict[int, frozenset[int]], set[int]]] | None = None,
                slop: int = 1) -> Matches:
        """The documents holding *words* side by side (two words with a
        *slop*: the second at most that many positions after the first, as
        Whoosh's slop), scored as Whoosh scores
        a phrase (the sum of its words' scores): the documents holding every
        word (and in *within*, when given) come from the cached postings, and
        only their positions are read, where Whoosh walks span matchers.
        *shared*: for each (segment, word), the positions read so far in
        *within* and the documents already asked, kept for the other phrases
        of one query (a question's pairs share their middle words)."""
        key = ("phrase", fieldname, words, slop)
        if within is None and key in self._term_cache:
            return self._term_cache[key]
        common = intersection([self._term(fieldname, word) for word in words])
        if within is not None and len(common):
            inside = np.isin(common.ids, within, assume_unique=True)
            common = Matches(common.ids[inside], common.scores[inside])
        if not len(common) or len(words) == 1:
            return common
        keep = np.zeros(len(common), dtype=bool)
        for seg in self.segments:
            lo, hi = np.searchsorted(common.ids, [seg.offset, seg.offset + seg.size])
            if lo == hi:
                continue
            local = (common.ids[lo:hi] - seg.offset).tolist()
            if shared is not None and within is not None:
                positions = []
                for word in words:
                    # only in the documents that hold every word of this
                    # phrase, and not again for those another phrase asked
                    positions.append(_shared_positions(seg, fieldname, word, local, shared))
            else:
                positions = [seg.positions(fieldname, word, local) for word in words]
            for n, docnum in enumerate(local):
                starts = positions[0].get(docnum, ())
                if slop > 1:  # two words, the second at most *slop* positions on (Whoosh's slop)
                    follows = positions[1].get(docnum, ())
                    if any(start + d in follows for start in starts for d in range(1, slop + 1)):
                        keep[lo + n] = True
                elif any(all(start + k in positions[k].get(docnum, ()) for k in range(1, len(words))) for start in starts):
                    keep[lo + n] = True
        result = Matches(common.ids[keep], common.scores[keep])
        if within is None:
            self._term_cache[key] = result
        return result

    def _windows(self, matches: Matches, best: np.ndarray, phrases: list[wq.Phrase],
                 shared: dict[tuple[int, str], tuple[dict[int, frozenset[int]], set[int]]],
                 ranks: int | None = None) -> Matches:
        """*matches* with its documents in *best* (sorted: those the pairs
        were looked for in) scored up by the share of the pairs' words' idf
        that their best stretch of WINDOW_POSITIONS positions holds (each word
        counted once).  Positions are read only where a word's cached postings
        say it is, and shared with the pairs (*shared*, as in ``_phrase``).
        With *ranks*, only the order of the best *ranks* matters: positions
        are read only for the documents that could reach them, and the others
        keep the least their stretch could hold (their best word's share)."""
        fieldname = phrases[0].fieldname
        words = list(dict.fromkeys(word for p in phrases for word in p.words))
        idf = {word: self.searcher.idf(fieldname, word) for word in words}
        total = sum(idf.values())
        if len(words) < 2 or not best.size or not total:
            return matches
        holding = {word: np.intersect1d(best, self._term(fieldname, word).ids, assume_unique=True) for word in words}
        most, least, count = np.zeros(best.size), np.zeros(best.size), np.zeros(best.size, dtype=np.int64)
        for word, ids in holding.items():
            at = np.searchsorted(best, ids)
            most[at] += idf[word]
            least[at] = np.maximum(least[at], idf[word])
            count[at] += 1
        where = np.searchsorted(matches.ids, best)
        factor = np.ones(len(matches))
        # a stretch holds at least the document's best word: its whole share
        # when that is the document's only word of the question (no positions to read)
        factor[where] += WINDOW_BOOST * least / total
        needed = count >= 2
        if ranks is not None and 0 < ranks < len(matches) and needed.any():
            # a document whose most (all its words in one stretch) stays below
            # the ranks-th best least score cannot reach the first *ranks*
            least_scores = matches.scores * factor
            threshold = np.partition(least_scores, len(matches) - ranks)[len(matches) - ranks]
            needed &= matches.scores[where] * (1 + WINDOW_BOOST * most / total) >= threshold
        if not needed.any():
            return Matches(matches.ids, matches.scores * factor)
        read = best[needed]
        hits: dict[int, list[tuple[int, str]]] = {}
        for word, ids in holding.items():
            ids = ids[np.isin(ids, read, assume_unique=True)]
            for seg in self.segments:
                lo, hi = np.searchsorted(ids, [seg.offset, seg.offset + seg.size])
                if lo == hi:
                    continue
                local = (ids[lo:hi] - seg.offset).tolist()
                found = _shared_positions(seg, fieldname, word, local, shared)
                for docnum in local:
                    hits.setdefault(docnum + seg.offset, []).extend((p, word) for p in found.get(docnum, ()))
        place = dict(zip(best.tolist(), where.tolist()))
        for doc, positions in hits.items():
            factor[place[doc]] = 1 + WINDOW_BOOST * best_window(sorted(positions), idf, WINDOW_POSITIONS) / total
        return Matches(matches.ids, matches.scores * factor)

    def _by_whoosh(self, q: wq.Query) -> Matches:
        """Whoosh's own matcher, for query types evaluated nowhere else."""
        ids, scores = [], []
        steps = 0
        for seg in self.segments:
            matcher = q.matcher(seg.searcher, seg.searcher.context(weighting=self.weighting))
            while matcher.is_active():
                docnum = matcher.id()
                if not seg.deleted.size or not seg.reader.is_deleted(docnum):
                    ids.append(docnum + seg.offset)
                    scores.append(matcher.score())
                matcher.next()
                steps += 1
                if steps % DEADLINE_EVERY == 0 and self.deadline is not None and time.monotonic() > self.deadline:
                    self.partial = True  # out of time: what was found so far (a wide prefix or range)
                    break
            if self.partial:
                break
        if not ids:
            return EMPTY
        order = np.argsort(ids, kind="stable")
        return Matches(np.asarray(ids, dtype=np.int64)[order], np.asarray(scores, dtype=np.float64)[order])


def top(matches: Matches, count: int | None, key: np.ndarray | None = None) -> np.ndarray:
    """Indexes into *matches* of the best *count* (all when None): by score,
    or by *key* ascending (then score) when given; ties by document number."""
    if not len(matches):
        return np.zeros(0, dtype=np.int64)
    if key is None and count and count < len(matches) // 4:
        # only the matches scoring at least the count-th best score (ties
        # included) are sorted: the same first *count* as sorting them all
        negated = -matches.scores
        threshold = np.partition(negated, count - 1)[count - 1]
        candidates = np.flatnonzero(negated <= threshold)
        return candidates[np.lexsort((matches.ids[candidates], negated[candidates]))][:count]
    if key is None:
        order = np.lexsort((matches.ids, -matches.scores))
    else:
        order = np.lexsort((matches.ids, -matches.scores, key))
    return order if count is None else order[:count]
