"""The layout is the architecture: layers in one order, no import circle, no import back up.

The import graph is read from the source (every ``import``, at module level or inside a
function, ``TYPE_CHECKING`` blocks included), so a function-level import cannot hide a
circle. ``python tests/test_architecture.py`` prints the counts.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "csrgraph"

#: The layers, bottom first: a module may import its own layer's unit or a lower layer.
LAYERS = (
    "_version",
    "errors",
    "_typing",
    "arguments",
    "namespaces",
    "resources",
    "signals",
    "process",
    "writing",
    "graph",
    "store",
    "sparql",
    "formats",
    "validation",
    "links",
    "importers",
    "explore",
    "publish",
    "site",
    "cli",
)

#: The one module that calls an engine's ``query`` method (see csrgraph.sparql.engine).
ENGINE_MODULE = "csrgraph.sparql.engine"


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def import_edges(found: dict[str, Path]) -> dict[str, set[str]]:
    """Return, for each module, the package modules it imports (deepest module named)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in found.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                while target and target not in found:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[name].add(target)
                    if isinstance(node, ast.ImportFrom):
                        break  # the deepest module the statement names
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    result: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


def layer(module: str) -> int:
    """Return the layer of ``module`` (its first name under ``csrgraph``)."""
    unit = module.split(".")[1]
    return LAYERS.index(unit)


def upward(found: dict[str, Path], edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Return the imports that run back up: to a higher layer, or to an enclosing package."""
    wrong = []
    for source, targets in edges.items():
        for target in targets:
            if target == "csrgraph" or source == "csrgraph":
                if source != "csrgraph":
                    wrong.append((source, target))  # the package face is for users only
                continue
            if layer(target) > layer(source) or source.startswith(target + "."):
                wrong.append((source, target))
    return sorted(wrong)


def engine_calls(found: dict[str, Path]) -> list[str]:
    """Return ``module:line`` for every ``X.query(...)`` call outside the engine module."""
    calls = []
    for name, path in found.items():
        if name == ENGINE_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "query"
            ):
                calls.append(f"{name}:{node.lineno}")
    return calls


FOUND = modules()
EDGES = import_edges(FOUND)


def test_the_graph_was_read() -> None:
    assert len(FOUND) >= 60 and sum(map(len, EDGES.values())) >= 150


def test_every_module_has_a_layer() -> None:
    units = {name.split(".")[1] for name in FOUND if name != "csrgraph"}
    assert units <= set(LAYERS), f"add these to LAYERS: {sorted(units - set(LAYERS))}"


def test_no_import_circle() -> None:
    assert cycles(EDGES) == []


def test_no_import_runs_back_up() -> None:
    assert upward(FOUND, EDGES) == []


def test_only_the_engine_module_calls_an_engine() -> None:
    assert engine_calls(FOUND) == []
    assert ENGINE_MODULE in FOUND


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f(store):\n    return store.query('ASK {}')\n", ["csrgraph.zz_probe:2"]),
        ("def f(graph):\n    return graph.query\n", []),
    ],
)
def test_the_engine_check_can_fail(tmp_path: Path, source: str, expected: list[str]) -> None:
    probe = tmp_path / "zz_probe.py"
    probe.write_text(source, encoding="utf-8")
    assert engine_calls({"csrgraph.zz_probe": probe}) == expected


def test_the_layer_check_can_fail() -> None:
    edges = {"csrgraph.graph.load": {"csrgraph.sparql.api"}, "csrgraph.sparql.api": {"csrgraph"}}
    assert upward({}, edges) == [
        ("csrgraph.graph.load", "csrgraph.sparql.api"),
        ("csrgraph.sparql.api", "csrgraph"),
    ]
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]


if __name__ == "__main__":
    circles = cycles(EDGES)
    up = upward(FOUND, EDGES)
    print(
        f"modules {len(FOUND)}, import edges {sum(map(len, EDGES.values()))}, "
        f"circles {len(circles)}, upward imports {len(up)}"
    )
    for item in circles + up:
        print("  ", *item)
    sys.exit(1 if circles or up else 0)
