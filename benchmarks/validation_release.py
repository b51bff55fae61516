"""Validation of the real imports: ``csrgraph validate --data`` per engine against Jena and pySHACL.

Inputs are the N-Triples that ``csrgraph import onet`` and ``csrgraph import esco`` write from
the whole releases (``--onet FILE``, ``--esco FILE``, or the variables ``CSRGRAPH_BENCH_ONET``
and ``CSRGRAPH_BENCH_ESCO``). The sizes are the first 100k, 200k and 500k lines of the O*NET
import, the whole O*NET import (``onet``) and the whole O*NET plus ESCO imports
(``onet+esco``).

At each size, in one rotation per round, this runs: ``csrgraph validate --data FILE...
--engine E`` for every engine named by ``--engines`` (names ``validate`` does not offer here
are skipped with a note), and the floors on the same files and shapes (the bundled ontology
and data, the bundled shapes, the input): Apache Jena's ``shacl validate`` (where Java and
Jena are installed) and the bare ``pyshacl.validate`` call of ``floors/validate.py`` (up to
``--max-pyshacl`` lines only: it takes minutes and GBs beyond). Each run is a fresh process,
timed by wall clock, its peak RSS read with ``os.wait4`` (csrgraph's own children included, as
their maximum). Ratios are against Jena. Exit code 1 (does not conform) counts as a run.

``--quick`` runs the small sizes of a generated file (benchmarks/generate.py) instead, once,
for the smoke test.

Run: python benchmarks/validation_release.py --onet onet.nt --esco esco-en.nt
     [--engines auto,pyshacl,turbo,oxigraph,jena] [--sizes 100000,200000,500000,onet,onet+esco]
     [--rounds 1] [--max-pyshacl 100000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from itertools import islice
from pathlib import Path

from _harness import CSRGRAPH, HERE, PYTHON, Run, describe_children, run, save, table

FLOORS = HERE / "floors"
SIZES = "100000,200000,500000,onet,onet+esco"


def offered_engines() -> tuple[str, ...]:
    """The engines ``csrgraph validate --engine`` offers in this checkout."""
    from csrgraph.validation.engines import ENGINES

    return ENGINES


def jena_floor(work: Path, shapes: list[str], files: list[str]) -> list[str] | None:
    """Jena's ``shacl validate`` command on ``files``, or None without Java and Jena."""
    from csrgraph.validation.jena import jena_command

    command = jena_command(work / "classpath")
    if command is None:
        return None
    data = [arg for path in files for arg in ("--data", path)]
    return [*command, "validate", "--shapes", *shapes, *data]


def head(source: Path, lines: int, target: Path) -> Path:
    """Write the first ``lines`` lines of ``source`` (N-Triples: whole triples) to ``target``."""
    with source.open("rb") as read, target.open("wb") as out:
        out.writelines(islice(read, lines))
    return target


def inputs(size: str, onet: Path, esco: Path | None, work: Path) -> list[Path] | None:
    """The data files of one size (None when it needs ESCO and there is none)."""
    if size == "onet":
        return [onet]
    if size == "onet+esco":
        return None if esco is None else [onet, esco]
    return [head(onet, int(size), work / f"onet-{size}.nt")]


def measured(argv: list[str]) -> Run | str:
    """Run ``argv`` once; the Run, or the last line of its error (exit code over 1)."""
    outcome = run(argv, check=False)
    if outcome.returncode in (0, 1):
        return outcome
    try:
        run(argv, check=True)
    except RuntimeError as err:
        return str(err).strip().splitlines()[-1][:120]
    return outcome


def measure(
    sizes: list[str],
    engines: list[str],
    rounds: int,
    max_pyshacl: int,
    onet: Path,
    esco: Path | None,
    work: Path,
) -> list[dict[str, object]]:
    """Run every engine and floor at every size; one row per (size, command)."""
    from csrgraph.resources import graph_files, shapes_files

    bundled = [str(p) for p in graph_files()]
    shapes = [str(p) for p in shapes_files()]
    rows: list[dict[str, object]] = []
    for size in sizes:
        files = inputs(size, onet, esco, work)
        if files is None:
            print(f"  {size}: skipped (no --esco)", file=sys.stderr)
            continue
        lines = sum(1 for path in files for _ in path.open("rb"))
        data = [arg for path in files for arg in ("--data", str(path))]
        commands: dict[str, list[str] | None] = {
            f"csrgraph --engine {e}": [CSRGRAPH, "validate", *data, "--engine", e] for e in engines
        }
        commands["floor: jena shacl"] = jena_floor(work, shapes, [*bundled, *map(str, files)])
        commands["floor: pyshacl.validate"] = (
            [PYTHON, str(FLOORS / "validate.py"), *shapes, *bundled, *map(str, files)]
            if lines <= max_pyshacl
            else None
        )
        runs: dict[str, list[Run]] = {name: [] for name, argv in commands.items() if argv}
        failed: dict[str, str] = {}
        for _ in range(rounds):
            for name, argv in commands.items():
                if argv is None or name in failed:
                    continue
                print(f"  {size} ({lines:,} lines): {name} ...", file=sys.stderr, flush=True)
                outcome = measured(argv)
                if isinstance(outcome, str):
                    failed[name] = outcome
                else:
                    runs[name].append(outcome)
        jena = runs.get("floor: jena shacl")
        jena_s = statistics.median(r.seconds for r in jena) if jena else None
        for name, argv in commands.items():
            row: dict[str, object] = {"size": size, "lines": lines, "command": name}
            if argv is None:
                row["note"] = "not run (absent, or over --max-pyshacl)"
            elif name in failed:
                row["note"] = f"failed: {failed[name]}"
            else:
                seconds = statistics.median(r.seconds for r in runs[name])
                row |= {
                    "argv": argv,
                    "median_s": round(seconds, 3),
                    "peak_mib": round(max(r.peak_mib for r in runs[name])),
                    "exit": runs[name][-1].returncode,
                    "vs_jena": None if not jena_s else round(seconds / jena_s, 2),
                }
            rows.append(row)
    return rows


def report(rows: list[dict[str, object]]) -> str:
    """Return the Markdown table: size, command, seconds, peak MiB, exit, ratio to Jena."""
    body = [
        (
            row["size"],
            f"{row['lines']:,}",
            row["command"],
            row.get("median_s", "-"),
            row.get("peak_mib", "-"),
            row.get("exit", "-"),
            "-" if row.get("vs_jena") is None else f"{row['vs_jena']:.2f}x",
            row.get("note", ""),
        )
        for row in rows
    ]
    header = ("size", "lines", "command", "s", "peak MiB", "exit", "vs Jena", "note")
    return table(header, body)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Validation of the real imports.")
    parser.add_argument("--onet", default=os.environ.get("CSRGRAPH_BENCH_ONET"))
    parser.add_argument("--esco", default=os.environ.get("CSRGRAPH_BENCH_ESCO"))
    parser.add_argument("--engines", default="auto,jena", help="comma-separated engine names")
    parser.add_argument("--sizes", default=SIZES, help="lines of the O*NET import, or names")
    parser.add_argument("--rounds", type=int, default=1, help="rounds (median)")
    parser.add_argument("--max-pyshacl", type=int, default=100_000, help="lines, pySHACL floor")
    parser.add_argument("--quick", action="store_true", help="small generated input, for tests")
    args = parser.parse_args(argv)
    print(
        describe_children().replace(
            "the uncounted warm-up run",
            "the first run: no warm-up at"
            " these sizes, so each first round also compiles csrgraph's bytecode",
        ),
        file=sys.stderr,
    )
    offered = offered_engines()
    engines = [e for e in args.engines.split(",") if e]
    for name in engines:
        if name not in offered:
            offers = ", ".join(offered)
            print(f"  engine {name}: skipped (validate offers {offers})", file=sys.stderr)
    engines = [e for e in engines if e in offered]
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-") as folder:
        work = Path(folder)
        if args.quick:
            from generate import generate

            onet, esco = work / "quick.nt", None
            generate(onet, 3000)
            sizes = ["1000"]
        else:
            if not args.onet:
                parser.error("--onet FILE is required (the N-Triples of csrgraph import onet)")
            onet, esco = Path(args.onet), Path(args.esco) if args.esco else None
            sizes = [s for s in args.sizes.split(",") if s]
        rows = measure(sizes, engines, args.rounds, args.max_pyshacl, onet, esco, work)
    save(
        "validation_release",
        {"engines": engines, "rounds": args.rounds, "quick": args.quick, "results": rows},
    )
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
