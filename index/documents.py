"""What readers produce: documents to index, and problems to report."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

METADATA_FIELDS = ("source", "url", "date", "author")
DISPLAY_TITLE_CHARS = 80


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def decode_entities(text: str) -> str:
    """HTML character references decoded (&quot; → ", &#8220; → “), and
    no-break spaces (&nbsp;) made plain spaces: news feeds leave them in
    titles and text.  A lone & (AT&T, S&P) is left as it is."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text).translate(_NO_BREAK_SPACES)


@dataclass(frozen=True)
class Document:
    """One article.  ``title`` is a real heading or empty; ``body`` is the
    whole searchable text (a heading read from a .txt file is in it too).

    Readers decode character references once, when they read the input
    (``read_document``): what is stored, searched, highlighted and shown is
    the decoded text, and every span points into it."""

    id: str
    body: str
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        """A fingerprint of everything indexed, to skip unchanged documents."""
        h = hashlib.blake2b(digest_size=12)
        for part in (self.id, self.title, self.body, *sorted(self.metadata.items())):
            h.update(repr(part).encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


def read_document(doc_id: str, body: str, title: str = "", metadata: dict[str, str] | None = None) -> Document:
    """A Document from input text, its character references decoded."""
    return Document(id=doc_id, body=decode_entities(body), title=decode_entities(title),
                    metadata={k: decode_entities(v) for k, v in (metadata or {}).items()})


@dataclass(frozen=True)
class Problem:
    """An input that was skipped: which file (and line), and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something a user should know about an input that was still read
    (for example, decoded as Windows-1256)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def display_title(title: str, body: str, limit: int = DISPLAY_TITLE_CHARS) -> str:
    """The heading if there is one, else the body's opening words cut at a
    word boundary (with an ellipsis when cut)."""
    if title.strip():
        return " ".join(title.split())
    words = body.split()
    shown = ""
    for word in words:
        candidate = f"{shown} {word}" if shown else word
        if len(candidate) > limit:
            return (shown or word[:limit]) + "…"
        shown = candidate
    return shown


def searchable_text(doc: Document) -> str:
    """Title and body as one text (the body of a .txt file already starts with its title)."""
    if not doc.title or doc.body.lstrip().startswith(doc.title):
        return doc.body
    return f"{doc.title}\n{doc.body}"
