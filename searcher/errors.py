"""Every error the searcher stage shows a user, in one place.

Each is an ``ArsearchError`` (the index stage's errors are too, in
``index.errors``), so a caller may catch them all at once; the CLI turns
them into a one-line message and an exit status, the server into a JSON
error with an HTTP status (docs/errors.md lists every message).
"""

from __future__ import annotations

import re

from index import ArsearchError

MAX_SHOWN_ID = 100  # an id longer than this is cut in messages (a 100 KB id is not echoed back)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
SHOWN_QUERY_CHARS = 60


def shown(query: str) -> str:
    """The query as an error message quotes it: one line, control characters
    as spaces, long queries cut."""
    one_line = _UNPRINTABLE.sub(" ", query).strip()
    return one_line if len(one_line) <= SHOWN_QUERY_CHARS else one_line[:SHOWN_QUERY_CHARS] + "…"


class QueryError(ArsearchError):
    """A query that cannot be searched; the message names it (HTTP 400, exit status 2)."""


class DocumentNotFound(ArsearchError):
    """No document has the id asked for (HTTP 404, exit status 1)."""

    def __init__(self, doc_id: str) -> None:
        shown = doc_id if len(doc_id) <= MAX_SHOWN_ID else doc_id[:MAX_SHOWN_ID] + f"… ({len(doc_id)} characters)"
        super().__init__(f"no document has the id «{shown}»: search for it first (arsearch search ... --format ids)")
        self.doc_id = doc_id


class AliasesError(ArsearchError):
    """An aliases file that cannot be read or has a bad line; the message names the file and line."""


class BadRequest(QueryError):
    """A request parameter the API cannot use; the message names it as the API does (HTTP 400)."""
