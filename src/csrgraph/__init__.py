"""csrgraph: the occupation *customer service representative* as a bilingual RDF knowledge graph.

The folders are the architecture. Each layer imports only from the layers below it, never
from this package face and never back up; ``tests/test_architecture.py`` holds the order and
fails on a circle or an upward import::

    cli/          one module per library package it drives: parse, call, format, exit code
    publish/      plan (leaf), describe, void, dist, docs, diagram, schemaorg
    explore/      explain a fact, info about the graph
    importers/    one module per source behind one API (import_triples + ImportReport)
    links/        SSSOM I/O, rules, SKOS/VoID forms, link checker, task links
    validation/   shapes, integrity rules, engines, report
    search/       find resources by name or code: what is searchable, SQLite FTS5 index
    formats       the one output registry: rows, reports and graphs to bytes
    sparql/       the query path: catalog, check, binding, engine (the one call of
                  an engine's query method), sandboxed evaluation, cells, results
    store/        SPARQL 1.1 Protocol client (HTTP, auth, redaction) and the safe load
    graph/        RDF in: reading bytes, strict parsing, the in-memory graph, the index
    writing       files written all or nothing
    signals       SIGTERM/SIGINT unwind (cleanup runs), then end the process
    leaves        _version, errors, namespaces, resources, _typing

The package is light to import: the heavy libraries (rdflib, pyshacl, pyoxigraph) load only
when a function that needs them is called.

>>> import csrgraph
>>> isinstance(csrgraph.__version__, str)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csrgraph.explore.explain import explain
    from csrgraph.graph.load import load_graph
    from csrgraph.search import search
    from csrgraph.sparql.api import run_query
    from csrgraph.sparql.catalog import list_queries
    from csrgraph.validation import validate

    __version__: str

__all__ = [
    "__version__",
    "explain",
    "list_queries",
    "load_graph",
    "run_query",
    "search",
    "validate",
]

#: Where each public name lives: imported on first use, so ``import csrgraph`` stays cheap.
_LAZY = {
    "explain": "csrgraph.explore.explain",
    "list_queries": "csrgraph.sparql.catalog",
    "load_graph": "csrgraph.graph.load",
    "run_query": "csrgraph.sparql.api",
    "search": "csrgraph.search",  # the package, callable as its search function
    "validate": "csrgraph.validation",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use (``__version__`` from :mod:`csrgraph._version`)."""
    import importlib

    value: Any
    if name == "__version__":
        from csrgraph._version import version

        value = version()
    elif name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        value = module if module.__name__ == f"{__name__}.{name}" else getattr(module, name)
    else:
        raise AttributeError(f"module 'csrgraph' has no attribute {name!r}")
    globals()[name] = value  # later lookups are plain attribute reads
    return value
