"""The website build: ``csrgraph site`` against writing the same files with plain Python.

The bundled graph, and (when the index exists) the whole O*NET + ESCO import read from an
index (``--store-dir``; default ``/work/fullsize/index``, see ``--index``) with one process
writing the pages (``-j 1``) and with the default (a writer a CPU), and the same files parsed
into memory (``--data``, the files of ``--data``). Each
round runs ``csrgraph site -o TMP`` as a fresh child, then its floor
(``floors/write_files.py``: the same number of files, in the same folders, of the same sizes,
written with plain Python from a manifest made from the first build). Prints the median wall
time, pages, files, bytes and the ratio to the floor; saves ``results/site_build.json``.

Run: python benchmarks/site_build.py [--rounds 3] [--index DIR] [--no-full] [--quick]
(the full case runs once: it takes tens of seconds; ``--quick``: the bundled case, one
round, saved as ``results/site_build_quick.json``, for the smoke test).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

from _harness import CSRGRAPH, HERE, PYTHON, Run, describe_children, run, save, table

DEFAULT_INDEX = Path("/work/fullsize/index")
DEFAULT_DATA = [Path("/work/fullsize") / name for name in ("onet.nt", "esco-en.nt", "crosswalk.nt")]


def manifest(folder: Path) -> list[tuple[str, int]]:
    """Return (relative path, size) of every file of a built site."""
    return [
        (p.relative_to(folder).as_posix(), p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


def case(name: str, extra: list[str], rounds: int, work: Path) -> dict[str, object]:
    """Time one case and its floor in alternating rounds."""
    runs: list[Run] = []
    floors: list[Run] = []
    files: list[tuple[str, int]] = []
    run([CSRGRAPH, "--help"])  # uncounted warm-up: fills the bytecode cache
    for i in range(rounds):
        out = work / f"{name}-{i}"
        runs.append(run([CSRGRAPH, "site", "-o", str(out), *extra]))
        if not files:
            files = manifest(out)
            (work / f"{name}.json").write_text(json.dumps(files), encoding="utf-8")
        shutil.rmtree(out)
        floor_out = work / f"{name}-floor-{i}"
        floors.append(
            run(
                [
                    PYTHON,
                    str(HERE / "floors" / "write_files.py"),
                    str(work / f"{name}.json"),
                    str(floor_out),
                ]
            )
        )
        shutil.rmtree(floor_out)
    median = statistics.median(r.seconds for r in runs)
    floor = statistics.median(r.seconds for r in floors)
    return {
        "name": name,
        "median_s": round(median, 3),
        "floor_median_s": round(floor, 3),
        "ratio": round(median / floor, 2),
        "pages": sum(1 for path, _ in files if path.endswith(".html")),
        "files": len(files),
        "bytes": sum(size for _, size in files),
        "peak_mib": round(max(r.peak_mib for r in runs), 1),
    }


def main() -> None:
    """Run the cases, print the table, save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument(
        "--data", type=Path, nargs="*", default=DEFAULT_DATA, help="the files of the index"
    )
    parser.add_argument("--no-full", action="store_true", help="only the bundled graph")
    parser.add_argument("--quick", action="store_true", help="the bundled graph, one round")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.no_full = 1, True
    results = []
    with tempfile.TemporaryDirectory(prefix="csrgraph-site-bench-") as tmp:
        work = Path(tmp)
        results.append(case("bundled", [], args.rounds, work))
        if not args.no_full and args.index.is_dir():
            index = ["--store-dir", str(args.index)]
            results.append(case("full, one process", [*index, "-j", "1"], 1, work))
            results.append(case("full", index, 1, work))  # the default: a writer a CPU
            files = [f for path in args.data if path.is_file() for f in ("--data", str(path))]
            if files:  # the same graph parsed into memory instead of read from the index
                results.append(case("full, --data", files, 1, work))
    print(describe_children())
    print(
        table(
            ["case", "seconds", "floor s", "ratio", "pages", "files", "MB", "peak MiB"],
            [
                [
                    r["name"],
                    r["median_s"],
                    r["floor_median_s"],
                    r["ratio"],
                    r["pages"],
                    r["files"],
                    round(int(r["bytes"]) / 1e6, 1),
                    r["peak_mib"],
                ]  # type: ignore[call-overload]
                for r in results
            ],
        )
    )
    name = "site_build_quick" if args.quick else "site_build"
    print(f"saved {save(name, {'cases': results})}")


if __name__ == "__main__":
    main()
