"""The output of every importer on its test fixture (tests/fixtures/<source>/), for tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import rdflib

from csrgraph.importers import IMPORTERS, write_import

FIXTURES = Path(__file__).parent / "fixtures"
#: The fixture folder of a source whose folder is not named after it.
FOLDERS = {"crosswalk": "crosswalks"}
#: The release of each fixture (its folder name does not say it, and nothing is assumed).
RELEASES: dict[str, dict[str, object]] = {"onet": {"version": "29.2"}, "esco": {"version": "1.2.0"}}


@cache
def imported_ntriples(source: str, occupations: tuple[str, ...] = ()) -> bytes:
    """Return the N-Triples the importer of ``source`` writes for its fixture folder.

    ``occupations`` limits an O*NET import to those codes (a smaller graph to validate).
    """
    import tempfile

    options: dict[str, object] = {"occupations": occupations} if occupations else {}
    options.update(RELEASES.get(source, {}))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.nt"
        write_import(source, FIXTURES / FOLDERS.get(source, source), out, "nt", **options)
        return out.read_bytes()


def imported_fixtures() -> rdflib.Graph:
    """Return one graph of every importer's output on its fixture folder."""
    assert len(IMPORTERS) >= 1
    graph = rdflib.Graph()
    for source in sorted(IMPORTERS):
        graph.parse(data=imported_ntriples(source), format="nt")
    return graph
