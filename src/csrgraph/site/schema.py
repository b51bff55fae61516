"""The schema.org JSON-LD of an occupation's page: :mod:`csrgraph.publish.schemaorg`'s profile.

The profile reads an rdflib graph; a page needs only the part of the graph the profile
follows from the occupation plus the ontology's class and property hierarchy, so that is
all it is given: the whole O*NET import in rdflib would take minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csrgraph.namespaces import CSRO, PROV, RDFS, SCHEMA, SKOS
from csrgraph.site.collect import SiteGraph

if TYPE_CHECKING:
    import rdflib

_HIERARCHY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o WHERE {
  { ?s rdfs:subClassOf ?o BIND(rdfs:subClassOf AS ?p) }
  UNION { ?s rdfs:subPropertyOf ?o BIND(rdfs:subPropertyOf AS ?p) }
  FILTER(isIRI(?s) && isIRI(?o))
}
"""

#: The links the profile follows from the occupation (see csrgraph.publish.schemaorg); the
#: sub-properties of ``csro:hasClaim`` are added from the ontology.
_FOLLOW = {
    SCHEMA + "occupationalCategory",
    SCHEMA + "inCodeSet",
    SCHEMA + "occupationLocation",
    SCHEMA + "educationalCredentialAwarded",
    SCHEMA + "recognizedBy",
    CSRO + "hasTask",
    CSRO + "hasClaim",
    CSRO + "acceptedCredential",
    CSRO + "program",
}
#: What the profile never reads: left out, they only make the neighbourhood big.
_SKIP = (SKOS + "altLabel", PROV)

_cache: dict[int, tuple[rdflib.Graph, set[str]]] = {}


def _hierarchy(site: SiteGraph) -> tuple[rdflib.Graph, set[str]]:
    """Return the hierarchy as a graph and the properties to follow (cached for one site).

    Built once: copying the hierarchy into each occupation's graph took most of the
    occupation pages' time on the whole O*NET import.
    """
    import rdflib

    from csrgraph.graph.load import to_rdflib
    from csrgraph.sparql.evaluate import on_store

    key = id(site)
    if key not in _cache:
        rows = on_store(site.store, _HIERARCHY, name="site-hierarchy").rows
        sub = RDFS + "subPropertyOf"
        follow = set(_FOLLOW)
        for _ in range(len(rows)):
            more = {s.value for s, p, o in rows if p.value == sub and o.value in follow}
            if more <= follow:
                break
            follow |= more
        graph = rdflib.Graph()
        for s, p, o in rows:
            graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        _cache.clear()
        _cache[key] = (graph, follow)
    return _cache[key]


def neighbourhood(site: SiteGraph, iri: str) -> rdflib.Graph:
    """Return an rdflib graph of what the profile reads of ``iri``, plus the hierarchy.

    A read-only union of the occupation's own small graph and the hierarchy's, shared.
    """
    import pyoxigraph as ox
    import rdflib
    from rdflib.graph import ReadOnlyGraphAggregate

    from csrgraph.graph.load import to_rdflib

    hierarchy, follow = _hierarchy(site)
    graph = rdflib.Graph()
    frontier = [iri]
    seen = {iri}
    for _ in range(5):
        following = []
        for node in frontier:
            subject = to_rdflib(ox.NamedNode(node))
            for p, o in site.triples(node):
                if p.value.startswith(_SKIP):
                    continue
                graph.add((subject, to_rdflib(p), to_rdflib(o)))
                if isinstance(o, ox.NamedNode) and p.value in follow and o.value not in seen:
                    seen.add(o.value)
                    following.append(o.value)
        frontier = following
    return ReadOnlyGraphAggregate([graph, hierarchy])


def occupation(site: SiteGraph, iri: str) -> dict[str, Any]:
    """Return the schema.org ``Occupation`` document of an occupation of the site."""
    from csrgraph.publish.schemaorg import occupation_jsonld

    return occupation_jsonld(neighbourhood(site, iri), iri)
