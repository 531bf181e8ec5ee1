"""light_stem(): a normalised word in, its stem out."""

import pytest

from analyzers import STOP_WORDS, light_stem, normalize


def stem(word: str) -> str:
    return light_stem(normalize(word))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # article and the particles glued to it
        ("الناظوري", "ناظور"),
        ("والسراج", "سراج"),
        ("للسراج", "سراج"),
        ("بالقوات", "قوات"),
        ("وبالقوات", "قوات"),
        ("كالعادة", "عاد"),
        ("فالحكومة", "حكوم"),
        # feminine, plural, dual and nisba endings
        ("حكومة", "حكوم"),
        ("المفاوضات", "مفاوض"),
        ("المسلمين", "مسلم"),
        ("مسؤولون", "مسوول"),
        ("العسكرية", "عسكر"),
        ("العسكريات", "عسكر"),
        # attached pronouns, ta marbuta written ت before them
        ("كتابهم", "كتاب"),
        ("نتيجتها", "نتيج"),
        ("حكومتها", "حكوم"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    "word",
    ["فايز", "فائز", "سرت", "متى", "عبدالرازق", "قانون", "لبنان", "ايران", "الله", "قوات", "بيت"],
)
def test_names_and_short_words_are_not_stemmed(word: str) -> None:
    assert stem(word) == normalize(word)


def test_a_verb_prefix_keeps_four_letters_before_a_pronoun() -> None:
    assert stem("سيسهم") != stem("السيسي")
    assert stem("يفهمهم") == "يفهم"


def test_a_lone_waw_is_not_taken_for_and() -> None:
    # Lucene's analyzer gives ظيف; the و is the word's first root letter.
    assert stem("وظيفة") == "وظيف"
    assert stem("وزارة") == "وزار"


@pytest.mark.parametrize(
    "forms",
    [
        ("ليبيا", "الليبية", "ليبية", "الليبي", "الليبيين"),
        ("فلسطين", "الفلسطينية", "فلسطيني"),
        ("روسيا", "الروسية"),
        ("نتيجة", "نتيجتها", "النتيجة"),
        ("أنقرة", "أنقره"),
        ("الناظوري", "والناظوري", "ناظوري"),
        ("لبنان", "اللبنانية"),
    ],
)
def test_forms_of_one_word_meet(forms: tuple[str, ...]) -> None:
    stems = {stem(w) for w in forms}
    assert len(stems) == 1, stems
    assert len(stems.pop()) >= 3


def test_stems_are_never_shorter_than_three_letters() -> None:
    for word in ["الليبية", "بيتها", "قواتهم", "ليبيا", "والسراج", "للجنة", "الان", "مبنية"]:
        assert len(stem(word)) >= 3


def test_stop_words_are_not_stemmed() -> None:
    for word in STOP_WORDS:
        assert light_stem(word) == word


def test_non_arabic_words_are_left_alone() -> None:
    assert light_stem("covid") == "covid"
    assert light_stem("2021") == "2021"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("المفاوضات", "مفاوض"), ("نتيجتها", "نتيج"), ("الاستحواذات", "استحواذ"), ("الليبية", "ليب")],
)
def test_aggressive_stem(word: str, expected: str) -> None:
    from analyzers import aggressive_stem

    assert aggressive_stem(word) == expected


def test_aggressive_stem_ignores_marks_and_folds_after_stemming() -> None:
    from analyzers import aggressive_stem

    assert aggressive_stem("المُفَاوَضَات") == aggressive_stem("المفاوضات")
    assert "ة" not in aggressive_stem("الحكومة") and "أ" not in aggressive_stem("أسئلة")
