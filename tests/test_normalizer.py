"""normalize(): one word in, its comparison key out."""

import pytest

from analyzers import normalize, strip_marks


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # harakat, tanween, shadda, sukun
        ("الرَّزّاقِ", "الرزاق"),
        ("كِتَابٌ", "كتاب"),
        ("مُحَمَّدٍ", "محمد"),
        # superscript alef, Quranic marks
        ("هٰذا", "هذا"),
        ("الرَّحْمَٰنِ", "الرحمن"),
        ("قَالُوا۟", "قالوا"),
        ("ذَٰلِكَۚ", "ذلك"),
        # tatweel
        ("سـرت", "سرت"),
        ("الـــليبية", "الليبيه"),
        # zero-width and bidi controls
        ("سر\u200cت", "سرت"),
        ("\u200fليبيا\u200e", "ليبيا"),
        ("ليب\u200dيا", "ليبيا"),
        # alef forms
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آل", "ال"),
        ("ٱلله", "الله"),
        # alef maqsura, ta marbuta, hamza seats
        ("مصطفى", "مصطفي"),
        ("أنقرة", "انقره"),
        ("فائز", "فايز"),
        ("مؤتمر", "موتمر"),
        # Persian / Urdu letters
        ("کتاب", "كتاب"),
        ("ایران", "ايران"),
        # digits
        ("٥+٥", "5+5"),
        ("۲۰۲۱", "2021"),
        # Latin lowercased
        ("COVID", "covid"),
        # presentation forms (NFKC)
        ("ﻻ", "لا"),
        ("ﺍﻟﺴﻼﻡ", "السلام"),
    ],
)
def test_normalize(word: str, expected: str) -> None:
    assert normalize(word) == expected


def test_spelling_variants_of_the_seed_names_meet() -> None:
    assert normalize("فائز") == normalize("فايز")
    assert normalize("أنقرة") == normalize("أنقره")


def test_normalize_is_idempotent() -> None:
    for word in ["الرَّزّاقِ", "أنقرة", "ﻻ", "سـرت", "COVID"]:
        assert normalize(normalize(word)) == normalize(word)


def test_strip_marks_keeps_letters_unfolded() -> None:
    assert strip_marks("أَنْقَرَة") == "أنقرة"
