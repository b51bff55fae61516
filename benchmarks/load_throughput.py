"""Load throughput: `csrgraph load` against a plain PUT of the same N-Triples, per server.

For each input (by default 100k and 1M triples: the bundled occupation cloned by
``generate.py``; ``--data FILE`` a real import instead, e.g. the whole O*NET import
``csrgraph import onet`` writes, 1.88M triples) and each server (the Oxigraph server of the
test extra; Virtuoso 7 when ``virtuoso-t`` is installed, at the README's authenticated
layout), on free loopback ports with temporary databases, times in alternating rounds:

* ``csrgraph load --no-validate --data FILE`` end to end, as a child process (start-up,
  parsing, N-Triples writing, upload into a temporary graph, count, MOVE, count);
* the floor: ``curl -T upload.nt`` of exactly the triples csrgraph sends, one Graph Store
  PUT (with ``--digest`` on Virtuoso), the least any loader pays. Without ``curl`` on PATH
  the same PUT is sent by a Python child with ``http.client`` (streamed from the file),
  and the output says which floor was used.

Both replace a named graph of their own, so every round does the same work, and both are
checked to have stored every triple. Prints triples per second (median of the rounds), peak
memory, and the ratio csrgraph / floor per server and input; saves
``results/load_throughput.json``. SHACL validation is off: it is measured by
``validation.py``, not here. ``--quick`` (the smoke test) loads 2,000 triples once into the
Oxigraph server only.

Run: python benchmarks/load_throughput.py [--sizes 100000 1000000] [--rounds 3]
     python benchmarks/load_throughput.py --data /path/onet.nt --rounds 1
(the largest size runs once).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

# The server helpers live with the tests; a benchmark is a script, so it looks there directly.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import CSRGRAPH, Run, run, save, table
from generate import generate
from servers import (
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    OxigraphServer,
    Server,
    VirtuosoServer,
)

from csrgraph import store
from csrgraph.resources import graph_files


def time_csrgraph(server: Server, data: Path, triples: int) -> Run:
    """Time `csrgraph load`; insist that the graph holds every triple."""
    graph = "urn:bench:csrgraph"
    command = [CSRGRAPH, "load", "--no-validate", "--store", server.store]
    outcome = run([*command, "--graph", graph, "--data", str(data)])
    _check(server, graph, triples)
    return outcome


#: The floor without curl: one streamed PUT by http.client (Digest is not needed: Oxigraph).
_PYTHON_PUT = """
import http.client, os, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[2])
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=3600)
with open(sys.argv[1], "rb") as body:
    connection.request("PUT", url.path + "?" + url.query, body=body, headers={
        "Content-Type": "application/n-triples",
        "Content-Length": str(os.fstat(body.fileno()).st_size)})
answer = connection.getresponse()
answer.read()
sys.exit(0 if answer.status < 300 else answer.status)
"""


def floor_name() -> str:
    """Which floor this machine gives: ``curl -T``, else the ``http.client`` PUT."""
    return "curl -T" if shutil.which("curl") else "http.client PUT"


def time_floor(server: Server, upload: Path, triples: int) -> Run:
    """Time a plain PUT of ``upload`` (see :func:`floor_name`); insist on every triple stored."""
    graph = "urn:bench:floor"
    url = f"{server.store}?graph={quote(graph, safe='')}"
    if shutil.which("curl"):
        command = ["curl", "-sS", "-f", "-o", "/dev/null", "-T", str(upload)]
        command += ["-H", "Content-Type: application/n-triples", url]
        if isinstance(server, VirtuosoServer):
            command += ["--digest", "-u", f"{VIRTUOSO_USER}:{VIRTUOSO_PASSWORD}"]
    elif isinstance(server, VirtuosoServer):
        raise SystemExit("Virtuoso's floor needs curl (a Digest PUT); install curl")
    else:
        command = [sys.executable, "-c", _PYTHON_PUT, str(upload), url]
    outcome = run(command)
    _check(server, graph, triples)
    return outcome


def _check(server: Server, graph: str, triples: int) -> None:
    held = store.count_triples(server.query, graph, timeout=600)
    if held != triples:
        sys.exit(f"{server.name}: <{graph}> holds {held} triples, {triples} were sent")


def measure(server: Server, data: Path, rounds: int, work: Path) -> dict[str, object]:
    """Time both loaders ``rounds`` times each, alternating; return the medians and ratio."""
    prepared = store.prepare([*graph_files(), data], work / f"upload-{data.stem}.nt")
    runs: dict[str, list[Run]] = {"csrgraph": [], "floor": []}
    for round_ in range(rounds):
        order = ["csrgraph", "floor"] if round_ % 2 == 0 else ["floor", "csrgraph"]
        for name in order:  # alternate who goes first, so neither always meets a warmer store
            if name == "csrgraph":
                outcome = time_csrgraph(server, data, prepared.triples)
            else:
                outcome = time_floor(server, prepared.path, prepared.triples)
            runs[name].append(outcome)
            print(
                f"  {server.name} {prepared.triples} round {round_ + 1} {name:8} "
                f"{outcome.seconds:.2f} s, {outcome.peak_mib:.0f} MiB",
                flush=True,
            )
    ours = statistics.median(prepared.triples / r.seconds for r in runs["csrgraph"])
    theirs = statistics.median(prepared.triples / r.seconds for r in runs["floor"])
    return {
        "server": server.name,
        "input": data.name,
        "triples": prepared.triples,
        "rounds": rounds,
        "floor": floor_name(),
        "csrgraph_triples_per_s": ours,
        "floor_triples_per_s": theirs,
        "csrgraph_peak_mib": max(r.peak_mib for r in runs["csrgraph"]),
        "ratio": round(ours / theirs, 3),
        "seconds": {k: [r.seconds for r in v] for k, v in runs.items()},
    }


def servers(work: Path, *, quick: bool) -> list[Server]:
    """The servers to measure: Oxigraph, and Virtuoso where it is installed (not ``quick``)."""
    found: list[Server] = [OxigraphServer(work / "oxigraph")]
    executable = shutil.which("virtuoso-t")
    if quick:
        print("--quick: the Oxigraph server only")
    elif executable:
        found.append(VirtuosoServer(work / "virtuoso", executable))
    else:
        print("virtuoso-t is not installed (apt-get install virtuoso-opensource): skipped")
    return found


def inputs(args: argparse.Namespace, work: Path) -> list[tuple[Path, int]]:
    """The files to load, with the rounds of each: ``--data`` files, else generated clones."""
    if args.data:
        return [(Path(path), args.rounds) for path in args.data]
    sizes = [2_000] if args.quick else sorted(args.sizes)
    found = []
    for size in sizes:
        clones = work / f"clones-{size}.nt"
        generate(clones, size)
        # the largest size of several runs once
        found.append((clones, 1 if size == max(sizes) and len(sizes) > 1 else args.rounds))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--data", nargs="+", help="RDF files to load instead of clones")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,000 triples, once, Oxigraph")
    args = parser.parse_args()
    if args.quick:
        args.rounds = 1
    print(f"floor: {floor_name()}")
    os.environ[store.ENV_USER] = VIRTUOSO_USER  # the children inherit them (Oxigraph ignores)
    os.environ[store.ENV_PASSWORD] = VIRTUOSO_PASSWORD

    rows: list[list[object]] = []
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-load-") as tmp:
        work = Path(tmp)
        files = inputs(args, work)
        for server in servers(work, quick=args.quick):
            with server:
                for data, rounds in files:
                    result = measure(server, data, rounds, work)
                    results.append(result)
                    rows.append([result[k] for k in ("server", "input", "triples", "rounds")])
                    rows[-1] += [f"{result['csrgraph_triples_per_s']:,.0f}"]
                    rows[-1] += [f"{result['floor_triples_per_s']:,.0f}"]
                    rows[-1] += [f"{result['csrgraph_peak_mib']:,.0f}", result["ratio"]]
    header = ["server", "input", "triples", "rounds", "csrgraph load t/s"]
    header += [f"{floor_name()} t/s", "csrgraph MiB", "ratio"]
    print(table(header, rows))
    print(f"saved {save('load_throughput', {'results': results})}")


if __name__ == "__main__":
    main()
