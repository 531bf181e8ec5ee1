"""A guarded light stemmer for normalised Arabic words.

Light stemming strips the affixes that attach to a word in writing (the
article and the prepositions glued to it, pronoun endings, plural and
feminine endings) and leaves the rest alone.  Raw light stemmers over-strip
names and short words (tashaphyne's defaults give فايز → يز, ليبيا → بي;
Lucene's gives وظيفة → ظيف), so every strip here is guarded:

* a stem is never shorter than three letters (four for the endings that
  often belong to the word itself: ون ين ان, as in قانون, فلسطين, لبنان);
* a lone و ف ب ك ل is never stripped: too many words begin with one of
  those letters (وزارة, وظيفة, فريق, بريطانيا, كتاب); they are stripped only
  in front of the article (وال, بال, كال, فال, لل);
* stop words and a few fixed words are not stemmed at all.

tashaphyne's ``ArabicLightStemmer``, configured with these affix lists, finds
where the affixes can end; the guards decide which one to take.  Input must be
normalised first (``normalizer.normalize``): ة is ه, ى is ي, hamza seats folded.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer
from tashaphyne.stemming import ArabicLightStemmer

from .normalizer import WORD_CACHE_SIZE, is_arabic_word, normalize, strip_marks
from .stopwords import STOP_WORDS

MIN_STEM = 3

# The article, alone or with the particles that glue onto it.  The matcher
# reports every prefix that fits; the longest one the guards allow wins.
ARTICLE_PREFIXES = (
    "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
    "وبال", "وكال", "فبال", "فكال",
)
# Attached pronouns.  ك, ي and نا are left out: too many words end in them
# (مبارك, شريك, كورونا), and ي is handled as a nisba ending below.
PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هن", "هما", "كم", "كما")
# Plural, dual, feminine and nisba endings, with the minimum stem each allows.
ENDING_MIN_STEM = {
    "ه": 3,  # ة folded to ه
    "ي": 3,  # nisba: ليبي, الناظوري
    "يه": 3,  # nisba feminine: ليبية
    "يا": 3,  # country names: ليبيا, سوريا meet ليبي, سوري
    "ات": 3,
    "يات": 3,
    "ون": 4,
    "ين": 4,
    "ان": 4,
    "يون": 3,
    "يين": 3,
    "يان": 3,
}
# Words that look affixed but are not.
UNSTEMMED_WORDS = frozenset({"الله"})


def _matcher(prefixes: tuple[str, ...] = (), suffixes: tuple[str, ...] = ()) -> ArabicLightStemmer:
    matcher = ArabicLightStemmer()
    matcher.set_prefix_list(list(prefixes))
    matcher.set_suffix_list(list(suffixes))
    return matcher


_PREFIX_MATCHER = _matcher(prefixes=ARTICLE_PREFIXES)
_PRONOUN_MATCHER = _matcher(suffixes=PRONOUN_SUFFIXES)
_ENDING_MATCHER = _matcher(suffixes=tuple(ENDING_MIN_STEM))


def strip_article(word: str) -> str:
    """Strip the longest article prefix that leaves at least MIN_STEM letters."""
    starts = [p for p in _PREFIX_MATCHER.lookup_prefixes(word) if p and len(word) - p >= MIN_STEM]
    return word[max(starts):] if starts else word


def strip_pronoun(word: str) -> str:
    """Strip an attached pronoun; a ta marbuta written as ت before it comes back.

    نتيجتها → نتيجه (then ``strip_ending`` gives نتيج, as for نتيجة).
    """
    # After a verb's imperfect/future prefix (ي، س) the word keeps four letters:
    # سيسهم is س + يسهم ("will contribute"), not سيس + هم.
    min_stem = MIN_STEM + 1 if word[0] in "يس" else MIN_STEM
    ends = [e for e in _PRONOUN_MATCHER.lookup_suffixes(word) if min_stem <= e < len(word)]
    if not ends:
        return word
    stem = word[: min(ends)]
    if stem.endswith("ت") and not stem.endswith("ات") and len(stem) > MIN_STEM:
        stem = stem[:-1] + "ه"
    return stem


def strip_ending(word: str) -> str:
    """Strip the longest plural / dual / feminine / nisba ending allowed.

    After a nisba ending (ي...) the ending step runs once more, so that the
    adjective meets its noun: الفلسطينية → فلسطين → فلسط, as فلسطين → فلسط.
    """
    ends = [
        e for e in _ENDING_MATCHER.lookup_suffixes(word)
        if e < len(word) and e >= ENDING_MIN_STEM.get(word[e:], len(word))
    ]
    if not ends:
        return word
    end = min(ends)
    stem = word[:end]
    if word[end] == "ي":
        return strip_ending(stem)
    return stem


@lru_cache(maxsize=WORD_CACHE_SIZE)
def light_stem(word: str) -> str:
    """Return the light stem of a normalised word (the word itself when unsure)."""
    if len(word) <= MIN_STEM or word in STOP_WORDS or word in UNSTEMMED_WORDS:
        return word
    if not is_arabic_word(word):
        return word
    if word.endswith("الله"):  # compound names: عبدالله, نصرالله, والله
        return strip_article(word) if word.startswith(("وال", "بال", "فال", "كال")) else word
    return strip_ending(strip_pronoun(strip_article(word)))


_SNOWBALL = Stemmer.Stemmer("arabic")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def aggressive_stem(word: str) -> str:
    """Snowball's Arabic stemmer, for a second opinion on a raw word.

    It strips more than ``light_stem`` (و and ب glued to a word, more
    suffixes) and fails on other words, so the two together match more than
    either.  It needs the letters unfolded (its rules know ة and ى), so marks
    are stripped first and the result is normalised after."""
    return normalize(_SNOWBALL.stemWord(strip_marks(word).lower()))
