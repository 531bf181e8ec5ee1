#!/usr/bin/env python3
"""Spelling-variant recall and precision on ../shared/eval/variants/dev.jsonl.

    python bench/variants.py            # builds bench/out/variants-corpus (seeds + news) if missing
    python bench/variants.py --rebuild

Runs the collection's own score.py three ways: the exact-spelling floor
(``--baseline exact``), arsearch with ``--exact`` (normalisation and stemming
only: no variants, compounds or aliases), and arsearch as a user gets it.
Each form is one ``arsearch search --format ids --all`` process, as score.py
describes.  Results: docs/variants.md.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VARIANTS = SHARED / "eval" / "variants"
INDEX = ROOT / "bench" / "out" / "variants-corpus"
KINDS = ["orthographic", "compound-spacing", "long-vowel", "loanword-consonant", "notation", "overall"]


def build(rebuild: bool) -> None:
    if INDEX.exists() and not rebuild:
        return
    subprocess.run(
        [sys.executable, "-m", "searcher", "index", str(SHARED / "corpus" / "seeds"),
         str(SHARED / "corpus" / "saudinewsnet.jsonl.gz"), "--index", str(INDEX), "--rebuild", "--procs", "2"],
        cwd=ROOT, check=True,
    )


def score(label: str, extra: list[str], by: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        summary = Path(out.name)
    command = [sys.executable, str(VARIANTS / "score.py"), str(VARIANTS / "dev.jsonl"), "--json", str(summary),
               "--jobs", "2", "--by", by]
    if extra == ["--baseline"]:
        command += ["--baseline", "exact"]
    else:
        cli = [sys.executable, "-m", "searcher", "search", "--format", "ids", "--all", "--index", str(INDEX), *extra]
        command += ["--cmd", shlex.join(cli) + " {query}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"score.py failed for {label}:\n{result.stderr}")
    print(f"## {label}\n\n{result.stdout}", file=sys.stderr)
    return json.loads(summary.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--by", choices=["kind", "kinds"], default="kind")
    args = parser.parse_args()
    build(args.rebuild)
    runs = {
        "exact-spelling floor": score("floor", ["--baseline"], args.by),
        "arsearch --exact": score("exact", ["--exact"], args.by),
        "arsearch": score("arsearch", [], args.by),
    }
    print("| engine | kind | queries | recall | var-recall | precision | prec-procl |")
    print("|---|---|---|---|---|---|---|")
    for label, summary in runs.items():
        rows = {entry["kind"]: entry for entry in summary["summary"]}
        for kind in [k for k in KINDS if k in rows]:
            row = rows[kind]

            def f(key: str) -> str:
                value = row.get(key)
                return "–" if value is None else f"{value:.3f}"

            print(f"| {label} | {kind} | {row['queries']} | {f('recall')} | "
                  f"{f('var_recall')} | {f('precision')} | {f('prec_proclitic')} |")


if __name__ == "__main__":
    main()
