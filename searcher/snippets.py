"""Snippets: the passages of a document around the words a query matched,
with the character spans of those words.

The stored text is tokenized again with the index's tokenizer; a word matches
when its stem is a ``text`` term the query searched for, or its written form a
``surface`` term (names and glued forms are searched as written).  Token spans
point into the original text, so a highlight covers the word as written,
diacritics, particles and all.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

from analyzers.chain import forms_of
from analyzers.forms import WordForms
from analyzers.tokenizer import has_notation, occurrences, word_spans, words_of

SNIPPET_CHARS = 220  # longest passage shown
SNIPPET_CONTEXT = 60  # characters of context around a match
SNIPPETS_PER_HIT = 2
# Same-length replacements keep the spans valid while making a passage one line.
_LINE_BREAKS = re.compile("[\n\r\t\v\f]")


def _one_line(text: str) -> str:
    # (str.translate looks every character of an Arabic passage up in its table: 15 µs a passage)
    return _LINE_BREAKS.sub(" ", text)


@dataclass(frozen=True)
class Snippet:
    """A passage of a document field.

    ``start``/``end`` locate the passage in the field's text; ``highlights``
    are (start, end) spans of matched words, relative to ``text``.
    """

    text: str
    start: int
    end: int
    highlights: list[tuple[int, int]] = field(default_factory=list)


MAX_KNOWN_WORDS = 150_000  # raw words kept by spelling (about 28 MiB; 300 questions meet 69,000); forgotten whole when full


@dataclass(frozen=True)
class _Spellings:
    """The raw words known at one moment (*version*) that are spelled with
    a query's stems or written forms (*matched*), or with a stem of one of
    its phrases (*in_phrases*, with that stem)."""

    version: int
    matched: frozenset[str]
    in_phrases: dict[str, str]


class KnownWords:
    """The raw words met in the texts of hits, found by their light stem and
    by their normalised form: the words of a text that a query matched are
    then a set intersection, not a walk over the text's distinct words asking
    each for its forms (most of a snippet's cost).  One per engine, shared
    by its searches; bounded (forgotten whole when full); safe to share
    between threads (its sets change and are read under one lock)."""

    def __init__(self, forms: Callable[[str], WordForms], limit: int = MAX_KNOWN_WORDS) -> None:
        self._forms = forms
        self._limit = limit
        self._known: set[str] = set()
        self._by_stem: dict[str, list[str]] = {}
        self._by_norm: dict[str, list[str]] = {}
        self._version = 0  # bumped whenever the words known change
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._known)

    def spellings(self, words: set[str], stems: frozenset[str], written: frozenset[str],
                  phrase_words: frozenset[str], last: _Spellings | None) -> _Spellings:
        """The spellings of a query's terms among the words known once
        *words* are (*last*, when nothing changed since it was made)."""
        with self._lock:
            unknown = words - self._known
        analysed = {word: self._forms(word) for word in unknown}  # outside the lock: a new word's analysis
        with self._lock:
            missing = words - self._known  # (another thread may have forgotten them all meanwhile)
            if missing:
                if len(self._known) + len(missing) > self._limit:
                    self._known.clear()
                    self._by_stem.clear()
                    self._by_norm.clear()
                    missing = words
                for word in missing:
                    found = analysed.get(word) or self._forms(word)
                    self._known.add(word)
                    if found.stem:
                        self._by_stem.setdefault(found.stem, []).append(word)
                    if found.norm:
                        self._by_norm.setdefault(found.norm, []).append(word)
                self._version += 1
            if last is not None and last.version == self._version:
                return last
            by_stem, by_norm = self._by_stem, self._by_norm
            return _Spellings(
                self._version,
                frozenset(chain.from_iterable([by_stem.get(s, ()) for s in stems] + [by_norm.get(w, ()) for w in written])),
                {word: stem for stem in phrase_words for word in by_stem.get(stem, ())})


@dataclass(frozen=True)
class MatchedTerms:
    """The index terms a hit may hold because it matched the query: stems
    (``text`` field) and written words (``surface`` field)."""

    stems: frozenset[str] = frozenset()
    written: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()  # stems that match only side by side, in order
    forms: Callable[[str], WordForms] = field(default=forms_of, compare=False, repr=False)  # the index's analysis
    # the words met in hits, shared by an engine's searches (None: this query's own)
    known: KnownWords | None = field(default=None, compare=False, repr=False)
    # the spellings last looked up for this query (one query's hits, in one thread)
    _last: list[_Spellings] = field(default_factory=list, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.stems or self.written or self.phrases)

    def match(self, word: str) -> bool:
        """Whether the raw *word* (as the tokenizer cut it) is one the query matched."""
        return word in self.classify({word})[0]

    def classify(self, words: set[str]) -> tuple[set[str], dict[str, str]]:
        """Of the raw *words*: those matched by themselves, and the stem of
        each that is a word of a phrase."""
        known = self.known if self.known is not None else self._own_known
        spellings = known.spellings(words, self.stems, self.written, self._phrase_words,
                                    self._last[0] if self._last else None)
        self._last[:] = [spellings]
        in_phrases = spellings.in_phrases
        return words & spellings.matched, {word: in_phrases[word] for word in words & in_phrases.keys()}

    @cached_property
    def _own_known(self) -> KnownWords:
        return KnownWords(self.forms)

    @cached_property
    def _phrase_words(self) -> frozenset[str]:
        return frozenset(word for phrase in self.phrases for word in phrase)


def match_spans(text: str, terms: MatchedTerms) -> list[tuple[int, int]]:
    """Spans of every word of *text* that the query matched, in order: a
    word matched by itself, or one of a phrase's words side by side (عبد in
    «عبد الرزاق», not in «عبد العزيز»)."""
    if not terms:
        return []
    if has_notation(text):  # a notation token shares its first number's position
        return _token_match_spans(text, terms)
    # The distinct words matched are a set intersection with the spellings of
    # the query's terms (KnownWords); only they are then located in the text
    # (a hit's text is cut into 1,000 words for a few matches).
    words = words_of(text)
    matched, phrase_stems = terms.classify(set(words))
    if not phrase_stems.keys() - matched:  # no word that matches only in a phrase
        return occurrences(text, matched)
    stems = [phrase_stems.get(word) for word in words]
    starts: dict[str, list[int]] = {}
    for position, stem in enumerate(stems):
        if stem is not None:
            starts.setdefault(stem, []).append(position)
    runs: set[int] = set()
    for phrase in terms.phrases:
        for position in starts.get(phrase[0], ()):
            if stems[position:position + len(phrase)] == list(phrase):
                runs.update(range(position, position + len(phrase)))
    wanted = matched | {words[i] for i in runs}
    located = [i for i, word in enumerate(words) if word in wanted]  # the token behind each occurrence
    return [span for i, span in zip(located, occurrences(text, wanted)) if i in runs or words[i] in matched]


def _token_match_spans(text: str, terms: MatchedTerms) -> list[tuple[int, int]]:
    """``match_spans`` over the tokens of *text*, notation tokens included."""
    spans = word_spans(text)
    matched_words, phrase_stems = terms.classify({span[0] for span in spans})
    matched: set[int] = set()
    # each (position, stem) of a phrase's word → the first word there with
    # that stem (a notation token shares its first number's position), and
    # each such stem's positions: a phrase is looked for only where its first
    # word is (a question's word pairs over a long article: 4 ms a hit otherwise)
    at: dict[tuple[int, str], int] = {}
    positions: dict[str, list[int]] = {}
    for i, (word, _start, _end, pos) in enumerate(spans):
        stem = phrase_stems.get(word)
        if word in matched_words:
            matched.add(i)
        if stem is not None and (pos, stem) not in at:
            at[pos, stem] = i
            positions.setdefault(stem, []).append(pos)
    for phrase in terms.phrases:
        for pos in positions.get(phrase[0], ()):
            run = [at.get((pos + k, word)) for k, word in enumerate(phrase)]
            if None not in run:
                matched.update(run)  # type: ignore[arg-type]
    return _merged_spans(sorted((spans[i][1], spans[i][2]) for i in matched))


def _merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted *spans* with those that overlap joined: a notation token spans
    its numbers, and «5+5» is one highlight, not «5» marked inside it."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def whole_text_snippet(text: str, terms: MatchedTerms) -> Snippet:
    """All of *text* as one snippet (for titles and for showing a document)."""
    return Snippet(_one_line(text), 0, len(text), match_spans(text, terms))


def make_snippets(
    text: str,
    terms: MatchedTerms,
    count: int = SNIPPETS_PER_HIT,
    maxchars: int = SNIPPET_CHARS,
    context: int = SNIPPET_CONTEXT,
) -> list[Snippet]:
    """The best passages of *text* for *terms*, in document order; the opening
    of the text when no word matched (a hit found through its title).

    A passage is a run of matches no wider than *maxchars* with *context*
    characters on either side, cut at spaces; the passages with the most
    distinct matched words win (the earlier on a tie)."""
    spans = match_spans(text, terms)
    if not spans:
        end = _word_boundary(text, maxchars)
        return [Snippet(_one_line(text[:end]), 0, end, [])]
    runs: list[list[tuple[int, int]]] = []
    for span in spans:
        if runs and span[1] - runs[-1][0][0] <= maxchars - 2 * context:
            runs[-1].append(span)
        else:
            runs.append([span])

    def distinct(run: list[tuple[int, int]]) -> int:
        return len({text[a:b] for a, b in run})

    best = sorted(sorted(range(len(runs)), key=lambda i: (-distinct(runs[i]), i))[:count])
    snippets = []
    for i in best:
        run = runs[i]
        start = _space_before(text, max(0, run[0][0] - context))
        end = _space_after(text, min(len(text), run[-1][1] + context))
        snippets.append(Snippet(_one_line(text[start:end]), start, end,
                                [(a - start, b - start) for a, b in run]))
    return snippets


def _space_before(text: str, at: int) -> int:
    """*at*, moved back to the start of the word it falls in."""
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _space_after(text: str, at: int) -> int:
    """*at*, moved on to the end of the word it falls in."""
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def _word_boundary(text: str, limit: int) -> int:
    if len(text) <= limit:
        return len(text)
    cut = text.rfind(" ", 0, limit)
    return cut if cut > 0 else limit
