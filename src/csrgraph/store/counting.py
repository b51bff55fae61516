"""Counting the triples of an N-Triples file Oxigraph wrote: as lines, and as a store holds them.

A store may hold fewer triples than the distinct lines it was sent: Oxigraph (like Jena TDB
and Virtuoso) keeps a typed literal by its value where the datatype has one, so
``"5"^^xsd:integer`` and ``"05"^^xsd:integer`` are one triple there. :func:`distinct_lines` is
what was sent; :func:`distinct_values` is the least a store keeps, counting literals of one
value once, as Oxigraph does. A load checks the store against the first, and only when the
store holds fewer, against the second (which costs a second read of the file).

>>> import tempfile
>>> from pathlib import Path
>>> n = '<urn:a> <urn:n> "{}"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "five.nt"
...     _ = path.write_text(n.format("5") + n.format("05") + n.format("6"), encoding="utf-8")
...     distinct_lines(path), distinct_values(path)
(3, 2)
"""

from __future__ import annotations

from pathlib import Path

#: The bytes of a line whose object is a literal of an XML Schema datatype (those a store may
#: keep by value); the other lines are equal triples only when they are equal lines.
_XSD_TYPED = b'"^^<http://www.w3.org/2001/XMLSchema#'


def distinct_lines(path: Path) -> int:
    """Count the distinct triples of an N-Triples file Oxigraph wrote, term by term.

    Oxigraph writes one canonical line per triple, so equal lines are equal triples.
    """
    with path.open("rb") as lines:
        return len({hash(line) for line in lines})


def distinct_values(path: Path) -> int:
    """Count the distinct triples of an N-Triples file Oxigraph wrote, as Oxigraph keeps them.

    Literals of an XML Schema datatype count once per value (``"5"`` and ``"05"`` as
    ``xsd:integer``): each distinct such literal is put into an embedded Oxigraph store, which
    gives back the form it keeps; a literal that is not a valid value stays as written.
    """
    import pyoxigraph

    typed: dict[bytes, set[int]] = {}  # literal as written -> hashes of the lines' s and p
    with path.open("rb") as lines:
        plain = {hash(line) for line in lines if _XSD_TYPED not in line or _add(typed, line)}
    literals = list(typed)
    store = pyoxigraph.Store()
    store.load(
        input=b"".join(
            b"<urn:x-csrgraph:%d> <urn:x-csrgraph:value> %s .\n" % (n, literal)
            for n, literal in enumerate(literals)
        ),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    kept = {int(str(q.subject.value).rpartition(":")[2]): str(q.object) for q in store}
    keys = {(head, kept[n]) for n, literal in enumerate(literals) for head in typed[literal]}
    return len(plain) + len(keys)


def _add(typed: dict[bytes, set[int]], line: bytes) -> bool:
    """File ``line`` under its literal; return False (the line is not a plain one).

    The subject and predicate (IRIs or blank nodes) hold no ``"``: the literal starts at the
    first.
    """
    start = line.index(b'"')
    typed.setdefault(line[start:].rstrip(b" .\r\n"), set()).add(hash(line[:start]))
    return False
