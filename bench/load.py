#!/usr/bin/env python3
"""Many clients at once against ``arsearch serve`` on loopback.

    python bench/load.py                       # reuses bench/out/variants-corpus (bench/variants.py builds it)
    python bench/load.py --seconds 5           # shorter runs
    python bench/load.py --facets source,month,day   # each query also counts what the page shows beside results

For each server (``--workers 1`` and ``--workers 2``) and each number of
clients (1, 4, 16), client threads send ordinary queries (XQuAD-ar questions
and frequent news words, drawn in turn) for ``--seconds`` and record each
answer's time; with 16 clients the run is repeated beside 2 more clients
sending expensive queries (``ال*``: 29,000 documents; a one-letter prefix
and a range over the whole vocabulary, which the server refuses).  Printed:
ordinary queries per second, their p50 and p95, and how the expensive ones
were answered.  Everything stops by itself: each run is bounded in time, the
server is stopped after its runs.  Loopback only.  docs/performance.md has
the latest figures.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchpaths import ROOT, SHARED  # noqa: E402
INDEX = ROOT / "bench" / "out" / "variants-corpus"
EXPENSIVE = ["ال*", "ا*", "title:[ا TO ي]"]
CLIENTS = (1, 4, 16)
EXPENSIVE_CLIENTS = 2
START_SECONDS = 60


def ordinary_queries(count: int = 200) -> list[str]:
    questions = [line.split("\t", 1)[1].strip()
                 for line in (SHARED / "eval" / "xquad-ar" / "queries.tsv").read_text(encoding="utf-8").splitlines()
                 if "\t" in line]
    return questions[:count]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(index: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "searcher", "serve", "--index", str(index), "--port", str(port),
                               "--workers", str(workers)], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        sys.exit("the server did not start")
    # warm every worker: the first searches open the index's files and tables
    for q in ordinary_queries(20 * workers):
        get(base, q)
    return server, base


FACETS = ""  # --facets: what each ordinary query also asks to count, as the page does ("source,month,day")


def get(base: str, q: str) -> tuple[float, int, dict]:
    params = {"q": q, "limit": 10, **({"facets": FACETS} if FACETS else {})}
    url = base + "/api/search?" + urllib.parse.urlencode(params)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = json.loads(response.read())
            status = response.status
    except urllib.error.HTTPError as err:
        status, body = err.code, {}
    return time.perf_counter() - start, status, body


def run(base: str, clients: int, expensive: int, seconds: float) -> dict:
    queries = ordinary_queries()
    stop = time.monotonic() + seconds
    ordinary: list[float] = []
    costly: list[tuple[float, int]] = []
    errors: list[int] = []
    lock = threading.Lock()

    def client(n: int, pool: list[str], out: list) -> None:
        i = n
        while time.monotonic() < stop:
            elapsed, status, _ = get(base, pool[i % len(pool)])
            i += clients + expensive
            with lock:
                if status >= 500:
                    errors.append(status)
                out.append(elapsed if out is ordinary else (elapsed, status))

    threads = [threading.Thread(target=client, args=(n, queries, ordinary)) for n in range(clients)]
    threads += [threading.Thread(target=client, args=(n, EXPENSIVE, costly)) for n in range(expensive)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    ordinary.sort()
    return {
        "count": len(ordinary), "qps": len(ordinary) / wall,
        "p50": statistics.median(ordinary) * 1000 if ordinary else float("nan"),
        "p95": ordinary[int(0.95 * (len(ordinary) - 1))] * 1000 if ordinary else float("nan"),
        "expensive": costly, "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=INDEX)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--facets", default="", help="facets each ordinary query asks for, e.g. source,month,day "
                        "(what the search page asks)")
    args = parser.parse_args()
    global FACETS
    FACETS = args.facets
    if not (args.index / "arsearch.json").exists():
        sys.exit(f"no index at {args.index}: build it with python bench/variants.py")
    print("| workers | clients | expensive clients | ordinary queries/s | p50 ms | p95 ms | expensive answers | 5xx |")
    print("|---|---|---|---|---|---|---|---|")
    for workers in args.workers:
        server, base = start_server(args.index, workers)
        try:
            for clients in CLIENTS:
                for expensive in ((0, EXPENSIVE_CLIENTS) if clients == max(CLIENTS) else (0,)):
                    r = run(base, clients, expensive, args.seconds)
                    answers = "–"
                    if r["expensive"]:
                        slowest = max(e for e, _ in r["expensive"])
                        kinds = sorted({s for _, s in r["expensive"]})
                        answers = f"{len(r['expensive'])} (status {', '.join(map(str, kinds))}; slowest {slowest:.1f} s)"
                    print(f"| {workers} | {clients} | {expensive} | {r['qps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                          f"{answers} | {len(r['errors'])} |", flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
