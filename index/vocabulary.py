"""What the index's vocabulary says about spellings, rebuilt after every commit.

Two tables, built from the ``surface`` field (every word as written,
normalised, with the number of documents that write it) and stored beside
the index as ``vocabulary.json``:

* glued words: each written word that is most likely a particle glued to
  another word (وروسيا → روسيا), decided by ``analyzers.proclitics`` with the
  Arramooz lexicon and these document counts;
* spelling variants: the written words (article removed, glued words left
  out) grouped by variant key (``analyzers.variants``), so a query can look
  up in one step the spellings of a name that the index holds, with the
  words among them that the lexicon lists as common words (سالمين "safe" is
  not a spelling of سلمان).  Which of them a query may use is the query
  layer's decision (``searcher/plan.py``).

Whoosh keeps a deleted (or replaced) document's words in its segment until
the segment is merged away, so its document counts still include it.  The
tables count live documents only: the words of the deleted documents that
remain are counted too (``removed``), taken off, and kept for the query
layer's counts (``written_documents``).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from hashlib import blake2b
from typing import Any
from itertools import groupby
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader

from analyzers.lexicon import VERB_PREFIXES, Lexicon
from analyzers.normalizer import is_arabic_word
from analyzers.proclitics import glue_limits, glued_reading
from analyzers.stemmer import strip_article
from analyzers.variants import is_variant_candidate, variant_key

from .bulkwriter import field_doc_frequencies
from .documents import Document, searchable_text
from .lexicon import arabic_lexicon
from .schema import SURFACE_FIELD, schema_analysis

VOCABULARY_FILE = "vocabulary.json"
MIN_VERB_SIBLINGS = 2  # other prefixes the index writes a verb with that make a written word one of its forms
TABLE_FORMAT = 14  # bump when what the tables hold changes; older files are rebuilt



@dataclass
class VocabularyTables:
    """The tables, held as the JSON file stores them (strings, split on
    use), so that a process opening an index reads them in a tenth of a
    second: most queries look up a handful of entries."""

    # variant key → "written word\tdocuments\t..." (most frequent first)
    variants: dict[str, str] = field(default_factory=dict)
    glued: dict[str, str] = field(default_factory=dict)  # وروسيا → روسيا (written, normalised)
    by_stem: dict[str, str] = field(default_factory=dict)  # روس → "وروسيا\tبروسيا\tلروسية..."
    by_word: dict[str, str] = field(default_factory=dict)  # ترمب → "وترمب\tلترمب"
    # written words (article removed) that the lexicon lists as common words, not
    # names: searched by their stem; other words are searched as written (names)
    common_words: frozenset[str] = frozenset()
    # written words (article removed) that are a verb's present or future, which the lexicon does not take apart
    # (تعطي، سيراقب): no spelling of a Latin name, though an Arabic query searches them as written
    inflected_words: frozenset[str] = frozenset()
    # written words (article removed) with the short vowels the lexicon gives
    # them, one reading per tab (ربيع → رَبيع): what a Latin name's vowels must agree with
    vowelled: dict[str, str] = field(default_factory=dict)
    # written word → deleted documents that Whoosh still counts for it
    removed: dict[str, int] = field(default_factory=dict)

    def written_documents(self, reader: IndexReader, word: str) -> int:
        """Live documents that write the normalised *word* (Whoosh's count
        less the deleted documents it still holds)."""
        return reader.doc_frequency(SURFACE_FIELD, word) - self.removed.get(word, 0)

    def spellings(self, key: str) -> list[tuple[str, int]]:
        """The written words with variant *key*, with their document counts, most frequent first."""
        parts = self.variants.get(key, "").split("\t")
        return [(parts[i], int(parts[i + 1])) for i in range(0, len(parts) - 1, 2)]

    def glued_by_stem(self, stem: str) -> list[str]:
        """The written glued forms of every word whose stem is *stem* (روس →
        وروسيا، بروسيا، لروسية…)."""
        found = self.by_stem.get(stem)
        return found.split("\t") if found else []

    def glued_words(self, word: str) -> list[str]:
        """The written glued forms of the written *word* (ترمب → وترمب، لترمب)."""
        found = self.by_word.get(word)
        return found.split("\t") if found else []

    def carried(self, word: str) -> str | None:
        """The word that the written *word* carries behind a glued particle, or None."""
        return self.glued.get(word)

    def vowelled_readings(self, word: str) -> list[str]:
        """The written *word* (article removed) with its short vowels, one per reading the lexicon gives; [] if none."""
        found = self.vowelled.get(word)
        return found.split("\t") if found else []


def written_frequencies(reader: IndexReader) -> Counter[str]:
    """Documents per written word, summed segment by segment (Whoosh's merged
    view of several segments is ten times slower)."""
    counts: Counter[str] = Counter()
    for segment, _offset in reader.leaf_readers():
        if SURFACE_FIELD not in segment.indexed_field_names():
            continue
        for raw, frequency in field_doc_frequencies(segment, SURFACE_FIELD):
            counts[raw.decode("utf-8")] += frequency
    return counts


class WrittenWords:
    """Which words the surface field holds, as the sorted 64-bit hashes of
    their bytes: 2 MiB for the 260,000 words of 31,000 articles, where a set
    of them would take 30.  A word outside is certainly not in the index; a
    word inside almost surely is (two words share a hash once in 2^64/N), so
    a caller that must be sure asks the index for the few words it keeps.
    Did-you-mean checks the 400 strings one edit from a word: Whoosh's terms
    index answers each in 40 microseconds, this all of them in one."""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = hashes  # sorted uint64; never changed (threads share it)

    @classmethod
    def of(cls, reader: IndexReader) -> WrittenWords:
        digests = bytearray()
        for segment, _offset in reader.leaf_readers():
            if SURFACE_FIELD in segment.indexed_field_names():
                for raw, _frequency in field_doc_frequencies(segment, SURFACE_FIELD):
                    digests += _digest(raw)
        return cls(np.unique(np.frombuffer(bytes(digests), dtype="<u8")))

    def among(self, words: Iterable[str]) -> list[str]:
        """The *words* that are (almost surely) written in the index, in order."""
        words = list(words)
        if not words or not self.hashes.size:
            return []
        wanted = np.frombuffer(b"".join(_digest(word.encode("utf-8")) for word in words), dtype="<u8")
        at = np.minimum(np.searchsorted(self.hashes, wanted), self.hashes.size - 1)
        return [word for word, held in zip(words, (self.hashes[at] == wanted).tolist()) if held]


def _digest(raw: bytes) -> bytes:
    return blake2b(raw, digest_size=8).digest()


def removed_written(reader: IndexReader) -> Counter[str]:
    """Documents per written word among the deleted documents that the
    segments still hold: their stored text indexed again by the field itself,
    so the words are exactly the ones counted."""
    counts: Counter[str] = Counter()
    for segment, _offset in reader.leaf_readers():
        if not segment.has_deletions() or SURFACE_FIELD not in segment.indexed_field_names():
            continue
        surface = segment.schema[SURFACE_FIELD]
        for docnum in segment.deleted_docs_set:
            stored = segment.stored_fields(docnum)
            doc = Document(stored.get("id", ""), stored.get("body") or "", stored.get("title") or "")
            counts.update({raw.decode("utf-8") if isinstance(raw, bytes) else raw
                           for raw, *_rest in surface.index(searchable_text(doc))})
    return counts


class _Evidence:
    def __init__(self, counts: Counter[str], lexicon: Lexicon) -> None:
        self.counts = counts
        self.lexicon = lexicon
        self.limits = glue_limits(counts.items(), self.frequency, lexicon.knows)

    def glue_limit(self, particle: str) -> float:
        return self.limits[particle]

    def knows(self, word: str) -> bool:
        return self.lexicon.knows(word)

    def usage(self, word: str) -> int:
        return self.lexicon.usage(word)

    def frequency(self, word: str) -> int:
        return self.counts.get(word, 0)


def build_tables(reader: IndexReader, lexicon: Lexicon | None = None) -> VocabularyTables:
    removed = removed_written(reader)
    counts = written_frequencies(reader)
    counts.subtract(removed)
    counts = +counts  # words that only deleted documents wrote are gone
    return tables_from_counts(counts, schema_analysis(reader.schema).forms, lexicon, removed)


def tables_from_counts(counts: Counter[str], forms: Callable[[str], Any], lexicon: Lexicon | None = None,
                       removed: Counter[str] | None = None) -> VocabularyTables:
    """The tables from the live documents per written word (*counts*; used
    up) and the index's stemmer (*forms*); *removed*: what Whoosh still
    counts of deleted documents, kept for the query layer."""
    evidence = _Evidence(counts, arabic_lexicon() if lexicon is None else lexicon)
    glued: dict[str, str] = {}
    for word in counts:
        reading = glued_reading(word, evidence)
        if reading:
            glued[word] = reading[1]
    by_stem: dict[str, list[str]] = defaultdict(list)
    by_word: dict[str, list[str]] = defaultdict(list)
    for word, rest in sorted(glued.items()):
        by_stem[forms(rest).stem or rest].append(word)
        by_word[rest].append(word)
    # Each written word without its article, with the documents of all its
    # written forms; glued words are left out (a particle is not a spelling).
    bases: dict[str, int] = {}
    for word, documents in counts.items():
        if word not in glued and is_arabic_word(word):
            base = strip_article(word)
            bases[base] = bases.get(base, 0) + documents
    common = frozenset(base for base in bases if evidence.lexicon.is_common_word(base))
    # a word written with the article is no verb (النهدي: نهدي "we guide" is a family name there)
    inflected = frozenset(base for base in bases if base not in common and counts.get("ال" + base, 0) < MIN_VERB_SIBLINGS
                          and _is_verb_form(base, bases, evidence.lexicon))
    del counts
    vowelled = {base: "\t".join(found) for base in bases if (found := evidence.lexicon.vowelled(base))}
    # Keys with one spelling are kept: a query may be written in a spelling the
    # index lacks (عبدالرزاق) and find the one it holds (عبدالرازق).
    by_key = sorted(((variant_key(base), -documents, base) for base, documents in bases.items()
                     if is_variant_candidate(base)))
    del bases
    table = {key: "\t".join(f"{base}\t{-minus}" for _, minus, base in group)
             for key, group in groupby(by_key, key=itemgetter(0))}
    return VocabularyTables(
        variants=table, glued=glued,
        by_stem={stem: "\t".join(words) for stem, words in by_stem.items()},
        by_word={word: "\t".join(words) for word, words in by_word.items()},
        common_words=common, inflected_words=inflected, vowelled=vowelled,
        removed=dict(removed or {}),
    )


def _is_verb_form(word: str, bases: dict[str, int], lexicon: Lexicon) -> bool:
    """Whether the written *word* is a verb's present or future: the lexicon
    reads it as a person prefix and a verb (``Lexicon.verb_forms``), and the
    index writes the verb with MIN_VERB_SIBLINGS other prefixes, in words the
    lexicon lists as nothing but verbs (تعطي: يعطي, نعطي; Tesla's تسلا has
    no يسلا, Snowden's سنودن only يودن, Sinjar's سنجار nouns: تجار
    "merchants", سيجار "cigar")."""
    for prefix, verb in lexicon.verb_forms(word):
        siblings = [other for other in VERB_PREFIXES if other != prefix and bases.get(other + verb)
                    and not lexicon.lists_apart_from_verbs(other + verb)]
        if len(siblings) >= MIN_VERB_SIBLINGS:
            return True
    return False


def save_tables(folder: Path, tables: VocabularyTables, generation: int) -> None:
    """Write the tables for index *generation* (atomically: readers never see half a file)."""
    write_tables(folder / VOCABULARY_FILE, tables, generation=generation)


def load_tables(folder: Path, generation: int) -> VocabularyTables | None:
    """The stored tables if they were built for *generation*, else None."""
    found = read_tables(folder / VOCABULARY_FILE, generation=generation)
    return found[0] if found else None


def write_tables(path: Path, tables: VocabularyTables, **extra: object) -> None:
    """Write *tables*, and *extra* (what they were built for), to *path*
    atomically: readers never see half a file."""
    payload = {"format": TABLE_FORMAT, **extra, "variants": tables.variants, "glued": tables.glued,
               "by_stem": tables.by_stem, "by_word": tables.by_word,
               "common_words": "\n".join(sorted(tables.common_words)),
               "inflected_words": "\n".join(sorted(tables.inflected_words)), "vowelled": tables.vowelled,
               "removed": tables.removed}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def read_tables(path: Path, **expected: object) -> tuple[VocabularyTables, dict[str, object]] | None:
    """The tables stored at *path*, and the whole stored object, if they are
    of this format and were built for *expected*; else None."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != TABLE_FORMAT or any(raw.get(k) != v for k, v in expected.items()):
        return None
    tables = VocabularyTables(variants=raw["variants"], glued=raw["glued"], by_stem=raw["by_stem"],
                              by_word=raw["by_word"], common_words=frozenset(raw["common_words"].split("\n")),
                              inflected_words=frozenset(raw["inflected_words"].split("\n")),
                              vowelled=raw["vowelled"], removed=raw["removed"])
    return tables, raw
