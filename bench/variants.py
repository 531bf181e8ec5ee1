#!/usr/bin/env python3
"""Spelling-variant recall and precision on variant groups, scored by the
collection's own ../shared/eval/variants/score.py.

    python bench/variants.py                  # dev, tune and check groups; builds the index if missing
    python bench/variants.py --sets check     # only the groups never tuned on
    python bench/variants.py --in-process     # the same metrics, queries run through the library (fast)
    python bench/variants.py --rebuild

Group sets: ``dev`` is ../shared/eval/variants/dev.jsonl; ``tune`` and
``check`` are bench/data/variants-{tune,check}.jsonl, groups mined with the
collection's mine.py (its candidate lists, read by hand, relevant sets by its
matching rule) and split in two by a hash of the group name.  Rules are tuned
on ``tune`` (and dev) only; ``check`` says whether they hold on names never
looked at (docs/variants.md).

Runs three engines: the exact-spelling floor (``--baseline exact``), arsearch
with ``--exact`` (normalisation and stemming only) and arsearch as a user
gets it.  By default each form is one ``arsearch search --format ids --all``
process, as score.py describes.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from benchpaths import ROOT, SHARED, VARIANT_TOOLS, use_variant_tools  # noqa: E402  (puts the project on sys.path)
INDEX = ROOT / "bench" / "out" / "variants-corpus"
SETS = {"dev": VARIANT_TOOLS / "dev.jsonl", "tune": ROOT / "bench" / "data" / "variants-tune.jsonl",
        "check": ROOT / "bench" / "data" / "variants-check.jsonl"}
KINDS = ["orthographic", "compound-spacing", "long-vowel", "loanword-consonant", "notation", "overall"]


def build(rebuild: bool, index: Path) -> None:
    if index.exists() and not rebuild:
        return
    subprocess.run(
        [sys.executable, "-m", "searcher", "index", str(SHARED / "corpus" / "seeds"),
         str(SHARED / "corpus" / "saudinewsnet.jsonl.gz"), "--index", str(index), "--rebuild", "--procs", "2"],
        cwd=ROOT, check=True,
    )


def score(groups: Path, extra: list[str], by: str, index: Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        summary = Path(out.name)
    command = [sys.executable, str(VARIANT_TOOLS / "score.py"), str(groups), "--json", str(summary),
               "--jobs", "2", "--by", by]
    if extra == ["--baseline"]:
        command += ["--baseline", "exact"]
    else:
        cli = [sys.executable, "-m", "searcher", "search", "--format", "ids", "--all", "--index", str(index), *extra]
        command += ["--cmd", shlex.join(cli) + " {query}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"score.py failed:\n{result.stderr}")
    print(result.stdout, file=sys.stderr)
    return json.loads(summary.read_text())


def score_in_process(groups: Path, exact: bool | None, by: str, index: Path, per_query: Path | None = None) -> dict:
    """score.py's metrics, with each form searched through the library (one
    index open for all): the figures of the command-line run, minutes faster."""
    use_variant_tools()
    import score as collection  # noqa: E402  (../shared/eval/variants/score.py)

    from searcher import SearchEngine, QueryError

    rows = []
    with SearchEngine.open(index) as engine:
        for group in collection.load_groups(str(groups)):
            relevant = {collection.norm_id(d) for d in group["docs"]}
            loose = relevant | {collection.norm_id(d) for d in group.get("docs_proclitic", [])}
            for form, own in zip(group["forms"], group["form_docs"]):
                if exact is None:
                    found = {collection.norm_id(d) for d in own}
                else:
                    try:
                        hits = engine.search(form, limit=None, snippets=False, exact=exact, suggest=False)
                        found = {collection.norm_id(h.id) for h in hits}
                    except QueryError:
                        found = set()
                row = collection.query_metrics(found, relevant, {collection.norm_id(d) for d in own}, loose)
                row.update(group=group["group"], kind=group["kind"], kinds=group["kinds"], query=form,
                           found=len(found), relevant=len(relevant))
                rows.append(row)
    if per_query:
        with per_query.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write("\t".join(str(row[k]) for k in ("group", "kind", "query", "found", "relevant", "recall",
                                                          "var_recall", "precision", "prec_proclitic")) + "\n")
    summary = collection.summarize(rows, by)
    collection.print_summary(summary, [])
    return {"summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--index", type=Path, default=INDEX, help="the index of seeds + news (built if missing)")
    parser.add_argument("--by", choices=["kind", "kinds"], default="kind")
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=["dev", "tune", "check"])
    parser.add_argument("--in-process", action="store_true", help="search through the library, not one process a form")
    parser.add_argument("--only-arsearch", action="store_true", help="skip the floor and --exact runs")
    parser.add_argument("--per-query", type=Path, help="with --in-process: a TSV line per query (arsearch run), "
                        "one file per set (FILE.dev, FILE.tune, ...)")
    args = parser.parse_args()
    build(args.rebuild, args.index)
    engines = [("exact-spelling floor", None), ("arsearch --exact", True), ("arsearch", False)]
    if args.only_arsearch:
        engines = engines[2:]
    print("| groups | engine | kind | queries | recall | var-recall | precision | prec-procl |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.sets:
        for label, exact in engines:
            print(f"## {name}: {label}", file=sys.stderr)
            if args.in_process:
                per_query = args.per_query.with_name(f"{args.per_query.name}.{name}") if args.per_query else None
                summary = score_in_process(SETS[name], exact, args.by, args.index, per_query if exact is False else None)
            else:
                extra = ["--baseline"] if exact is None else ["--exact"] if exact else []
                summary = score(SETS[name], extra, args.by, args.index)
            rows = {entry["kind"]: entry for entry in summary["summary"]}
            for kind in [k for k in KINDS if k in rows]:
                row = rows[kind]

                def f(key: str) -> str:
                    value = row.get(key)
                    return "–" if value is None else f"{value:.3f}"

                print(f"| {name} | {label} | {kind} | {row['queries']} | {f('recall')} | "
                      f"{f('var_recall')} | {f('precision')} | {f('prec_proclitic')} |", flush=True)


if __name__ == "__main__":
    main()
