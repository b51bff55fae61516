"""The sandboxed, time-bounded child process every evaluation of untrusted SPARQL runs in.

:func:`run` forks (or, where there is no fork, spawns) a process that first arranges to die
with its parent and, unless the work may use the network, leaves the network
(:mod:`csrgraph.sparql.sandbox`); then it runs a task and sends back the bytes the task
returns, or the :class:`~csrgraph.errors.CsrgraphError` it raised (same class, same fields,
so the same exit code). The parent kills the child when the time is up, taking its memory
with it: a thread could not be stopped while an engine works in native code.

Two callers: a query on the embedded engine (:func:`csrgraph.sparql.evaluate.in_child`) and
SHACL validation with shapes that are not the package's (:mod:`csrgraph.validation`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import Any

from csrgraph.errors import CsrgraphError, QueryError

#: A task run in the child: no arguments (bind them with functools.partial, which must be
#: picklable where there is no fork), returns the bytes sent back to the parent.
Task = Callable[[], bytes]


def _answer(parent: int, task: Task, allow_network: bool) -> tuple[str, Any]:  # pragma: no cover
    """Run ``task`` in the child: ``("ok", bytes)`` or ``("error", (class, template, fields))``."""
    import faulthandler

    from csrgraph.sparql import sandbox
    from csrgraph.sparql.results import one_line

    faulthandler.disable()  # a crash of the engine is reported by the parent, in one line
    try:
        sandbox.die_with_parent(parent)
        if not allow_network:  # no socket, or failing that no network
            sandbox.block_sockets() or sandbox.isolate_network()
        return "ok", task()
    except CsrgraphError as err:  # the parent raises the same class, with its exit code
        return "error", (type(err).__name__, err.template, err.fields())
    except Exception as err:  # reported to the parent as a failure of the query
        return "error", ("QueryError", f"query failed: {one_line(str(err))}", {})


def _worker(conn: Any, parent: int, task: Task, allow_network: bool) -> None:  # pragma: no cover
    """Answer in a child spawned by multiprocessing (where there is no fork)."""
    try:
        conn.send(_answer(parent, task, allow_network))
    finally:
        conn.close()


def _forked(fd: int, parent: int, task: Task, allow_network: bool) -> None:  # pragma: no cover
    """Answer in a forked child: write the answer to ``fd``, then leave at once.

    ``os._exit`` skips the parent's exit handlers and buffers, which are not the child's.
    """
    import json

    try:
        status, payload = _answer(parent, task, allow_network)
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
) -> bytes:
    """Run ``task`` in a sandboxed child; return its bytes or raise its error.

    ``deadline`` is a :func:`time.monotonic` time (None: no limit); past it the child is
    killed and ``expired`` raised. A child that dies without an answer (a crash of the
    engine, say) is a :class:`QueryError` naming ``name`` and ``what`` ran.
    """
    import time

    if hasattr(os, "fork"):
        status, payload = _run_forked(task, deadline, expired, name, allow_network, what)
    else:  # pragma: no cover - Windows
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        status, payload = _run_spawned(task, timeout, expired, name, allow_network, what)
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
    name: str,
    allow_network: bool,
    what: str,
) -> tuple[str, Any]:
    """Fork, let the child answer through a pipe, kill it at ``deadline``."""
    import json
    import select
    import signal
    import time

    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - in the child
        os.close(reader)
        _forked(writer, parent, task, allow_network)
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
    data = b"".join(chunks)
    if not data:
        how = f" (signal {os.WTERMSIG(status)})" if os.WIFSIGNALED(status) else ""
        raise QueryError(f"{name}: the {what} process ended without an answer{how}")
    if data[:1] == b"o":
        return "ok", data[1:]
    return "error", tuple(json.loads(data[1:]))


def _run_spawned(
    task: Task,
    timeout: float | None,
    expired: CsrgraphError,
    name: str,
    allow_network: bool,
    what: str,
) -> tuple[str, Any]:  # pragma: no cover - where there is no fork
    """Run the child with multiprocessing's spawn, kill it after ``timeout``."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_worker, args=(sender, os.getpid(), task, allow_network), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise expired
        try:
            return receiver.recv()
        except EOFError:
            raise QueryError(f"{name}: the {what} process ended without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
