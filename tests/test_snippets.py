"""Finding the matched words of a hit's text: the words are classified once
each and only the matched ones located, with the same spans as cutting the
whole text into tokens."""

from __future__ import annotations

import pytest

from analyzers.chain import forms_of
from analyzers.tokenizer import has_notation, occurrences, word_spans
from searcher.snippets import MatchedTerms, _token_match_spans, match_spans

TEXTS = [
    "قال الجيش الليبي إن الجيشَ الليبيّ دخل سرت، والجيش انسحب من «الجيش».",
    "عبد الرزاق الناظوري وعبد العزيز وعبدالرازق الناظوري: عبد الرزاق مرة أخرى عبد",
    "الجيشان الجيش_الليبي جيش الجيش2 2الجيش Army army الجيش",
    "ـالجيشـ الجيش\u200cالليبي ابن عبد الرزاق",
    "",
]


def stem(word: str) -> str:
    found = forms_of(word).stem
    assert found
    return found


TERMS = [
    MatchedTerms(stems=frozenset({stem("الجيش")})),
    MatchedTerms(written=frozenset({"الناظوري", "army"})),
    MatchedTerms(phrases=frozenset({(stem("عبد"), stem("الرزاق"))})),
    MatchedTerms(stems=frozenset({stem("الناظوري")}), phrases=frozenset({(stem("عبد"), stem("الرزاق")),
                                                                      (stem("الجيش"), stem("الليبي"))})),
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("terms", TERMS)
def test_located_matches_are_those_of_cutting_every_token(text: str, terms: MatchedTerms) -> None:
    assert not has_notation(text)
    expected = _token_match_spans(text, MatchedTerms(terms.stems, terms.written, terms.phrases))
    assert match_spans(text, terms) == expected


def test_a_phrase_is_marked_only_where_its_words_stand_together() -> None:
    text = TEXTS[1]
    spans = match_spans(text, TERMS[2])
    assert [text[a:b] for a, b in spans] == ["عبد", "الرزاق", "عبد", "الرزاق"]
    assert spans[0][0] == 0 and spans[2][0] == text.index("عبد الرزاق مرة")


def test_a_text_with_a_number_notation_is_cut_into_tokens() -> None:
    text = "اجتماع لجنة 5+5 واللجنة 5 + 5 في جنيف ثم 5 زائد 5"
    terms = MatchedTerms(stems=frozenset({"5+5"}))
    assert has_notation(text) and has_notation("لجنة 5 زايد 5") and not has_notation("زاد 5 على 5")
    assert [text[a:b] for a, b in match_spans(text, terms)] == ["5+5", "5 + 5", "5 زائد 5"]
    # a query for 5+5 searches the number too: its mark inside the notation joins the notation's
    with_number = MatchedTerms(stems=frozenset({"5", "5+5"}))
    assert [text[a:b] for a, b in match_spans(text, with_number)] == ["5+5", "5 + 5", "5 زائد 5"]
    alone = "مرت 5 أيام"
    assert [alone[a:b] for a, b in match_spans(alone, with_number)] == ["5"]


@pytest.mark.parametrize("text", TEXTS)
def test_occurrences_are_the_whole_words_as_cut(text: str) -> None:
    tokens = word_spans(text)
    for words in ({"الجيش"}, {"الجيش", "جيش", "الليبي"}, {"عبد", "الرزاق", "army"}, set()):
        assert occurrences(text, words) == [(start, end) for word, start, end, _pos in tokens if word in words]
