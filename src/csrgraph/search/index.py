"""The search index: the searchable names in SQLite FTS5 tables, in memory or in a file.

Tables: ``resource`` (IRI, kind, scheme and its label), ``entry`` (one name of a resource: its
text, language, how it is held, and the folded text, with a B-tree index on the folded text for
exact and prefix matches), ``vocab`` and ``vocab_grams`` (every word of the names, and its
trigrams, for near misses), ``words`` (FTS5, ``unicode61 remove_diacritics 2`` with prefix
indexes of 2 and 3 characters, for word prefixes) and ``grams`` (FTS5 ``trigram``, for
substrings); both FTS tables index the folded text, so accents and case are gone
before SQLite sees them. ``meta`` holds the format and the fingerprint of what the index was
built from.

A file is written all or nothing: built as a hidden temporary file beside its target and
renamed over it only when complete; a failure or a signal removes the temporary file.

A file is trusted only when its schema is exactly the one built here (:func:`schema_ok`):
anyone who can write the folder can plant a ``search.sqlite`` with the right format and
fingerprint, and a view or a changed table in it would otherwise run as the search's SQL.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from csrgraph._typing import PathLike
from csrgraph.errors import InputError
from csrgraph.search.entries import KINDS, Entry
from csrgraph.search.text import HOW_RANK, fold

#: The format of the index's tables; an index of another format is rebuilt.
FORMAT = "2"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE resource(
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, kind_rank INTEGER,
  scheme TEXT NOT NULL, scheme_label TEXT NOT NULL);
CREATE TABLE entry(
  id INTEGER PRIMARY KEY, resource INTEGER NOT NULL, label TEXT NOT NULL, lang TEXT NOT NULL,
  how TEXT NOT NULL, how_rank INTEGER NOT NULL, folded TEXT NOT NULL);
CREATE VIRTUAL TABLE words USING fts5(folded, content='entry', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TABLE vocab(id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, length INTEGER NOT NULL);
CREATE VIRTUAL TABLE vocab_grams USING fts5(word, content='vocab', content_rowid='id',
  tokenize='trigram');
CREATE VIRTUAL TABLE grams USING fts5(folded, content='entry', content_rowid='id',
  tokenize='trigram');
"""
_FINISH = """
INSERT INTO words(words) VALUES('rebuild');
INSERT INTO grams(grams) VALUES('rebuild');
CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, words, row);
INSERT INTO vocab(word, length) SELECT term, length(term) FROM temp.terms WHERE length(term) >= 3;
INSERT INTO vocab_grams(vocab_grams) VALUES('rebuild');
INSERT INTO words(words) VALUES('optimize');
INSERT INTO grams(grams) VALUES('optimize');
"""


def fill(db: sqlite3.Connection, entries: Iterable[Entry], fingerprint: str) -> None:
    """Create the tables in an empty database and fill them with ``entries``."""
    kinds = list(KINDS)
    db.executescript(_SCHEMA)
    ids: dict[str, int] = {}
    resources = []
    rows = []
    for entry in entries:
        rid = ids.get(entry.iri)
        if rid is None:
            rid = ids[entry.iri] = len(ids) + 1
            rank = kinds.index(entry.kind)
            resources.append((rid, entry.iri, entry.kind, rank, entry.scheme, entry.scheme_label))
        how = HOW_RANK.get(entry.how, 1)
        rows.append((rid, entry.label, entry.lang, entry.how, how, fold(entry.label)))
    with db:
        db.executemany("INSERT INTO resource VALUES (?, ?, ?, ?, ?, ?)", resources)
        db.executemany(
            "INSERT INTO entry(resource, label, lang, how, how_rank, folded) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("fingerprint", fingerprint)]
        )
    db.executescript(_INDEXES + _FINISH)


def in_memory(entries: Iterable[Entry]) -> sqlite3.Connection:
    """Return an in-memory index of ``entries`` (for the bundled graph and ``--data``)."""
    db = sqlite3.connect(":memory:")
    fill(db, entries, "")
    return db


_INDEXES = "CREATE INDEX entry_folded ON entry(folded);"
_SCHEMA_ROWS = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"


@functools.lru_cache(maxsize=1)
def _expected_schema() -> frozenset[tuple[str, str, str, str]]:
    """Return the rows of ``sqlite_master`` of an index built here (FTS5 shadow tables too)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_SCHEMA + _INDEXES)
        return frozenset(db.execute(_SCHEMA_ROWS).fetchall())
    finally:
        db.close()


def schema_ok(db: sqlite3.Connection) -> bool:
    """Return whether ``db`` has exactly the tables and indexes of an index, nothing else.

    Every table, FTS5 table and index must be there with the SQL it is built with here, and
    nothing may be added (no view, no trigger): the file is not ours otherwise.

    >>> db = sqlite3.connect(":memory:")
    >>> fill(db, [], "")
    >>> schema_ok(db)
    True
    >>> _ = db.execute("CREATE VIEW v AS SELECT 1")
    >>> schema_ok(db)
    False
    """
    try:
        found = frozenset(db.execute(_SCHEMA_ROWS).fetchall())
    except sqlite3.Error:
        return False
    return found == _expected_schema()


def fingerprint_of(db: sqlite3.Connection) -> str | None:
    """Return the fingerprint an index was built for, or None when it is not one of ours."""
    try:
        found = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return None
    if found.get("format") != FORMAT:
        return None
    value = found.get("fingerprint")
    return value if isinstance(value, str) else None


def open_file(path: PathLike) -> sqlite3.Connection | None:
    """Open an index file read-only; None when it is missing or not an index of this format."""
    if not os.path.isfile(path):
        return None
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        db.execute("PRAGMA trusted_schema = OFF")  # no SQL functions run from the schema
        ours = schema_ok(db) and fingerprint_of(db) is not None
    except sqlite3.Error:
        ours = False
    if not ours:
        db.close()
        return None
    return db


def write_file(path: PathLike, entries: Iterable[Entry], fingerprint: str) -> None:
    """Build the index file at ``path`` all or nothing (a temporary file renamed over it).

    Raises:
        InputError: the file cannot be written (a read-only folder, a full disk).

    """
    target = Path(path)
    made: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".search-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        made = Path(name)
        db = sqlite3.connect(made)
        try:
            fill(db, entries, fingerprint)
        finally:
            db.close()
        os.replace(made, target)
        made = None
    except (OSError, sqlite3.Error) as err:
        reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
        raise InputError(f"{path}: cannot write the search index ({reason})") from None
    finally:
        if made is not None:
            made.unlink(missing_ok=True)
