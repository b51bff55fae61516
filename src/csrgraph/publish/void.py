"""The triples of the dataset description's generated part: VoID, DCAT and SHACL-AF.

:mod:`csrgraph.publish.describe` reads and writes ``data/dataset.ttl``; this module computes
what goes below its marker: the VoID statistics with class and property partitions
(:func:`compute_statistics`, :func:`statistics_triples`), the linksets of the SSSOM mapping
set, the DCAT distributions that ``csrgraph dist`` writes and the bundled SPARQL examples,
and serialises them as sorted Turtle (:func:`turtle`).
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csrgraph.namespaces import DCAT, DCTERMS, RDF_TYPE, RDFS, SCHEMA, SH, VOID, XSD, used_prefixes

if TYPE_CHECKING:
    import pyoxigraph


PREFIXES: dict[str, str] = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "void": VOID,
    "xsd": XSD,
}


@dataclass(frozen=True)
class Statistics:
    """VoID statistics of a graph.

    ``entities`` counts the distinct IRIs in subject position inside the dataset's
    ``void:uriSpace``; ``classes`` the distinct objects of ``rdf:type``; the class partition
    gives, per class, how many distinct subjects are typed with it (no inference), the property
    partition how many triples use each predicate.
    """

    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_partition: dict[str, int] = field(default_factory=dict)
    property_partition: dict[str, int] = field(default_factory=dict)


def compute_statistics(quads: list[pyoxigraph.Quad], uri_space: str) -> Statistics:
    """Return the VoID statistics of the distinct triples of ``quads``.

    >>> import pyoxigraph as ox
    >>> a, t = ox.NamedNode("https://e/a"), ox.NamedNode(RDF_TYPE)
    >>> s = compute_statistics([ox.Quad(a, t, ox.NamedNode("https://e/C"))], "https://e/")
    >>> (s.triples, s.entities, s.classes, s.class_partition)
    (1, 1, 1, {'https://e/C': 1})
    """
    import pyoxigraph as ox

    triples = {(q.subject, q.predicate, q.object) for q in quads}
    subjects = {s for s, _, _ in triples}
    typed = {(s, o) for s, p, o in triples if p.value == RDF_TYPE and isinstance(o, ox.NamedNode)}
    classes = Counter(o.value for _, o in typed)
    properties = Counter(p.value for _, p, _ in triples)
    return Statistics(
        triples=len(triples),
        entities=sum(
            1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(uri_space)
        ),
        classes=len(classes),
        properties=len(properties),
        distinct_subjects=len(subjects),
        distinct_objects=len({o for _, _, o in triples}),
        class_partition=dict(sorted(classes.items())),
        property_partition=dict(sorted(properties.items())),
    )


@dataclass(frozen=True)
class Header:
    """What the hand-written part says that the generated part needs."""

    dataset: str
    uri_space: str


def _slug(iri: str, prefixes: dict[str, str]) -> str:
    """Return a readable, stable slug for a partition IRI: ``prefix-local`` or a hash.

    >>> _slug("https://e/ns#Thing", {"e": "https://e/ns#"})
    'e-Thing'
    >>> _slug("urn:x", {})
    'h-1ff30242f9f3'
    """
    best = max(
        ((name, ns) for name, ns in prefixes.items() if name and iri.startswith(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    if best is not None:
        local = iri[len(best[1]) :]
        if local and all(c.isalnum() or c in "-_." for c in local):
            return f"{best[0]}-{local}"
    return "h-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def _integer(value: int) -> pyoxigraph.Literal:
    import pyoxigraph as ox

    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def statistics_triples(
    header: Header, stats: Statistics, prefixes: dict[str, str]
) -> list[pyoxigraph.Triple]:
    """Return the dataset's VoID counts and its class and property partitions."""
    import pyoxigraph as ox

    ds = ox.NamedNode(header.dataset)
    out = [
        ox.Triple(ds, ox.NamedNode(VOID + name), _integer(value))
        for name, value in (
            ("triples", stats.triples),
            ("entities", stats.entities),
            ("classes", stats.classes),
            ("properties", stats.properties),
            ("distinctSubjects", stats.distinct_subjects),
            ("distinctObjects", stats.distinct_objects),
        )
    ]
    for kind, link, item, count, partition in (
        ("class", "classPartition", "class", "entities", stats.class_partition),
        ("property", "propertyPartition", "property", "triples", stats.property_partition),
    ):
        for iri, value in partition.items():
            node = ox.NamedNode(f"{header.dataset}/{kind}-partition/{_slug(iri, prefixes)}")
            out.append(ox.Triple(ds, ox.NamedNode(VOID + link), node))
            out.append(ox.Triple(node, ox.NamedNode(VOID + item), ox.NamedNode(iri)))
            out.append(ox.Triple(node, ox.NamedNode(VOID + count), _integer(value)))
    return out


def linkset_triples(header: Header) -> list[pyoxigraph.Triple]:
    """Return the VoID linksets of the bundled SSSOM mapping set, as pyoxigraph triples."""
    import pyoxigraph as ox
    import rdflib

    from csrgraph import links

    graph = links.void_linksets(links.read_mapping_set(), header.dataset)
    out = []

    def term(node: rdflib.term.Node) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
        if isinstance(node, rdflib.Literal):
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.NamedNode(str(node))

    ds = ox.NamedNode(header.dataset)
    for s, p, o in graph:
        out.append(ox.Triple(term(s), term(p), term(o)))  # type: ignore[arg-type]
        if str(p) == RDF_TYPE:
            out.append(ox.Triple(ds, ox.NamedNode(VOID + "subset"), term(s)))
    return out


def distribution_triples(header: Header, version: str) -> list[pyoxigraph.Triple]:
    """Return the DCAT distributions ``csrgraph dist`` writes for release ``version``."""
    import pyoxigraph as ox

    from csrgraph.publish import plan

    ds = ox.NamedNode(header.dataset)
    out = []
    for d in plan.distributions(version):
        node = ox.NamedNode(f"{header.dataset}/distribution/{d.key}")
        media = plan.IANA + d.media_type
        out += [
            ox.Triple(ds, ox.NamedNode(DCAT + "distribution"), node),
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(DCAT + "Distribution")),
            ox.Triple(node, ox.NamedNode(DCTERMS + "title"), ox.Literal(d.file_name)),
            ox.Triple(
                node, ox.NamedNode(DCTERMS + "description"), ox.Literal(d.title, language="en")
            ),
            ox.Triple(node, ox.NamedNode(DCAT + "mediaType"), ox.NamedNode(media)),
            ox.Triple(node, ox.NamedNode(DCTERMS + "conformsTo"), ox.NamedNode(d.conforms_to)),
            ox.Triple(
                node, ox.NamedNode(DCAT + "accessURL"), ox.NamedNode(plan.release_base(version))
            ),
            ox.Triple(
                node,
                ox.NamedNode(DCAT + "downloadURL"),
                ox.NamedNode(plan.download_url(version, d.file_name)),
            ),
        ]
        if d.compressed:
            gz = ox.NamedNode(plan.IANA + "application/gzip")
            out.append(ox.Triple(node, ox.NamedNode(DCAT + "compressFormat"), gz))
    return out


_EXECUTABLES = {
    "SELECT": ("SPARQLSelectExecutable", "select"),
    "ASK": ("SPARQLAskExecutable", "ask"),
    "CONSTRUCT": ("SPARQLConstructExecutable", "construct"),
    "DESCRIBE": ("SPARQLExecutable", "describe"),
}


def _query_kind(text: str) -> str:
    """Return SELECT, ASK, CONSTRUCT or DESCRIBE for a bundled query."""
    from csrgraph.sparql.engine import query_form

    form = query_form(text)
    if form != "GRAPH":
        return form
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return "CONSTRUCT" if "CONSTRUCT" in body.upper() else "DESCRIBE"


def example_triples(header: Header) -> list[pyoxigraph.Triple]:
    """Describe each bundled query as a SHACL-AF executable targeting the dataset."""
    import pyoxigraph as ox

    from csrgraph.sparql import catalog

    ds = ox.NamedNode(header.dataset)
    out = []
    for query in catalog.list_queries():
        node = ox.NamedNode(f"{header.dataset}/example/{query.name}")
        cls, prop = _EXECUTABLES[_query_kind(query.text)]
        out += [
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "SPARQLExecutable")),
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + cls)),
            ox.Triple(node, ox.NamedNode(SCHEMA + "target"), ds),
            ox.Triple(node, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(query.name)),
            ox.Triple(node, ox.NamedNode(SH + prop), ox.Literal(query.text)),
        ]
        if query.summary:
            label = ox.Literal(query.summary, language="en")
            out.append(ox.Triple(node, ox.NamedNode(RDFS + "label"), label))
        if query.description:
            comment = ox.Literal(query.description, language="en")
            out.append(ox.Triple(node, ox.NamedNode(RDFS + "comment"), comment))
        for tag in query.tags:
            out.append(ox.Triple(node, ox.NamedNode(SCHEMA + "keywords"), ox.Literal(tag)))
    return out


def turtle(triples: list[pyoxigraph.Triple], prefixes: dict[str, str]) -> str:
    """Serialise ``triples`` as Turtle in a stable order, one IRI a line in long lists."""
    import pyoxigraph as ox

    ordered = sorted(set(triples), key=str)
    buffer = io.BytesIO()
    ox.serialize(ordered, buffer, ox.RdfFormat.TURTLE, prefixes=prefixes)
    text = buffer.getvalue().decode("utf-8")
    # One object a line in long lists of IRIs (lines holding a literal are left alone).
    return "\n".join(
        line if '"' in line else line.replace(" , ", " ,\n\t\t") for line in text.split("\n")
    )


def generated_prefixes(
    header: Header, content_prefixes: dict[str, str], triples: list[pyoxigraph.Triple]
) -> dict[str, str]:
    """Return the prefixes of the generated part: ours, the content's, one per node kind."""
    import pyoxigraph as ox

    kinds = {
        "classpart": "class-partition",
        "proppart": "property-partition",
        "linkset": "linkset",
        "distribution": "distribution",
        "example": "example",
    }
    wanted = {**content_prefixes, **PREFIXES}
    wanted.update({name: f"{header.dataset}/{kind}/" for name, kind in kinds.items()})
    iris = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    used = used_prefixes(iris, dict(sorted(wanted.items())))
    return {name: ns for name, ns in used.items() if name}
