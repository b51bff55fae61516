"""What ``csrgraph import`` tells a user on a terminal: a progress line, then a summary.

On a terminal (stderr is one) and without ``--quiet``, :class:`Progress` redraws one line on
stderr as the import reads its files (the file and its rows read so far), and
:func:`summary` prints the import report at the end: files, rows read, rows skipped and why,
columns not imported, triples written and the time it took. Not on a terminal (a pipe, a
log, a test) nothing is printed but the warnings.
"""

from __future__ import annotations

import sys
import time

import click


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
