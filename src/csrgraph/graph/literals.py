"""Find the typed literals an Oxigraph store would not keep as written.

pyoxigraph's Store encodes the XSD values it knows natively, so it gives back
``"05"^^xsd:int`` as ``"5"^^xsd:integer`` and ``"1"^^xsd:boolean`` as ``"true"``. A SHACL
engine reading the store would judge values the file does not hold. :class:`LiteralWatch`
collects the distinct typed literals of the XSD namespace (``xsd:string`` aside) while data
is loaded (from quads streamed in Python, or by a scan of an N-Triples file's bytes) and
decides exactly which the store rewrites: it inserts them into a scratch store and compares
what comes back (no canonicaliser of its own).
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph._typing import PathLike
from csrgraph.namespaces import XSD

if TYPE_CHECKING:
    import pyoxigraph

#: A datatype marker in N-Triples: ``^^`` then the datatype IRI of the XSD namespace (not
#: ``xsd:string``), or an IRI holding an escape (decoded by the parser, then judged).
_MARKER = re.compile(
    rb"\^\^[ \t]*<(?:http://www\.w3\.org/2001/XMLSchema#(?!string>)[^>\\]*|[^>\\\n]*\\[^>\n]*)>"
)
_BATCH = 50_000
_STRING = XSD + "string"


def _opening(data: mmap.mmap, close: int, start: int) -> int:
    """Return where the literal whose closing quote is at ``close`` opens (-1 if none)."""
    end = close
    while True:
        found = data.rfind(b'"', start, end)
        if found < 0:
            return -1
        slashes = 0
        while found - slashes - 1 >= start and data[found - slashes - 1] == 0x5C:
            slashes += 1
        if slashes % 2 == 0:
            return found
        end = found


def _markers(data: mmap.mmap, lines: dict[bytes, None]) -> None:
    """Add to ``lines`` the text of each typed XSD literal in N-Triples ``data``."""
    for match in _MARKER.finditer(data):
        close = match.start() - 1
        while close >= 0 and data[close] in b" \t":
            close -= 1
        if close < 0 or data[close] != 0x22:
            continue
        line_start = data.rfind(b"\n", 0, close) + 1
        opening = _opening(data, close, line_start)
        if 0 <= opening < close:
            lines[data[opening : match.end()]] = None


def rewritten_among(literals: Iterable[pyoxigraph.Literal]) -> pyoxigraph.Literal | None:
    """Return one of ``literals`` that a pyoxigraph Store gives back with another datatype.

    A store keeps ``"05"^^xsd:int`` as ``"5"^^xsd:integer``: another term, of another
    datatype, which ``sh:datatype`` judges differently. A rewrite within the datatype
    (``"57.10"^^xsd:decimal`` as ``"57.1"``, ``"1"^^xsd:boolean`` as ``"true"``) keeps the
    value, so the engines reading the store judge it by that value; it is not returned.

    >>> import pyoxigraph as ox
    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> print(rewritten_among([ox.Literal("5", datatype=ox.NamedNode(xsd + "integer"))]))
    None
    >>> rewritten_among([ox.Literal("05", datatype=ox.NamedNode(xsd + "int"))]).value
    '05'
    """
    import pyoxigraph as ox

    predicate = ox.NamedNode("urn:csrgraph:literal")
    batch: list[pyoxigraph.Literal] = []

    def check() -> pyoxigraph.Literal | None:
        scratch = ox.Store()
        scratch.extend(
            ox.Quad(ox.NamedNode(f"urn:csrgraph:{i}"), predicate, literal)
            for i, literal in enumerate(batch)
        )
        for quad in scratch:
            original = batch[int(quad.subject.value.removeprefix("urn:csrgraph:"))]
            stored = quad.object
            if stored != original and getattr(stored, "datatype", None) != original.datatype:
                return original
        return None

    for literal in literals:
        batch.append(literal)
        if len(batch) >= _BATCH:
            found = check()
            if found is not None:
                return found
            batch.clear()
    return check() if batch else None


class LiteralWatch:
    """Collect the typed literals of data as it is loaded; say whether a store rewrites one.

    >>> import pyoxigraph as ox
    >>> watch = LiteralWatch()
    >>> line = b'<urn:a> <urn:b> "05"^^<http://www.w3.org/2001/XMLSchema#int> .'
    >>> quads = list(watch.quads(ox.parse(line, ox.RdfFormat.N_TRIPLES)))
    >>> str(watch.rewritten())
    '"05"^^<http://www.w3.org/2001/XMLSchema#int>'
    """

    def __init__(self) -> None:
        self._seen: set[pyoxigraph.Literal] = set()
        self._found: pyoxigraph.Literal | None = None

    def quads(self, quads: Iterable[pyoxigraph.Quad]) -> Iterator[pyoxigraph.Quad]:
        """Pass ``quads`` on, noting each typed XSD literal among their objects."""
        import pyoxigraph as ox

        seen = self._seen
        for quad in quads:
            value = quad.object
            if (
                isinstance(value, ox.Literal)
                and value.language is None
                and value.datatype.value.startswith(XSD)
                and value.datatype.value != _STRING
            ):
                seen.add(value)
            yield quad

    def scan(self, path: PathLike) -> None:
        """Note the typed XSD literals of an N-Triples file, by a scan of its bytes.

        A literal the store would rewrite is confirmed by parsing the file (a marker in a
        comment or inside a string is no literal of the data).
        """
        import pyoxigraph as ox

        lines: dict[bytes, None] = {}
        with open(path, "rb") as file:
            if Path(path).stat().st_size:
                with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
                    _markers(data, lines)
        candidates: list[pyoxigraph.Literal] = []
        for text in lines:
            try:
                (quad,) = ox.parse(b"<urn:a> <urn:b> " + text + b" .", ox.RdfFormat.N_TRIPLES)
            except (SyntaxError, ValueError):  # not a literal after all (e.g. a comment)
                continue
            if isinstance(quad.object, ox.Literal):
                candidates.append(quad.object)
        suspect = rewritten_among(candidates)
        if suspect is None:
            return
        # Confirm (and find one for sure) with the parser: the rare, slow case.
        watch = LiteralWatch()
        for _ in watch.quads(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)):
            pass
        self._seen |= watch._seen

    def rewritten(self) -> pyoxigraph.Literal | None:
        """Return one noted literal a pyoxigraph Store would not keep as written, or None."""
        if self._found is None and self._seen:
            self._found = rewritten_among(self._seen)
            self._seen = set()
        return self._found
