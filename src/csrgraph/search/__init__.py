"""Search the graph by name or code: occupations, skills, tasks, concepts and codes.

:func:`search` (also ``csrgraph.search(...)``, and ``csrgraph search TEXT`` on the command
line) finds resources by label, other name or code, case- and accent-insensitive, in every
language the graph has, ranked; :func:`build_search_index` prepares the search index of an
index folder. What is searchable comes from the ontology (:mod:`csrgraph.search.entries`); the
matching and ranking rule is :mod:`csrgraph.search.text`'s; the SQLite FTS5 tables are
:mod:`csrgraph.search.index`'s.

The package itself can be called like :func:`search`, so ``csrgraph.search("kunde")`` works
whether or not this package has been imported.

>>> import csrgraph
>>> csrgraph.search("customer service representative", limit=1)[0].kind
'occupation'
"""

from __future__ import annotations

import sys
import types
from typing import Any

from csrgraph.search.api import build_search_index, search
from csrgraph.search.find import Hit

__all__ = ["Hit", "build_search_index", "search"]


class _CallableModule(types.ModuleType):
    """The package, callable as :func:`search` (``csrgraph.search(...)``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[Hit]:
        return search(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
