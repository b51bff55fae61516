"""csrgraph: the occupation *customer service representative* as a bilingual RDF knowledge graph.

The package is light to import: the heavy libraries (rdflib, pyshacl, pyoxigraph) load only
when a function that needs them is called.

>>> import csrgraph
>>> isinstance(csrgraph.__version__, str)
True
"""

from __future__ import annotations

import sys
from importlib import metadata
from types import ModuleType
from typing import TYPE_CHECKING, Any

try:
    __version__ = metadata.version("csrgraph")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

if TYPE_CHECKING:
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
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'csrgraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


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
