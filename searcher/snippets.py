"""Snippets: the passages of a document around the words a query matched,
with the character spans of those words.

The stored text is tokenized again with the index's tokenizer; a word matches
when its stem is a ``text`` term the query searched for, or its written form a
``surface`` term (names and glued forms are searched as written).  Token spans
point into the original text, so a highlight covers the word as written,
diacritics, particles and all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from analyzers.chain import forms_of
from analyzers.forms import WordForms
from analyzers.tokenizer import has_notation, occurrences, word_spans, words_of

SNIPPET_CHARS = 220  # longest passage shown
SNIPPET_CONTEXT = 60  # characters of context around a match
SNIPPETS_PER_HIT = 2
# Same-length replacements keep the spans valid while making a passage one line.
_ONE_LINE = str.maketrans("\n\r\t\v\f", "     ")


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


@dataclass(frozen=True)
class MatchedTerms:
    """The index terms a hit may hold because it matched the query: stems
    (``text`` field) and written words (``surface`` field)."""

    stems: frozenset[str] = frozenset()
    written: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()  # stems that match only side by side, in order
    forms: Callable[[str], WordForms] = field(default=forms_of, compare=False, repr=False)  # the index's analysis
    _seen: dict[str, tuple[bool, str | None]] = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.stems or self.written or self.phrases)

    def match(self, word: str) -> bool:
        """Whether the raw *word* (as the tokenizer cut it) is one the query matched."""
        return self._classify_all({word})[word][0]

    def _classify_all(self, words: set[str]) -> dict[str, tuple[bool, str | None]]:
        """For each raw word of *words*: whether it matched by itself, and its
        stem when that is a word of a phrase (else None); computed once per
        word (one loop over a hit's distinct words: its per-word cost is most
        of a snippet's).  The memo of every word classified is returned."""
        seen, forms, stems, written, phrase_words = self._seen, self.forms, self.stems, self.written, self._phrase_words
        for word in words.difference(seen):  # (CPython looks each word up in the dict: never a walk of it)
            found = forms(word)
            seen[word] = (found.stem in stems or found.norm in written,
                          found.stem if found.stem in phrase_words else None)
        return seen

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
    # Each distinct word is classified once; only the matched ones are then
    # located in the text (a hit's text is cut into 1,000 words for a few matches).
    words = words_of(text)
    distinct = set(words)
    seen = terms._classify_all(distinct)
    matched: set[str] = set()
    in_phrases = False
    for word in distinct:
        found, stem = seen[word]
        if found:
            matched.add(word)
        elif stem is not None:
            in_phrases = True
    if not in_phrases:
        return occurrences(text, matched)
    stems = [seen[word][1] for word in words]
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
    seen = terms._classify_all({span[0] for span in spans})
    matched: set[int] = set()
    # each (position, stem) of a phrase's word → the first word there with
    # that stem (a notation token shares its first number's position), and
    # each such stem's positions: a phrase is looked for only where its first
    # word is (a question's word pairs over a long article: 4 ms a hit otherwise)
    at: dict[tuple[int, str], int] = {}
    positions: dict[str, list[int]] = {}
    for i, (word, _start, _end, pos) in enumerate(spans):
        found, stem = seen[word]
        if found:
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
    return Snippet(text.translate(_ONE_LINE), 0, len(text), match_spans(text, terms))


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
        return [Snippet(text[:end].translate(_ONE_LINE), 0, end, [])]
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
        snippets.append(Snippet(text[start:end].translate(_ONE_LINE), start, end,
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
