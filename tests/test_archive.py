"""Searching a news archive: filters, sort orders, facets, paging, showing a
document and did-you-mean, through the library and the command line.

The corpus is made up so that every expected figure can be read off it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher import QueryError, SearchEngine
from searcher.cli import EXIT_NO_MATCH, EXIT_OK, EXIT_USAGE, main
from searcher import DocumentNotFound

# id, source, date, title, text: every document mentions النفط (oil)
ARCHIVE = [
    ("n1", "okaz", "2015-01-10 08:00:00", "النفط في ليبيا", "ارتفع إنتاج النفط في ليبيا هذا الشهر"),
    ("n2", "okaz", "2015-03-05", "أسعار النفط", "أسعار النفط تتراجع في الأسواق العالمية"),
    ("n3", "Sabq", "2015-06-30 23:00:00", "مباراة الهلال", "فاز الهلال في مباراة النفط الودية"),
    ("n4", "alriyadh", "", "النفط والغاز", "تقرير عن النفط والغاز الطبيعي"),
    ("n5", "sabq", "21/07/2015", "الاقتصاد", "النفط محرك الاقتصاد السعودي"),
    ("n6", "alriyadh", "2016-02-29", "ميزانية", "ميزانية تعتمد على النفط والضرائب"),
    ("n7", "okaz", "not a date", "الطاقة", "الطاقة الشمسية بديل النفط"),
]
DATED = {"n1", "n2", "n3", "n5", "n6"}
OLDEST_FIRST = ["n1", "n2", "n3", "n5", "n6"]


def _archive_records() -> list[dict[str, str]]:
    records = []
    for doc_id, source, date, title, text in ARCHIVE:
        record = {"id": doc_id, "source": source, "title": title, "text": text}
        if date:
            record["date"] = date
        records.append(record)
    return records


@pytest.fixture(scope="module")
def archive_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _archive_records()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def archive_index(archive_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive-index") / "index"
    with SearchEngine.create(path) as engine:
        engine.index_paths([archive_file])
    return path


@pytest.fixture(scope="module")
def archive_collection(archive_file: Path, solr_cluster) -> str:
    """The same archive on the test cluster (docs/scale-out.md)."""
    url = solr_cluster.collection("archive")
    with SearchEngine.open(url) as engine:
        engine.index_paths([archive_file])
    return url


@pytest.fixture(params=["local", "cluster"])
def archive_location(request: pytest.FixtureRequest) -> Path | str:
    """Every test below runs on a local index and on a SolrCloud collection
    of the same documents: the two backends behave alike."""
    return request.getfixturevalue("archive_index" if request.param == "local" else "archive_collection")


@pytest.fixture()
def engine(archive_location: Path | str):
    with SearchEngine.open(archive_location) as opened:
        yield opened


def ids(results) -> set[str]:
    return {hit.id for hit in results}


# -- filters -------------------------------------------------------------
def test_every_document_matches_the_word_without_filters(engine: SearchEngine) -> None:
    assert engine.search("النفط", limit=None).total == len(ARCHIVE)


@pytest.mark.parametrize(
    ("sources", "expected"),
    [(["okaz"], {"n1", "n2", "n7"}), (["SABQ"], {"n3", "n5"}), (["okaz", "alriyadh"], {"n1", "n2", "n7", "n4", "n6"})],
)
def test_source_filter_keeps_documents_of_any_named_source(engine: SearchEngine, sources, expected) -> None:
    results = engine.search("النفط", limit=None, sources=sources)
    assert ids(results) == expected and results.total == len(expected)


def test_source_filter_in_the_query_narrows_instead_of_adding(engine: SearchEngine) -> None:
    assert ids(engine.search("النفط source:sabq", limit=None)) == {"n3", "n5"}
    assert ids(engine.search("الهلال source:okaz", limit=None)) == set()


def test_since_and_until_are_inclusive_and_cover_whole_periods(engine: SearchEngine) -> None:
    # until 2015-06 keeps n3, dated 23:00 on the last day of June
    assert ids(engine.search("النفط", limit=None, since="2015-03", until="2015-06")) == {"n2", "n3"}
    assert ids(engine.search("النفط", limit=None, since="2015-07-21")) == {"n5", "n6"}
    assert ids(engine.search("النفط", limit=None, until="2015-01-10")) == {"n1"}


def test_date_filters_leave_undated_documents_out_and_count_them(engine: SearchEngine) -> None:
    results = engine.search("النفط", limit=None, since="2000")
    assert ids(results) == DATED
    assert results.undated == 2  # n4 has no date, n7's date is unreadable
    assert engine.search("النفط", sources=["okaz"], since="2000").undated == 1
    assert engine.search("النفط").undated == 0  # no date filter, nothing left out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("النفط date:[2015-01-01 TO 2015-06-30]", {"n1", "n2", "n3"}),
        ("النفط date:[2015-07-01 TO]", {"n5", "n6"}),
        ("النفط date:[TO 2015-03-05]", {"n1", "n2"}),
        ("النفط date:2016", {"n6"}),
        ("النفط date:2015-03 source:okaz", {"n2"}),
    ],
)
def test_date_filters_in_the_query(engine: SearchEngine, query: str, expected: set[str]) -> None:
    assert ids(engine.search(query, limit=None)) == expected


def test_a_query_of_filters_only_lists_every_document_they_keep(engine: SearchEngine) -> None:
    assert ids(engine.search("source:alriyadh", limit=None)) == {"n4", "n6"}
    assert ids(engine.search("", limit=None, since="2016")) == {"n6"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "2015-13"}, "--since: «2015-13» is not a date"),
        ({"until": "soon"}, "--until: «soon» is not a date"),
        ({"since": "2016", "until": "2015"}, "is after --until"),
        ({"query": "النفط date:[2015 TO someday]"}, "is not a date"),
        ({"query": "النفط date:[2016 TO 2015]"}, "ends before it starts"),
        ({"query": "النفط date:"}, "is unfinished"),
        ({"sort": "newest"}, "unknown sort order «newest»"),
        ({"facets": ["author"]}, "unknown facet «author»"),
        ({"page": 0}, "pages are numbered from 1"),
    ],
)
def test_bad_filters_raise_a_one_line_error(engine: SearchEngine, kwargs: dict, message: str) -> None:
    kwargs = dict(kwargs)  # the parameters are shared by both backends' runs
    query = kwargs.pop("query", "النفط")
    with pytest.raises(QueryError, match=message) as caught:
        engine.search(query, **kwargs)
    assert "\n" not in str(caught.value)


# -- sorting -------------------------------------------------------------
def test_date_sort_orders_by_date_with_undated_documents_last(engine: SearchEngine) -> None:
    oldest = [hit.id for hit in engine.search("النفط", limit=None, sort="date")]
    newest = [hit.id for hit in engine.search("النفط", limit=None, sort="-date")]
    assert oldest[:5] == OLDEST_FIRST and set(oldest[5:]) == {"n4", "n7"}
    assert newest[:5] == OLDEST_FIRST[::-1] and set(newest[5:]) == {"n4", "n7"}


def test_date_sort_keeps_relevance_scores(engine: SearchEngine) -> None:
    by_relevance = {hit.id: hit.score for hit in engine.search("النفط", limit=None)}
    for hit in engine.search("النفط", limit=None, sort="-date"):
        assert hit.score == pytest.approx(by_relevance[hit.id])


# -- facets --------------------------------------------------------------
def test_facets_count_every_match_not_only_the_page(engine: SearchEngine) -> None:
    results = engine.search("النفط", limit=1, facets=["source", "year", "month"])
    assert len(results) == 1
    assert [(c.value, c.count) for c in results.facets["source"]] == [("okaz", 3), ("alriyadh", 2), ("sabq", 2)]
    assert [(c.value, c.count) for c in results.facets["year"]] == [("2015", 4), ("2016", 1), ("undated", 2)]
    assert [(c.value, c.count) for c in results.facets["month"]] == [
        ("2015-01", 1), ("2015-03", 1), ("2015-06", 1), ("2015-07", 1), ("2016-02", 1), ("undated", 2),
    ]


def test_a_day_facet_counts_matches_per_calendar_day(engine: SearchEngine) -> None:
    results = engine.search("النفط", facets=["day"])
    assert [(c.value, c.count) for c in results.facets["day"]] == [
        ("2015-01-10", 1), ("2015-03-05", 1), ("2015-06-30", 1), ("2015-07-21", 1), ("2016-02-29", 1), ("undated", 2),
    ]


def test_facets_follow_the_filters(engine: SearchEngine) -> None:
    results = engine.search("النفط", sources=["okaz"], since="2015", facets=["source", "date"])
    assert [(c.value, c.count) for c in results.facets["source"]] == [("okaz", 2)]
    assert [(c.value, c.count) for c in results.facets["date"]] == [("2015-01", 1), ("2015-03", 1)]


# -- paging --------------------------------------------------------------
def test_pages_split_the_ranking_without_gaps_or_overlaps(engine: SearchEngine) -> None:
    everything = [hit.id for hit in engine.search("النفط", limit=None, sort="date")]
    pages = [engine.search("النفط", limit=3, page=n, sort="date") for n in (1, 2, 3)]
    assert [hit.id for page in pages for hit in page] == everything
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [hit.rank for hit in pages[1]] == [4, 5, 6]
    assert all(page.total == len(ARCHIVE) and page.pages == 3 for page in pages)


def test_a_page_past_the_end_is_empty_but_keeps_the_total(engine: SearchEngine) -> None:
    results = engine.search("النفط", limit=3, page=4)
    assert len(results) == 0 and results.total == len(ARCHIVE) and results.pages == 3


# -- showing a document --------------------------------------------------
def test_document_is_returned_whole_with_the_query_marked(engine: SearchEngine) -> None:
    doc = engine.document("n2", query="أسعار النفط")
    assert doc.body == ARCHIVE[1][4] and doc.title == ARCHIVE[1][3]
    assert doc.metadata == {"source": "okaz", "date": "2015-03-05"}
    assert [doc.body[a:b] for a, b in doc.body_highlights] == ["أسعار", "النفط"]
    assert [doc.title[a:b] for a, b in doc.title_highlights] == ["أسعار", "النفط"]


def test_document_without_a_query_has_no_marks(engine: SearchEngine) -> None:
    doc = engine.document("n1")
    assert doc.body_highlights == [] and doc.title_highlights == []


def test_an_unknown_document_id_raises(engine: SearchEngine) -> None:
    with pytest.raises(DocumentNotFound, match="«n99»"):
        engine.document("n99")


# -- did you mean --------------------------------------------------------
def test_a_misspelled_word_gets_the_closest_common_index_word(engine: SearchEngine) -> None:
    results = engine.search("الأقتصاد السعودى النفظ")  # ظ for ط: no document has it
    [suggestion] = results.suggestions
    assert suggestion.word == "النفظ" and suggestion.documents == 0
    assert suggestion.alternatives[0].text == "النفط" and suggestion.alternatives[0].documents == len(ARCHIVE)
    assert results.did_you_mean == "الأقتصاد السعودى النفط"


def test_a_word_two_edits_away_is_suggested_when_it_keeps_the_first_letters(tmp_path: Path) -> None:
    """Two edits walk only the words that start as the typed word does (two
    letters, four with the article): كالسيوممم finds كالسيوم, الكالزيزم
    الكالسيوم; a word that differs in its first letters is left to one edit."""
    from conftest import corpus_engine

    docs = [(f"c-{i}", f"نقص الكالسيوم و كالسيوم الدم {i}") for i in range(3)]
    with corpus_engine(tmp_path / "ix", docs) as engine:
        assert [a.text for a in engine.search("كالسيوممم").suggestions[0].alternatives] == ["كالسيوم"]
        assert [a.text for a in engine.search("الكالزيزم").suggestions[0].alternatives] == ["الكالسيوم"]
        assert engine.search("مالسيومم").suggestions == []  # two edits, the first letter one of them


def test_a_suggestion_is_shown_as_documents_write_it(engine: SearchEngine) -> None:
    # the index folds ة into ه; the suggestion keeps the ة a document wrote
    [suggestion] = engine.search("الشمسيت").suggestions
    assert suggestion.alternatives[0].text == "الشمسية"


def test_words_that_match_get_no_suggestion(engine: SearchEngine) -> None:
    results = engine.search("النفط الهلال")
    assert results.suggestions == [] and results.did_you_mean is None


# -- the command line ----------------------------------------------------
@pytest.fixture()
def run(archive_location: Path | str):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [*args, "--index", str(archive_location)], catch_exceptions=False)

    return invoke


def test_cli_filters_sort_and_page(run) -> None:
    result = run("search", "النفط", "--source", "okaz", "--source", "sabq", "--since", "2015-02",
                 "--sort", "-date", "--limit", "2", "--page", "2", "--format", "ids")
    assert result.exit_code == EXIT_OK
    assert result.stdout.split() == ["n2"]  # newest first: n5, n3 | n2 (n7 is undated)
    assert "3 matching documents" in result.stderr and "page 2 of 2" in result.stderr
    assert "1 undated document left out by the date filter" in result.stderr


def test_cli_until_and_oldest_first(run) -> None:
    result = run("search", "النفط", "--until", "2015-06", "--sort", "date", "--format", "ids")
    assert result.exit_code == EXIT_OK
    assert result.stdout.split() == ["n1", "n2", "n3"]


def test_cli_date_facets_by_month_and_year(run) -> None:
    result = run("search", "النفط", "--source", "okaz", "--facets", "month,year")
    assert "month: 2015-01 (1), 2015-03 (1), undated (1)" in result.stdout.splitlines()
    assert "year: 2015 (2), undated (1)" in result.stdout.splitlines()


def test_cli_json_carries_totals_pages_facets_and_suggestions(run) -> None:
    payload = json.loads(run("search", "النفظ", "--format", "json", "--facets", "source").stdout)
    assert payload["total"] == 0 and payload["did_you_mean"] == "النفط"
    assert payload["suggestions"][0]["alternatives"][0] == {"text": "النفط", "documents": len(ARCHIVE)}
    payload = json.loads(run("search", "النفط", "--format", "json", "--facets", "source,year", "--limit", "2").stdout)
    assert (payload["total"], payload["count"], payload["page"], payload["pages"]) == (len(ARCHIVE), 2, 1, 4)
    assert payload["facets"]["source"][0] == {"value": "okaz", "count": 3}
    assert {f["value"] for f in payload["facets"]["year"]} == {"2015", "2016", "undated"}


def test_cli_text_output_heads_with_the_total_and_ends_with_facets(run) -> None:
    result = run("search", "النفط", "--limit", "3", "--page", "2", "--facets", "source")
    lines = result.stdout.splitlines()
    assert lines[0] == f"{len(ARCHIVE)} matching documents, page 2 of 3"
    assert lines[2].startswith("4. ")
    assert "source: okaz (3), alriyadh (2), sabq (2)" in lines


def test_cli_html_output_numbers_the_page_from_its_first_rank(run) -> None:
    result = run("search", "النفط", "--limit", "3", "--page", "2", "--format", "html")
    assert '<ol class="hits" start="4">' in result.stdout and "الصفحة 2 من 3" in result.stdout


def test_cli_query_of_filters_only(run) -> None:
    result = run("search", "--source", "alriyadh", "--format", "ids", "--all")
    assert sorted(result.stdout.split()) == ["n4", "n6"]


@pytest.mark.parametrize(
    "args",
    [("النفط", "--since", "2015-13"), ("النفط", "--until", "tomorrow"), ("النفط date:[2015",), ("النفط", "--facets", "author")],
)
def test_cli_bad_filters_exit_2_with_one_line(run, args) -> None:
    result = run("search", *args)
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("arsearch: error:") and result.stderr.count("\n") == 1


def test_cli_show_prints_the_document_with_marks(run) -> None:
    result = run("show", "n2", "--query", "النفط")
    assert result.exit_code == EXIT_OK
    assert "أسعار [[النفط]] تتراجع في الأسواق العالمية" in result.stdout
    assert "source: okaz" in result.stdout and "date: 2015-03-05" in result.stdout


def test_cli_show_json_and_html(run) -> None:
    payload = json.loads(run("show", "n2", "--query", "النفط", "--format", "json").stdout)
    assert payload["id"] == "n2" and [payload["body"][a:b] for a, b in payload["body_highlights"]] == ["النفط"]
    page = run("show", "n2", "--query", "النفط", "--format", "html").stdout
    assert 'dir="rtl"' in page and "<mark>النفط</mark>" in page


def test_cli_show_unknown_id_exits_1(run) -> None:
    result = run("show", "n99")
    assert result.exit_code == EXIT_NO_MATCH and "«n99»" in result.stderr


def test_offset_skips_that_many_hits(engine: SearchEngine) -> None:
    everything = [hit.id for hit in engine.search("النفط", limit=None, sort="date")]
    shifted = engine.search("النفط", limit=3, offset=2, sort="date")
    assert [hit.id for hit in shifted] == everything[2:5] and [hit.rank for hit in shifted] == [3, 4, 5]
    with pytest.raises(QueryError, match="negative"):
        engine.search("النفط", offset=-1)
