"""Load throughput: `csrgraph load` against `curl -T` of the same N-Triples, on two servers.

For each size (by default 100k and 1M triples: the bundled occupation cloned by
``generate.py``) and each server (the Oxigraph server of the test extra; Virtuoso 7 when
``virtuoso-t`` is installed, at the README's authenticated layout), on free loopback ports
with temporary databases, times in alternating rounds:

* ``csrgraph load --no-validate --data clones.nt`` end to end, as a child process (start-up,
  parsing, N-Triples writing, upload into a temporary graph, count, MOVE, count);
* ``curl -T upload.nt`` of exactly the triples csrgraph sends: one Graph Store PUT (with
  ``--digest`` on Virtuoso), the floor any loader pays.

Both replace a named graph of their own, so every round does the same work, and both are
checked to have stored every triple. Prints triples per second (median of the rounds) and
the ratio csrgraph / curl per server and size; saves ``results/load_throughput.json``.
SHACL validation is off: pySHACL on a million triples takes far longer than the upload and
is not what is measured here.

Run: python benchmarks/load_throughput.py [--sizes 100000 1000000] [--rounds 3]
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
from _harness import CSRGRAPH, run, save, table
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


def time_csrgraph(server: Server, clones: Path, triples: int) -> float:
    """Return the seconds `csrgraph load` took; insist that the graph holds every triple."""
    graph = "urn:bench:csrgraph"
    command = [CSRGRAPH, "load", "--no-validate", "--store", server.store]
    outcome = run([*command, "--graph", graph, "--data", str(clones)])
    _check(server, graph, triples)
    return outcome.seconds


def time_curl(server: Server, upload: Path, triples: int) -> float:
    """Return the seconds a plain PUT of ``upload`` took; insist on every triple stored."""
    graph = "urn:bench:curl"
    url = f"{server.store}?graph={quote(graph, safe='')}"
    command = ["curl", "-sS", "-f", "-o", "/dev/null", "-T", str(upload)]
    command += ["-H", "Content-Type: application/n-triples", url]
    if isinstance(server, VirtuosoServer):
        command += ["--digest", "-u", f"{VIRTUOSO_USER}:{VIRTUOSO_PASSWORD}"]
    outcome = run(command)
    _check(server, graph, triples)
    return outcome.seconds


def _check(server: Server, graph: str, triples: int) -> None:
    held = store.count_triples(server.query, graph, timeout=600)
    if held != triples:
        sys.exit(f"{server.name}: <{graph}> holds {held} triples, {triples} were sent")


def measure(server: Server, size: int, rounds: int, work: Path) -> dict[str, object]:
    """Time both loaders ``rounds`` times each, alternating; return the medians and ratio."""
    clones = work / f"clones-{size}.nt"
    generate(clones, size)
    prepared = store.prepare([*graph_files(), clones], work / f"upload-{size}.nt")
    rates: dict[str, list[float]] = {"csrgraph": [], "curl": []}
    for round_ in range(rounds):
        order = ["csrgraph", "curl"] if round_ % 2 == 0 else ["curl", "csrgraph"]
        for name in order:  # alternate who goes first, so neither always meets a warmer store
            if name == "csrgraph":
                seconds = time_csrgraph(server, clones, prepared.triples)
            else:
                seconds = time_curl(server, prepared.path, prepared.triples)
            rates[name].append(prepared.triples / seconds)
            print(f"  {server.name} {prepared.triples} round {round_ + 1} {name:8} {seconds:.2f} s")
    ours, theirs = statistics.median(rates["csrgraph"]), statistics.median(rates["curl"])
    return {
        "server": server.name,
        "triples": prepared.triples,
        "rounds": rounds,
        "csrgraph_triples_per_s": ours,
        "curl_triples_per_s": theirs,
        "ratio": round(ours / theirs, 3),
        "rates": rates,
    }


def servers(work: Path) -> list[Server]:
    """The servers to measure: Oxigraph, and Virtuoso where it is installed."""
    found: list[Server] = [OxigraphServer(work / "oxigraph")]
    executable = shutil.which("virtuoso-t")
    if executable:
        found.append(VirtuosoServer(work / "virtuoso", executable))
    else:
        print("virtuoso-t is not installed (apt-get install virtuoso-opensource): skipped")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("curl"):
        sys.exit("curl is missing: it is the baseline of this benchmark")
    os.environ[store.ENV_USER] = VIRTUOSO_USER  # the children inherit them (Oxigraph ignores)
    os.environ[store.ENV_PASSWORD] = VIRTUOSO_PASSWORD

    rows: list[list[object]] = []
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-load-") as tmp:
        work = Path(tmp)
        for server in servers(work):
            with server:
                for size in sorted(args.sizes):
                    # the largest size of several runs once
                    rounds = 1 if size == max(args.sizes) and len(args.sizes) > 1 else args.rounds
                    result = measure(server, size, rounds, work)
                    results.append(result)
                    rows.append([result[k] for k in ("server", "triples", "rounds")])
                    rows[-1] += [f"{result['csrgraph_triples_per_s']:,.0f}"]
                    rows[-1] += [f"{result['curl_triples_per_s']:,.0f}", result["ratio"]]
    header = ["server", "triples", "rounds", "csrgraph load t/s", "curl -T t/s", "ratio"]
    print(table(header, rows))
    print(f"saved {save('load_throughput', {'results': results})}")


if __name__ == "__main__":
    main()
