"""How names and queries are compared: folded case, no accents, words; the ranking rule.

Both sides go through :func:`fold` (Unicode case folding, compatibility decomposition, combining
marks dropped, white space collapsed), so ``Kundendienstmitarbeiter`` matches ``KUNDENDIENST``
and ``Tätigkeit`` matches ``tatigkeit``; :func:`words` splits the folded text where SQLite's
``unicode61`` tokenizer does (at anything but letters and digits).

The ranking rule, in order: the match tier (:data:`TIERS`: the whole name equals the query, the
name starts with it, every word of the query starts a word of the name, the query is inside the
name, a near miss: a misspelt word stands for close words of the index's vocabulary), then how
the name is held (a preferred label or a code before another name), then the kind
(:data:`csrgraph.search.entries.KINDS`' order), then the shorter name, then the name and the IRI
(so the order is total and repeatable).
"""

from __future__ import annotations

import re
import unicodedata

#: The match tiers, best first.
TIERS = ("exact", "prefix", "word", "substring", "fuzzy")
#: How a name is held, best first (a code counts as a preferred label).
HOW_RANK = {"pref": 0, "code": 0, "alt": 1}
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Return ``text`` case-folded, without accents, its white space collapsed.

    >>> fold("  Kundendienst-MITARBEITER/in ")
    'kundendienst-mitarbeiter/in'
    >>> fold("Tätigkeit"), fold("Straße"), fold("Ｃａｆé")
    ('tatigkeit', 'strasse', 'cafe')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", bare).split())


def words(text: str) -> list[str]:
    """Return the words of a folded text (runs of letters and digits).

    >>> words("43-4051.00 customer service")
    ['43', '4051', '00', 'customer', 'service']
    """
    return _WORD.findall(text.replace("_", " "))


def fts_words(folded: str) -> str:
    """Return an FTS5 query: every word of ``folded`` as a quoted prefix, all required.

    >>> fts_words('customer "serv')
    '"customer"* AND "serv"*'
    """
    return " AND ".join(f'"{w}"*' for w in words(folded))


def fts_phrase(folded: str) -> str:
    """Return an FTS5 trigram query for ``folded`` as one substring (quotes doubled).

    >>> fts_phrase('a "b" c')
    '"a ""b"" c"'
    """
    return '"' + folded.replace('"', '""') + '"'
