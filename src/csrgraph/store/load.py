"""The safe load: put a graph into a store so that a failure never empties or half-writes it.

A load never writes into the target graph directly. It uploads into a fresh temporary graph
(Graph Store protocol), checks that the store kept every triple, and then moves that graph
onto the target with one SPARQL Update request (``MOVE`` to replace, ``ADD`` to append,
followed by ``DROP SILENT`` of the temporary graph, which cannot fail on a graph the store did
not "create"). If anything fails before the swap, the target is untouched and the temporary
graph is dropped (or, when the store is gone, named in the error message). What a store cannot
do safely (see :mod:`csrgraph.store.layouts`) is refused before anything is sent.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.arguments import as_paths, check_flag, check_iri, check_text, check_timeout
from csrgraph.errors import InputError, StoreError, UsageError
from csrgraph.store.http import DEFAULT_TIMEOUT, needs_probe, send, session
from csrgraph.store.layouts import Endpoints
from csrgraph.store.protocol import N_TRIPLES, count_with, update_with

if TYPE_CHECKING:
    import pyoxigraph
    import requests

#: A store answers an upload or the swap only when it has written everything, so without a
#: timeout from the caller those waits get this many extra seconds per triple.
SECONDS_PER_TRIPLE = 1 / 2000
_CHUNK = 1 << 20
#: Uploads of one load: a temporary graph that holds too few triples is uploaded once more
#: (Virtuoso has been seen to keep a part on the first try and all on the second).
_UPLOADS = 2


@dataclass(frozen=True)
class Prepared:
    """A graph serialised to N-Triples on disk, ready to upload."""

    path: Path
    triples: int


def prepare(sources: Sequence[str | Path] | str | Path, target: Path) -> Prepared:
    """Parse RDF files strictly and write them as one N-Triples file to ``target``.

    Files are read and checked like every other command reads them (:mod:`csrgraph.graph.reading`
    and :mod:`csrgraph.graph.parsing`: UTF-8, no XML entity declarations, format from the suffix or
    the first bytes) and parsed by pyoxigraph, streaming, with blank nodes renamed so that
    files cannot share one. The count is the number of distinct triples, which is what the
    store will hold. A ``str`` or path names one file.

    Raises:
        InputError: a file cannot be read, holds named graphs or is not valid RDF; the
            message names the file and, for a syntax error, the line and column.

    >>> import tempfile
    >>> from csrgraph.resources import graph_files
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepare(graph_files(), Path(tmp) / "g.nt").triples > 0
    True

    """
    import pyoxigraph

    from csrgraph.graph.parsing import guess_format, strict_parser, syntax_message
    from csrgraph.graph.reading import decode_utf8, display_name, read_bytes

    files = as_paths(sources, "sources")
    if not files:
        raise InputError("nothing to load: no data files")
    with target.open("wb") as out:
        for source in files:
            name = display_name(source)
            data = read_bytes(source)
            decode_utf8(data, name)
            parser = strict_parser(data, guess_format(source, data), name)
            try:
                pyoxigraph.serialize(parser, out, pyoxigraph.RdfFormat.N_TRIPLES)
            except SyntaxError as err:
                raise InputError(syntax_message(err, name)) from None
            except ValueError as err:  # a named graph in a TriG or N-Quads file
                raise InputError(f"{name}: {err}") from None
    return Prepared(path=target, triples=_distinct_lines(target))


def prepare_parsed(triples: Iterable[pyoxigraph.Quad], target: Path) -> Prepared:
    """Write triples parsed already (default-graph quads) as one N-Triples file to ``target``.

    For data that was parsed to be validated (:func:`csrgraph.graph.load.load_parsed`): what was
    validated is what is sent, and no file is parsed a second time.

    >>> import tempfile
    >>> from csrgraph.graph.load import load_parsed
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepare_parsed(load_parsed().quads, Path(tmp) / "g.nt").triples > 0
    True

    """
    import pyoxigraph

    with target.open("wb") as out:
        pyoxigraph.serialize(triples, out, pyoxigraph.RdfFormat.N_TRIPLES)
    return Prepared(path=target, triples=_distinct_lines(target))


def _distinct_lines(path: Path) -> int:
    """Count the distinct triples of an N-Triples file Oxigraph wrote.

    Oxigraph writes one canonical line per triple, so equal lines are equal triples.
    """
    with path.open("rb") as lines:
        return len({hash(line) for line in lines})


@dataclass(frozen=True)
class LoadResult:
    """What a load did: how many triples went out and how many the target holds now."""

    endpoints: Endpoints
    graph: str | None
    replace: bool
    sent: int
    stored: int


class _ProgressReader:
    """A file read by ``requests`` in blocks, reporting each block to a callback."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None) -> None:
        self._file = path.open("rb")
        self._progress = progress
        self.len = path.stat().st_size  # requests reads this for the Content-Length

    def read(self, size: int = -1) -> bytes:
        block = self._file.read(_CHUNK if size is None or size < 0 else size)
        if block and self._progress is not None:
            self._progress(len(block))
        return block

    def tell(self) -> int:
        """Return the read position (requests notes it to rewind for an auth retry)."""
        return self._file.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move the read position (requests rewinds the body to answer a Digest challenge)."""
        return self._file.seek(offset, whence)

    def __iter__(self) -> Iterator[bytes]:  # pragma: no cover - requests uses read()
        return iter(lambda: self.read(_CHUNK), b"")

    def close(self) -> None:
        self._file.close()


def temporary_graph() -> str:
    """Return a fresh IRI for the graph an upload goes into before the swap.

    >>> temporary_graph().startswith("urn:uuid:")
    True
    """
    return f"urn:uuid:{uuid.uuid4()}"


def refuse_unsafe(endpoints: Endpoints, graph: str | None) -> None:
    """Refuse, before anything is sent, a load the store cannot do safely (UsageError)."""
    layout = endpoints.layout
    if graph is None and layout is not None and layout.no_default_graph:
        raise UsageError(
            f"{{default_graph}} cannot be used with {layout.name}: " + layout.no_default_graph,
            parameter="default_graph",
            other="graph",
        )


def swap_update(temporary: str, graph: str | None, *, replace: bool) -> str:
    """Return the one SPARQL Update that puts the uploaded temporary graph in place.

    >>> swap_update("urn:t", "urn:g", replace=False)
    'ADD GRAPH <urn:t> TO GRAPH <urn:g> ;\\nDROP SILENT GRAPH <urn:t>'
    """
    target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
    if replace:
        return f"MOVE GRAPH <{temporary}> TO {target}"
    # DROP SILENT: Virtuoso refuses a plain DROP of a graph that PUT, not CREATE, made, and
    # would do so after the ADD was committed.
    return f"ADD GRAPH <{temporary}> TO {target} ;\nDROP SILENT GRAPH <{temporary}>"


def load(
    prepared: Prepared,
    endpoints: Endpoints,
    graph: str | None,
    *,
    replace: bool = True,
    timeout: float | None = None,
    progress: Callable[[int], None] | None = None,
    auth: str = "auto",
) -> LoadResult:
    """Load an N-Triples file into ``graph`` (an IRI; ``None``: the default graph) of a store.

    Steps: (1) PUT the file into a fresh temporary named graph with the Graph Store protocol,
    streamed; (2) count that graph and stop if the store kept fewer triples than were sent;
    (3) one SPARQL Update moves it onto the target (:func:`swap_update`); (4) count the
    target. Until step 3 the target is untouched; a failure drops the temporary graph.
    ``progress`` gets the number of bytes of each block sent. ``timeout`` bounds every wait;
    by default it is :data:`DEFAULT_TIMEOUT`, and for the upload and the swap that plus
    :data:`SECONDS_PER_TRIPLE` per triple. ``auth``: see :mod:`csrgraph.store.http`.

    Raises:
        UsageError: the store cannot do this load safely (e.g. Virtuoso's default graph), or
            ``graph`` is not an absolute IRI, ``timeout`` not a usable time limit, ``auth``
            not a mode.
        StoreError: the store cannot be reached, refuses or answers wrongly (the target is
            left as it was unless the failure came after the swap).

    """
    _check_arguments(prepared, endpoints, graph, timeout)
    replace = check_flag(replace, "replace")
    check_text(auth, "auth")
    refuse_unsafe(endpoints, graph)
    temporary = temporary_graph()
    swap = swap_update(temporary, graph, replace=replace)
    # The store answers the upload and the swap only once it has written every triple.
    writing = (
        timeout if timeout is not None else DEFAULT_TIMEOUT + prepared.triples * SECONDS_PER_TRIPLE
    )
    layout = endpoints.layout
    upload_parameters = dict(layout.upload_parameters) if layout is not None else {}
    with session(endpoints.store, auth, also=(endpoints.query, endpoints.update)) as made:
        created = swapped = False  # may the temporary graph exist? is it in place?
        try:
            if needs_probe(made):
                _learn_the_scheme(made, endpoints.store, temporary, timeout=timeout)
            kept = 0
            for attempt in range(_UPLOADS):  # a store that kept too few gets a second upload
                try:
                    send(
                        made,
                        "PUT",
                        endpoints.store,
                        action="upload to a temporary graph",
                        timeout=writing,
                        safe=True,  # PUT replaces the temporary graph: repeating it is harmless
                        params={"graph": temporary, **upload_parameters},
                        headers={"Content-Type": N_TRIPLES},
                        body=lambda: _ProgressReader(prepared.path, progress),
                    )
                except StoreError as err:
                    # Nothing sent or refused: nothing created. Cut off, or a 5xx: maybe a part.
                    created = created or err.may_have_written
                    raise
                except BaseException:  # e.g. Ctrl-C during the upload
                    created = True
                    raise
                created = True
                kept = count_with(made, endpoints.query, temporary, timeout=timeout)
                if kept >= prepared.triples:
                    break
                if attempt + 1 == _UPLOADS:
                    raise StoreError(
                        f"the store kept {kept} of the {prepared.triples} triples sent to the "
                        f"temporary graph, after {_UPLOADS} uploads; the target graph was not "
                        "touched; see the store's log (disk space, memory, transaction size) "
                        "and load again"
                    )
            update_with(
                made,
                endpoints.update,
                swap,
                timeout=writing,
                action="swap the uploaded graph into the target",
            )
            swapped = True
        except BaseException as err:
            if created and not swapped:
                left = not _drop_quietly(made, endpoints.update, temporary, timeout=writing)
                if left and isinstance(err, StoreError):
                    raise type(err)(
                        f"{err.template}; the temporary graph <{temporary}> may be left in the "
                        f"store: remove it with DROP SILENT GRAPH <{temporary}>",
                        **err.fields(),
                    ) from err
            raise
        stored = count_with(made, endpoints.query, graph, timeout=timeout)
    return LoadResult(
        endpoints=endpoints, graph=graph, replace=replace, sent=prepared.triples, stored=stored
    )


def _check_arguments(
    prepared: Prepared, endpoints: Endpoints, graph: str | None, timeout: float | None
) -> None:
    """Refuse, as the CLI does, what the caller handed in wrongly (UsageError)."""
    from csrgraph.store.layouts import check_url

    if not isinstance(prepared, Prepared):
        raise UsageError(
            f"{{prepared}} must come from prepare() or prepare_parsed(), got "
            f"{type(prepared).__name__}",
            parameter="prepared",
        )
    if not isinstance(endpoints, Endpoints):
        raise UsageError(
            f"{{endpoints}} must come from endpoints_for(), got {type(endpoints).__name__}",
            parameter="endpoints",
        )
    for url in (endpoints.store, endpoints.query, endpoints.update):
        check_url(url)
    if graph is not None:
        check_iri(graph)
    check_timeout(timeout)


def _learn_the_scheme(
    made: requests.Session, store: str, temporary: str, *, timeout: float | None
) -> None:
    """Ask for the (empty, fresh) temporary graph, so a challenge comes before the upload.

    The answer (404 on most stores) does not matter: a 401 with a challenge teaches the
    session its scheme, and a refusal shows again, with its message, on the upload.
    """
    # The upload itself reports what is wrong with the connection or the answer.
    with contextlib.suppress(StoreError, InputError, UsageError):
        send(
            made,
            "GET",
            store,
            action="ask for the authentication scheme",
            timeout=timeout,
            safe=False,
            params={"graph": temporary},
            max_answer=1 << 20,
        )


def _drop_quietly(
    made: requests.Session, endpoint: str, graph: str, *, timeout: float | None
) -> bool:
    """Drop the temporary graph after a failed load; return whether that worked.

    One try: the store has just failed, and the first error is the one to report.
    """
    try:
        send(
            made,
            "POST",
            endpoint,
            action="drop the temporary graph",
            timeout=timeout,
            safe=False,
            data={"update": f"DROP SILENT GRAPH <{graph}>"},
        )
    except (StoreError, InputError, UsageError):
        return False
    return True
