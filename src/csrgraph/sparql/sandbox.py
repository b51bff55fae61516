"""The query child's sandbox: :mod:`csrgraph.process.sandbox`, named here for the query path.

The query child (:mod:`csrgraph.sparql.child`) calls these functions through this module, so
a test can switch one off here (``monkeypatch.setattr(sandbox, "block_sockets", ...)``) and
check that the other alone keeps the network out.
"""

from __future__ import annotations

from csrgraph.process.sandbox import (
    block_sockets,
    die_with_parent,
    isolate_network,
    network_isolation_available,
)

__all__ = ["block_sockets", "die_with_parent", "isolate_network", "network_isolation_available"]
