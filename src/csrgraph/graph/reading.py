"""Read the bytes of an RDF input safely: files, stdin, pipes and devices, checked as UTF-8.

Every command reads its input files through this module, so every failure reads the same:
one :class:`~csrgraph.errors.InputError` line naming the file (``<stdin>`` for ``-``) and
what is wrong with it (missing, a folder, permission denied, not UTF-8 with the line and
column of the first bad byte). Stdin, a pipe, a FIFO or a device is read once and at most
:data:`MAX_STREAM_BYTES` bytes (``/dev/zero`` never ends); a regular file is read whole.

Parsing the bytes as RDF is :mod:`csrgraph.graph.parsing`'s job. This module imports neither rdflib
nor pyoxigraph.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from csrgraph._typing import PathLike
from csrgraph.errors import InputError


def display_name(path: PathLike) -> str:
    """Return how messages name a file: ``<stdin>`` for ``-``, else the path as given.

    >>> display_name("-")
    '<stdin>'
    >>> display_name("data/csr.ttl")
    'data/csr.ttl'
    """
    return "<stdin>" if str(path) == "-" else str(path)


#: The most bytes read from stdin, a pipe, a FIFO or a device (``/dev/zero`` never ends).
MAX_STREAM_BYTES = 256 * 1024 * 1024


def is_regular(path: PathLike) -> bool:
    """Tell whether ``path`` is a regular file (not ``-``, a pipe, a FIFO or a device)."""
    if str(path) == "-":
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # the open that follows says what is wrong


def read_stream(
    raw: BinaryIO, name: str, limit: int = MAX_STREAM_BYTES, deadline: float | None = None
) -> bytes:
    """Read a stream once, to its end, refusing more than ``limit`` bytes.

    With a ``deadline`` (a :func:`time.monotonic` time), a stream still open then is given
    up with a :class:`~csrgraph.errors.QueryTimeout`: ``sleep 25 | csrgraph query --data -
    --timeout 2`` stops after 2 s.

    >>> import io
    >>> read_stream(io.BytesIO(b"abc"), "x", limit=2)
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: x: more than 2 bytes from a pipe or device (save it to a file)
    """
    chunks: list[bytes] = []
    size = 0
    with reading_errors(name):
        while chunk := _read_within(raw, min(1 << 20, limit + 1 - size), name, deadline):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(
                    f"{name}: more than {limit:,} bytes from a pipe or device (save it to a file)"
                )
    return b"".join(chunks)


def _read_within(raw: BinaryIO, size: int, name: str, deadline: float | None) -> bytes:
    """Read up to ``size`` bytes from ``raw``, waiting for them no later than ``deadline``."""
    if deadline is None:
        return raw.read(size)
    import select
    import time

    from csrgraph.errors import QueryTimeout

    try:
        fd = raw.fileno()
    except (OSError, AttributeError, ValueError):
        return raw.read(size)  # not a file descriptor (a test's BytesIO): nothing to wait for
    ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
    if not ready:
        raise QueryTimeout(f"{name}: no end of the input within the time limit")
    return os.read(fd, size)


def read_bytes(
    path: PathLike, limit: int = MAX_STREAM_BYTES, deadline: float | None = None
) -> bytes:
    """Read a whole file (``-`` is stdin), turning every OS failure into an InputError.

    Stdin, a pipe, a FIFO or a device is read once, up to ``limit`` bytes, and waited for
    no later than ``deadline`` (a :func:`time.monotonic` time; None waits).

    >>> read_bytes("no/such/file.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: no/such/file.ttl: no such file
    """
    name = display_name(path)
    if str(path) in _STREAMS:
        return _STREAMS[str(path)]
    if str(path) == "-":
        return read_stream(sys.stdin.buffer, name, limit, deadline)
    if not is_regular(path):
        with reading_errors(name), _open_stream(path, deadline) as raw:
            return read_stream(raw, name, limit, deadline)
    with reading_errors(name):
        return Path(path).read_bytes()


#: Streams read ahead for a child process (see :func:`streams_read_here`), by path as given.
_STREAMS: dict[str, bytes] = {}


def _open_stream(path: PathLike, deadline: float | None) -> BinaryIO:
    """Open a FIFO or device for reading without blocking past ``deadline``.

    Opening a FIFO waits for a writer; with a deadline it is opened non-blocking (then made
    blocking again, the reads wait in :func:`select.select`).
    """
    if deadline is None:
        return open(path, "rb", buffering=0)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    os.set_blocking(fd, True)
    return open(fd, "rb", buffering=0)


@contextmanager
def streams_read_here(paths: Iterable[PathLike], deadline: float | None = None) -> Iterator[None]:
    """Read stdin, pipes and devices among ``paths`` now, for a child forked meanwhile.

    A child process started by :mod:`multiprocessing` has no stdin of its own, so what it
    would read from ``-`` or ``/dev/stdin`` is read here, once, and handed over, waiting no
    later than ``deadline`` (the command's time limit, see :func:`read_stream`).
    """
    names = [str(p) for p in paths if not is_regular(p)]
    for name in names:
        _STREAMS[name] = read_bytes(name, deadline=deadline)
    try:
        yield
    finally:
        for name in names:
            _STREAMS.pop(name, None)


@contextmanager
def reading_errors(name: str) -> Iterator[None]:
    """Turn every OS failure while reading ``name`` into one InputError line."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None


def line_column(data: bytes, offset: int) -> tuple[int, int]:
    r"""Return the 1-based line and column of byte ``offset`` in ``data``.

    >>> line_column(b"ab\ncd", 4)
    (2, 2)
    """
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_utf8(data: bytes, name: str) -> str:
    r"""Decode ``data`` as UTF-8 or raise an InputError naming the first bad byte.

    >>> decode_utf8(b"ok", "f.ttl")
    'ok'
    >>> decode_utf8(b"a\n\xff", "f.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: f.ttl:2:1: not UTF-8 text (byte 0xff)
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = line_column(data, err.start)
        raise InputError(
            f"{name}:{line}:{column}: not UTF-8 text (byte 0x{data[err.start]:02x})",
            file=name,
            line=line,
            column=column,
        ) from None
