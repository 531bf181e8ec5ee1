"""The command line, through click's CliRunner."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher.cli import EXIT_INDEX, EXIT_NO_MATCH, EXIT_SKIPPED, EXIT_USAGE, main
from searcher.locations import default_index_path, sample_corpus_path
from tests.conftest import NAZOURI, SAMPLE_IDS


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args: str, **kw):
        return runner.invoke(main, list(args), catch_exceptions=False, **kw)

    return invoke


def test_search_builds_the_sample_index_on_first_use(run) -> None:
    result = run("search", "عبدالرازق الناظوري")
    assert result.exit_code == 0
    assert "first use" in result.stderr
    assert {line.split()[0] for line in result.stdout.splitlines() if line.strip().startswith(("000_", "002_"))} == NAZOURI
    assert (default_index_path() / "arsearch.json").exists()


def test_text_output_marks_matches_when_piped(run) -> None:
    result = run("search", "الناظوري")
    assert "[[الناظوري]]" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe
    assert "2 of 2 matching documents" in result.stderr


def test_ids_format_prints_only_ids(run) -> None:
    result = run("search", "--format", "ids", "--all", "الناظوري")
    assert sorted(result.stdout.split()) == sorted(NAZOURI)


def test_json_output_parses_and_carries_spans(run) -> None:
    result = run("search", "--format", "json", "الناظوري")
    payload = json.loads(result.stdout)
    assert payload["total"] == 2 and {h["id"] for h in payload["hits"]} == NAZOURI
    for hit in payload["hits"]:
        for snippet in hit["snippets"]:
            words = {snippet["text"][a:b] for a, b in snippet["highlights"]}
            assert words and all("الناظوري" in w for w in words)


def test_html_output_is_a_valid_escaped_rtl_page(run, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "x<1>", "title": "<script>alert(1)</script> ليبيا",
                                "text": "نص عن ليبيا <b>غامق</b> & رموز"}) + "\n", encoding="utf-8")
    assert run("index", str(docs), "--index", str(index)).exit_code == 0
    page = run("search", "--format", "html", "--index", str(index), "ليبيا <i>").stdout
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page and "<i>" not in page and "&amp; رموز" in page
    assert "<mark>ليبيا</mark>" in page

    class Checker(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    checker = Checker()
    checker.feed(page)
    assert checker.stack == []


def test_no_match_exits_1(run) -> None:
    result = run("search", "كلمةغيرموجودة")
    assert result.exit_code == EXIT_NO_MATCH
    assert "no document matches" in result.stderr


def test_a_bad_query_is_one_line_and_exit_2(run, sample_index: Path) -> None:
    result = run("search", "--index", str(sample_index), "؟!")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("arsearch: error:")
    assert "Traceback" not in result.output


def test_missing_index_says_how_to_build_it(run, tmp_path: Path) -> None:
    result = run("search", "ليبيا", "--index", str(tmp_path / "none"))
    assert result.exit_code == EXIT_INDEX
    assert "arsearch index" in result.stderr and "Traceback" not in result.output


def test_index_adds_updates_and_reports(run, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    first = run("index", str(sample_corpus_path()), "--index", str(index))
    assert first.exit_code == 0
    assert f"{len(SAMPLE_IDS)} added, 0 updated, 0 unchanged, 0 skipped" in first.stdout
    again = run("index", str(sample_corpus_path()), "--index", str(index))
    assert f"0 added, 0 updated, {len(SAMPLE_IDS)} unchanged" in again.stdout
    stats = run("stats", "--index", str(index))
    assert f"documents: {len(SAMPLE_IDS)}" in stats.stdout and str(index) in stats.stdout


def test_index_reports_skipped_inputs_by_name_and_exits_4(run, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("ليبيا", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    result = run("index", str(tmp_path / "in"), "--index", str(tmp_path / "ix"))
    assert result.exit_code == EXIT_SKIPPED
    assert "empty.txt: empty file" in result.stderr
    assert "1 added, 0 updated, 0 unchanged, 1 skipped" in result.stdout


def test_rebuild_replaces_the_index(run, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    run("index", str(sample_corpus_path()), "--index", str(index))
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "n1", "text": "طرابلس"}\n', encoding="utf-8")
    assert run("index", str(one), "--index", str(index), "--rebuild").exit_code == 0
    assert "documents: 1" in run("stats", "--index", str(index)).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix", "one.jsonl"]


def test_index_env_var_selects_the_index(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARSEARCH_INDEX", str(tmp_path / "env-ix"))
    run("index", str(sample_corpus_path()))
    assert (tmp_path / "env-ix" / "arsearch.json").exists()
    assert run("search", "--format", "ids", "الناظوري").exit_code == 0


def test_analyze_prints_terms_with_spans(run) -> None:
    text = "الفريقُ عبدالرازق"
    result = run("analyze", "--format", "json", text)
    tokens = json.loads(result.stdout)
    assert tokens == [
        {"token": "فريق", "text": "الفريقُ", "start": 0, "end": 7},
        {"token": "عبدالرازق", "text": "عبدالرازق", "start": 8, "end": 17},
    ]
    plain = run("analyze", text).stdout.splitlines()
    assert plain[0].split("\t") == ["فريق", "الفريقُ", "0-7"]


@pytest.mark.parametrize("command", [[], ["search"], ["index"], ["analyze"], ["stats"]])
def test_every_command_has_help_with_an_example(run, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def test_version(run) -> None:
    assert re.search(r"arsearch, version \d+\.\d+", run("--version").stdout)


def test_batch_queries_write_trec_runs_and_report_bad_lines(run, sample_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tمن هو الناظوري؟\nbroken line\nq2\t؟!\nq3\tفايز السراج\n", encoding="utf-8")
    result = run("search", "--queries", str(queries), "--format", "trec", "--limit", "100",
                 "--index", str(sample_index))
    lines = [line.split() for line in result.stdout.splitlines()]
    assert {tuple(l[:3]) for l in lines if l[0] == "q1"} == {("q1", "Q0", d) for d in NAZOURI}
    assert all(len(l) == 6 and l[5] == "arsearch" for l in lines)
    q3 = [l for l in lines if l[0] == "q3"]
    assert [int(l[3]) for l in q3] == list(range(1, len(q3) + 1))
    assert [float(l[4]) for l in q3] == sorted((float(l[4]) for l in q3), reverse=True)
    assert f"{queries}:2: expected qid<TAB>query" in result.stderr
    assert f"{queries}:3:" in result.stderr
    assert result.exit_code == EXIT_USAGE


def test_batch_json_lines(run, sample_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("a\tالناظوري\n", encoding="utf-8")
    result = run("search", "--queries", str(queries), "--format", "json", "--index", str(sample_index))
    [line] = result.stdout.splitlines()
    payload = json.loads(line)
    assert payload["qid"] == "a" and payload["total"] == 2
    assert result.exit_code == 0


def test_rebuild_replaces_an_index_from_another_version(run, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    run("index", str(sample_corpus_path()), "--index", str(index))
    meta = index / "arsearch.json"
    meta.write_text(re.sub(r'"analyzer_version": \d+', '"analyzer_version": 0', meta.read_text()))
    assert run("stats", "--index", str(index)).exit_code == EXIT_INDEX
    assert run("index", str(sample_corpus_path()), "--index", str(index), "--rebuild").exit_code == 0
    assert f"documents: {len(SAMPLE_IDS)}" in run("stats", "--index", str(index)).stdout


def test_index_with_worker_processes_gives_the_same_index(run, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    result = run("index", str(sample_corpus_path()), "--index", str(index), "--procs", "2")
    assert result.exit_code == 0 and "5 added" in result.stdout
    found = run("search", "--format", "ids", "--all", "--index", str(index), "الناظوري")
    assert set(found.stdout.split()) == NAZOURI
    again = run("index", str(sample_corpus_path()), "--index", str(index), "--procs", "2")
    assert "0 added, 0 updated, 5 unchanged" in again.stdout


def test_serve_reports_a_port_in_use_in_one_line(run) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"arsearch: error: cannot listen on 127.0.0.1:{port} (Address already in use): choose another --port\n"


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_titles_are_shown_decoded_in_every_format(run, tmp_path: Path, fmt: str) -> None:
    index, docs = tmp_path / "ix", tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "a", "title": "&quot;القمة&quot; في &#8220;الرياض&#8221;",
                                "text": "انعقدت القمة في الرياض"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("index", str(docs), "--index", str(index)).exit_code == 0
    result = run("search", "الرياض", "--index", str(index), "--format", fmt)
    assert result.exit_code == 0 and "&#8220;" not in result.stdout and "“" in result.stdout
    if fmt == "html":  # the page escapes the quote itself, once
        assert "&amp;quot;" not in result.stdout
    else:
        shown = json.loads(result.stdout)["hits"][0]["title"] if fmt == "json" else result.stdout
        assert "&quot;" not in result.stdout and '"القمة"' in shown
