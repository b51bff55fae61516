"""Ontology quality in the spirit of ROBOT's report and the FOOPS! checks."""

from __future__ import annotations

from collections import Counter

import pytest
import rdflib
from importer_fixtures import imported_fixtures
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from csrgraph.graph.load import load_graph

CSRO = "https://w3id.org/csrgraph/ontology#"
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
ONTOLOGY = load_graph(include_data=False)
DATA = load_graph(include_ontology=False)
# Terms for imported records count as used when an importer's output on its test fixture
# (tests/fixtures/<source>/) uses them.
DATA += imported_fixtures()

CLASSES = sorted(s for s in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(s).startswith(CSRO))
PROPERTIES = sorted(
    s
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for s in ONTOLOGY.subjects(RDF.type, kind)
    if str(s).startswith(CSRO)
)
TERMS = CLASSES + PROPERTIES


def _short(term: rdflib.URIRef) -> str:
    return term.removeprefix(CSRO)


def test_terms_found() -> None:
    assert len(CLASSES) >= 25
    assert len(PROPERTIES) >= 35


@pytest.mark.parametrize("term", TERMS, ids=_short)
def test_one_label_and_definition_per_language(term: rdflib.URIRef) -> None:
    for predicate in (RDFS.label, SKOS.definition):
        langs = Counter(o.language for o in ONTOLOGY.objects(term, predicate))
        assert langs == Counter({"de": 1, "en": 1}), f"{_short(term)} {predicate}: {langs}"


def test_no_label_shared_by_two_terms() -> None:
    owners: dict[tuple[str, str | None], list[str]] = {}
    for term in TERMS:
        for label in ONTOLOGY.objects(term, RDFS.label):
            owners.setdefault((str(label).casefold(), label.language), []).append(_short(term))
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared
    assert len(owners) == 2 * len(TERMS)


def _class_used(cls: rdflib.URIRef) -> bool:
    below = set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, cls))
    return any((None, RDF.type, c) in DATA for c in below)


# A shape naming a term is no use: the shapes name nearly every term. Only data counts.
@pytest.mark.parametrize("cls", CLASSES, ids=_short)
def test_class_is_used(cls: rdflib.URIRef) -> None:
    assert _class_used(cls), f"{_short(cls)} has no instance (of it or a subclass) in data/"


@pytest.mark.parametrize("prop", PROPERTIES, ids=_short)
def test_property_is_used(prop: rdflib.URIRef) -> None:
    below = set(ONTOLOGY.transitive_subjects(RDFS.subPropertyOf, prop))
    assert any((None, p, None) in DATA for p in below), f"{_short(prop)} is not used in data/"


@pytest.mark.parametrize("prop", PROPERTIES, ids=_short)
def test_property_has_domain_and_range(prop: rdflib.URIRef) -> None:
    # A property may go without one only if it says why (skos:scopeNote).
    reason = ONTOLOGY.value(prop, SKOS.scopeNote)
    assert reason is not None or (
        ONTOLOGY.value(prop, RDFS.domain) is not None
        and ONTOLOGY.value(prop, RDFS.range) is not None
    ), f"{_short(prop)} needs rdfs:domain and rdfs:range (or a skos:scopeNote saying why not)"


def test_ontology_metadata_complete() -> None:
    (onto,) = ONTOLOGY.subjects(RDF.type, OWL.Ontology)
    for predicate in (DCTERMS.title, DCTERMS.description):
        langs = sorted(o.language for o in ONTOLOGY.objects(onto, predicate))
        assert langs == ["de", "en"], predicate
    for predicate in (
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        OWL.versionIRI,
        OWL.versionInfo,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
    ):
        assert ONTOLOGY.value(onto, predicate) is not None, f"the ontology has no {predicate}"
    assert str(ONTOLOGY.value(onto, VANN.preferredNamespaceUri)) == CSRO
    assert str(ONTOLOGY.value(onto, VANN.preferredNamespacePrefix)) == "csro"
