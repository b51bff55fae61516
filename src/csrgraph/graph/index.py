"""A persistent on-disk Oxigraph store: parse big data once, query it many times.

``csrgraph query --data FILE`` parses every file on every call, which is right for a few
thousand triples and slow for millions. :func:`build_index` loads the bundled graph
(ontology and data, shapes excluded) plus the user's files once into an Oxigraph store on
disk; :func:`open_index` opens it read-only in milliseconds, and ``csrgraph query
--store-dir DIR`` runs the same queries on it, with the same answers as
``csrgraph query --data FILE...``.

The folder holds the store (``oxigraph/``) and a manifest (``csrgraph-index.json``: the
format, the csrgraph version, a digest of the bundled graph, the files and the triple
count). The user's files are loaded by the same streaming loader as ``csrgraph query --data``
(:func:`csrgraph.graph.parsing.stream_file`: UTF-8, no ``DOCTYPE``/``ENTITY`` in RDF/XML, no named
graphs, blank nodes kept apart per file), which also counts and hashes the bytes as they
pass, so each file is read once.

A build is all or nothing: it happens in a temporary folder next to the target, which
replaces the target only when the load succeeded. A folder that is neither empty nor a
csrgraph index is never overwritten. An index is a snapshot: after an upgrade of csrgraph
changed the bundled graph, opening it fails with a message that says how to rebuild it.

This module imports pyoxigraph only inside its functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import traceback
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph._typing import PathLike
from csrgraph.errors import InputError, UsageError

if TYPE_CHECKING:
    import pyoxigraph


#: The manifest's file name inside an index folder.
MANIFEST = "csrgraph-index.json"
#: The Oxigraph store's folder inside an index folder.
STORE = "oxigraph"
#: The manifest format; a reader refuses any other.
FORMAT = 1


@dataclass(frozen=True)
class IndexedFile:
    """A file loaded into an index: its path as given, size in bytes and SHA-256."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class IndexInfo:
    """What an index folder holds, as written in its manifest."""

    triples: int
    bundled_sha256: str
    csrgraph_version: str
    files: list[IndexedFile] = field(default_factory=list)
    format: int = FORMAT

    def to_json(self) -> str:
        """Return the manifest text.

        >>> IndexInfo(3, "ab", "0.1.0").to_json().splitlines()[1]
        '  "triples": 3,'
        """
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> IndexInfo:
        """Read a manifest; raise ValueError/KeyError/TypeError when it is malformed.

        >>> IndexInfo.from_json(IndexInfo(3, "ab", "0.1.0").to_json()).triples
        3
        """
        raw = json.loads(text)
        files = [IndexedFile(**item) for item in raw.pop("files")]
        return cls(files=files, **raw)


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


def _load_file(store: pyoxigraph.Store, path: PathLike) -> IndexedFile:
    """Stream one file into ``store`` with csrgraph's one strict loader; return its record."""
    from csrgraph.graph.parsing import stream_file

    loaded = stream_file(store, path, digest=True)
    return IndexedFile(loaded.name, loaded.bytes, loaded.sha256 or "")


def _check_target(target: Path) -> None:
    """Refuse a target that exists and is neither an empty folder nor a csrgraph index."""
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    if (target / MANIFEST).is_file() or not any(target.iterdir()):
        return
    raise UsageError(
        f"{target}: is not empty and not a csrgraph index; choose a new or empty folder"
    )


def build_index(data: Iterable[PathLike], store_dir: PathLike) -> IndexInfo:
    """Load the bundled graph plus ``data`` into an on-disk store at ``store_dir``.

    Replaces an index already there; the old one stays intact if the build fails.

    Args:
        data: the user's RDF files (Turtle, N-Triples, RDF/XML, JSON-LD; ``-`` is stdin).
        store_dir: the index folder (created; must be new, empty, or an index).

    Raises:
        InputError: a file is missing, unreadable, not UTF-8 or not valid RDF.
        UsageError: ``store_dir`` is a file, or a folder with other content.
        InputError: the store, the manifest or the folder cannot be written (a full disk).

    >>> import tempfile
    >>> info = build_index([], tempfile.mkdtemp() + "/index")
    >>> info.triples > 0, info.files
    (True, [])

    """
    import pyoxigraph as ox

    target = Path(store_dir)
    _check_target(target)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=parent))
    except OSError as err:
        raise InputError(f"{target}: cannot create ({err.strerror or err})") from None
    store: ox.Store | None = None
    try:
        store = ox.Store(str(building / STORE))
        for path in resources.graph_files():
            _load_file(store, path)
        files = [_load_file(store, path) for path in data]
        store.optimize()
        triples = len(store)
        del store  # release the database before the folder moves
        info = IndexInfo(triples, bundled_digest(), _version(), files)
        (building / MANIFEST).write_text(info.to_json(), encoding="utf-8")
        _swap(building, target)
    except BaseException as err:
        # Close the database before removing its folder, or its threads may still write into
        # it: drop our reference and those held by the frames of the traceback.
        traceback.clear_frames(err.__traceback__)
        store = None  # noqa: F841
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(err, OSError):  # e.g. a full disk, in the store, the manifest or the swap
            reason = err.strerror or str(err) or type(err).__name__
            raise InputError(f"{target}: cannot build the index ({reason})") from None
        raise
    return info


def _swap(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``, removing what was there only afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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
