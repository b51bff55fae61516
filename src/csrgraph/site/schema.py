"""The schema.org JSON-LD of an occupation's page: :mod:`csrgraph.publish.schemaorg`'s profile.

The profile reads an rdflib graph; a page needs only the occupation's neighbourhood (two
steps out) plus the ontology's class and property hierarchy, so that is all it is given:
the whole O*NET import in rdflib would take minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

#: Links the profile does not follow: they only make the neighbourhood big.
_SKIP = (
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/ns/prov#",
    "https://w3id.org/csrgraph/ontology#relatedOccupation",
)

_cache: dict[int, list[tuple[Any, Any, Any]]] = {}


def _hierarchy(site: SiteGraph) -> list[tuple[Any, Any, Any]]:
    from csrgraph.graph.load import to_rdflib
    from csrgraph.sparql.evaluate import on_store

    key = id(site)
    if key not in _cache:
        rows = on_store(site.store, _HIERARCHY, name="site-hierarchy").rows
        _cache.clear()
        _cache[key] = [(to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, p, o in rows]
    return _cache[key]


def neighbourhood(site: SiteGraph, iri: str) -> rdflib.Graph:
    """Return an rdflib graph of ``iri``'s triples two steps out, plus the hierarchy."""
    import pyoxigraph as ox
    import rdflib

    from csrgraph.graph.load import to_rdflib

    graph = rdflib.Graph()
    for triple in _hierarchy(site):
        graph.add(triple)
    frontier = [iri]
    seen = {iri}
    for _ in range(3):
        following = []
        for node in frontier:
            subject = to_rdflib(ox.NamedNode(node))
            for p, o in site.triples(node):
                if p.value.startswith(_SKIP):
                    continue
                graph.add((subject, to_rdflib(p), to_rdflib(o)))
                if isinstance(o, ox.NamedNode) and o.value not in seen:
                    seen.add(o.value)
                    following.append(o.value)
        frontier = following
    return graph


def occupation(site: SiteGraph, iri: str) -> dict[str, Any]:
    """Return the schema.org ``Occupation`` document of an occupation of the site."""
    from csrgraph.publish.schemaorg import occupation_jsonld

    return occupation_jsonld(neighbourhood(site, iri), iri)
