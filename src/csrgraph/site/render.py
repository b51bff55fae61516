"""HTML pages of the site: the standard library's ``html.escape`` on every value of the graph.

The templates hold layout and interface words only (``UI``); every fact on a page is a
triple of the graph, labelled in the page's language, with the fallback marked when a label
exists only in another language.

>>> escape_json('{"a": "<!--<script>&"}')
'{"a": "\\\\u003c!--\\\\u003cscript\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import hashlib
from typing import Any

from csrgraph.namespaces import PROV, SCHEMA, XSD
from csrgraph.site import charts, finder
from csrgraph.site.collect import SiteGraph
from csrgraph.site.paths import home, other, page, relative, root_of

#: Interface words (no fact of the graph).
UI = {
    "en": {
        "home": "Home",
        "switch": "Deutsch",
        "types": "Type",
        "quote": "In the source",
        "inbound": "Referred to by",
        "more": "more not listed",
        "all": "All that refer to it",
        "parts": "Details",
        "fallback": "no English label",
        "kinds": "Resources",
        "document": "Source document",
        "formats": "This resource as data",
        "iri": "IRI",
    },
    "de": {
        "home": "Startseite",
        "switch": "English",
        "types": "Typ",
        "quote": "In der Quelle",
        "inbound": "Verweise hierher",
        "more": "weitere nicht aufgeführt",
        "all": "Alle Verweise hierher",
        "parts": "Einzelheiten",
        "fallback": "kein deutsches Label",
        "kinds": "Ressourcen",
        "document": "Quelldokument",
        "formats": "Diese Ressource als Daten",
        "iri": "IRI",
    },
}
KIND_NAMES = {
    "en": {
        "occupation": "Occupations",
        "scheme": "Concept schemes",
        "concept": "Concepts",
        "document": "Source documents",
        "claim": "Claims",
        "derived": "Other statements of the source",
        "agent": "Authorities",
        "statement": "Statements of the source",
    },
    "de": {
        "occupation": "Berufe",
        "scheme": "Begriffssysteme",
        "concept": "Begriffe",
        "document": "Quelldokumente",
        "claim": "Aussagen mit Werten",
        "derived": "Weitere Inhalte der Quelle",
        "agent": "Autoritäten",
        "statement": "Aussagen der Quelle",
    },
}
#: "Referred to by": how many a resource's page lists, how many its own list page holds.
INBOUND_SHOWN = 50
INBOUND_LIMIT = 2000
CHART_LIMIT = 60
_NUMERIC = {
    XSD + t
    for t in ("decimal", "integer", "double", "float", "nonNegativeInteger", "positiveInteger")
}
_XSD = XSD


def esc(text: str) -> str:
    """Escape text for HTML (quotes too)."""
    import html

    return html.escape(text, quote=True)


def escape_json(text: str) -> str:
    """Make JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    Escaping only ``</`` is not enough: ``<!--<script>`` in a label moves the HTML parser
    into the script's double-escaped state, where the real ``</script>`` no longer ends it.
    The escapes are the same characters to a JSON parser.
    """
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def chart_number(literal: Any) -> float | None:
    """Return a numeric literal's value if a bar can show it (finite, not negative), else None.

    >>> import pyoxigraph as ox
    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> [chart_number(ox.Literal(v, datatype=ox.NamedNode(xsd + "integer"))) for v in ("2", "-1")]
    [2.0, None]
    >>> chart_number(ox.Literal("abc", datatype=ox.NamedNode(xsd + "decimal"))) is None
    True
    """
    import math

    try:
        value = float(literal.value)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _readable(iri: str, label: str) -> str:
    """Return ``label``, or the IRI's local name where the graph gives the term no label.

    >>> _readable("https://schema.org/value", "https://schema.org/value")
    'value'
    >>> _readable("https://schema.org/value", "Wert")
    'Wert'
    """
    if label != iri:
        return label
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


#: The properties whose values name the unit of a node's number (currency first).
_UNIT_PROPERTIES = (SCHEMA + "currency", SCHEMA + "unitText")


def _unit(triples: list[tuple[Any, Any]]) -> str:
    """Return the node's currency or unit text (a plain literal), else "".

    >>> import pyoxigraph as ox
    >>> _unit([(ox.NamedNode("https://schema.org/currency"), ox.Literal("USD"))])
    'USD'
    >>> _unit([])
    ''
    """
    import pyoxigraph as ox

    found = {p.value: o.value for p, o in triples if isinstance(o, ox.Literal)}
    return next((found[p] for p in _UNIT_PROPERTIES if p in found), "")


def anchor(iri: str) -> str:
    """Return the element id of a node shown inside another resource's page.

    >>> anchor("https://w3id.org/csrgraph/task/x")[:2]
    'n-'
    """
    return "n-" + hashlib.sha1(iri.encode()).hexdigest()[:12]


class Page:
    """One page being written: its path, language and the graph it links into."""

    def __init__(self, site: SiteGraph, path: str, lang: str) -> None:
        self.site, self.path, self.lang = site, path, lang
        self.ui = UI[lang]
        self._key = (lang, path.rpartition("/")[0])

    def href(self, iri: str) -> str | None:
        """Return the link to a resource's page (or the anchor on its owner's), else None."""
        site = self.site
        if iri in site.stems:
            return relative(self.path, page(site.stems[iri], self.lang))
        owner = site.owners.get(iri)
        if owner is not None and site.is_part(iri):
            here = relative(self.path, page(site.stems[owner], self.lang))
            return f"{here}#{anchor(iri)}"
        return None

    def name(self, iri: str) -> str:
        """Return a resource's label in the page's language, a fallback marked as such."""
        text, found = self.site.label(iri, self.lang)
        if found is None:
            return esc(text)
        hint = esc(self.ui["fallback"])
        return f'<span lang="{esc(found)}" class="fallback" title="{hint}">{esc(text)}</span>'

    def link(self, term: Any) -> str:
        """Return a term as HTML: a link for a node, a typed value for a literal."""
        import pyoxigraph as ox

        if isinstance(term, ox.Literal):
            if len(term.value) > 40:
                return self.literal(term)
            known = self.site.html_literals.get(term)
            if known is None:
                known = self.site.html_literals[term] = self.literal(term)
            return known
        if not isinstance(term, ox.NamedNode):  # a blank node is linked from its owner only
            return self._link(term)
        key = (term, *self._key)
        known = self.site.html_links.get(key)
        if known is None:
            known = self.site.html_links[key] = self._link(term)
        return known

    def _link(self, term: Any) -> str:
        import pyoxigraph as ox

        iri = term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
        target = self.href(iri)
        if target is not None:
            return f'<a href="{esc(target)}">{self.name(iri)}</a>'
        if iri.startswith(("http://", "https://")):
            return f'<a class="external" href="{esc(iri)}">{self.name(iri)}</a>'
        return self.name(iri)

    def literal(self, term: Any) -> str:
        """Return a literal with its language or datatype."""
        dtype = term.datatype.value
        if term.language:
            return f'<span lang="{esc(term.language)}">{esc(term.value)}</span>'
        if dtype == _XSD + "string":
            return esc(term.value)
        short = dtype[len(_XSD) :] if dtype.startswith(_XSD) else dtype
        return f'<data value="{esc(term.value)}" title="{esc(short)}">{esc(term.value)}</data>'

    def table(self, iri: str, triples: list[tuple[Any, Any]]) -> str:
        """Return the property table of a node: one row a property, values in its language."""
        import pyoxigraph as ox

        grouped: dict[str, list[Any]] = {}
        for p, o in triples:
            grouped.setdefault(p.value, []).append(o)
        rows = []
        for prop in sorted(grouped, key=lambda p: self.site.label(p, self.lang)[0].lower()):
            values = grouped[prop]
            tagged = [v for v in values if isinstance(v, ox.Literal) and v.language]
            if tagged and any(v.language == self.lang for v in tagged):
                values = [v for v in values if v not in tagged or v.language == self.lang]
            cells = "".join(f"<li>{self.link(v)}</li>" for v in values)
            rows.append(
                f'<tr><th scope="row">{self.prop_name(prop)}</th><td><ul>{cells}</ul></td></tr>'
            )
        return f'<table class="properties">{"".join(rows)}</table>'

    def prop_name(self, prop: str) -> str:
        """Return a property's label, or its local name when the graph has none."""
        if prop in self.site.labels:
            return self.name(prop)
        return esc(prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1])

    def quotes(self, iri: str, triples: list[tuple[Any, Any]]) -> str:
        """Return the verbatim quotes a node comes from, each linked to its mark in the source."""
        statements = [iri] if iri in self.site.quotes else []
        statements += [
            o.value
            for p, o in triples
            if p.value == PROV + "wasDerivedFrom" and o.value in self.site.quotes
        ]
        blocks = []
        for st in statements:
            quote = self.site.quotes[st]
            doc = quote.document
            if doc is not None and doc in self.site.stems:
                target = relative(self.path, page(self.site.stems[doc], self.lang))
                where = f"{esc(target)}#{esc(quote.anchor)}"
                cite = f'<a class="quote-link" href="{where}">{esc(self.ui["quote"])}</a>'
            else:
                cite = ""
            blocks.append(
                f'<blockquote lang="{esc(quote.lang)}"><p>{esc(quote.text)}</p></blockquote>{cite}'
            )
        return "".join(blocks)

    def chart(self, triples: list[tuple[Any, Any]]) -> str:
        """Draw each property whose nodes carry one number each (the same property)."""
        import pyoxigraph as ox

        grouped: dict[str, list[Any]] = {}
        for p, o in triples:
            if not isinstance(o, ox.Literal):
                grouped.setdefault(p.value, []).append(o)
        out = []
        for prop, nodes in sorted(grouped.items()):
            if not 2 <= len(nodes) <= CHART_LIMIT:
                continue
            key = None
            cats, values = [], []
            units: set[str] = set()
            for node in nodes:
                iri = node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"
                triples_ = self.site.few_triples(iri, CHART_LIMIT)
                numbers = [
                    (p.value, chart_number(o))
                    for p, o in triples_
                    if isinstance(o, ox.Literal) and o.datatype.value in _NUMERIC
                ]
                units.add(_unit(triples_))
                if len(numbers) != 1 or key not in (None, numbers[0][0]):
                    break
                key, value = numbers[0]
                if value is None:  # negative, infinite or no number: the table shows it
                    break
                cats.append(self.site.label(iri, self.lang)[0])
                values.append(value)
            else:
                measure = _readable(str(key), self.site.label(str(key), self.lang)[0])
                title = f"{_readable(prop, self.site.label(prop, self.lang)[0])}: {measure}"
                unit = units.pop() if len(units) == 1 else ""  # one unit for every bar, or none
                out.append(charts.bar_chart(title, cats, values, unit=unit, lang=self.lang))
        return "".join(out)

    def link_iri(self, iri: str) -> str:
        """Return a link to a resource given by IRI."""
        import pyoxigraph as ox

        return self.link(ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri))

    def wrap(
        self,
        title: str,
        body: str,
        stem_: str | None,
        jsonld: str | None,
        other_page: str | None = None,
    ) -> str:
        """Return the whole page: head, header with search and language switch, body.

        ``other_page``: the site path of this page in the other language, for a page that
        is no resource's (home, lists).
        """
        root = root_of(self.path)
        second = other(self.lang)
        if stem_ is None:
            switch = relative(self.path, other_page or home(second))
            here_home = relative(self.path, home(self.lang))
            alternates = ""
        else:
            switch = relative(self.path, page(stem_, second))
            here_home = relative(self.path, home(self.lang))
            turtle = esc(relative(self.path, stem_ + ".ttl"))
            jsonld_file = esc(relative(self.path, stem_ + ".jsonld"))
            alternates = (
                f'<link rel="alternate" type="text/turtle" href="{turtle}">'
                f'<link rel="alternate" type="application/ld+json" href="{jsonld_file}">'
            )
        script = (
            f'<script type="application/ld+json">{escape_json(jsonld)}</script>' if jsonld else ""
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title>"
            f'<link rel="stylesheet" href="{root}style.css">'
            f'<link rel="alternate" hreflang="{second}" href="{esc(switch)}">'
            f"{alternates}{finder.head_tags(root)}{script}</head><body>"
            f'<header><nav><a href="{esc(here_home)}">{esc(self.ui["home"])}</a> '
            f'<a class="lang-switch" hreflang="{second}" lang="{second}" href="{esc(switch)}">'
            f"{esc(self.ui['switch'])}</a></nav>{finder.search_box(self.lang, root)}</header>"
            f"<main>{body}</main></body></html>\n"
        )
