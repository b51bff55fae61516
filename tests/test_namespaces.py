"""One definition of every namespace, of the label languages and of the CURIE rules."""

from __future__ import annotations

import ast
from pathlib import Path

import csrgraph
from csrgraph import namespaces

PACKAGE = Path(csrgraph.__file__).resolve().parent


def test_no_module_but_namespaces_types_out_a_namespace() -> None:
    """A string constant that starts with a known namespace belongs in csrgraph.namespaces."""
    bases = (*namespaces.PREFIXES.values(), namespaces.BASE)
    sources = [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "namespaces.py"]
    assert len(sources) >= 60
    found = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and node.value.startswith(bases)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value}")
    assert found == []


def test_the_label_languages_are_one_tuple() -> None:
    from csrgraph.cli.common import LANGUAGES as CLI_LANGUAGES
    from csrgraph.links import LABEL_LANGUAGES
    from csrgraph.sparql import LANGUAGES

    assert namespaces.LABEL_LANGUAGES == ("de", "en")
    assert LANGUAGES is LABEL_LANGUAGES is CLI_LANGUAGES is namespaces.LABEL_LANGUAGES


def test_compact_and_expand_are_inverse_for_every_namespace() -> None:
    for name, namespace in namespaces.PREFIXES.items():
        iri = namespace + "Thing"
        assert namespaces.compact(iri, namespaces.PREFIXES) == f"{name}:Thing"
        assert namespaces.expand(f"{name}:Thing", namespaces.PREFIXES) == iri


def test_namespaces_is_a_light_leaf() -> None:
    tree = ast.parse((PACKAGE / "namespaces.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "re", "collections.abc"}
