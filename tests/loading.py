"""What the store tests share: the CLI call, the extra triples, a load killed mid-way."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from servers import Server

from csrgraph import store
from csrgraph.cli import main
from csrgraph.errors import StoreError

# Triples no shape targets, so they pass validation wherever they are added.
EXTRA = '<urn:x-test:a> <urn:x-test:says> "one" .\n<urn:x-test:a> <urn:x-test:says> "two" .\n'


def count(server: Server, graph: str | None) -> int:
    """Return the number of triples in ``graph`` (None: the default graph) of ``server``."""
    return store.count_triples(server.query, graph)


def load(*args: str) -> Result:
    """Run ``csrgraph load ARGS``."""
    return CliRunner().invoke(main, ["load", *args], catch_exceptions=False)


# "5" and "05" of xsd:integer: one triple to a store that keeps typed literals by value.
VALUES = (
    '<urn:x-test:a> <urn:x-test:n> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    '<urn:x-test:a> <urn:x-test:n> "05"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    '<urn:x-test:a> <urn:x-test:says> "05" .\n'
)


def write_values(folder: Path) -> Path:
    """Write :data:`VALUES` to a file in ``folder``; return it."""
    path = folder / "values.nt"
    path.write_text(VALUES, encoding="utf-8")
    return path


def write_extra(folder: Path) -> Path:
    """Write :data:`EXTRA` to a file in ``folder``; return it."""
    path = folder / "extra.nt"
    path.write_text(EXTRA, encoding="utf-8")
    return path


def refuses_bad_data_and_keeps(server: Server, graph: str, tmp_path: Path) -> None:
    """Load ``graph``, then a syntax error on top: refused (exit 2, file:line) and kept."""
    assert load("--store", server.store, "--graph", graph).exit_code == 0
    before = count(server, graph)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:x-test:a> <urn:x-test:b> .\n", encoding="utf-8")
    result = load("--store", server.store, "--graph", graph, "--data", str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {broken}:1:")
    assert count(server, graph) == before > 0


def big_graph(path: Path, triples: int) -> None:
    """Write ``triples`` triples of nonsense that no shape targets."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(f'<urn:x-test:s{i}> <urn:x-test:p{i % 7}> "value {i} {"x" * 40}" .\n')


def replace_killed_midway(server: Server, graph: str, tmp_path: Path) -> StoreError:
    """Replace ``graph`` with 200,000 triples and kill the server a third of the way in.

    Returns the error the load raised (the server is left stopped).
    """
    source = tmp_path / "big.nt"
    big_graph(source, 200_000)
    prepared = store.prepare([source], tmp_path / "upload.nt")
    sent = 0
    killed = threading.Event()

    def kill_midway(size: int) -> None:
        nonlocal sent
        sent += size
        if not killed.is_set() and sent >= prepared.path.stat().st_size // 3:
            killed.set()
            server.kill()

    endpoints = store.endpoints_for(server.store, query=server.query, update=server.update)
    with pytest.raises(StoreError) as caught:
        store.load(prepared, endpoints, graph, replace=True, progress=kill_midway)
    assert killed.is_set()
    return caught.value
