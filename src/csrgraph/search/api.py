"""``search``: find occupations, skills, tasks, concepts and codes by name or code.

Where the names come from: the bundled graph plus ``data`` files (read into an in-memory index
on each call; the bundled graph alone is read once per process), or an index folder
(``store_dir``, built by ``csrgraph index``), whose search index lives beside the store in
``DIR/search.sqlite``. That file records the fingerprint (SHA-256) of the index's manifest it was
built from; a missing or stale one (the index was rebuilt) is built again on the next search,
or ahead of time by :func:`build_search_index` (for instance right after an index build).
A file whose schema is not exactly an index's, or that SQLite finds damaged, is treated as
stale and built again too (see :func:`csrgraph.search.index.schema_ok`).
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from csrgraph._typing import PathLike
from csrgraph.arguments import as_paths, check_path, check_text
from csrgraph.errors import InputError, UsageError
from csrgraph.graph.index_folder import SEARCH as SEARCH_FILE
from csrgraph.search import index
from csrgraph.search.entries import KINDS, read_entries
from csrgraph.search.find import Hit, lookup
from csrgraph.search.text import fold, words

#: The most hits one search returns.
MAX_LIMIT = 10_000


def fingerprint(store_dir: PathLike) -> str:
    """Return the SHA-256 of an index folder's manifest: what its search index is keyed on.

    Raises:
        InputError: no index there, a damaged one, or one built from another bundled graph.

    """
    from csrgraph.graph.index import check_index
    from csrgraph.graph.index_folder import MANIFEST

    check_index(store_dir)
    return hashlib.sha256((Path(store_dir) / MANIFEST).read_bytes()).hexdigest()


def build_search_index(store_dir: PathLike, path: PathLike | None = None) -> Path:
    """Build the search index of an index folder (all or nothing); return its path.

    Args:
        store_dir: an index folder (``csrgraph index --store-dir DIR``).
        path: where to write it; default ``DIR/search.sqlite``, where :func:`search` looks.

    Raises:
        InputError: no index there, a stale or damaged one, or the file cannot be written.

    >>> import tempfile
    >>> from csrgraph.graph.index import build_index
    >>> folder = tempfile.mkdtemp() + "/index"
    >>> _ = build_index([], folder)
    >>> build_search_index(folder).name
    'search.sqlite'

    """
    check_path(store_dir, "store_dir")
    key = fingerprint(store_dir)
    target = Path(path) if path is not None else Path(store_dir) / SEARCH_FILE
    index.write_file(target, read_entries(store_dir=store_dir), key)
    return target


def search_index_ready(store_dir: PathLike, path: PathLike | None = None) -> bool:
    """Tell whether an index folder's search index is built and current (no build needed).

    A folder that is no index counts as ready: the search itself says what is wrong.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     search_index_ready(folder)
    True
    """
    try:
        key = fingerprint(store_dir)
    except (InputError, UsageError, OSError):
        return True
    target = Path(path) if path is not None else Path(store_dir) / SEARCH_FILE
    db = index.open_file(target)
    if db is None:
        return False
    try:
        return index.fingerprint_of(db) == key
    finally:
        db.close()


@functools.lru_cache(maxsize=1)
def _bundled() -> sqlite3.Connection:
    return index.in_memory(read_entries())


def _open(store_dir: PathLike, path: PathLike | None, rebuild: bool = False) -> sqlite3.Connection:
    key = fingerprint(store_dir)
    target = Path(path) if path is not None else Path(store_dir) / SEARCH_FILE
    db = None if rebuild else index.open_file(target)
    if db is not None and index.fingerprint_of(db) == key:
        return db
    if db is not None:
        db.close()
    build_search_index(store_dir, target)
    db = index.open_file(target)
    if db is None:  # pragma: no cover - just written
        raise UsageError(f"{target}: the search index cannot be opened")
    return db


def _lookup_file(
    store_dir: PathLike,
    path: PathLike | None,
    folded: str,
    lang: str | None,
    kinds: Sequence[str],
    limit: int,
) -> list[Hit]:
    """Look up in an index folder's search index; a damaged one is built again, once."""
    for attempt in range(2):
        db = _open(store_dir, path, rebuild=attempt > 0)
        try:
            return lookup(db, folded, lang, kinds, limit)
        except sqlite3.Error as err:
            if attempt:
                raise InputError(
                    f"{path or Path(store_dir) / SEARCH_FILE}: the search index cannot be "
                    f"read ({err})"
                ) from None
        finally:
            db.close()
    raise AssertionError("unreachable")  # pragma: no cover


def _check_kinds(kinds: str | Iterable[str] | None) -> list[str]:
    if kinds is None:
        return []
    chosen = [kinds] if isinstance(kinds, str) else list(kinds)
    for kind in chosen:
        if kind not in KINDS:
            raise UsageError(
                f"{{kind}} {kind!r} is not one of {', '.join(KINDS)}", parameter="kind", value=kind
            )
    return chosen


def search(
    text: str,
    data: Iterable[PathLike] = (),
    store_dir: PathLike | None = None,
    lang: str | None = None,
    kind: str | Sequence[str] | None = None,
    limit: int = 20,
    index_file: PathLike | None = None,
) -> list[Hit]:
    """Find resources by label, other name or code, ranked best first.

    Case and accents do not matter (``kundendienst`` finds ``Kundendienstmitarbeiter/in``).
    Ranked by tier (exact, prefix, word, substring, a near miss), then preferred labels and
    codes before other names, then by kind (occupation, skill, task, code, concept), then the
    shorter name (see :mod:`csrgraph.search.text`); one hit per resource, for its best name.

    Args:
        text: what to look for: words, the start of a name, a code (``43-4051``, ``4222``).
        data: RDF files added to the bundled graph (searched through an in-memory index).
        store_dir: an index folder to search instead (``csrgraph index``); its search index
            (``DIR/search.sqlite``) is built on the first search and after a rebuild.
        lang: only names in this language (and names without one, such as codes); None: all.
        kind: only these kinds: ``occupation``, ``skill``, ``task``, ``code``, ``concept``.
        limit: the most hits returned (1 to 10,000).
        index_file: with ``store_dir``, the search index file to use instead of
            ``DIR/search.sqlite`` (for an index folder you cannot write to).

    Raises:
        UsageError: an empty text, an unknown kind, a bad limit, or ``store_dir`` with ``data``.
        InputError: a data file or the index cannot be read, or its search index written.
        QueryTimeout: the search ran longer than its time limit (a damaged search index).

    >>> [(h.label, h.kind, h.match) for h in search("Kundendienstmitarbeiter", limit=1)]
    [('Kundendienstmitarbeiter/in', 'occupation', 'prefix')]
    >>> search("43-4051.00", kind="code")[0].scheme
    'O*NET-SOC 2019'

    """
    check_text(text, "text")
    folded = fold(text)
    if not words(folded):
        raise UsageError("the search text has no letters or digits: nothing to search for")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise UsageError(
            f"{{limit}} {limit!r} is not a whole number from 1 to {MAX_LIMIT}", parameter="limit"
        )
    if lang is not None:
        from csrgraph.sparql.params import check_language

        lang = check_language(lang, "lang").lower()
    kinds = _check_kinds(kind)
    files = as_paths(data)
    if store_dir is not None:
        check_path(store_dir, "store_dir")
        if files:
            raise UsageError(
                "{store_dir} cannot be used with {data} (index your files with: "
                "csrgraph index --data FILE... --store-dir DIR)",
                parameter="store_dir",
                other="data",
            )
        return _lookup_file(store_dir, index_file, folded, lang, kinds, limit)
    if index_file is not None:
        raise UsageError(
            "{index_file} needs {store_dir}", parameter="index_file", other="store_dir"
        )
    if not files:
        return lookup(_bundled(), folded, lang, kinds, limit)
    db = index.in_memory(read_entries(files))
    try:
        return lookup(db, folded, lang, kinds, limit)
    finally:
        db.close()
