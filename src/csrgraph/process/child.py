"""The sandboxed, time- and memory-bounded child process untrusted work runs in.

:func:`run` forks (or, where there is no fork, spawns) a process that first arranges to die
with its parent, bounds its own memory if asked and, unless the work may use the network,
leaves the network (:mod:`csrgraph.process.sandbox`); then it runs a task and sends back the
bytes the task returns, or the :class:`~csrgraph.errors.CsrgraphError` it raised (same class,
same fields, so the same exit code). The parent kills the child when the time is up, taking
its memory with it: a thread could not be stopped while an engine works in native code.

Callers: a query on the embedded engine (:mod:`csrgraph.sparql.child`), SHACL validation with
shapes that are not the package's (:mod:`csrgraph.validation`), and the parse of every user
file (:mod:`csrgraph.graph.isolated`). :func:`inside` tells code whether it already runs in
such a child (then it needs no second one).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from typing import Any

from csrgraph.errors import CsrgraphError, QueryError

#: A task run in the child: no arguments (bind them with functools.partial, which must be
#: picklable where there is no fork), returns the bytes sent back to the parent.
Task = Callable[[], bytes]
#: Run first thing in the child with ``allow_network``: leave the network (and whatever
#: else the caller's sandbox does). Module-level, so it pickles where there is no fork.
Setup = Callable[[bool], None]
#: Build the error for a child that died without an answer, from ``" (signal N)"`` or ``""``.
Crashed = Callable[[str], CsrgraphError]

_INSIDE = False


def inside() -> bool:
    """Tell whether this process is a child started by :func:`run`.

    >>> inside()
    False
    """
    return _INSIDE


def leave_network(allow_network: bool) -> None:  # pragma: no cover - in the child
    """Leave the network (the default setup): no socket, or failing that no network."""
    from csrgraph.process import sandbox

    if not allow_network:
        sandbox.block_sockets() or sandbox.isolate_network()


def limit_memory(extra: int) -> None:  # pragma: no cover - in the child
    """Bound this process's address space to what it holds now plus ``extra`` bytes.

    Linux reads what it holds from ``/proc/self/statm``; elsewhere ``extra`` is the whole
    bound. A hard limit already lower is kept. Where there is no ``resource`` module
    (Windows) nothing is bounded.
    """
    try:
        import resource
    except ImportError:
        return
    held = 0
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open("/proc/self/statm", encoding="ascii") as statm,
    ):
        held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    bound = held + extra
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)
    if soft == resource.RLIM_INFINITY or bound < soft:
        resource.setrlimit(resource.RLIMIT_AS, (bound, hard))


def _answer(
    parent: int, task: Task, allow_network: bool, memory: int | None, setup: Setup
) -> tuple[str, Any]:  # pragma: no cover - in the child
    """Run ``task`` in the child: ``("ok", bytes)`` or ``("error", (class, template, fields))``."""
    import faulthandler

    from csrgraph.process import sandbox

    global _INSIDE
    _INSIDE = True
    faulthandler.disable()  # a crash of the engine is reported by the parent, in one line
    try:
        sandbox.die_with_parent(parent)
        if memory is not None:
            limit_memory(memory)
        setup(allow_network)
        return "ok", task()
    except CsrgraphError as err:  # the parent raises the same class, with its exit code
        return "error", (type(err).__name__, err.template, err.fields())
    except Exception as err:  # reported to the parent as a failure of the query
        text = " ".join(str(err).split())  # one line, as sparql.results.one_line folds it
        text = text if len(text) <= 240 else text[:239] + "\u2026"
        return "error", ("QueryError", f"query failed: {text}", {})


def _worker(
    conn: Any, parent: int, task: Task, allow_network: bool, memory: int | None, setup: Setup
) -> None:  # pragma: no cover
    """Answer in a child spawned by multiprocessing (where there is no fork)."""
    try:
        conn.send(_answer(parent, task, allow_network, memory, setup))
    finally:
        conn.close()


def _forked(
    fd: int, parent: int, task: Task, allow_network: bool, memory: int | None, setup: Setup
) -> None:  # pragma: no cover
    """Answer in a forked child: write the answer to ``fd``, then leave at once.

    ``os._exit`` skips the parent's exit handlers and buffers, which are not the child's.
    """
    import json

    try:
        status, payload = _answer(parent, task, allow_network, memory, setup)
        data = (
            b"o" + payload if status == "ok" else b"e" + json.dumps(payload, default=str).encode()
        )
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os._exit(0)


def run(
    task: Task,
    *,
    deadline: float | None,
    expired: CsrgraphError,
    name: str,
    allow_network: bool = False,
    what: str = "query",
    memory: int | None = None,
    crashed: Crashed | None = None,
    setup: Setup = leave_network,
) -> bytes:
    """Run ``task`` in a sandboxed child; return its bytes or raise its error.

    ``deadline`` is a :func:`time.monotonic` time (None: no limit); past it the child is
    killed and ``expired`` raised. ``memory`` bounds what the child may allocate beyond what
    it inherits (bytes of address space, None: no bound). A child that dies without an answer
    (a crash of the engine, or its memory bound reached) raises ``crashed(how)``, by default
    a :class:`QueryError` naming ``name`` and ``what`` ran.
    """
    import time

    if hasattr(os, "fork"):
        status, payload = _run_forked(task, deadline, expired, allow_network, memory, setup)
    else:  # pragma: no cover - Windows
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        status, payload = _run_spawned(task, timeout, expired, allow_network, memory, setup)
    return _result(status, payload, name, what, crashed)


def _result(status: str, payload: Any, name: str, what: str, crashed: Crashed | None) -> bytes:
    """Return a child's bytes, or raise the error it sent (or the one for its crash)."""
    if status == "crashed":
        if crashed is not None:
            raise crashed(payload)
        raise QueryError(f"{name}: the {what} process ended without an answer{payload}")
    if status == "error":
        from csrgraph import errors

        class_name, message, fields = payload
        error_class = getattr(errors, class_name, QueryError)
        if not (isinstance(error_class, type) and issubclass(error_class, CsrgraphError)):
            error_class = QueryError
        raise error_class(message, **fields)
    return bytes(payload)


def _run_forked(
    task: Task,
    deadline: float | None,
    expired: CsrgraphError,
    allow_network: bool,
    memory: int | None,
    setup: Setup,
) -> tuple[str, Any]:
    """Fork, let the child answer through a pipe, kill it at ``deadline``."""
    import select
    import signal
    import time

    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - in the child
        os.close(reader)
        _forked(writer, parent, task, allow_network, memory, setup)
    os.close(writer)
    chunks: list[bytes] = []
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([reader], [], [], wait)
            if not ready:
                raise expired
            chunk = os.read(reader, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return _decode(b"".join(chunks), status)


def _decode(data: bytes, status: int) -> tuple[str, Any]:
    """Return (status, payload) of what a forked child wrote and how it ended."""
    import json

    if not data:
        return "crashed", f" (signal {os.WTERMSIG(status)})" if os.WIFSIGNALED(status) else ""
    if data[:1] == b"o":
        return "ok", data[1:]
    return "error", tuple(json.loads(data[1:]))


def run_all(
    tasks: Sequence[Task],
    *,
    name: str,
    what: str,
    crashed: Crashed | None = None,
    setup: Setup = leave_network,
) -> list[bytes]:
    """Run each task in a sandboxed child of its own, all at once; return their bytes in order.

    For work split in shares (the pages of a site): every child is forked before any is
    waited for, so they run side by side. The first error (a child's, or one here such as
    an interrupt) kills every child still running and is raised. Where there is no fork the
    tasks run one after another, each in its own child (:func:`run`).

    >>> run_all([lambda: b"a", lambda: b"b"], name="demo", what="task")
    [b'a', b'b']
    """
    import select
    import signal

    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        never = QueryError(f"{name}: no time limit was set")
        return [
            run(t, deadline=None, expired=never, name=name, what=what, crashed=crashed)
            for t in tasks
        ]
    parent = os.getpid()
    children: dict[int, tuple[int, int]] = {}  # the reading end of its pipe -> (index, pid)
    answers: dict[int, bytes] = {}
    try:
        for index, task in enumerate(tasks):
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - in the child
                os.close(reader)
                for sibling in children:
                    os.close(sibling)
                _forked(writer, parent, task, False, None, setup)
            os.close(writer)
            children[reader] = (index, pid)
        received: dict[int, list[bytes]] = {fd: [] for fd in children}
        while received:  # until every child has closed its pipe (each dies with us)
            ready, _, _ = select.select(list(received), [], [])
            for fd in ready:
                chunk = os.read(fd, 1 << 20)
                if chunk:
                    received[fd].append(chunk)
                    continue
                index, pid = children[fd]
                _, status = os.waitpid(pid, 0)
                children[fd] = (index, 0)  # reaped
                state, payload = _decode(b"".join(received.pop(fd)), status)
                answers[index] = _result(state, payload, name, what, crashed)
    finally:
        for fd, (_, pid) in children.items():
            os.close(fd)
            if pid:
                with contextlib.suppress(ProcessLookupError):  # already gone
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return [answers[index] for index in range(len(tasks))]


def _run_spawned(
    task: Task,
    timeout: float | None,
    expired: CsrgraphError,
    allow_network: bool,
    memory: int | None,
    setup: Setup,
) -> tuple[str, Any]:  # pragma: no cover - where there is no fork
    """Run the child with multiprocessing's spawn, kill it after ``timeout``."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_worker,
        args=(sender, os.getpid(), task, allow_network, memory, setup),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise expired
        try:
            return receiver.recv()
        except EOFError:
            return "crashed", ""
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
