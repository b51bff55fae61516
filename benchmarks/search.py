"""Search: `csrgraph.search` on an index folder, against a bare SQLite FTS5 MATCH floor.

Builds the search index of an index folder (``build_search_index``, timed once: it reads
every name, code and scheme of the store and writes the SQLite file) into a temporary file,
so the index folder itself is only read. Then, in one process, times each query of
:data:`QUERIES` (exact names, starts of names, words, codes, substrings, typos) ``--rounds``
times, alternating with the floor: the same FTS5 ``MATCH`` of the query's words as prefixes
on the same file in bare ``sqlite3``, the first 20 rows (no tiers, no ranking, no filters,
no near misses, no check of the index's fingerprint). Prints the median latency of each
query and of all, the ratio to the floor, and the typos' recall (whether the first hit is
the name meant). The goal: every search under 100 ms at the size of the whole O*NET and
ESCO imports.

Run: python benchmarks/search.py --store-dir ../../fullsize/index [--rounds 30]
     python benchmarks/search.py --quick    (an index of the bundled graph, a few rounds)
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _harness import save, table

#: (query, what it exercises, for a typo: the start of the name the first hit should have)
QUERIES: list[tuple[str, str, str | None]] = [
    ("customer service representative", "exact", None),
    ("Kundendienstmitarbeiter", "prefix, German", None),
    ("cashier", "exact, many", None),
    ("a", "one letter", None),
    ("data analyst", "prefix", None),
    ("telephone orders", "words", None),
    ("43-4051", "SOC code", None),
    ("43-4051.00", "O*NET-SOC code", None),
    ("4222", "ISCO code", None),
    ("dienstmitarbeiter", "substring", None),
    ("custmer service", "typo", "customer service"),
    ("kundendeinst", "typo, German compound", "kundendienst"),
    ("acountant", "typo", "accountant"),
    ("recepcionist", "typo", "receptionist"),
    ("managment analyst", "typo", "management analyst"),
    ("welidng", "typo", "welding"),
]


#: The fields of a query's row in the saved results.
COLUMNS = ("query", "what", "hits", "first", "median_ms", "floor_ms", "max_ms")


def floor(db: sqlite3.Connection, text: str) -> int:
    """The floor: the FTS5 MATCH of the words as prefixes, 20 rows, in bare sqlite3."""
    import re

    query = " AND ".join(f'"{w}"*' for w in re.findall(r"\w+", text.casefold()))
    return len(
        db.execute("SELECT rowid FROM words WHERE words MATCH ? LIMIT 20", [query]).fetchall()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-dir", help="an index folder (csrgraph index)")
    parser.add_argument("--search-index", help="use this search index file (no build)")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="the bundled graph, 3 rounds")
    args = parser.parse_args()

    from csrgraph.graph.index import build_index
    from csrgraph.search import build_search_index, search
    from csrgraph.search.text import fold

    temporary = tempfile.TemporaryDirectory(prefix="csrgraph-bench-search-")
    work = Path(temporary.name)
    rounds = 3 if args.quick else args.rounds
    if args.quick:
        store_dir = work / "index"
        build_index([], store_dir)
    elif args.store_dir:
        store_dir = Path(args.store_dir)
    else:
        parser.error("give --store-dir DIR (an index folder) or --quick")
    built = None
    if args.search_index:
        path = Path(args.search_index)
    else:
        start = time.perf_counter()
        path = build_search_index(store_dir, work / "search.sqlite")
        built = time.perf_counter() - start
        print(f"search index built in {built:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    names = db.execute("SELECT count(*) FROM entry").fetchone()[0]
    search("warm up", store_dir=store_dir, index_file=path)  # imports, the first page reads

    rows = []
    ours_all: list[float] = []
    floor_all: list[float] = []
    recall = []
    for text, what, meant in QUERIES:
        ours, bare = [], []
        hits = []
        for _ in range(rounds):
            start = time.perf_counter()
            hits = search(text, store_dir=store_dir, index_file=path)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            floor(db, text)
            bare.append(time.perf_counter() - start)
        median, base = statistics.median(ours), statistics.median(bare)
        ours_all += ours
        floor_all += bare
        first = hits[0].label if hits else ""
        if meant is not None:
            recall.append(fold(first).startswith(meant))
        rows.append(
            [text, what, len(hits), first[:40], median * 1000, base * 1000, max(ours) * 1000]
        )
    print(f"{names:,} names; {rounds} rounds per query (milliseconds)")
    print(table(["query", "what", "hits", "first hit", "median ms", "floor ms", "max ms"], rows))
    total, total_floor = statistics.median(ours_all), statistics.median(floor_all)
    slowest = max(r[4] for r in rows)
    print(
        f"\nall queries: median {total * 1000:.1f} ms, floor {total_floor * 1000:.2f} ms; "
        f"slowest query's median {slowest:.1f} ms (goal: under 100 ms); "
        f"typos found: {sum(recall)} of {len(recall)}"
    )
    saved = save(
        "search" + ("_quick" if args.quick else ""),
        {
            "names": names,
            "rounds": rounds,
            "build_seconds": built,
            "median_ms": total * 1000,
            "floor_median_ms": total_floor * 1000,
            "slowest_query_median_ms": slowest,
            "typos_found": [sum(recall), len(recall)],
            "queries": [dict(zip(COLUMNS, r, strict=True)) for r in rows],
        },
    )
    print(f"saved {saved}")
    db.close()
    temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
