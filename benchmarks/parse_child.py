"""The cost of parsing user files in a bounded child: before and after, in one run.

``export``, ``validate`` and ``info`` with a generated ``--data`` file (benchmarks/generate.py)
of each size, as N-Triples (no child: unchanged) and as Turtle (parsed in the child, which
writes N-Triples the parent loads), each timed against the same command of a baseline
checkout (``--baseline-rev``, unpacked with ``git archive``) run by the same interpreter,
alternately (A B A B), median of ``--rounds``. The bundled path (no ``--data``) is timed the
same way: it must not change.

Run: python benchmarks/parse_child.py [--rounds 3] [--sizes 100000,1000000]
     [--baseline-rev 4ff0354]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from _harness import HERE, PYTHON, Comparison, compare, describe_children, save, table


def unpack(rev: str, work: Path) -> Path:
    """Unpack ``src``, ``ontology``, ``data`` and ``queries`` of ``rev``; return its ``src``."""
    archive = work / "baseline.tar"
    with open(archive, "wb") as out:
        subprocess.run(
            ["git", "archive", rev, "src", "ontology", "data", "queries"],
            cwd=HERE.parent,
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(work / "baseline", filter="data")
    return work / "baseline" / "src"


def runner(src: Path, work: Path, name: str) -> list[str]:
    """Return a command running the csrgraph found in ``src``."""
    path = work / f"{name}_csrgraph.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(src)!r})\n"
        "from csrgraph.cli import main\nsys.argv[0] = 'csrgraph'\nmain()\n",
        encoding="utf-8",
    )
    return [PYTHON, str(path)]


def data_files(work: Path, triples: int) -> dict[str, Path]:
    """Generate ``triples`` as N-Triples and the same as Turtle (with prefixes)."""
    import pyoxigraph as ox

    nt = work / f"data{triples}.nt"
    subprocess.run(
        [PYTHON, str(HERE / "generate.py"), "--triples", str(triples), "-o", str(nt)], check=True
    )
    ttl = work / f"data{triples}.ttl"
    with open(ttl, "wb") as out:
        ox.serialize(
            ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES),
            out,
            ox.RdfFormat.TURTLE,
            prefixes={"csr": "https://w3id.org/csrgraph/", "schema": "https://schema.org/"},
        )
    return {"nt": nt, "ttl": ttl}


def measure(rounds: int, sizes: list[int], rev: str, work: Path) -> list[Comparison]:
    """Time each command after (this checkout) against before (``rev``)."""
    before = runner(unpack(rev, work), work, "before")
    after = runner(HERE.parent / "src", work, "after")
    out = str(work / "out.nt")
    commands = {
        "export": ["export", "-f", "nt", "-o", out],
        "validate": ["validate"],
        "info": ["info"],
    }
    results = [
        compare(f"{name} (bundled)", [*after, *args], [*before, *args], rounds, accept=(0, 1))
        for name, args in commands.items()
    ]
    for triples in sizes:
        for kind, path in data_files(work, triples).items():
            for name, args in commands.items():
                full = [*args, "--data", str(path)]
                label = f"{name} {triples:,} {kind}"
                results.append(
                    compare(label, [*after, *full], [*before, *full], rounds, accept=(0, 1))
                )
                print(f"{label}: {results[-1].ratio:.2f}", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Measure and print a table; save the figures under benchmarks/results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--baseline-rev", default="4ff0354")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="csrgraph-parse-bench-") as folder:
        results = measure(args.rounds, sizes, args.baseline_rev, Path(folder))
    rows = [
        [
            r.name,
            f"{r.floor_median:.2f}",
            f"{r.median:.2f}",
            f"{r.ratio:.2f}",
            f"{max(x.peak_mib for x in r.floor_runs):.0f}",
            f"{max(x.peak_mib for x in r.runs):.0f}",
        ]
        for r in results
    ]
    print(describe_children())
    print(table(["case", "before s", "after s", "ratio", "before MiB", "after MiB"], rows))
    save("parse_child", {"results": [r.summary() for r in results]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
