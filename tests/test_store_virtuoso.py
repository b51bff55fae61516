"""`csrgraph load` and `query --endpoint` against a real Virtuoso 7 on 127.0.0.1.

The server is Debian's ``virtuoso-t``, started once for the test process with a generated
ini (both ports on 127.0.0.1, a temporary database: :mod:`servers`), at the README's URL
layout: ``/sparql-graph-crud-auth`` (Digest), ``/sparql``, ``/sparql-auth``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from external import virtuoso
from loading import (
    count,
    load,
    refuses_bad_data_and_keeps,
    replace_killed_midway,
    write_extra,
    write_values,
)
from servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, VirtuosoServer, shared_virtuoso

from csrgraph import store
from csrgraph.cli import main
from csrgraph.graph.load import load_store
from csrgraph.sparql import engine

pytestmark = pytest.mark.external

GRAPH = "https://w3id.org/csrgraph/graph/virtuoso-test"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> VirtuosoServer:
    running = shared_virtuoso(virtuoso())
    if running.process is None:  # a test before this one killed it
        running.start()
    monkeypatch.setenv(store.ENV_USER, VIRTUOSO_USER)
    monkeypatch.setenv(store.ENV_PASSWORD, VIRTUOSO_PASSWORD)
    monkeypatch.delenv(store.ENV_TOKEN, raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    return running


@pytest.fixture(scope="module")
def local() -> pyoxigraph.Store:
    return load_store()


def test_load_at_the_readme_layout_negotiates_digest(
    server: VirtuosoServer, local: pyoxigraph.Store
) -> None:
    result = load("--store", server.store, "--graph", GRAPH)
    assert result.exit_code == 0, result.output
    assert f"sent {len(local)} triples, the graph holds {len(local)} triples" in result.stdout
    assert f"--endpoint {server.query} --graph {GRAPH}" in result.stdout
    assert count(server, GRAPH) == len(local)


def test_replace_and_append(
    server: VirtuosoServer, local: pyoxigraph.Store, tmp_path: Path
) -> None:
    extra = write_extra(tmp_path)
    graph = GRAPH + "/replace-append"
    assert load("--store", server.store, "--graph", graph).exit_code == 0
    result = load("--store", server.store, "--graph", graph, "--append", "--data", str(extra))
    assert result.exit_code == 0, result.output
    assert count(server, graph) == len(local) + 2  # the bundled graph has no blank nodes
    assert f"the graph holds {len(local) + 2} triples" in result.stdout
    again = load("--store", server.store, "--graph", graph, "--replace")
    assert again.exit_code == 0, again.output
    assert count(server, graph) == len(local)


def test_no_temporary_graph_is_left_behind(server: VirtuosoServer) -> None:
    assert load("--store", server.store, "--graph", GRAPH, "--append").exit_code == 0
    body, _ = engine.send(
        server.query,
        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:uuid:')) }",
    )
    assert b'"value": "0"' in body or b'"value":"0"' in body, body


def test_the_default_graph_is_refused_before_anything_is_read(server: VirtuosoServer) -> None:
    result = load("--store", server.store, "--default-graph", "--data", "/nonexistent.ttl")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --default-graph cannot be used with Virtuoso")
    assert "union of all its graphs" in result.stderr and len(result.stderr.splitlines()) == 1


def test_bad_data_leaves_the_graph(
    server: VirtuosoServer, local: pyoxigraph.Store, tmp_path: Path
) -> None:
    refuses_bad_data_and_keeps(server, GRAPH, tmp_path)
    assert count(server, GRAPH) == len(local)


@pytest.mark.parametrize("auth", ["auto", "digest"])
def test_wrong_credentials_are_one_line_and_change_nothing(
    server: VirtuosoServer, local: pyoxigraph.Store, monkeypatch: pytest.MonkeyPatch, auth: str
) -> None:
    assert load("--store", server.store, "--graph", GRAPH).exit_code == 0
    monkeypatch.setenv(store.ENV_PASSWORD, "not-the-password")
    result = load("--store", server.store, "--graph", GRAPH, "--data", "-", "--auth", auth)
    assert result.exit_code == 2, result.output
    assert "401 unauthorised" in result.stderr and store.ENV_PASSWORD in result.stderr
    assert "not-the-password" not in result.output + result.stderr
    assert count(server, GRAPH) == len(local)


def test_basic_unasked_is_refused_without_a_challenge_and_the_message_says_so(
    server: VirtuosoServer,
) -> None:
    result = load("--store", server.store, "--graph", GRAPH, "--auth", "basic")
    assert result.exit_code == 2
    assert "401 unauthorised" in result.stderr and "--auth digest" in result.stderr
    assert VIRTUOSO_PASSWORD not in result.stderr


def test_query_endpoint_with_graph(server: VirtuosoServer, local: pyoxigraph.Store) -> None:
    assert load("--store", server.store, "--graph", GRAPH).exit_code == 0
    args = ["query", "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--endpoint", server.query]
    runner = CliRunner()
    named = runner.invoke(main, [*args, "--graph", GRAPH, "-f", "csv"], catch_exceptions=False)
    assert named.exit_code == 0, named.output
    assert named.stdout.splitlines() == ["n", str(len(local))]


def test_a_server_killed_during_a_replace_leaves_the_old_graph(
    server: VirtuosoServer, local: pyoxigraph.Store, tmp_path: Path
) -> None:
    graph = GRAPH + "/killed"
    assert load("--store", server.store, "--graph", graph).exit_code == 0
    error = replace_killed_midway(server, graph, tmp_path)
    assert "may be left in the store: remove it with DROP SILENT GRAPH" in str(error)
    server.start()
    assert count(server, graph) == len(local)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ASK { ?s a <https://schema.org/Occupation> }", ["true"]),
        ("CONSTRUCT WHERE { ?s a <https://schema.org/Occupation> }", None),
    ],
    ids=["ask", "construct"],
)
def test_ask_and_construct_on_a_named_graph(
    server: VirtuosoServer, text: str, expected: list[str] | None
) -> None:
    assert load("--store", server.store, "--graph", GRAPH).exit_code == 0
    args = ["query", "-e", text, "--endpoint", server.query, "--graph", GRAPH]
    result = CliRunner().invoke(main, [*args, "-f", "csv" if expected else "nt"])
    assert result.exit_code == 0, result.output
    if expected is not None:
        assert result.stdout.split()[-1:] == expected
    else:
        lines = result.stdout.strip().splitlines()
        assert len(lines) == 1 and "<https://schema.org/Occupation>" in lines[0]


# -- a store's limits: the row cap and the row length --------------------------------------

LIMITS = Path(__file__).parent / "store" / "limits"
#: Above Virtuoso's default ResultSetMaxRows (10,000), which the test server keeps.
MANY = 12_345


@pytest.fixture(scope="module")
def limits_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rows past the cap, and list cells (one ~5k, one ~30k characters) past the row length."""
    path = tmp_path_factory.mktemp("limits") / "limits.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(MANY):
            out.write(f'<urn:csrgraph-test:item/{i}> <urn:csrgraph-test:number> "{i}" .\n')
        for item, names in (("short", 3), ("middle", 150), ("long", 900)):
            for i in range(names):
                name = f"name {i:04d} of the {item} item"
                out.write(f'<urn:csrgraph-test:{item}> <urn:csrgraph-test:name> "{name}" .\n')
    return path


@pytest.mark.parametrize("name", ["many-rows", "long-list"])
def test_store_limits_do_not_change_the_answer(
    server: VirtuosoServer, limits_data: Path, name: str
) -> None:
    graph = GRAPH + "/limits"
    loaded = load(
        "--no-validate", "--store", server.store, "--graph", graph, "--data", str(limits_data)
    )
    assert loaded.exit_code == 0, loaded.output
    query = str(LIMITS / f"{name}.rq")
    runner = CliRunner()
    local = runner.invoke(main, ["query", query, "--data", str(limits_data), "-f", "csv"])
    remote = runner.invoke(
        main, ["query", query, "--endpoint", server.query, "--graph", graph, "-f", "csv"]
    )
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    lines = remote.stdout.splitlines()
    assert len(lines) == (MANY + 1 if name == "many-rows" else 4)
    if name == "long-list":  # the longest cell is past the row length Virtuoso can sort
        assert max(len(line) for line in lines) > 20_000
    assert lines == local.stdout.splitlines()


def test_literals_of_one_value_load(server: VirtuosoServer, tmp_path: Path) -> None:
    # Virtuoso, too, keeps "5" and "05" of xsd:integer as one triple: the load succeeds on
    # both paths and reports what the graph holds
    prepared = store.prepare(write_values(tmp_path), tmp_path / "values-prepared.nt")
    graph = GRAPH + "/values"
    for replace in (True, False):
        result = store.load(prepared, store.endpoints_for(server.store), graph, replace=replace)
        assert (result.sent, result.stored) == (3, 2)
        assert count(server, graph) == result.stored
