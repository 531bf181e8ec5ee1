"""The Whoosh schema of an arsearch index."""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from analyzers import arabic_analyzer, root_analyzer, surface_analyzer
from analyzers.chain import DEFAULT_ANALYSIS, ArabicAnalysis, analysis_of

from .dates import UNDATED, sortable_date
from .documents import Document, searchable_text

# Bump when fields change: an index records the version it was built with.
SCHEMA_VERSION = 5

# The field a query searches by default: title and body as one text, so that a
# word's occurrences in both saturate together (Whoosh's BM25F scores each
# field on its own, which let a common word in a news headline outweigh a rare
# word in a paragraph).
TEXT_FIELD = "text"
# The same text, normalised but not stemmed (no positions: only for ranking).
SURFACE_FIELD = "surface"
# The same text stemmed aggressively (Snowball), also only for ranking.
ROOT_FIELD = "root"
# Case-folded source and sortable date, for filters, facets and date order.
SOURCE_KEY_FIELD = "source_key"
DATE_KEY_FIELD = "date_key"


def build_schema(analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> Schema:
    """The schema, its fields analysed with *analysis* (pickled with it into
    the index, so that the index is always searched as it was built)."""
    analyzer = arabic_analyzer(analysis)
    return Schema(
        id=ID(stored=True, unique=True),
        # id + content digest: lets a re-run see at once which documents changed
        version=ID(),
        text=TEXT(analyzer=analyzer),
        surface=TEXT(analyzer=surface_analyzer(analysis), phrase=False),
        root=TEXT(analyzer=root_analyzer(analysis), phrase=False),
        title=TEXT(analyzer=analyzer, stored=True),
        body=STORED(),
        source=STORED(),
        date=STORED(),
        url=STORED(),
        author=STORED(),
        # Filters, facets and date order read these (and their columns): the
        # source case-folded, the date in sortable form or UNDATED (index.dates).
        # The stored source and date above are what the input said.
        source_key=ID(sortable=True),
        date_key=ID(sortable=True),
    )


def schema_analysis(schema: Schema) -> ArabicAnalysis:
    """The analysis an index's schema was built with (its fields share one)."""
    return analysis_of(schema[TEXT_FIELD].analyzer)


def document_fields(doc: Document, version: str) -> dict[str, str]:
    """The value of every field of *doc* as ``IndexWriter.add_document`` takes
    them (*version*: the id and a digest of the content)."""
    text = searchable_text(doc)
    fields = {"id": doc.id, "version": version, TEXT_FIELD: text, SURFACE_FIELD: text, ROOT_FIELD: text,
              "title": doc.title, "body": doc.body, **doc.metadata}
    fields[DATE_KEY_FIELD] = sortable_date(doc.metadata.get("date", "")) or UNDATED
    if doc.metadata.get("source"):
        fields[SOURCE_KEY_FIELD] = source_key(doc.metadata["source"])
    return fields


def source_key(name: str) -> str:
    """How a source name is indexed and filtered: trimmed, case-folded."""
    return " ".join(name.split()).casefold()
