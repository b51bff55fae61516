"""Load the graph: the bundled ontology and data plus the user's own files, parsed strictly.

Every file, bundled or not, is parsed by pyoxigraph (:mod:`csrgraph.graph.parsing`, which reads
the bytes through :mod:`csrgraph.graph.reading`), never by rdflib's lenient parsers; the user's
files in a child bounded in memory and time (:mod:`csrgraph.graph.isolated`). Two
destinations share the parsing:

* :func:`load_store` fills an embedded Oxigraph store, the SPARQL engine of ``csrgraph query``
  (rdflib is not imported on that path). The user's files are streamed into the store by
  :func:`csrgraph.graph.streaming.stream_file`, the one loader the persistent index
  (:mod:`csrgraph.graph.index`) uses too; the bundled files' prefixes are scanned, not parsed
  (:func:`declared_prefixes`);
* :func:`load_graph` builds an :class:`rdflib.Graph` for SHACL validation and the Python API.

The names of reading and parsing this module once defined itself are re-exported here for
callers written against it (``parse_file``, ``stream_file`` and ``load_path`` as
:mod:`csrgraph.graph.isolated` wraps them); new code imports them from
:mod:`csrgraph.graph.reading`, :mod:`csrgraph.graph.parsing` and :mod:`csrgraph.graph.isolated`.
This module imports neither rdflib nor pyoxigraph at import time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph.arguments import as_paths, check_flag
from csrgraph.errors import InputError
from csrgraph.graph import parsing, streaming
from csrgraph.graph.isolated import load_path, parse_file, stream_file, stream_into
from csrgraph.graph.literals import LiteralWatch
from csrgraph.graph.parsing import (
    MAX_TOKEN_BYTES,
    SUFFIX_FORMATS,
    Parsed,
    guess_format,
    parse_bytes,
    refuse_xml_declarations,
    strict_parser,
    syntax_message,
    too_large,
)
from csrgraph.graph.reading import (
    MAX_STREAM_BYTES,
    PathLike,
    decode_utf8,
    display_name,
    is_regular,
    line_column,
    read_bytes,
    read_stream,
    reading_errors,
    streams_read_here,
)
from csrgraph.graph.streaming import StreamedFile
from csrgraph.namespaces import XSD

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib


#: This module's own names and those it re-exports from :mod:`csrgraph.graph.parsing` and
#: :mod:`csrgraph.graph.reading` (defined here before the split; new code imports them there).
__all__ = [
    "MAX_STREAM_BYTES",
    "MAX_TOKEN_BYTES",
    "SUFFIX_FORMATS",
    "Parsed",
    "StreamedFile",
    "bundled_prefixes",
    "declared_prefixes",
    "decode_utf8",
    "display_name",
    "graph_from_parsed",
    "graph_from_quads",
    "guess_format",
    "is_regular",
    "line_column",
    "load_graph",
    "load_parsed",
    "load_path",
    "load_store",
    "load_store_and_prefixes",
    "parse_bytes",
    "parse_file",
    "read_bytes",
    "read_stream",
    "refuse_xml_declarations",
    "stream_file",
    "streams_read_here",
    "strict_parser",
    "syntax_message",
    "to_rdflib",
    "too_large",
]


@cache
def _bundled(kind: str) -> Parsed:
    """Parse the bundled ontology or data files once per process."""
    files = resources.ontology_files() if kind == "ontology" else resources.data_files()
    parsed = Parsed()
    for path in files:
        parsed.extend(parsing.parse_file(path))  # ours: parsed here, no child
    return parsed


def _bundled_of(include_ontology: bool, include_data: bool) -> Parsed:
    """Return a fresh Parsed holding the selected bundled parts."""
    parsed = Parsed()
    if include_ontology:
        parsed.extend(_bundled("ontology"))
    if include_data:
        parsed.extend(_bundled("data"))
    return parsed


def load_parsed(
    data: Iterable[PathLike] = (),
    *,
    include_ontology: bool = True,
    include_data: bool = True,
) -> Parsed:
    """Return the quads and prefixes of the selected bundled files plus the user's files.

    >>> load_parsed(include_ontology=False, include_data=False).quads
    []
    """
    data = as_paths(data)  # a str is one file
    parsed = _bundled_of(include_ontology, include_data)
    for path in data:
        parsed.extend(parse_file(path))
    return parsed


#: A Turtle prefix declaration opening a line: ``@prefix p: <iri> .`` or ``PREFIX p: <iri>``.
_PREFIX_LINE = r"^[ \t]*(?:@prefix|(?i:prefix))[ \t]+([^\s:]*):[ \t]*<([^<>\\\s]*)>"


def declared_prefixes(text: str) -> dict[str, str]:
    r"""Return the prefixes a Turtle file declares, as pyoxigraph's parser reports them.

    A cheap scan of the declaration lines (no parse): the bundled files' prefixes only
    shorten IRIs in output and resolve prefixed names in queries, so the query path reads
    them this way and loads the files with the engine's own bulk loader. A later declaration
    of a name wins, and the names come sorted, as the parser gives them; a test checks that
    this equals the parser's answer for every bundled file.

    >>> declared_prefixes("@prefix ex: <http://e/> .\nPREFIX a: <http://a/>\nex:x ex:p 1 .")
    {'a': 'http://a/', 'ex': 'http://e/'}
    """
    import re

    found = dict(re.findall(_PREFIX_LINE, text, re.MULTILINE))
    return dict(sorted(found.items()))


def _bundled_files(include_ontology: bool, include_data: bool) -> list[Path]:
    """Return the selected bundled files: ontology (shapes excluded), then data."""
    files: list[Path] = []
    if include_ontology:
        files += resources.ontology_files()
    if include_data:
        files += resources.data_files()
    return files


@cache
def _bundled_prefixes(include_ontology: bool = True, include_data: bool = True) -> dict[str, str]:
    """Scan the selected bundled files for their prefixes, once per process."""
    prefixes: dict[str, str] = {}
    for path in _bundled_files(include_ontology, include_data):
        with reading_errors(str(path)):
            text = path.read_text(encoding="utf-8")
        for name, iri in declared_prefixes(text).items():
            prefixes.setdefault(name, iri)  # earlier files win, as in Parsed.extend
    return prefixes


def bundled_prefixes() -> dict[str, str]:
    """Return the prefixes declared by the bundled ontology and data files.

    >>> bundled_prefixes()["csro"]
    'https://w3id.org/csrgraph/ontology#'
    """
    return dict(_bundled_prefixes())


def load_store(
    data: Iterable[PathLike] = (),
    *,
    include_ontology: bool = True,
    include_data: bool = True,
) -> pyoxigraph.Store:
    """Return an in-memory Oxigraph store holding the bundled graph plus the user's files.

    Args:
        data: extra RDF files (Turtle, N-Triples, RDF/XML, JSON-LD; ``-`` is stdin).
        include_ontology: load the bundled ontology (``ontology/*.ttl``, shapes excluded).
        include_data: load the bundled instance data (``data/*.ttl``).

    Raises:
        InputError: a file is missing, unreadable, not UTF-8 or not valid RDF.

    >>> store = load_store(include_ontology=False, include_data=False)
    >>> len(store)
    0

    """
    data = as_paths(data)  # a str is one file
    import pyoxigraph as ox

    store = ox.Store()
    for path in _bundled_files(include_ontology, include_data):
        streaming.load_path(store, path, small=True)  # ours, small: here, the one-shot loader
    for source in data:
        load_path(store, source)
    return store


def _noted(store: pyoxigraph.Store, watch: LiteralWatch, quads: Iterable[pyoxigraph.Quad]) -> None:
    """Load ``quads`` into ``store``, ``watch`` noting their typed literals."""
    store.bulk_extend(watch.quads(quads))


def load_store_and_prefixes(
    data: Iterable[PathLike] = (),
    *,
    include_ontology: bool = True,
    include_data: bool = True,
    watch: LiteralWatch | None = None,
) -> tuple[pyoxigraph.Store, dict[str, str]]:
    """Return :func:`load_store`'s store and the prefixes its files declare.

    The prefixes are those :func:`load_parsed` gives: the selected bundled files' first,
    then the user's files' (an earlier declaration of a name wins). The user's files are
    streamed, so their prefixes are read as they are parsed; an N-Triples file on disk
    (by its suffix), which declares none, is handed to the engine's bulk loader by path
    (:func:`~csrgraph.graph.isolated.load_path`: the same checks, no Python object per
    triple; about three times quicker on the whole O*NET import).

    With ``watch``, the typed literals of the user's files are noted as they load (an
    N-Triples file by a scan of its bytes), to find whether the store rewrote one
    (:class:`~csrgraph.graph.literals.LiteralWatch`).

    Raises:
        InputError: a file is missing, unreadable, not UTF-8 or not valid RDF.

    >>> store, prefixes = load_store_and_prefixes(include_ontology=False)
    >>> len(store) > 0, "csro" in prefixes
    (True, True)

    """
    data = as_paths(data)  # a str is one file
    store = load_store(include_ontology=include_ontology, include_data=include_data)
    prefixes = dict(_bundled_prefixes(include_ontology, include_data))
    for path in data:
        if is_regular(path) and SUFFIX_FORMATS.get(Path(str(path)).suffix.lower()) == "N_TRIPLES":
            load_path(store, path)
            if watch is not None:
                watch.scan(path)
            continue
        if watch is None:
            loaded = stream_file(store, path)
        else:
            loaded = stream_into(functools.partial(_noted, store, watch), path)
        for name, iri in loaded.prefixes.items():
            prefixes.setdefault(name, iri)
    return store, prefixes


def to_rdflib(term: object) -> rdflib.term.Node:
    """Convert a pyoxigraph term into the equal rdflib term.

    >>> import pyoxigraph as ox
    >>> to_rdflib(ox.Literal("Kunde", language="de")).language
    'de'
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)  # as written
    raise InputError(f"RDF 1.2 triple terms are not supported: {term}")


def graph_from_parsed(parsed: Parsed) -> rdflib.Graph:
    """Build an rdflib Graph from parsed quads, binding their prefixes."""
    return graph_from_quads(parsed.quads, parsed.prefixes)


def graph_from_quads(
    quads: Iterable[pyoxigraph.Quad], prefixes: dict[str, str] | None = None
) -> rdflib.Graph:
    """Build an rdflib Graph from quads (a list, a Store, ...), binding ``prefixes``.

    The quads' graph names are dropped: every triple lands in the one graph.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    >>> len(graph_from_quads(store, {"ex": "urn:"}))
    1
    """
    import logging

    import rdflib

    graph = rdflib.Graph()
    for name, iri in (prefixes or {}).items():
        graph.bind(name, iri, override=True, replace=True)
    add = graph.add
    # rdflib logs a traceback for each literal whose text does not fit its datatype
    # ("abc"^^xsd:integer); one line says so instead, and the shapes judge the value.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    ill_typed: list[str] = []
    # Each distinct term converted once: a release repeats its IRIs and values many times,
    # and rdflib's Literal constructor (which reads the value) is the cost of the copy.
    known: dict[object, rdflib.term.Node] = {}

    def term(node: object) -> rdflib.term.Node:
        found = known.get(node)
        if found is None:
            found = known[node] = to_rdflib(node)
        return found

    try:
        for quad in quads:
            value = term(quad.object)
            if getattr(value, "ill_typed", False):
                ill_typed.append(str(quad.object))
            add((term(quad.subject), term(quad.predicate), value))
    finally:
        term_log.setLevel(level)
    if ill_typed:
        more = f" and {len(ill_typed) - 1} more" if len(ill_typed) > 1 else ""
        logging.getLogger("csrgraph").warning(
            "Warning: %s%s: not a valid value of its datatype", ill_typed[0][:200], more
        )
    return graph


def load_graph(
    data: Sequence[PathLike] | Iterable[PathLike] = (),
    *,
    include_ontology: bool = True,
    include_data: bool = True,
) -> rdflib.Graph:
    """Return the bundled graph plus the user's files as an :class:`rdflib.Graph`.

    Files are parsed strictly by pyoxigraph and then copied into rdflib, so rdflib's
    lenient parsers never see user input.

    Args:
        data: extra RDF files (Turtle, N-Triples, RDF/XML, JSON-LD; ``-`` is stdin).
        include_ontology: include the bundled ontology (shapes excluded).
        include_data: include the bundled instance data.

    Raises:
        InputError: a file is missing, unreadable, not UTF-8 or not valid RDF; the message
            names the file and, for a syntax error, the line and column.

    >>> graph = load_graph()
    >>> len(graph) > 0
    True

    """
    data = as_paths(data)  # a str is one file
    include_ontology = check_flag(include_ontology, "include_ontology")
    include_data = check_flag(include_data, "include_data")
    parsed = load_parsed(data, include_ontology=include_ontology, include_data=include_data)
    return graph_from_parsed(parsed)
