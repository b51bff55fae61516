"""Describe the graph: version, licence, source, counts and languages, computed from it.

Only the ontology's and standard vocabularies' terms are named (``owl:Ontology``,
``void:Dataset``/``dcat:Dataset``, ``csro:Statement``); nothing here knows the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from csrgraph._typing import PathLike

_PREFIXES = """
PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_QUERIES = {
    "ontology_version": "SELECT ?v WHERE { ?o a owl:Ontology ; owl:versionInfo ?v } LIMIT 1",
    "dataset_version": """SELECT ?v WHERE { { ?d a void:Dataset } UNION { ?d a dcat:Dataset }
        ?d dcat:version ?v } LIMIT 1""",
    "licence": """SELECT DISTINCT ?v WHERE { { ?x a owl:Ontology } UNION { ?x a void:Dataset }
        UNION { ?x a dcat:Dataset } ?x dcterms:license ?v } ORDER BY ?v""",
    "source": """SELECT DISTINCT ?v WHERE {
        { ?x a void:Dataset } UNION { ?x a dcat:Dataset } UNION { ?x a owl:Ontology }
        { ?x prov:wasDerivedFrom ?v } UNION { ?x dcterms:source ?v } } ORDER BY ?v""",
    "triples": "SELECT (COUNT(*) AS ?v) WHERE { ?s ?p ?o }",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?v) WHERE { ?c a owl:Class FILTER(isIRI(?c)) }",
    "classes_used": "SELECT (COUNT(DISTINCT ?c) AS ?v) WHERE { ?x a ?c }",
    "instances": "SELECT (COUNT(DISTINCT ?x) AS ?v) WHERE { ?x a ?c FILTER(isIRI(?x)) }",
    "facts": "SELECT (COUNT(DISTINCT ?s) AS ?v) WHERE { ?s a csro:Statement }",
    "languages": """SELECT DISTINCT ?v WHERE { ?s ?p ?o FILTER(isLiteral(?o) && lang(?o) != "")
        BIND(lang(?o) AS ?v) } ORDER BY ?v""",
}


def info(data: Iterable[PathLike] = ()) -> dict[str, Any]:
    """Return facts about the bundled graph (plus ``data``), computed from the graph.

    >>> details = info()
    >>> details["triples"] > 0 and "de" in details["languages"]
    True
    """
    from csrgraph._version import version as package_version
    from csrgraph.graph.load import load_store
    from csrgraph.sparql.evaluate import on_store

    store = load_store(data)
    details: dict[str, Any] = {"version": package_version()}
    for key, query in _QUERIES.items():
        answer = on_store(store, _PREFIXES + query, name="info")
        values = [row[0].value for row in answer.rows if row[0] is not None]
        if key in ("licence", "source", "languages"):
            details[key] = values
        elif key in ("triples", "classes", "classes_used", "instances", "facts"):
            details[key] = int(values[0]) if values else 0
        else:
            details[key] = values[0] if values else None
    return details
