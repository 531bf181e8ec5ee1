"""Readers: files and folders in, Documents and Problems out."""

import gzip
import json
from pathlib import Path

import pytest

from index import Document, Notice, Problem, display_title, read_paths
from index.readers import heading_of
from searcher.locations import sample_corpus_path


def read(*paths: Path) -> list:
    return list(read_paths(paths))


def test_sample_folder_gives_five_documents_named_by_file() -> None:
    docs = read(sample_corpus_path())
    assert [d.id for d in docs] == sorted(p.stem for p in sample_corpus_path().glob("*.txt"))
    assert all(isinstance(d, Document) and d.body for d in docs)


def test_short_first_line_is_the_title_and_stays_in_the_body() -> None:
    docs = {d.id: d for d in read(sample_corpus_path())}
    assert docs["003_642d4779de111c4a"].title == "أول اجتماع رسمي بين حفتر والحكومة الليبية الجديدة"
    assert docs["004_076ab796e3cc5081"].title.startswith("أسرار لقاء حفتر و السراج في روسيا")
    assert docs["003_642d4779de111c4a"].body.startswith(docs["003_642d4779de111c4a"].title)


def test_an_opening_sentence_is_not_a_title() -> None:
    docs = {d.id: d for d in read(sample_corpus_path())}
    assert docs["000_67798e88708441ce"].title == ""
    assert heading_of("جملة تنتهي بنقطة.\nثم نص") == ""
    assert heading_of("عنوان قصير\nثم نص") == "عنوان قصير"
    assert heading_of("نص من سطر واحد فقط") == ""


def test_display_title_cuts_the_opening_words_at_a_word_boundary() -> None:
    body = "كلمة " * 40
    shown = display_title("", body, limit=30)
    assert shown.endswith("…") and len(shown) <= 31
    assert shown[:-1].split() == ["كلمة"] * len(shown[:-1].split())
    assert display_title("عنوان", body) == "عنوان"


def test_jsonl_and_gzip_lines_become_documents_with_metadata(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "title": "عنوان", "text": "نص أول", "source": "okaz", "date": "2015-07-21", "extra": 1},
        {"id": 7, "text": "نص ثان", "author": "كاتب"},
    ]
    plain = tmp_path / "docs.jsonl"
    plain.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    packed = tmp_path / "more.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "z", "text": "مضغوط"}, ensure_ascii=False) + "\n")
    docs = read(plain, packed)
    assert [d.id for d in docs] == ["a1", "7", "z"]
    assert docs[0].title == "عنوان" and docs[0].metadata == {"source": "okaz", "date": "2015-07-21"}
    assert docs[1].metadata == {"author": "كاتب"}


def test_bad_jsonl_lines_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "text": "نص"}\n{not json\n{"id": "x"}\n[1]\n{"id": "y", "text": 5}\n', encoding="utf-8")
    items = read(path)
    assert [d.id for d in items if isinstance(d, Document)] == ["ok"]
    problems = [p for p in items if isinstance(p, Problem)]
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert all(p.path == str(path) for p in problems)
    assert "missing text" in problems[1].reason
    assert str(problems[0]).startswith(f"{path}:2: bad JSON")


def test_bad_files_are_reported_by_name_and_the_rest_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("نص جيد", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\xd8" * 3 + b"\x80\x81")
    (tmp_path / "notes.md").write_text("ignored in a folder", encoding="utf-8")
    items = read(tmp_path, tmp_path / "missing.txt")
    assert [d.id for d in items if isinstance(d, Document)] == ["good"]
    reasons = {Path(p.path).name: p.reason for p in items if isinstance(p, Problem)}
    assert set(reasons) == {"empty.txt", "binary.txt", "missing.txt"}
    assert reasons["missing.txt"] == "no such file or folder"


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffليبيا".encode("utf-8"))
    (tmp_path / "wide.txt").write_bytes("ليبيا".encode("utf-16"))
    assert [d.body for d in read(tmp_path)] == ["ليبيا", "ليبيا"]


def test_character_references_are_decoded_when_a_document_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    record = {"id": "a", "title": "&#8220;الرياض&#8221; تستضيف &quot;القمة&quot;", "text": "نص&nbsp;الخبر عن AT&T",
              "source": "okaz &amp; co"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "note.txt").write_text("عنوان &quot;قصير&quot;\nثم نص", encoding="utf-8")
    docs = {d.id: d for d in read(path, tmp_path / "note.txt")}
    assert docs["a"].title == "“الرياض” تستضيف \"القمة\""
    assert docs["a"].body == "نص الخبر عن AT&T"  # a lone & is text, not a reference
    assert docs["a"].metadata["source"] == "okaz & co"
    assert docs["note"].title == "عنوان \"قصير\"" and docs["note"].body.startswith(docs["note"].title)


def test_documents_added_through_the_library_are_decoded_too(tmp_path: Path) -> None:
    from searcher import SearchEngine

    with SearchEngine.create(tmp_path / "ix") as engine:
        engine.add([{"id": "a", "title": "&quot;القمة&quot;", "text": "انعقدت القمة&nbsp;اليوم"}])
        stored = engine.document("a")
        assert stored.title == '"القمة"' and stored.body == "انعقدت القمة اليوم"


def test_a_very_long_text_is_cut_at_a_word_with_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import readers

    monkeypatch.setattr(readers, "MAX_DOCUMENT_CHARS", 100)
    path = tmp_path / "long.txt"
    path.write_text(" ".join(["ليبيا"] * 60), encoding="utf-8")  # 359 characters
    items = list(readers.read_paths([path]))
    notices = [i for i in items if isinstance(i, Notice)]
    documents = [i for i in items if isinstance(i, Document)]
    assert len(notices) == 1 and "first 95 characters of 359" in notices[0].message
    assert len(documents) == 1 and documents[0].body == " ".join(["ليبيا"] * 16)


def test_a_very_long_jsonl_text_is_cut_at_a_word_with_a_notice_naming_its_line(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from index import readers

    monkeypatch.setattr(readers, "MAX_DOCUMENT_CHARS", 100)
    path = tmp_path / "news.jsonl"
    records = [{"id": "short", "text": "ليبيا اليوم"}, {"id": "long", "title": "عنوان", "text": " ".join(["ليبيا"] * 60)}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    items = list(readers.read_paths([path]))
    notices = [i for i in items if isinstance(i, Notice)]
    documents = {i.id: i for i in items if isinstance(i, Document)}
    assert len(notices) == 1 and notices[0].message.startswith("line 2: indexed the first 95 characters of 359")
    assert documents["long"].body == " ".join(["ليبيا"] * 16) and documents["long"].title == "عنوان"
    assert documents["short"].body == "ليبيا اليوم"
