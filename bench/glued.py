#!/usr/bin/env python3
"""Glued particles: does a bare name or place find the articles that write it
with و، ف، ب، ل or ك glued on, and is what it returns about that word?

    python bench/glued.py                 # reuses bench/out/variants-corpus (bench/variants.py builds it)
    python bench/glued.py --split check   # only the words never tuned on

Words: bench/data/glued-words.tsv (countries, cities, people), split into a
tuning half and a check half by a hash of the word, not by hand.  For each
word, over the 31,035 documents of ../shared/corpus:

* relevant: the documents that write the word bare or with [وف]?[بلك]? glued
  on (and لل for an ال-word), diacritics removed, nothing else normalised:
  the proclitic rule of ../shared/eval/variants/mine.py;
* glued-only: the relevant documents that never write it bare (what a
  search without particle handling misses);
* plausible: the documents that write the word or its family in any spelling
  (hamza seats, ى/ي, ة/ه, an inner long vowel written or not: أمريكا /
  أميركا), with or without article and particles, with nisba and plural
  endings (تركيا: تركي، التركية; الأتراك is not found); the bare stem of a
  country in يا (ترك "left", سور "wall") is not its family.

recall = relevant found / relevant; glued recall = glued-only found / glued-only;
precision = plausible among returned / returned.  The query is the word as a
user types it, through the library (``SearchEngine.search``, every match).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

from benchpaths import ROOT, use_variant_tools  # noqa: E402  (puts the project on sys.path)

use_variant_tools()

import mine  # noqa: E402  (the variant collection's matching rule)

from searcher import SearchEngine  # noqa: E402

WORDS = ROOT / "bench" / "data" / "glued-words.tsv"
INDEX = ROOT / "bench" / "out" / "variants-corpus"

_ORTHO = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ي": "[يىئ]", "ى": "[يى]",
          "ة": "[ةه]", "ه": "[هة]", "ئ": "[ئي]", "ؤ": "[ؤو]"}
_ANY_ENDING = "(?:ي|ى|ية|يه|يين|يون|يان|يات|ان|ين|ون|ات|ه|ها|هم|ا)?"
_NISBA = "(?:يا|ي|ى|ية|يه|يين|يون|يان|يات)"


def _ortho(text: str) -> str:
    """A regex for *text* in any spelling: hamza seats, ى/ي, ة/ه, and long
    vowels written or left out inside the word (أمريكا / أميركا, ترامب / ترمب)."""
    out = []
    for i, ch in enumerate(text):
        if 0 < i < len(text) - 1 and ch in "اوي":
            out.append("[اوي]?")
        else:
            out.append(_ORTHO.get(ch, re.escape(ch)))
        if 0 < i < len(text) - 1:
            out.append("[اوي]?")
    return "".join(out)


def family_regex(word: str) -> re.Pattern[str]:
    """The word and its family in any spelling, with particles and article."""
    base = word[2:] if word.startswith("ال") and len(word) > 4 else word
    if base.endswith("يا"):
        family = _ortho(base[:-2]) + _NISBA
    elif base[-1] in "ةه":
        family = _ortho(base[:-1]) + "(?:ة|ه|ي|ية|يه|يين|يون|ات|ت|تي|ته|تها)"
    else:
        family = _ortho(base) + _ANY_ENDING
    return re.compile(r"(?<!\w)(?:[وف]?[بلك]?)(?:ال|ل)?" + family + r"(?!\w)")


def load_words(split: str | None) -> list[tuple[str, str, str]]:
    rows = []
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, kind, part = line.split("\t")
            if split in (None, part):
                rows.append((word, kind, part))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["tune", "check"])
    parser.add_argument("--index", type=Path, default=INDEX)
    parser.add_argument("--words", nargs="*", help="only these words")
    args = parser.parse_args()
    if not args.index.exists():
        sys.exit(f"no index at {args.index}: run python bench/variants.py first (it builds it)")
    rows = load_words(args.split)
    if args.words:
        rows = [r for r in rows if r[0] in args.words]
    started = time.perf_counter()
    docs = mine.load_corpus()
    print(f"# corpus loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    texts = {doc_id.removesuffix(".txt"): text for doc_id, text in docs}
    results: dict[str, list[dict[str, float]]] = {}
    print("| word | kind | split | relevant | glued-only | recall | glued recall | returned | precision |")
    print("|---|---|---|---|---|---|---|---|---|")
    with SearchEngine.open(args.index) as engine:
        for word, kind, part in rows:
            relevant = set(mine.docs_with_form(word, docs, proclitics=True))
            bare = set(mine.docs_with_form(word, docs))
            glued = relevant - bare
            family = family_regex(word)
            returned = {hit.id for hit in engine.search(word, limit=None, snippets=False, suggest=False)}
            returned = {doc_id.removesuffix(".txt") for doc_id in returned}
            relevant = {d.removesuffix(".txt") for d in relevant}
            glued = {d.removesuffix(".txt") for d in glued}
            plausible = {d for d in returned if family.search(texts[d])}
            row = {
                "recall": len(returned & relevant) / len(relevant) if relevant else 1.0,
                "glued": len(returned & glued) / len(glued) if glued else 1.0,
                "precision": len(plausible) / len(returned) if returned else 0.0,
            }
            results.setdefault(part, []).append(row)
            print(f"| {word} | {kind} | {part} | {len(relevant)} | {len(glued)} | {row['recall']:.3f} | "
                  f"{row['glued']:.3f} | {len(returned)} | {row['precision']:.3f} |", flush=True)
    print()
    print("| split | words | mean recall | min recall | mean glued recall | mean precision | min precision |")
    print("|---|---|---|---|---|---|---|")
    for part, rs in sorted(results.items()):
        print(f"| {part} | {len(rs)} | {statistics.mean(r['recall'] for r in rs):.3f} | "
              f"{min(r['recall'] for r in rs):.3f} | {statistics.mean(r['glued'] for r in rs):.3f} | "
              f"{statistics.mean(r['precision'] for r in rs):.3f} | {min(r['precision'] for r in rs):.3f} |")


if __name__ == "__main__":
    main()
