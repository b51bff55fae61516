"""Load the graph: the bundled ontology and data plus the user's own files, parsed strictly.

Every file, bundled or not, is parsed by pyoxigraph, which rejects invalid Turtle that rdflib
would accept, never fetches a remote JSON-LD ``@context`` and never reads other local files.
An RDF/XML file that declares a ``DOCTYPE`` or an ``ENTITY`` is refused before parsing, so an
entity-expansion bomb cannot grow in memory. Every failure is an :class:`InputError` whose
message names the file, and the line and column where the parser gave them.

Two destinations share the parsing:

* :func:`load_store` fills an embedded Oxigraph store, the SPARQL engine of ``csrgraph query``
  (rdflib is not imported on that path). The user's files are streamed into the store by
  :func:`stream_file`, the one loader the persistent index (:mod:`csrgraph.index`) uses too:
  no list of Python quads, no decoding pass before the parse (the parser checks UTF-8 as it
  reads; a failed parse of bytes that are not UTF-8 is then reported as such);
* :func:`load_graph` builds an :class:`rdflib.Graph` for SHACL validation and the Python API.

This module imports neither rdflib nor pyoxigraph at import time.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from csrgraph import resources
from csrgraph.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

PathLike = str | Path

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

# The XML parser takes a DOCTYPE anywhere in the file and in any case, so look everywhere.
_XML_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")
#: Bytes of a chunk kept to find a declaration split across two reads.
_XML_OVERLAP = len(b"<!DOCTYPE") - 1


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


def display_name(path: PathLike) -> str:
    """Return how messages name a file: ``<stdin>`` for ``-``, else the path as given.

    >>> display_name("-")
    '<stdin>'
    >>> display_name("data/csr.ttl")
    'data/csr.ttl'
    """
    return "<stdin>" if str(path) == "-" else str(path)


#: The most bytes read from stdin, a pipe, a FIFO or a device (``/dev/zero`` never ends).
MAX_STREAM_BYTES = 256 * 1024 * 1024


def is_regular(path: PathLike) -> bool:
    """Tell whether ``path`` is a regular file (not ``-``, a pipe, a FIFO or a device)."""
    if str(path) == "-":
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # the open that follows says what is wrong


def read_stream(raw: BinaryIO, name: str, limit: int = MAX_STREAM_BYTES) -> bytes:
    """Read a stream once, to its end, refusing more than ``limit`` bytes.

    >>> import io
    >>> read_stream(io.BytesIO(b"abc"), "x", limit=2)
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: x: more than 2 bytes from a pipe or device (save it to a file)
    """
    chunks: list[bytes] = []
    size = 0
    with _reading(name):
        while chunk := raw.read(min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(
                    f"{name}: more than {limit:,} bytes from a pipe or device (save it to a file)"
                )
    return b"".join(chunks)


def read_bytes(path: PathLike, limit: int = MAX_STREAM_BYTES) -> bytes:
    """Read a whole file (``-`` is stdin), turning every OS failure into an InputError.

    Stdin, a pipe, a FIFO or a device is read once, up to ``limit`` bytes.

    >>> read_bytes("no/such/file.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: no/such/file.ttl: no such file
    """
    name = display_name(path)
    if str(path) in _STREAMS:
        return _STREAMS[str(path)]
    if str(path) == "-":
        return read_stream(sys.stdin.buffer, name, limit)
    if not is_regular(path):
        with _reading(name), open(path, "rb", buffering=0) as raw:
            return read_stream(raw, name, limit)
    with _reading(name):
        return Path(path).read_bytes()


#: Streams read ahead for a child process (see :func:`streams_read_here`), by path as given.
_STREAMS: dict[str, bytes] = {}


@contextmanager
def streams_read_here(paths: Iterable[PathLike]) -> Iterator[None]:
    """Read stdin, pipes and devices among ``paths`` now, for a child forked meanwhile.

    A child process started by :mod:`multiprocessing` has no stdin of its own, so what it
    would read from ``-`` or ``/dev/stdin`` is read here, once, and handed over.
    """
    names = [str(p) for p in paths if not is_regular(p)]
    for name in names:
        _STREAMS[name] = read_bytes(name)
    try:
        yield
    finally:
        for name in names:
            _STREAMS.pop(name, None)


@contextmanager
def _reading(name: str) -> Iterator[None]:
    """Turn every OS failure while reading ``name`` into one InputError line."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None


def line_column(data: bytes, offset: int) -> tuple[int, int]:
    r"""Return the 1-based line and column of byte ``offset`` in ``data``.

    >>> line_column(b"ab\ncd", 4)
    (2, 2)
    """
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_utf8(data: bytes, name: str) -> str:
    r"""Decode ``data`` as UTF-8 or raise an InputError naming the first bad byte.

    >>> decode_utf8(b"ok", "f.ttl")
    'ok'
    >>> decode_utf8(b"a\n\xff", "f.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: f.ttl:2:1: not UTF-8 text (byte 0xff)
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = line_column(data, err.start)
        raise InputError(
            f"{name}:{line}:{column}: not UTF-8 text (byte 0x{data[err.start]:02x})"
        ) from None


def refuse_xml_declarations(data: bytes, name: str) -> None:
    r"""Refuse XML carrying a DOCTYPE or ENTITY declaration (entity-expansion bombs).

    >>> refuse_xml_declarations(b'<?xml?>\n<!DOCTYPE x [', "b.rdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: b.rdf:2:1: DOCTYPE/ENTITY declarations are refused ...
    """
    found = _XML_DECLARATION.search(data)
    if found:
        line, column = line_column(data, found.start())
        raise InputError(
            f"{name}:{line}:{column}: DOCTYPE/ENTITY declarations are refused "
            "(entity expansion can blow up memory)"
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


def _parse_failure(err: Exception, name: str, data: Callable[[], bytes]) -> InputError:
    """Return the InputError for a failed parse; ``data`` gives the bytes (read only now).

    Bytes that are not UTF-8 are named as such (with the first bad byte), whatever the parser
    tripped over, so the message says what to fix.
    """
    if isinstance(err, SyntaxError):
        decode_utf8(data(), name)  # raises the clearer message for non-UTF-8 text
        return InputError(syntax_message(err, name))
    if isinstance(err, ValueError):  # e.g. a named graph in a TriG file
        return InputError(f"{name}: {err}")
    return InputError(f"{name}: cannot load ({err})")


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
        f"{MAX_TOKEN_BYTES // (1024 * 1024)} MiB"
    )


def strict_parser(source: bytes | BinaryIO, fmt: str, name: str) -> pyoxigraph.QuadParser:
    """Return pyoxigraph's parser over ``source`` as csrgraph reads every RDF input.

    Default graph only (a named graph is an error), blank nodes renamed so that files cannot
    share one by accident, and for RDF/XML given as bytes, DOCTYPE/ENTITY declarations refused
    before the parser sees them (a stream is checked by :class:`_CheckedReader` instead).
    """
    import pyoxigraph as ox

    if fmt == "RDF_XML" and isinstance(source, bytes):
        refuse_xml_declarations(source, name)
    return ox.parse(
        source,
        getattr(ox.RdfFormat, fmt),
        without_named_graphs=True,
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
        raise _parse_failure(err, name, lambda: data) from None
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


@dataclass(frozen=True)
class StreamedFile:
    """What :func:`stream_file` loaded: the file as named, its size, digest and prefixes."""

    name: str
    bytes: int
    sha256: str | None
    prefixes: dict[str, str] = field(default_factory=dict)


class _CheckedReader(io.RawIOBase):
    """The bytes of a file on their way to the parser: counted, hashed, checked.

    For RDF/XML every chunk is searched for a ``DOCTYPE``/``ENTITY`` declaration before the
    parser gets it (with an overlap, so a declaration split between two reads is found), so
    an entity-expansion bomb is refused before the parser could expand anything.
    """

    def __init__(self, raw: BinaryIO, *, xml: bool, digest: bool) -> None:
        super().__init__()
        import hashlib

        self._raw = raw
        self._xml = xml
        self._tail = b""
        self.hash = hashlib.sha256() if digest else None
        self.size = 0
        self.refused = False

    def readable(self) -> bool:
        """Return True: this is a reader."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the file; refuse a chunk with an XML declaration."""
        count = self._raw.readinto(buffer) or 0
        if not count:
            return 0
        view = memoryview(buffer)[:count]
        if self._xml:
            chunk = self._tail + bytes(view)
            if _XML_DECLARATION.search(chunk):
                self.refused = True  # the parser turns the error into its own
                raise OSError("DOCTYPE/ENTITY declarations are refused")
            self._tail = chunk[-_XML_OVERLAP:]
        if self.hash is not None:
            self.hash.update(view)
        self.size += count
        return count


def _open(path: PathLike) -> BinaryIO:
    """Open a file for reading bytes, turning every OS failure into an InputError."""
    with _reading(display_name(path)):
        if Path(path).is_dir():
            raise IsADirectoryError
        return open(path, "rb", buffering=0)  # closed by stream_file


def stream_file(store: pyoxigraph.Store, path: PathLike, *, digest: bool = False) -> StreamedFile:
    """Parse one RDF file strictly and stream its triples into ``store`` (``-`` is stdin).

    The triples go from the parser straight into the store's bulk loader: no Python list,
    no decoding pass before the parse. Blank nodes are renamed, so two files cannot share
    one by accident; a named graph, a ``DOCTYPE`` or ``ENTITY`` in RDF/XML, or bytes that are
    not UTF-8 are refused. The format comes from the suffix, else from the first bytes.

    Args:
        store: the pyoxigraph store to fill.
        path: the file (Turtle, N-Triples, RDF/XML, JSON-LD); ``-`` reads stdin.
        digest: compute the SHA-256 of the bytes as they pass.

    Raises:
        InputError: the file is missing, unreadable, not UTF-8 or not valid RDF; the
            message names the file and, for a syntax error, the line and column.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> stream_file(store, "missing.nt")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.nt: no such file

    """
    name = display_name(path)
    if not is_regular(path):  # stdin, a pipe, a FIFO, a device: read once, no seek
        stdin = read_bytes(path)
        raw: BinaryIO = io.BytesIO(stdin)
        fmt = SUFFIX_FORMATS.get(Path(str(path)).suffix.lower()) or guess_format(path, stdin)

        def again() -> bytes:
            return stdin
    else:
        raw = _open(path)
        suffix = Path(str(path)).suffix.lower()
        fmt = SUFFIX_FORMATS.get(suffix) or guess_format(path, raw.read(4096))
        raw.seek(0)

        def again() -> bytes:
            return read_bytes(path)

    with raw:
        reader = _CheckedReader(raw, xml=fmt == "RDF_XML", digest=digest)
        parser = strict_parser(io.BufferedReader(reader, 1 << 20), fmt, name)
        try:
            store.bulk_extend(parser)
        except MemoryError:
            raise too_large(name, again) from None
        except (SyntaxError, ValueError, OSError) as err:
            if reader.refused:  # word it with the line and column
                refuse_xml_declarations(again(), name)
            raise _parse_failure(err, name, again) from None
    sha256 = reader.hash.hexdigest() if reader.hash is not None else None
    return StreamedFile(name, reader.size, sha256, dict(parser.prefixes))


#: Formats :func:`load_path` hands to the engine by path: their only checks (UTF-8, strict
#: syntax; neither can hold a named graph) are the parser's own.
_BY_PATH = frozenset({"TURTLE", "N_TRIPLES"})


def load_path(store: pyoxigraph.Store, path: PathLike, *, small: bool = False) -> None:
    """Parse one RDF file strictly into ``store``, by the fastest path that keeps every check.

    A Turtle or N-Triples file on disk (by its suffix) is read by the engine's bulk loader
    from its path, as a bare pyoxigraph script would: strict parsing, blank nodes renamed,
    bytes that are not UTF-8 reported as such. Anything else (stdin, RDF/XML with its
    ``DOCTYPE``/``ENTITY`` refusal, JSON-LD with its named-graph refusal, a file without a
    known suffix) goes through :func:`stream_file`. ``small`` uses the engine's one-shot
    loader instead of the bulk loader (quicker for a few thousand triples; same checks).

    Raises:
        InputError: as :func:`stream_file`.

    >>> import pyoxigraph as ox
    >>> load_path(ox.Store(), "missing.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.ttl: no such file

    """
    import pyoxigraph as ox

    text = str(path)
    fmt = SUFFIX_FORMATS.get(Path(text).suffix.lower()) if is_regular(path) else None
    if fmt not in _BY_PATH:
        stream_file(store, path)
        return
    name = display_name(path)
    _open(path).close()  # missing, a folder, unreadable: one InputError line, as streamed
    try:
        with _reading(name):
            load = store.load if small else store.bulk_load
            load(path=text, format=getattr(ox.RdfFormat, fmt))
    except MemoryError:
        raise too_large(name, lambda: read_bytes(path)) from None
    except (SyntaxError, ValueError) as err:
        if isinstance(err, SyntaxError) and err.args:
            # by path the engine names the file in the message: word it as when streamed
            message = str(err.args[0]).replace(f"({text}, line ", "(line ")
            err = SyntaxError(message, (text, err.lineno, err.offset, None))
        raise _parse_failure(err, name, lambda: read_bytes(path)) from None


@cache
def _bundled(kind: str) -> Parsed:
    """Parse the bundled ontology or data files once per process."""
    files = resources.ontology_files() if kind == "ontology" else resources.data_files()
    parsed = Parsed()
    for path in files:
        parsed.extend(parse_file(path))
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
        with _reading(str(path)):
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
    import pyoxigraph as ox

    store = ox.Store()
    for path in _bundled_files(include_ontology, include_data):
        load_path(store, path, small=True)  # ours, small Turtle: the one-shot loader is quickest
    for path in data:
        load_path(store, path)
    return store


def load_store_and_prefixes(
    data: Iterable[PathLike] = (),
    *,
    include_ontology: bool = True,
    include_data: bool = True,
) -> tuple[pyoxigraph.Store, dict[str, str]]:
    """Return :func:`load_store`'s store and the prefixes its files declare.

    The prefixes are those :func:`load_parsed` gives: the selected bundled files' first,
    then the user's files' (an earlier declaration of a name wins). The user's files are
    streamed, so their prefixes are read as they are parsed.

    Raises:
        InputError: a file is missing, unreadable, not UTF-8 or not valid RDF.

    >>> store, prefixes = load_store_and_prefixes(include_ontology=False)
    >>> len(store) > 0, "csro" in prefixes
    (True, True)

    """
    store = load_store(include_ontology=include_ontology, include_data=include_data)
    prefixes = dict(_bundled_prefixes(include_ontology, include_data))
    for path in data:
        for name, iri in stream_file(store, path).prefixes.items():
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
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"RDF 1.2 triple terms are not supported: {term}")


def graph_from_parsed(parsed: Parsed) -> rdflib.Graph:
    """Build an rdflib Graph from parsed quads, binding their prefixes."""
    import logging

    import rdflib

    graph = rdflib.Graph()
    for name, iri in parsed.prefixes.items():
        graph.bind(name, iri, override=True, replace=True)
    add = graph.add
    # rdflib logs a traceback for each literal whose text does not fit its datatype
    # ("abc"^^xsd:integer); one line says so instead, and the shapes judge the value.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    ill_typed: list[str] = []
    try:
        for quad in parsed.quads:
            value = to_rdflib(quad.object)
            if getattr(value, "ill_typed", False):
                ill_typed.append(str(quad.object))
            add((to_rdflib(quad.subject), to_rdflib(quad.predicate), value))
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
    parsed = load_parsed(data, include_ontology=include_ontology, include_data=include_data)
    return graph_from_parsed(parsed)
