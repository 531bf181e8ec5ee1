"""An index's own stop words and words never stemmed (Lucene's
``ArabicAnalyzer(stopwords, stemExclusionSet)``): set when the index is
created, kept with it, used for its documents and its queries alike."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from analyzers import STOP_WORDS
from analyzers.chain import DEFAULT_ANALYSIS, ArabicAnalysis
from searcher import SearchEngine
from searcher.cli import main

DOCS = [
    {"id": "both", "text": "وصل الوفد إلى ليبيا وتونس"},
    {"id": "tunisia", "text": "وصل الوفد إلى تونس"},
    {"id": "un", "text": "بيان الأمم المتحدة"},
    {"id": "united", "text": "الدول متحدة في موقفها"},
]


def engine_with(path: Path, analysis: ArabicAnalysis | None) -> SearchEngine:
    engine = SearchEngine.create(path, analysis=analysis)
    engine.add(DOCS)
    return engine


def ids(engine: SearchEngine, query: str) -> set[str]:
    return {hit.id for hit in engine.search(query, limit=None)}


def test_an_added_stop_word_is_left_out_of_queries_and_of_the_written_words(tmp_path: Path) -> None:
    with engine_with(tmp_path / "default", None) as default:
        assert ids(default, "ليبيا تونس") == {"both"}  # every word required
    custom = ArabicAnalysis(stop_words=STOP_WORDS | {"ليبيا"})
    with engine_with(tmp_path / "custom", custom) as engine:
        assert ids(engine, "ليبيا تونس") == {"both", "tunisia"}  # ليبيا is no longer a query unit
        assert engine.whoosh_searcher().reader().doc_frequency("surface", "ليبيا") == 0


def test_a_word_excluded_from_stemming_matches_only_as_written(tmp_path: Path) -> None:
    with engine_with(tmp_path / "default", None) as default:
        assert ids(default, "المتحدة") == {"un", "united"}  # both stem to متحد
    custom = ArabicAnalysis(stem_exclusions=["المتحدة"])
    with engine_with(tmp_path / "custom", custom) as engine:
        assert ids(engine, "المتحدة") == {"un"}
        assert ids(engine, "متحدة") == {"united"}


def test_an_index_keeps_its_analysis_when_reopened_and_rebuilt(tmp_path: Path) -> None:
    custom = ArabicAnalysis(stop_words=["في"], stem_exclusions=["المتحدة"])
    engine_with(tmp_path / "ix", custom).close()
    with SearchEngine.open(tmp_path / "ix") as engine:
        assert engine.analysis == custom and engine.analysis != DEFAULT_ANALYSIS
    source = tmp_path / "docs.jsonl"
    source.write_text('{"id": "un", "text": "بيان الأمم المتحدة"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(source), "--index", str(tmp_path / "ix"), "--rebuild"])
    assert result.exit_code == 0, result.output
    with SearchEngine.open(tmp_path / "ix") as engine:
        assert engine.analysis == custom


def test_the_default_analysis_is_the_built_in_one() -> None:
    assert ArabicAnalysis() == DEFAULT_ANALYSIS and DEFAULT_ANALYSIS.stop_words is STOP_WORDS
    assert DEFAULT_ANALYSIS.forms("المتحدة").stem == "متحد"
    assert ArabicAnalysis(stem_exclusions=["المتحدة"]).forms("المتّحدة").stem == "المتحده"  # normalised, marks off
