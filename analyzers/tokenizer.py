"""The tokenizer: words with their spans in the original text, plus one extra
token for each number notation (5+5, 5 + 5, 5 زائد 5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from .normalizer import MARKS

# A word is a run of letters or digits (any script, no underscore) that may
# carry diacritics, tatweel and invisible joiners inside it: they belong to the
# word, so its span covers them and highlights land on what was written.
_MARK_CLASS = "".join(sorted(MARKS))
WORD_PATTERN = re.compile(rf"(?:[^\W_]|[{re.escape(_MARK_CLASS)}])+")

# "N+N", "N + N" and "N زائد N" (plus, in words) name the same thing, like the
# Libyan 5+5 military committee.  Each gets one more token, "N+N", at the
# position of its first number, spanning the whole notation.
NOTATION_PATTERN = re.compile(r"(?<![\w.,])(\d+)[ \t]*(?:\+|زائد|زايد)[ \t]*(\d+)(?![\w.,])")


def is_notation(term: str) -> bool:
    return "+" in term


class ArabicTokenizer(Tokenizer):
    """Whoosh tokenizer for WORD_PATTERN words and number notations."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            spans = [(value, 0, len(value), start_pos)]
        else:
            notations = {m.start(): m for m in NOTATION_PATTERN.finditer(value)} if "+" in value or "ز" in value else {}
            spans = []
            for pos, match in enumerate(WORD_PATTERN.finditer(value), start_pos):
                spans.append((match.group(), match.start(), match.end(), pos))
                notation = notations.get(match.start())
                if notation:
                    spans.append((f"{notation.group(1)}+{notation.group(2)}", notation.start(), notation.end(), pos))
        for text, start, end, pos in spans:
            token.text = text
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
