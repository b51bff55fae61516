"""The schema.org profile: one occupation as a self-contained schema.org ``Occupation`` document.

Web pages embed this as JSON-LD (``<script type="application/ld+json">``) so that search
engines and job sites read the occupation's codes, duties, requirements and pay. The
document carries its own ``@context`` (no network needed to read it) and is built from the
graph by following the csrgraph ontology, never by naming data:

=========================  ==========================================================
schema.org property        taken from
=========================  ==========================================================
``name``, ``description``  ``skos:prefLabel``, ``skos:definition`` (every language)
``occupationalCategory``   ``schema:occupationalCategory`` (``CategoryCode`` nodes)
``responsibilities``       ``csro:hasTask`` (task labels)
``educationRequirements``  credentials of affirmed ``csro:EducationRequirement`` claims
``qualifications``         credentials awarded by the programmes of ``csro:TrainingOffer``
                           claims (a licence required only in some places is left out)
``estimatedSalary``        ``csro:WageStatistic`` claims (median, currency, duration; the
                           label names the reference period)
``occupationLocation``     ``schema:occupationLocation``
``sameAs``                 ``skos:exactMatch`` targets
=========================  ==========================================================

Left out on purpose: ``skills`` and ``experienceRequirements``. The ontology models no skills
(communication channels are not skills), and on-the-job training given after hiring is not
prior experience; a consumer would read either as a requirement the source never states.
The salary carries ``duration`` (``PT1H`` for UN/CEFACT ``HUR``), not ``unitCode``, which
schema.org does not define for ``MonetaryAmountDistribution``.

>>> doc = occupation_jsonld()
>>> doc["@type"]
'Occupation'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csrgraph.errors import UsageError
from csrgraph.namespaces import CSRO, SCHEMA, SKOS

if TYPE_CHECKING:
    import rdflib


#: The inline context: schema.org terms by ``@vocab``; IRIs for the properties whose
#: values are links.
CONTEXT: dict[str, Any] = {
    "@vocab": SCHEMA,
    "sameAs": {"@id": f"{SCHEMA}sameAs", "@type": "@id"},
    "url": {"@id": f"{SCHEMA}url", "@type": "@id"},
}

#: UN/CEFACT time unit codes -> ISO 8601 durations (the ``duration`` of a salary).
UNIT_DURATIONS = {
    "SEC": "PT1S",
    "MIN": "PT1M",
    "HUR": "PT1H",
    "DAY": "P1D",
    "WEE": "P1W",
    "MON": "P1M",
    "ANN": "P1Y",
}


def _ns(base: str, name: str) -> rdflib.URIRef:
    import rdflib

    return rdflib.URIRef(base + name)


def _texts(graph: rdflib.Graph, node: Any, predicate: rdflib.URIRef) -> list[dict[str, str]]:
    """Return every literal of ``node predicate`` as JSON-LD values, sorted by language."""
    import rdflib

    values = [o for o in graph.objects(node, predicate) if isinstance(o, rdflib.Literal)]
    return [
        {"@value": str(v), "@language": v.language} if v.language else {"@value": str(v)}
        for v in sorted(values, key=lambda v: (v.language or "", str(v)))
    ]


def _labels(graph: rdflib.Graph, node: Any) -> list[dict[str, str]]:
    return _texts(graph, node, _ns(SKOS, "prefLabel"))


def _one(graph: rdflib.Graph, node: Any, predicate: rdflib.URIRef) -> Any:
    """Return the single object of ``node predicate`` (the smallest, if the data has more)."""
    values = sorted(graph.objects(node, predicate), key=str)
    return values[0] if values else None


def _number(literal: Any) -> int | float | None:
    """Return a numeric literal as a JSON number (an int when it is whole), else None."""
    if literal is None:
        return None
    value = literal.toPython()
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


def _is(graph: rdflib.Graph, node: Any, cls: rdflib.URIRef) -> bool:
    """Whether ``node`` is an instance of ``cls``, following ``rdfs:subClassOf``."""
    from rdflib.namespace import RDF, RDFS

    for kind in graph.objects(node, RDF.type):
        if cls in graph.transitive_objects(kind, RDFS.subClassOf):
            return True
    return False


def _affirmed(graph: rdflib.Graph, claim: Any) -> bool:
    negated = _one(graph, claim, _ns(CSRO, "negated"))
    return not (negated is not None and negated.toPython() is True)


def _schema_type(graph: rdflib.Graph, node: Any, default: str) -> str:
    from rdflib.namespace import RDF

    kinds = sorted(
        str(k)[len(SCHEMA) :] for k in graph.objects(node, RDF.type) if str(k).startswith(SCHEMA)
    )
    return kinds[0] if kinds else default


def _organization(graph: rdflib.Graph, node: Any) -> dict[str, Any]:
    org: dict[str, Any] = {"@id": str(node), "@type": _schema_type(graph, node, "Organization")}
    org["name"] = _labels(graph, node)
    alternate = _one(graph, node, _ns(SCHEMA, "alternateName"))
    if alternate is not None:
        org["alternateName"] = str(alternate)
    url = _one(graph, node, _ns(SCHEMA, "url"))
    if url is not None:
        org["url"] = str(url)
    return org


def _credential(graph: rdflib.Graph, node: Any) -> dict[str, Any]:
    cred: dict[str, Any] = {"@id": str(node), "@type": "EducationalOccupationalCredential"}
    cred["name"] = _labels(graph, node)
    for prop in ("alternateName", "credentialCategory"):
        value = _one(graph, node, _ns(SCHEMA, prop))
        if value is not None:
            cred[prop] = str(value)
    recognized = sorted(graph.objects(node, _ns(SCHEMA, "recognizedBy")), key=str)
    if recognized:
        cred["recognizedBy"] = [_organization(graph, org) for org in recognized]
    return cred


def _claims(graph: rdflib.Graph, occupation: Any, cls: str) -> list[Any]:
    """Return the occupation's claims (any sub-property of ``csro:hasClaim``) of a class."""
    from rdflib.namespace import RDFS

    has_claim = _ns(CSRO, "hasClaim")
    properties = {has_claim, *graph.transitive_subjects(RDFS.subPropertyOf, has_claim)}
    found = {c for p in properties for c in graph.objects(occupation, p)}
    return sorted((c for c in found if _is(graph, c, _ns(CSRO, cls))), key=str)


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    result = []
    for item in items:
        if item["@id"] not in seen:
            seen.add(item["@id"])
            result.append(item)
    return result


def find_occupation(graph: rdflib.Graph, occupation: str | None = None) -> rdflib.URIRef:
    """Return the occupation to export: ``occupation`` if given, else the graph's only one.

    Raises :class:`UsageError` when the IRI is not a ``schema:Occupation`` of the graph, or
    when none is given and the graph has none or several.
    """
    import rdflib
    from rdflib.namespace import RDF

    found = sorted(
        {
            s
            for s in graph.subjects(RDF.type, _ns(SCHEMA, "Occupation"))
            if isinstance(s, rdflib.URIRef)
        },
        key=str,
    )
    if occupation is not None:
        import pyoxigraph as ox

        try:  # checked first: rdflib warns on a URIRef that is not an IRI
            ox.NamedNode(occupation)
        except ValueError:
            raise UsageError(
                f"{{occupation}}: {occupation!r} is not an IRI",
                parameter="occupation",
                value=occupation,
            ) from None
        if rdflib.URIRef(occupation) not in found:
            raise UsageError(
                f"{occupation} is not a schema:Occupation of the graph",
                parameter="occupation",
                value=occupation,
            )
        return rdflib.URIRef(occupation)
    if len(found) != 1:
        names = ", ".join(map(str, found)) or "none"
        raise UsageError(
            f"the graph has {len(found)} occupations ({names}); name one with {{occupation}} IRI",
            parameter="occupation",
        )
    return found[0]


def occupation_jsonld(
    graph: rdflib.Graph | None = None, occupation: str | None = None
) -> dict[str, Any]:
    """Return one occupation of the graph as a schema.org ``Occupation`` JSON-LD document.

    Args:
        graph: the graph to read (default: the bundled graph, ontology and data).
        occupation: the IRI of the occupation (default: the graph's only occupation).

    Returns:
        A JSON-serialisable dict with an inline ``@context``; ``json.dumps`` it to publish.

    Raises:
        UsageError: no such occupation, or several and none named.

    """
    if graph is None:
        from csrgraph.graph.load import load_graph

        graph = load_graph()
    occ = find_occupation(graph, occupation)
    doc: dict[str, Any] = {"@context": CONTEXT, "@id": str(occ), "@type": "Occupation"}
    doc["name"] = _labels(graph, occ)
    doc["description"] = _texts(graph, occ, _ns(SKOS, "definition"))

    codes = []
    for code in sorted(graph.objects(occ, _ns(SCHEMA, "occupationalCategory")), key=str):
        item: dict[str, Any] = {"@id": str(code), "@type": "CategoryCode"}
        for prop in ("codeValue", "name"):
            value = _one(graph, code, _ns(SCHEMA, prop))
            if value is not None:
                item[prop] = str(value)
        url = _one(graph, code, _ns(SCHEMA, "url"))
        if url is not None:
            item["url"] = str(url)
        code_set = _one(graph, code, _ns(SCHEMA, "inCodeSet"))
        if code_set is not None:
            item["inCodeSet"] = {"@id": str(code_set), "@type": "CategoryCodeSet"}
            name = _one(graph, code_set, _ns(SCHEMA, "name"))
            if name is not None:
                item["inCodeSet"]["name"] = str(name)
        codes.append(item)
    doc["occupationalCategory"] = codes

    tasks = sorted(graph.objects(occ, _ns(CSRO, "hasTask")), key=str)
    doc["responsibilities"] = [label for task in tasks for label in _labels(graph, task)]

    accepted = _ns(CSRO, "acceptedCredential")
    doc["educationRequirements"] = _unique(
        [
            _credential(graph, cred)
            for claim in _claims(graph, occ, "EducationRequirement")
            if _affirmed(graph, claim)
            for cred in sorted(graph.objects(claim, accepted), key=str)
        ]
    )
    awarded = [
        cred
        for offer in _claims(graph, occ, "TrainingOffer")
        for programme in graph.objects(offer, _ns(CSRO, "program"))
        for cred in graph.objects(programme, _ns(SCHEMA, "educationalCredentialAwarded"))
    ]
    doc["qualifications"] = _unique([_credential(graph, c) for c in sorted(awarded, key=str)])

    salaries = []
    for claim in _claims(graph, occ, "WageStatistic"):
        salary: dict[str, Any] = {"@id": str(claim), "@type": "MonetaryAmountDistribution"}
        salary["name"] = _labels(graph, claim)
        median = _number(_one(graph, claim, _ns(SCHEMA, "median")))
        if median is not None:
            salary["median"] = median
        currency = _one(graph, claim, _ns(SCHEMA, "currency"))
        if currency is not None:
            salary["currency"] = str(currency)
        unit = _one(graph, claim, _ns(SCHEMA, "unitCode"))
        if unit is not None and str(unit) in UNIT_DURATIONS:
            salary["duration"] = UNIT_DURATIONS[str(unit)]
        salaries.append(salary)
    doc["estimatedSalary"] = salaries

    locations = []
    for place in sorted(graph.objects(occ, _ns(SCHEMA, "occupationLocation")), key=str):
        location: dict[str, Any] = {
            "@id": str(place),
            "@type": _schema_type(graph, place, "AdministrativeArea"),
            "name": _labels(graph, place),
        }
        for prop in ("alternateName", "identifier"):
            value = _one(graph, place, _ns(SCHEMA, prop))
            if value is not None:
                location[prop] = str(value)
        locations.append(location)
    doc["occupationLocation"] = locations

    same = sorted(str(t) for t in graph.objects(occ, _ns(SKOS, "exactMatch")))
    if same:
        doc["sameAs"] = same
    return doc


def occupation_jsonld_text(graph: rdflib.Graph | None = None, occupation: str | None = None) -> str:
    """Return :func:`occupation_jsonld` serialised: indented JSON, non-ASCII kept, newline-ended."""
    import json

    return json.dumps(occupation_jsonld(graph, occupation), indent=2, ensure_ascii=False) + "\n"
