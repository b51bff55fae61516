"""Findings of an attack on csrgraph: escapes rdflib reads differently, and ill-typed arguments.

rdflib (pySHACL's SPARQL engine) decodes ``\\u`` or ``\\U`` with 8 hex digits where there
are 8, before it parses: ``\\u00000022`` is a quote to it and NUL plus ``0022`` to the
standard, so a text could hide ``SERVICE`` from the policy. Each such escape is refused;
each argument that is not of its type is a UsageError, never a crash or a truthy "no".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spy import Spy

import csrgraph
from csrgraph.errors import InputError, QueryError, UsageError
from csrgraph.sparql import check
from csrgraph.sparql.lexer import unescape_rdflib

_HEAD = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
#: The reported shapes (``\\u`` here is a backslash-u in the SPARQL text); ``{url}`` the spy.
SHAPES = {
    "quote-in-target": "ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select "
    '"""SELECT ?this WHERE { ?this ?p ?o . FILTER(?o != "\\\\u00000022) SERVICE <{url}t1> '
    '{ ?this ?q ?r } FILTER(?o != \\\\u00000022") }""" ] .',
    "newline-in-comment": "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "
    '"""SELECT $this WHERE { # \\\\u0000000a SERVICE <{url}c2> { $this ?q ?r }\n}""" ] .',
}
#: Escapes rdflib and the standard read differently, each hiding SERVICE from one reading.
AMBIGUOUS = [
    'SELECT * { FILTER("\\u00000022) SERVICE <http://127.0.0.1:9/> { } FILTER(\\u00000022") }',
    "SELECT * { # \\u0000000a SERVICE <http://127.0.0.1:9/> { }\n}",
    "PREFIX ex: <urn:\\u00000041> SELECT * { ?s ex:p ?o }",
    "SELECT * { # \\U000a SERVICE <http://127.0.0.1:9/> { }\n}",
    'SELECT * { FILTER("\\U0022) SERVICE <http://127.0.0.1:9/> { } FILTER(\\U0022") }',
    'SELECT * { FILTER("\\u0000000A") }',
    'SELECT * { FILTER("\\U0041") }',
    "SELECT * { ?s <urn:\\u00000041> ?o }",
]


@pytest.fixture(scope="module")
def spy() -> Iterator[Spy]:
    with Spy() as running:
        yield running


def test_the_lists_are_complete() -> None:
    assert len(SHAPES) == 2
    assert len(AMBIGUOUS) == 8
    assert len(BAD_ARGUMENTS) == 22


def test_the_reading_is_rdflibs() -> None:
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    for text in [*AMBIGUOUS, "\\u0041\\U0001F600 \\uD83D"]:
        assert unescape_rdflib(text) == expandUnicodeEscapes(text)


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_an_escape_read_differently_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="read differently") as caught:
        check(text, allow_network=True)
    assert "\n" not in str(caught.value)


def test_escapes_every_reader_decodes_alike_still_pass() -> None:
    assert check('SELECT * { FILTER("\\u0041\\U0001F600" != "\\u00e4") }').form == "SELECT"


@pytest.mark.parametrize("kind", sorted(SHAPES))
def test_a_hidden_service_in_shapes_is_refused(spy: Spy, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(_HEAD + SHAPES[kind].replace("{url}", spy.url) + "\n", encoding="utf-8")
    before = spy.count
    with pytest.raises(InputError, match="read differently"):
        csrgraph.validate(shapes=path, engine="pyshacl", timeout=60)
    assert spy.count == before


def test_a_hidden_service_never_reaches_an_endpoint(spy: Spy, cli) -> None:
    text = SHAPES["quote-in-target"].split('"""')[1].replace("{url}", spy.url)
    before = spy.count
    result = cli("query", "-e", text, "--endpoint", spy.url + "sparql")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "read differently" in result.stderr
    assert spy.count == before


#: (function, positional arguments, keyword arguments) each of which is ill-typed.
BAD_ARGUMENTS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("run_query", ("ASK {}",), {"allow_network": "no"}),
    ("run_query", ("ASK {}",), {"allow_network": 0}),
    ("run_query", ("ASK {}",), {"isolate": "no"}),
    ("run_query", (None,), {}),
    ("run_query", (5,), {}),
    ("run_query", ("pay-by-experience",), {"params": {"lang": ["de"]}}),
    ("run_query", ("pay-by-experience",), {"params": ["lang"]}),
    ("run_query", ("pay-by-experience",), {"params": {1: "de"}}),
    ("run_query", ("ASK {}",), {"lang": None}),
    ("run_query", ("ASK {}",), {"auth": 3}),
    ("run_query", ("ASK {}",), {"store_dir": 3}),
    ("validate", ("graph.ttl",), {}),
    ("validate", (), {"rules": "no"}),
    ("validate", (), {"shapes": 3}),
    ("explain", (None,), {}),
    ("explain", (3,), {}),
    ("explain", (["F27"],), {}),
    ("explain", ("F27",), {"lang": None}),
    ("explain", ("F27",), {"lang": ["de"]}),
    ("load_graph", (), {"include_ontology": "no"}),
    ("load_graph", (), {"include_data": None}),
    ("load_graph", (3,), {}),
]


@pytest.mark.parametrize(("function", "args", "kwargs"), BAD_ARGUMENTS)
def test_an_ill_typed_argument_is_a_usage_error(
    spy: Spy, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    before = spy.count
    with pytest.raises(UsageError) as caught:
        getattr(csrgraph, function)(*args, **kwargs)
    assert caught.value.exit_code == 2 and "\n" not in str(caught.value)
    assert spy.count == before


def test_allow_network_no_never_reaches_the_network(spy: Spy) -> None:
    before = spy.count
    with pytest.raises(UsageError, match="allow_network must be True or False"):
        csrgraph.run_query(f"SELECT * {{ SERVICE <{spy.url}> {{ ?s ?p ?o }} }}", allow_network="no")
    assert spy.count == before
