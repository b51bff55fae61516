"""The sandboxed, time-bounded child every evaluation of untrusted SPARQL runs in.

The machinery (fork or spawn, death with the parent, the pipe protocol, errors carried back)
is :mod:`csrgraph.process.child`'s; this module runs it with the query path's sandbox,
:mod:`csrgraph.sparql.sandbox`, so that a test can switch off one of its two walls there.

Two callers: a query on the embedded engine (:func:`csrgraph.sparql.evaluate.in_child`) and
SHACL validation with shapes that are not the package's (:mod:`csrgraph.validation`).
"""

from __future__ import annotations

from csrgraph.errors import CsrgraphError
from csrgraph.process import child as _child
from csrgraph.process.child import Task

__all__ = ["Task", "run"]


def _leave_network(allow_network: bool) -> None:  # pragma: no cover - in the child
    """No socket, or failing that no network, through :mod:`csrgraph.sparql.sandbox`."""
    from csrgraph.sparql import sandbox

    if not allow_network:
        sandbox.block_sockets() or sandbox.isolate_network()


def run(
    task: Task,
    *,
    deadline: float | None,
    expired: CsrgraphError,
    name: str,
    allow_network: bool = False,
    what: str = "query",
) -> bytes:
    """Run ``task`` in a sandboxed child; return its bytes or raise its error.

    ``deadline`` is a :func:`time.monotonic` time (None: no limit); past it the child is
    killed and ``expired`` raised. A child that dies without an answer (a crash of the
    engine, say) is a :class:`~csrgraph.errors.QueryError` naming ``name`` and ``what`` ran.
    """
    return _child.run(
        task,
        deadline=deadline,
        expired=expired,
        name=name,
        allow_network=allow_network,
        what=what,
        setup=_leave_network,
    )
