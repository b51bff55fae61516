"""The steps of a load: upload a file into a graph, check it, put it in place or take it back.

:func:`csrgraph.store.load.load` decides which path a load takes (see its module for why
each is safe); this module sends the requests of each path and cleans up after a failure.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError, StoreError, UsageError
from csrgraph.store.counting import distinct_values
from csrgraph.store.http import send
from csrgraph.store.layouts import Endpoints
from csrgraph.store.protocol import N_TRIPLES, count_with, update_with

if TYPE_CHECKING:
    import requests

_CHUNK = 1 << 20
#: Uploads of one load: a graph that holds too few triples is uploaded once more (Virtuoso
#: has been seen to keep a part on the first try and all on the second).
_UPLOADS = 2


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


def upload(
    made: requests.Session,
    path: Path,
    triples: int,
    endpoints: Endpoints,
    graph: str | None,
    *,
    temporary: bool,
    writing: float,
    timeout: float | None,
    progress: Callable[[int], None] | None,
) -> None:
    """Upload the file into ``graph`` and count it; upload once more if the store kept too few.

    Too few: fewer than ``triples`` (the distinct lines) and fewer than the triples with
    literals of one value counted once (:func:`~csrgraph.store.counting.distinct_values`,
    counted only when the store holds fewer than the lines: Oxigraph keeps ``"5"`` and
    ``"05"`` of ``xsd:integer`` as one triple).

    A ``temporary`` graph is replaced (PUT). Into the target, which was empty, the upload is a
    POST, which adds: a triple another client wrote meanwhile stays. Raises
    :class:`StoreError` (``may_have_written`` set once anything may be in the graph) when a
    request fails or the store still kept too few after :data:`_UPLOADS` uploads.
    """
    layout = endpoints.layout
    where = {"graph": graph} if graph is not None else {"default": ""}
    parameters = {**where, **(dict(layout.upload_parameters) if layout is not None else {})}
    kept, by_value = 0, None  # by_value: counted once, if the store kept fewer than sent
    for attempt in range(_UPLOADS):  # a store that kept too few gets a second upload
        try:
            send(
                made,
                "PUT" if temporary else "POST",
                endpoints.store,
                action="upload to a temporary graph" if temporary else "upload to the target",
                timeout=writing,
                safe=True,  # PUT replaces, POST adds to a set: repeating either is harmless
                params=parameters,
                headers={"Content-Type": N_TRIPLES},
                body=lambda: _ProgressReader(path, progress),
            )
        except StoreError as err:
            err.may_have_written = err.may_have_written or attempt > 0
            raise
        try:
            kept = count_with(made, endpoints.query, graph, timeout=timeout)
        except StoreError as err:
            err.may_have_written = True  # the upload before it went through
            raise
        if kept >= triples:
            return
        if by_value is None:  # the store may keep literals of one value ("5", "05") once
            by_value = distinct_values(path)
        if kept >= by_value:
            return
    into = "temporary graph" if temporary else "target graph"
    untouched = "; the target graph was not touched" if temporary else ""
    values = f" ({by_value} with literals of one value counted once)" if by_value != triples else ""
    raise StoreError(
        f"the store kept {kept} of the {triples} triples{values} sent to the {into}, after "
        f"{_UPLOADS} uploads{untouched}; see the store's log (disk space, memory, transaction "
        "size) and load again"
    )


def through_temporary(
    made: requests.Session,
    path: Path,
    triples: int,
    endpoints: Endpoints,
    graph: str | None,
    temporary: str,
    *,
    replace: bool,
    writing: float,
    timeout: float | None,
    progress: Callable[[int], None] | None,
) -> None:
    """Upload into ``temporary``, check it, swap it onto the target; drop it on a failure."""
    created = False  # may the temporary graph exist?
    try:
        try:
            upload(
                made, path, triples, endpoints, temporary,
                temporary=True, writing=writing, timeout=timeout, progress=progress,
            )  # fmt: skip
        except StoreError as err:
            # Nothing sent or refused: nothing created. Cut off, or a 5xx: maybe a part.
            created = err.may_have_written
            raise
        except BaseException:  # e.g. Ctrl-C during the upload
            created = True
            raise
        created = True
        update_with(
            made,
            endpoints.update,
            swap_update(temporary, graph, replace=replace),
            timeout=writing,
            action="swap the uploaded graph into the target",
        )
    except BaseException as err:
        if created:
            drop = f"DROP SILENT GRAPH <{temporary}>"
            if not drop_quietly(made, endpoints.update, drop, timeout=writing) and isinstance(
                err, StoreError
            ):
                raise type(err)(
                    f"{err.template}; the temporary graph <{temporary}> may be left in the "
                    f"store: remove it with {drop}",
                    **err.fields(),
                ) from err
        raise


def straight_in(
    made: requests.Session,
    path: Path,
    triples: int,
    endpoints: Endpoints,
    graph: str | None,
    *,
    writing: float,
    timeout: float | None,
    progress: Callable[[int], None] | None,
) -> None:
    """Upload into the empty target; on a failure empty it again, unless someone else wrote."""
    try:
        upload(
            made, path, triples, endpoints, graph,
            temporary=False, writing=writing, timeout=timeout, progress=progress,
        )  # fmt: skip
    except StoreError as err:
        if not err.may_have_written:
            raise  # nothing sent, or refused: the target is as empty as it was
        raise _empty_again(made, endpoints, graph, triples, err, writing) from err
    except BaseException as err:  # e.g. Ctrl-C during the upload
        _empty_again(made, endpoints, graph, triples, err, writing)
        raise


def _empty_again(
    made: requests.Session,
    endpoints: Endpoints,
    graph: str | None,
    sent: int,
    err: BaseException,
    writing: float,
) -> BaseException:
    """Drop the part of a failed upload into the (before: empty) target; return the error.

    The target is counted first: if it holds more triples than were sent, another client
    has written into it, and it is left alone (the message says so), since dropping it would
    take that client's triples with it.
    """
    name = "the default graph" if graph is None else f"the target graph <{graph}>"
    drop = "DROP SILENT DEFAULT" if graph is None else f"DROP SILENT GRAPH <{graph}>"
    try:
        held: int | None = count_with(made, endpoints.query, graph, timeout=writing)
    except (StoreError, InputError, UsageError):
        held = None
    if (
        held is not None
        and held <= sent
        and drop_quietly(made, endpoints.update, drop, timeout=writing)
    ):
        note = f"{name}, empty before this load, was emptied again"
    elif held is not None and held > sent:
        note = (
            f"{name}, empty before this load, now holds {held} triples, more than the {sent} "
            "sent: another client is writing into it, so it was left as it is"
        )
    else:
        note = (
            f"{name}, empty before this load, may hold a part of the upload: remove it with {drop}"
        )
    if not isinstance(err, StoreError):
        return err
    return type(err)(f"{err.template}; {note}", **err.fields())


def learn_the_scheme(
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


def drop_quietly(
    made: requests.Session, endpoint: str, drop: str, *, timeout: float | None
) -> bool:
    """Send ``drop`` (a DROP SILENT) after a failed load; return whether that worked.

    One try: the store has just failed, and the first error is the one to report.
    """
    try:
        send(
            made,
            "POST",
            endpoint,
            action="drop what a failed load left",
            timeout=timeout,
            safe=False,
            data={"update": drop},
        )
    except (StoreError, InputError, UsageError):
        return False
    return True
