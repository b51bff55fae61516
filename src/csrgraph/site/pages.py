"""A resource's page in one language, its "referred to by" list, its Turtle and JSON-LD.

Each returns what to write; :mod:`csrgraph.site.writers` writes it.

>>> refs_page("statement/F27", "de")
'_refs/statement/F27.de.html'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from csrgraph.namespaces import RDF_TYPE
from csrgraph.site.bars import node_key
from csrgraph.site.collect import SiteGraph
from csrgraph.site.paths import other, page, relative
from csrgraph.site.render import INBOUND_LIMIT, INBOUND_SHOWN, Page, anchor, esc

#: The folder of the long "referred to by" lists (no resource's path starts with "_").
REFS = "_refs"


def jsonld(site: SiteGraph, iri: str, kind: str, types: list[str]) -> dict[str, Any]:
    """Return the schema.org description of a resource (the occupation profile for one)."""
    from csrgraph.publish.schemaorg import CONTEXT

    if kind == "occupation":
        from csrgraph.site.schema import occupation

        return occupation(site, iri)
    names = [
        {"@value": text, "@language": lang} if lang else {"@value": text}
        for lang, text in sorted(site.labels.get(iri, {}).items())
    ]
    schema_type = "DefinedTerm" if kind == "concept" else "Thing"
    if kind == "scheme":
        schema_type = "DefinedTermSet"
    return {"@context": CONTEXT, "@id": iri, "@type": schema_type, "name": names}


def rdf(site: SiteGraph, iri: str, parts: list[str]) -> tuple[bytes, bytes]:
    """Return the Turtle and JSON-LD of a resource and the nodes shown on its page."""
    import pyoxigraph as ox

    from csrgraph.graph.load import bundled_prefixes

    triples = []
    for node in [iri, *parts]:
        subject = ox.BlankNode(node[2:]) if node.startswith("_:") else ox.NamedNode(node)
        triples += [ox.Triple(subject, p, o) for p, o in site.triples(node)]
    prefixes = bundled_prefixes()
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    jsonld = ox.serialize(triples, format=ox.RdfFormat.JSON_LD, prefixes=prefixes)
    return turtle or b"", jsonld or b""


def resource_page(
    site: SiteGraph,
    iri: str,
    lang: str,
    parts: list[str],
    jsonld: str,
    inbound: list[tuple[Any, Any]],
) -> tuple[str, str]:
    """Return (path, HTML) of a resource's page in ``lang``.

    The resource's own description leads (its definition, then chart and property table);
    the quotes of the source follow under their heading. A claim or statement resting on one
    or two quotes shows them before its table: there the quote is what the page is about.
    """
    kind = site.kinds[iri]
    stem_ = site.stems[iri]
    view = Page(site, page(stem_, lang), lang)
    triples = site.triples(iri)
    types = [o for p, o in triples if p.value == RDF_TYPE]
    lead, used = view.description(triples)
    shown = [(p, o) for p, o in triples if p.value not in (RDF_TYPE, used)]
    body = [f"<h1>{view.name(iri)}</h1>", lead]
    body.append(f'<p class="iri">{esc(view.ui["iri"])}: <code>{esc(iri)}</code></p>')
    if types:
        body.append(
            f'<p class="types">{esc(view.ui["types"])}: '
            + ", ".join(view.link(t) for t in sorted(types, key=view.term_key))
            + "</p>"
        )
    quotes = view.quotes(iri, triples)
    quoted = f'<h2 class="quotes">{esc(view.ui["quote"])}</h2>{quotes}' if quotes else ""
    early = kind in ("claim", "statement") and len(view.statements(iri, triples)) <= 2
    if early:
        body.append(quoted)
    body.append(view.chart(shown))
    body.append(view.table(iri, shown))
    if not early:
        body.append(quoted)
    if kind == "document":
        body.append(_document(site, view, iri))
    if parts:
        body.append(f"<h2>{esc(view.ui['parts'])}</h2>")
        for node in sorted(parts, key=view.term_key):
            node_triples = site.triples(node)
            node_lead, node_used = view.description(node_triples)
            node_shown = [(p, o) for p, o in node_triples if p.value not in (RDF_TYPE, node_used)]
            body.append(
                f'<section id="{anchor(node)}"><h3>{view.name(node)}</h3>{node_lead}'
                + view.chart(node_shown)
                + view.table(node, node_shown)
                + view.quotes(node, node_triples)
                + "</section>"
            )
    if inbound:
        listed = _ordered(view, inbound)[:INBOUND_SHOWN]
        body.append(f"<h2>{esc(view.ui['inbound'])}</h2>{_inbound(view, listed)}")
        if len(inbound) > INBOUND_SHOWN:
            target = esc(relative(view.path, refs_page(stem_, lang)))
            body.append(f'<p><a class="inbound-all" href="{target}">{esc(view.ui["all"])}</a></p>')
    return view.path, view.wrap(view.plain_name(iri), "".join(body), stem_, jsonld)


def _ordered(view: Page, inbound: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Return (subject, predicate) pairs by property, then subject name, then IRIs.

    A total order: the store's own order differs between files read into memory and an
    index, and the pages must not.
    """
    return sorted(
        inbound,
        key=lambda sp: (
            view.term_key(sp[1]),
            view.term_key(sp[0]),
            node_key(sp[0]),
            sp[1].value,
        ),
    )


def _inbound(view: Page, inbound: list[tuple[Any, Any]]) -> str:
    """Return the list of (subject, predicate) pointing at a resource, the overflow noted."""
    items = [
        f"<li>{view.link(s)} <small>({view.prop_name(p.value)})</small></li>"
        for s, p in inbound[:INBOUND_LIMIT]
    ]
    more = f"<p>… {esc(view.ui['more'])}</p>" if len(inbound) > INBOUND_LIMIT else ""
    return f"<ul>{''.join(items)}</ul>{more}"


def refs_page(stem_: str, lang: str) -> str:
    """Return the page listing everything that refers to a resource (beside the search's).

    >>> refs_page("statement/F27", "de")
    '_refs/statement/F27.de.html'
    """
    return f"{REFS}/{page(stem_, lang)}"


def refs_list_page(
    site: SiteGraph, iri: str, lang: str, inbound: list[tuple[Any, Any]]
) -> tuple[str, str]:
    """Return the page of a resource's "referred to by" list (up to INBOUND_LIMIT)."""
    stem_ = site.stems[iri]
    view = Page(site, refs_page(stem_, lang), lang)
    back = esc(relative(view.path, page(stem_, lang)))
    name = f'<a href="{back}">{view.name(iri)}</a>'
    title = f"{esc(view.ui['inbound'])}: {esc(site.label(iri, lang)[0])}"
    listed = _inbound(view, _ordered(view, inbound))
    body = f"<h1>{esc(view.ui['inbound'])}: {name}</h1>{listed}"
    return view.path, view.wrap(title, body, None, None, refs_page(stem_, other(lang)))


def _document(site: SiteGraph, view: Page, iri: str) -> str:
    """Return the source document rebuilt from its sections and quotes, each quote marked."""
    sections: dict[str | None, list[Any]] = defaultdict(list)
    for quote in site.quotes.values():
        if quote.document == iri:
            sections[quote.section].append(quote)
    out = [f"<h2>{esc(view.ui['document'])}</h2>"]
    order = sorted(sections, key=lambda s: (min(q.position for q in sections[s]), s or ""))
    for section in order:
        if section is not None:
            heading = site.headings.get(section) if view.lang == "de" else None
            name = esc(heading) if heading else view.name(section)
            out.append(f'<h3 id="{anchor(section)}">{name}</h3>')
        for quote in sorted(sections[section], key=lambda q: q.anchor):
            target = view.href(quote.statement)
            ref = f' <a href="{esc(target)}">→</a>' if target else ""
            out.append(
                f'<p lang="{esc(quote.lang)}"><mark id="{esc(quote.anchor)}">'
                f"{esc(quote.text)}</mark>{ref}</p>"
            )
    return "".join(out)
