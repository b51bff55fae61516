"""Importers of other occupation datasets: one module per source, three shared helpers.

Each importer reads a source's own download layout (columns by header name, strict about
what a row must hold, lenient about extra columns and files) and yields triples in
csrgraph's vocabulary, every imported node pointing to the record it was read from
(:mod:`csrgraph.importers.provenance`). :mod:`csrgraph.importers.tables` reads the delimited
files; ``csrgraph import <source>`` (:mod:`csrgraph.cli.importers`) writes the triples to a file
with :mod:`csrgraph.importers.output`.

:data:`IMPORTERS` names each source's module; the module has ``import_triples(folder,
**options)``, the iterator of the triples of the import.
"""

from __future__ import annotations

#: source name -> module with ``import_triples`` (imported only when used).
IMPORTERS: dict[str, str] = {
    "onet": "csrgraph.importers.onet",
    "esco": "csrgraph.importers.esco",
}
