"""Aliases files: spellings of one name that no rule connects.

Plain text, one name a line, its spellings separated by ``|``; ``#`` starts a
comment.  For example::

    # Libyan chief of staff
    الناظوري | الناضوري

arsearch reads the bundled ``searcher/aliases.txt``, then ``aliases.txt`` in
the index folder, then any file given with ``--aliases`` / ``aliases=``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from analyzers import analyze
from analyzers.chain import DEFAULT_ANALYSIS, LIGHT, ArabicAnalysis

from .errors import AliasesError

ALIASES_FILE = "aliases.txt"
BUNDLED_ALIASES = Path(__file__).with_name(ALIASES_FILE)

# An entry: each spelling as its index terms (a phrase when several).
AliasEntry = list[list[str]]


def content_terms(spelling: list[str], analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> list[str]:
    """The terms a query's words are compared with (stop words are not query units)."""
    return [t for t in spelling if t not in analysis.stop_words]


def parse_aliases(text: str, source: str = "aliases", analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> list[AliasEntry]:
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spellings = [[t.token for t in analyze(part, analysis.analyzer(LIGHT))] for part in line.split("|")]
        spellings = [s for s in spellings if s]
        if len(spellings) < 2:
            raise AliasesError(f"{source}:{lineno}: an alias line needs two or more spellings separated by |")
        entries.append(spellings)
    return entries


def load_aliases(paths: Iterable[str | os.PathLike[str]],
                 analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> list[AliasEntry]:
    """Entries from every existing file in *paths*, longest spellings first
    (so that a three-word name wins over a one-word part of it), as the
    index's *analysis* writes their terms."""
    entries: list[AliasEntry] = []
    for path in map(Path, paths):
        if path.is_file():
            try:
                entries += parse_aliases(path.read_text(encoding="utf-8-sig"), str(path), analysis)
            except (OSError, UnicodeDecodeError) as err:
                raise AliasesError(f"cannot read aliases file {path}: {err}") from None
    return sorted(entries, key=lambda e: -max(len(content_terms(s, analysis)) for s in e))
