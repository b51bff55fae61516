"""Defence in depth for the process that evaluates a query: no network, dies with its parent.

Called first thing in the evaluation child (:mod:`csrgraph.sparql.evaluate`), before any
user input is read. Neither step is the reason a query cannot reach the network (the
check in :mod:`csrgraph.sparql.policy` is); they make a mistake in that check harmless
where the OS allows:

* Linux: the child enters a new user and network namespace (``unshare``), in which no
  interface but a down loopback exists, so no connection can be opened to anything.
  Where unprivileged namespaces are disabled, the child says so and runs without.
* Linux: ``PR_SET_PDEATHSIG`` kills the child when its parent dies, however it dies
  (SIGKILL too); elsewhere the child watches its pipe to the parent.
"""

from __future__ import annotations

import os
import signal
import sys

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1


def _libc() -> object | None:
    """Return the C library (Linux only), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - a libc-less Python
        return None


def die_with_parent(parent: int) -> bool:
    """Ask the kernel to kill this process when ``parent`` dies; tell whether it will.

    If the parent is already gone (it died before the request), exit at once.
    """
    libc = _libc()
    if libc is None:
        return False
    if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:  # type: ignore[attr-defined]
        return False
    if os.getppid() != parent:
        os._exit(1)
    return True


def isolate_network() -> bool:
    """Move this (single-threaded) process into a network namespace of its own.

    Returns whether it worked; afterwards no socket can reach another host or 127.0.0.1.
    """
    libc = _libc()
    if libc is None:
        return False
    return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0  # type: ignore[attr-defined]


def network_isolation_available() -> bool:
    """Tell whether a child of this process can be put in a network namespace (probes one)."""
    if _libc() is None:
        return False
    pid = os.fork()
    if pid == 0:  # pragma: no cover - in the probe child
        os._exit(0 if isolate_network() else 1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
