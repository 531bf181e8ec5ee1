"""Readers: turn input paths into Documents, and bad input into Problems.

A reader never raises for bad input: it yields a ``Problem`` naming the file
(and line) and goes on, so one broken file never stops a run.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .documents import METADATA_FIELDS, Document, Problem

Item = Document | Problem

HEADING_MAX_CHARS = 150
HEADING_MAX_WORDS = 20
_SENTENCE_END = tuple(".!?؟،,:;…")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return path.suffix.lower()


SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")


def read_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Documents from files and folders (folders recursively, sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _suffix(child) in SUPPORTED_SUFFIXES:
                    yield from read_file(child)
        elif path.exists():
            yield from read_file(path)
        else:
            yield Problem(str(path), "no such file or folder")


def read_file(path: Path) -> Iterator[Item]:
    suffix = _suffix(path)
    try:
        if suffix == ".txt":
            yield read_txt(path)
        elif suffix in (".jsonl", ".jsonl.gz"):
            yield from read_jsonl(path)
        else:
            yield Problem(str(path), f"unsupported file type (expected one of {', '.join(SUPPORTED_SUFFIXES)})")
    except OSError as err:
        yield Problem(str(path), f"cannot read: {err.strerror or err}")


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def read_txt(path: Path) -> Item:
    try:
        text = decode_text(path.read_bytes())
    except UnicodeDecodeError as err:
        return Problem(str(path), f"not UTF-8 text ({err.reason} at byte {err.start})")
    if not text.strip():
        return Problem(str(path), "empty file")
    return Document(id=path.name[: -len(".txt")] if path.name.lower().endswith(".txt") else path.name,
                    body=text, title=heading_of(text))


def heading_of(text: str) -> str:
    """The first line, when it reads as a heading: short, not a sentence, and
    followed by more text.  Otherwise empty."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if (
        rest.strip()
        and len(first) <= HEADING_MAX_CHARS
        and len(first.split()) <= HEADING_MAX_WORDS
        and not first.endswith(_SENTENCE_END)
    ):
        return first
    return ""


def read_jsonl(path: Path) -> Iterator[Item]:
    """One JSON object a line, with at least ``id`` and ``text``."""
    opener = gzip.open if _suffix(path) == ".jsonl.gz" else open
    with opener(path, "rb") as fh:
        try:
            for lineno, raw in enumerate(fh, 1):
                item = _jsonl_item(path, lineno, raw)
                if item is not None:
                    yield item
        except (OSError, EOFError) as err:  # truncated or corrupt gzip stream
            yield Problem(str(path), f"cannot read further: {err}")


def _jsonl_item(path: Path, lineno: int, raw: bytes) -> Item | None:
    where = str(path)
    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError:
        return Problem(where, "not UTF-8", lineno)
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Problem(where, f"bad JSON ({err.msg})", lineno)
    if not isinstance(obj, dict):
        return Problem(where, "not a JSON object", lineno)
    doc_id, text, title = obj.get("id"), obj.get("text"), obj.get("title", "")
    if doc_id is None or text is None:
        return Problem(where, "missing " + " and ".join(k for k in ("id", "text") if obj.get(k) is None), lineno)
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or not str(doc_id).strip():
        return Problem(where, "`id` must be a non-empty string or a number", lineno)
    if not isinstance(text, str) or not isinstance(title or "", str):
        return Problem(where, "`text` and `title` must be strings", lineno)
    metadata = {
        key: str(obj[key]) for key in METADATA_FIELDS
        if isinstance(obj.get(key), (str, int, float)) and not isinstance(obj.get(key), bool) and str(obj[key]).strip()
    }
    return Document(id=str(doc_id).strip(), body=text, title=title or "", metadata=metadata)
