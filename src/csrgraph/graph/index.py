"""A persistent on-disk Oxigraph store: parse big data once, query it many times.

``csrgraph query --data FILE`` parses every file on every call, which is right for a few
thousand triples and slow for millions. :func:`build_index` loads the bundled graph (ontology
and data, shapes excluded) plus the user's files once into an Oxigraph store on disk;
:func:`open_index` opens it read-only in milliseconds, and ``csrgraph query --store-dir DIR``
runs the same queries on it, with the same answers as ``csrgraph query --data FILE...``.

The folder holds the store (``oxigraph/``) and a manifest (``csrgraph-index.json``: the format,
the csrgraph version, a digest of the bundled graph, the files, the triple count and every file
of the store with its size and digest; see :mod:`csrgraph.graph.index_folder`). The user's files
are loaded by the same streaming loader as ``csrgraph query --data``
(:func:`csrgraph.graph.streaming.stream_file`: UTF-8, no ``DOCTYPE``/``ENTITY`` in RDF/XML, no
named graphs, blank nodes kept apart per file), which also counts and hashes the bytes as they
pass, so each file is read once.

A build is all or nothing: it happens in a temporary folder inside the target, whose store and
manifest replace the old ones only when the load succeeded. Files are added to an existing
index, without re-parsing what it holds, by :mod:`csrgraph.graph.index_add`, in the same way;
the manifest records each user file with its size, SHA-256, the triples it added and when.
A search index beside the store (``search.sqlite``) is tied to the manifest's SHA-256, so
after either it is rebuilt on the next search (:mod:`csrgraph.search`). A folder
that is neither empty nor an index csrgraph can verify is never emptied, overwritten or
deleted. An index is a snapshot: after an upgrade of csrgraph changed the bundled graph,
opening it fails with a message that says how to rebuild it.

This module imports pyoxigraph only inside its functions.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph._typing import PathLike
from csrgraph.arguments import as_paths
from csrgraph.errors import InputError
from csrgraph.graph.index_folder import (
    FORMAT,
    MANIFEST,
    STORE,
    IndexedFile,
    IndexInfo,
    commit,
    inspect_target,
    make_building,
    remove_building,
    store_listing,
)

if TYPE_CHECKING:
    import pyoxigraph


def bundled_digest() -> str:
    """Return the SHA-256 of the bundled graph's files (names and bytes, in order).

    >>> len(bundled_digest())
    64
    """
    digest = hashlib.sha256()
    for path in resources.graph_files():
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _version() -> str:
    """Return the installed csrgraph version."""
    from csrgraph._version import version as package_version

    return package_version()


#: What a build or an add reports as it goes: a short line (the file being loaded, ...).
Progress = Callable[[str], None]


def _now() -> str:
    """Return the time now, ISO 8601 in UTC to the second."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _load_file(store: pyoxigraph.Store, path: PathLike, *, ours: bool = False) -> IndexedFile:
    """Stream one file into ``store`` with csrgraph's one strict loader; return its record.

    A user's file is parsed in a bounded child (:mod:`csrgraph.graph.isolated`), a bundled
    one (``ours``) here.
    """
    from csrgraph.graph import isolated, streaming

    stream = streaming.stream_file if ours else isolated.stream_file
    loaded = stream(store, path, digest=True)
    return IndexedFile(loaded.name, loaded.bytes, loaded.sha256 or "")


def load_files(
    store: pyoxigraph.Store,
    data: list[PathLike],
    triples: int,
    progress: Progress | None = None,
) -> tuple[list[IndexedFile], int]:
    """Load the user's ``data`` into ``store``, which holds ``triples``; return records and count.

    Each record says how many triples its file added (the store counted once per file: on a
    store of millions a count takes seconds) and when; ``progress`` hears which file loads.
    """
    files = []
    for number, path in enumerate(data, 1):
        if progress is not None:
            progress(f"loading {path} (file {number} of {len(data)})")
        loaded = _load_file(store, path)
        if progress is not None:
            progress(f"counting the triples of {path}")
        now = len(store)
        files.append(IndexedFile(loaded.path, loaded.bytes, loaded.sha256, now - triples, _now()))
        triples = now
    return files, triples


def build_index(
    data: Iterable[PathLike], store_dir: PathLike, progress: Progress | None = None
) -> IndexInfo:
    """Load the bundled graph plus ``data`` into an on-disk store at ``store_dir``.

    Replaces an index already there; the old one stays intact if the build fails. A
    symbolic link is followed (its target is filled, the link stays); a folder that is
    neither new, empty nor an index this csrgraph can verify (see
    :mod:`csrgraph.graph.index_folder`) is refused and left as it was. A failure or a
    signal (SIGINT, SIGTERM, SIGHUP) leaves no temporary folder behind.

    Args:
        data: the user's RDF files (Turtle, N-Triples, RDF/XML, JSON-LD; ``-`` is stdin).
        store_dir: the index folder (created; must be new, empty, or an index).
        progress: called with a short line at each step (a file begun, the compaction).

    Raises:
        InputError: a file is missing, unreadable, not UTF-8 or not valid RDF.
        UsageError: ``store_dir`` is a file, or a folder with other content.
        InputError: the store, the manifest or the folder cannot be written (a full disk),
            or the folder cannot be read (permission denied).

    >>> import tempfile
    >>> info = build_index([], tempfile.mkdtemp() + "/index")
    >>> info.triples > 0, info.files
    (True, [])

    """
    data = as_paths(data)  # a str is one file
    import pyoxigraph as ox

    from csrgraph.writing import output_folder

    target = Path(os.path.realpath(store_dir))  # a link is followed, never replaced
    inspect_target(target, str(store_dir))
    made: list[Path] = []
    store: ox.Store | None = None
    try:
        with output_folder(target) as folder:  # removed again on failure if created here
            try:
                building = make_building(folder, made)
                store = ox.Store(str(building / STORE))
                if progress is not None:
                    progress("loading the bundled graph")
                for path in resources.graph_files():
                    _load_file(store, path, ours=True)
                files, triples = load_files(store, data, len(store), progress)
                if progress is not None:
                    progress("compacting the store")
                store.optimize()
                del store  # release the database before the folder moves
                listing = store_listing(building)
                info = IndexInfo(triples, bundled_digest(), _version(), files, store=listing)
                (building / MANIFEST).write_text(info.to_json(), encoding="utf-8")
                _swap(building, folder)
            except BaseException as err:
                # Close the database before removing its folder, or its threads may still
                # write into it: drop our reference and those held by the traceback's frames.
                traceback.clear_frames(err.__traceback__)
                store = None  # noqa: F841
                raise
            finally:
                for leftover in made:
                    remove_building(leftover)
    except OSError as err:  # e.g. a full disk, in the store, the manifest or the swap
        reason = err.strerror or str(err) or type(err).__name__
        raise InputError(f"{store_dir}: cannot build the index ({reason})") from None
    return info


def _swap(building: Path, folder: Path) -> None:
    """Move the new store and manifest into ``folder``, the old ones out (all or nothing)."""
    commit(building, folder)


def read_index(store_dir: PathLike) -> IndexInfo:
    """Return the manifest of an index folder.

    Raises:
        InputError: the folder is missing, not an index, or its manifest is unreadable.

    >>> read_index("no/such/folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: no/such/folder: no such folder ...

    """
    folder = Path(store_dir)
    hint = f"(build one with: csrgraph index --data FILE --store-dir {store_dir})"
    if not folder.is_dir():
        raise InputError(f"{store_dir}: no such folder {hint}")
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise InputError(f"{store_dir}: not a csrgraph index, it has no {MANIFEST} {hint}")
    try:
        info = IndexInfo.from_json(manifest.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"{manifest}: cannot read ({err.strerror or err})") from None
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"{manifest}: not a csrgraph index manifest ({err}) {hint}") from None
    if info.format != FORMAT:
        raise InputError(
            f"{store_dir}: index format {info.format} is not {FORMAT}; rebuild it {hint}"
        )
    return info


def check_index(store_dir: PathLike) -> IndexInfo:
    """Return the manifest of an index built from the installed bundled graph.

    Raises:
        InputError: no index there, a damaged one, or one built from another bundled graph.

    >>> check_index("no/such/folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: no/such/folder: no such folder ...

    """
    info = read_index(store_dir)
    if info.bundled_sha256 != bundled_digest():
        raise InputError(
            f"{store_dir}: built by csrgraph {info.csrgraph_version} from another version of "
            "the bundled graph; rebuild it with csrgraph index --data FILE... "
            f"--store-dir {store_dir}"
        )
    return info


def open_index(store_dir: PathLike) -> pyoxigraph.Store:
    """Open an index read-only, after checking it matches the installed bundled graph.

    Raises:
        InputError: no index there, a damaged one, or one built from another bundled graph.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp() + "/index"
    >>> _ = build_index([], folder)
    >>> len(open_index(folder)) == read_index(folder).triples
    True

    """
    import pyoxigraph as ox

    check_index(store_dir)
    try:
        return ox.Store.read_only(str(Path(store_dir) / STORE))
    except OSError as err:
        raise InputError(f"{store_dir}: the store cannot be opened ({err})") from None
