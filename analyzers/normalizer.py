"""Orthographic normalisation of one Arabic word.

One pass of ``str.translate`` does all deletions and letter folds; NFKC runs
only when the word holds a compatibility character (presentation forms such
as ﻻ or ﺍ), because it is the slowest step and almost never needed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pyarabic import araby

# Marks that never change which word is meant: harakat and tanween
# (U+064B-U+065F), superscript alef, Quranic annotation signs, tatweel.
_MARK_RANGES = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0640, 0x0640),
)
# Invisible format characters that editors leave inside words: zero-width
# space/joiners, bidi marks and embeddings/isolates, BOM, soft hyphen.
_FORMAT_CHARS = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"

MARKS: frozenset[str] = frozenset(
    chr(code) for low, high in _MARK_RANGES for code in range(low, high + 1)
) | frozenset(_FORMAT_CHARS)

# Letter folds: spellings that writers use interchangeably.
_LETTER_FOLDS = {
    araby.ALEF_HAMZA_ABOVE: araby.ALEF,  # أ
    araby.ALEF_HAMZA_BELOW: araby.ALEF,  # إ
    araby.ALEF_MADDA: araby.ALEF,  # آ
    araby.ALEF_WASLA: araby.ALEF,  # ٱ
    araby.ALEF_MAKSURA: araby.YEH,  # ى
    araby.TEH_MARBUTA: araby.HEH,  # ة
    araby.YEH_HAMZA: araby.YEH,  # ئ
    araby.WAW_HAMZA: araby.WAW,  # ؤ
    "\u06a9": araby.KAF,  # Persian keheh ک
    "\u06cc": araby.YEH,  # Persian yeh ی
    "\u06d2": araby.YEH,  # Urdu yeh barree ے
    "\u06c1": araby.HEH,  # Urdu heh goal ہ
}

# Arabic-Indic ٠-٩ and Persian ۰-۹ digits → 0-9 (index.dates reads dates with the same table)
DIGIT_FOLDS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}

_TABLE = str.maketrans({**{mark: None for mark in MARKS}, **_LETTER_FOLDS, **DIGIT_FOLDS})

# Characters NFKC changes that occur in news text: Arabic presentation forms
# A and B, fullwidth forms, and the "bold/italic" mathematical letters used
# for styled names on social media.
_NEEDS_NFKC = frozenset(
    chr(c)
    for low, high in ((0xFB50, 0xFDFF), (0xFE70, 0xFFEF), (0x1D400, 0x1D7FF))
    for c in range(low, high + 1)
)


_NOT_WORD = re.compile(r"[\W_]")


def is_arabic_word(word: str) -> bool:
    """Whether a normalised word is written in Arabic letters only (ء to ي)."""
    return all("\u0621" <= ch <= "\u064a" for ch in word)


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible format characters only."""
    return "".join(ch for ch in text if ch not in MARKS)


# Small: the analysis keeps every word's forms (chain.ArabicAnalysis, 300,000
# words); these serve other callers, and words met again once that cache is
# emptied.  At 50,000 each they added 25-30 MiB to a build's peak, for no speed.
WORD_CACHE_SIZE = 10_000


@lru_cache(maxsize=WORD_CACHE_SIZE)
def normalize(word: str) -> str:
    """Return the normalised form of *word*: the key words are compared by.

    NFKC, marks removed, hamza seats / alef / alef maqsura / ta marbuta folded,
    Persian letters and non-ASCII digits folded, Latin lowercased.
    """
    if not _NEEDS_NFKC.isdisjoint(word):
        # NFKC can produce spaces and punctuation (ﹰ → " ً", ¼ → 1⁄4, ﷺ → four
        # words): keep only word characters, so one word stays one term
        word = _NOT_WORD.sub("", unicodedata.normalize("NFKC", word))
    return word.translate(_TABLE).lower()
