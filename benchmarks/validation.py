"""Validation that scales: ``csrgraph validate --data`` at 100k and 1M triples, and per shape.

For each size: the cold wall time and peak memory of ``csrgraph validate --data clones.nt``
(its default engine: pyshacl-turbo where the ``[fast]`` extra is installed, else pySHACL;
the integrity rules included) against the bare pyshacl call on the same files
(``floors/validate.py``) and Apache Jena's ``shacl validate`` on the same files (where Java
and Debian's Jena are installed), alternately. Sizes from 500k on run ``--large-rounds``
times (default once: pySHACL needs minutes and GBs there).
Then, in this process, one pyshacl run on the 10k data with every top-level shape's
``validate`` timed (a wrapper around ``pyshacl.shape.Shape.validate``; nested property and
node shapes count towards the shape that reached them), so the costliest shapes show.

Exit code 1 of ``validate`` is accepted: a clone repeats the bundled fact IDs, which the
shapes require to be unique across the graph (see the report), so the clones do not conform;
the floor sees the same data and finds the same results.

Run: python benchmarks/validation.py [--sizes 100000,1000000] [--rounds 3] [--large-rounds 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
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
from generate import generate

FLOORS = HERE / "floors"
LARGE = 500_000


def jena_shacl(work: Path, shapes: list[str], files: list[str]) -> list[str] | None:
    """Jena's ``shacl validate`` command on ``files``, or None without Java and Jena."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from external import java, jena_classpath

    classpath, exe = jena_classpath(work), java()
    if classpath is None or exe is None:
        return None
    data = [arg for path in files for arg in ("--data", path)]
    return [exe, "-cp", classpath, "shacl.shacl", "validate", "--shapes", *shapes, *data]


def measure(
    sizes: list[int], rounds: int, large_rounds: int, work: Path
) -> list[tuple[int, Comparison]]:
    """Time validate against the pyshacl floor and Jena at each size."""
    from csrgraph.resources import graph_files, shapes_files

    files = [str(p) for p in graph_files()]
    shapes = [str(p) for p in shapes_files()]
    results = []
    for size in sizes:
        data = work / f"clones-{size}.nt"
        _, triples = generate(data, size)
        comparison = compare(
            f"validate {triples} triples",
            [CSRGRAPH, "validate", "--data", str(data)],
            [PYTHON, str(FLOORS / "validate.py"), *shapes, *files, str(data)],
            large_rounds if size >= LARGE else rounds,
            accept=(0, 1),
            floor2=jena_shacl(work, shapes, [*files, str(data)]),
        )
        jena = comparison.floor2_median
        print(
            f"  validate --data {triples}: {comparison.median:.2f} s vs pyshacl "
            f"{comparison.floor_median:.2f} s = {comparison.ratio:.2f}x"
            + (f", vs Jena {jena:.2f} s = {comparison.ratio2:.2f}x" if jena else ""),
            file=sys.stderr,
        )
        results.append((triples, comparison))
    return results


def profile_shapes(data: Path) -> list[tuple[str, float, int]]:
    """Return (shape, seconds, focus-node calls) per top-level shape, costliest first."""
    import pyshacl
    from pyshacl.shape import Shape

    from csrgraph.graph.load import load_graph
    from csrgraph.validation import load_shapes

    graph = load_graph([data])
    shapes = load_shapes()
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    original = Shape.validate

    def timed(self: Shape, *args: object, **kwargs: object) -> object:
        if kwargs.get("_evaluation_path") is not None:
            return original(self, *args, **kwargs)
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            name = shapes.namespace_manager.normalizeUri(self.node)
            spent[name] += time.perf_counter() - start
            calls[name] += 1

    Shape.validate = timed  # type: ignore[method-assign]
    try:
        pyshacl.validate(
            graph,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=False,
        )
    finally:
        Shape.validate = original  # type: ignore[method-assign]
    ranked = sorted(spent.items(), key=lambda item: item[1], reverse=True)
    return [(name, seconds, calls[name]) for name, seconds in ranked]


def report(results: list[tuple[int, Comparison]], shapes: list[tuple[str, float, int]]) -> str:
    """Return the Markdown tables: validate per size, then the ten costliest shapes."""
    rows = [
        (
            f"{triples:,} + bundled",
            c.median,
            c.floor_median,
            f"{c.ratio:.2f}x",
            verdict(c.ratio),
            round(c.peak_mib),
            round(c.floor_peak_mib),
            "-" if c.floor2_median is None else round(c.floor2_median, 2),
            "-" if c.ratio2 is None else f"{c.ratio2:.2f}x",
        )
        for triples, c in results
    ]
    header = (
        "--data triples",
        "validate s",
        "pyshacl s",
        "ratio",
        "<=1.2x",
        "MiB",
        "floor MiB",
        "Jena s",
        "vs Jena",
    )
    text = table(header, rows)
    if shapes:
        total = sum(seconds for _, seconds, _ in shapes)
        top = [(n, s, f"{100 * s / total:.0f}%") for n, s, _ in shapes[:10]]
        text += "\n\n" + table(("shape (10k triples)", "seconds", "share"), top)
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Validation at scale.")
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated triples")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds (median)")
    parser.add_argument("--large-rounds", type=int, default=1, help="rounds from 500k triples")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-shape profile")
    args = parser.parse_args(argv)
    print(describe_children(), file=sys.stderr)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-") as folder:
        work = Path(folder)
        results = measure(sizes, args.rounds, args.large_rounds, work)
        shapes: list[tuple[str, float, int]] = []
        if not args.no_profile:
            sample = work / "profile.nt"
            generate(sample, min(sizes))
            shapes = profile_shapes(sample)
    save(
        "validation",
        {
            "rounds": args.rounds,
            "large_rounds": args.large_rounds,
            "results": [{"triples": t, **c.summary()} for t, c in results],
            "shapes": [{"shape": n, "seconds": s, "calls": k} for n, s, k in shapes],
        },
    )
    print(report(results, shapes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
