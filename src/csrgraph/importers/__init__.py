"""Importers of other occupation datasets: one module per source behind one API.

Each importer reads a source's own download layout (columns by header name, strict about
what a row must hold, lenient about extra columns and files) and yields triples in
csrgraph's vocabulary, every imported node pointing to the record it was read from
(:mod:`csrgraph.importers.provenance`). :mod:`csrgraph.importers.tables` reads the delimited
files.

The API (:mod:`csrgraph.importers.api`): :data:`IMPORTERS` names each source's module,
whose ``import_triples(source, *, report=None, **options)`` yields the triples of the
import and fills an :class:`ImportReport` (files and rows read, rows skipped and why,
warnings, triples). :class:`Import` runs one import; :func:`write_import` writes it all or
nothing with :mod:`csrgraph.importers.output`, which is what ``csrgraph import <source>``
(:mod:`csrgraph.cli.importers`) does.
"""

from __future__ import annotations

from csrgraph.importers.api import IMPORTERS, Import, Importer, ImportReport, importer, write_import

__all__ = ["IMPORTERS", "Import", "ImportReport", "Importer", "importer", "write_import"]
