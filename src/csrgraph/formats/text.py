"""The neutral forms of what the commands print besides query results, and their writers.

A :class:`Table` is rows of text under named columns (the query catalogue, ``info``; the
aligned text and Markdown writers are shared with query results); a :class:`Report` is
records of labelled lines (``explain``, ``validate``). The registry in :mod:`csrgraph.formats`
maps the format names to these writers; nothing here imports a library.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Table:
    """Rows of text under named columns, for rows that are not a query's.

    ``data`` is what ``json`` writes (default: one object per row); ``header`` and ``count``
    say whether ``table`` writes the column names over a rule and a ``(N rows)`` line.
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    data: Any = None
    header: bool = True
    count: bool = True


@dataclass(frozen=True)
class Record:
    """One record of a report: a title line and indented ``label: value`` lines."""

    title: str
    fields: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Report:
    """Records written as text (``spaced``: a blank line between them); ``data`` for json."""

    records: Sequence[Record]
    data: Any = None
    spaced: bool = False


def aligned(columns: Sequence[str], cells: Sequence[Sequence[str]], table: Table) -> bytes:
    r"""Write cells as an aligned text table (a cell's line breaks and tabs become spaces).

    >>> print(aligned(["a", "b"], [["xy", "z"]], Table([], [])).decode(), end="")
    a   b
    --  -
    xy  z
    (1 row)
    """
    flat = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
    rows = [[c.translate(flat) for c in row] for row in cells]
    widths = [len(h) if table.header else 0 for h in columns]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    lines = [line(columns), "  ".join("-" * w for w in widths)] if table.header else []
    lines += [line(row) for row in rows]
    if table.count:
        lines.append(f"({len(rows)} row{'s' * (len(rows) != 1)})")
    return ("\n".join(lines) + "\n").encode()


def markdown(columns: Sequence[str], cells: Iterable[Sequence[str]]) -> bytes:
    """Write cells as a GitHub-flavoured Markdown table."""

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in cells]
    return ("\n".join(lines) + "\n").encode()


def table_text(table: Table) -> bytes:
    """Write a :class:`Table` as aligned text."""
    return aligned(table.columns, table.rows, table)


def table_markdown(table: Table) -> bytes:
    """Write a :class:`Table` as a Markdown table."""
    return markdown(table.columns, table.rows)


def table_csv(table: Table) -> bytes:
    r"""Write a :class:`Table` as CSV (CRLF line ends, like the rows of a query).

    >>> table_csv(Table(["a", "b"], [["x", "y,z"]]))
    b'a,b\r\nx,"y,z"\r\n'
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buffer.getvalue().encode()


def table_tsv(table: Table) -> bytes:
    r"""Write a :class:`Table` as tab-separated lines (a tab or line break in a cell: a space).

    >>> table_tsv(Table(["a", "b"], [["x", "y\tz"]]))
    b'a\tb\nx\ty z\n'
    """
    flat = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
    lines = ["\t".join(table.columns)]
    lines += ["\t".join(c.translate(flat) for c in row) for row in table.rows]
    return ("\n".join(lines) + "\n").encode()


def data_json(item: Table | Report) -> bytes:
    r"""Write the ``data`` of a table or report (a table's default: one object per row) as JSON.

    >>> data_json(Table(["a"], [["x"]]))
    b'[\n  {\n    "a": "x"\n  }\n]\n'
    """
    import json

    data = item.data
    if data is None and isinstance(item, Table):
        data = [dict(zip(item.columns, row, strict=True)) for row in item.rows]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def report_text(report: Report) -> bytes:
    """Write a :class:`Report`: each record's title, then its fields as ``  label: value``.

    >>> print(report_text(Report([Record("F1", [("quote (en)", "Hi.")]), Record("F2")],
    ...                           spaced=True)).decode(), end="")
    F1
      quote (en): Hi.
    <BLANKLINE>
    F2
    """
    blocks = [
        "\n".join([record.title, *(f"  {label}: {value}" for label, value in record.fields)])
        for record in report.records
    ]
    if not blocks:
        return b""
    return (("\n\n" if report.spaced else "\n").join(blocks) + "\n").encode()
