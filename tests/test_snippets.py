"""Finding the matched words of a hit's text: the words are classified once
each and only the matched ones located, with the same spans as cutting the
whole text into tokens."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from analyzers.chain import forms_of
from analyzers.forms import WordForms
from analyzers.tokenizer import has_notation, occurrences, word_spans, words_of
from searcher.snippets import KnownWords, MatchedTerms, _token_match_spans, make_snippets, match_spans, whole_text_snippet

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


def _shared(terms: MatchedTerms, known: KnownWords) -> MatchedTerms:
    """*terms* as an engine's search makes them: sharing the words its earlier searches met."""
    return MatchedTerms(terms.stems, terms.written, terms.phrases, terms.forms, known)


def test_words_met_by_earlier_searches_give_the_same_spans() -> None:
    known = KnownWords(forms_of)
    for terms in reversed(TERMS):  # other queries, over every text, fill the shared words first
        for text in TEXTS:
            match_spans(text, _shared(terms, known))
    assert len(known) > 20
    for terms in TERMS:
        query = _shared(terms, known)  # one query's hits, in turn
        for text in TEXTS:
            assert match_spans(text, query) == _token_match_spans(text, MatchedTerms(terms.stems, terms.written, terms.phrases))


def test_a_word_is_analysed_once_for_every_search_that_shares_it() -> None:
    asked: list[str] = []

    def counting(word: str) -> WordForms:
        asked.append(word)
        return forms_of(word)

    known = KnownWords(counting)
    for terms in TERMS:
        match_spans(TEXTS[0], MatchedTerms(terms.stems, terms.written, terms.phrases, counting, known))
    assert sorted(asked) == sorted(set(words_of(TEXTS[0])))


def test_the_words_known_are_bounded_and_spans_stay_right_once_forgotten() -> None:
    known = KnownWords(forms_of, limit=8)
    for terms in TERMS:
        query = _shared(terms, known)
        for text in TEXTS + TEXTS:
            assert match_spans(text, query) == _token_match_spans(text, MatchedTerms(terms.stems, terms.written, terms.phrases))
            assert len(known) <= max(8, len(set(words_of(text))))


def test_searches_in_threads_share_the_words_known() -> None:
    known = KnownWords(forms_of, limit=12)  # small: words are forgotten while other threads look them up
    expected = {(i, j): _token_match_spans(text, MatchedTerms(terms.stems, terms.written, terms.phrases))
                for i, terms in enumerate(TERMS) for j, text in enumerate(TEXTS)}

    def search(i: int) -> dict[tuple[int, int], list[tuple[int, int]]]:
        found = {}
        for _ in range(50):
            query = _shared(TERMS[i % len(TERMS)], known)
            for j, text in enumerate(TEXTS):
                found[i % len(TERMS), j] = match_spans(text, query)
        return found

    with ThreadPoolExecutor(8) as pool:
        for found in pool.map(search, range(16)):
            assert all(found[key] == expected[key] for key in found)


def test_a_passage_is_one_line_with_its_highlights_where_they_were() -> None:
    text = "سطر أول\nقال الجيش\tالليبي\r\nإن الجيش\fدخل\vسرت"
    terms = MatchedTerms(stems=frozenset({stem("الجيش")}))
    for snippet in make_snippets(text, terms) + [whole_text_snippet(text, terms)]:
        assert not set(snippet.text) & set("\n\r\t\v\f") and len(snippet.text) == snippet.end - snippet.start
        assert [snippet.text[a:b] for a, b in snippet.highlights] == ["الجيش", "الجيش"]
