"""Particles glued to the front of a word: و ف ب ل ك and their pairs.

«وروسيا» is و + روسيا, «بسوريا» is ب + سوريا, but «وزير» is a word and not
و + زير, «كامل» is not ك + أمل, «بوتين» is not ب + وتين.  The stemmer strips
these letters only in front of the article (وال، بال، لل), where the reading
is certain.  Anywhere else the split is decided from evidence that covers
words never seen before (``glued_reading``): whether a lexicon lists the
whole word or the rest, whether the word takes the article itself, how often
the index writes the rest on its own, and how often the index glues each
particle to any word.  The index records its decisions after every commit
(``index.vocabulary``) and the query layer searches a word together with
its glued forms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from .stemmer import light_stem
from .stopwords import STOP_WORDS

# Longest first: وب + روسيا before و + بروسيا.
PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
MIN_REST = 3  # letters left after the particle: ولد، وقت، بحر stay whole
# How often a word is written with each particle, per document that writes it
# bare, in SaudiNewsNet (the 99th percentile over 12,000 words the lexicon
# knows): the limits an index too small to measure its own uses.
DEFAULT_GLUE_LIMITS = {"و": 1.0, "ب": 0.6, "ل": 0.5, "ف": 0.07, "ك": 0.07,
                       "وب": 0.05, "ول": 0.03, "وك": 0.01, "فب": 0.01, "فل": 0.01}
GLUE_QUANTILE = 0.99
MIN_GLUE_SAMPLE = 1000  # words needed to measure the limits on the index itself
MIN_SAMPLE_DOCUMENTS = 20  # ... each written bare in at least this many documents
ARTICLE_SHARE = 0.1  # a word written with ال this often (relative to bare) is a noun of its own
# A listed word that general text uses this often relative to its rest is a
# word of its own (وجهة: 0.2 of جهة) rather than a glued form (بجدة: 0.04 of جدة).
LEXICON_SHARE = 0.05


class GluedEvidence(Protocol):
    def knows(self, word: str) -> bool:
        """Whether a lexicon lists the normalised *word* (in a regular form)."""

    def usage(self, word: str) -> int:
        """How often the lexicon's corpus uses *word* (0: not known)."""

    def frequency(self, word: str) -> int:
        """How many documents of the index write the normalised *word*."""

    def glue_limit(self, particle: str) -> float:
        """The most documents a glued form can have per document of its rest
        (``glue_limits``)."""


def proclitic_readings(word: str) -> list[tuple[str, str]]:
    """The ways a normalised *word* can be read as particle + word, longest
    particle first, leaving at least MIN_REST letters; none where the stemmer
    already takes the particle off (in front of the article)."""
    if word in STOP_WORDS or not all("\u0621" <= ch <= "\u064a" for ch in word):
        return []
    stem = light_stem(word)
    return [(p, word[len(p):]) for p in PROCLITICS
            if word.startswith(p) and len(word) - len(p) >= MIN_REST and stem.startswith(p)
            and word[len(p):] not in STOP_WORDS]


def glued_reading(word: str, evidence: GluedEvidence) -> tuple[str, str] | None:
    """(particle, rest) when *word* is most likely a particle glued to rest;
    None when it is a word on its own.

    The rest must be a word of the index: known to the lexicon (قال، روسيا)
    and written on its own somewhere, or, for names the lexicon lacks (داعش),
    written on its own in at least as many documents as the glued form; and
    the glued form may not be more frequent than that particle makes any
    word (كيري is not ك + يري: 0.4 documents per document of يري, where ك
    glues to a word 0.07 times at most); of several readings the one whose
    rest is most frequent wins (وبوتين: و + بوتين, not وب + وتين).  The whole
    word stays whole when it takes the article itself (الكاميرا: كاميرا is not
    ك + اميرا), and when the lexicon lists it (وزير، كامل، فيصل، وجهة) unless
    the lexicon knows the rest too and the evidence says that here the word is
    mostly the glued reading: general text uses it far less than its rest
    (بجدة "novelty" against جدة), or, where the lexicon gives no figure for
    either, the index writes the rest more often (وجدة).  A word that general
    text uses, against a rest it gives no figure for, stays whole (وزير
    against زير)."""
    readings = proclitic_readings(word)
    if not readings:
        return None
    frequency = evidence.frequency(word)
    if evidence.frequency("ال" + word) >= max(2, ARTICLE_SHARE * frequency):
        return None
    likely = [(evidence.frequency(rest), particle, rest) for particle, rest in readings
              if evidence.frequency(rest) >= (1 if evidence.knows(rest) else max(2, frequency))
              and frequency <= evidence.glue_limit(particle) * evidence.frequency(rest) + 1]
    if not likely:
        return None
    rest_frequency, particle, rest = max(likely, key=lambda item: (item[0], len(item[1])))
    if evidence.knows(word):
        usage, rest_usage = evidence.usage(word), evidence.usage(rest)
        if not evidence.knows(rest):
            return None  # a listed word against a rest the lexicon does not know
        if usage and rest_usage:
            if usage >= LEXICON_SHARE * rest_usage:
                return None
        elif usage or frequency > rest_frequency:
            return None  # general text uses the word and not its rest, or the index writes it more
    return particle, rest


def glue_limits(frequencies: Iterable[tuple[str, int]], frequency: Callable[[str], int],
                knows: Callable[[str], bool]) -> dict[str, float]:
    """For each particle, the most documents its glued form of a word has per
    document that writes the word bare, over the words of the index that the
    lexicon knows (the GLUE_QUANTILE of the ratios); DEFAULT_GLUE_LIMITS
    where the index has too few such words to tell."""
    bases = [(word, documents) for word, documents in frequencies
             if documents >= MIN_SAMPLE_DOCUMENTS and len(word) >= MIN_REST and knows(word)]
    if len(bases) < MIN_GLUE_SAMPLE:
        return dict(DEFAULT_GLUE_LIMITS)
    limits = {}
    for particle in PROCLITICS:
        ratios = sorted(frequency(particle + word) / documents for word, documents in bases
                        if not knows(particle + word))
        limits[particle] = ratios[min(len(ratios) - 1, int(GLUE_QUANTILE * len(ratios)))] if ratios else 0.0
    return limits
