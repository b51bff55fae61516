"""Every docstring example of the package runs, found by walking the package: no hand list.

The modules are found with ``pkgutil`` from the installed ``csrgraph`` (a wheel in CI, the
checkout with ``pip install -e``), so the examples tested are those of the code the other tests
run. ``pytest --doctest-modules src`` is not used: with a wheel installed it would import
``src/csrgraph`` a second time next to the installed package (an import-path mismatch), or make
every other test run the checkout instead of the wheel.

Two guards keep a slip from dropping examples silently: every module whose source holds
``>>>`` must give at least one example, and at least ``MIN_MODULES`` modules must give some.
An example that needs a server belongs in an ``Example::`` block, not after ``>>>``.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import io
import pkgutil
from types import ModuleType

import pytest

import csrgraph

#: Modules with examples when this guard was written (51 of 74); a new module may add to it.
MIN_MODULES = 51


def module_names() -> list[str]:
    """Return the dotted name of every module of the installed package, itself included."""
    found = ["csrgraph"]
    for info in pkgutil.walk_packages(csrgraph.__path__, prefix="csrgraph."):
        found.append(info.name)
    return sorted(found)


def examples(module: ModuleType) -> list[doctest.DocTest]:
    """Return the module's docstrings that hold examples (its own, not its imports')."""
    found = doctest.DocTestFinder().find(module)
    return sorted((test for test in found if test.examples), key=lambda test: test.name)


MODULES = module_names()
TESTS = {test.name: test for name in MODULES for test in examples(importlib.import_module(name))}


def test_the_walk_found_the_package() -> None:
    assert len(MODULES) >= 60
    assert "csrgraph.sparql.engine" in MODULES and "csrgraph.cli.sparql" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_a_module_with_examples_has_them_collected(name: str) -> None:
    """A ``>>>`` in a module's source that doctest does not find is a lost example."""
    module = importlib.import_module(name)
    if ">>>" in inspect.getsource(module):
        assert any(test.startswith(name + ".") or test == name for test in TESTS), name


def test_enough_modules_have_examples() -> None:
    modules = {test.globs["__name__"] for test in TESTS.values()}
    assert len(modules) >= MIN_MODULES, sorted(modules)


@pytest.mark.parametrize("name", sorted(TESTS))
def test_the_examples_run(name: str) -> None:
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    outcome = runner.run(TESTS[name], out=report.write, clear_globs=False)
    assert outcome.attempted > 0
    assert outcome.failed == 0, report.getvalue()
