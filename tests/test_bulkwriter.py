"""The bulk segment writer writes what Whoosh's own writer writes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from index.bulkwriter import BulkSegmentWriter, bulk_writable, field_doc_frequencies
from index.documents import Document, read_document
from index.schema import build_schema, document_fields
from index.store import IndexStore

from conftest import SAMPLE_IDS, sample_text

WORDS = ("الحكومة الليبية في سرت وبالقوات والمستشفيات يكتبون عبدالرازق الناظوري "
         "فائز السراج اللجنة 5+5 جنيف النفط").split()


def documents() -> list[Document]:
    """The sample articles, made-up ones sharing words (terms in more than
    one block of 128 postings, repeated words, empty and metadata-only
    documents) and a Latin one."""
    docs = [read_document(doc_id, sample_text(doc_id)) for doc_id in SAMPLE_IDS]
    rng = random.Random(7)
    for i in range(300):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 40)))
        docs.append(read_document(f"m{i:03d}", body, title=rng.choice(["", "عنوان " + rng.choice(WORDS)]),
                                  metadata={"source": rng.choice(["okaz", "SABQ"]), "date": f"2015-0{i % 9 + 1}-1{i % 10}"}))
    docs.append(read_document("latin", "Google iPhone COVID-19 the the the"))
    return docs


def fields_of(doc: Document) -> dict[str, str]:
    return document_fields(doc, f"{doc.id}\x1f{doc.digest()}")


def content(ix, by_id: bool = False) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Everything a reader sees of an index: stored fields, lengths, and every
    term's statistics and postings (id, weight, positions or frequency; the
    bulk writer pickles them more compactly).  *by_id*: documents named by
    their ids, in any order (an index written by several workers)."""
    out: dict[str, object] = {}
    with ix.reader() as reader:
        count = reader.doc_count_all()
        names = [reader.stored_fields(n)["id"] for n in range(count)] if by_id else list(range(count))

        def per_doc(values):  # type: ignore[no-untyped-def]
            return dict(zip(names, values)) if by_id else list(values)

        out["stored"] = per_doc(reader.stored_fields(n) for n in range(count))
        for field in sorted(reader.indexed_field_names()):
            out[f"{field} length"] = reader.field_length(field)
            out[f"{field} lengths"] = per_doc(reader.doc_field_length(n, field) or 0 for n in range(count))
            for term in reader.field_terms(field):
                info = reader.term_info(field, term)
                matcher = reader.postings(field, term)
                postings = []
                kind = "positions" if matcher.supports("positions") else "frequency"
                while matcher.is_active():
                    postings.append((names[matcher.id()], matcher.weight(), matcher.value_as(kind)))
                    matcher.next()
                stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
                ids = () if by_id else (info.min_id(), info.max_id())
                out[f"{field}:{term}"] = (*stats, *ids, sorted(postings) if by_id else postings)
        for column in ("source_key", "date_key"):  # segment by segment (Whoosh's merged view skips
            out[f"{column} column"] = per_doc(value for leaf, _offset in reader.leaf_readers()  # a segment without it)
                                              for value in leaf.column_reader(column))
    return out


def build(path: Path, docs: list[Document], bulk: bool, limitmb: int = 64, commits: int = 1):  # type: ignore[no-untyped-def]
    """An index of *docs* written by Whoosh's writer or the bulk writer, in
    *commits* commits that are not merged (a segment each)."""
    path.mkdir(parents=True)
    ix = FileStorage(str(path)).create_index(build_schema())
    size = -(-len(docs) // commits)
    for start in range(0, len(docs), size):
        writer = BulkSegmentWriter(ix, limitmb=limitmb) if bulk else ix.writer()
        for doc in docs[start:start + size]:
            writer.add_document(**fields_of(doc))
        writer.commit(merge=False)
    return ix


@pytest.fixture(scope="module")
def whoosh_written(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build(tmp_path_factory.mktemp("whoosh") / "ix", documents(), bulk=False)


def test_the_schema_is_written_in_bulk() -> None:
    from whoosh.codec import default_codec

    assert bulk_writable(build_schema(), default_codec())


def test_a_schema_with_term_vectors_is_refused_not_written_without_them(tmp_path: Path) -> None:
    from whoosh.fields import TEXT, Schema

    ix = FileStorage(str(tmp_path)).create_index(Schema(text=TEXT(vector=True)))
    with pytest.raises(ValueError, match="term vectors"):
        BulkSegmentWriter(ix)
    ix.writer().cancel()  # refused before the index was locked


def test_a_bulk_segment_holds_what_whoosh_writes(tmp_path: Path, whoosh_written) -> None:  # type: ignore[no-untyped-def]
    bulk = build(tmp_path / "bulk", documents(), bulk=True)
    assert len(bulk._segments()) == 1
    expected, found = content(whoosh_written), content(bulk)
    assert any(len(v[-1]) > 128 for k, v in expected.items() if k.startswith("text:"))  # several blocks
    assert found == expected


def test_past_the_memory_limit_the_pool_spills_to_runs_merged_into_one_segment(
        tmp_path: Path, whoosh_written) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bulk").mkdir()
    bulk = FileStorage(str(tmp_path / "bulk")).create_index(build_schema())
    writer = BulkSegmentWriter(bulk, limitmb=0)  # a run after every document
    for doc in documents():
        writer.add_document(**fields_of(doc))
    assert len(writer._runs["text"]) > 100
    run_dir = writer._run_dir()
    writer.commit()
    assert len(bulk._segments()) == 1
    assert not run_dir.exists()
    assert content(bulk) == content(whoosh_written)


def test_stock_whoosh_opens_and_searches_a_bulk_index(tmp_path: Path, whoosh_written) -> None:  # type: ignore[no-untyped-def]
    build(tmp_path / "bulk", documents(), bulk=True)
    reopened = whoosh_index.open_dir(str(tmp_path / "bulk"))
    for text in ("الناظوري", "سرت الليبية", '"فائز السراج"', "google"):
        with reopened.searcher() as ours, whoosh_written.searcher() as theirs:
            query = QueryParser("text", reopened.schema).parse(text)
            found = [(hit["id"], round(hit.score, 6)) for hit in ours.search(query, limit=None)]
            assert found, text
            assert found == [(hit["id"], round(hit.score, 6)) for hit in theirs.search(query, limit=None)]


def test_merging_bulk_segments_keeps_every_posting(tmp_path: Path) -> None:
    # Whoosh's merge: every segment's postings through the writer's pool (a
    # merge sums the documents' lengths as their length bytes decode, so the
    # reference is merged by Whoosh too)
    whoosh_merged = build(tmp_path / "whoosh", documents(), bulk=False, commits=3)
    whoosh_merged.writer().commit(optimize=True)
    bulk = build(tmp_path / "bulk", documents(), bulk=True, commits=3)
    assert len(bulk._segments()) == 3
    BulkSegmentWriter(bulk).commit(optimize=True)
    assert len(bulk._segments()) == 1
    assert content(bulk) == content(whoosh_merged)


def test_a_cancelled_bulk_writer_leaves_the_index_and_no_files(tmp_path: Path) -> None:
    docs = documents()
    ix = build(tmp_path / "bulk", docs[:5], bulk=True)
    before, files = content(ix), sorted(ix.storage.list())
    writer = BulkSegmentWriter(ix, limitmb=0)
    for doc in docs[5:]:
        writer.add_document(**fields_of(doc))
    assert writer._run_dir().is_dir()  # runs were spilled before the cancel
    writer.cancel()
    assert content(ix) == before
    assert sorted(ix.storage.list()) == files


def test_field_doc_frequencies_read_the_terms_index_as_whoosh_does(tmp_path: Path) -> None:
    ix = build(tmp_path / "bulk", documents(), bulk=True, commits=2)
    with ix.reader() as reader:
        for segment, _offset in reader.leaf_readers():
            for field in ("surface", "text", "id", "title"):
                expected = [(raw, info.doc_frequency()) for raw, info in segment.iter_field(field)]
                assert list(field_doc_frequencies(segment, field)) == expected
            assert list(field_doc_frequencies(segment, "body")) == []  # not indexed


def test_workers_write_the_same_index(tmp_path: Path) -> None:
    docs = documents() * 2  # two batches of 256 documents at least, so both workers get some
    docs = [read_document(f"{doc.id}-{i}", doc.body, doc.title, doc.metadata) for i, doc in enumerate(docs)]
    one, two = IndexStore.create(tmp_path / "one"), IndexStore.create(tmp_path / "two")
    one.add(docs)
    two.add(docs, procs=2)
    assert len(two.ix._segments()) == 1  # the workers' documents and runs merged by this process
    assert content(two.ix, by_id=True) == content(one.ix, by_id=True)


def test_runs_a_killed_writer_left_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    ix = build(tmp_path / "bulk", documents()[:5], bulk=True)
    stale = tmp_path / "bulk" / "arsearch-runs-killed"
    stale.mkdir()
    (stale / "text.0.docs.npy").write_bytes(b"left by a killed run")
    BulkSegmentWriter(ix).cancel()
    assert not stale.exists()
