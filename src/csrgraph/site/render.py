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

from csrgraph.namespaces import BASE, DCTERMS, PROV, RDFS, SCHEMA, SKOS, XSD
from csrgraph.site import bars, charts, finder
from csrgraph.site.bars import node_key
from csrgraph.site.bars import readable as _readable
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
        "rendering": "English rendering",
        "context": "in context",
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
        "rendering": "Deutsche Wiedergabe",
        "context": "im Zusammenhang",
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
_XSD = XSD
#: The properties a resource's description comes from, best first (shown above its table).
DESCRIPTION_PROPERTIES = (
    SKOS + "definition",
    SCHEMA + "description",
    DCTERMS + "description",
    RDFS + "comment",
)


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


def words(name: str) -> str:
    """Return a camelCase local name as words; other names as they are.

    >>> words("wasDerivedFrom"), words("altLabel"), words("URL"), words("isco08")
    ('was derived from', 'alt label', 'URL', 'isco08')
    """
    import re

    if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", name):
        return name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


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
        self.chart_ids: set[str] = set()  # no two charts of the page share an id

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
            return esc(_readable(iri, text))
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
            # a term the graph gives no label shows its local name, the whole IRI on hover
            hover = "" if iri in self.site.labels else f' title="{esc(iri)}"'
            return f'<a href="{esc(target)}"{hover}>{self.name(iri)}</a>'
        if iri.startswith(BASE) and "#" not in iri:  # ours, with no page: it would not resolve
            return f'<span class="unpublished" title="{esc(iri)}">{self.name(iri)}</span>'
        if iri.startswith(("http://", "https://")):  # the link is the IRI: the browser shows it
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
        heads = {prop: self._prop(prop) for prop in grouped}
        for prop in sorted(grouped, key=lambda prop: heads[prop][0]):
            values = grouped[prop]
            if len(values) > 1:
                tagged = [v for v in values if isinstance(v, ox.Literal) and v.language]
                if tagged and any(v.language == self.lang for v in tagged):
                    values = [v for v in values if v not in tagged or v.language == self.lang]
                values = sorted(values, key=self.term_key)  # links by label, literals as read
            if len(values) == 1:  # most rows: the value alone, no list
                cells = self.link(values[0])
            else:
                cells = "<ul>" + "".join(f"<li>{self.link(v)}</li>" for v in values) + "</ul>"
            rows.append(f'<tr><th scope="row">{heads[prop][1]}</th><td>{cells}</td></tr>')
        return f'<table class="properties">{"".join(rows)}</table>'

    def _prop(self, prop: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
        """Return a property's sort key and its name's HTML in the page's language."""
        known = self.site.properties.get((prop, self.lang))
        if known is None:  # a few hundred properties, on every page
            label = _readable(prop, self.site.label(prop, self.lang)[0])
            known = (charts.natural_key(label), self.prop_name(prop))
            self.site.properties[(prop, self.lang)] = known
        return known

    def term_key(self, term: Any) -> tuple[int, tuple[tuple[int, int, str], ...]]:
        """Return the sort key of a value: literals first (as given), then nodes by label.

        ``term`` is a pyoxigraph term, or a node's key (an IRI or ``_:`` blank node).
        """
        import pyoxigraph as ox

        if isinstance(term, ox.Literal):
            return (0, ())
        iri = term if isinstance(term, str) else node_key(term)
        keys = self.site.sort_keys
        known = keys.get((iri, self.lang))
        if known is None:  # the same targets sort on thousands of pages
            label = _readable(iri, self.site.label(iri, self.lang)[0])
            known = keys[(iri, self.lang)] = (1, charts.natural_key(label))
        return known

    def plain_name(self, iri: str) -> str:
        """Return a resource's name as escaped text with no markup (for a page's title)."""
        return esc(_readable(iri, self.site.label(iri, self.lang)[0]))

    def description(self, triples: list[tuple[Any, Any]]) -> tuple[str, str | None]:
        """Return a node's description as a lead paragraph, and the property it came from.

        The first of :data:`DESCRIPTION_PROPERTIES` with a text: in the page's language, else
        untagged, else another language's (marked as a fallback). ("", None) when none.
        """
        import pyoxigraph as ox

        for prop in DESCRIPTION_PROPERTIES:
            texts = [o for p, o in triples if p.value == prop and isinstance(o, ox.Literal)]
            if not texts:
                continue
            by_lang = {o.language or "": o.value for o in reversed(texts)}
            for lang in (self.lang, ""):
                if lang in by_lang:
                    return f'<p class="description">{esc(by_lang[lang])}</p>', prop
            found = sorted(by_lang)[0]
            hint = esc(self.ui["fallback"])
            return (
                f'<p class="description fallback" lang="{esc(found)}" title="{hint}">'
                f"{esc(by_lang[found])}</p>",
                prop,
            )
        return "", None

    def prop_name(self, prop: str) -> str:
        """Return a property's label, else its local name in words (``altLabel``: alt label)."""
        if prop in self.site.labels:
            return self.name(prop)
        local = prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return esc(words(local))

    def statements(self, iri: str, triples: list[tuple[Any, Any]]) -> list[str]:
        """Return the statements quoted on a node's page: itself, then those it comes from."""
        statements = [iri] if iri in self.site.quotes else []
        return statements + [
            o.value
            for p, o in triples
            if p.value == PROV + "wasDerivedFrom" and o.value in self.site.quotes
        ]

    def quotes(self, iri: str, triples: list[tuple[Any, Any]]) -> str:
        """Return the verbatim quotes a node comes from, each linked to its mark in the source.

        Under each quote, its rendering in the page's language (when the quote is in another
        one), marked as a rendering: the quote itself stays verbatim.
        """
        blocks = []
        for st in self.statements(iri, triples):
            quote = self.site.quotes[st]
            doc = quote.document
            if doc is not None and doc in self.site.stems:
                target = relative(self.path, page(self.site.stems[doc], self.lang))
                where = f"{esc(target)}#{esc(quote.anchor)}"
                cite = (
                    f' <a class="quote-link" href="{where}" lang="{self.lang}">'
                    f"({esc(self.ui['context'])})</a>"
                )
            else:
                cite = ""
            rendering = ""
            if quote.lang != self.lang:
                texts = [text for text, lang in self.site.renderings(st) if lang == self.lang]
                if texts:
                    rendering = (
                        f'<figcaption class="rendering" lang="{self.lang}">'
                        f"<small>{esc(self.ui['rendering'])}:</small> {esc(texts[0])}</figcaption>"
                    )
            blocks.append(
                f'<figure class="quote"><blockquote lang="{esc(quote.lang)}">'
                f"<p>{esc(quote.text)}{cite}</p></blockquote>{rendering}</figure>"
            )
        return "".join(blocks)

    def chart(self, triples: list[tuple[Any, Any]]) -> str:
        """Draw each property whose nodes carry one number each (see :mod:`.bars`)."""
        return bars.chart(self.site, self.lang, triples, self.chart_ids)

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
