"""`csrgraph load` and the SPARQL client against a real Oxigraph server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from loading import (
    count,
    load,
    refuses_bad_data_and_keeps,
    replace_killed_midway,
    write_extra,
    write_values,
)
from oxigraph_server import OxigraphServer

from csrgraph import store
from csrgraph.cli import main
from csrgraph.graph.load import load_store
from csrgraph.resources import graph_files, queries_dir
from csrgraph.sparql import QueryResult, engine, run_query
from csrgraph.sparql.catalog import query_from_file

pytestmark = pytest.mark.server

OWN_QUERIES = sorted((Path(__file__).parent / "store" / "queries").glob("*.rq"))
BUNDLED_QUERIES = sorted(queries_dir().glob("*.rq"))
QUERIES = BUNDLED_QUERIES + OWN_QUERIES
GRAPH = "https://w3id.org/csrgraph/graph/test"


def test_the_query_lists_are_not_empty() -> None:
    assert len(BUNDLED_QUERIES) >= 10
    assert len(OWN_QUERIES) >= 5
    assert len(QUERIES) == len(BUNDLED_QUERIES) + len(OWN_QUERIES)
    assert len(graph_files()) >= 2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db") as running:
        yield running


@pytest.fixture(scope="module")
def local() -> pyoxigraph.Store:
    """The bundled graph in an embedded store: what the remote one must match."""
    return load_store()


@pytest.fixture
def extra(tmp_path: Path) -> Path:
    return write_extra(tmp_path)


def test_load_into_a_named_graph_reports_the_local_count(
    server: OxigraphServer, local: pyoxigraph.Store
) -> None:
    result = load("--store", server.store, "--graph", GRAPH)
    assert result.exit_code == 0, result.output
    assert count(server, GRAPH) == len(local)
    assert f"sent {len(local)} triples, the graph holds {len(local)} triples" in result.stdout
    assert result.stderr == ""


def test_load_into_the_default_graph(server: OxigraphServer, local: pyoxigraph.Store) -> None:
    result = load("--store", server.store, "--default-graph")
    assert result.exit_code == 0, result.output
    assert count(server, None) == len(local)
    assert "the default graph" in result.stdout


def test_replace_drops_what_was_there(
    server: OxigraphServer, local: pyoxigraph.Store, extra: Path
) -> None:
    graph = GRAPH + "/replace"
    assert load("--store", server.store, "--graph", graph, "--data", str(extra)).exit_code == 0
    assert count(server, graph) == len(local) + 2
    result = load("--store", server.store, "--graph", graph, "--replace")
    assert result.exit_code == 0, result.output
    assert count(server, graph) == len(local)


def test_append_adds_to_what_was_there(
    server: OxigraphServer, local: pyoxigraph.Store, extra: Path, tmp_path: Path
) -> None:
    graph = GRAPH + "/append"
    assert load("--store", server.store, "--graph", graph).exit_code == 0
    result = load("--store", server.store, "--graph", graph, "--append", "--data", str(extra))
    assert result.exit_code == 0, result.output
    # Ground triples are merged; triples with a blank node come again with fresh blank nodes.
    prepared = store.prepare(graph_files(), tmp_path / "bundled.nt")
    with prepared.path.open(encoding="utf-8") as lines:
        with_blank_nodes = sum(1 for line in lines if "_:" in line)
    expected = len(local) + 2 + with_blank_nodes
    assert count(server, graph) == expected
    assert f"the graph holds {expected} triples" in result.stdout


def test_no_temporary_graph_is_left_behind(server: OxigraphServer) -> None:
    assert load("--store", server.store, "--graph", GRAPH).exit_code == 0
    names = Path(__file__).parent / "store" / "graph-names.rq"
    body, _ = engine.send(server.query, names.read_text(encoding="utf-8"))
    assert b"urn:uuid:" not in body
    assert GRAPH.encode() in body


def _term(value: object) -> str | None:
    """A term in comparable form: blank node labels dropped, GROUP_CONCAT parts sorted
    (SPARQL leaves their order to the engine, and two stores order them differently)."""
    if value is None:
        return None
    if isinstance(value, pyoxigraph.BlankNode):
        return "_:"
    if isinstance(value, pyoxigraph.Literal) and "; " in value.value:
        return "; ".join(sorted(value.value.split("; "))) + f"^^{value.datatype}@{value.language}"
    return str(value)


def _comparable(result: QueryResult) -> tuple[object, ...]:
    rows = sorted((tuple(_term(t) for t in row) for row in result.rows), key=str)
    triples = sorted(
        ((_term(t.subject), _term(t.predicate), _term(t.object)) for t in result.triples), key=str
    )
    return result.kind, result.variables, rows, result.boolean, triples


#: The queries of imported records only: nothing to find in the bundled graph alone.
IMPORTED_ONLY = {
    "onet-occupation.rq",
    "onet-occupations-in-isco.rq",
    "esco-occupations-for-onet.rq",
    "imported-records.rq",  # rows: tests/test_imported_records.py
}
# Values for the parameters that have no default
VALUES = {"node_iri": "https://w3id.org/csrgraph/occupation/customer-service-representative"}


@pytest.fixture(scope="module")
def loaded_default(server: OxigraphServer) -> OxigraphServer:
    assert load("--store", server.store, "--default-graph").exit_code == 0
    return server


@pytest.mark.parametrize("path", QUERIES, ids=[p.name for p in QUERIES])
def test_every_query_gives_the_same_rows_remotely(
    loaded_default: OxigraphServer, path: Path
) -> None:
    query = query_from_file(path)
    params = {p.name: VALUES[p.name] for p in query.params if p.default is None and not p.optional}
    federated = query.param("endpoint_iri") is not None
    if federated:  # a federated query asks our own server, never a public endpoint
        params["endpoint_iri"] = loaded_default.query
    local = run_query(query, params, allow_network=federated)
    remote = run_query(query, params, allow_network=federated, endpoint=loaded_default.query)
    assert _comparable(remote) == _comparable(local)
    # every other query finds something in the bundled graph; these read imported records
    # only (their rows: tests/test_import_onet_queries.py, tests/test_crosswalk.py)
    if not federated and path.name not in IMPORTED_ONLY:
        assert len(local) > 0 and local.boolean is not False, f"{path.name} finds nothing"


def test_a_syntax_error_is_refused_and_the_graph_kept(
    server: OxigraphServer, local: pyoxigraph.Store, tmp_path: Path
) -> None:
    refuses_bad_data_and_keeps(server, GRAPH, tmp_path)
    assert count(server, GRAPH) == len(local)


def test_data_that_breaks_the_shapes_is_refused_and_the_graph_kept(
    server: OxigraphServer, local: pyoxigraph.Store, tmp_path: Path
) -> None:
    assert load("--store", server.store, "--graph", GRAPH).exit_code == 0
    bad = tmp_path / "unlabelled.ttl"
    bad.write_text(
        "<https://w3id.org/csrgraph/occupation/x-test> a <https://schema.org/Occupation> .\n",
        encoding="utf-8",
    )
    result = load("--store", server.store, "--graph", GRAPH, "--data", str(bad))
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stderr and "nothing was sent" in result.stderr
    # the first result names its focus node, and the hint repeats the user's --data files
    assert "x-test" in result.stderr
    assert f"csrgraph validate --data {bad}" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert count(server, GRAPH) == len(local)


def test_a_server_killed_during_a_replace_leaves_the_old_graph(
    tmp_path: Path, local: pyoxigraph.Store
) -> None:
    location = tmp_path / "db"
    server = OxigraphServer(location).start()
    try:
        assert load("--store", server.store, "--graph", GRAPH).exit_code == 0
        assert count(server, GRAPH) == len(local)
        error = replace_killed_midway(server, GRAPH, tmp_path)
        assert "connect" in str(error)
        # part of the upload reached the store before it died, and the clean-up could not
        assert "may be left in the store: remove it with DROP SILENT GRAPH" in str(error)
    finally:
        server.stop()
    with OxigraphServer(location) as restarted:
        assert count(restarted, GRAPH) == len(local)


def test_a_progress_bar_on_a_terminal(
    server: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("csrgraph.cli.store._on_terminal", lambda: True)
    monkeypatch.setattr("csrgraph.cli.progress.on_terminal", lambda: True)
    result = load("--store", server.store, "--graph", GRAPH)
    assert result.exit_code == 0, result.output
    assert "Uploading" in result.stderr
    assert "\rload: reading the data (" in result.stderr  # the step line before the bar
    quiet = load("--store", server.store, "--graph", GRAPH, "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""


def test_count_triples_of_an_empty_graph(server: OxigraphServer) -> None:
    assert count(server, "urn:x-test:nothing-here") == 0


def test_a_graph_loaded_with_graph_is_queried_with_graph(
    server: OxigraphServer, local: pyoxigraph.Store
) -> None:
    graph = GRAPH + "/query-pair"
    loaded = load("--store", server.store, "--graph", graph)
    assert loaded.exit_code == 0, loaded.output
    hint = f"Query it with: csrgraph query NAME --endpoint {server.query} --graph {graph}"
    assert hint in loaded.stdout
    args = ["query", "tasks", "--endpoint", server.query, "-f", "csv"]
    named = CliRunner().invoke(main, [*args, "--graph", graph], catch_exceptions=False)
    assert named.exit_code == 0, named.output
    expected = run_query("tasks").records()
    assert len(named.stdout.strip().splitlines()) == len(expected) + 1 > 2


def test_graph_without_endpoint_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["query", "tasks", "--graph", "urn:x-test:g"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --graph needs --endpoint")


def test_literals_of_one_value_load_as_the_store_keeps_them(
    server: OxigraphServer, tmp_path: Path
) -> None:
    # "5" and "05" of xsd:integer are one triple to Oxigraph: the load must not take the
    # store's count for a loss, on either path (into an empty graph, through a temporary one)
    data = write_values(tmp_path)
    prepared = store.prepare(data, tmp_path / "five-prepared.nt")
    graph = GRAPH + "/values"
    for replace in (True, False):  # the first into an empty graph, the second on top
        result = store.load(prepared, store.endpoints_for(server.store), graph, replace=replace)
        assert (result.sent, result.stored) == (3, 2)
    with_bundled = load("--store", server.store, "--graph", graph + "/cli", "--data", str(data))
    assert with_bundled.exit_code == 0, with_bundled.output
    assert with_bundled.stderr == ""
