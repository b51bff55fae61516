"""Parse the user's RDF files in a child process, bounded in memory and time.

The nesting pre-scan (:mod:`csrgraph.graph.nesting`) refuses the hostile files known to
crash or swamp pyoxigraph's native parsers; this module is the net under it, for whatever
the scan does not know. A user's Turtle, RDF/XML or JSON-LD file is parsed in a child
(:mod:`csrgraph.process.child`: no network, dies with its parent) whose address space may
grow by at most :func:`parse_limits`' ``memory`` and which is killed after its ``seconds``.
The child writes what it parsed as N-Triples to a temporary file, which this process then
loads with pyoxigraph's N-Triples parser (not nested, about three times faster than
Turtle); the child's answer carries the prefixes, the size and the SHA-256 of the file.

A crash of the parser, a memory bound reached or a time-out is one
:class:`~csrgraph.errors.InputError` line naming the file (exit code 2), like a syntax
error. No child is started for:

* the bundled files (the package's own, trusted; their speed is unchanged),
* N-Triples and N-Quads files (by suffix: no nesting, one line at a time),
* a process that is itself such a child (the query and validation children).

The bounds: :data:`DEFAULT_MEMORY` (4 GiB) more than the process held, and
:data:`DEFAULT_SECONDS` (600 s) per file (waiting for stdin, a pipe or a FIFO
included, with or without a child: a FIFO nobody writes to is given up then), set with
the environment variables
``CSRGRAPH_PARSE_MEMORY`` (MiB, or a number with ``M`` or ``G``) and
``CSRGRAPH_PARSE_TIMEOUT`` (seconds), or for a block of library code with :func:`limited`.
The memory bound needs ``RLIMIT_AS`` (POSIX); the time bound holds everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph.arguments import ascii_number
from csrgraph.errors import InputError, QueryTimeout, UsageError
from csrgraph.graph import parsing, streaming
from csrgraph.graph.parsing import SUFFIX_FORMATS, Parsed
from csrgraph.graph.reading import PathLike, display_name
from csrgraph.graph.streaming import StreamedFile

if TYPE_CHECKING:
    import pyoxigraph

#: The default bound on the memory a parse may add to the process (bytes of address space).
DEFAULT_MEMORY = 4 * 1024**3
#: The default wall-clock bound on parsing one file, in seconds.
DEFAULT_SECONDS = 600.0
MEMORY_VARIABLE = "CSRGRAPH_PARSE_MEMORY"
TIMEOUT_VARIABLE = "CSRGRAPH_PARSE_TIMEOUT"
#: Test hook: when set to ``segv``, the parsing child kills itself with SIGSEGV before it
#: parses, as a crash of the native parser would (read only in the child).
CRASH_VARIABLE = "CSRGRAPH_TEST_PARSE_CRASH"
_SMALLEST = 16 * 1024**2


@dataclass(frozen=True)
class ParseLimits:
    """How much memory (bytes) and time (seconds) parsing one user file may take.

    ``deadline`` (a :func:`time.monotonic` time) ends every parse of a job that has a time
    limit of its own (``validate --timeout``), however much of ``seconds`` is left.
    """

    memory: int = DEFAULT_MEMORY
    seconds: float = DEFAULT_SECONDS
    deadline: float | None = None

    def end(self) -> float:
        """Return when a parse starting now must end: ``seconds`` from now, or the deadline."""
        import time

        end = time.monotonic() + self.seconds
        return end if self.deadline is None else min(end, self.deadline)


_LIMITS: ContextVar[ParseLimits | None] = ContextVar("csrgraph_parse_limits", default=None)


def _memory_from(raw: str) -> int:
    """Read ``CSRGRAPH_PARSE_MEMORY``: MiB, or a number ending in ``M`` or ``G``.

    >>> _memory_from("512"), _memory_from("2G") // 1024**3
    (536870912, 2)
    """
    text = raw.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"G": 1024**3, "M": 1024**2}.get(text[-1:], 1024**2)
    value = (ascii_number(text.rstrip("GM")) or 0) * scale  # ASCII digits only
    if not _SMALLEST <= value < 1 << 50:
        raise UsageError(
            f"{MEMORY_VARIABLE}={raw}: give a size of at least 16 MiB in ASCII digits"
            " (e.g. 512M or 4G)"
        )
    return int(value)


def _seconds_from(raw: str) -> float:
    """Read ``CSRGRAPH_PARSE_TIMEOUT``: a positive, finite number of seconds.

    >>> _seconds_from("2.5")
    2.5
    """
    value = ascii_number(raw) or 0.0  # ASCII digits only: float() also reads "\u0662"
    if not 0 < value <= 1e6:
        raise UsageError(
            f"{TIMEOUT_VARIABLE}={raw}: give seconds from 0 to 1000000 in ASCII digits"
        )
    return value


def parse_limits() -> ParseLimits:
    """Return the bounds in force: :func:`limited`'s, else the environment's, else the defaults.

    >>> parse_limits() == ParseLimits()
    True
    """
    given = _LIMITS.get()
    if given is not None:
        return given
    memory = os.environ.get(MEMORY_VARIABLE, "").strip()
    seconds = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    return ParseLimits(
        _memory_from(memory) if memory else DEFAULT_MEMORY,
        _seconds_from(seconds) if seconds else DEFAULT_SECONDS,
    )


@contextmanager
def limited(
    memory: int | None = None, seconds: float | None = None, deadline: float | None = None
) -> Iterator[ParseLimits]:
    """Parse user files in this block with these bounds (None keeps the one in force).

    ``deadline`` (a :func:`time.monotonic` time) ends every parse of the block.

    >>> with limited(seconds=5) as bounds:
    ...     bounds.seconds, parse_limits().seconds
    (5, 5)
    """
    current = parse_limits()
    if memory is not None and not memory >= _SMALLEST:
        raise UsageError("the parse memory bound must be at least 16 MiB", value=memory)
    if seconds is not None and not 0 < seconds <= 1e6:
        raise UsageError("the parse time bound must be 0 to 1000000 seconds", value=seconds)
    bounds = ParseLimits(
        current.memory if memory is None else memory,
        current.seconds if seconds is None else seconds,
        current.deadline if deadline is None else deadline,
    )
    token = _LIMITS.set(bounds)
    try:
        yield bounds
    finally:
        _LIMITS.reset(token)


def _bundled(path: PathLike) -> bool:
    """Tell whether ``path`` is one of the package's own ontology or data files."""
    if str(path) == "-":
        return False
    try:
        folder = Path(path).resolve().parent
    except (OSError, RuntimeError):
        return False
    return folder in {resources.ontology_dir().resolve(), resources.data_dir().resolve()}


def needs_child(path: PathLike) -> bool:
    """Tell whether parsing ``path`` here needs a child (see the module's list).

    >>> needs_child("mine.ttl"), needs_child("mine.nt")
    (True, False)
    """
    from csrgraph.process.child import inside

    suffix = Path(str(path)).suffix.lower()
    if inside() or SUFFIX_FORMATS.get(suffix) == "N_TRIPLES" or suffix == ".nq":
        return False
    return not _bundled(path)


def _task(
    path: str, out: str, digest: bool, stream: bytes | None, graphs: bool
) -> bytes:  # pragma: no cover
    """In the child: parse ``path`` strictly, write N-Triples (N-Quads with ``graphs``)."""
    import json
    import signal

    import pyoxigraph as ox

    from csrgraph.graph import reading

    devnull = os.open(os.devnull, os.O_WRONLY)  # the native parser's last words: the parent
    os.dup2(devnull, 2)  # says what happened, in one line
    if os.environ.get(CRASH_VARIABLE) == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if stream is not None:  # a spawned child: the parent read stdin or the pipe
        reading._STREAMS[path] = stream
    fmt = ox.RdfFormat.N_QUADS if graphs else ox.RdfFormat.N_TRIPLES
    with open(out, "wb") as sink:
        loaded = streaming.stream_into(
            lambda quads: ox.serialize(quads, sink, fmt), path, digest=digest, graphs=graphs
        )
    record = {"bytes": loaded.bytes, "sha256": loaded.sha256, "prefixes": loaded.prefixes}
    return json.dumps(record).encode()


@contextmanager
def _streams_within(path: PathLike, deadline: float) -> Iterator[None]:
    """Read ``path`` now if it is stdin, a pipe or a FIFO, giving up at ``deadline``."""
    from csrgraph.graph import reading

    with ExitStack() as stack:
        try:
            stack.enter_context(reading.streams_read_here([path], deadline))
        except QueryTimeout as err:  # stdin or a FIFO that does not end in time
            raise InputError(str(err), file=display_name(path)) from None
        yield


@contextmanager
def _here(path: PathLike) -> Iterator[None]:
    """Parse ``path`` in this process, a stream read within the time bound."""
    if str(path) in _streams():  # already read (inside a child, or by a caller)
        yield
        return
    with _streams_within(path, parse_limits().end()):
        yield


def _streams() -> dict[str, bytes]:
    """Return the streams read ahead (see :func:`csrgraph.graph.reading.streams_read_here`)."""
    from csrgraph.graph import reading

    return reading._STREAMS


@contextmanager
def _in_child(
    path: PathLike, digest: bool, graphs: bool = False
) -> Iterator[tuple[Path, StreamedFile]]:
    """Parse ``path`` in a bounded child; yield its N-Triples file (removed after) and record."""
    import functools
    import json
    import tempfile

    from csrgraph.graph import reading
    from csrgraph.process import child

    name = display_name(path)
    bounds = parse_limits()
    deadline = bounds.end()
    expired = InputError(
        f"{name}: parsing stopped after the time limit of {bounds.seconds:g} s "
        f"(set {TIMEOUT_VARIABLE} to change it)",
        file=name,
    )

    def crashed(how: str) -> InputError:
        return InputError(
            f"{name}: the parser crashed or passed the memory limit of "
            f"{bounds.memory // 1024**2:,} MiB{how} (set {MEMORY_VARIABLE} to change it)",
            file=name,
        )

    handle, temporary = tempfile.mkstemp(prefix="csrgraph-parse-", suffix=".nt")
    os.close(handle)
    out = Path(temporary)
    try:
        with _streams_within(path, deadline):
            stream = None if hasattr(os, "fork") else reading._STREAMS.get(str(path))
            task = functools.partial(_task, str(path), str(out), digest, stream, graphs)
            answer = child.run(
                task,
                deadline=deadline,
                expired=expired,
                name=name,
                what="parser",
                memory=bounds.memory,
                crashed=crashed,
            )
        record = json.loads(answer)
        yield out, StreamedFile(name, record["bytes"], record["sha256"], record["prefixes"])
    finally:
        out.unlink(missing_ok=True)


def parse_file(path: PathLike) -> Parsed:
    """Read and strictly parse one RDF file, in a bounded child where it needs one.

    As :func:`csrgraph.graph.parsing.parse_file`, with the bounds of this module.

    >>> parse_file("missing.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.ttl: no such file
    """
    if not needs_child(path):
        with _here(path):
            return parsing.parse_file(path)
    import pyoxigraph as ox

    with _in_child(path, False) as (out, loaded):
        quads = list(ox.parse(path=out, format=ox.RdfFormat.N_TRIPLES))
    return Parsed(quads, loaded.prefixes)


def stream_file(store: pyoxigraph.Store, path: PathLike, *, digest: bool = False) -> StreamedFile:
    """Parse one RDF file strictly into ``store``, in a bounded child where it needs one.

    As :func:`csrgraph.graph.streaming.stream_file`, with the bounds of this module.

    >>> import pyoxigraph as ox
    >>> stream_file(ox.Store(), "missing.jsonld")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.jsonld: no such file
    """
    if not needs_child(path):
        with _here(path):
            return streaming.stream_file(store, path, digest=digest)
    import pyoxigraph as ox

    with _in_child(path, digest) as (out, loaded):
        store.bulk_load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
    return loaded


def load_path(store: pyoxigraph.Store, path: PathLike, *, small: bool = False) -> None:
    """Parse one RDF file strictly into ``store``, in a bounded child where it needs one.

    As :func:`csrgraph.graph.streaming.load_path`, with the bounds of this module.

    >>> import pyoxigraph as ox
    >>> load_path(ox.Store(), "missing.ttl")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.ttl: no such file
    """
    if not needs_child(path):
        with _here(path):
            streaming.load_path(store, path, small=small)
        return
    import pyoxigraph as ox

    with _in_child(path, False) as (out, _):
        load = store.load if small else store.bulk_load
        load(path=str(out), format=ox.RdfFormat.N_TRIPLES)


def stream_into(
    consume: Callable[[Iterator[pyoxigraph.Quad]], object],
    path: PathLike,
    *,
    graphs: bool = False,
) -> StreamedFile:
    """Parse one RDF file strictly, handing its quads to ``consume``, in a bounded child.

    As :func:`csrgraph.graph.streaming.stream_into`, with the bounds of this module;
    ``graphs`` allows named graphs and N-Quads and TriG files (``csrgraph diff``).

    >>> stream_into(list, "missing.trig", graphs=True)
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.trig: no such file
    """
    if not needs_child(path):
        with _here(path):
            return streaming.stream_into(consume, path, graphs=graphs)
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_QUADS if graphs else ox.RdfFormat.N_TRIPLES
    with _in_child(path, False, graphs) as (out, loaded):
        consume(ox.parse(path=out, format=fmt))
    return loaded
