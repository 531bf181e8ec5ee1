"""Arabic typed in other scripts: the pure spellings, and queries end to end."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzers import normalize
from analyzers.scripts import arabic_to_keyboard, buckwalter_to_arabic, keyboard_to_arabic, latin_spellings
from analyzers.variants import variant_key
from searcher import SearchEngine
from searcher.cli import main
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


@pytest.mark.parametrize(("arabic", "keys"), [("فثسف", "test"), ("لاخخن", "book"), ("أحمد", "Hpl]")])
def test_arabic_typed_on_the_arabic_layout_reads_back_as_keys(arabic: str, keys: str) -> None:
    assert arabic_to_keyboard(arabic) == keys


def test_buckwalter() -> None:
    assert buckwalter_to_arabic("AlnfT") == "النفط"
    assert buckwalter_to_arabic(">Hmd") == "أحمد"
    assert buckwalter_to_arabic("Al-nfT") is None


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("google", "جوجل"), ("trump", "ترامب"), ("messi", "ميسي"), ("chelsea", "تشيلسي"), ("facebook", "فيسبوك"),
     ("youtube", "يوتيوب"), ("netanyahu", "نتنياهو"), ("erdogan", "أردوغان"), ("jeddah", "جدة"), ("aden", "عدن"),
     ("tehran", "طهران"), ("nadhouri", "ناظوري"), ("3abdallah", "عبدالله"), ("iphone", "آيفون")],
)
def test_latin_names_are_spelled_into_the_variant_key_of_their_arabic_spelling(latin: str, arabic: str) -> None:
    keys = {variant_key(normalize(s)) for s in latin_spellings(latin)}
    assert variant_key(normalize(arabic)) in keys


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
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    with corpus_engine(tmp_path_factory.mktemp("scripts") / "ix", DOCS) as engine:
        yield engine


def ids(results) -> set[str]:
    return {h.id for h in results}


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


def test_a_latin_name_finds_its_arabic_spellings_and_what_writes_it_in_latin_ranks_first(engine: SearchEngine) -> None:
    results = engine.search("Google", limit=None)
    assert [h.id for h in results][0] == "google-latin"
    assert ids(results) == {"google-latin", "google-ar", "google-gh"}
    assert results.reading.kind == "latin" and not results.reading.replaces


def test_a_latin_name_with_the_article(engine: SearchEngine) -> None:
    assert ids(engine.search("el-Sarraj", limit=None)) == {"sarraj"}
    assert ids(engine.search("Trump", limit=None)) == {"trump"}


def test_arabic_typed_on_the_arabic_layout_is_searched_as_the_latin_word(engine: SearchEngine) -> None:
    results = engine.search("فثسف", limit=None)
    assert results.reading.text == "test" and ids(results) == {"test-latin"}


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
    assert payload["searched_as"] == {"text": "جوجل", "kind": "latin", "replaces": False}
    assert json.loads(runner.invoke(main, ["search", "النفط", "--format", "json", "--index",
                                           str(tmp_path / "ix")]).stdout)["searched_as"] is None
