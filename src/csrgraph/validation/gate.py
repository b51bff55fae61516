"""The gate for SPARQL text in shapes that are not the package's: checked before any engine.

SHACL-SPARQL and SHACL-AF put query text in shapes: ``sh:select`` and ``sh:ask`` (constraints,
SPARQL-based constraint components, SPARQL targets and target types, SHACL functions, which
node expressions call) and ``sh:construct`` (SPARQL rules). An engine prepends the prefix
declarations of ``sh:prefixes`` (``PREFIX p: <ns>`` for each ``sh:declare``) and pastes a
property path in place of ``$PATH``; ``$this``, ``$value`` and parameters are pre-bound
variables. :func:`check_shapes` builds each text the same way and hands it to the query
path's own check (:func:`csrgraph.sparql.policy.check`: read-only, local, bounded), so
``SERVICE``, ``FROM``, ``LOAD`` and the rest are refused in shapes exactly as in queries;
``sh:update`` is refused outright (a shape may only hold queries). Every ``sh:declare``
must be a plain prefix name and an IRI, and every IRI of a property path must read as one
token once compacted, so neither can change what the text around it means.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from csrgraph.errors import InputError, QueryError, UsageError
from csrgraph.namespaces import SH

if TYPE_CHECKING:
    import rdflib

#: The predicates whose object is SPARQL text an engine runs, and the form each must have.
TEXT_PREDICATES = {
    "select": "SELECT",
    "ask": "ASK",
    "construct": "CONSTRUCT",
    "describe": "DESCRIBE",
    "update": "",  # refused: SHACL shapes hold queries only
}
#: How pySHACL finds ``$PATH`` (a preceding space or bracket, then the name, no word end).
_PATH = re.compile(r"([\s{}()])[\$\?]PATH", re.MULTILINE)
_PREFIX_NAME = re.compile(r"(?:[A-Za-z][\w.-]*[\w-])?|[A-Za-z]")


def sparql_texts(shapes: rdflib.Graph) -> list[tuple[rdflib.term.Node, str, str]]:
    """Return ``(node, kind, text)`` for every SPARQL text in ``shapes`` (kind: ``select``, ...).

    >>> import rdflib
    >>> g = rdflib.Graph().parse(data='[] <http://www.w3.org/ns/shacl#ask> "ASK {}" .',
    ...                          format="turtle")
    >>> [(kind, text) for _, kind, text in sparql_texts(g)]
    [('ask', 'ASK {}')]
    """
    from rdflib import URIRef

    found = []
    for kind in TEXT_PREDICATES:
        for node, text in shapes.subject_objects(URIRef(SH + kind)):
            found.append((node, kind, str(text)))
    return sorted(found, key=lambda item: (item[1], str(item[0]), item[2]))


def _declarations(shapes: rdflib.Graph, where: str) -> dict[str, str]:
    """Return every ``sh:declare`` as prefix -> namespace; refuse one that is not inert."""
    import pyoxigraph as ox
    from rdflib import URIRef

    declared: dict[str, str] = {}
    for node in shapes.objects(None, URIRef(SH + "declare")):
        for prefix in shapes.objects(node, URIRef(SH + "prefix")):
            for namespace in shapes.objects(node, URIRef(SH + "namespace")):
                name, iri = str(prefix), str(namespace)
                try:
                    ox.NamedNode(iri)
                except ValueError:
                    raise InputError(f"{where}: sh:namespace {iri!r} is not an IRI") from None
                if not _PREFIX_NAME.fullmatch(name):
                    raise InputError(f"{where}: sh:prefix {name!r} is not a prefix name")
                declared[name] = iri
    return declared


def _check_paths(shapes: rdflib.Graph, declared: dict[str, str], where: str) -> None:
    """Refuse a path IRI an engine would paste as more than one token in place of ``$PATH``.

    pySHACL writes a path IRI as ``prefix:rest`` when a declared namespace starts it,
    whatever ``rest`` holds; ``rest`` must then be a local name and nothing more.
    """
    import pyoxigraph as ox
    from rdflib import URIRef

    from csrgraph.sparql import lexer

    local = lexer.exact("LOCAL")
    for term in set(shapes.subjects()) | set(shapes.objects()):
        if not isinstance(term, URIRef):
            continue
        try:
            ox.NamedNode(str(term))
        except ValueError:
            raise InputError(f"{where}: <{term}> is not an IRI") from None
        for namespace in declared.values():
            rest = str(term)[len(namespace) :]
            if str(term).startswith(namespace) and rest and not local.fullmatch(rest):
                raise InputError(
                    f"{where}: <{term}> would be pasted into SPARQL as a prefixed name "
                    f"that is not one (its local part {rest!r})"
                )


def check_shapes(shapes: rdflib.Graph, where: str) -> int:
    """Check every SPARQL text of ``shapes`` as a query is checked; return how many there are.

    Raises:
        InputError: a text is refused (an update, ``SERVICE``, ``FROM``, too large, ...) or
            a declaration or path IRI could change how a text reads.

    >>> import rdflib
    >>> text = '[] <http://www.w3.org/ns/shacl#select> "SELECT $this { SERVICE <http://a/> {} }" .'
    >>> check_shapes(rdflib.Graph().parse(data=text, format="turtle"), "s.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: s.ttl: sh:select: 1:16: SERVICE is refused: shapes may not reach the network or other files

    """  # noqa: E501
    from csrgraph.sparql import policy

    texts = sparql_texts(shapes)
    if not texts:
        return 0
    declared = _declarations(shapes, where)
    _check_paths(shapes, declared, where)
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in declared.items()) + "\n"
    lines = prologue.count("\n")
    for _, kind, text in texts:
        label = f"{where}: sh:{kind}"
        if not TEXT_PREDICATES[kind]:
            raise InputError(f"{label} is refused: shapes may hold queries, never updates")
        full = prologue + _PATH.sub(r"\g<1><urn:csrgraph:path>", text)
        try:
            form = policy.check(full, name="").form
        except (QueryError, UsageError) as err:
            raise InputError(f"{label}: {_reword(str(err), lines)}") from None
        if form != TEXT_PREDICATES[kind]:
            raise InputError(
                f"{label} holds a {form} query; sh:{kind} takes {TEXT_PREDICATES[kind]}"
            )
    return len(texts)


def _reword(message: str, lines: int) -> str:
    """Drop the check's name and point at the shape's own text (line numbers without prologue).

    >>> _reword(":3:5: SERVICE is refused: a query may not reach the network (allow it)", 2)
    '1:5: SERVICE is refused: shapes may not reach the network or other files'
    """
    message = message.lstrip(":").strip()
    found = re.match(r"(\d+):(\d+): ", message)
    if found:
        line = max(1, int(found.group(1)) - lines)
        message = f"{line}:{found.group(2)}: {message[found.end() :]}"
    if "may not reach the network" in message:
        message = message.split(": a query may not reach")[0]
        message += ": shapes may not reach the network or other files"
    return message
