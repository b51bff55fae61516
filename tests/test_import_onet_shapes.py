"""The shapes on imported O*NET data: each tests/mutations/onet-*.ru breaks the imported sample.

The mutations are checked as tests/test_shapes.py checks the others (the same function: same
header, same expected shape and path), on the bundled graph plus the import of three
occupations of tests/fixtures/onet/ (43-4051.00, the "All Other" 43-4199.00, which has no
Job Zone, and 43-4141.00, fourth in 43-4051.00's related occupations): validating the whole
sample takes pySHACL several seconds, and tests/test_import_onet.py does that once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from importer_fixtures import imported_ntriples
from test_shapes import ENGINES
from test_shapes import test_the_mutation_is_rejected_by_the_expected_shape as check_mutation

from csrgraph.graph.load import load_graph
from csrgraph.validation import load_shapes, validate

MUTATIONS = sorted((Path(__file__).parent / "mutations").glob("onet-*.ru"))


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    """The bundled shapes, parsed once."""
    return load_shapes()


@pytest.fixture(scope="module")
def with_import() -> rdflib.Graph:
    """The bundled graph plus three occupations of the imported sample."""
    graph = load_graph()
    graph.parse(
        data=imported_ntriples("onet", ("43-4051.00", "43-4199.00", "43-4141.00")), format="nt"
    )
    return graph


def test_there_are_onet_mutations() -> None:
    assert len(MUTATIONS) >= 8


def test_the_two_occupations_conform(with_import: rdflib.Graph, shapes: rdflib.Graph) -> None:
    report = validate(with_import, shapes=shapes)
    assert report.conforms, report.to_text()


@pytest.fixture(scope="module")
def reports() -> dict:
    """(mutation name, engine) -> the report, each case validated once per engine."""
    return {}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", MUTATIONS, ids=[p.name for p in MUTATIONS])
def test_the_onet_mutation_is_rejected(
    path: Path, engine: str, reports: dict, with_import: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    check_mutation(path, engine, reports, with_import, shapes)
