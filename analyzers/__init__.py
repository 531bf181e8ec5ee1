"""Arabic text analysis: pure text functions and the Whoosh chain built on them.

No I/O here: everything takes and returns strings or tokens.
"""

from .chain import (
    ANALYZER_VERSION,
    AnalyzedToken,
    analyze,
    arabic_analyzer,
    root_analyzer,
    surface_analyzer,
)
from .normalizer import normalize, strip_marks
from .stemmer import aggressive_stem, light_stem
from .tokenizer import WORD_PATTERN
from .stopwords import STOP_WORDS, is_stop_word

__all__ = [
    "ANALYZER_VERSION",
    "WORD_PATTERN",
    "AnalyzedToken",
    "STOP_WORDS",
    "aggressive_stem",
    "analyze",
    "arabic_analyzer",
    "is_stop_word",
    "light_stem",
    "normalize",
    "root_analyzer",
    "strip_marks",
    "surface_analyzer",
]
