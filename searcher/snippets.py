"""Snippets: the passages of a document around the words a query matched,
with the character spans of those words.

The stored text is analysed again with the index chain; a token matches when
its term is one the query searched for.  Token spans point into the original
text, so a highlight covers the word as written, diacritics and all.  Whoosh's
fragmenter picks the passages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import highlight
from whoosh.analysis import Analyzer

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


def match_spans(text: str, terms: set[str], analyzer: Analyzer) -> list[tuple[int, int]]:
    """Spans of every word of *text* whose index term is in *terms*."""
    if not terms:
        return []
    return [(t.startchar, t.endchar) for t in analyzer(text, chars=True, mode="index") if t.text in terms]


def whole_text_snippet(text: str, terms: set[str], analyzer: Analyzer) -> Snippet:
    """All of *text* as one snippet (for titles and for showing a document)."""
    return Snippet(text.translate(_ONE_LINE), 0, len(text), match_spans(text, terms, analyzer))


def make_snippets(
    text: str,
    terms: set[str],
    analyzer: Analyzer,
    count: int = SNIPPETS_PER_HIT,
    maxchars: int = SNIPPET_CHARS,
    context: int = SNIPPET_CONTEXT,
) -> list[Snippet]:
    """The best passages of *text* for *terms*, in document order; the opening
    of the text when no word matched (a hit found through its title)."""
    tokens = highlight.set_matched_filter(analyzer(text, chars=True, mode="index"), terms)
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
