"""load_graph / load_store: bundled files plus the user's, parsed strictly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import BAD, FIXTURES, MINI
from rdflib import Literal, URIRef

from csrgraph import load_graph, resources
from csrgraph.errors import InputError
from csrgraph.graph import load_store

MINI_NS = "http://example.org/mini#"
SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def test_bundled_graph_has_ontology_and_data() -> None:
    assert len(resources.ontology_files()) >= 1
    assert len(resources.data_files()) >= 1
    full = load_graph()
    ontology = load_graph(include_data=False)
    data = load_graph(include_ontology=False)
    assert len(ontology) > 100 and len(data) > 100
    assert len(full) == len(ontology | data)


def test_user_files_are_added() -> None:
    graph = load_graph(MINI, include_ontology=False, include_data=False)
    assert (URIRef(MINI_NS + "a"), SKOS_PREF, Literal("A", lang="en")) in graph
    assert len(graph) == 8


def test_rdfxml_user_file_without_dtd_is_accepted() -> None:
    graph = load_graph([FIXTURES / "extra.rdf"], include_ontology=False, include_data=False)
    assert list(graph) == [(URIRef(MINI_NS + "c"), SKOS_PREF, Literal("C", lang="de"))]


def test_store_and_graph_hold_the_same_triples() -> None:
    store = load_store(MINI, include_ontology=False, include_data=False)
    graph = load_graph(MINI, include_ontology=False, include_data=False)
    assert len(store) == len(graph) == 8


def test_prefixes_of_user_files_are_bound() -> None:
    graph = load_graph(MINI, include_ontology=False, include_data=False)
    assert dict(graph.namespaces())["ex"] == URIRef(MINI_NS)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (BAD / "malformed.ttl", "malformed.ttl:4:1: "),
        (BAD / "undeclared.ttl", "undeclared.ttl:1:1: The prefix ex: has not been declared"),
        (BAD / "latin1.ttl", "latin1.ttl:2:15: not UTF-8 text (byte 0xe9)"),
        (BAD / "bomb.rdf", "bomb.rdf:2:1: DOCTYPE/ENTITY declarations are refused"),
        (BAD / "remote-context.jsonld", "remote-context.jsonld: "),
        (BAD / "missing.ttl", "missing.ttl: no such file"),
        (BAD, "bad: is a folder, not a file"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_bad_files_raise_input_error_naming_the_place(path: Path, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_graph([path], include_ontology=False, include_data=False)
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_entity_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match="DOCTYPE/ENTITY"):
        load_store([BAD / "bomb.rdf"])
    # not a timing assertion on the machine: the bomb would need gigabytes to expand
    assert time.perf_counter() - started < 60


DOCTESTED = [
    "csrgraph.graph",
    "csrgraph.validate",
    "csrgraph.catalog",
    "csrgraph.sparql",
    "csrgraph.formats",
    "csrgraph.explain",
    "csrgraph.info",
    "csrgraph.cli.common",
]


@pytest.mark.parametrize("module_name", DOCTESTED)
def test_docstring_examples_run(module_name: str) -> None:
    import doctest
    import importlib

    assert len(DOCTESTED) == 8
    module = importlib.import_module(module_name)
    outcome = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert outcome.attempted > 0
    assert outcome.failed == 0
