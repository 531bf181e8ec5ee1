"""Snippets: the passages of a document around the words a query matched,
with the character spans of those words.

The stored text is tokenized again with the index's tokenizer; a word matches
when its stem is a ``text`` term the query searched for, or its written form a
``surface`` term (names and glued forms are searched as written).  Token spans
point into the original text, so a highlight covers the word as written,
diacritics, particles and all.  Whoosh's fragmenter picks the passages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from whoosh import highlight
from whoosh.analysis import Token

from analyzers.chain import forms_of
from analyzers.tokenizer import span_tokens

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

    def __bool__(self) -> bool:
        return bool(self.stems or self.written)

    def match(self, word: str) -> bool:
        """Whether the raw *word* (as the tokenizer cut it) is one the query matched."""
        forms = forms_of(word)
        return forms.stem in self.stems or forms.norm in self.written


def _marked_tokens(text: str, terms: MatchedTerms) -> Iterator[Token]:
    """The words of *text* with their spans, ``matched`` set on those the query matched."""
    for token in span_tokens(text, lambda word: "1" if terms.match(word) else "0", chars=True, mode="index"):
        token.matched = token.text == "1"
        yield token


def match_spans(text: str, terms: MatchedTerms) -> list[tuple[int, int]]:
    """Spans of every word of *text* that the query matched."""
    if not terms:
        return []
    return [(t.startchar, t.endchar) for t in _marked_tokens(text, terms) if t.matched]


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
    of the text when no word matched (a hit found through its title)."""
    tokens = _marked_tokens(text, terms)
    fragmenter = highlight.ContextFragmenter(maxchars=maxchars, surround=context)
    fragments = highlight.top_fragments(
        fragmenter.fragment_tokens(text, tokens), count, highlight.BasicFragmentScorer(), highlight.FIRST
    )
    if not fragments:
        end = _word_boundary(text, maxchars)
        return [Snippet(text[:end].translate(_ONE_LINE), 0, end, [])]
    return [
        Snippet(
            text[f.startchar : f.endchar].translate(_ONE_LINE),
            f.startchar,
            f.endchar,
            [(m.startchar - f.startchar, m.endchar - f.startchar) for m in f.matches],
        )
        for f in fragments
    ]


def _word_boundary(text: str, limit: int) -> int:
    if len(text) <= limit:
        return len(text)
    cut = text.rfind(" ", 0, limit)
    return cut if cut > 0 else limit
