"""The Arabic analysis chain, identical at index time and at query time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.analysis import Analyzer, Token

from .filters import AggressiveStemFilter, NormalizeFilter, QueryStopFilter, StemFilter, StopWordFilter
from .forms import WordForms, word_forms
from .tokenizer import ArabicTokenizer, span_tokens

# Bump when the tokens produced for the same text change: an index built by an
# older chain must be rebuilt (the index records the version it was built with).
ANALYZER_VERSION = 9


def composed_analyzer(kind: str) -> Analyzer:
    """The chain for one field written as Whoosh filters, one job each: the
    specification the fused ``WordFormsAnalyzer`` must match token for token."""
    if kind == LIGHT:
        return ArabicTokenizer() | NormalizeFilter() | QueryStopFilter() | StemFilter()
    if kind == SURFACE:
        return ArabicTokenizer() | NormalizeFilter() | StopWordFilter()
    if kind == ROOT:
        return ArabicTokenizer() | AggressiveStemFilter()
    raise ValueError(f"unknown analysis kind {kind!r}")


def arabic_analyzer() -> Analyzer:
    """Tokenize, normalise, drop query stop words, light-stem."""
    return WordFormsAnalyzer(LIGHT)


def surface_analyzer() -> Analyzer:
    """Words as written (normalised, not stemmed), stop words left out: a
    match on the written form ranks above a match on the stem alone, and the
    field's vocabulary is every spelling the index holds, with its document
    frequency (for spelling variants and glued particles)."""
    return WordFormsAnalyzer(SURFACE)


def root_analyzer() -> Analyzer:
    """Words stemmed aggressively (Snowball), for ranking beside the light
    stem: only where the two stems differ, and no stop words."""
    return WordFormsAnalyzer(ROOT)


LIGHT, SURFACE, ROOT = 0, 1, 2  # index into a word's forms (WordForms)
_MAX_CACHED_WORDS = 300_000  # about 60 MiB; cleared when full, to bound memory

_forms_cache: dict[str, WordForms] = {}


def release_caches() -> None:
    """Empty the analyzer's word cache (up to 300,000 words): after a big
    commit, so that building the vocabulary tables reuses that memory
    instead of adding to the process's peak."""
    _forms_cache.clear()


def forms_of(word: str) -> WordForms:
    """``word_forms(word)``, through the analyzer's cache (words repeat heavily)."""
    forms = _forms_cache.get(word)
    if forms is None:
        if len(_forms_cache) >= _MAX_CACHED_WORDS:
            _forms_cache.clear()
        forms = _forms_cache[word] = word_forms(word)
    return forms


class WordFormsAnalyzer(Analyzer):
    """``composed_analyzer(kind)`` in one loop: the tokenizer's words, each
    looked up once in a cache of its forms.  Whoosh runs a generator per
    filter per token; indexing three fields that way cost more than Whoosh's
    own posting code."""

    def __init__(self, kind: int) -> None:
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.kind == self.kind  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.kind))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind})"

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        kind = self.kind
        # stop words are dropped only when the query layer asks (QueryStopFilter)
        drop_stops = bool(kwargs.get("drop_stop_words", False))
        cache = _forms_cache

        def term_of(word: str) -> str | None:
            forms = cache.get(word)
            if forms is None:
                forms = forms_of(word)
            return None if drop_stops and forms[3] else forms[kind]

        return span_tokens(value, term_of, **kwargs)


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
