"""The Oxigraph server for the tests and benchmarks (kept here for the modules importing it).

The server classes live in :mod:`servers`; this name stays so imports do not break.
"""

from __future__ import annotations

from servers import HOST, OxigraphServer, free_port, oxigraph_binary

__all__ = ["HOST", "OxigraphServer", "free_port", "oxigraph_binary"]
