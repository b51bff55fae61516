"""The safe load: put a graph into a store so that a failure never empties or half-writes it.

A load first asks (one ASK, which stops at the first triple) whether the target graph holds
anything, and takes one of two paths:

* **The target holds triples.** They must survive any failure, so the load never writes into
  the target directly: it uploads into a fresh temporary graph (Graph Store protocol PUT),
  checks that the store kept every triple, and then moves that graph onto the target with one
  SPARQL Update (``MOVE`` to replace, ``ADD`` to append, followed by ``DROP SILENT`` of the
  temporary graph, which cannot fail on a graph the store did not "create"). If anything fails
  before the swap, the target is untouched and the temporary graph is dropped (or, when the
  store is gone, named in the error message). Appending straight into such a target is not
  done: a failed upload would leave a part in it, and that part cannot be taken out again
  without the risk of deleting triples that were there before (a triple already present is
  not told apart from the same triple sent again).
* **The target is empty (or absent).** There is nothing to protect, and the swap would copy
  every triple a second time (on Oxigraph and Virtuoso the ``MOVE`` costs as much as the
  upload), so the file goes straight into the target, with a Graph Store POST, and is
  counted. Replace and append mean the same on an empty graph. On a failure the target is
  emptied again (``DROP SILENT``), which restores the state before the load exactly.

Why the direct path loses nothing that was there: the ASK said the graph was empty, and the
upload is a POST, which adds and never replaces, so a triple another client writes into the
same graph between the ASK and the upload stays (a replace through a temporary graph would
have replaced it). The only step that removes anything is the clean-up after a failure, and
before it the target is counted: if it holds more triples than were sent, another client
has written into it, and it is left as it is (the message says so and names the ``DROP`` to
run once that is sorted out); when the count fails, nothing is dropped either and the
message names the ``DROP`` for the part the upload may have left. What the count cannot
tell apart is a few triples of another client from a part of the upload, when a client
writes into a graph while a first load into that same graph fails: the Graph Store protocol
has no lock, and two clients writing one graph at once race on either path (the later
replace wins). A false "holds triples" (e.g. a store whose default graph is the union of its
named graphs) only sends a load through the temporary graph, the slower, always safe path.
If the store itself dies during the upload, nothing can be dropped: the error line names the
``DROP`` for the part it may have kept in the (before: empty) target, as the other path
names its temporary graph; Oxigraph's bulk loader (``no_transaction``) writes as it reads,
so after a restart that part is there until it is dropped.

What a store cannot do safely (see :mod:`csrgraph.store.layouts`) is refused before anything
is sent. The requests of each path are in :mod:`csrgraph.store.steps`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.arguments import as_paths, check_flag, check_iri, check_text, check_timeout
from csrgraph.errors import InputError, UsageError
from csrgraph.store.counting import distinct_lines
from csrgraph.store.http import DEFAULT_TIMEOUT, needs_probe, session
from csrgraph.store.layouts import Endpoints
from csrgraph.store.protocol import count_with, holds_triples
from csrgraph.store.steps import learn_the_scheme, straight_in, through_temporary

if TYPE_CHECKING:
    import pyoxigraph

#: A store answers an upload or the swap only when it has written everything, so without a
#: timeout from the caller those waits get this many extra seconds per triple.
SECONDS_PER_TRIPLE = 1 / 2000


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
    files cannot share one. The count is the number of distinct triples, term by term, which
    is what a store holds unless it keeps typed literals by value (then it may hold fewer:
    :mod:`csrgraph.store.counting`). A ``str`` or path names one file.

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
    return Prepared(path=target, triples=distinct_lines(target))


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
    return Prepared(path=target, triples=distinct_lines(target))


@dataclass(frozen=True)
class LoadResult:
    """What a load did: how many triples went out and how many the target holds now."""

    endpoints: Endpoints
    graph: str | None
    replace: bool
    sent: int
    stored: int


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

    Steps: (1) ask whether the target holds any triple; (2) upload the file, streamed, with
    the Graph Store protocol: into the target itself when it is empty (POST, which adds and
    never replaces), else into a fresh temporary named graph (PUT); (3) count what the store
    kept and upload once more if it is short (short of the triples sent, counted with
    literals of one value once, as Oxigraph keeps them: :mod:`csrgraph.store.counting`);
    (4) for a temporary graph, one SPARQL Update moves it onto the target
    (:func:`swap_update`); (5) count the target. A failure before
    the data is in place leaves the target as it was (see the module docstring).
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
    # The store answers the upload and the swap only once it has written every triple.
    writing = (
        timeout if timeout is not None else DEFAULT_TIMEOUT + prepared.triples * SECONDS_PER_TRIPLE
    )
    with session(endpoints.store, auth, also=(endpoints.query, endpoints.update)) as made:
        if needs_probe(made):
            learn_the_scheme(made, endpoints.store, temporary, timeout=timeout)
        if holds_triples(made, endpoints.query, graph, timeout=timeout):
            through_temporary(
                made, prepared.path, prepared.triples, endpoints, graph, temporary,
                replace=replace, writing=writing, timeout=timeout, progress=progress,
            )  # fmt: skip
        else:
            straight_in(
                made, prepared.path, prepared.triples, endpoints, graph,
                writing=writing, timeout=timeout, progress=progress,
            )  # fmt: skip
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
