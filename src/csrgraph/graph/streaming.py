"""Stream a user's RDF file into a store: read in pieces, checked as it is read.

The streaming half of the strict parser (:mod:`csrgraph.graph.parsing`): the same checks
(UTF-8, no ``DOCTYPE``/``ENTITY`` in RDF/XML, nesting bounded, blank nodes renamed, default
graph only unless asked) on a file too large to hold as bytes, and the engine's own path
loader where a format allows it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.graph.nesting import check_bytes, check_stream
from csrgraph.graph.parsing import (
    QUAD_SUFFIX_FORMATS,
    SUFFIX_FORMATS,
    XML_DECLARATION,
    guess_format,
    parse_failure,
    refuse_xml_declarations,
    strict_parser,
    too_large,
)
from csrgraph.graph.reading import (
    PathLike,
    display_name,
    is_regular,
    read_bytes,
    reading_errors,
)

if TYPE_CHECKING:
    import pyoxigraph

#: Bytes of a chunk kept to find a declaration split across two reads.
_XML_OVERLAP = len(b"<!DOCTYPE") - 1


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

    def __init__(self, raw: io.RawIOBase | io.BufferedIOBase, *, xml: bool, digest: bool) -> None:
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
            if XML_DECLARATION.search(chunk):
                self.refused = True  # the parser turns the error into its own
                raise OSError("DOCTYPE/ENTITY declarations are refused")
            self._tail = chunk[-_XML_OVERLAP:]
        if self.hash is not None:
            self.hash.update(view)
        self.size += count
        return count


def _open(path: PathLike) -> io.FileIO:
    """Open a file for reading bytes, turning every OS failure into an InputError."""
    with reading_errors(display_name(path)):
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
    return stream_into(store.bulk_extend, path, digest=digest)


def stream_into(
    consume: Callable[[pyoxigraph.QuadParser], object],
    path: PathLike,
    *,
    digest: bool = False,
    graphs: bool = False,
) -> StreamedFile:
    """Parse one RDF file strictly as :func:`stream_file` does, handing the parser to ``consume``.

    ``consume`` takes the quads as they come (a store's bulk loader, or a writer of
    N-Triples in the parsing child of :mod:`csrgraph.graph.isolated`); the errors are
    :func:`stream_file`'s. ``graphs`` allows named graphs, and N-Quads and TriG files by
    their suffix (see :func:`strict_parser`).
    """
    name = display_name(path)
    suffix = Path(str(path)).suffix.lower()
    known = (QUAD_SUFFIX_FORMATS.get(suffix) if graphs else None) or SUFFIX_FORMATS.get(suffix)
    if not is_regular(path):  # stdin, a pipe, a FIFO, a device: read once, no seek
        stdin = read_bytes(path)
        raw: io.RawIOBase | io.BufferedIOBase = io.BytesIO(stdin)
        fmt = known or guess_format(path, stdin)
        check_bytes(stdin, fmt, name)

        def again() -> bytes:
            return stdin
    else:
        raw = _open(path)
        fmt = known or guess_format(path, raw.read(4096))
        raw.seek(0)
        with reading_errors(name):
            check_stream(raw, fmt, name)  # the nesting, before the parser sees a byte
        raw.seek(0)

        def again() -> bytes:
            return read_bytes(path)

    with raw:
        reader = _CheckedReader(raw, xml=fmt == "RDF_XML", digest=digest)
        parser = strict_parser(io.BufferedReader(reader, 1 << 20), fmt, name, graphs=graphs)
        try:
            consume(parser)
        except MemoryError:
            raise too_large(name, again) from None
        except (SyntaxError, ValueError, OSError) as err:
            if reader.refused:  # word it with the line and column
                refuse_xml_declarations(again(), name)
            raise parse_failure(err, name, again) from None
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
    with _open(path) as raw, reading_errors(name):  # missing, a folder, unreadable: one line
        check_stream(raw, fmt, name)  # the nesting, before the engine sees a byte
    try:
        with reading_errors(name):
            load = store.load if small else store.bulk_load
            load(path=text, format=getattr(ox.RdfFormat, fmt))
    except MemoryError:
        raise too_large(name, lambda: read_bytes(path)) from None
    except (SyntaxError, ValueError) as err:
        if isinstance(err, SyntaxError) and err.args:
            # by path the engine names the file in the message: word it as when streamed
            message = str(err.args[0]).replace(f"({text}, line ", "(line ")
            err = SyntaxError(message, (text, err.lineno, err.offset, None))
        raise parse_failure(err, name, lambda: read_bytes(path)) from None
