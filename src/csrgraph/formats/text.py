"""The neutral forms of what the commands print besides query results, and their writers.

A :class:`Table` is rows of text under named columns (the query catalogue, ``info``; the
aligned text and Markdown writers are shared with query results); a :class:`Report` is
records of labelled lines (``explain``, ``validate``). The registry in :mod:`csrgraph.formats`
maps the format names to these writers; nothing here imports a library. Text for people
(``table``, ``md``, ``text``) goes through :func:`~csrgraph.formats.neutral.terminal_text`,
cells for spreadsheets (``csv``, ``tsv``) through
:func:`~csrgraph.formats.neutral.spreadsheet_cell` unless ``raw``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from csrgraph.formats.neutral import spreadsheet_cell, terminal_text


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

    Control characters are shown escaped (:func:`~csrgraph.formats.neutral.terminal_text`).

    >>> print(aligned(["a", "b"], [["xy", "z\x1b[2J"]], Table([], [])).decode(), end="")
    a   b
    --  --------
    xy  z\x1b[2J
    (1 row)
    """
    columns = [terminal_text(c) for c in columns]
    rows = [[terminal_text(c) for c in row] for row in cells]
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


#: The characters a CommonMark/GFM table cell reads as markup, each escaped with a backslash
#: (CommonMark lets any ASCII punctuation be escaped so): ``|`` ends a cell, ``<`` opens raw
#: HTML or an autolink, ``&`` an entity, ``[`` ``]`` a link or image, a backtick a code span
#: (in which no escape would work), ``*`` ``~`` emphasis and strikethrough, ``$`` GitHub's
#: math, the backslash an escape of its own.
_MARKUP = {ord(c): "\\" + c for c in "\\|<>&[]`*~$"}

#: An underscore that may open or close emphasis: one not between two letters or digits
#: (``object_id`` stays as it is; ``_em_`` and ``_:b0`` are escaped).
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


def markdown_cell(text: str) -> str:
    r"""Return ``text`` as one GFM table cell that renders as the text, never as markup.

    Markup characters get a backslash, control characters are escaped and line breaks are
    spaces (:func:`~csrgraph.formats.neutral.terminal_text`): a cell cannot end its row, open
    raw HTML (``<script>``, ``<img onerror=...>``), a link or a code span.

    >>> print(markdown_cell("<img src=x onerror=alert(1)> a|b [c](javascript:x)"))
    \<img src=x onerror=alert(1)\> a\|b \[c\](javascript:x)
    >>> print(markdown_cell("task_iri _em_ Kundenberater:in (Grün)"))
    task_iri \_em\_ Kundenberater:in (Grün)
    """
    return terminal_text(_UNDERSCORE.sub(r"\\_", text.translate(_MARKUP)))


def markdown(columns: Sequence[str], cells: Iterable[Sequence[str]]) -> bytes:
    r"""Write cells as a GitHub-flavoured Markdown table (each cell by :func:`markdown_cell`).

    >>> markdown(["a"], [["x|y\x07"]])
    b'| a |\n|---|\n| x\\|y\\x07 |\n'
    """
    lines = ["| " + " | ".join(markdown_cell(c) for c in columns) + " |"]
    lines.append("|" + "---|" * len(columns))
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in cells]
    return ("\n".join(lines) + "\n").encode()


def table_text(table: Table, raw: bool = False) -> bytes:
    """Write a :class:`Table` as aligned text."""
    return aligned(table.columns, table.rows, table)


def table_markdown(table: Table, raw: bool = False) -> bytes:
    """Write a :class:`Table` as a Markdown table."""
    return markdown(table.columns, table.rows)


def table_csv(table: Table, raw: bool = False) -> bytes:
    r"""Write a :class:`Table` as CSV (CRLF line ends, like the rows of a query).

    A cell a spreadsheet would read as a formula gets a leading quote unless ``raw``.

    >>> table_csv(Table(["a", "b"], [["x", "y,z"]]))
    b'a,b\r\nx,"y,z"\r\n'
    >>> table_csv(Table(["a"], [["=1+1"]])), table_csv(Table(["a"], [["=1+1"]]), raw=True)
    (b"a\r\n'=1+1\r\n", b'a\r\n=1+1\r\n')
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_cell(c, raw) for c in row] for row in table.rows)
    return buffer.getvalue().encode()


def table_tsv(table: Table, raw: bool = False) -> bytes:
    r"""Write a :class:`Table` as tab-separated lines (a tab or line break in a cell: a space).

    A cell a spreadsheet would read as a formula gets a leading quote unless ``raw``.

    >>> table_tsv(Table(["a", "b"], [["x", "y\tz"]]))
    b'a\tb\nx\ty z\n'
    >>> table_tsv(Table(["a"], [["@SUM(A1)"]]))
    b"a\n'@SUM(A1)\n"
    """
    flat = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
    lines = ["\t".join(table.columns)]
    lines += [
        "\t".join(spreadsheet_cell(c.translate(flat), raw) for c in row) for row in table.rows
    ]
    return ("\n".join(lines) + "\n").encode()


def data_json(item: Table | Report, raw: bool = False) -> bytes:
    r"""Write the ``data`` of a table or report (a table's default: one object per row) as JSON.

    >>> data_json(Table(["a"], [["x"]]))
    b'[\n  {\n    "a": "x"\n  }\n]\n'
    """
    import json

    data = item.data
    if data is None and isinstance(item, Table):
        data = [dict(zip(item.columns, row, strict=True)) for row in item.rows]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def report_text(report: Report, raw: bool = False) -> bytes:
    """Write a :class:`Report`: each record's title, then its fields as ``  label: value``.

    Every title, label and value is one line with its control characters escaped
    (:func:`~csrgraph.formats.neutral.terminal_text`).

    >>> print(report_text(Report([Record("F1", [("quote (en)", "Hi.")]), Record("F2")],
    ...                           spaced=True)).decode(), end="")
    F1
      quote (en): Hi.
    <BLANKLINE>
    F2
    """
    blocks = [
        "\n".join(
            terminal_text(line)
            for line in [record.title, *(f"  {label}: {value}" for label, value in record.fields)]
        )
        for record in report.records
    ]
    if not blocks:
        return b""
    return (("\n\n" if report.spaced else "\n").join(blocks) + "\n").encode()
