#!/usr/bin/env python3
"""Latin-script queries: keyboard slips, Buckwalter, and names typed in Latin
letters, on the news corpus (seeds + 31,030 SaudiNewsNet articles).

    python bench/latin.py                  # reuses bench/out/variants-corpus (bench/variants.py builds it)
    python bench/latin.py --sets check     # only what was never tuned on
    python bench/latin.py --show-failures

**Keyboard slips.**  Words from the index's own vocabulary (the words it
writes, Arabic letters only, three or more, not stop words): the 1,000 most
frequent ("common") and 400 drawn evenly from those in 20-99 documents
("mid"), each typed on the English layout by the key map
(``analyzers.scripts.arabic_to_keyboard``: النفط → ``hgkt'``).  A slip
passes when the top 10 it returns equals the top 10 of the Arabic word,
in order.  The reverse slip is the same from Latin words the index writes
(five documents or more) typed on the Arabic layout (``test`` → «فثسف»),
compared with the Latin word's top 10.  Buckwalter: the same Arabic words
written in Buckwalter (``AlnfT``).

**Not rewritten.**  Every Latin word the index writes in three documents or
more, searched as typed: how many are taken for a slip (they should not be:
``Google`` and ``iPhone`` stay themselves); and every Arabic word above:
how many are read as English typed on the Arabic layout (none should be).

**Latin names.**  bench/data/latin-names.tsv: people, places, companies and
apps with their romanizations and the Arabic spellings the corpus writes.
Relevant: the documents that write one of the Arabic spellings or the Latin
query itself (by the rule of ../shared/eval/variants/mine.py: diacritics
removed, whole words; the Latin case-insensitive); *loose* adds the
spellings with و ف ب ل ك glued on.  recall = relevant found / relevant;
precision = relevant found / found; prec-procl counts the loose set.
"typed first": when the Latin words have hits as typed (documents that
hold them all, not a relaxed search's partial matches), they are the first
results.  The floor is the same query with ``exact=True`` (as typed, what
the engines in BASELINES.md do with a Latin word); the ceiling is the
name's first Arabic spelling typed in Arabic (what the variant layer makes
of an Arabic query: its precision is the best a Latin query can inherit).

Sets: words and names are split into ``tune`` and ``check`` by a hash of the
word (slips) or by hand, before the rules were frozen (names: ``dev`` is
../shared/eval/variants/dev.jsonl's names, ``tune`` the names looked at
while building, ``check`` names never run before).  docs/latin.md has the
latest figures.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchpaths import ROOT, use_variant_tools  # noqa: E402  (puts the project on sys.path)

use_variant_tools()

import mine  # noqa: E402  (the variant collection's matching rule)

from analyzers.chain import forms_of  # noqa: E402
from analyzers.scripts import arabic_to_buckwalter, arabic_to_keyboard, keyboard_to_arabic  # noqa: E402
from index.schema import SURFACE_FIELD  # noqa: E402
from index.store import IndexStore  # noqa: E402
from searcher import QueryError, SearchEngine  # noqa: E402

NAMES = ROOT / "bench" / "data" / "latin-names.tsv"
INDEX = ROOT / "bench" / "out" / "variants-corpus"
COMMON_WORDS, MID_WORDS, MID_RANGE = 1000, 400, (20, 99)
# in the order they were written: each later set held out from the rules made before it
NAME_SETS = ["dev", "tune", "check", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9",
             "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15"]
MIN_LATIN_DOCUMENTS, MIN_REVERSE_DOCUMENTS = 3, 5
REPLACING = {"keyboard", "buckwalter", "latin keyboard"}
_ARABIC_WORD = re.compile("^[\u0621-\u064a]{3,}$")
_LATIN_WORD = re.compile("^[a-z]{2,}$")


def split_of(word: str) -> str:
    return "tune" if hashlib.md5(word.encode()).digest()[0] % 2 == 0 else "check"


# -- vocabulary ----------------------------------------------------------------
def surface_words(index: Path) -> list[tuple[str, int]]:
    """(word, documents) for every written word of the index."""
    store = IndexStore.open(index)
    with store.ix.searcher() as searcher:
        reader = searcher.reader()
        return [(term.decode() if isinstance(term, bytes) else term, info.doc_frequency())
                for term, info in reader.iter_field(SURFACE_FIELD)]


def arabic_words(words: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """(band, word, documents): the common words and an even draw of mid ones."""
    arabic = sorted(((df, w) for w, df in words if _ARABIC_WORD.match(w) and not forms_of(w).stop), reverse=True)
    common = [("common", w, df) for df, w in arabic[:COMMON_WORDS]]
    mid = [(df, w) for df, w in arabic if MID_RANGE[0] <= df <= MID_RANGE[1]]
    step = max(1, len(mid) // MID_WORDS)
    return common + [("mid", w, df) for df, w in mid[::step][:MID_WORDS]]


# -- slips ---------------------------------------------------------------------
@dataclass
class Tally:
    total: int = 0
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, label: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.failures.append(label)

    def rate(self) -> str:
        return f"{self.passed / self.total:.3f}" if self.total else "–"


def top10(engine: SearchEngine, text: str) -> list[str]:
    try:
        return [h.id for h in engine.search(text, limit=10, snippets=False, suggest=False)]
    except QueryError:
        return []


def reading_kind(engine: SearchEngine, text: str) -> str | None:
    try:
        reading = engine.search(text, limit=1, snippets=False, suggest=False).reading
    except QueryError:
        return None
    return reading.kind if reading else None


def run_slips(engine: SearchEngine, words: list[tuple[str, int]], sets: list[str]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}

    def tally(name: str) -> Tally:
        return tallies.setdefault(name, Tally())

    for band, word, _df in arabic_words(words):
        part = split_of(word)
        if part not in sets:
            continue
        expected = top10(engine, word)
        slip = next(iter(arabic_to_keyboard(word)), None)  # لا as its one key
        if slip is not None:
            got = top10(engine, slip)
            tally(f"keyboard slip, {band} words, {part}").add(got == expected, f"{word} as {slip}")
        buckwalter = arabic_to_buckwalter(word)
        if buckwalter is not None:
            got = top10(engine, buckwalter)
            tally(f"Buckwalter, {band} words, {part}").add(got == expected, f"{word} as {buckwalter}")
        kind = reading_kind(engine, word)
        tally(f"Arabic word kept as typed, {part}").add(kind not in REPLACING, f"{word} read as {kind}")
    for word, df in words:
        if not _LATIN_WORD.match(word) or df < MIN_LATIN_DOCUMENTS:
            continue
        part = split_of(word)
        if part not in sets:
            continue
        kind = reading_kind(engine, word)
        tally(f"Latin word kept as typed, {part}").add(kind not in REPLACING, f"{word} read as {kind}")
        if df >= MIN_REVERSE_DOCUMENTS:
            typed = keyboard_to_arabic(word)  # what the keys give with the Arabic layout on
            if typed:
                tally(f"reverse slip (Latin on the Arabic layout), {part}").add(
                    top10(engine, typed) == top10(engine, word), f"{word} as {typed}")
    return tallies


# -- names ---------------------------------------------------------------------
@dataclass
class Name:
    part: str
    kind: str
    queries: list[str]
    forms: list[str]


def load_names(path: Path) -> list[Name]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        part, kind, queries, forms = line.split("\t")[:4]
        names.append(Name(part, kind, queries.split("|"), forms.split("|")))
    return names


def latin_docs(query: str, docs: list[tuple[str, str]]) -> set[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", query.strip()) if w]
    rx = re.compile(r"(?<![A-Za-z0-9])" + r"[\s\-]+".join(words) + r"(?![A-Za-z0-9])", re.IGNORECASE)
    first = words[0].lower().replace("\\", "")
    return {doc_id for doc_id, text in docs if first in text.lower() and rx.search(text)}


def run_names(engine: SearchEngine, names: list[Name], sets: list[str], show: bool) -> list[dict]:
    wanted = [n for n in names if n.part in sets]
    # mine.py names the sample articles by file name, the index by stem
    docs = [(doc_id.removesuffix(".txt"), text) for doc_id, text in mine.load_corpus()]
    rows = []
    for name in wanted:
        strict: set[str] = set()
        loose: set[str] = set()
        for form in name.forms:
            strict |= set(mine.docs_with_form(form, docs))
            loose |= set(mine.docs_with_form(form, docs, proclitics=True))
        for query in name.queries:
            as_latin = latin_docs(query, docs)
            relevant = strict | as_latin
            loose_relevant = loose | relevant
            for mode in ("floor", "arabic", "arsearch"):
                text = name.forms[0] if mode == "arabic" else query
                try:
                    results = engine.search(text, limit=None, snippets=False, suggest=False, exact=mode == "floor")
                except QueryError:
                    results = []
                found = [h.id for h in results]
                hit = len(set(found) & relevant)
                row = {"set": name.part, "kind": name.kind, "query": query, "mode": mode,
                       "recall": hit / len(relevant) if relevant else 0.0,
                       "precision": hit / len(found) if found else 0.0,
                       "prec_procl": len(set(found) & loose_relevant) / len(found) if found else 0.0,
                       "found": len(found), "relevant": len(relevant),
                       "reading": getattr(getattr(results, "reading", None), "text", None)}
                if mode == "arsearch":
                    # hits as typed: what the words typed match whole (not a relaxed search's partial matches)
                    as_typed = engine.search(query, limit=None, snippets=False, suggest=False, exact=True)
                    typed = [h.id for h in as_typed] if as_latin and not as_typed.relaxed else []
                    row["typed_first"] = None if not typed else set(found[:len(typed)]) == set(typed)
                rows.append(row)
            if show:
                r = rows[-1]
                print(f"  {name.part:5} {query:28} recall {r['recall']:.2f} precision {r['precision']:.2f} "
                      f"found {r['found']:5} relevant {r['relevant']:5} → {r['reading']}", file=sys.stderr)
    return rows


def mean(values: list[float]) -> str:
    return f"{statistics.fmean(values):.3f}" if values else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=INDEX, help="the index of seeds + news (bench/variants.py)")
    parser.add_argument("--sets", nargs="+", choices=NAME_SETS, default=NAME_SETS)
    parser.add_argument("--only", choices=["slips", "names"], help="run one half")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    if not IndexStore.exists(args.index):
        sys.exit(f"no index at {args.index}: build it with python bench/variants.py (or arsearch index)")
    with SearchEngine.open(args.index) as engine:
        if args.only != "names":
            tallies = run_slips(engine, surface_words(args.index), args.sets)
            print("| slips | queries | passed | rate |")
            print("|---|---|---|---|")
            for label in sorted(tallies):
                t = tallies[label]
                print(f"| {label} | {t.total} | {t.passed} | {t.rate()} |")
                if args.show_failures and t.failures:
                    print("    " + "; ".join(t.failures[:25]), file=sys.stderr)
            print()
        if args.only != "slips":
            rows = run_names(engine, load_names(NAMES), args.sets, args.show_failures)
            print("| names | engine | kind | queries | recall | precision | prec-procl | typed first |")
            print("|---|---|---|---|---|---|---|---|")
            for part in [p for p in NAME_SETS if p in args.sets]:
                for mode, label in (("floor", "as typed (exact)"), ("arabic", "Arabic spelling typed"),
                                    ("arsearch", "arsearch")):
                    picked = [r for r in rows if r["set"] == part and r["mode"] == mode]
                    for kind in ["person", "place", "company", "app", "all"]:
                        sel = [r for r in picked if kind in ("all", r["kind"])]
                        if not sel:
                            continue
                        firsts = [r["typed_first"] for r in sel if r.get("typed_first") is not None]
                        first = f"{sum(firsts)}/{len(firsts)}" if firsts else "–"
                        print(f"| {part} | {label} | {kind} | {len(sel)} | {mean([r['recall'] for r in sel])} | "
                              f"{mean([r['precision'] for r in sel])} | {mean([r['prec_procl'] for r in sel])} | "
                              f"{first if mode == 'arsearch' else '–'} |")


if __name__ == "__main__":
    main()
