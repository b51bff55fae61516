"""Look a text up in a search index: tier by tier, best first, one hit per resource."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from csrgraph.errors import QueryTimeout
from csrgraph.search.text import fts_phrase, fts_words, words

#: How alike (difflib's ratio, 0 to 1) a word of the vocabulary must be to stand for a typo.
FUZZY_THRESHOLD = 0.8
#: How many close words of the vocabulary stand in for one misspelt word.
FUZZY_WORDS = 3
#: How many words of the vocabulary (those sharing the most trigrams) a misspelt word is
#: compared with.
FUZZY_CANDIDATES = 300
#: How many names one tier ranks at most (in the folded names' order): a query of a letter or
#: two matches tens of thousands of names in a full import, and sorting them all costs more
#: than the 100 ms a search may take.
TIER_CANDIDATES = 2000
#: The longest one search may take, in seconds: a search takes milliseconds, so only a
#: damaged or planted index file comes near it (its SQL is stopped, not left to spin).
SEARCH_SECONDS = 10.0
_TOP = "\U0010ffff"  # above every character: folded + _TOP bounds the names starting with it

_SELECT = """
SELECT r.iri, e.label, e.lang, r.kind, r.scheme, r.scheme_label, e.how
FROM entry e JOIN resource r ON r.id = e.resource
WHERE {match} {filters}
ORDER BY e.how_rank, r.kind_rank, length(e.folded), e.label, r.iri
LIMIT ?
"""


@dataclass(frozen=True)
class Hit:
    """One resource found: the name that matched, and what the resource is.

    ``match`` is the tier (``exact``, ``prefix``, ``word``, ``substring``, ``fuzzy``) and
    ``field`` how the name is held (``pref`` a preferred label, ``alt`` another name,
    ``code`` a notation or code value); ``lang`` is ``""`` for a name without a language.
    """

    label: str
    lang: str
    kind: str
    scheme: str
    scheme_iri: str
    iri: str
    match: str
    field: str

    def to_dict(self) -> dict[str, str]:
        """Return the hit as a dict of strings (its fields in order).

        >>> Hit("a", "en", "task", "", "", "x:a", "exact", "pref").to_dict()["kind"]
        'task'
        """
        return asdict(self)


def _filters(lang: str | None, kinds: Sequence[str]) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if lang:
        clauses.append("AND (e.lang = ? OR e.lang LIKE ? OR e.lang = '')")
        params += [lang, f"{lang}-%"]
    if kinds:
        clauses.append(f"AND r.kind IN ({', '.join('?' for _ in kinds)})")
        params += list(kinds)
    return " ".join(clauses), params


def _tier_queries(folded: str) -> list[tuple[str, str, list[Any]]]:
    """Return (tier, match clause, its parameters) for every tier but the fuzzy one."""
    cap = TIER_CANDIDATES
    found = [
        ("exact", "e.folded = ?", [folded]),
        (
            "prefix",
            f"e.id IN (SELECT id FROM entry WHERE folded > ? AND folded < ? LIMIT {cap})",
            [folded, folded + _TOP],
        ),
    ]
    query = fts_words(folded)
    if query:
        found.append(
            ("word", f"e.id IN (SELECT rowid FROM words WHERE words MATCH ? LIMIT {cap})", [query])
        )
    if len(folded) >= 3:
        phrase = fts_phrase(folded)
        found.append(
            (
                "substring",
                f"e.id IN (SELECT rowid FROM grams WHERE grams MATCH ? LIMIT {cap})",
                [phrase],
            )
        )
    return found


def lookup(
    db: sqlite3.Connection,
    folded: str,
    lang: str | None = None,
    kinds: Sequence[str] = (),
    limit: int = 20,
    fuzzy: bool = True,
) -> list[Hit]:
    """Return up to ``limit`` hits for the folded query, ranked (see :mod:`csrgraph.search.text`).

    A later tier runs only while fewer than ``limit`` resources were found, and the fuzzy one
    only when no other found anything (a near miss is a guess at a typo, not more results):
    see :func:`_near_misses`. SQL that runs longer than :data:`SEARCH_SECONDS` is
    stopped.

    Raises:
        QueryTimeout: the search ran longer than :data:`SEARCH_SECONDS`.
        sqlite3.Error: the index file is damaged.

    """
    with _bounded(db, SEARCH_SECONDS):
        return _lookup(db, folded, lang, kinds, limit, fuzzy)


@contextmanager
def _bounded(db: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Stop the SQL run on ``db`` in the block after ``seconds``: raise QueryTimeout then.

    A timer thread interrupts the statement (``Connection.interrupt`` is safe from another
    thread). No Python code runs inside SQLite meanwhile, so a SIGTERM that arrives is not
    swallowed there: its handler runs as soon as the statement ends or is stopped.
    """
    timer = threading.Timer(seconds, db.interrupt)
    timer.daemon = True
    started = time.monotonic()
    timer.start()
    try:
        yield
    except sqlite3.OperationalError:
        if time.monotonic() - started >= seconds:
            raise QueryTimeout(
                f"the search took longer than {seconds:g} s and was stopped "
                "(is the search index damaged? delete it to have it built again)"
            ) from None
        raise
    finally:
        timer.cancel()


def _lookup(
    db: sqlite3.Connection,
    folded: str,
    lang: str | None,
    kinds: Sequence[str],
    limit: int,
    fuzzy: bool,
) -> list[Hit]:
    filters, params = _filters(lang, kinds)
    hits: dict[str, Hit] = {}
    fetch = limit * 5 + 20  # names, not resources: a resource may have several
    for tier, match, args in _tier_queries(folded):
        sql = _SELECT.format(match=match, filters=filters)
        for row in db.execute(sql, [*args, *params, fetch]):
            _add(hits, row, tier)
        if len(hits) >= limit:
            return list(hits.values())[:limit]
    if fuzzy and not hits and len(folded) >= 4:
        for row in _near_misses(db, folded, filters, params, fetch):
            _add(hits, row, "fuzzy")
    return list(hits.values())[:limit]


def _add(hits: dict[str, Hit], row: tuple[Any, ...], tier: str) -> None:
    iri, label, lang, kind, scheme_iri, scheme, how = row
    if iri not in hits:
        hits[iri] = Hit(label, lang, kind, scheme, scheme_iri, iri, tier, how)


def _near_misses(
    db: sqlite3.Connection, folded: str, filters: str, params: list[Any], fetch: int
) -> list[tuple[Any, ...]]:
    """Return the rows of names that hold, for each word of the query, that word or a close one.

    A word of the query that no name holds is replaced by the words of the index's vocabulary
    close to it (:func:`_close_words`); a word the vocabulary holds stays as it is, a prefix.
    """
    groups = []
    changed = False
    for word in words(folded):
        if db.execute("SELECT 1 FROM vocab WHERE word = ?", [word]).fetchone() or len(word) < 4:
            groups.append(f'"{word}"*')
            continue
        close = _close_words(db, word)
        if not close:
            return []
        changed = True
        groups.append("(" + " OR ".join(f'"{w}"' for w in close) + ")")
    if not changed:
        return []
    match = "e.id IN (SELECT rowid FROM words WHERE words MATCH ?) AND e.how != 'code'"
    sql = _SELECT.format(match=match, filters=filters)
    return db.execute(sql, [" AND ".join(groups), *params, fetch]).fetchall()


def _close_words(db: sqlite3.Connection, word: str) -> list[str]:
    """Return up to :data:`FUZZY_WORDS` words of the vocabulary close to a misspelt ``word``.

    The candidates are the :data:`FUZZY_CANDIDATES` words sharing the most trigrams with it;
    each is compared (difflib's ratio, at least :data:`FUZZY_THRESHOLD`) as a whole and, when
    it is longer, by its start as long as ``word`` (a misspelt start of a compound,
    ``kundendeinst`` for ``kundendienstmitarbeiter``); the closest win, shorter words first.
    """
    from difflib import SequenceMatcher

    grams = trigrams(word)
    if not grams:
        return []
    shared = " UNION ALL ".join(
        "SELECT rowid AS id FROM vocab_grams WHERE vocab_grams MATCH ?" for _ in grams
    )
    rows = db.execute(
        f"SELECT v.word FROM ({shared}) g JOIN vocab v ON v.id = g.id "
        "GROUP BY g.id ORDER BY count(*) DESC, v.length, v.word LIMIT ?",
        [*(fts_phrase(g) for g in grams), FUZZY_CANDIDATES],
    )
    scored = []
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(word)
    for (candidate,) in rows:
        best = 0.0
        for form in {candidate, candidate[: len(word)]}:
            matcher.set_seq1(form)
            if matcher.real_quick_ratio() >= FUZZY_THRESHOLD:
                best = max(best, matcher.ratio())
        if best >= FUZZY_THRESHOLD:
            scored.append((-best, len(candidate), candidate))
    return [candidate for _, _, candidate in sorted(scored)[:FUZZY_WORDS]]


def trigrams(word: str) -> list[str]:
    """Return the distinct trigrams of ``word``, in order.

    >>> trigrams("kunde")
    ['kun', 'und', 'nde']
    """
    return list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))
