"""Every bundled query on an index of the full imports, against the bare engine, same run.

For each bundled query (the federated ones aside), with its defaults and, where it has an
``occupation_iri`` parameter, once more with the document's occupation:

* csrgraph: ``run_query(name, store_dir=DIR, timeout=...)``, as ``csrgraph query`` runs it (a
  sandboxed child that opens the index, binds the parameters, evaluates, sends the rows back);
* floor: pyoxigraph opening the same store read-only in this process and running the exact
  text csrgraph evaluates (parameters bound the same way), every row read.

Rounds alternate (csrgraph, floor, csrgraph, ...) and the medians are reported with their
ratio and the row count. A query that runs out of ``--timeout`` is reported as such.

The index comes from ``--store-dir`` (e.g. one built by ``csrgraph index`` from ``csrgraph
import onet|esco|crosswalk`` of the whole releases) or is built here from ``--data`` files;
``--quick`` builds it from the importers' test fixtures (the sample imports, seconds).

Run: python benchmarks/queries_full.py --store-dir INDEX [--rounds 3] [--timeout 60]
     python benchmarks/queries_full.py --data onet.nt esco-en.nt crosswalk.nt
     python benchmarks/queries_full.py --quick
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _harness import HERE, save, table

#: The document's occupation: the parameter of the second run of a query that takes one.
OCCUPATION = "https://w3id.org/csrgraph/occupation/customer-service-representative"
#: Values for parameters that have no default.
REQUIRED = {"source-of": {"node_iri": OCCUPATION}}
FIXTURES = HERE.parent / "tests" / "fixtures"
#: The sample imports of --quick: source -> (fixture folder, importer options).
SAMPLES = {
    "onet": ("onet", {"version": "29.2"}),
    "esco": ("esco", {"version": "1.2.0"}),
    "crosswalk": ("crosswalks", {}),
}


def cases() -> list[tuple[str, dict[str, str]]]:
    """Return (query name, parameters) for every measured run."""
    from csrgraph.sparql.catalog import list_queries

    found: list[tuple[str, dict[str, str]]] = []
    for query in list_queries():
        if any(p.name.endswith("endpoint_iri") for p in query.params) or "federated" in (
            query.name
        ):
            continue
        found.append((query.name, dict(REQUIRED.get(query.name, {}))))
        if query.param("occupation_iri") is not None:
            found.append((query.name, {"occupation_iri": OCCUPATION}))
    return found


def bare(store: object, name: str, params: dict[str, str]) -> tuple[str, dict, dict]:
    """Return the text, prefixes and substitutions csrgraph hands the engine for a query."""
    import pyoxigraph as ox

    from csrgraph.graph.load import bundled_prefixes
    from csrgraph.sparql.api import STANDARD_PREFIXES
    from csrgraph.sparql.binding import plan_binding
    from csrgraph.sparql.catalog import get_query
    from csrgraph.sparql.params import bind_parameters
    from csrgraph.sparql.policy import check

    query = get_query(name)
    known = {**STANDARD_PREFIXES, **bundled_prefixes()}
    analysis = check(query.text, prefixes=known)
    bindings = bind_parameters(query, params, "en", {**known, **analysis.declared})
    plan = plan_binding(query.text, bindings)
    prefixes = {p: known[p] for p in analysis.undeclared}
    substitutions = {ox.Variable(k): v for k, v in plan.substitutions.items()}
    return plan.text, prefixes, substitutions


def time_floor(store: object, text: str, prefixes: dict, substitutions: dict) -> float:
    """Seconds for the bare engine to answer and for every row to be read."""
    import pyoxigraph as ox

    start = time.perf_counter()
    answer = store.query(  # type: ignore[attr-defined]
        text,
        prefixes=prefixes,
        substitutions=substitutions or None,
        default_graph=ox.DefaultGraph(),
        named_graphs=list(store.named_graphs()),  # type: ignore[attr-defined]
    )
    for _ in answer:
        pass
    return time.perf_counter() - start


def time_csrgraph(
    name: str, params: dict[str, str], store_dir: str, timeout: float
) -> tuple[float | None, int]:
    """Seconds and rows of ``run_query`` on the index; None seconds when it ran out of time.

    Any other failure (a stale index, say) stops the benchmark with its one-line message.
    """
    from csrgraph.errors import CsrgraphError, QueryTimeout
    from csrgraph.sparql import run_query

    start = time.perf_counter()
    try:
        result = run_query(name, params, store_dir=store_dir, timeout=timeout)
    except QueryTimeout:
        return None, 0
    except CsrgraphError as err:
        raise SystemExit(f"Error: {name}: {err}") from None
    return time.perf_counter() - start, len(result)


def build_index(data: list[str], quick: bool, folder: Path) -> str:
    """Build an index of ``data`` (or of the sample imports) in ``folder``; return its path."""
    from csrgraph.graph.index import build_index as build
    from csrgraph.importers import write_import

    files = [Path(p) for p in data]
    if quick:
        for source, (fixture, options) in SAMPLES.items():
            target = folder / f"{source}.nt"
            write_import(source, FIXTURES / fixture, target, "nt", **options)
            files.append(target)
    index = folder / "index"
    build(files, index)
    return str(index)


def main(argv: list[str] | None = None) -> int:
    """Measure every bundled query on the index and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-dir", help="an index built by `csrgraph index`")
    parser.add_argument("--data", nargs="*", default=[], help="files to index first")
    parser.add_argument("--quick", action="store_true", help="index the sample imports")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a query may run")
    parser.add_argument("--only", nargs="*", default=[], help="query names to measure")
    args = parser.parse_args(argv)
    if bool(args.store_dir) == bool(args.data or args.quick):
        parser.error("give --store-dir, or --data FILE... / --quick")
    if args.quick:
        args.rounds = min(args.rounds, 1)
    import pyoxigraph as ox

    folder = Path(tempfile.mkdtemp(prefix="csrgraph-queries-full-"))
    try:
        store_dir = args.store_dir or build_index(args.data, args.quick, folder)
        store = ox.Store.read_only(str(Path(store_dir) / "oxigraph"))
        results = []
        for name, params in cases():
            if args.only and name not in args.only:
                continue
            text, prefixes, substitutions = bare(store, name, params)
            ours: list[float | None] = []
            floors: list[float] = []
            rows = 0
            for _ in range(args.rounds):
                seconds, rows = time_csrgraph(name, params, store_dir, args.timeout)
                ours.append(seconds)
                if seconds is None:
                    break  # the floor would run as long: one timeout says enough
                floors.append(time_floor(store, text, prefixes, substitutions))
            done = [s for s in ours if s is not None]
            median = statistics.median(done) if len(done) == len(ours) else None
            floor = statistics.median(floors) if floors else None
            label = name + "".join(f" {k}=…{v[-12:]}" for k, v in params.items())
            results.append(
                {
                    "query": name,
                    "params": params,
                    "csrgraph_s": median,
                    "floor_s": floor,
                    "ratio": None if median is None or not floor else median / floor,
                    "rows": rows,
                    "label": label,
                }
            )
            print(f"{label}: {median}", file=sys.stderr, flush=True)
        lines = [
            (
                r["label"],
                "timeout" if r["csrgraph_s"] is None else f"{r['csrgraph_s']:.2f}",
                "-" if r["floor_s"] is None else f"{r['floor_s']:.2f}",
                "-" if r["ratio"] is None else f"{r['ratio']:.1f}",
                r["rows"],
            )
            for r in results
        ]
        print(f"Index: {store_dir} ({len(store):,} triples), median of {args.rounds} round(s)")
        print()
        print(table(("query", "csrgraph s", "bare engine s", "ratio", "rows"), lines))
        save(
            "queries_full",
            {
                "store_dir": store_dir,
                "rounds": args.rounds,
                "timeout": args.timeout,
                "results": results,
            },
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
