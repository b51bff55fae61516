"""Signals that stop a command after it has cleaned up: no temporary file or folder left behind.

A command that writes files makes temporary ones first (``.NAME.xxxx.tmp`` beside an output
file, ``.building-xxxx`` inside an index folder, a new output folder). Python's default
SIGTERM and SIGHUP end the process at once, without running ``finally`` clauses, so those
would stay. Two tools keep the disk clean:

* :func:`cleanup_on_signals`: inside the block SIGTERM and SIGHUP raise
  :class:`csrgraph.errors.Terminated` (SIGINT raises :class:`KeyboardInterrupt`, as always),
  so the cleanup code of every frame runs; when the exception leaves the block the signal's
  old disposition is restored and the process ends by the same signal, as if it had never
  been caught (a shell shows exit status 143 for SIGTERM, 129 for SIGHUP). A handler the
  caller installed is left alone, and so is any thread but the main one (only it receives
  Python's signal handlers).
* :func:`signals_held`: SIGINT, SIGTERM and SIGHUP wait (are blocked) during a short step
  that must not be cut in two, such as creating a temporary file and recording its name, or
  renaming a finished file into place; they are delivered when the step is over.

>>> with cleanup_on_signals():
...     pass
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from csrgraph.errors import Terminated

#: The signals that end a command and that :func:`cleanup_on_signals` turns into an exception.
ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
#: The signals :func:`signals_held` blocks.
HELD = frozenset({signal.SIGINT, *ENDING})


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def end_by_signal(signum: int) -> None:
    """End this process by ``signum`` with its default action (after cleaning up).

    The parent sees the process killed by the signal, as if it had not been caught. Returns
    only where the signal cannot end the process (it is ignored, say): then it raises
    ``SystemExit(128 + signum)``, the shell's code for that signal.
    """
    signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
    os.kill(os.getpid(), signum)
    raise SystemExit(128 + signum)  # pragma: no cover - the signal was not fatal


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """Let SIGTERM and SIGHUP unwind the stack (running cleanup code), then end the process.

    Nested blocks are fine: only the outermost one installs the handlers and ends the process.
    """
    if not _on_main_thread():
        yield
        return
    installed = {}
    for signum in ENDING:
        if signal.getsignal(signum) == signal.SIG_DFL:
            installed[signum] = signal.signal(signum, _raise)
    try:
        yield
    except Terminated as stop:
        for signum, old in installed.items():
            signal.signal(signum, old)
        if stop.signum in installed:
            end_by_signal(stop.signum)
        raise
    finally:
        for signum, old in installed.items():
            signal.signal(signum, old)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP during the block; deliver them after it.

    Only the main thread of a POSIX process can do this; elsewhere the block runs as it is.

    >>> with signals_held():
    ...     pass
    """
    if not hasattr(signal, "pthread_sigmask") or not _on_main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


__all__ = ["ENDING", "HELD", "cleanup_on_signals", "end_by_signal", "signals_held"]
