"""The ESCO importer on the real ESCO v1.2.0 rows of tests/fixtures/esco (see its README)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import FIXTURES

from csrgraph.errors import InputError, UsageError
from csrgraph.importers import esco

SAMPLE = FIXTURES / "esco"
GERMAN = SAMPLE / "de"
OCC = "http://data.europa.eu/esco/occupation/"
CSR = OCC + "13d1b2b4-99dd-44da-9734-c9f74bae18f7"
CONTACT = OCC + "b7b75eb6-34bc-462d-b412-eed393cc1397"
ISCO = "http://data.europa.eu/esco/isco/C"
SKOS = "http://www.w3.org/2004/02/skos/core#"
MODEL = "http://data.europa.eu/esco/model#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CSRO = "https://w3id.org/csrgraph/ontology#"
DCAT = "http://www.w3.org/ns/dcat#"


def _store(folders: list[Path], **options: object) -> ox.Store:
    store = ox.Store()
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object)
        for t in esco.import_triples(folders, version="1.2.0", **options)  # type: ignore[arg-type]
    )
    return store


def _objects(store: ox.Store, s: str, p: str) -> list[ox.NamedNode | ox.Literal]:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)]


def _values(store: ox.Store, s: str, p: str) -> set[str]:
    return {o.value for o in _objects(store, s, p)}


@pytest.fixture(scope="module")
def sample() -> ox.Store:
    return _store([SAMPLE])


@pytest.mark.parametrize(
    ("occupation", "code", "group", "label", "essential", "optional"),
    [
        (CSR, "4225.1", "4225", "customer service representative", 24, 15),
        (CONTACT, "4222.1", "4222", "customer contact centre information clerk", 14, 18),
    ],
    ids=["13d1b2b4", "b7b75eb6"],
)
def test_linked_occupations(
    sample: ox.Store,
    occupation: str,
    code: str,
    group: str,
    label: str,
    essential: int,
    optional: int,
) -> None:
    assert _values(sample, occupation, SKOS + "notation") == {code}
    assert _values(sample, occupation, MODEL + "memberOfISCOGroup") == {ISCO + group}
    assert _values(sample, occupation, SKOS + "broader") == {ISCO + group}
    labels = _objects(sample, occupation, SKOS + "prefLabel")
    assert [(lit.value, lit.language) for lit in labels] == [(label, "en")]  # type: ignore[union-attr]
    assert _values(sample, occupation, RDF_TYPE) == {SKOS + "Concept", MODEL + "Occupation"}
    skills_e = _values(sample, occupation, MODEL + "relatedEssentialSkill")
    skills_o = _values(sample, occupation, MODEL + "relatedOptionalSkill")
    assert (len(skills_e), len(skills_o)) == (essential, optional)
    assert len(skills_e | skills_o) == essential + optional
    for skill in skills_e | skills_o:  # every skill has its English label and type
        assert len(_objects(sample, skill, SKOS + "prefLabel")) == 1, skill
        assert MODEL + "Skill" in _values(sample, skill, RDF_TYPE)


def test_alternative_labels_and_description(sample: ox.Store) -> None:
    alt = _objects(sample, CSR, SKOS + "altLabel")
    assert len(alt) == 16 and {lit.language for lit in alt} == {"en"}  # type: ignore[union-attr]
    assert "customer complaints handler" in {lit.value for lit in alt}
    (description,) = _objects(sample, CSR, DCTERMS + "description")
    assert description.value.startswith("Customer service representatives handle complaints")
    assert _values(sample, CSR, SKOS + "inScheme") == {
        "http://data.europa.eu/esco/concept-scheme/occupations",
        "http://data.europa.eu/esco/concept-scheme/member-occupations",
    }
    assert _values(sample, CSR, MODEL + "regulatedProfessionNote") == {
        "http://data.europa.eu/esco/regulated-professions/unregulated"
    }


def _ancestors(store: ox.Store, iri: str) -> list[str]:
    found: list[str] = []
    todo = [iri]
    while todo:
        for parent in sorted(_values(store, todo.pop(), SKOS + "broader")):
            found.append(parent)
            todo.append(parent)
    return found


def test_isco_4222_ancestors(sample: ox.Store) -> None:
    assert _ancestors(sample, ISCO + "4222") == [ISCO + "422", ISCO + "42", ISCO + "4"]
    assert _values(sample, ISCO + "4222", SKOS + "notation") == {"4222"}
    assert _values(sample, ISCO + "4", SKOS + "broader") == set()
    for group in ("4222", "422", "42", "4"):
        assert len(_objects(sample, ISCO + group, SKOS + "prefLabel")) == 1


def test_counts_of_the_sample(sample: ox.Store) -> None:
    def typed(cls: str) -> int:
        return len(list(sample.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls))))

    assert typed(MODEL + "Occupation") == 32
    assert typed(MODEL + "Skill") == 63
    assert typed(SKOS + "Concept") == 32 + 63 + 21
    # no conceptSchemes file: the schemes the concepts name are typed, nothing more
    assert typed(SKOS + "ConceptScheme") == 4


def test_provenance_and_attribution(sample: ox.Store) -> None:
    """Each concept points to its row's record: file, row key, release, the Commission."""
    (record,) = _values(sample, CSR, PROV + "wasDerivedFrom")
    assert _values(sample, record, RDF_TYPE) == {CSRO + "SourceRecord"}
    assert _values(sample, record, CSRO + "sourceFile") == {"occupations_en.csv"}
    assert _values(sample, record, CSRO + "rowKey") == {CSR}
    (release,) = _values(sample, record, DCTERMS + "isPartOf")
    assert _values(sample, release, DCAT + "version") == {"1.2.0"}
    assert _values(sample, release, DCTERMS + "issued") == {"2024-05"}
    (commission,) = _values(sample, record, PROV + "wasAttributedTo")
    assert _values(sample, commission, SKOS + "prefLabel") == {
        "Europäische Kommission",
        "European Commission",
    }
    (citation,) = _values(sample, release, DCTERMS + "bibliographicCitation")
    assert "© European Union, ESCO" in citation
    datasets = sample.quads_for_pattern(
        None, ox.NamedNode(RDF_TYPE), ox.NamedNode(DCAT + "Dataset")
    )
    (dataset,) = [q.subject.value for q in datasets]
    (rights,) = _values(sample, dataset, DCTERMS + "rights")
    assert "© European Union, ESCO" in rights
    assert _values(sample, dataset, PROV + "wasDerivedFrom") == {release}
    records = list(
        sample.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(CSRO + "SourceRecord"))
    )
    assert len(records) == 32 + 63 + 21


def test_concept_limits_the_import() -> None:
    store = _store([SAMPLE], concepts=[CONTACT])
    occupations = {
        q.subject.value
        for q in store.quads_for_pattern(
            None, ox.NamedNode(RDF_TYPE), ox.NamedNode(MODEL + "Occupation")
        )
    }
    assert occupations == {CONTACT}
    concepts = {
        q.subject.value
        for q in store.quads_for_pattern(
            None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SKOS + "Concept")
        )
    }
    skills = _values(store, CONTACT, MODEL + "relatedEssentialSkill") | _values(
        store, CONTACT, MODEL + "relatedOptionalSkill"
    )
    assert len(skills) == 32
    assert concepts == {CONTACT, *(ISCO + g for g in ("4222", "422", "42", "4")), *skills}
    # the narrower occupation filed under the clerk is not one of what it needs
    assert not _values(store, OCC + "fde97584-d8e3-413e-a662-511c9055357e", SKOS + "broader")


def test_an_unknown_concept_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=re.escape("not in the ESCO files: http://example.org/x")):
        list(esco.import_triples([SAMPLE], version="1.2.0", concepts=["http://example.org/x"]))
    with pytest.raises(UsageError, match=r"^concepts: 'not an iri' is not an IRI"):
        list(esco.import_triples([SAMPLE], version="1.2.0", concepts=["not an iri"]))


def test_languages_merge_into_one_concept() -> None:
    store = _store([SAMPLE, GERMAN])
    labels = {(lit.value, lit.language) for lit in _objects(store, CSR, SKOS + "prefLabel")}  # type: ignore[union-attr]
    assert labels == {
        ("customer service representative", "en"),
        ("Testbezeichnung Kundenberater/Kundenberaterin", "de"),
    }
    alt_de = [lit for lit in _objects(store, CSR, SKOS + "altLabel") if lit.language == "de"]  # type: ignore[union-attr]
    assert sorted(lit.value for lit in alt_de) == [
        "Testbezeichnung Kundenbetreuer",
        "Testbezeichnung Kundenbetreuerin",
    ]
    descriptions = {lit.language for lit in _objects(store, CSR, DCTERMS + "description")}  # type: ignore[union-attr]
    assert descriptions == {"en", "de"}
    # what does not depend on the language is there once
    assert len(_objects(store, CSR, SKOS + "notation")) == 1
    assert len(_objects(store, CSR, RDF_TYPE)) == 2
    records = _values(store, CSR, PROV + "wasDerivedFrom")
    files = {next(iter(_values(store, r, CSRO + "sourceFile"))) for r in records}
    assert files == {"occupations_en.csv", "occupations_de.csv"}
    skill = "http://data.europa.eu/esco/skill/a17286c5-238d-4f0b-bc24-29e9121345de"
    assert {lit.language for lit in _objects(store, skill, SKOS + "prefLabel")} == {"en", "de"}  # type: ignore[union-attr]


def test_one_language_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "occupations_en.csv").write_text("conceptUri,preferredLabel\n", encoding="utf-8")
    with pytest.raises(InputError, match="a second occupations file for 'en'"):
        esco.find_sources([SAMPLE, tmp_path])


def test_the_release_comes_from_the_option_or_the_folder_name(tmp_path: Path) -> None:
    named = tmp_path / "ESCO dataset - v1.2.0 - classification - en - csv"
    named.mkdir()
    assert esco.release_of([named], None) == "1.2.0"
    with pytest.raises(UsageError, match="give the ESCO release with version "):
        esco.release_of([SAMPLE], None)
    with pytest.raises(UsageError, match="not a version"):
        esco.release_of([SAMPLE], "latest")
    assert esco.release_date("1.2.0", None) == "2024-05"
    assert esco.release_date("1.1.1", "2022-09") == "2022-09"
    with pytest.raises(UsageError, match=r"give the release date of ESCO v1\.1\.1"):
        esco.release_date("1.1.1", None)
    with pytest.raises(UsageError, match="not a date"):
        esco.release_date("1.2.0", "May 2024")


def test_import_writes_turtle_and_ntriples(tmp_path: Path) -> None:
    parsed = {}
    for fmt in esco.FORMATS:
        out = tmp_path / f"esco.{fmt}"
        esco.import_esco([SAMPLE], out, fmt=fmt, version="1.2.0")
        parsed[fmt] = {q.triple for q in ox.parse(path=str(out))}
    expected = set(esco.import_triples([SAMPLE], version="1.2.0"))
    assert len(expected) > 1000
    assert parsed["ttl"] == parsed["nt"] == expected
