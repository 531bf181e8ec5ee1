"""The whole chain: text in, index terms with spans into the original out."""

import pytest

from analyzers import analyze, arabic_analyzer
from analyzers.chain import LIGHT, ROOT, SURFACE, WordFormsAnalyzer, composed_analyzer
from tests.conftest import SAMPLE_IDS, sample_text


def terms(text: str) -> list[str]:
    return [t.token for t in analyze(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عبدالرازق الناظوري", ["عبدالرازق", "ناظور"]),
        ("عبد الرزاق الناظوري", ["عبد", "رزاق", "ناظور"]),
        ("فائز السراج", ["فايز", "سراج"]),
        ("فايز السراج", ["فايز", "سراج"]),
        ("أنقرة", ["انقر"]),
        ("أنقره", ["انقر"]),
        ("5+5", ["5", "5+5", "5"]),
        ("5 + 5", ["5", "5+5", "5"]),
        ("٥+٥", ["5", "5+5", "5"]),
        ("5 زائد 5", ["5", "5+5", "زايد", "5"]),
        ("5-5", ["5", "5"]),
        ("1.5+5", ["1", "5", "5"]),
        ("#سرت", ["سرت"]),
        ("في مدينة سرت", ["في", "مدين", "سرت"]),
        ("COVID-19", ["covid", "19"]),
        ("snake_case", ["snake", "case"]),
        ("«حفتر» و«السراج»؟", ["حفتر", "و", "سراج"]),
        ("ـــ", []),
    ],
)
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_diacritized_and_plain_text_give_the_same_terms() -> None:
    assert terms("الفَرِيقُ عَبْدُ الرَّزَّاقِ النَّاظُورِيُّ") == terms("الفريق عبد الرزاق الناظوري")


def test_spans_cover_the_original_word_with_its_marks() -> None:
    text = "التقى الفريقُ عبدُ الرَّزّاقِ في سـرت"
    spans = {t.token: text[t.start : t.end] for t in analyze(text)}
    assert spans["رزاق"] == "الرَّزّاقِ"
    assert spans["سرت"] == "سـرت"
    assert spans["فريق"] == "الفريقُ"


def test_spans_match_the_text_on_every_sample_article() -> None:
    for doc_id in SAMPLE_IDS:
        text = sample_text(doc_id)
        for token in analyze(text):
            assert text[token.start : token.end] == token.text
            assert token.text.strip() == token.text and token.text


def test_a_notation_token_spans_the_whole_notation_at_the_first_number() -> None:
    text = "لجنة 5 + 5 العسكرية"
    [notation] = [t for t in analyze(text) if t.token == "5+5"]
    assert notation.text == "5 + 5"
    chain = arabic_analyzer()
    positions = {t.text: t.pos for t in chain(text, positions=True, mode="index") if t.text in ("5", "5+5")}
    assert positions["5+5"] == 1


def test_presentation_forms_keep_their_span() -> None:
    text = "ﺍﻟﺴﻼﻡ عليكم"
    first = analyze(text)[0]
    assert (first.token, first.start, first.end) == ("سلام", 0, 5)


def test_stop_words_are_indexed_but_dropped_from_query_words() -> None:
    chain = arabic_analyzer()
    indexed = [t.text for t in chain("ذهب إلى سرت", mode="index")]
    queried = [t.text for t in chain("ذهب إلى سرت", mode="query", drop_stop_words=True)]
    assert indexed == ["ذهب", "الي", "سرت"]
    assert queried == ["ذهب", "سرت"]


def test_index_and_query_analysis_agree_on_content_words() -> None:
    chain = arabic_analyzer()
    text = "أعلن الناطق باسم قوات القيادة العامة إعادة تمركز وحداتها"
    assert [t.text for t in chain(text, mode="index")] == [t.text for t in chain(text, mode="query")]


def test_the_surface_chain_keeps_every_word_as_written_but_stop_words() -> None:
    from analyzers import surface_analyzer

    terms = [t.text for t in surface_analyzer()("الحكومة الليبية في سرت وبالقوات", mode="index")]
    assert terms == ["الحكومه", "الليبيه", "سرت", "وبالقوات"]


FUSED_CASES = [
    "الفريقُ عبدالرازق الناظوري في سرت وبالقوات",
    "اجتماع اللجنة 5+5 و5 + 5 و٥ زائد ٥ في جنيف",
    "ـــ ً ما هو؟ COVID-19 وفيسبوك ﻻ ١٢٣",
    "",
]


@pytest.mark.parametrize("kind", [LIGHT, SURFACE, ROOT])
@pytest.mark.parametrize("drop", [False, True])
def test_fused_analyzers_give_the_composed_chains_tokens(kind: int, drop: bool) -> None:
    texts = FUSED_CASES + [sample_text(doc_id) for doc_id in SAMPLE_IDS]
    fused, composed = WordFormsAnalyzer(kind), composed_analyzer(kind)

    def tokens(analyzer, text: str):
        return [(t.text, t.pos, t.startchar, t.endchar)
                for t in analyzer(text, positions=True, chars=True, mode="query", drop_stop_words=drop)]

    for text in texts:
        assert tokens(fused, text) == tokens(composed, text), text[:40]


def test_root_field_holds_only_stems_that_differ_from_the_light_stem() -> None:
    from analyzers import light_stem, normalize, root_analyzer

    words = "الحكومة الليبية في سرت وبالقوات والمستشفيات يكتبون".split()
    roots = {t.text for t in root_analyzer()(" ".join(words), mode="index")}
    assert roots  # Snowball differs from the light stem on some of these
    assert not roots & {light_stem(normalize(w)) for w in words}
    assert "في" not in roots


@pytest.mark.parametrize("kind", [LIGHT, SURFACE, ROOT])
def test_term_positions_group_the_analyzers_index_tokens(kind: int) -> None:
    from whoosh.formats import Positions

    analyzer = WordFormsAnalyzer(kind)
    for text in FUSED_CASES + [sample_text(doc_id) for doc_id in SAMPLE_IDS]:
        expected = {term: (freq, Positions().decode_positions(value))
                    for term, freq, _weight, value in Positions().word_values(text, analyzer, mode="index")}
        grouped = analyzer.term_positions(text)
        assert {term: (len(p), p) for term, p in grouped.items()} == expected, text[:40]
