"""Which of a page's links make a bar chart, and in what order: read from the graph.

A property whose nodes (two to :data:`CHART_LIMIT`, each of at most :data:`BAR_LIMIT`
triples) each carry one number of the same property is drawn as bars
(:func:`csrgraph.site.charts.bar_chart`). The bars stand in the order the graph states: a
number of :data:`ORDER_PROPERTIES` on the bar's node, else on a node it links to (one step,
each node read bounded); where the graph states none, the labels' natural order (numbers
compared as numbers). Nothing here names a fact of the data.

>>> readable("https://schema.org/value", "https://schema.org/value")
'value'
"""

from __future__ import annotations

import math
import re
from typing import Any

from csrgraph.namespaces import PROV, RDF_TYPE, SCHEMA, XSD
from csrgraph.site import charts
from csrgraph.site.collect import SiteGraph

#: The most bars a chart draws, and the most triples read of any node it looks at.
CHART_LIMIT = 60
_NUMERIC = {
    XSD + t
    for t in ("decimal", "integer", "double", "float", "nonNegativeInteger", "positiveInteger")
}
#: The properties that state a bar's place in its chart, best first (a number each).
ORDER_PROPERTIES = (SCHEMA + "position", SCHEMA + "minValue")
#: How many triples of a linked node :func:`place` reads for its order: a band or a step
#: is a small node; a larger one (another occupation) states no bar's place.
PLACE_LIMIT = 16
#: How many triples a bar's node may have: a measurement (a band's pay, a rating) is a small
#: node; reading no more than this of each candidate keeps pages of large nodes cheap.
BAR_LIMIT = 24
#: Links not followed to find a bar's place: provenance and the node's type.
_NOT_ORDER_LINKS = (PROV, RDF_TYPE)
#: The properties whose values name the unit of a node's number (currency first).
_UNIT_PROPERTIES = (SCHEMA + "currency", SCHEMA + "unitText")


def chart_number(literal: Any) -> float | None:
    """Return a numeric literal's value if a bar can show it (finite, not negative), else None.

    >>> import pyoxigraph as ox
    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> [chart_number(ox.Literal(v, datatype=ox.NamedNode(xsd + "integer"))) for v in ("2", "-1")]
    [2.0, None]
    >>> chart_number(ox.Literal("abc", datatype=ox.NamedNode(xsd + "decimal"))) is None
    True
    """
    value = _finite(literal.value)
    return value if value is not None and value >= 0 else None


#: XSD's numeric lexical forms (ASCII digits, an optional exponent); ``float`` alone also
#: takes other scripts' digits ("\u0663") and underscores ("1_000"), which XSD does not.
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)


def _finite(text: str) -> float | None:
    """Return ``text`` as a finite number, else None (also for a form XSD does not allow).

    >>> _finite("2.5"), _finite("NaN"), _finite("x"), _finite("1_000")
    (2.5, None, None, None)
    """
    text = text.strip(" \t\n\r")  # XSD's numbers collapse white space
    if not _NUMBER.fullmatch(text):
        return None
    try:
        number = float(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def readable(iri: str, label: str) -> str:
    """Return ``label``, or the IRI's local name where the graph gives the term no label.

    >>> readable("http://www.w3.org/2004/02/skos/core#Concept", "http://www.w3.org/2004/02/skos/core#Concept")
    'Concept'
    >>> readable("https://schema.org/value", "Wert")
    'Wert'
    """
    if label != iri:
        return label
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


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


def node_key(node: Any) -> str:
    """Return the key of a node: its IRI, or ``_:`` and its blank node id."""
    import pyoxigraph as ox

    return node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"


def chart(
    site: SiteGraph, lang: str, triples: list[tuple[Any, Any]], taken: set[str] | None = None
) -> str:
    """Draw each property whose nodes carry one number each (the same property), in order.

    ``taken``: the chart ids already on the page (see :func:`csrgraph.site.charts.bar_chart`).
    """
    import pyoxigraph as ox

    def name(iri: str) -> str:
        return readable(iri, site.label(iri, lang)[0])

    grouped: dict[str, list[Any]] = {}
    for p, o in triples:
        if not isinstance(o, ox.Literal):
            grouped.setdefault(p.value, []).append(o)
    out = []
    for prop, nodes in sorted(grouped.items()):
        if not 2 <= len(nodes) <= CHART_LIMIT:
            continue
        key = None
        cats, values, places = [], [], []
        units: set[str] = set()
        for node in nodes:
            iri = node_key(node)
            triples_ = site.few_triples(iri, BAR_LIMIT)
            numbers = [
                (p.value, chart_number(o))
                for p, o in triples_
                if isinstance(o, ox.Literal) and o.datatype.value in _NUMERIC
            ]
            if len(numbers) > 1:  # a number that places the bar is not what it measures
                numbers = [(p, v) for p, v in numbers if p not in ORDER_PROPERTIES]
            units.add(_unit(triples_))
            if len(numbers) != 1 or key not in (None, numbers[0][0]):
                break
            key, value = numbers[0]
            if value is None:  # negative, infinite or no number: the table shows it
                break
            cats.append(name(iri))
            values.append(value)
            places.append(place(site, triples_, key))
        else:
            cats, values = charts.in_order(cats, values, places)
            title = f"{name(prop)}: {name(str(key))}"
            unit = units.pop() if len(units) == 1 else ""  # one unit for every bar, or none
            out.append(charts.bar_chart(title, cats, values, unit=unit, lang=lang, taken=taken))
    return "".join(out)


def _stated(pairs: list[tuple[Any, Any]], skip: str | None) -> float | None:
    """Return the first number of :data:`ORDER_PROPERTIES` among ``pairs`` (not ``skip``)."""
    import pyoxigraph as ox

    for prop in ORDER_PROPERTIES:
        for p, o in pairs:
            if p.value == prop != skip and isinstance(o, ox.Literal):
                number = _finite(o.value)
                if number is not None:
                    return number
    return None


def place(site: SiteGraph, triples: list[tuple[Any, Any]], measure: str | None) -> float | None:
    """Return a bar's place as the graph states it, else None.

    A number of :data:`ORDER_PROPERTIES` on the bar's node (not the property it measures),
    else on a node it links to: one step, each read bounded by :data:`PLACE_LIMIT` triples,
    the links taken in sorted order.
    """
    import pyoxigraph as ox

    own = _stated(triples, measure)
    if own is not None:
        return own
    links = sorted(
        (p.value, node_key(o))
        for p, o in triples
        if not isinstance(o, ox.Literal) and not p.value.startswith(_NOT_ORDER_LINKS)
    )
    for _, iri in links:
        found = _stated(site.few_triples(iri, PLACE_LIMIT), None)
        if found is not None:
            return found
    return None
