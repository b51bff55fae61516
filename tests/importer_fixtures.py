"""The output of every importer on its test fixture (tests/fixtures/<source>/), for tests."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

import rdflib

from csrgraph.importers import IMPORTERS
from csrgraph.importers.records import write_triples

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def imported_ntriples(source: str) -> bytes:
    """Return the N-Triples the importer of ``source`` writes for its fixture folder."""
    import tempfile

    module = importlib.import_module(IMPORTERS[source])
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.nt"
        write_triples(module.import_triples(FIXTURES / source), out, "nt")
        return out.read_bytes()


def imported_fixtures() -> rdflib.Graph:
    """Return one graph of every importer's output on its fixture folder."""
    assert len(IMPORTERS) >= 1
    graph = rdflib.Graph()
    for source in sorted(IMPORTERS):
        graph.parse(data=imported_ntriples(source), format="nt")
    return graph
