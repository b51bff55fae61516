"""Index build: `csrgraph index` against the bare bulk loader, and `index --add` against a rebuild.

On the full imports (by default ``/work/fullsize/onet.nt``, ``esco-en.nt`` and
``crosswalk.nt``: the whole O*NET 29.2, ESCO v1.1.1 en and the crosswalks, 2.5M triples with
the bundled graph), each a fresh child process timed from spawn to exit, in alternating
rounds:

* build: ``csrgraph index --data ALL... --store-dir NEW`` (strict parsing, SHA-256 of every
  file, compaction, the store listed with digests in the manifest);
* floor: a bare pyoxigraph script, ``Store(NEW).bulk_load(path=F)`` of the bundled graph's
  files and the same files, nothing else; floor 2: the same plus ``store.optimize()`` (the
  compaction csrgraph does so that the index answers at full speed);
* add: ``csrgraph index --add LAST --store-dir COPY``, where COPY is a fresh copy (made
  outside the timing) of an index of all files but the last; its rebuild is the build above.

Prints the medians, the ratios and the peak memory; saves ``results/index_build.json``.
``--quick`` uses three small files of the generator (``generate.py``) instead, for the smoke
test.

Run: python benchmarks/index_build.py [--files A.nt B.nt C.nt] [--rounds 1] [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import CSRGRAPH, PYTHON, Run, run, save, table
from generate import generate

from csrgraph.resources import graph_files

FULLSIZE = Path("/work/fullsize")
DEFAULT_FILES = [FULLSIZE / "onet.nt", FULLSIZE / "esco-en.nt", FULLSIZE / "crosswalk.nt"]

#: The floor: the bare bulk loader over the same files (argv: store folder, optimize, files).
FLOOR = """
import sys
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
for path in sys.argv[3:]:
    fmt = ox.RdfFormat.N_TRIPLES if path.endswith(".nt") else ox.RdfFormat.TURTLE
    store.bulk_load(path=path, format=fmt)
if sys.argv[2] == "1":
    store.optimize()
print(len(store))
"""


def index(files: list[Path], folder: Path) -> list[str]:
    """The command that builds an index of ``files`` in ``folder``."""
    return [
        CSRGRAPH,
        "index",
        "-q",
        *(a for f in files for a in ("--data", str(f))),
        "--store-dir",
        str(folder),
    ]


def floor(files: list[Path], folder: Path, optimize: bool) -> list[str]:
    """The bare bulk load of the bundled graph and ``files`` into a store at ``folder``."""
    bundled = [str(p) for p in graph_files()]
    return [PYTHON, "-c", FLOOR, str(folder), "1" if optimize else "0", *bundled, *map(str, files)]


def timed(name: str, argv: list[str], folder: Path, runs: dict[str, list[Run]]) -> None:
    """Run ``argv`` (which fills ``folder``), record it, and remove the folder after."""
    outcome = run(argv)
    runs.setdefault(name, []).append(outcome)
    print(f"  {name:8} {outcome.seconds:8.2f} s  {outcome.peak_mib:8.0f} MiB", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)


def folder_mib(folder: Path) -> float:
    """The size of a folder's files in MiB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024**2


def measure(files: list[Path], rounds: int, work: Path) -> dict[str, object]:
    """Time build, floors and add ``rounds`` times each, alternating; return the figures."""
    base = work / "base"
    run(index(files[:-1], base))  # the index --add starts from (not timed)
    probe = work / "probe"
    run(index(files, probe))  # warm-up (not counted): page cache, bytecode
    size = folder_mib(probe)
    shutil.rmtree(probe)
    runs: dict[str, list[Run]] = {}
    for round_ in range(rounds):
        order = ["build", "floor", "floor2", "add"]
        if round_ % 2:
            order.reverse()
        for name in order:
            target = work / f"{name}-{round_}"
            if name == "build":
                timed(name, index(files, target), target, runs)
            elif name in ("floor", "floor2"):
                timed(name, floor(files, target, name == "floor2"), target, runs)
            else:
                shutil.copytree(base, target)
                add = [CSRGRAPH, "index", "-q", "--add", str(files[-1]), "--store-dir", str(target)]
                timed(name, add, target, runs)
    medians = {name: statistics.median(r.seconds for r in got) for name, got in runs.items()}
    peaks = {name: max(r.peak_mib for r in got) for name, got in runs.items()}
    return {
        "files": [str(f) for f in files],
        "bytes": sum(f.stat().st_size for f in files),
        "rounds": rounds,
        "index_mib": round(size, 1),
        "median_s": {k: round(v, 3) for k, v in medians.items()},
        "peak_mib": {k: round(v, 1) for k, v in peaks.items()},
        "build_vs_bulk_load": round(medians["build"] / medians["floor"], 3),
        "build_vs_bulk_load_optimize": round(medians["build"] / medians["floor2"], 3),
        "add_vs_rebuild": round(medians["add"] / medians["build"], 3),
        "runs": {k: [vars(r) for r in v] for k, v in runs.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, nargs="+", default=DEFAULT_FILES)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="three small generated files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-index-") as tmp:
        work = Path(tmp)
        files = args.files
        if args.quick:
            files = [work / f"part-{n}.nt" for n in range(3)]
            for number, path in enumerate(files):
                generate(path, 2000 * (number + 1))
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            print(f"missing: {', '.join(missing)} (give --files, or --quick)", file=sys.stderr)
            return 2
        result = measure(files, args.rounds, work)
    median, peak = result["median_s"], result["peak_mib"]
    assert isinstance(median, dict) and isinstance(peak, dict)
    labels = {
        "build": "csrgraph index --data ALL",
        "floor": "bare Store.bulk_load",
        "floor2": "bare Store.bulk_load + optimize",
        "add": f"csrgraph index --add {files[-1].name}",
    }
    rows = [[labels[k], median[k], peak[k]] for k in labels]
    print(table(["command", "median s", "peak MiB"], rows))
    print(
        f"\nbuild / bulk_load: {result['build_vs_bulk_load']}x; build / (bulk_load + optimize): "
        f"{result['build_vs_bulk_load_optimize']}x; add / rebuild: {result['add_vs_rebuild']}x "
        f"(index {result['index_mib']} MiB, {result['rounds']} round(s))"
    )
    print(f"saved {save('index_build', result)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
