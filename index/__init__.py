"""The index stage: schema, readers for input formats, writing and updating."""

from .documents import METADATA_FIELDS, Document, Notice, Problem, decode_entities, display_title, read_document
from .errors import ArsearchError, IndexBusy, IndexDamaged, IndexNotFound, IndexOutdated, NotAnIndex
from .readers import read_paths
from .schema import build_schema
from .store import DeleteResult, IndexReport, IndexStats, IndexStore

__all__ = [
    "METADATA_FIELDS", "ArsearchError", "DeleteResult", "Document", "Notice", "IndexBusy", "IndexDamaged", "IndexNotFound", "IndexOutdated",
    "IndexReport", "IndexStats", "IndexStore", "NotAnIndex", "Problem", "build_schema",
    "decode_entities", "display_title", "read_document", "read_paths",
]
