"""Cold wall time of each CLI path against its floor, measured in the same run.

| path | floor |
|---|---|
| ``csrgraph --help`` | ``python -c "import click"`` |
| ``csrgraph queries`` | ``python -c "import click"`` |
| ``csrgraph query pay-by-experience`` | bare pyoxigraph: same files, same query text, CSV |
| ``csrgraph validate`` | bare pyshacl call on the same files (rdflib parse, same options) |
| ``csrgraph export`` | bare pyoxigraph: load the same files, dump Turtle |

Each pair runs alternately (A B A B), one uncounted warm-up each, median of ``--rounds``.

Run: python benchmarks/cli_paths.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _harness import CSRGRAPH, HERE, PYTHON, Comparison, compare, save, table, verdict

FLOORS = HERE / "floors"
#: The bundled query every query benchmark runs.
QUERY = "pay-by-experience"


def engine_text(name: str = QUERY, lang: str = "en") -> str:
    """Return the exact text csrgraph's engine evaluates for a bundled query.

    Parameters bound as csrgraph binds them (a ``VALUES`` block for FILTER-only ones), so the
    floor does the same query work without csrgraph's code.
    """
    from csrgraph.catalog import get_query
    from csrgraph.sparql import bind_parameters, inject_values

    query = get_query(name)
    return inject_values(query.text, bind_parameters(query, {}, lang))


def write_engine_query(folder: Path, name: str = QUERY) -> Path:
    """Write :func:`engine_text` to ``folder/<name>.rq`` and return the path."""
    target = folder / f"{name}.rq"
    target.write_text(engine_text(name), encoding="utf-8")
    return target


def measure(rounds: int, work: Path) -> list[Comparison]:
    """Run every CLI path against its floor."""
    from csrgraph.resources import graph_files, shapes_files

    files = [str(p) for p in graph_files()]
    shapes = [str(p) for p in shapes_files()]
    query_file = str(write_engine_query(work))
    click_floor = [PYTHON, "-c", "import click"]
    cases = [
        ("--help", [CSRGRAPH, "--help"], click_floor, (0,)),
        ("queries", [CSRGRAPH, "queries"], click_floor, (0,)),
        (
            f"query {QUERY}",
            [CSRGRAPH, "query", QUERY, "-f", "csv"],
            [PYTHON, str(FLOORS / "query.py"), query_file, *files],
            (0,),
        ),
        (
            "validate",
            [CSRGRAPH, "validate"],
            [PYTHON, str(FLOORS / "validate.py"), *shapes, *files],
            (0,),
        ),
        (
            "export",
            [CSRGRAPH, "export"],
            [PYTHON, str(FLOORS / "export.py"), *files],
            (0,),
        ),
    ]
    results = []
    for name, command, floor, accept in cases:
        comparison = compare(name, command, floor, rounds, accept=accept)
        print(
            f"  {name}: {comparison.median:.3f} s vs floor {comparison.floor_median:.3f} s "
            f"= {comparison.ratio:.2f}x",
            file=sys.stderr,
        )
        results.append(comparison)
    return results


def report(results: list[Comparison]) -> str:
    """Return the Markdown table of the CLI paths."""
    rows = [
        (
            f"`csrgraph {c.name}`",
            c.median,
            c.floor_median,
            f"{c.ratio:.2f}x",
            verdict(c.ratio),
            round(c.peak_mib),
        )
        for c in results
    ]
    header = ("path", "median s", "floor s", "ratio", "<=1.2x", "peak MiB")
    return table(header, rows)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="CLI paths against their floors.")
    parser.add_argument("--rounds", type=int, default=7, help="counted rounds (median)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-") as work:
        results = measure(args.rounds, Path(work))
    save("cli_paths", {"rounds": args.rounds, "results": [c.summary() for c in results]})
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
