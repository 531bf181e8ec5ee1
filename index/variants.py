"""The variant table: the index's own vocabulary grouped by variant key.

Built from the terms of the ``text`` field after every commit and stored
beside the index as ``variants.json``, so a query can look up, in one step,
the spellings of a word that the index actually contains.  Which of them a
query may use is the query layer's decision (``searcher/plan.py``).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from whoosh.reading import IndexReader

from analyzers.variants import MIN_VARIANT_LENGTH, variant_key

from .schema import TEXT_FIELD

VARIANTS_FILE = "variants.json"
TABLE_FORMAT = 4  # bump when what the table holds changes; older files are rebuilt

VariantTable = dict[str, list[tuple[str, int]]]  # key → [(term, document frequency)], most frequent first


def build_variant_table(reader: IndexReader) -> VariantTable:
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for raw, info in reader.iter_field(TEXT_FIELD):
        term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if len(term) >= MIN_VARIANT_LENGTH and not any(ch.isdigit() for ch in term):
            groups[variant_key(term)].append((term, info.doc_frequency()))
    # Keys with one spelling are kept: a query may be written in a spelling the
    # index lacks (عبدالرزاق) and find the one it holds (عبدالرازق).
    return {key: sorted(terms, key=lambda t: (-t[1], t[0])) for key, terms in groups.items()}


def save_variant_table(folder: Path, table: VariantTable, generation: int) -> None:
    """Write the table for index *generation* (atomically: readers never see half a file)."""
    tmp = folder / (VARIANTS_FILE + ".tmp")
    payload = {"format": TABLE_FORMAT, "generation": generation, "table": table}
    tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, folder / VARIANTS_FILE)


def load_variant_table(folder: Path, generation: int) -> VariantTable | None:
    """The stored table if it was built for *generation*, else None."""
    try:
        raw = json.loads((folder / VARIANTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("generation") != generation or raw.get("format") != TABLE_FORMAT:
        return None
    return {key: [(term, int(df)) for term, df in terms] for key, terms in raw["table"].items()}
