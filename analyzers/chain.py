"""The Arabic analysis chain, identical at index time and at query time."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.analysis import Analyzer

from .filters import AffixedOnlyFilter, AggressiveStemFilter, NormalizeFilter, QueryStopFilter, StemFilter
from .tokenizer import ArabicTokenizer

# Bump when the tokens produced for the same text change: an index built by an
# older chain must be rebuilt (the index records the version it was built with).
ANALYZER_VERSION = 7


def arabic_analyzer() -> Analyzer:
    """Tokenize, normalise, drop query stop words, light-stem."""
    return ArabicTokenizer() | NormalizeFilter() | QueryStopFilter() | StemFilter()


def surface_analyzer() -> Analyzer:
    """Words as written (normalised, not stemmed), only those that carry an
    affix: a match on the written form ranks above a match on the stem alone."""
    return ArabicTokenizer() | NormalizeFilter() | QueryStopFilter() | AffixedOnlyFilter()


def root_analyzer() -> Analyzer:
    """Words stemmed aggressively (Snowball), for ranking beside the light stem."""
    return ArabicTokenizer() | AggressiveStemFilter()


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
