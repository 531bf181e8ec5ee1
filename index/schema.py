"""The Whoosh schema of an arsearch index."""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from analyzers import arabic_analyzer

# Bump when fields change: an index records the version it was built with.
SCHEMA_VERSION = 1


def build_schema() -> Schema:
    analyzer = arabic_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # id + content digest: lets a re-run see at once which documents changed
        version=ID(),
        title=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        source=ID(stored=True),
        url=STORED(),
        date=STORED(),
        author=STORED(),
    )
