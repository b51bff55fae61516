"""An index folder on disk: its manifest, how csrgraph recognises it, and how a build replaces it.

An index folder holds the Oxigraph store (``oxigraph/``), the manifest (``csrgraph-index.json``)
and, once searched, the search index (``search.sqlite``, see :mod:`csrgraph.search`), nothing
else. The manifest records the format, the csrgraph version, the user's files and every file of
the store with its size and SHA-256. A folder counts as an index only when all of it checks out:
nothing else in it, the manifest readable and of this format, and the store holding exactly the
files the manifest lists, each a regular file of the listed size and digest (no links). Anything
else is not csrgraph's: a build refuses it with one ``Error:`` line, and it is never emptied,
renamed or deleted. A file named like the manifest is not enough.

A build (:func:`csrgraph.graph.index.build_index`) never replaces the folder itself (a
symbolic link to it stays a link, the folder keeps its owner and mode, ``--store-dir .``
works): it fills ``DIR/.building-xxxx`` and, only when that succeeded, moves the new store
and manifest in and the old ones out, with SIGINT, SIGTERM and SIGHUP held for those few
renames. On any failure, or a signal, the building folder is removed, and ``DIR`` itself
when the build created it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from csrgraph.errors import InputError, UsageError
from csrgraph.signals import signals_held

#: The manifest's file name inside an index folder.
MANIFEST = "csrgraph-index.json"
#: The Oxigraph store's folder inside an index folder.
STORE = "oxigraph"
#: The search index beside the store (csrgraph.search): a regular file, keyed on the manifest.
SEARCH = "search.sqlite"
#: The manifest format; a reader refuses any other (1 listed no store files).
FORMAT = 2
#: The largest manifest read (a real one is a few kilobytes).
MANIFEST_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class IndexedFile:
    """A file loaded into an index, or one of its store: its path, size in bytes and SHA-256.

    A loaded file also records the triples it brought that the index did not hold yet
    (``triples``) and when it was loaded (``added``, ISO 8601 in UTC); a store file has neither.
    """

    path: str
    bytes: int
    sha256: str
    triples: int | None = None
    added: str | None = None


@dataclass(frozen=True)
class IndexInfo:
    """What an index folder holds, as written in its manifest."""

    triples: int
    bundled_sha256: str
    csrgraph_version: str
    files: list[IndexedFile] = field(default_factory=list)
    format: int = FORMAT
    store: list[IndexedFile] = field(default_factory=list)

    def to_json(self) -> str:
        """Return the manifest text.

        >>> IndexInfo(3, "ab", "0.1.0").to_json().splitlines()[1]
        '  "triples": 3,'
        """
        raw = asdict(self)
        for key in ("files", "store"):  # a field a file does not have is left out
            raw[key] = [{k: v for k, v in item.items() if v is not None} for item in raw[key]]
        return json.dumps(raw, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> IndexInfo:
        """Read a manifest; raise ValueError/KeyError/TypeError when it is malformed.

        >>> IndexInfo.from_json(IndexInfo(3, "ab", "0.1.0").to_json()).triples
        3
        """
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise TypeError("not a JSON object")
        files = [IndexedFile(**item) for item in raw.pop("files")]
        store = [IndexedFile(**item) for item in raw.pop("store", [])]
        return cls(files=files, store=store, **raw)


def _digest(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def store_listing(folder: Path) -> list[IndexedFile]:
    """Return every file of the store in ``folder`` (``oxigraph/NAME``), with size and digest.

    Raises:
        ValueError: the store holds something that is not a regular file (a link, a folder).

    """
    listing = []
    for entry in sorted(os.scandir(folder / STORE), key=lambda e: e.name):
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{STORE}/{entry.name} is not a regular file")
        path = Path(entry.path)
        listing.append(IndexedFile(f"{STORE}/{entry.name}", info.st_size, _digest(path)))
    return listing


#: The name a build's or an add's working folder starts with, inside the index folder.
BUILDING = ".building-"


def _not_ours(name: str, why: str, adding: bool = False) -> UsageError:
    if adding:
        return UsageError(
            f"{name}: holds no index to add to (it is not empty and not a csrgraph index: "
            f"{why}); build one in a new or empty folder with: csrgraph index --data FILE "
            "--store-dir DIR"
        )
    return UsageError(
        f"{name}: is not empty and not a csrgraph index ({why}); "
        "choose a new or empty folder, or remove it yourself"
    )


def _verify(target: Path, entries: list[str], name: str, adding: bool = False) -> None:
    """Check that ``target`` holds an index exactly as its manifest describes it.

    A building folder left behind is named as what it is: it may belong to a build or an
    add still running, so it is never removed here.
    """
    leftovers = sorted(entry for entry in entries if entry.startswith(BUILDING))
    if leftovers:
        raise UsageError(
            "an index build or add was interrupted (or is running): "
            f"{os.path.join(name, leftovers[0])}; remove it if no csrgraph is running"
        )
    others = sorted(set(entries) - {MANIFEST, STORE, SEARCH})
    if others:
        raise _not_ours(name, f"it holds {others[0]!r}", adding)
    if SEARCH in entries and not stat.S_ISREG((target / SEARCH).lstat().st_mode):
        raise _not_ours(name, f"{SEARCH} is not a file", adding)
    if MANIFEST not in entries:
        raise _not_ours(name, f"it has no {MANIFEST}", adding)
    manifest = target / MANIFEST
    if not stat.S_ISREG(manifest.lstat().st_mode) or manifest.lstat().st_size > MANIFEST_LIMIT:
        raise _not_ours(name, f"{MANIFEST} is not a manifest", adding)
    try:
        info = IndexInfo.from_json(manifest.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _not_ours(name, f"{MANIFEST} is not a manifest", adding) from None
    if info.format != FORMAT or not info.store:
        raise _not_ours(
            name, f"its manifest is of format {info.format!r}, which lists no store files", adding
        )
    store = target / STORE
    if STORE not in entries or not stat.S_ISDIR(store.lstat().st_mode):
        raise _not_ours(name, f"{STORE}/ is missing or not a folder", adding)
    try:
        found = store_listing(target)
    except ValueError as err:
        raise _not_ours(name, str(err), adding) from None
    if sorted(found, key=lambda f: f.path) != sorted(info.store, key=lambda f: f.path):
        raise _not_ours(name, f"{STORE}/ differs from what its manifest lists", adding)


def inspect_target(target: Path, name: str, adding: bool = False) -> bool:
    """Check a build's target; return whether it holds an index (False: new or empty).

    A link must have been resolved by the caller (the target is what it points to);
    ``name`` is how messages call the folder; ``adding`` words the refusal of a folder that is
    not an index for an add (there is no index to add to) rather than for a build.

    Raises:
        UsageError: the target is a file, or a folder with anything but a verified index.
        InputError: the target cannot be read (permission denied).

    """
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return False
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    if not stat.S_ISDIR(mode):
        raise UsageError(f"{name}: exists and is not a folder")
    try:
        entries = os.listdir(target)
        if not entries:
            return False
        _verify(target, entries, name, adding)
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    return True


def make_building(folder: Path, made: list[Path]) -> Path:
    """Create the building folder inside ``folder``; record it in ``made`` (signals held)."""
    with signals_held():
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=folder))
        made.append(building)
    return building


def commit(building: Path, folder: Path) -> None:
    """Move the new store and manifest from ``building`` into ``folder``, the old ones out.

    Signals wait until the renames are done; a failed rename puts back what had moved.
    """
    old_store = building / ".old-store"
    with signals_held():
        had_store = os.path.lexists(folder / STORE)
        if had_store:
            os.rename(folder / STORE, old_store)
        try:
            os.rename(building / STORE, folder / STORE)
            try:
                os.replace(building / MANIFEST, folder / MANIFEST)
            except OSError:
                os.rename(folder / STORE, building / STORE)
                raise
        except OSError:
            if had_store:
                os.rename(old_store, folder / STORE)
            raise


def remove_building(building: Path) -> None:
    """Remove the building folder (csrgraph's own, with an old store already verified)."""
    with signals_held():
        shutil.rmtree(building, ignore_errors=True)
