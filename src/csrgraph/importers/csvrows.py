r"""Read a CSV file with a header row, strictly, naming file and line in every error.

Columns are found by header name: the ones a caller needs must be there, others may be
absent or extra. Quoted cells may span lines; a row's line number is the line it starts on.
Every fault is one :class:`~csrgraph.errors.InputError` ``FILE:LINE: ...``:

* the file cannot be read, or has no header row;
* a required column is missing (``FILE:1: missing column(s) ...``);
* a row has more or fewer fields than the header;
* broken quoting (a quote inside an unquoted cell, text after a closing quote, a quote
  never closed);
* bytes that are not UTF-8 (``FILE:LINE:COLUMN: not UTF-8 text (byte 0x..)``, as for RDF).

>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = f.write_text('a,b\n1,"x\ny"\n', encoding="utf-8")
>>> list(read_rows(f, ("b",)))
[('...t.csv:2', {'a': '1', 'b': 'x\ny'})]
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from csrgraph.errors import InputError

#: The longest cell accepted (ESCO's descriptions are long; the csv default of 128 KiB is kept
#: well above them, and a missing closing quote still stops at the end of the file).
FIELD_LIMIT = max(csv.field_size_limit(), 1 << 20)


def _utf8_error(path: Path) -> InputError:
    """Return the error naming the first byte of ``path`` that is not UTF-8."""
    from csrgraph.graph import decode_utf8, read_bytes

    try:
        decode_utf8(read_bytes(path), str(path))
    except InputError as err:
        return err
    return InputError(f"{path}: not UTF-8 text")  # pragma: no cover - the decoder failed above


def read_rows(
    path: Path, required: Sequence[str], *, delimiter: str = ","
) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ``("FILE:LINE", row)`` for each data row of ``path``, a dict by header name.

    Blank lines are skipped. A byte-order mark before the header is allowed.
    """
    name = str(path)
    csv.field_size_limit(FIELD_LIMIT)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    with handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        start = 1
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"{name}: empty file, no header row")
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"{name}:1: missing column(s) {', '.join(missing)}")
            width = len(header)
            while True:
                start = reader.line_num + 1
                cells = next(reader, None)
                if cells is None:
                    return
                if not cells:
                    continue
                if len(cells) != width:
                    raise InputError(f"{name}:{start}: {len(cells)} fields, the header has {width}")
                yield f"{name}:{start}", dict(zip(header, cells, strict=True))
        except csv.Error as err:
            raise InputError(f"{name}:{start}: broken quoting ({err})") from None
        except UnicodeDecodeError:
            raise _utf8_error(path) from None
        except OSError as err:  # pragma: no cover - a read failing half-way
            raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
