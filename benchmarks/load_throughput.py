"""Load throughput: `csrgraph load` against `curl -T` of the same N-Triples to the same server.

Generates about a million triples in the graph's own vocabulary (the bundled instance data
cloned with fresh IRIs and blank nodes, the ontology terms kept), starts a local Oxigraph
server (the `oxigraph` package of the test extra) on a free loopback port, and then, in
alternating rounds, times

* ``csrgraph load --no-validate --data clones.nt`` end to end, as a subprocess: start-up,
  parsing, N-Triples writing, upload into a temporary graph, count, MOVE, count;
* ``curl -T upload.nt`` (a plain Graph Store PUT, or the same with requests when curl is
  missing) of exactly the triples csrgraph sends.

Both replace a named graph of their own, so every round does the same work. Prints the
median of the rounds in triples per second and the ratio. SHACL validation is off: pyshacl
on a million triples takes far longer than the upload and is not what is measured here.

Run: python benchmarks/load_throughput.py [--triples 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

# The server helper lives with the tests; a benchmark is a script, so it looks there directly.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from oxigraph_server import OxigraphServer

from csrgraph import store
from csrgraph.resources import data_files, graph_files

_OURS = re.compile(r"<(https://w3id\.org/csrgraph/(?!ontology#)[^>]*)>")
_BLANK = re.compile(r"_:([A-Za-z0-9]+)")


def generate(target: Path, triples: int, work: Path) -> int:
    """Write about ``triples`` triples: clones of the bundled data with new IRIs."""
    template = store.prepare(data_files(), work / "template.nt").path.read_text(encoding="utf-8")
    lines = template.splitlines(keepends=True)
    clones = max(1, round(triples / len(lines)))
    with target.open("w", encoding="utf-8") as out:
        for k in range(clones):
            text = _OURS.sub(lambda m, k=k: f"<{m.group(1)}-clone-{k}>", template)
            out.write(_BLANK.sub(lambda m, k=k: f"_:{m.group(1)}c{k}", text))
    return clones * len(lines)


def time_csrgraph(server: OxigraphServer, clones: Path) -> tuple[float, int]:
    """Return the seconds `csrgraph load` took and the triples it says it sent."""
    csrgraph = Path(sys.executable).parent / "csrgraph"
    command = [str(csrgraph) if csrgraph.exists() else "csrgraph", "load", "--no-validate"]
    command += ["--store", server.store, "--graph", "urn:bench:csrgraph", "--data", str(clones)]
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    sent, held = (int(n) for n in re.findall(r"(\d+) triples", done.stdout))
    if sent != held:
        sys.exit(f"csrgraph sent {sent} triples but the graph holds {held}")
    return seconds, sent


def time_curl(server: OxigraphServer, upload: Path) -> tuple[float, int]:
    """Return the seconds a plain PUT of ``upload`` took and the triples the graph holds."""
    url = f"{server.store}?graph={quote('urn:bench:curl', safe='')}"
    start = time.perf_counter()
    if shutil.which("curl"):
        subprocess.run(
            ["curl", "-sS", "-f", "-o", "/dev/null", "-T", str(upload),
             "-H", "Content-Type: application/n-triples", url],
            check=True,
        )  # fmt: skip
    else:
        import requests

        with upload.open("rb") as body:
            requests.put(
                url, data=body, headers={"Content-Type": "application/n-triples"}, timeout=600
            ).raise_for_status()
    seconds = time.perf_counter() - start
    return seconds, store.count_triples(server.query, "urn:bench:curl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-") as tmp:
        work = Path(tmp)
        clones = work / "clones.nt"
        generated = generate(clones, args.triples, work)
        start = time.perf_counter()
        prepared = store.prepare([*graph_files(), clones], work / "upload.nt")
        prepare_s = time.perf_counter() - start
        size_mb = prepared.path.stat().st_size / 1e6
        print(
            f"{generated} generated + bundled = {prepared.triples} triples, "
            f"{size_mb:.0f} MB of N-Triples; csrgraph's parse and write alone: {prepare_s:.2f} s"
        )
        tool = "curl -T" if shutil.which("curl") else "requests PUT (no curl)"
        rates: dict[str, list[float]] = {"csrgraph": [], "curl": []}
        with OxigraphServer(work / "db") as server:
            for round_ in range(args.rounds):
                # alternate who goes first, so neither always meets a warmer store
                pair = [("csrgraph", time_csrgraph, clones), ("curl", time_curl, prepared.path)]
                for name, timer, path in pair if round_ % 2 == 0 else reversed(pair):
                    seconds, triples = timer(server, path)
                    rates[name].append(triples / seconds)
                    print(f"  round {round_ + 1} {name:8} {seconds:7.2f} s  {triples} triples")

    ours, theirs = statistics.median(rates["csrgraph"]), statistics.median(rates["curl"])
    print(f"csrgraph load: {ours:,.0f} triples/s (median of {args.rounds})")
    print(f"{tool}: {theirs:,.0f} triples/s (median of {args.rounds})")
    print(f"ratio csrgraph / {tool.split()[0]}: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
