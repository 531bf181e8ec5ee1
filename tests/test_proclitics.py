"""Glued particles and the lexicon: pure functions, input → output."""

import pytest

from analyzers import normalize
from analyzers.lexicon import NAME, VERB, WORD, Lexicon
from analyzers.proclitics import DEFAULT_GLUE_LIMITS, glue_limits, glued_reading, proclitic_readings

LEXICON = Lexicon([
    ("روسيا", NAME, 300_000), ("قال", VERB, 4_000_000), ("وزير", WORD, 2_600_000), ("كامل", WORD, 370_000),
    ("أمل", WORD, 150_000), ("جدة", NAME, 45_000), ("بجدة", WORD, 2_000), ("وجهة", WORD, 120_000),
    ("جهة", WORD, 600_000), ("حكومة", WORD, 500_000), ("كتب", VERB, 200_000), ("فعل", WORD, 300_000),
    ("يرى", VERB, 200_000), ("بوتين", NAME, 68_000), ("وتين", WORD, 0),
])


class Evidence:
    """Document counts of a made-up index, and the lexicon above."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = {normalize(w): n for w, n in counts.items()}

    def knows(self, word: str) -> bool:
        return LEXICON.knows(word)

    def usage(self, word: str) -> int:
        return LEXICON.usage(word)

    def frequency(self, word: str) -> int:
        return self.counts.get(word, 0)

    def glue_limit(self, particle: str) -> float:
        return DEFAULT_GLUE_LIMITS[particle]


COUNTS = Evidence({
    "روسيا": 500, "وروسيا": 200, "بروسيا": 40, "وبروسيا": 3, "قال": 4000, "وقال": 3000, "وزير": 3500, "زير": 4,
    "الوزير": 600, "كامل": 1000, "امل": 400, "جدة": 1900, "بجدة": 750, "وجهة": 400, "جهة": 4000,
    "داعش": 1700, "لداعش": 130, "كيري": 285, "يرى": 700, "بوتين": 130, "وتين": 1,
})


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("وروسيا", ("و", "روسيا")),  # a name the lexicon knows
        ("بروسيا", ("ب", "روسيا")),
        ("وبروسيا", ("وب", "روسيا")),  # two particles: the reading whose rest is most frequent
        ("لداعش", ("ل", "داعش")),  # a name the lexicon lacks: the index writes it bare more often
        ("وقال", ("و", "قال")),  # a verb
        ("بجدة", ("ب", "جده")),  # listed (a rare word), but general text uses جدة twenty times more
        ("وزير", None),  # a word of its own: listed, and written with the article
        ("كامل", None),  # listed, and used more than أمل
        ("وجهة", None),  # listed, and used a fifth as often as جهة: a word of its own
        ("بوتين", None),  # a listed name, far more frequent than its "rest"
        ("كيري", None),  # ك glues to a word far less often than 285 documents per 700 of يرى
        ("ولد", None),  # too short: و + لد leaves two letters
        ("والسراج", None),  # the stemmer takes وال off already
    ],
)
def test_glued_reading(word: str, expected: tuple[str, str] | None) -> None:
    assert glued_reading(normalize(word), COUNTS) == expected


def test_readings_longest_particle_first_and_none_before_the_article() -> None:
    assert proclitic_readings("وبروسيا") == [("وب", "روسيا"), ("و", "بروسيا")]
    assert proclitic_readings("بالقوات") == []
    assert proclitic_readings("كانت") == []  # a stop word, not ك + انت


def test_glue_limits_fall_back_to_the_defaults_on_a_small_index() -> None:
    assert glue_limits(COUNTS.counts.items(), COUNTS.frequency, LEXICON.knows) == DEFAULT_GLUE_LIMITS


def test_glue_limits_are_measured_on_a_large_index() -> None:
    counts = {f"كلمه{i}": 100 for i in range(1200)}
    counts.update({f"وكلمه{i}": 30 for i in range(1200)})  # و: 0.3 documents a document
    lexicon = Lexicon([(w, WORD, 0) for w in counts if not w.startswith("وكلمه")])
    limits = glue_limits(counts.items(), lambda w: counts.get(w, 0), lexicon.knows)
    assert limits["و"] == pytest.approx(0.3) and limits["ب"] == 0.0


@pytest.mark.parametrize(
    ("word", "known"),
    [("وزير", True), ("وزيرة", True), ("حكومتها", True), ("حكومات", True), ("فعلا", True), ("كتبت", True),
     ("كتبوا", True), ("وروسيا", False), ("بوغبا", False)],
)
def test_lexicon_knows_regular_forms_of_its_entries(word: str, known: bool) -> None:
    assert LEXICON.knows(normalize(word)) is known


def test_lexicon_gives_a_words_short_vowels_when_it_has_them() -> None:
    lexicon = Lexicon([("ربيع", NAME, 0), ("بوتين", NAME, 0)], vocalized=["رَبِيع", "رَبِيعٌ", "بوتين"])
    assert lexicon.vowelled("ربيع") == ("رَبيع",)
    assert lexicon.vowelled("بوتين") == ()  # nothing to agree with


def test_arramooz_gives_the_short_vowels_of_common_words_not_names() -> None:
    from index.lexicon import arabic_lexicon

    assert arabic_lexicon().vowelled("ربيع") == ("رَبيع",)  # the noun "spring"
    assert arabic_lexicon().vowelled("مقديشو") == ()  # a name's vowels may be a guess (مَقَدِيشُو, Mogadishu)


def test_lexicon_tells_names_from_common_words() -> None:
    assert LEXICON.is_common_word("كامل") and not LEXICON.is_common_word("روسيا")
    assert LEXICON.is_name("روسيا") and not LEXICON.is_name("كامل")
    assert LEXICON.usage("وزير") == 2_600_000 and LEXICON.usage("وزيرة") == 0  # only a listed form has a figure


def test_lexicon_reads_an_unlisted_word_as_a_verbs_present_or_future() -> None:
    lexicon = Lexicon([("عطى", VERB, 0), ("راقب", VERB, 0), ("ياسر", NAME, 0), ("أسر", VERB, 0), ("سلا", WORD, 0)])
    assert lexicon.verb_forms(normalize("تعطي")) == [("ت", normalize("عطى"))]
    assert lexicon.verb_forms("سيراقب") == [("سي", "راقب")]
    assert lexicon.verb_forms("ياسر") == []  # a listed word is never taken apart
    assert lexicon.verb_forms("تسلا") == []  # سلا is no verb
    assert lexicon.lists_apart_from_verbs("سلا") and not lexicon.lists_apart_from_verbs("راقب")
