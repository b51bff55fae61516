"""Writing an import's triples to Turtle or N-Triples, all or nothing.

:func:`write_triples` streams triples with pyoxigraph (no rdflib, no graph in memory) into
a temporary file that replaces the output only on success. :data:`FORMATS` are the output
formats, :data:`PREFIXES` the prefixes of the Turtle.

This module imports pyoxigraph only when it writes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from csrgraph.errors import not_one_of
from csrgraph.importers.provenance import CSRO, DCAT, DCTERMS, PROV, SCHEMA, SKOS, XSD
from csrgraph.namespaces import RDF, SKOSXL

if TYPE_CHECKING:
    import pyoxigraph

#: The prefixes of the Turtle an importer writes.
PREFIXES: dict[str, str] = {
    "csro": CSRO,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": RDF,
    "schema": SCHEMA,
    "skos": SKOS,
    "skosxl": SKOSXL,
    "xsd": XSD,
}

#: Output formats of ``csrgraph import``: name -> pyoxigraph ``RdfFormat`` attribute.
FORMATS: dict[str, str] = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG"}
#: The formats that carry a named graph: the release's, so releases can sit side by side.
QUAD_FORMATS = frozenset({"nq", "trig"})


def write_triples(
    triples: Iterable[pyoxigraph.Triple],
    output: str | Path | None,
    fmt: str = "ttl",
    *,
    prefixes: dict[str, str] | None = None,
    graph: Callable[[], str] | None = None,
) -> None:
    """Stream ``triples`` as ``fmt`` (a key of :data:`FORMATS`) to ``output`` or stdout.

    A file is written through :func:`csrgraph.writing.atomic_write_stream`: a failure (an
    :class:`~csrgraph.errors.InputError` raised while the triples are produced, say) leaves
    no output file, or the old one untouched. Standard output gets the finished serialization from a
    temporary file, so a failure prints nothing there either. In a format of
    :data:`QUAD_FORMATS` every triple goes to the named graph ``graph()`` returns (asked at
    the first triple: the importer knows its release by then).
    """
    import pyoxigraph

    from csrgraph.writing import atomic_write_stream, write_stdout

    if fmt not in FORMATS:
        raise not_one_of("fmt", fmt, FORMATS)
    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt])
    chosen = (prefixes or PREFIXES) if fmt in ("ttl", "trig") else None
    items: Iterable[pyoxigraph.Triple] | Iterable[pyoxigraph.Quad] = triples
    if fmt in QUAD_FORMATS:
        items = _in_graph(triples, graph or (lambda: ""))

    def produce(stream: BinaryIO) -> None:
        pyoxigraph.serialize(items, stream, rdf_format, prefixes=chosen)

    if output is not None and str(output) != "-":
        atomic_write_stream(output, produce)
        return
    with tempfile.TemporaryFile() as spool:
        produce(spool)
        spool.seek(0)
        while chunk := spool.read(1 << 20):
            write_stdout(chunk)  # a full disk or a closed stdout: one Error: line


def _in_graph(
    triples: Iterable[pyoxigraph.Triple], graph: Callable[[], str]
) -> Iterator[pyoxigraph.Quad]:
    """Yield each triple as a quad in the named graph ``graph()`` (the default graph if empty)."""
    import pyoxigraph

    iterator = iter(triples)
    first = next(iterator, None)
    if first is None:
        return
    name = graph()
    node = pyoxigraph.NamedNode(name) if name else pyoxigraph.DefaultGraph()
    quad = pyoxigraph.Quad
    yield quad(first.subject, first.predicate, first.object, node)
    for t in iterator:
        yield quad(t.subject, t.predicate, t.object, node)
