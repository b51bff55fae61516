"""O*NET import: `csrgraph import onet` on a full-size input against a bare csv-to-pyoxigraph floor.

The input is the real O*NET 29.2 sample (tests/fixtures/onet/, 21 occupations) scaled to
full size: each occupation copied ``--copies`` times under new codes (48 copies: about 1,000
occupations, 19,000 task statements, 59,000 alternate titles, 38,000 education rows, as in
the full release), written into a temporary folder in the release's own layout. Then, in
alternating rounds, it times

* ``csrgraph import onet DIR -o out.nt`` end to end, as a subprocess;
* the floor: a bare ``csv`` read of the same files, each cell one triple, into pyoxigraph's
  bulk loader (``Store.bulk_extend``) of an in-memory store.

It prints the medians, the ratio (goal: within 2x) and the peak memory of both; a second,
quarter-size input shows whether the import streams (its peak memory should not grow with
the input, while the floor's store does).

With ``--release DIR`` it also times the real release (../shared/external/onet-29.2-full:
every row of the files the importer reads) the same way.

Run: python benchmarks/import_onet.py [--copies 48] [--rounds 3] [--release DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _harness import CSRGRAPH, PYTHON, compare, save, table

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "onet"
CODE_COLUMNS = ("O*NET-SOC Code", "Related O*NET-SOC Code")

#: The floor: every cell of every file one triple, bulk-loaded into pyoxigraph.
FLOOR = """
import csv, sys
from pathlib import Path
import pyoxigraph as ox
store = ox.Store()
def quads():
    for path in sorted(Path(sys.argv[1]).glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\\t", quoting=csv.QUOTE_NONE)
            header = next(rows)
            base = "https://example.org/" + path.stem.replace(" ", "_")
            predicates = [ox.NamedNode(f"{base}/c{i}") for i in range(len(header))]
            for number, row in enumerate(rows):
                subject = ox.NamedNode(f"{base}/{number}")
                for predicate, cell in zip(predicates, row):
                    yield ox.Quad(subject, predicate, ox.Literal(cell))
store.bulk_extend(quads())
print(len(store))
"""


def _new_code(code: str, copy: int, index: dict[str, int]) -> str:
    """Return the code of ``copy`` of a sample occupation (unknown codes stay as they are)."""
    if code not in index:
        return code
    return f"{copy + 11:02d}-{index[code]:04d}.00"


def generate(target: Path, copies: int) -> dict[str, int]:
    """Write the sample scaled by ``copies`` into ``target``; return the rows per file."""
    target.mkdir(parents=True, exist_ok=True)
    occupations = (SAMPLE / "Occupation Data.txt").read_text(encoding="utf-8").splitlines()
    index = {line.split("\t")[0]: i for i, line in enumerate(occupations[1:])}
    counts: dict[str, int] = {}
    for source in sorted(SAMPLE.glob("*.txt")):
        lines = source.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        positions = [header.index(c) for c in CODE_COLUMNS if c in header]
        with (target / source.name).open("w", encoding="utf-8") as out:
            out.write(lines[0] + "\n")
            if not positions:  # the categories: one copy
                out.writelines(line + "\n" for line in lines[1:])
                counts[source.name] = len(lines) - 1
                continue
            for copy in range(copies):
                for line in lines[1:]:
                    cells = line.split("\t")
                    for p in positions:
                        cells[p] = _new_code(cells[p], copy, index)
                    out.write("\t".join(cells) + "\n")
            counts[source.name] = copies * (len(lines) - 1)
    return counts


def measure(copies: int, rounds: int, work: Path, release: Path | None = None) -> dict[str, object]:
    """Generate the input at ``copies`` (or take ``release``), compare, return the figures."""
    if release is None:
        folder = work / f"onet-{copies}"
        counts = generate(folder, copies)
    else:
        folder = release
        counts = {p.name: sum(1 for _ in p.open("rb")) - 1 for p in sorted(folder.glob("*.txt"))}
    out = work / f"out-{copies}.nt"
    comparison = compare(
        f"import onet x{copies}" if release is None else f"import onet {release.name}",
        [CSRGRAPH, "import", "onet", str(folder), "-o", str(out), "--quiet"]
        + (["--release", "29.2"] if release is None else []),
        [PYTHON, "-c", FLOOR, str(folder)],
        rounds,
    )
    triples = sum(1 for _ in out.open("rb"))
    return {"copies": copies, "rows": counts, "triples": triples, **comparison.summary()}


def main() -> None:
    """Run the benchmark at full and quarter size and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=48)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--release",
        type=Path,
        default=None,
        help="also time a real release folder, e.g. ../shared/external/onet-29.2-full",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-onet-") as tmp:
        work = Path(tmp)
        results = [measure(max(1, args.copies // 4), args.rounds, work)]
        results.append(measure(args.copies, args.rounds, work))
        if args.release is not None:
            results.append(measure(0, args.rounds, work, args.release.resolve()))
    rows = [
        (
            f"{'x' + str(r['copies']) if r['copies'] else 'release'}: "
            f"{r['rows']['Occupation Data.txt']} occupations, "
            f"{r['rows']['Task Statements.txt']} tasks, {r['triples']} triples",
            r["median_s"],
            r["floor_median_s"],
            r["ratio"],
            r["peak_mib"],
            r["floor_peak_mib"],
        )
        for r in results
    ]
    header = ("input", "import s", "floor s", "ratio", "import MiB", "floor MiB")
    print(table(header, rows))
    path = save("import_onet", {"results": results})
    print(f"saved {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
