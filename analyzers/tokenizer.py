"""The tokenizer: words with their spans in the original text, plus one extra
token for each number notation (5+5, 5 + 5, 5 زائد 5)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from .normalizer import MARKS

# A word is a run of letters or digits (any script, no underscore) that may
# carry diacritics, tatweel and invisible joiners inside it: they belong to the
# word, so its span covers them and highlights land on what was written.
_MARK_CLASS = "".join(sorted(MARKS))
_WORD_CHARACTER = rf"(?:[^\W_]|[{re.escape(_MARK_CLASS)}])"
WORD_PATTERN = re.compile(rf"{_WORD_CHARACTER}+")
_IS_WORD_CHARACTER = re.compile(_WORD_CHARACTER).match

# "N+N", "N + N" and "N زائد N" (plus, in words) name the same thing, like the
# Libyan 5+5 military committee.  Each gets one more token, "N+N", at the
# position of its first number, spanning the whole notation.
NOTATION_PATTERN = re.compile(r"(?<![\w.,])(\d+)[ \t]*(?:\+|زائد|زايد)[ \t]*(\d+)(?![\w.,])")


def is_notation(term: str) -> bool:
    return "+" in term


def notation_spans(value: str) -> list[tuple[str, int, int]]:
    """Each number notation of *value* as (its token's text, start, end):
    «5 زائد 5» → ("5+5", 0, 9)."""
    return [(f"{m.group(1)}+{m.group(2)}", m.start(), m.end()) for m in NOTATION_PATTERN.finditer(value)]


def has_notation(value: str) -> bool:
    """Whether *value* holds a number notation (its tokens then differ from its words)."""
    return _may_hold_notation(value) and NOTATION_PATTERN.search(value) is not None


def _may_hold_notation(value: str) -> bool:
    """Whether *value* holds what every notation holds (plain substring tests, before the regex)."""
    return "+" in value or "زائد" in value or "زايد" in value


def words_of(value: str) -> list[str]:
    """The words of *value* as the tokenizer cuts them, without spans or
    notation tokens (for a text with no notation: its tokens)."""
    return WORD_PATTERN.findall(value)


def occurrences(value: str, words: Collection[str]) -> list[tuple[int, int]]:
    """The spans of the words of *value* that are one of *words* (exactly as
    cut), in order: a few words found in a long text without cutting every
    word of it.  A word is a whole run of word characters, so an occurrence
    inside a longer word is passed over."""
    spans = []
    for word in words:
        at = value.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and _IS_WORD_CHARACTER(value, at - 1)) and not _IS_WORD_CHARACTER(value, end):
                spans.append((at, end))
            at = value.find(word, end)
    spans.sort()
    return spans


Span = tuple[str, int, int, int]  # text, start, end, position


class SpanMemo:
    """The spans of the last text cut, for analyzers that cut the same text
    in a row (an index's three fields analyse each document's text one after
    the other: this saves two of the three regex passes).  The text is held,
    so the identity check cannot be fooled by a new string at the same
    address; threads replace the memo whole, never in part."""

    def __init__(self) -> None:
        self.last: tuple[str, int, list[Span]] | None = None


def word_spans(value: str, start_pos: int = 0, memo: SpanMemo | None = None) -> list[Span]:
    """The words of *value* (and a token per number notation) with their
    character spans and positions (the same list again when *memo* holds
    this very text's)."""
    last = memo.last if memo is not None else None
    if last is not None and last[0] is value and last[1] == start_pos:
        return last[2]
    notations = {start: (text, start, end) for text, start, end in notation_spans(value)} \
        if _may_hold_notation(value) else {}
    spans: list[Span]
    if not notations:  # most texts: one comprehension, no lookup a word
        spans = [(match.group(), match.start(), match.end(), pos)
                 for pos, match in enumerate(WORD_PATTERN.finditer(value), start_pos)]
    else:
        spans = []
        for pos, match in enumerate(WORD_PATTERN.finditer(value), start_pos):
            spans.append((match.group(), match.start(), match.end(), pos))
            notation = notations.get(match.start())
            if notation:
                spans.append((*notation, pos))
    if memo is not None:
        memo.last = (value, start_pos, spans)
    return spans


def span_tokens(
    value: str,
    term_of: Callable[[str], str | None] | None = None,
    positions: bool = False,
    chars: bool = False,
    keeporiginal: bool = False,
    removestops: bool = True,
    start_pos: int = 0,
    start_char: int = 0,
    tokenize: bool = True,
    mode: str = "",
    memo: SpanMemo | None = None,
    **kwargs: object,
) -> Iterator[Token]:
    """Whoosh tokens for the words of *value*, each word's text replaced by
    ``term_of(word)`` (None: the word is left out).  One Token object is
    reused for the whole stream, as Whoosh expects."""
    token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
    spans = word_spans(value, start_pos, memo) if tokenize else [(value, 0, len(value), start_pos)]
    for text, start, end, pos in spans:
        term = text if term_of is None else term_of(text)
        if term is None:
            continue
        token.text = term
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = text
        if positions:
            token.pos = pos
        if chars:
            token.startchar = start_char + start
            token.endchar = start_char + end
        yield token


class ArabicTokenizer(Tokenizer):
    """Whoosh tokenizer for WORD_PATTERN words and number notations."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        return span_tokens(value, None, **kwargs)
