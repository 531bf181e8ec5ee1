"""The Arabic analysis chain, identical at index time and at query time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh.analysis import Analyzer, RegexTokenizer

from .filters import NormalizeFilter, QueryStopFilter, StemFilter
from .normalizer import MARKS

# A word is a run of letters or digits (any script, no underscore) that may
# carry diacritics, tatweel and invisible joiners inside it: they belong to the
# word, so its span covers them and highlights land on what was written.
_MARK_CLASS = "".join(sorted(MARKS))
WORD_PATTERN = re.compile(rf"(?:[^\W_]|[{re.escape(_MARK_CLASS)}])+")

# Bump when the tokens produced for the same text change: an index built by an
# older chain must be rebuilt (the index records the version it was built with).
ANALYZER_VERSION = 2


def arabic_analyzer() -> Analyzer:
    """Tokenize, normalise, drop query stop words, light-stem."""
    return RegexTokenizer(WORD_PATTERN) | NormalizeFilter() | QueryStopFilter() | StemFilter()


@dataclass(frozen=True)
class AnalyzedToken:
    token: str  # the indexed term
    text: str  # the original text it came from, marks included
    start: int  # span in the original text
    end: int


def analyze(text: str, analyzer: Analyzer | None = None) -> list[AnalyzedToken]:
    """Return the index terms of *text* with their original spans."""
    chain = analyzer or arabic_analyzer()
    return [
        AnalyzedToken(t.text, text[t.startchar : t.endchar], t.startchar, t.endchar)
        for t in chain(text, chars=True, mode="index")
    ]
