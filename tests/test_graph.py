"""load_graph / load_store: bundled files plus the user's, parsed strictly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import BAD, FIXTURES, MINI
from rdflib import Literal, URIRef

from csrgraph import load_graph, resources
from csrgraph.errors import InputError
from csrgraph.graph.load import load_store

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
    # the streaming loader of the query engine and the index says the same
    with pytest.raises(InputError) as streamed:
        load_store([path], include_ontology=False, include_data=False)
    assert str(streamed.value) == str(caught.value)


def test_entity_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match="DOCTYPE/ENTITY"):
        load_store([BAD / "bomb.rdf"])
    # not a timing assertion on the machine: the bomb would need gigabytes to expand
    assert time.perf_counter() - started < 60


RDF_XML_HEAD = b'<?xml version="1.0"?>\n'
RDF_OPEN = b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
ENTITY = b'<!doctype rdf:RDF [<!ENTITY a "aaaa">]>\n'
DESCRIPTION = (
    b'<rdf:Description rdf:about="https://e/a"><rdf:value>x</rdf:value></rdf:Description>\n'
)
_DESCRIPTIONS = ((1 << 20) - 500) // len(DESCRIPTION)


def _split_at_a_read() -> bytes:
    """RDF/XML whose only declaration starts 4 bytes before the 1 MiB mark."""
    body = RDF_XML_HEAD + RDF_OPEN + DESCRIPTION * _DESCRIPTIONS
    body += b" " * ((1 << 20) - 4 - len(body))
    assert len(body) == (1 << 20) - 4
    return body + b"<!doctype rdf:RDF>\n</rdf:RDF>\n"


HIDDEN_DECLARATIONS = {
    # the XML parser takes a lower-case DOCTYPE, and one inside the root element
    "lower-case": (RDF_XML_HEAD + ENTITY + RDF_OPEN + b"</rdf:RDF>\n", 2),
    "inside-root": (RDF_XML_HEAD + RDF_OPEN + ENTITY + b"</rdf:RDF>\n", 3),
    # far into a big file, split across the loader's 1 MiB reads
    "split-across-reads": (_split_at_a_read(), 3 + _DESCRIPTIONS),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_DECLARATIONS))
def test_doctype_anywhere_in_any_case_is_refused(tmp_path: Path, case: str) -> None:
    assert len(HIDDEN_DECLARATIONS) == 3
    data, line = HIDDEN_DECLARATIONS[case]
    bomb = tmp_path / "bomb.rdf"
    bomb.write_bytes(data)
    for load in (load_store, load_graph):
        with pytest.raises(InputError, match=rf"bomb\.rdf:{line}:\d+: DOCTYPE/ENTITY"):
            load([bomb], include_ontology=False, include_data=False)


def test_stdin_is_streamed_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    text = MINI[1].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    store = load_store(["-"], include_ontology=False, include_data=False)
    assert len(store) == len(load_store([MINI[1]], include_ontology=False, include_data=False))
    assert len(store) > 0


def test_stream_file_reports_size_digest_and_prefixes() -> None:
    import hashlib

    import pyoxigraph as ox

    from csrgraph.graph.streaming import stream_file

    loaded = stream_file(ox.Store(), MINI[1], digest=True)
    data = MINI[1].read_bytes()
    assert (loaded.bytes, loaded.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert loaded.prefixes["ex"] == MINI_NS


def test_the_bundled_graph_has_files_to_scan() -> None:
    assert len(resources.graph_files()) >= 3


@pytest.mark.parametrize("path", resources.graph_files(), ids=lambda p: p.name)
def test_prefix_scan_equals_the_parser(path: Path) -> None:
    """The query path scans the bundled files for prefixes instead of parsing them."""
    import pyoxigraph as ox

    from csrgraph.graph.load import declared_prefixes

    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    for _ in parser:
        pass
    scanned = declared_prefixes(path.read_text(encoding="utf-8"))
    assert list(scanned.items()) == list(parser.prefixes.items())
    assert scanned


def test_bundled_prefixes_equal_those_of_the_parsed_graph() -> None:
    from csrgraph.graph.load import bundled_prefixes, load_parsed

    assert bundled_prefixes() == load_parsed().prefixes


def test_load_by_path_equals_the_stream(tmp_path: Path) -> None:
    """Turtle and N-Triples go to the bulk loader by path; the result is the streamed one."""
    import pyoxigraph as ox

    from csrgraph.graph.streaming import load_path, stream_file

    blank = tmp_path / "blank.nt"
    blank.write_text('_:b <http://example.org/p> "1" .\n', encoding="utf-8")
    copy = tmp_path / "copy.nt"
    copy.write_bytes(blank.read_bytes())
    for files in ([blank, copy], MINI[:2]):
        by_path, small, streamed = ox.Store(), ox.Store(), ox.Store()
        for path in files:
            load_path(by_path, path)
            load_path(small, path, small=True)
            stream_file(streamed, path)
        assert len(by_path) == len(small) == len(streamed) > 0
    two = ox.Store()
    load_path(two, blank)
    load_path(two, copy)
    assert len(two) == 2  # blank nodes of two files are never shared


@pytest.mark.parametrize("name", ["malformed.ttl", "undeclared.ttl", "latin1.ttl", "missing.ttl"])
def test_load_by_path_fails_as_the_stream(name: str) -> None:
    import pyoxigraph as ox

    from csrgraph.graph.streaming import load_path, stream_file

    with pytest.raises(InputError) as by_path:
        load_path(ox.Store(), BAD / name)
    with pytest.raises(InputError) as small:
        load_path(ox.Store(), BAD / name, small=True)
    with pytest.raises(InputError) as streamed:
        stream_file(ox.Store(), BAD / name)
    assert str(by_path.value) == str(small.value) == str(streamed.value)
    assert str(BAD / name) in str(by_path.value)


@pytest.mark.parametrize("include_ontology", [True, False])
def test_store_and_prefixes_equal_the_parsed_files(include_ontology: bool) -> None:
    """What export writes from the engine equals what the parser read into Python."""
    from csrgraph.graph.load import load_parsed, load_store_and_prefixes

    files = [MINI[1], FIXTURES / "extra.rdf"]
    store, prefixes = load_store_and_prefixes(files, include_ontology=include_ontology)
    parsed = load_parsed(files, include_ontology=include_ontology)
    assert prefixes == parsed.prefixes
    assert "ex" in prefixes
    assert len(store) == len({(q.subject, q.predicate, q.object) for q in parsed.quads}) > 0


def test_a_str_is_one_file_for_every_data_parameter(tmp_path: Path) -> None:
    """``data="x.ttl"`` is one file, not one file per character (it was iterated)."""

    from csrgraph.errors import UsageError
    from csrgraph.graph.index import build_index
    from csrgraph.graph.load import load_store

    one = str(FIXTURES / "mini-data.ttl")
    assert len(load_graph(data=one)) == len(load_graph(data=[one]))
    assert len(load_store(one)) == len(load_store([one]))
    assert build_index(one, tmp_path / "idx").triples == build_index([one], tmp_path / "i2").triples
    with pytest.raises(UsageError, match="must be a file name or a list"):
        load_graph(data=b"x.ttl")  # type: ignore[arg-type]


def test_an_n_triples_file_goes_to_the_bulk_loader_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``validate --data x.nt`` loads by path: no Python object per triple (3x quicker)."""
    from csrgraph.graph import load

    def streamed(*args: object, **kwargs: object) -> None:
        raise AssertionError("an N-Triples file was streamed through Python")

    monkeypatch.setattr(load, "stream_file", streamed)
    path = tmp_path / "x.nt"
    path.write_text("<urn:a> <urn:b> _:c .\n<urn:a> <urn:b> _:c .\n", encoding="utf-8")
    store, prefixes = load.load_store_and_prefixes([path], include_ontology=False)
    assert len(store) > 1 and "csro" in prefixes
    path.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.nt:1:17: "):
        load.load_store_and_prefixes([path], include_ontology=False)
