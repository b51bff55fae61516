"""Shape terms written into the compiled SPARQL, each checked so it stays one token.

Every IRI, literal and property path a shapes file gives goes through this module on its
way into a query: an IRI must be one (pyoxigraph's parser, which refuses ``>``, ``"``,
``{``, spaces and backslashes), a language tag a tag, and a literal's text is escaped so no
quote, backslash, newline or ``\\u`` sequence of the shapes file can end the string early.
A term that cannot be written safely (a blank node in ``sh:in``) makes the shape
:class:`~csrgraph.errors.NotCompilable`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from csrgraph.errors import NotCompilable
from csrgraph.namespaces import SH

if TYPE_CHECKING:
    import rdflib

_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def string(text: str) -> str:
    r"""Write ``text`` as a SPARQL string literal (quotes, backslashes, line ends escaped).

    >>> print(string('a"b\\u0022 } # c\n'))
    "a\"b\\u0022 } # c\n"
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or 0xD800 <= ord(char) <= 0xDFFF:
            raise NotCompilable(f"a control character in {text[:40]!r}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def iri(value: str) -> str:
    """Write an IRI as ``<iri>`` after pyoxigraph has read it as one.

    >>> iri("https://schema.org/name")
    '<https://schema.org/name>'
    >>> iri("urn:a> } SERVICE <urn:b")
    Traceback (most recent call last):
    csrgraph.errors.NotCompilable: not an IRI: 'urn:a> } SERVICE <urn:b'
    """
    import pyoxigraph as ox

    try:
        node = ox.NamedNode(value)
    except ValueError:
        raise NotCompilable(f"not an IRI: {value!r}") from None
    if any(char in value for char in '<>"{}|^`\\ \n'):
        raise NotCompilable(f"not an IRI: {value!r}")
    return f"<{node.value}>"


def term(node: rdflib.term.Node) -> str:
    """Write an IRI or literal of the shapes graph as SPARQL; a blank node is refused.

    >>> from rdflib import XSD, Literal
    >>> term(Literal("x", lang="de")), term(Literal("1", datatype=XSD.integer))
    ('"x"@de', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        text = string(str(node))
        if node.language:
            if not _LANG.fullmatch(node.language):
                raise NotCompilable(f"not a language tag: {node.language!r}")
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^{iri(str(node.datatype))}"
        return text
    raise NotCompilable(f"a blank node where a constant is needed: {node!r}")


def path(graph: rdflib.Graph, node: rdflib.term.Node, depth: int = 0) -> str:
    """Write a SHACL property path as a SPARQL property path.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='@prefix sh: <http://www.w3.org/ns/shacl#> . '
    ...     '<urn:s> sh:path ( [ sh:inversePath <urn:p> ] [ sh:alternativePath '
    ...     '( <urn:q> <urn:r> ) ] ) .', format="turtle")
    >>> from rdflib import URIRef
    >>> path(g, g.value(URIRef("urn:s"), URIRef(SH + "path")))
    '((^<urn:p>)/(<urn:q>|<urn:r>))'
    """
    from rdflib import RDF, BNode, URIRef
    from rdflib.collection import Collection

    if depth > 20:
        raise NotCompilable("a property path nested too deeply")
    if isinstance(node, URIRef):
        return iri(str(node))
    if not isinstance(node, BNode):
        raise NotCompilable(f"not a property path: {node!r}")
    if (node, RDF.first, None) in graph:
        items = [path(graph, item, depth + 1) for item in Collection(graph, node)]
        if len(items) < 2:
            raise NotCompilable("a sequence path needs two steps")
        return "(" + "/".join(items) + ")"
    for predicate, template in (
        ("inversePath", "^{}"),
        ("zeroOrMorePath", "{}*"),
        ("oneOrMorePath", "{}+"),
        ("zeroOrOnePath", "{}?"),
    ):
        inner = graph.value(node, URIRef(SH + predicate))
        if inner is not None:
            return "(" + template.format(path(graph, inner, depth + 1)) + ")"
    alternatives = graph.value(node, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        items = [path(graph, item, depth + 1) for item in Collection(graph, alternatives)]
        return "(" + "|".join(items) + ")"
    raise NotCompilable(f"not a property path: {node!r}")


def zero_length(graph: rdflib.Graph, node: rdflib.term.Node) -> bool:
    """Tell whether the path is ``sh:zeroOrMorePath`` or ``sh:zeroOrOnePath`` at its top.

    Such a path reaches the focus node itself even where the focus is not in the data (a
    ``sh:targetNode`` of no triple, a literal): SPARQL's zero-length path matches only the
    data's nodes there, so :func:`match` adds the focus node by hand. A zero-length path
    inside another path is not compiled.
    """
    from rdflib import BNode, URIRef

    def zero(n: rdflib.term.Node) -> bool:
        return isinstance(n, BNode) and any(
            graph.value(n, URIRef(SH + name)) is not None
            for name in ("zeroOrMorePath", "zeroOrOnePath")
        )

    todo = [node]
    inner: list[rdflib.term.Node] = []
    seen: set[rdflib.term.Node] = set()
    while todo:  # every node of the path's structure below its top
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for child in graph.objects(current, None):
            if isinstance(child, BNode):
                inner.append(child)
                todo.append(child)
    if any(zero(n) for n in inner):
        raise NotCompilable("a zero-length path inside another path")
    return zero(node)


def match(path_text: str, zero: bool, s: str, o: str, before: str = "") -> str:
    """Return a group pattern for ``s path o``; a zero-length path also gives ``o = s``.

    ``before`` (the pattern that binds ``s``, repeated in each branch) is needed where the
    pattern is not inside ``EXISTS`` (whose outer values are substituted): a ``BIND`` sees
    only its own group.

    >>> match("<urn:p>", False, "?this", "?x")
    '{ ?this <urn:p> ?x }'
    >>> match("(<urn:p>*)", True, "?s", "?x")
    '{ { ?s (<urn:p>*) ?x } UNION { BIND(?s AS ?x) } }'
    """
    if not zero:
        return f"{{ {before} {s} {path_text} {o} }}".replace("{  ", "{ ")
    same = f"BIND({s} AS {o})" if o.startswith("?") else f"FILTER(sameTerm({s}, {o}))"
    first = f"{before} {s} {path_text} {o}".strip()
    second = f"{before} {same}".strip()
    return f"{{ {{ {first} }} UNION {{ {second} }} }}"
