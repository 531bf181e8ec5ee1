"""Every form of one word that indexing and searching use, from one function.

``word_forms`` is the single owner of per-word analysis: the fused analyzer
(``chain.WordFormsAnalyzer``) indexes its forms, and the query planner asks it
for the same forms of each query word, so index and query terms cannot drift.
"""

from __future__ import annotations

from typing import NamedTuple

from .normalizer import normalize
from .stemmer import aggressive_stem, light_stem, strip_article
from .stopwords import STOP_WORDS


class WordForms(NamedTuple):
    """The forms of one word as written.  Indexes 0-2 are the terms of the
    ``text``, ``surface`` and ``root`` fields (None: nothing in that field)."""

    stem: str | None  # light stem: the term of the text field
    surface: str | None  # the normalised word, for a word that is not a stop word
    root: str | None  # aggressive stem, where it differs from the light stem (not for stop words)
    stop: bool
    norm: str  # the normalised word ("" for marks or tatweel only)
    base: str  # the normalised word without the article and the particles before it


_NOTHING = WordForms(None, None, None, False, "", "")


def word_forms(word: str, stop_words: frozenset[str] = STOP_WORDS,
               stem_exclusions: frozenset[str] = frozenset()) -> WordForms:
    """The forms of a raw word (as written, marks and all), with *stop_words*
    and *stem_exclusions* (normalised words never stemmed: indexed and
    searched as written).  Not cached here: the analysis keeps its own
    cache, and its parts (normalise, stem) are."""
    norm = normalize(word)
    if not norm:
        return _NOTHING
    stop = norm in stop_words
    if norm in stem_exclusions:
        return WordForms(norm, None if stop else norm, None, stop, norm, norm)  # not even the article
    stem = norm if stop else light_stem(norm)  # a stop word is never stemmed (light_stem knows the built-in ones)
    root = aggressive_stem(word)
    return WordForms(stem, None if stop else norm, root if root != stem and not stop else None, stop, norm,
                     strip_article(norm))
