"""The scale curve: a bundled query with ``--data`` from 1k to 1M triples, and the index.

For each size, ``generate.py`` clones the bundled data into N occupations, and then
``csrgraph query pay-by-experience --data clones.nt -f csv`` runs in turn with its floor
(``floors/query.py``: bare pyoxigraph bulk-loads the same files and runs the same query
text, with the parameters bound as csrgraph binds them) and its second floor
(``floors/query_click.py``: ``import click``, then the same). Wall time and the child's peak
RSS.

At the largest size it also builds an index once (``csrgraph index``, timed) and compares
``csrgraph query ... --store-dir DIR`` with the fresh parse of ``--data``.

Run: python benchmarks/scale.py [--sizes 1000,10000,100000,1000000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import (
    CSRGRAPH,
    HERE,
    PYTHON,
    Comparison,
    compare,
    describe_children,
    run,
    save,
    table,
    verdict,
)
from cli_paths import QUERY, write_engine_query
from generate import generate

FLOORS = HERE / "floors"


def has_store_dir() -> bool:
    """Tell whether this csrgraph's ``query`` takes ``--store-dir``."""
    shown = subprocess.run(
        [CSRGRAPH, "query", "--help"], capture_output=True, text=True, check=True
    ).stdout
    return "--store-dir" in shown


def curve(sizes: list[int], rounds: int, work: Path) -> list[tuple[int, Comparison, Path]]:
    """Time the bundled query with ``--data`` against its floor at each size."""
    from csrgraph.resources import graph_files

    files = [str(p) for p in graph_files()]
    query_file = str(write_engine_query(work))
    results = []
    for size in sizes:
        data = work / f"clones-{size}.nt"
        occupations, triples = generate(data, size)
        floor_args = [query_file, *files, str(data)]
        comparison = compare(
            f"query --data {triples}",
            [CSRGRAPH, "query", QUERY, "-f", "csv", "--data", str(data)],
            [PYTHON, str(FLOORS / "query.py"), *floor_args],
            rounds,
            floor2=[PYTHON, str(FLOORS / "query_click.py"), *floor_args],
        )
        print(
            f"  {occupations} occupations, {triples} triples: {comparison.median:.3f} s vs "
            f"floor {comparison.floor_median:.3f} s = {comparison.ratio:.2f}x "
            f"(click + engine {comparison.floor2_median:.3f} s = {comparison.ratio2:.2f}x), "
            f"{comparison.peak_mib:.0f} vs {comparison.floor_peak_mib:.0f} MiB",
            file=sys.stderr,
        )
        results.append((triples, comparison, data))
    return results


def index_versus_parse(data: Path, triples: int, rounds: int, work: Path) -> dict[str, object]:
    """Build an index of ``data`` once, then time ``--store-dir`` against ``--data``."""
    folder = work / "index"
    built = run([CSRGRAPH, "index", "--data", str(data), "--store-dir", str(folder)])
    comparison = compare(
        f"query --store-dir ({triples})",
        [CSRGRAPH, "query", QUERY, "-f", "csv", "--store-dir", str(folder)],
        [CSRGRAPH, "query", QUERY, "-f", "csv", "--data", str(data)],
        rounds,
    )
    print(
        f"  index {built.seconds:.1f} s once; --store-dir {comparison.median:.2f} s vs --data "
        f"{comparison.floor_median:.2f} s",
        file=sys.stderr,
    )
    return {
        "triples": triples,
        "index_build_s": round(built.seconds, 3),
        "index_build_peak_mib": round(built.peak_mib, 1),
        **comparison.summary(),
    }


def report(results: list[tuple[int, Comparison, Path]], index: dict[str, object] | None) -> str:
    """Return the Markdown tables of the curve and the index comparison."""
    rows = [
        (
            f"{triples:,}",
            c.median,
            c.floor_median,
            f"{c.ratio:.2f}x {verdict(c.ratio)}",
            c.floor2_median if c.floor2_median is not None else "-",
            "-" if c.ratio2 is None else f"{c.ratio2:.2f}x {verdict(c.ratio2)}",
            round(c.peak_mib),
            round(c.floor_peak_mib),
        )
        for triples, c, _ in results
    ]
    header = (
        "--data triples",
        "query s",
        "floor s",
        "ratio",
        "click + engine s",
        "ratio",
        "MiB",
        "floor MiB",
    )
    text = table(header, rows)
    if index:
        text += "\n\n" + table(
            ("at triples", "index build s", "--store-dir s", "--data s", "speed-up"),
            [
                (
                    f"{index['triples']:,}",
                    index["index_build_s"],
                    index["median_s"],
                    index["floor_median_s"],
                    f"{float(index['floor_median_s']) / float(index['median_s']):.1f}x",
                )
            ],
        )
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Query time and memory by data size.")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (median)")
    parser.add_argument(
        "--large-rounds", type=int, default=3, help="counted rounds at >= 1M triples"
    )
    parser.add_argument("--no-index", action="store_true", help="skip the index comparison")
    args = parser.parse_args(argv)
    print(describe_children(), file=sys.stderr)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-") as folder:
        work = Path(folder)
        small = [s for s in sizes if s < 1_000_000]
        large = [s for s in sizes if s >= 1_000_000]
        results = curve(small, args.rounds, work) + curve(large, args.large_rounds, work)
        index = None
        if not args.no_index and results:
            if has_store_dir():
                triples, _, data = results[-1]
                index = index_versus_parse(data, triples, args.large_rounds, work)
            else:
                print("  (this csrgraph query has no --store-dir; index skipped)", file=sys.stderr)
    save(
        "scale",
        {
            "rounds": args.rounds,
            "large_rounds": args.large_rounds,
            "results": [{"triples": t, **c.summary()} for t, c, _ in results],
            "index": index,
        },
    )
    print(report(results, index))
    return 0


if __name__ == "__main__":
    sys.exit(main())
