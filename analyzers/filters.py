"""Whoosh filters: each wraps one pure text function from this package.

Whoosh reuses a single Token object for a whole stream, so each filter edits
``token.text`` in place and never touches ``startchar``/``endchar``: offsets
stay those the tokenizer found in the original text.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from .normalizer import normalize
from .stemmer import aggressive_stem, light_stem
from .stopwords import STOP_WORDS


class NormalizeFilter(Filter):
    """Replace each token's text by its normalised form; drop tokens left empty
    (a run of tatweel or marks only)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = normalize(token.text)
            if text:
                token.text = text
                yield token


class QueryStopFilter(Filter):
    """Drop stop words, only when the caller asks with ``drop_stop_words=True``.

    The index keeps them, so that phrases like "في سرت" match and a query made
    only of stop words can still be answered.  The query layer asks for them to
    be dropped from the loose words of a query, where they only add noise.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if getattr(token, "drop_stop_words", False) and token.text in STOP_WORDS:
                continue
            yield token


class StemFilter(Filter):
    """Replace each normalised token by its light stem."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = light_stem(token.text)
            yield token


class StopWordFilter(Filter):
    """Drop stop words always (the surface field: they are never searched there)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.text not in STOP_WORDS:
                yield token


class AggressiveStemFilter(Filter):
    """Replace each raw token by its aggressive (Snowball) stem, normalised,
    keeping only stems that differ from the light stem, and no stop words.

    The root field ranks a document that shares a query word's root in
    another form; a word whose two stems agree is already matched by its light
    stem, and stop words are never searched there.  Leaving both out cuts the
    field's postings by four fifths (measured on SaudiNewsNet)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            norm = normalize(token.text)
            if not norm or norm in STOP_WORDS:
                continue
            root = aggressive_stem(token.text)
            if root != light_stem(norm):
                token.text = root
                yield token
