"""Readers: turn input paths into Documents, and bad input into Problems.

A reader never raises for bad input: it yields a ``Problem`` naming the file
(and line) and goes on, so one broken file never stops a run.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .documents import METADATA_FIELDS, Document, Notice, Problem, decode_entities, read_document

Item = Document | Problem | Notice

# Files larger than this are skipped (a .txt file is read whole into memory).
DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024
_SNIFF_BYTES = 8192

MAX_DOCUMENT_CHARS = 2_000_000  # a longer text file is cut (with a notice) to bound memory and search time
HEADING_MAX_CHARS = 150
HEADING_MAX_WORDS = 20
_SENTENCE_END = tuple(".!?؟،,:;…")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return path.suffix.lower()


SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")


def read_paths(paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[Item]:
    """Documents from files and folders (folders recursively, sorted).

    Bad inputs become Problems (skipped, with the reason); a folder's broken
    links are reported, its files of other types ignored."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_symlink() and not child.exists():
                    yield Problem(str(child), "broken symbolic link")
                elif child.is_file() and _suffix(child) in SUPPORTED_SUFFIXES:
                    yield from read_file(child, max_bytes)
        elif path.exists():
            yield from read_file(path, max_bytes)
        elif path.is_symlink():
            yield Problem(str(path), "broken symbolic link")
        else:
            yield Problem(str(path), "no such file or folder")


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[Item]:
    suffix = _suffix(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(str(path), f"too large ({size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:.0f} MiB, "
                                     "see --max-file-size)")
        elif suffix == ".txt":
            yield from read_txt(path)
        elif suffix in (".jsonl", ".jsonl.gz"):
            yield from read_jsonl(path)
        else:
            yield Problem(str(path), f"unsupported file type (expected one of {', '.join(SUPPORTED_SUFFIXES)})")
    except OSError as err:
        yield Problem(str(path), f"cannot read: {err.strerror or err}")


class BinaryData(ValueError):
    pass


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode by BOM (UTF-8, UTF-16), else as UTF-8, else as Windows-1256
    (common for Arabic).  Returns the text and the encoding used; raises
    BinaryData for data that is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8"
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise BinaryData("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256"), "cp1256"
    except UnicodeDecodeError:
        raise BinaryData("neither UTF-8 nor Windows-1256 text") from None


def read_txt(path: Path) -> Iterator[Item]:
    try:
        text, encoding = decode_text(path.read_bytes())
    except (BinaryData, UnicodeDecodeError) as err:
        yield Problem(str(path), str(err) if isinstance(err, BinaryData) else f"undecodable text ({err.reason})")
        return
    if not text.strip():
        yield Problem(str(path), "empty file")
        return
    if encoding == "cp1256":
        yield Notice(str(path), "not UTF-8: decoded as Windows-1256 (cp1256)")
    doc_id = path.name[: -len(".txt")] if path.name.lower().endswith(".txt") else path.name
    text, cut = _within_limit(decode_entities(text))
    if cut:
        yield Notice(str(path), f"{cut}: split a text this long into several files to search all of it")
    yield Document(id=doc_id, body=text, title=heading_of(text))


def _within_limit(text: str) -> tuple[str, str]:
    """*text* cut at a word before MAX_DOCUMENT_CHARS, and what was cut ("" when nothing):
    analysis holds a document's every token at once (50 MB of text took 1.5 GB)."""
    if len(text) <= MAX_DOCUMENT_CHARS:
        return text, ""
    cut = text.rfind(" ", 0, MAX_DOCUMENT_CHARS)
    cut = cut if cut > MAX_DOCUMENT_CHARS // 2 else MAX_DOCUMENT_CHARS
    return text[:cut], f"indexed the first {cut:,} characters of {len(text):,}"


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
                if isinstance(item, Document):
                    body, cut = _within_limit(item.body)
                    if cut:
                        yield Notice(str(path), f"line {lineno}: {cut} of its text: "
                                                "split a text this long into several records to search all of it")
                        item = replace(item, body=body)
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
    return read_document(str(doc_id).strip(), text, title or "", metadata)
