"""The schema.org profile: one Occupation document, parsed back and checked property by property."""

from __future__ import annotations

import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from conftest import CATEGORY_CODES

from csrgraph.errors import UsageError
from csrgraph.publish.schemaorg import occupation_jsonld, occupation_jsonld_text

S = rdflib.Namespace("https://schema.org/")
OCC = rdflib.URIRef("https://w3id.org/csrgraph/occupation/customer-service-representative")


@pytest.fixture(scope="module")
def text() -> str:
    return occupation_jsonld_text()


@pytest.fixture(scope="module")
def parsed(text: str) -> rdflib.Graph:
    # the document must parse without fetching anything: its @context is inline
    return rdflib.Graph().parse(data=text, format="json-ld")


def _texts(
    graph: rdflib.Graph, node: rdflib.term.Node, prop: rdflib.URIRef
) -> set[tuple[str, str]]:
    return {(str(o), o.language or "") for o in graph.objects(node, prop)}


def test_document_is_self_contained_json(text: str) -> None:
    doc = json.loads(text)
    assert isinstance(doc["@context"], dict)
    assert "http" not in json.dumps(doc["@context"]).replace("https://schema.org/", "")
    assert doc["@type"] == "Occupation"


def test_pyoxigraph_reads_the_same_triples(text: str, parsed: rdflib.Graph) -> None:
    quads = list(ox.parse(text.encode(), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(parsed)
    assert len(parsed) > 100


def test_type_name_description(parsed: rdflib.Graph) -> None:
    assert (OCC, rdflib.RDF.type, S.Occupation) in parsed
    assert _texts(parsed, OCC, S.name) == {
        ("Kundendienstmitarbeiter/in", "de"),
        ("customer service representative", "en"),
    }
    assert {lang for _, lang in _texts(parsed, OCC, S.description)} == {"de", "en"}


def test_occupational_categories(parsed: rdflib.Graph) -> None:
    codes = {}
    for code in parsed.objects(OCC, S.occupationalCategory):
        assert (code, rdflib.RDF.type, S.CategoryCode) in parsed
        code_set = parsed.value(code, S.inCodeSet)
        assert (code_set, rdflib.RDF.type, S.CategoryCodeSet) in parsed
        codes[str(parsed.value(code_set, S.name))] = str(parsed.value(code, S.codeValue))
    assert codes == CATEGORY_CODES
    isco = rdflib.URIRef("https://w3id.org/csrgraph/code/isco-08-4222")
    assert parsed.value(isco, S.url) == rdflib.URIRef("http://data.europa.eu/esco/isco/C4222")


def test_responsibilities_are_the_tasks_in_both_languages(parsed: rdflib.Graph) -> None:
    values = _texts(parsed, OCC, S.responsibilities)
    assert len(values) == 24
    assert ("process refunds", "en") in values
    assert ("Bestellungen annehmen oder bearbeiten", "de") in values


def test_no_skills_or_experience_the_source_does_not_state(parsed: rdflib.Graph) -> None:
    # channels are not skills, and training given after hiring is not prior experience
    assert list(parsed.objects(OCC, S.skills)) == []
    assert list(parsed.objects(OCC, S.experienceRequirements)) == []


def test_education_requirements(parsed: rdflib.Graph) -> None:
    creds = set(parsed.objects(OCC, S.educationRequirements))
    assert {str(c).rsplit("/", 1)[1] for c in creds} == {"high-school-diploma", "ged"}
    for cred in creds:
        assert (cred, rdflib.RDF.type, S.EducationalOccupationalCredential) in parsed
    # the negated requirement (no college degree) is not turned into a requirement
    assert rdflib.URIRef("https://w3id.org/csrgraph/credential/college-degree") not in creds


def test_qualifications_ccsp_recognized_by_ncsa(parsed: rdflib.Graph) -> None:
    creds = list(parsed.objects(OCC, S.qualifications))
    assert len(creds) == 1
    ccsp = creds[0]
    assert (ccsp, rdflib.RDF.type, S.EducationalOccupationalCredential) in parsed
    assert str(parsed.value(ccsp, S.alternateName)) == "CCSP"
    assert ("Certified Customer Service Professional (CCSP)", "en") in _texts(parsed, ccsp, S.name)
    ncsa = parsed.value(ccsp, S.recognizedBy)
    assert str(parsed.value(ncsa, S.alternateName)) == "NCSA"
    assert (ncsa, rdflib.RDF.type, S.Organization) in parsed


def test_estimated_salary(parsed: rdflib.Graph) -> None:
    salaries = list(parsed.objects(OCC, S.estimatedSalary))
    assert len(salaries) == 1
    salary = salaries[0]
    assert (salary, rdflib.RDF.type, S.MonetaryAmountDistribution) in parsed
    assert Decimal(str(parsed.value(salary, S.median).toPython())) == Decimal("15.81")
    assert str(parsed.value(salary, S.currency)) == "USD"
    assert str(parsed.value(salary, S.duration)) == "PT1H"
    # unitCode is not a property of MonetaryAmountDistribution; duration says "per hour"
    assert parsed.value(salary, S.unitCode) is None


def test_location(parsed: rdflib.Graph) -> None:
    places = list(parsed.objects(OCC, S.occupationLocation))
    assert len(places) == 1
    assert ("United States", "en") in _texts(parsed, places[0], S.name)


def test_same_as_is_the_exact_match(parsed: rdflib.Graph) -> None:
    assert set(parsed.objects(OCC, S.sameAs)) == {
        rdflib.URIRef("https://www.bls.gov/soc/2010/soc434051.htm")
    }


def test_a_second_occupation_must_be_named() -> None:
    from csrgraph.graph.load import load_graph

    graph = load_graph()
    other = rdflib.URIRef("https://example.org/occupation/other")
    graph.add((other, rdflib.RDF.type, S.Occupation))
    graph.add(
        (
            other,
            rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            rdflib.Literal("other", lang="en"),
        )
    )
    with pytest.raises(UsageError, match="has 2 occupations"):
        occupation_jsonld(graph)
    doc = occupation_jsonld(graph, str(other))
    assert doc["name"] == [{"@value": "other", "@language": "en"}]
    assert doc["occupationalCategory"] == [] and doc["estimatedSalary"] == []
    with pytest.raises(UsageError, match="is not a schema:Occupation"):
        occupation_jsonld(graph, "https://example.org/nothing")
