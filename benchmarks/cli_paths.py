"""Cold wall time of each CLI path against its floor, measured in the same run.

| path | floor | second floor |
|---|---|---|
| ``--help`` | ``python -c "import click"`` | |
| ``queries`` | ``python -c "import click"`` | |
| ``query pay-by-experience`` | bare pyoxigraph: same files, same query text, CSV | + click |
| ``validate`` | bare pyshacl call on the same files (rdflib parse, same options) | |
| ``export`` | bare pyoxigraph: load the same files, dump Turtle | + click |

The second floor (``import click``, then the same) is the least any click CLI doing the
engine's work could take; the ratio to it shows what csrgraph's own code adds. Each command
runs in turn with its floors (A B C A B C), one uncounted warm-up each, median of
``--rounds``.

With ``--baseline SRC`` (the ``src`` folder of another checkout, e.g. ``git archive main``
unpacked), ``--help`` and ``query pay-by-experience`` are also timed against that version of
csrgraph run by the same interpreter (the query with ``import click`` as the second floor):
the cost of a change on the two paths users feel most, before and after, in one run.

Run: python benchmarks/cli_paths.py [--rounds 7] [--baseline SRC]
"""

from __future__ import annotations

import argparse
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
    save,
    table,
    verdict,
)

FLOORS = HERE / "floors"
#: The bundled query every query benchmark runs.
QUERY = "pay-by-experience"


def engine_text(name: str = QUERY, lang: str = "en") -> str:
    """Return the exact text csrgraph's engine evaluates for a bundled query.

    The parameters are bound as ``csrgraph query`` binds them (``bind_parameters`` then
    ``plan_binding``: terms in place of FILTER-only variables, ``BOUND(?x)`` folded), so the
    floor does the same query work without csrgraph's code.

    Raises:
        ValueError: the plan passes substitutions to the engine, which a floor given only a
            query text could not reproduce.
    """
    from csrgraph.sparql import bind_parameters, plan_binding
    from csrgraph.sparql.catalog import get_query

    query = get_query(name)
    plan = plan_binding(query.text, bind_parameters(query, {}, lang))
    if plan.substitutions:
        raise ValueError(f"{name}: the engine also gets substitutions {sorted(plan.substitutions)}")
    return plan.text


def write_engine_query(folder: Path, name: str = QUERY) -> Path:
    """Write :func:`engine_text` to ``folder/<name>.rq`` and return the path."""
    target = folder / f"{name}.rq"
    target.write_text(engine_text(name), encoding="utf-8")
    return target


def baseline_command(src: Path, work: Path, name: str = "baseline") -> list[str]:
    """Return a command that runs the csrgraph found in ``src`` (before this one on the path)."""
    runner = work / f"{name}_csrgraph.py"
    runner.write_text(
        f"import sys\nsys.path.insert(0, {str(src)!r})\n"
        "from csrgraph.cli import main\nsys.argv[0] = 'csrgraph'\nmain()\n",
        encoding="utf-8",
    )
    return [PYTHON, str(runner)]


def measure(rounds: int, work: Path, baseline: Path | None = None) -> list[Comparison]:
    """Run every CLI path against its floor (and the query against ``baseline``'s)."""
    from csrgraph.resources import graph_files, shapes_files

    files = [str(p) for p in graph_files()]
    shapes = [str(p) for p in shapes_files()]
    query_file = str(write_engine_query(work))
    click_floor = [PYTHON, "-c", "import click"]
    query_floor = [str(FLOORS / "query.py"), query_file, *files]
    export_floor = [str(FLOORS / "export.py"), *files]
    cases: list[tuple[str, list[str], list[str], list[str] | None, tuple[int, ...]]] = [
        ("--help", [CSRGRAPH, "--help"], click_floor, None, (0,)),
        ("queries", [CSRGRAPH, "queries"], click_floor, None, (0,)),
        (
            f"query {QUERY}",
            [CSRGRAPH, "query", QUERY, "-f", "csv"],
            [PYTHON, *query_floor],
            [PYTHON, str(FLOORS / "query_click.py"), *query_floor[1:]],
            (0,),
        ),
        (
            "validate",
            [CSRGRAPH, "validate"],
            [PYTHON, str(FLOORS / "validate.py"), *shapes, *files],
            None,
            (0,),
        ),
        (
            "export",
            [CSRGRAPH, "export"],
            [PYTHON, *export_floor],
            [PYTHON, str(FLOORS / "export_click.py"), *export_floor[1:]],
            (0,),
        ),
    ]
    if baseline is not None:
        # both versions started the same way (from their src folders), so only their code differs
        before = baseline_command(baseline, work)
        after = baseline_command(HERE.parent / "src", work, "current")
        query = ["query", QUERY, "-f", "csv"]
        cases.append(("--help vs baseline", [*after, "--help"], [*before, "--help"], None, (0,)))
        cases.append(
            (
                f"query {QUERY} vs baseline",
                [*after, *query],
                [*before, *query],
                click_floor,
                (0,),
            )
        )
    results = []
    for name, command, floor, floor2, accept in cases:
        comparison = compare(name, command, floor, rounds, accept=accept, floor2=floor2)
        line = (
            f"  {name}: {comparison.median:.3f} s vs floor {comparison.floor_median:.3f} s "
            f"= {comparison.ratio:.2f}x"
        )
        if comparison.ratio2 is not None:
            line += (
                f"; vs click + engine {comparison.floor2_median:.3f} s = {comparison.ratio2:.2f}x"
            )
        print(line, file=sys.stderr)
        results.append(comparison)
    return results


def _rated(ratio: float | None) -> str:
    """Format a ratio with its verdict against 1.2x (a dash without one)."""
    return "-" if ratio is None else f"{ratio:.2f}x {verdict(ratio)}"


def report(results: list[Comparison]) -> str:
    """Return the Markdown table of the CLI paths (both ratios where there are two floors)."""
    rows = [
        (
            f"`csrgraph {c.name}`",
            c.median,
            c.floor_median,
            _rated(c.ratio),
            "-" if c.floor2_median is None else c.floor2_median,
            _rated(c.ratio2),
            round(c.peak_mib),
        )
        for c in results
    ]
    header = (
        "path",
        "csrgraph s",
        "floor s",
        "ratio",
        "click + engine s",
        "ratio",
        "peak MiB",
    )
    return table(header, rows)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="CLI paths against their floors.")
    parser.add_argument("--rounds", type=int, default=7, help="counted rounds (median)")
    parser.add_argument(
        "--baseline", type=Path, help="src folder of another csrgraph to time the query against"
    )
    args = parser.parse_args(argv)
    print(describe_children(), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-") as work:
        results = measure(args.rounds, Path(work), args.baseline)
    save("cli_paths", {"rounds": args.rounds, "results": [c.summary() for c in results]})
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
