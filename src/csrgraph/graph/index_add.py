"""Add files to an index without re-parsing what it holds (``csrgraph index --add FILE``).

:func:`add_to_index` takes an index built by :func:`csrgraph.graph.index.build_index`, makes
a copy of its store in the index's building folder (an Oxigraph backup: on the same file
system the store's immutable files are hard links, so the copy costs almost nothing whatever
the size), loads the new files into the copy with the build's own strict loader, and then
swaps the copy and a new manifest in exactly as a build does. The store in place is only ever
opened read-only, so a failure or a signal at any point leaves the index as it was, file for
file. The manifest lists the added files after the old ones, each with its size, SHA-256,
the triples it added and the time it was added.

The copy is not compacted (``Store.optimize``): the new files' data stays in the sorted
tables of their own that the bulk loader wrote, where the store reads them with the rest,
and a compaction would rewrite the whole store (15 s of the 27 s an add of the 39k-triple
crosswalk took on the 2.5M-triple full index; a rebuild compacts everything again).

A file whose SHA-256 is already listed (the same bytes under any name) is refused with one
``Error:`` line before anything is loaded, and so is the same file given twice.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from pathlib import Path

from csrgraph.arguments import as_paths
from csrgraph.errors import InputError
from csrgraph.graph.index import Progress, _version, check_index, load_files
from csrgraph.graph.index_folder import (
    MANIFEST,
    STORE,
    IndexedFile,
    IndexInfo,
    _digest,
    commit,
    inspect_target,
    make_building,
    remove_building,
    store_listing,
)
from csrgraph.graph.reading import PathLike, display_name, is_regular


def _refuse_known(data: list[PathLike], known: dict[str, str], store_dir: PathLike) -> None:
    """Refuse a file whose bytes the index holds already, or one given twice."""
    seen = dict(known)
    for path in data:
        if not is_regular(path):  # stdin or a pipe: checked by its digest after the load
            continue
        try:
            digest = _digest(Path(path))
        except OSError:
            continue  # the loader says why, in its own words
        name = display_name(path)
        if digest in seen:
            raise InputError(
                f"{name}: already in the index {store_dir} (as {seen[digest]}, the same "
                "SHA-256); nothing was added",
                file=name,
            )
        seen[digest] = name


def _check_loaded(files: list[IndexedFile], known: dict[str, str], store_dir: PathLike) -> None:
    """Refuse, after loading, a stream whose bytes were in the index (nothing is kept)."""
    seen = dict(known)
    for record in files:
        if record.sha256 in seen:
            raise InputError(
                f"{record.path}: already in the index {store_dir} (as {seen[record.sha256]}, "
                "the same SHA-256); nothing was added",
                file=record.path,
            )
        seen[record.sha256] = record.path


def add_to_index(
    data: Iterable[PathLike], store_dir: PathLike, progress: Progress | None = None
) -> IndexInfo:
    """Load ``data`` into the index at ``store_dir``, keeping what it holds; return the manifest.

    All or nothing: the new files go into a copy of the store, which replaces the old one
    only when every file loaded. The index must match the installed bundled graph.

    Args:
        data: the RDF files to add (Turtle, N-Triples, RDF/XML, JSON-LD; ``-`` is stdin).
        store_dir: an index folder built by ``csrgraph index``.
        progress: called with a short line at each step.

    Raises:
        InputError: no index there (or one of another bundled graph); a file is missing,
            unreadable or not valid RDF, or already in the index; the files add no triples;
            the store cannot be written.
        UsageError: ``store_dir`` is not a folder csrgraph can verify as an index.

    >>> import tempfile
    >>> from csrgraph.graph.index import build_index
    >>> folder = tempfile.mkdtemp() + "/index"
    >>> add_to_index([], folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: ...: holds no index to add to; build one with: csrgraph index ...
    >>> before = build_index([], folder).triples
    >>> add_to_index([], folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: ...: the files add no triples the index does not hold ...

    """
    data = as_paths(data)
    import pyoxigraph as ox

    target = Path(os.path.realpath(store_dir))
    if not inspect_target(target, str(store_dir), adding=True):
        raise InputError(
            f"{store_dir}: holds no index to add to; build one with: csrgraph index "
            f"--data FILE --store-dir {store_dir}"
        )
    info = check_index(target)
    known = {f.sha256: f.path for f in info.files}
    _refuse_known(data, known, store_dir)
    made: list[Path] = []
    store: ox.Store | None = None
    try:
        try:
            building = make_building(target, made)
            if progress is not None:
                progress("copying the store (hard links)")
            ox.Store.read_only(str(target / STORE)).backup(str(building / STORE))
            store = ox.Store(str(building / STORE))
            added, triples = load_files(store, data, info.triples, progress)
            _check_loaded(added, known, store_dir)
            if triples == info.triples:  # an empty file, or only triples the index holds
                names = ", ".join(record.path for record in added) or "no files given"
                raise InputError(
                    f"{store_dir}: the files add no triples the index does not hold "
                    f"({names}); nothing was added",
                    file=added[0].path if added else None,
                )
            del store  # not compacted (see the module); released before the folder moves
            if progress is not None:
                progress("writing the manifest")
            listing = store_listing(building)
            new = IndexInfo(
                triples, info.bundled_sha256, _version(), [*info.files, *added], store=listing
            )
            (building / MANIFEST).write_text(new.to_json(), encoding="utf-8")
            commit(building, target)
        except BaseException as err:
            traceback.clear_frames(err.__traceback__)  # close the copy before removing it
            store = None  # noqa: F841
            raise
        finally:
            for leftover in made:
                remove_building(leftover)
    except OSError as err:  # a full disk, in the copy, the manifest or the swap
        reason = err.strerror or str(err) or type(err).__name__
        raise InputError(f"{store_dir}: cannot add to the index ({reason})") from None
    return new
