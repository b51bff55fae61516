"""The compiled SHACL engine: SHACL Core shapes as SPARQL queries, run by Oxigraph.

:mod:`~csrgraph.validation.compiled.queries` turns each (shape, constraint) into one SELECT
that returns the violations (built from the expressions of
:mod:`~csrgraph.validation.compiled.conditions`, every shape term written by
:mod:`~csrgraph.validation.compiled.terms`); :func:`validate_store` runs them on the data's
pyoxigraph Store (no rdflib copy of the data) and builds a SHACL validation report graph
like pySHACL's. Shapes outside SHACL Core (SPARQL constraints, custom components, rules,
recursion) raise :class:`~csrgraph.errors.NotCompilable`, before any query runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csrgraph.errors import NotCompilable
from csrgraph.namespaces import SH

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = ["NotCompilable", "validate_store"]


def _rdflib(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal,
) -> rdflib.term.Node:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def _target_nodes(store: pyoxigraph.Store, shapes: rdflib.Graph) -> object:
    """Run a SPARQL target's select (already through the gate) and list its nodes."""
    from csrgraph.sparql.engine import evaluate
    from csrgraph.validation import gate

    texts = {node: text for node, kind, text in gate.sparql_texts(shapes) if kind == "select"}

    def nodes(node: rdflib.term.Node) -> str:
        from rdflib import URIRef

        declared: dict[str, str] = {}
        for source in shapes.objects(node, URIRef(SH + "prefixes")):
            for item in shapes.objects(source, URIRef(SH + "declare")):
                prefix = shapes.value(item, URIRef(SH + "prefix"))
                namespace = shapes.value(item, URIRef(SH + "namespace"))
                if prefix is not None and namespace is not None:
                    declared[str(prefix)] = str(namespace)
        try:
            rows = evaluate(store, texts[node], prefixes=declared, use_default_graph_as_union=True)
            found = {str(row["this"]) for row in rows if row["this"] is not None}
        except (SyntaxError, OSError, ValueError, KeyError, TypeError, RuntimeError) as err:
            raise NotCompilable(f"a SPARQL target that does not run: {err}") from None
        return " ".join(sorted(found))

    return nodes


def _subclasses(store: pyoxigraph.Store) -> object:
    """List a class and its subclasses in the data, once per class (None: a blank node)."""
    from functools import cache

    import pyoxigraph as ox

    from csrgraph.sparql.engine import evaluate
    from csrgraph.validation.compiled import terms
    from csrgraph.validation.compiled.conditions import RDFS

    @cache
    def subclasses(iri: str) -> str | None:
        text = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* {terms.iri(iri)} }}"
        found = [row["c"] for row in evaluate(store, text, use_default_graph_as_union=True)]
        if not all(isinstance(c, ox.NamedNode) for c in found):
            return None
        return " ".join(sorted(terms.iri(c.value) for c in found))

    return subclasses


def validate_store(store: pyoxigraph.Store, shapes: rdflib.Graph) -> tuple[bool, rdflib.Graph]:
    """Validate the data in ``store`` against ``shapes``; return conforms and the report graph.

    Raises:
        NotCompilable: the shapes use something outside the compiled SHACL Core.

    >>> import pyoxigraph as ox, rdflib
    >>> shapes = rdflib.Graph().parse(data='''
    ...   @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...   [] sh:targetNode <urn:a> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .
    ... ''', format="turtle")
    >>> validate_store(ox.Store(), shapes)[0]
    False

    """
    from rdflib import RDF, BNode, Graph, Literal, URIRef

    from csrgraph.sparql.engine import evaluate
    from csrgraph.validation.compiled.queries import COMPONENT, compile_shapes

    sh = lambda name: URIRef(SH + name)  # noqa: E731
    checks = compile_shapes(
        shapes,
        _target_nodes(store, shapes),  # type: ignore[arg-type]
        _subclasses(store),  # type: ignore[arg-type]
    )
    report = Graph()
    report.bind("sh", SH)
    root = BNode()
    report.add((root, RDF.type, sh("ValidationReport")))
    copied: set[rdflib.term.Node] = set()
    conforms = True
    for check in checks:
        try:
            rows = list(evaluate(store, check.text, use_default_graph_as_union=True))
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:  # a pattern Rust cannot
            # read, a function Oxigraph lacks: the shapes are not compiled (auto falls back)
            raise NotCompilable(f"{check.component} of {check.shape}: {err}") from None
        if not rows:
            continue
        severity = shapes.value(check.shape, sh("severity")) or sh("Violation")
        messages = list(shapes.objects(check.shape, sh("message")))
        default = Literal(f"{COMPONENT[check.component]} constraint not met")
        for row in rows:
            conforms = False  # any result, whatever its severity (as pySHACL and Jena)
            result = BNode()
            report.add((root, sh("result"), result))
            report.add((result, RDF.type, sh("ValidationResult")))
            report.add((result, sh("focusNode"), _rdflib(row["this"])))
            path = check.path
            if check.component == "closed":
                path = _rdflib(row["path"])
            if path is not None:
                report.add((result, sh("resultPath"), path))
                if isinstance(path, BNode) and path not in copied:
                    copied.add(path)
                    _copy(shapes, path, report)
            value = row[check.value] if check.value else None
            if value is not None:
                report.add((result, sh("value"), _rdflib(value)))
            report.add((result, sh("sourceShape"), check.shape))
            component = sh(f"{COMPONENT[check.component]}ConstraintComponent")
            report.add((result, sh("sourceConstraintComponent"), component))
            report.add((result, sh("resultSeverity"), severity))
            for message in messages or [default]:
                report.add((result, sh("resultMessage"), message))
    report.add((root, sh("conforms"), Literal(conforms)))
    return conforms, report


def _copy(shapes: rdflib.Graph, node: rdflib.term.Node, report: rdflib.Graph) -> None:
    """Copy the blank-node structure of a property path into the report."""
    from rdflib import BNode

    todo = [node]
    seen = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in shapes.predicate_objects(current):
            report.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)
