"""Progress of a long import on a terminal: one bar per file read, on stderr.

:func:`progress_bars` returns what :attr:`ImportReport.progress
<csrgraph.importers.api.ImportReport.progress>` takes: a wrapper of a file's rows that draws
click's progress bar over the file's lines, or None (no bars) when ``quiet`` or when stderr
is not a terminal, so pipes and logs stay clean.

>>> progress_bars(quiet=True) is None
True
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Rows between two redraws of a bar (a redraw per row would cost more than the row).
STEP = 2000


def _lines(path: Path) -> int:
    """Count the lines of ``path`` (the bar's length), fast, in binary chunks."""
    total = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            total += chunk.count(b"\n")
    return max(total - 1, 1)  # the header is not a row


def progress_bars(quiet: bool = False) -> Callable[[Path, Iterator[T]], Iterator[T]] | None:
    """Return a wrapper that shows a bar per file while its rows are read, or None.

    None when ``quiet`` or when stderr is not a terminal.
    """
    if quiet or not sys.stderr.isatty():
        return None

    def bar(path: Path, rows: Iterator[T]) -> Iterator[T]:
        import click

        with click.progressbar(
            length=_lines(path), label=path.name, file=sys.stderr, show_pos=True
        ) as shown:
            done = 0
            for done, row in enumerate(rows, start=1):
                if not done % STEP:
                    shown.update(STEP)
                yield row
            shown.update(done % STEP)

    return bar
