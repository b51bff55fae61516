"""Reading a source's delimited files by header name, with the file and line of every failure.

:func:`read_table` reads a delimited file by header name: the columns an importer needs
must be there (the rest are ignored), every row must have as many fields as the header,
and the bytes must be UTF-8; every failure is an :class:`~csrgraph.errors.InputError`
naming the file and the line where the row starts. :class:`Row` turns a cell into text, a
number, a date or a code with the same care.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from csrgraph.errors import InputError

#: No limit on the size of a cell: sources put whole lists in one (ESCO's ``hasTopConcept``
#: holds thousands of IRIs, 651 KB); the csv module's default stops at 131,072 characters.
#: (The largest value every platform's C long takes.)
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class Row:
    """One row of a delimited file: its cells by column name, and where it stands."""

    file: str
    line: int
    cells: dict[str, str]

    def where(self) -> str:
        """Return ``FILE, line N`` for messages."""
        return f"{self.file}, line {self.line}"

    def fail(self, message: str) -> InputError:
        """Return an :class:`InputError` about this row (its ``file`` and ``line`` set).

        >>> err = Row("Job Zones.txt", 7, {}).fail("bad")
        >>> (str(err), err.file, err.line)
        ('Job Zones.txt, line 7: bad', 'Job Zones.txt', 7)
        """
        return InputError(f"{self.where()}: {message}", file=self.file, line=self.line)

    def text(self, column: str) -> str:
        """Return the cell, stripped; an empty cell is an error."""
        value = self.cells.get(column, "").strip()
        if not value:
            raise self.fail(f"column {column!r} is empty")
        return value

    def optional(self, column: str) -> str | None:
        """Return the cell, stripped, or None when it is empty or the column is absent."""
        value = self.cells.get(column, "").strip()
        return value or None

    def matching(self, column: str, pattern: re.Pattern[str], form: str) -> str:
        """Return the cell if it matches ``pattern`` whole; otherwise name the expected form."""
        value = self.text(column)
        if not pattern.fullmatch(value):
            raise self.fail(f"{column} {value!r} is not of the form {form}")
        return value

    def decimal(
        self, column: str, *, low: Decimal | None = None, high: Decimal | None = None
    ) -> Decimal:
        """Return the cell as a number (within ``low``..``high`` when given)."""
        value = self.text(column)
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.fail(f"{column} {value!r} is not a number") from None
        if not number.is_finite():
            raise self.fail(f"{column} {value!r} is not a number")
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.fail(f"{column} {value} is outside {low}..{high}")
        return number

    def optional_decimal(
        self, column: str, *, low: Decimal | None = None, high: Decimal | None = None
    ) -> Decimal | None:
        """Return the cell as a number, or None when it is empty."""
        if self.optional(column) is None:
            return None
        return self.decimal(column, low=low, high=high)

    def integer(self, column: str, *, low: int | None = None, high: int | None = None) -> int:
        """Return the cell as a whole number (within ``low``..``high`` when given)."""
        value = self.text(column)
        if not re.fullmatch(r"[0-9]+", value):
            raise self.fail(f"{column} {value!r} is not a whole number")
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.fail(f"{column} {number} is outside {low}..{high}")
        return number

    def month(self, column: str) -> str:
        """Return a ``MM/YYYY`` cell as ``YYYY-MM`` (an ``xsd:gYearMonth``)."""
        value = self.text(column)
        match = re.fullmatch(r"(0[1-9]|1[0-2])/([0-9]{4})", value)
        if not match:
            raise self.fail(f"{column} {value!r} is not a month of the form MM/YYYY")
        return f"{match[2]}-{match[1]}"


def _lines(raw: Iterable[bytes], name: str) -> Iterator[str]:
    """Decode lines strictly as UTF-8 (a byte order mark is dropped), naming a bad line."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    for number, line in enumerate(raw, start=1):
        try:
            text = decoder.decode(line)
        except UnicodeDecodeError as err:
            raise InputError(
                f"{name}, line {number}: not UTF-8 (byte 0x{line[err.start]:02x} "
                f"at column {err.start + 1})",
                file=name,
                line=number,
                column=err.start + 1,
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: not UTF-8 (the file ends inside a character)", file=name
        ) from None


def refuse_special(path: str | Path, name: str | None = None) -> None:
    """Refuse ``path`` when it is there but not a regular file (a FIFO, device or socket).

    Opening a FIFO waits for a writer, forever; a device may never end. A missing file is
    left to the open that follows, which says so.

    >>> refuse_special("/dev/null")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: /dev/null: not a regular file (a FIFO, device or socket)
    """
    name = name or str(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise InputError(f"{name}: not a regular file (a FIFO, device or socket)", file=name)


def read_table(
    path: str | Path,
    required: Sequence[str],
    *,
    delimiter: str = "\t",
    quoted: bool = False,
    name: str | None = None,
    opener: Callable[[], IO[bytes]] | None = None,
    pad: bool = False,
) -> Iterator[Row]:
    """Yield the rows of a delimited file with a header row, checked as they are read.

    ``required`` columns must be in the header (others are ignored); a row must have as
    many fields as the header; blank lines are skipped. ``quoted`` reads CSV quoting (cells
    over several lines); without it a quote is an ordinary character, as in O*NET's
    tab-delimited text files. ``name`` is how messages call the file (default: its name).
    ``opener`` opens the bytes when they are not a file of their own (a member of a zip).
    ``pad`` accepts rows that leave out empty cells at their end (as ESCO's skills hierarchy
    does): they read as empty.
    """
    path = Path(path)
    name = name or path.name
    if opener is None:
        refuse_special(path, name)
    try:
        handle = opener() if opener is not None else path.open("rb")
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})", file=name) from None
    with handle:
        lines = _lines(handle, name)
        reader = csv.reader(
            lines,
            delimiter=delimiter,
            quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
            strict=quoted,
        )
        line = 0  # the last line of the row read before; the next row starts after it
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(
                    f"{name}, line 1: the file is empty (no header row)", file=name, line=1
                )
            header = [cell.strip() for cell in header]
            missing = [column for column in required if column not in header]
            if missing:
                raise InputError(
                    f"{name}, line 1: missing column {', '.join(map(repr, missing))}"
                    f" (the header has {', '.join(map(repr, header))})",
                    file=name,
                    line=1,
                )
            line = reader.line_num
            for fields in reader:
                start, line = line + 1, reader.line_num
                if not fields or fields == [""]:
                    continue
                if pad and len(fields) < len(header):
                    fields += [""] * (len(header) - len(fields))
                if len(fields) != len(header):
                    raise InputError(
                        f"{name}, line {start}: {len(fields)} fields, the header has {len(header)}",
                        file=name,
                        line=start,
                    )
                yield Row(name, start, dict(zip(header, fields, strict=True)))
        except csv.Error as err:  # name the row's first line (an unclosed quote ends the file)
            raise InputError(f"{name}, line {line + 1}: {err}", file=name, line=line + 1) from None
