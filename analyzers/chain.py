"""The Arabic analysis chain, identical at index time and at query time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.analysis import Analyzer, Token

from .filters import AggressiveStemFilter, NormalizeFilter, QueryStopFilter, StemFilter, StopWordFilter
from .forms import WordForms, word_forms
from .normalizer import normalize
from .stopwords import STOP_WORDS
from .tokenizer import ArabicTokenizer, SpanMemo, span_tokens, word_spans

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


LIGHT, SURFACE, ROOT = 0, 1, 2  # index into a word's forms (WordForms)
_MAX_CACHED_WORDS = 300_000  # about 60 MiB; cleared when full, to bound memory


class ArabicAnalysis:
    """One configuration of the analysis, and the caches of the analyzers
    built from it (as Lucene's ``ArabicAnalyzer(stopwords, stemExclusionSet)``).

    *stop_words* replace the built-in list (``analyzers.STOP_WORDS``; a
    stop word is not indexed as written nor stemmed, and a query leaves it
    out when other words remain); *stem_exclusions* are words indexed and
    searched as written, never stemmed (a brand that looks like an inflected
    word).  Both are normalised.  The analyzers of one index share one
    analysis: its cache of word forms (words repeat heavily, and the three
    fields analyse each word) and the spans of the last text (the three
    fields analyse the same text in a row).  It is pickled with the index's
    schema as its settings only, so an index searches with the analysis it
    was built with.  Its caches are safe to share between threads: each
    entry is computed whole, then stored."""

    def __init__(self, stop_words: Iterable[str] | None = None, stem_exclusions: Iterable[str] = ()) -> None:
        self.stop_words = STOP_WORDS if stop_words is None else frozenset(filter(None, map(normalize, stop_words)))
        self.stem_exclusions = frozenset(filter(None, map(normalize, stem_exclusions)))
        self._forms: dict[str, WordForms] = {}
        self.spans = SpanMemo()

    @property
    def is_default(self) -> bool:
        return self.stop_words is STOP_WORDS and not self.stem_exclusions

    def forms(self, word: str) -> WordForms:
        """The forms of a raw word (``forms.word_forms``), through the cache."""
        forms = self._forms.get(word)
        if forms is None:
            if len(self._forms) >= _MAX_CACHED_WORDS:
                self._forms.clear()
            forms = self._forms[word] = word_forms(word, self.stop_words, self.stem_exclusions)
        return forms

    def release_caches(self) -> None:
        """Empty the word cache: after a big commit, so that building the
        vocabulary tables reuses that memory instead of adding to the peak."""
        self._forms.clear()

    def analyzer(self, kind: int) -> Analyzer:
        return WordFormsAnalyzer(kind, self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArabicAnalysis) and (other.stop_words, other.stem_exclusions) == (
            self.stop_words, self.stem_exclusions)

    def __hash__(self) -> int:
        return hash((self.stop_words, self.stem_exclusions))

    def __repr__(self) -> str:
        if self.is_default:
            return "ArabicAnalysis()"
        return f"ArabicAnalysis({len(self.stop_words)} stop words, {len(self.stem_exclusions)} stem exclusions)"

    def __getstate__(self) -> dict[str, object]:
        return {"stop_words": None if self.stop_words is STOP_WORDS else sorted(self.stop_words),
                "stem_exclusions": sorted(self.stem_exclusions)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["stop_words"], state["stem_exclusions"])  # type: ignore[misc]


DEFAULT_ANALYSIS = ArabicAnalysis()  # the built-in stop words, no exclusions


def arabic_analyzer(analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> Analyzer:
    """Tokenize, normalise, drop query stop words, light-stem."""
    return analysis.analyzer(LIGHT)


def surface_analyzer(analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> Analyzer:
    """Words as written (normalised, not stemmed), stop words left out: a
    match on the written form ranks above a match on the stem alone, and the
    field's vocabulary is every spelling the index holds, with its document
    frequency (for spelling variants and glued particles)."""
    return analysis.analyzer(SURFACE)


def root_analyzer(analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> Analyzer:
    """Words stemmed aggressively (Snowball), for ranking beside the light
    stem: only where the two stems differ, and no stop words."""
    return analysis.analyzer(ROOT)


def forms_of(word: str) -> WordForms:
    """``word_forms(word)`` with the default analysis, through its cache."""
    return DEFAULT_ANALYSIS.forms(word)


def analysis_of(analyzer: Any) -> ArabicAnalysis:
    """The analysis an index field's analyzer was built with (the default
    for an analyzer that carries none)."""
    return getattr(analyzer, "analysis", DEFAULT_ANALYSIS)


class WordFormsAnalyzer(Analyzer):
    """``composed_analyzer(kind)`` in one loop: the tokenizer's words, each
    looked up once in its analysis's cache of forms.  Whoosh runs a generator
    per filter per token; indexing three fields that way cost more than
    Whoosh's own posting code."""

    analysis = DEFAULT_ANALYSIS  # an analyzer pickled before analyses had settings

    def __init__(self, kind: int, analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> None:
        self.kind = kind
        self.analysis = analysis

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and other.kind == self.kind  # type: ignore[attr-defined]
                and other.analysis == self.analysis)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.kind, self.analysis))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind}, {self.analysis!r})"

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        kind = self.kind
        # stop words are dropped only when the query layer asks (QueryStopFilter)
        drop_stops = bool(kwargs.get("drop_stop_words", False))
        analysis = self.analysis
        cache = analysis._forms

        def term_of(word: str) -> str | None:
            forms = cache.get(word)
            if forms is None:
                forms = analysis.forms(word)
            return None if drop_stops and forms[3] else forms[kind]

        return span_tokens(value, term_of, memo=analysis.spans, **kwargs)

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """The index terms of *value*, each with its positions in order: what
        Whoosh's ``Positions.word_values`` groups from this analyzer's tokens
        (mode "index"), without a Token per word.  The bulk index writer
        reads a document's terms this way."""
        kind = self.kind
        analysis = self.analysis
        cache = analysis._forms
        grouped: dict[str, list[int]] = {}
        for word, _start, _end, pos in word_spans(value, 0, analysis.spans):
            forms = cache.get(word)
            if forms is None:
                forms = analysis.forms(word)
            term = forms[kind]
            if term is None:
                continue
            positions = grouped.get(term)
            if positions is None:
                grouped[term] = [pos]
            else:
                positions.append(pos)
        return grouped


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
