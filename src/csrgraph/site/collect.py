"""What the site shows, read from the graph through the ontology (never naming data).

The sets (which resources get a page, labels, the source's statements) are SPARQL queries run
by :func:`csrgraph.sparql.evaluate.on_store`; a resource's own triples (its concise bounded
description) are the store's pattern match, which costs microseconds a resource.

>>> site = collect(load())
>>> any(kind == "occupation" for kind in site.kinds.values())
True
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from csrgraph._typing import PathLike
from csrgraph.namespaces import CSRO, DCTERMS, PROV, RDF_TYPE, RDFS, SCHEMA, SKOS, SKOSXL
from csrgraph.site.paths import segment, stem

if TYPE_CHECKING:
    import pyoxigraph

_PREFIXES = """
PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: Which resources get a page, and their kind (the first kind listed wins).
KINDS = ("occupation", "scheme", "concept", "document", "claim", "derived", "agent", "statement")

_PAGES = (
    _PREFIXES
    + """
SELECT DISTINCT ?s ?kind WHERE {
  { ?s a schema:Occupation BIND("occupation" AS ?kind) }
  UNION { ?s a skos:ConceptScheme BIND("scheme" AS ?kind) }
  UNION { ?s a skos:Concept BIND("concept" AS ?kind) }
  UNION { ?s a csro:Statement BIND("statement" AS ?kind) }
  UNION { ?s a csro:SourceDocument BIND("document" AS ?kind) }
  UNION { ?st a csro:Statement . ?s prov:wasDerivedFrom ?st .
          OPTIONAL { ?s a ?c . ?c rdfs:subClassOf* csro:Claim }
          BIND(IF(BOUND(?c), "claim", "derived") AS ?kind) }
  UNION { ?st a csro:Statement ; prov:wasAttributedTo ?s BIND("agent" AS ?kind) }
  FILTER(isIRI(?s))
}
"""
)

#: The label properties, best first: a resource's label in a language is its best one.
_LABEL_PROPERTIES = (
    SKOS + "prefLabel",
    RDFS + "label",
    SCHEMA + "name",
    DCTERMS + "title",
    SKOSXL + "literalForm",  # a SKOS-XL label (O*NET's alternate titles) names itself
)

_STATEMENTS = (
    _PREFIXES
    + """
SELECT ?st ?id ?quote ?doc ?sec ?pos WHERE {
  ?st a csro:Statement ; csro:quote ?quote .
  OPTIONAL { ?st csro:factId ?id }
  OPTIONAL { ?st prov:wasQuotedFrom ?doc }
  OPTIONAL { ?st csro:section ?sec OPTIONAL { ?sec schema:position ?pos } }
}
"""
)

_HEADINGS = (
    _PREFIXES
    + """
SELECT ?sec ?heading WHERE { ?sec a csro:Section ; csro:heading ?heading }
"""
)


@dataclass
class Quote:
    """One verbatim quote of a source document: where it sits and what it says."""

    statement: str
    anchor: str
    text: str
    lang: str
    document: str | None
    section: str | None
    position: float


@dataclass
class SiteGraph:
    """The graph as the site sees it: the store plus the sets computed once."""

    store: pyoxigraph.Store
    kinds: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    _parts: dict[str, bool] = field(default_factory=dict)
    _memo: dict[str, list[tuple[Any, Any]]] = field(default_factory=dict)
    #: a link's HTML by (term, language, folder of the page) and a short literal's by term:
    #: the same targets recur thousands of times (a descriptor on every occupation's page)
    html_links: dict[tuple[Any, str, str], str] = field(default_factory=dict)
    html_literals: dict[Any, str] = field(default_factory=dict)
    #: a node's sort key by (node, language): its label, numbers compared as numbers
    sort_keys: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: a property's sort key and name (HTML) by (property, language)
    properties: dict[tuple[str, str], Any] = field(default_factory=dict)
    _few: dict[tuple[str, int], list[tuple[Any, Any]]] = field(default_factory=dict)
    #: each page's own triples, read once by :func:`collect` and handed out once
    _read: dict[str, list[tuple[Any, Any]]] = field(default_factory=dict)

    def label(self, iri: str, lang: str) -> tuple[str, str | None]:
        """Return (label, its language) in ``lang``, else another language's, else the IRI.

        The second value is None when the label is in ``lang`` or untagged.
        """
        found = self.labels.get(iri)
        if not found:
            return iri, None
        if lang in found:
            return found[lang], None
        if "" in found:
            return found[""], None
        other = sorted(found)[0]
        return found[other], other

    def is_part(self, iri: str) -> bool:
        """Whether ``iri`` is shown as a section of its owner's page (it has triples)."""
        if iri not in self.owners:
            return False
        known = self._parts.get(iri)
        if known is None:
            import pyoxigraph as ox

            node = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
            known = next(self.store.quads_for_pattern(node, None, None), None) is not None
            self._parts[iri] = known
        return known

    def forget(self) -> None:
        """Drop the triples remembered for the last resource (call before the next one)."""
        self._memo.clear()
        self._few.clear()

    def triples(self, iri: str) -> list[tuple[Any, Any]]:
        """Return (predicate, object) of a node (IRI or ``_:`` blank node), sorted.

        Remembered until :meth:`forget`: a resource's page in each language, its data files
        and its charts read the same nodes.
        """
        known = self._memo.get(iri)
        if known is None:
            read = self._read.pop(iri, None)
            known = self._memo[iri] = read if read is not None else self._triples(iri)
        return known

    def _triples(self, iri: str) -> list[tuple[Any, Any]]:
        import pyoxigraph as ox

        node = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
        return _sorted(
            (q.predicate, q.object) for q in self.store.quads_for_pattern(node, None, None)
        )

    def few_triples(self, iri: str, limit: int) -> list[tuple[Any, Any]]:
        """Return a node's (predicate, object), or nothing when it has more than ``limit``.

        For a glance at a linked node (does it carry one number?) that must not read a
        concept scheme's every member.
        """
        import itertools

        import pyoxigraph as ox

        key = (iri, limit)
        known = self._few.get(key)
        whole = self._memo.get(iri)
        if known is None and whole is not None:  # read whole already (a part of the page)
            known = self._few[key] = whole if len(whole) <= limit else []
        if known is None:  # remembered until forget(): both languages' charts ask
            node = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
            quads = self.store.quads_for_pattern(node, None, None)
            found = [(q.predicate, q.object) for q in itertools.islice(quads, limit + 1)]
            known = self._few[key] = found if len(found) <= limit else []
        return known

    def inbound(self, iri: str, limit: int) -> list[tuple[Any, Any]]:
        """Return up to ``limit`` (subject, predicate) that point at ``iri``."""
        import itertools

        import pyoxigraph as ox

        quads = self.store.quads_for_pattern(None, None, ox.NamedNode(iri))
        return [(q.subject, q.predicate) for q in itertools.islice(quads, limit)]

    def renderings(self, iri: str, limit: int = 8) -> list[tuple[str, str]]:
        """Return up to ``limit`` (text, language tag) of a statement's ``csro:rendering``.

        A pattern match on the one property (a statement with many triples is not read whole).
        """
        import itertools

        import pyoxigraph as ox

        node = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
        quads = self.store.quads_for_pattern(node, ox.NamedNode(CSRO + "rendering"), None)
        found = [q.object for q in itertools.islice(quads, limit)]
        return sorted((o.value, o.language or "") for o in found if isinstance(o, ox.Literal))


def load(data: Iterable[PathLike] = (), store_dir: PathLike | None = None) -> pyoxigraph.Store:
    """Return the store: an index (``store_dir``), else the bundled graph plus ``data``."""
    if store_dir is not None:
        from csrgraph.graph.index import open_index

        return open_index(store_dir)
    from csrgraph.graph.load import load_store

    return load_store(data)


def _rows(store: pyoxigraph.Store, text: str, name: str) -> list[tuple[Any, ...]]:
    from csrgraph.sparql.evaluate import on_store

    return list(on_store(store, text, name=name).rows)


def _labels(store: pyoxigraph.Store) -> dict[str, dict[str, str]]:
    """Return each node's label by language tag ("" untagged): best property, smallest text.

    A pattern match per label property, not a SPARQL union: on the whole O*NET + ESCO
    import the union's rows took seven seconds to convert, the pattern matches a fraction.
    """
    import pyoxigraph as ox

    labels: dict[str, dict[str, str]] = defaultdict(dict)
    # worst property first, so a better one overwrites; in one property the smallest wins
    for prop in reversed(_LABEL_PROPERTIES):
        mine: dict[str, dict[str, str]] = defaultdict(dict)
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None):
            lit = quad.object
            if not isinstance(lit, ox.Literal):
                continue
            s = quad.subject
            if isinstance(s, ox.Triple):  # an RDF-star subject has no page and no label
                continue
            key = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"
            found = mine[key]
            lang = lit.language or ""
            text = lit.value
            if lang not in found or text < found[lang]:
                found[lang] = text
        for key, found in mine.items():
            labels[key].update(found)
    return dict(labels)


def collect(store: pyoxigraph.Store) -> SiteGraph:
    """Read the page set, labels, quotes and parts (nodes shown inside a page) once.

    The garbage collector rests meanwhile: the millions of small objects read make it scan
    again and again for cycles there are none of (a quarter of the time on O*NET + ESCO).
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _collect(store)
    finally:
        if enabled:
            gc.enable()


def _collect(store: pyoxigraph.Store) -> SiteGraph:
    site = SiteGraph(store)
    rank = {kind: i for i, kind in enumerate(KINDS)}
    for s, kind in _rows(store, _PAGES, "site-pages"):
        iri, name = s.value, kind.value
        path = stem(iri)
        if path is None:
            continue
        if iri not in site.kinds or rank[name] < rank[site.kinds[iri]]:
            site.kinds[iri] = name
            site.stems[iri] = path
    site.labels = _labels(store)
    for sec, heading in _rows(store, _HEADINGS, "site-headings"):
        site.headings[sec.value] = heading.value
    for st, fact, quote, doc, sec, pos in _rows(store, _STATEMENTS, "site-statements"):
        site.quotes[st.value] = Quote(
            statement=st.value,
            anchor=_quote_anchor(st.value, fact.value if fact is not None else None),
            text=quote.value,
            lang=quote.language or "",
            document=doc.value if doc is not None else None,
            section=sec.value if sec is not None else None,
            position=float(pos.value) if pos is not None else 0.0,
        )
    _unique_anchors(site.quotes)
    _find_parts(site)
    return site


def _quote_anchor(statement: str, fact: str | None) -> str:
    """Return the element id of a statement's quote: its fact id, else its page's path.

    Any character an id or a link cannot hold as it is becomes ``~XX`` (a fact id is data).

    >>> _quote_anchor("https://w3id.org/csrgraph/statement/F27", "F27")
    'q-F27'
    >>> _quote_anchor("https://w3id.org/csrgraph/statement/x", 'F"1 a')
    'q-F~221~20a'
    """
    if fact is not None:
        return "q-" + segment(fact)
    path = stem(statement)
    if path is None:  # a hash IRI: no page, no path
        return "q-" + hashlib.sha1(statement.encode(), usedforsecurity=False).hexdigest()[:12]
    return "q-" + path.replace("/", "-")


def _unique_anchors(quotes: dict[str, Quote]) -> None:
    """Give each quote sharing its anchor with another (one fact id twice) one of its own."""
    seen: set[str] = set()
    for iri in sorted(quotes):
        quote = quotes[iri]
        if quote.anchor in seen:
            digest = hashlib.sha1(iri.encode(), usedforsecurity=False).hexdigest()[:12]
            quote.anchor = f"{quote.anchor}~~{digest}"
        seen.add(quote.anchor)


def _sorted(pairs: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Return (predicate, object) pairs in the pages' order: by property, then value.

    Equal values (a label in two languages) by their whole term, computed only for them:
    a term's N-Triples form costs more than the rest of the sort.

    >>> import pyoxigraph as ox
    >>> p = ox.NamedNode("http://example.org/p")
    >>> pairs = [(p, ox.Literal("b")), (p, ox.Literal("a", language="en")), (p, ox.Literal("a"))]
    >>> [str(o) for _, o in _sorted(pairs)]
    ['"a"', '"a"@en', '"b"']
    """
    ordered = sorted(pairs, key=lambda po: (po[0].value, po[1].value))
    for i in range(len(ordered) - 1):
        if (ordered[i][0].value, ordered[i][1].value) == (
            ordered[i + 1][0].value,
            ordered[i + 1][1].value,
        ):
            return sorted(ordered, key=lambda po: (po[0].value, po[1].value, str(po[1])))
    return ordered


#: Links that make no part: provenance (a record is evidence, not content) and types.
_SKIP = (PROV, RDF_TYPE)


def _find_parts(site: SiteGraph) -> None:
    """Give each node a page points at, that has no page of its own, an owner page.

    Keeps each page's triples for the writer: reading an index costs microseconds a triple,
    and every page's triples are needed again (read once, not twice).
    """
    import pyoxigraph as ox

    nodes = ox.NamedNode | ox.BlankNode
    for iri in sorted(site.kinds):
        pairs = [
            (q.predicate, q.object)
            for q in site.store.quads_for_pattern(ox.NamedNode(iri), None, None)
        ]
        site._read[iri] = _sorted(pairs)
        for predicate, obj in pairs:
            if not isinstance(obj, nodes):
                continue
            if predicate.value.startswith(_SKIP):
                continue
            key = obj.value if isinstance(obj, ox.NamedNode) else f"_:{obj.value}"
            if key not in site.kinds and key not in site.owners and "#" not in key:
                site.owners[key] = iri
