"""Parse RDF strictly with pyoxigraph: the one parser every RDF input goes through.

pyoxigraph rejects invalid Turtle that rdflib would accept, never fetches a remote JSON-LD
``@context`` and never reads other local files. An RDF/XML file that declares a ``DOCTYPE``
or an ``ENTITY`` is refused before parsing, so an entity-expansion bomb cannot grow in memory.
Every failure is an :class:`~csrgraph.errors.InputError` whose message names the file, and the
line and column where the parser gave them; bytes that are not UTF-8 are reported as such.

* :func:`parse_bytes` and :func:`parse_file` return the quads and prefixes as Python objects
  (:class:`Parsed`), for rdflib (:mod:`csrgraph.graph.load`) and the describers;
* :func:`stream_file` streams a file from the parser straight into a store's bulk loader (no
  list of Python quads, no decoding pass before the parse: the parser checks UTF-8 as it
  reads), the one loader of ``csrgraph query`` and the persistent index
  (:mod:`csrgraph.graph.index`); :func:`load_path` hands Turtle and N-Triples files on disk to the
  engine by path, with the same checks and messages.

The bytes are read by :mod:`csrgraph.graph.reading`. This module imports pyoxigraph only when it
parses, and never imports rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from csrgraph.errors import InputError
from csrgraph.graph.nesting import check_bytes
from csrgraph.graph.reading import (
    PathLike,
    decode_utf8,
    display_name,
    line_column,
    read_bytes,
)

if TYPE_CHECKING:
    import pyoxigraph

#: File suffix -> pyoxigraph ``RdfFormat`` attribute name.
SUFFIX_FORMATS: dict[str, str] = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".ntriples": "N_TRIPLES",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
    ".jsonld": "JSON_LD",
}
#: The quad formats, read only where named graphs are allowed (:func:`strict_parser`).
QUAD_SUFFIX_FORMATS: dict[str, str] = {".nq": "N_QUADS", ".trig": "TRIG"}

# The XML parser takes a DOCTYPE anywhere in the file and in any case, so look everywhere.
XML_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")


@dataclass
class Parsed:
    """Quads and prefix declarations read from one or more RDF files."""

    quads: list[pyoxigraph.Quad] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)

    def extend(self, other: Parsed) -> None:
        """Append the quads and prefixes of ``other`` (earlier prefixes win)."""
        self.quads.extend(other.quads)
        for name, iri in other.prefixes.items():
            self.prefixes.setdefault(name, iri)


def refuse_xml_declarations(data: bytes, name: str) -> None:
    r"""Refuse XML carrying a DOCTYPE or ENTITY declaration (entity-expansion bombs).

    >>> refuse_xml_declarations(b'<?xml?>\n<!DOCTYPE x [', "b.rdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: b.rdf:2:1: DOCTYPE/ENTITY declarations are refused ...
    """
    found = XML_DECLARATION.search(data)
    if found:
        line, column = line_column(data, found.start())
        raise InputError(
            f"{name}:{line}:{column}: DOCTYPE/ENTITY declarations are refused "
            "(entity expansion can blow up memory)",
            file=name,
            line=line,
            column=column,
        )


def guess_format(path: PathLike, data: bytes) -> str:
    """Return the pyoxigraph format name for a file, by suffix, else by its first bytes.

    >>> guess_format("a.ttl", b"")
    'TURTLE'
    >>> guess_format("-", b'  <?xml version="1.0"?>')
    'RDF_XML'
    """
    suffix = Path(str(path)).suffix.lower()
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    head = data.lstrip()[:64]
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<!")):
        return "RDF_XML"
    if head.startswith((b"{", b"[")):
        return "JSON_LD"
    return "TURTLE"  # a superset of N-Triples


def syntax_message(err: SyntaxError, name: str) -> str:
    """Turn a pyoxigraph SyntaxError into ``file:line:col: message``."""
    text = str(err.args[0]) if err.args else str(err)
    # pyoxigraph says "Parser error at line L between columns A and B: what"; keep "what".
    if text.startswith("Parser error at") and ": " in text:
        text = text.split(": ", 1)[1]
    line, column = err.lineno, err.offset
    if line is not None and column is not None:
        return f"{name}:{line}:{column}: {text}"
    return f"{name}: {text}"


def parse_failure(err: Exception, name: str, data: Callable[[], bytes]) -> InputError:
    """Return the InputError for a failed parse; ``data`` gives the bytes (read only now).

    Bytes that are not UTF-8 are named as such (with the first bad byte), whatever the parser
    tripped over, so the message says what to fix.
    """
    if isinstance(err, SyntaxError):
        decode_utf8(data(), name)  # raises the clearer message for non-UTF-8 text
        return InputError(syntax_message(err, name), file=name, line=err.lineno, column=err.offset)
    if isinstance(err, ValueError):  # e.g. a named graph in a TriG file
        return InputError(f"{name}: {err}", file=name)
    return InputError(f"{name}: cannot load ({err})", file=name)


#: The longest token (literal, IRI) pyoxigraph's parsers hold: their buffer's size.
MAX_TOKEN_BYTES = 16 * 1024 * 1024


def too_large(name: str, data: Callable[[], bytes]) -> InputError:
    """Return the error for a literal or IRI longer than the parser's buffer, with its line.

    The line is the first one longer than the buffer, or holding the start of a token
    that runs past it (found by the longest stretch without a line break).
    """
    content = data()
    line, start = 1, 0
    while start <= len(content):
        end = content.find(b"\n", start)
        end = len(content) if end < 0 else end
        if end - start > MAX_TOKEN_BYTES // 2:
            break
        line, start = line + 1, end + 1
    else:
        line = 0
    where = f"{name}:{line}" if line else name
    return InputError(
        f"{where}: a literal or IRI is longer than the parser's limit of "
        f"{MAX_TOKEN_BYTES // (1024 * 1024)} MiB",
        file=name,
        line=line or None,
    )


def strict_parser(
    source: bytes | BinaryIO, fmt: str, name: str, *, graphs: bool = False
) -> pyoxigraph.QuadParser:
    """Return pyoxigraph's parser over ``source`` as csrgraph reads every RDF input.

    Default graph only (a named graph is an error; ``graphs=True`` allows them, for a reader
    of one release's quads such as ``csrgraph diff``), blank nodes renamed so that files
    cannot share one by accident, and for bytes, DOCTYPE/ENTITY declarations in RDF/XML and
    nesting deeper than :func:`csrgraph.graph.nesting.max_nesting` refused before the parser
    sees them (a stream is checked by :class:`_CheckedReader` and :func:`stream_file` instead).
    """
    import pyoxigraph as ox

    if isinstance(source, bytes):
        if fmt == "RDF_XML":
            refuse_xml_declarations(source, name)
        check_bytes(source, fmt, name)
    return ox.parse(
        source,
        getattr(ox.RdfFormat, fmt),
        without_named_graphs=not graphs,
        rename_blank_nodes=True,
    )


def parse_bytes(data: bytes, name: str, fmt: str) -> Parsed:
    """Parse RDF bytes strictly with pyoxigraph into default-graph quads.

    Blank nodes are renamed so that files cannot share one by accident.

    >>> parsed = parse_bytes(b'<http://e/a> <http://e/p> "x" .', "a.nt", "N_TRIPLES")
    >>> len(parsed.quads)
    1
    >>> parse_bytes(b"ex:a ex:p 1 .", "bad.ttl", "TURTLE")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: bad.ttl:1:1: The prefix ex: has not been declared
    """
    parser = strict_parser(data, fmt, name)
    try:
        quads = list(parser)
    except MemoryError:
        raise too_large(name, lambda: data) from None
    except (SyntaxError, ValueError) as err:
        raise parse_failure(err, name, lambda: data) from None
    return Parsed(quads, dict(parser.prefixes))


def parse_file(path: PathLike) -> Parsed:
    """Read and strictly parse one RDF file (``-`` is stdin); the format comes from the suffix.

    >>> parse_file("missing.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.ttl: no such file
    """
    data = read_bytes(path)
    return parse_bytes(data, display_name(path), guess_format(path, data))
