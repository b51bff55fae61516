"""Defence in depth for every child process: no network, dies with its parent.

Called first thing in every child (:mod:`csrgraph.process.child`), before any
user input is read. Neither step is the reason a query cannot reach the network (the
check in :mod:`csrgraph.sparql.policy` is); they make a mistake in that check harmless
where the OS allows:

* Linux on x86-64 and AArch64: a seccomp filter makes ``socket()`` fail for every family
  but Unix sockets (and refuses ``io_uring`` and other ABIs), so the child cannot open a
  network connection. It costs nothing measurable.
* Linux elsewhere (or where seccomp is refused): the child enters a new user and network
  namespace (``unshare``), in which no interface but a down loopback exists. Creating one
  costs tens of milliseconds, which is why it is the second choice.
* Linux: ``PR_SET_PDEATHSIG`` kills the child when its parent dies, however it dies
  (SIGKILL too); elsewhere the child watches its pipe to the parent.
"""

from __future__ import annotations

import os
import platform
import signal
import struct
import sys

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
#: machine -> (audit architecture, socket syscall, io_uring_setup syscall)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}


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


def _filter(arch: int, socket_nr: int, uring_nr: int) -> bytes:
    """Return the BPF program: ``socket(family != AF_UNIX)`` and io_uring fail with EACCES."""
    load, jump, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET
    jge = 0x35  # BPF_JMP|BPF_JGE|BPF_K
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO|EACCES
    program = [
        (load, 0, 0, 4),  # architecture
        (jump, 1, 0, arch),
        (ret, 0, 0, deny),  # another ABI: refuse every call it makes
        (load, 0, 0, 0),  # syscall number
        (jge, 5, 0, 0x40000000),  # x32 numbers: refuse
        (jump, 4, 0, uring_nr),
        (jump, 0, 4, socket_nr),
        (load, 0, 0, 16),  # first argument (low half): the address family
        (jump, 2, 0, 1),  # AF_UNIX
        (ret, 0, 0, deny),
        (ret, 0, 0, deny),
        (ret, 0, 0, allow),
    ]
    return b"".join(struct.pack("HBBI", *instruction) for instruction in program)


def block_sockets() -> bool:
    """Make every later ``socket()`` but a Unix socket fail in this process; tell if it did."""
    libc = _libc()
    known = _ARCHES.get(platform.machine())
    if libc is None or known is None:
        return False
    import ctypes

    code = _filter(*known)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = struct.pack("HxxxxxxP", len(code) // 8, ctypes.addressof(buffer))
    prog = ctypes.create_string_buffer(program, len(program))
    prctl = libc.prctl  # type: ignore[attr-defined]
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) == 0
