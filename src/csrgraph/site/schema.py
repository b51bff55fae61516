"""The schema.org JSON-LD of an occupation's page: :mod:`csrgraph.publish.schemaorg`'s profile.

The profile reads an rdflib graph. A page hands it a view of the site's store instead of a
copy: :class:`Neighbourhood` answers the profile's questions (a node's objects for one
property, the class and property hierarchy) from the triples the page has read already,
converting only the terms asked for. Copying each occupation's neighbourhood into an rdflib
graph took 44 ms a page, most of the occupation pages' time on the whole O*NET import.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import rdflib

from csrgraph.namespaces import RDFS
from csrgraph.site.collect import SiteGraph

if TYPE_CHECKING:
    from rdflib.paths import Path as RdflibPath

_HIERARCHY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o WHERE {
  { ?s rdfs:subClassOf ?o BIND(rdfs:subClassOf AS ?p) }
  UNION { ?s rdfs:subPropertyOf ?o BIND(rdfs:subPropertyOf AS ?p) }
  FILTER(isIRI(?s) && isIRI(?o))
}
"""
_HIERARCHY_PROPERTIES = {rdflib.URIRef(RDFS + "subClassOf"), rdflib.URIRef(RDFS + "subPropertyOf")}

#: The hierarchy of the last site, and its transitive closures as asked (by node, property).
_cache: dict[int, tuple[rdflib.Graph, dict[tuple[Any, Any], list[Any]]]] = {}


def _hierarchy(site: SiteGraph) -> tuple[rdflib.Graph, dict[tuple[Any, Any], list[Any]]]:
    """Return the class and property hierarchy as a small rdflib graph (once a site)."""
    from csrgraph.graph.load import to_rdflib
    from csrgraph.sparql.evaluate import on_store

    key = id(site)
    if key not in _cache:
        graph = rdflib.Graph()
        for s, p, o in on_store(site.store, _HIERARCHY, name="site-hierarchy").rows:
            graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        _cache.clear()
        _cache[key] = (graph, {})
    return _cache[key]


def _key(term: Any) -> str:
    """Return the site's name of an rdflib node (``_:`` for a blank node)."""
    return f"_:{term}" if isinstance(term, rdflib.BNode) else str(term)


class Neighbourhood(rdflib.Graph):
    """A read-only rdflib view of one occupation's page: the site's triples plus the hierarchy.

    The profile asks for a node's objects (``objects(node, property)``), the transitive
    class and property hierarchy, and the occupations among the nodes it was given; each
    answer comes from :meth:`SiteGraph.triples`. ``subjects`` searches the nodes read so
    far (the occupation first), which is all the profile follows.
    """

    def __init__(self, site: SiteGraph, root: str) -> None:
        super().__init__()
        self._site = site
        self._hierarchy, self._closures = _hierarchy(site)
        self._read: dict[str, dict[str, list[Any]]] = {}
        self._by_property(root)

    def _by_property(self, node: str) -> dict[str, list[Any]]:
        known = self._read.get(node)
        if known is None:
            known = self._read[node] = {}
            for p, o in self._site.triples(node):
                known.setdefault(p.value, []).append(o)
        return known

    def objects(  # type: ignore[override]
        self,
        subject: Any = None,
        predicate: rdflib.URIRef | RdflibPath | None = None,
        unique: bool = False,
    ) -> Generator[Any, None, None]:
        """Yield the objects of ``subject predicate`` (both given), converted to rdflib terms."""
        from csrgraph.graph.load import to_rdflib

        if predicate in _HIERARCHY_PROPERTIES:
            yield from self._hierarchy.objects(subject, predicate)
            return
        if subject is None or isinstance(subject, (list, rdflib.Literal)):
            return
        values = self._by_property(_key(subject))
        if predicate is None:
            found = [term for terms in values.values() for term in terms]
        else:
            found = values.get(str(predicate), [])
        for term in found:
            yield to_rdflib(term)

    def transitive_objects(
        self, subject: Any, predicate: Any, remember: dict[Any, int] | None = None
    ) -> Generator[Any, None, None]:
        """Yield ``subject`` and its transitive objects (the hierarchy's remembered a site)."""
        if predicate not in _HIERARCHY_PROPERTIES or remember is not None:
            yield from super().transitive_objects(subject, predicate, remember)
            return
        key = (subject, predicate)
        known = self._closures.get(key)
        if known is None:
            known = self._closures[key] = list(self._hierarchy.transitive_objects(*key))
        yield from known

    def subjects(  # type: ignore[override]
        self,
        predicate: rdflib.URIRef | RdflibPath | None = None,
        object: Any = None,
        unique: bool = False,
    ) -> Generator[Any, None, None]:
        """Yield the nodes read so far that have ``predicate object`` (the hierarchy: all)."""
        from csrgraph.graph.load import to_rdflib

        if predicate in _HIERARCHY_PROPERTIES:
            yield from self._hierarchy.subjects(predicate, object)
            return
        for node, values in list(self._read.items()):
            found = values.get(str(predicate), []) if predicate is not None else []
            if any(to_rdflib(term) == object for term in found):
                yield rdflib.BNode(node[2:]) if node.startswith("_:") else rdflib.URIRef(node)


def occupation(site: SiteGraph, iri: str) -> dict[str, Any]:
    """Return the schema.org ``Occupation`` document of an occupation of the site.

    >>> from csrgraph.site.collect import collect, load
    >>> site = collect(load())
    >>> iri = next(i for i, kind in sorted(site.kinds.items()) if kind == "occupation")
    >>> occupation(site, iri)["@type"]
    'Occupation'
    """
    from csrgraph.publish.schemaorg import occupation_jsonld

    return occupation_jsonld(Neighbourhood(site, iri), iri)
