"""The model a diagram pictures: classes and the properties between them.

The model is read from the ontology (classes, ``rdfs:subClassOf`` links, object properties
with ``rdfs:domain`` and ``rdfs:range``) and, for the overview, from the data: a link the data
uses between instances of two pictured classes (such as ``prov:wasDerivedFrom`` from a claim
to a statement) is included too. A picture of every class is unreadable, so there are views
(:data:`VIEWS`), each small enough to read. :mod:`csrgraph.publish.diagram` draws a model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csrgraph.errors import not_one_of
from csrgraph.namespaces import CSRO, OWL, PROV, RDF_TYPE, RDFS, SCHEMA

if TYPE_CHECKING:
    import rdflib

SUBCLASS = RDFS + "subClassOf"
DOMAIN = RDFS + "domain"
RANGE = RDFS + "range"
OBJECT_PROPERTY = OWL + "ObjectProperty"
OWL_CLASS = OWL + "Class"
RDFS_LABEL = RDFS + "label"


@dataclass(frozen=True)
class Edge:
    """A link in the picture: a property from one class to another, or a subclass link."""

    source: str
    target: str
    label: str  # a property IRI, or "" for rdfs:subClassOf


@dataclass(frozen=True)
class Model:
    """What one view pictures."""

    name: str
    title: str
    classes: tuple[str, ...]
    edges: tuple[Edge, ...]
    labels: dict[str, dict[str, str]]  # IRI -> language -> rdfs:label


@dataclass(frozen=True)
class View:
    """A readable part of the model."""

    title: str
    classes: Callable[[Ontology], set[str]]
    data_links: bool = False


@dataclass
class Ontology:
    """The facts of the ontology a picture needs, as plain strings."""

    subclass: dict[str, set[str]]  # class -> direct superclasses
    properties: list[tuple[str, str, str]]  # (property, domain, range)
    classes: set[str]
    labels: dict[str, dict[str, str]]

    def descendants(self, cls: str) -> set[str]:
        """Return ``cls`` and every class below it."""
        found = {cls}
        changed = True
        while changed:
            more = {c for c, sups in self.subclass.items() if sups & found} - found
            found |= more
            changed = bool(more)
        return found

    def ancestors(self, cls: str) -> list[str]:
        """Return ``cls`` and the classes above it, nearest first."""
        order, frontier = [cls], [cls]
        while frontier:
            nxt = sorted({s for c in frontier for s in self.subclass.get(c, ())} - set(order))
            order += nxt
            frontier = nxt
        return order


def _overview(onto: Ontology) -> set[str]:
    return {
        SCHEMA + "Occupation",
        CSRO + "Task",
        CSRO + "Claim",
        CSRO + "Requirement",
        CSRO + "Statement",
        CSRO + "Section",
        CSRO + "SourceDocument",
        PROV + "Agent",
    } & (onto.classes | {SCHEMA + "Occupation", PROV + "Agent"})


def _claims(onto: Ontology) -> set[str]:
    return onto.descendants(CSRO + "Claim")


def _qualifiers(onto: Ontology) -> set[str]:
    claim = CSRO + "Claim"
    return {claim} | {r for _, d, r in onto.properties if d == claim}


def _everything(onto: Ontology) -> set[str]:
    return {c for c in onto.classes if c.startswith(CSRO)} | {
        x for _, d, r in onto.properties for x in (d, r)
    }


#: view name -> view; the CLI's ``--view`` choices come from these keys.
VIEWS: dict[str, View] = {
    "overview": View("The occupation, its claims and their provenance", _overview, True),
    "claims": View("The kinds of claim", _claims),
    "qualifiers": View("What qualifies every claim", _qualifiers),
    "all": View("Every class of the ontology (large)", _everything),
}


def read_ontology(graph: rdflib.Graph) -> Ontology:
    """Collect classes, subclass links, object properties and labels from ``graph``."""
    import rdflib

    def iri(node: rdflib.term.Node) -> str | None:
        return str(node) if isinstance(node, rdflib.URIRef) else None

    subclass: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(SUBCLASS)):
        if iri(s) and iri(o):
            subclass.setdefault(str(s), set()).add(str(o))
    classes = {str(s) for s in graph.subjects(rdflib.URIRef(RDF_TYPE), rdflib.URIRef(OWL_CLASS))}
    properties = []
    for p in graph.subjects(rdflib.URIRef(RDF_TYPE), rdflib.URIRef(OBJECT_PROPERTY)):
        for d in graph.objects(p, rdflib.URIRef(DOMAIN)):
            for r in graph.objects(p, rdflib.URIRef(RANGE)):
                if iri(p) and iri(d) and iri(r):
                    properties.append((str(p), str(d), str(r)))
    labels: dict[str, dict[str, str]] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(RDFS_LABEL)):
        if isinstance(o, rdflib.Literal) and o.language:
            labels.setdefault(str(s), {})[o.language] = str(o)
    return Ontology(subclass, sorted(properties), classes, labels)


def _data_edges(
    graph: rdflib.Graph, onto: Ontology, shown: set[str], ontology_props: set[str]
) -> set[Edge]:
    """Links the data uses between instances of shown classes (nearest shown class)."""
    import rdflib

    nearest: dict[str, str] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(RDF_TYPE)):
        for cls in onto.ancestors(str(o)):
            if cls in shown:
                current = nearest.get(str(s))
                # keep the most specific shown class an instance has
                if current is None or cls in onto.descendants(current):
                    nearest[str(s)] = cls
                break
    edges = set()
    for s, p, o in graph:
        if str(p) in ontology_props or str(p) == RDF_TYPE:
            continue
        a, b = nearest.get(str(s)), nearest.get(str(o))
        if a and b:
            edges.add(Edge(a, b, str(p)))
    return edges


def _prune(edges: set[Edge], onto: Ontology) -> list[Edge]:
    """Drop a property link that a superclass of its source already has to the same target."""
    kept = []
    for e in edges:
        inherited = any(
            Edge(sup, e.target, e.label) in edges for sup in onto.ancestors(e.source)[1:]
        )
        if e.label == "" or not inherited:
            kept.append(e)
    return sorted(kept, key=lambda e: (e.source, e.label, e.target))


def build_model(view: str = "overview", graph: rdflib.Graph | None = None) -> Model:
    """Return the classes and links of ``view``.

    Raises:
        UsageError: ``view`` is not one of :data:`VIEWS`.

    >>> m = build_model("claims")
    >>> "https://w3id.org/csrgraph/ontology#Claim" in m.classes
    True

    """
    if view not in VIEWS:
        raise not_one_of("view", view, VIEWS)
    if graph is None:
        from csrgraph.graph.load import load_graph

        graph = load_graph()
    onto = read_ontology(graph)
    spec = VIEWS[view]
    shown = spec.classes(onto)
    edges = {Edge(d, r, p) for p, d, r in onto.properties if d in shown and r in shown}
    edges |= {Edge(c, s, "") for c in shown for s in onto.subclass.get(c, ()) if s in shown}
    if spec.data_links:
        props = {p for p, _, _ in onto.properties}
        edges |= _data_edges(graph, onto, shown, props)
    return Model(view, spec.title, tuple(sorted(shown)), tuple(_prune(edges, onto)), onto.labels)
