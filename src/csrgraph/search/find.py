"""Look a text up in a search index: tier by tier, best first, one hit per resource."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from csrgraph.search.text import fts_phrase, fts_words, similarity, trigrams

#: The least :func:`csrgraph.search.text.similarity` of a near miss (a fuzzy hit).
FUZZY_THRESHOLD = 0.8
#: How many trigram candidates a near-miss lookup scores.
FUZZY_CANDIDATES = 400
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
    found = [
        ("exact", "e.folded = ?", [folded]),
        ("prefix", "e.folded > ? AND e.folded < ?", [folded, folded + _TOP]),
    ]
    query = fts_words(folded)
    if query:
        found.append(("word", "e.id IN (SELECT rowid FROM words WHERE words MATCH ?)", [query]))
    if len(folded) >= 3:
        phrase = fts_phrase(folded)
        found.append(
            ("substring", "e.id IN (SELECT rowid FROM grams WHERE grams MATCH ?)", [phrase])
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

    A later tier runs only while fewer than ``limit`` resources were found; the fuzzy one
    scores the names sharing the most trigrams with the query and keeps those at least
    :data:`FUZZY_THRESHOLD` alike.
    """
    filters, params = _filters(lang, kinds)
    hits: dict[str, Hit] = {}
    fetch = limit * 5 + 20  # names, not resources: a resource may have several
    for tier, match, args in _tier_queries(folded):
        sql = _SELECT.format(match=match, filters=filters)
        for row in db.execute(sql, [*args, *params, fetch]):
            _add(hits, row, tier)
        if len(hits) >= limit:
            return list(hits.values())[:limit]
    if fuzzy and len(folded) >= 4:
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
    """Return the rows of names that share trigrams with ``folded`` and are close to it."""
    grams = trigrams(folded)
    if not grams:
        return []
    query = " OR ".join(fts_phrase(g) for g in grams)
    candidates = db.execute(
        "SELECT rowid FROM grams WHERE grams MATCH ? ORDER BY rank LIMIT ?",
        [query, FUZZY_CANDIDATES],
    ).fetchall()
    if not candidates:
        return []
    ids = ",".join(str(int(c[0])) for c in candidates)
    match = f"e.id IN ({ids}) AND e.how != 'code'"  # a code is right or wrong, never near
    sql = _SELECT.format(match=match, filters=filters).replace(
        "SELECT r.iri", "SELECT e.folded, r.iri"
    )
    scored = []
    for folded_name, *row in db.execute(sql, [*params, FUZZY_CANDIDATES]):
        score = similarity(folded, folded_name)
        if score >= FUZZY_THRESHOLD:
            scored.append((-round(score, 3), tuple(row)))
    scored.sort(key=lambda item: item[0])  # stable: the SQL order within a score
    return [row for _, row in scored[:fetch]]
