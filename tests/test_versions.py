"""One version number: package, ontology (owl:versionInfo/versionIRI), dataset, changelog."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF

from csrgraph import __version__
from csrgraph.graph.load import load_graph

# the checkout: pyproject.toml and CHANGELOG.md are not in the wheel
ROOT = Path(__file__).resolve().parent.parent
DCAT_VERSION = rdflib.URIRef("http://www.w3.org/ns/dcat#version")


def _pyproject_version() -> str:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    match = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    assert match, "pyproject.toml has no version"
    return match.group(1)


def test_package_version_is_the_pyproject_version() -> None:
    assert __version__ == metadata.version("csrgraph") == _pyproject_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_ontology_version() -> None:
    graph = load_graph(include_data=False)
    (onto,) = graph.subjects(RDF.type, OWL.Ontology)
    assert str(graph.value(onto, OWL.versionInfo)) == __version__
    assert graph.value(onto, OWL.versionIRI) == rdflib.URIRef(f"{onto}/{__version__}")


def test_dataset_version() -> None:
    graph = load_graph(include_ontology=False)
    versions = [str(v) for v in graph.objects(None, DCAT_VERSION)]
    assert versions == [__version__]


def test_changelog_has_the_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.M)
