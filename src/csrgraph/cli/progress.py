"""What a long command tells a user on a terminal: a progress line, then a summary.

On a terminal (stderr is one) and without ``--quiet``, :class:`Progress` redraws one line on
stderr as the import reads its files (the file and its rows read so far), and
:func:`summary` prints the import report at the end: files, rows read, rows skipped and why,
columns not imported, triples written and the time it took. Not on a terminal (a pipe, a
log, a test) nothing is printed but the warnings.

The other long commands (``validate``, ``index``, ``dist``) show a :class:`Status` line
instead: the step they are at and the seconds so far, redrawn in place at most twice a
second, cleared when they end; likewise only on a terminal and without ``-q/--quiet``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
#: The least time between two drawings of a :class:`Status` line, in seconds.
INTERVAL = 0.5


def on_terminal() -> bool:
    """Tell whether stderr is a terminal."""
    return sys.stderr.isatty()


class Progress:
    """Redraws ``FILE: N rows read`` on one stderr line (an ImportReport.progress callback)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.width = 0

    def __call__(self, name: str, rows: int) -> None:
        """Show that ``rows`` rows of ``name`` are read."""
        seconds = time.monotonic() - self.started
        line = f"{name}: {rows:,} rows read ({seconds:.0f} s)"
        click.echo("\r" + line.ljust(self.width), nl=False, err=True)
        self.width = len(line)

    def clear(self) -> None:
        """Remove the line (before the summary or an error)."""
        if self.width:
            click.echo("\r" + " " * self.width + "\r", nl=False, err=True)
            self.width = 0

    @property
    def elapsed(self) -> float:
        """Seconds since the import started."""
        return time.monotonic() - self.started


def summary(text: str, elapsed: float) -> None:
    """Print the report's summary and the elapsed time on stderr."""
    click.echo(f"{text}\n  elapsed: {elapsed:.1f} s", err=True)


class Status:
    """One stderr line rewritten in place: ``COMMAND: STEP (N s)``, cleared at the end.

    The command calls it with each step (a library ``progress`` callback); a thread redraws
    the line every ``interval`` seconds so the seconds keep counting through a long step,
    and a step given sooner than ``interval`` after the last drawing waits for the next one
    (the rate limit). Use it as a context manager; :func:`status` makes one only on a
    terminal and without ``--quiet``.
    """

    def __init__(self, command: str, interval: float | None = None) -> None:
        import threading

        self.command = command
        self.interval = INTERVAL if interval is None else interval
        self.step = "starting"
        self.started = time.monotonic()
        self.drawn = float("-inf")
        self.width = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._tick, daemon=True)

    def __call__(self, step: str) -> None:
        """Show that the command is at ``step`` (drawn now unless drawn a moment ago)."""
        with self.lock:
            self.step = step
            if time.monotonic() - self.drawn >= self.interval:
                self._draw()

    def _draw(self) -> None:
        """Rewrite the line (the lock is held)."""
        seconds = time.monotonic() - self.started
        line = f"{self.command}: {self.step} ({seconds:.0f} s)"
        click.echo("\r" + line.ljust(self.width), nl=False, err=True)
        self.width = len(line)
        self.drawn = time.monotonic()

    def _tick(self) -> None:
        """Redraw every ``interval`` seconds until stopped."""
        while not self.stopped.wait(self.interval):
            with self.lock:
                self._draw()

    def __enter__(self) -> Status:
        """Start the thread that redraws the line."""
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the thread and clear the line."""
        self.stopped.set()
        self.thread.join()
        with self.lock:
            if self.width:
                click.echo("\r" + " " * self.width + "\r", nl=False, err=True)
                self.width = 0


@contextmanager
def status(command: str, quiet: bool = False) -> Iterator[Callable[[str], None] | None]:
    """Yield a :class:`Status` on a terminal without ``quiet``, else None (nothing shown).

    >>> with status("index", quiet=True) as show:
    ...     show is None
    True
    """
    if quiet or not on_terminal():
        yield None
        return
    with Status(command) as shown:
        yield shown


def quiet_option(func: F) -> F:
    """Add ``-q/--quiet``: no progress line (it shows only on a terminal anyway)."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress line on stderr (it shows only on a terminal).",
    )(func)
