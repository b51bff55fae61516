"""csrgraph: the occupation *customer service representative* as a bilingual RDF knowledge graph.

The package is light to import: the heavy libraries (rdflib, pyshacl, pyoxigraph) load only
when a function that needs them is called.

>>> import csrgraph
>>> isinstance(csrgraph.__version__, str)
True
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str

    from csrgraph.catalog import list_queries
    from csrgraph.explain import explain
    from csrgraph.graph import load_graph
    from csrgraph.sparql import run_query
    from csrgraph.validate import validate

__all__ = ["__version__", "explain", "list_queries", "load_graph", "run_query", "validate"]

_LAZY = {
    "explain": "csrgraph.explain",
    "list_queries": "csrgraph.catalog",
    "load_graph": "csrgraph.graph",
    "run_query": "csrgraph.sparql",
    "validate": "csrgraph.validate",
}


def __getattr__(name: str) -> Any:
    """Import public functions on first use, so ``import csrgraph`` stays cheap."""
    if name == "__version__":
        return _version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'csrgraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def _version() -> str:
    """Return the installed version, read through ``importlib.metadata`` on first use.

    Reading package metadata costs tens of milliseconds, so it happens only when the
    version is asked for (``csrgraph --version``, ``info``, the published files).
    """
    from importlib import metadata

    try:
        version = metadata.version("csrgraph")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "0.0.0"
    globals()["__version__"] = version  # later lookups are plain attribute reads
    return version


class _Package(ModuleType):
    """The package module, keeping ``csrgraph.validate`` and ``csrgraph.explain`` functions.

    Importing a submodule sets it as an attribute of its package, so once
    ``csrgraph.validate`` (the module) was imported, ``from csrgraph import validate`` would
    give the module, not the function. This class refuses that one assignment for the
    public names; the submodules stay importable through ``sys.modules`` as usual
    (``from csrgraph.validate import validate``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
