"""The ESCO section of ontology/shapes.ttl: a clean import passes it, broken copies fail it.

The import is of the two linked ESCO occupations (``--concept``) from the real rows of
tests/fixtures/esco. The sample has no conceptSchemes_en.csv, so its schemes are only named and
the import alone does not conform; these tests look at the ESCO shapes' results, and the last
one gives the import a conceptSchemes file of our own, with which it conforms whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from conftest import FIXTURES

from csrgraph.importers.esco import import_esco
from csrgraph.validation import load_shapes, validate

SHAPES = "https://w3id.org/csrgraph/shapes#"
OCC = "http://data.europa.eu/esco/occupation/"
CSR = OCC + "13d1b2b4-99dd-44da-9734-c9f74bae18f7"
CONTACT = OCC + "b7b75eb6-34bc-462d-b412-eed393cc1397"
ESCO_SHAPES = (
    "EscoOccupation-notation",
    "EscoOccupation-iscoGroup",
    "EscoOccupation-skills",
    "EscoConcept-inScheme",
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    out = tmp_path_factory.mktemp("esco") / "two.nt"
    import_esco([FIXTURES / "esco"], out, fmt="nt", concepts=[CSR, CONTACT], version="1.2.0")
    return rdflib.Graph().parse(out, format="nt")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes()


def _esco_results(graph: rdflib.Graph, shapes: rdflib.Graph) -> set[tuple[str, str]]:
    report = validate(graph, shapes=shapes)
    return {
        (r.shape.strip("<>").removeprefix(SHAPES), r.focus.strip("<>"))
        for r in report.results
        if r.shape.strip("<>").removeprefix(SHAPES) in ESCO_SHAPES
    }


def test_the_shapes_are_in_the_shapes_file(shapes: rdflib.Graph) -> None:
    for name in ESCO_SHAPES:
        assert (rdflib.URIRef(SHAPES + name), None, None) in shapes, name


def test_a_clean_import_passes_the_esco_shapes(
    imported: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    assert len(imported) > 300
    assert _esco_results(imported, shapes) == set()


ESCO_MODEL = "PREFIX esco: <http://data.europa.eu/esco/model#>\n"
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"

# (id, SPARQL Update, the shape that must reject it)
MUTATIONS = [
    (
        "code-without-dot",
        f'{SKOS}DELETE {{ <{CSR}> skos:notation ?c }} INSERT {{ <{CSR}> skos:notation "42251" }} '
        f"WHERE {{ <{CSR}> skos:notation ?c }}",
        "EscoOccupation-notation",
    ),
    (
        "two-isco-groups",
        f"{ESCO_MODEL}INSERT DATA {{ <{CSR}> esco:memberOfISCOGroup "
        "<http://data.europa.eu/esco/isco/C4222> }",
        "EscoOccupation-iscoGroup",
    ),
    (
        "isco-group-not-a-unit-group",
        f"{ESCO_MODEL}DELETE {{ <{CONTACT}> esco:memberOfISCOGroup ?g }} "
        f"INSERT {{ <{CONTACT}> esco:memberOfISCOGroup <http://data.europa.eu/esco/isco/C42> }} "
        f"WHERE {{ <{CONTACT}> esco:memberOfISCOGroup ?g }}",
        "EscoOccupation-iscoGroup",
    ),
    (
        "dangling-skill",
        f"{ESCO_MODEL}INSERT DATA {{ <{CONTACT}> esco:relatedOptionalSkill "
        "<http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000000> }",
        "EscoOccupation-skills",
    ),
    (
        "scheme-not-described",
        f"{SKOS}INSERT DATA {{ <{CSR}> skos:inScheme "
        "<http://data.europa.eu/esco/concept-scheme/nowhere> }",
        "EscoConcept-inScheme",
    ),
]


@pytest.mark.parametrize(
    ("update", "shape"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_a_broken_import_fails_the_expected_shape(
    imported: rdflib.Graph, shapes: rdflib.Graph, update: str, shape: str
) -> None:
    graph = rdflib.Graph()
    graph += imported
    graph.update(update)
    assert set(graph) != set(imported)
    assert len(MUTATIONS) == 5
    found = _esco_results(graph, shapes)
    assert {name for name, _ in found} == {shape}
    assert {focus for _, focus in found} <= {CSR, CONTACT}


def test_with_the_concept_schemes_the_import_conforms(tmp_path: Path) -> None:
    """Given a conceptSchemes file, the schemes are described and the whole import conforms.

    The sample has no conceptSchemes_en.csv; the rows here are our own, in the layout of
    ESCO's download (conceptType, conceptSchemeUri, preferredLabel, title, status,
    description, hasTopConcept), and not ESCO's text.
    """
    import shutil

    from csrgraph.graph.load import load_graph

    folder = tmp_path / "esco"
    shutil.copytree(FIXTURES / "esco", folder, ignore=shutil.ignore_patterns("de", "*.md"))
    scheme = "http://data.europa.eu/esco/concept-scheme/"
    lines = ["conceptType,conceptSchemeUri,preferredLabel,title,status,description,hasTopConcept"]
    for name in ("occupations", "member-occupations", "isco", "skills", "unused"):
        lines.append(f"ConceptScheme,{scheme}{name},test label {name},,released,,")
    (folder / "conceptSchemes_en.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "two.nt"
    import_esco([folder], out, fmt="nt", concepts=[CSR, CONTACT], version="1.2.0")
    graph = load_graph(include_ontology=False, include_data=False)
    graph.parse(out, format="nt")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    described = {str(s) for s in graph.subjects(rdflib.RDF.type, skos.ConceptScheme)}
    # the schemes the two occupations, their ISCO groups and skills are in; not the unused one
    assert described == {
        scheme + n for n in ("occupations", "member-occupations", "isco", "skills")
    }
    report = validate(graph, shapes=load_shapes())
    assert report.conforms, report.to_text()
