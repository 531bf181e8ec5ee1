"""Variant keys and spelling distance: pure functions, input → output."""

import pytest

from analyzers.variants import (
    compound_splits,
    are_spellings,
    is_expandable,
    max_spelling_distance,
    skeleton,
    spelling_distance,
    variant_key,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("ترامب", "ترمب"), ("بوتين", "بتن"), ("فايسبوك", "فسبك"), ("تشيلسي", "تشلسي"), ("مكّة", "مكّة"), ("الله", "اله")],
)
def test_skeleton_drops_inner_long_vowels_and_doubled_letters(word: str, expected: str) -> None:
    assert skeleton(word) == expected


@pytest.mark.parametrize(
    "forms",
    [("جوجل", "غوغل", "قوقل"), ("كونغرس", "كونجرس"), ("بنتاغون", "بنتاجون"), ("ترامب", "ترمب"), ("بوتين", "بوتن"),
     ("عبدالرزاق", "عبدالرازق"), ("ميستورا", "مستورا"), ("يونسكو", "ونيسكو")],
)
def test_spellings_of_one_name_share_a_key(forms: tuple[str, ...]) -> None:
    assert len({variant_key(f) for f in forms}) == 1


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("ترامب", "ترمب", 1),  # a long vowel left out
        ("كونغ", "كونج", 1),  # a loanword consonant
        ("جوجل", "غوغل", 1),  # one swap, wherever it recurs
        ("جوجل", "قوقل", 1),
        ("انجلوس", "انجليس", 2),  # a long vowel changed = one out, one in
        ("فيسبوك", "فايسبوك", 1),
    ],
)
def test_spelling_distance(a: str, b: str, distance: int) -> None:
    assert spelling_distance(a, b) == distance == spelling_distance(b, a)


@pytest.mark.parametrize(("a", "b"), [("جوجل", "كاقل"), ("ميستو", "مسيطر"), ("كتب", "كلب"), ("بنتاغ", "بنتايج")])
def test_other_changes_are_infinitely_far(a: str, b: str) -> None:
    assert spelling_distance(a, b) == float("inf")


def test_short_names_allow_one_change_long_ones_two() -> None:
    assert max_spelling_distance("بوتين") == 1
    assert max_spelling_distance("انجلوس") == 2


@pytest.mark.parametrize("word", ["ترامب", "جوجل", "بوتين", "ميستورا", "انجلوس", "كونجرس"])
def test_names_are_expandable(word: str) -> None:
    assert is_expandable(word)


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("ميجاوات", "ميغاواط", True),  # two swaps (g and t classes) in a long word
        ("بنجلاديش", "بنغلادش", True),  # a swap and a vowel mix in a long word
        ("بوينغ", "بينج", False),  # ... not in a short one
        ("بينيتيز", "بنيتز", True),  # two vowels left out: the longer word's allowance
        ("سلمان", "سليمان", True),  # near in spelling (the vocabulary tells them apart)
        ("انجلوس", "انجيلوس", True),
        ("مورينيو", "مارينو", False),  # three changes
        ("محمد", "محيميد", False),  # two vowels put into a four-letter name
        ("ميستورا", "مسيطرا", False),  # four (a swap and three vowels)
    ],
)
def test_are_spellings(a: str, b: str, near: bool) -> None:
    assert are_spellings(a, b) is near and are_spellings(b, a) is near


def test_short_words_and_numbers_are_not_expanded() -> None:
    assert not is_expandable("سرت")
    assert not is_expandable("2015")


def test_compound_splits() -> None:
    assert ("عبد", "الرازق") in compound_splits("عبدالرازق")
    assert ("ابو", "ظبي") in compound_splits("ابوظبي")
    assert compound_splits("فيسبوك") == [("فيس", "بوك"), ("فيسب", "وك")]
    assert ("عز", "الدين") in compound_splits("عزالدين")
    assert ("دا", "سيلفا") in compound_splits("داسيلفا") and ("واتس", "اب") in compound_splits("واتساب")
    assert ("مح", "مد") not in compound_splits("محمد")
    assert compound_splits("سرت") == []
