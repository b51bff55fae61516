"""A query's form, read from its tokens: nothing is parsed by an engine or evaluated.

The form decides how an answer is asked for and read (SPARQL results or a graph), and an
update word where the form should be is refused: queries are read-only.
"""

from __future__ import annotations

import re

from csrgraph.errors import QueryError
from csrgraph.sparql import lexer

#: The words that start a SPARQL update.
UPDATE = re.compile(
    r"\b(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)


def query_form(text: str, name: str = "<query>") -> str:
    """Return the query's form: the first word after its prologue, read from tokens only.

    Nothing is parsed by an engine or evaluated, so a heavy query costs no more than its
    length. A ``PREFIX ASK: <...>`` declaration is prologue, not the form.

    Raises:
        QueryError: an update (read-only), or no query form after the prologue.

    >>> query_form("PREFIX ASK: <urn:x:> SELECT * { ?s ASK:p ?o }")
    'SELECT'
    >>> query_form("DESCRIBE <urn:x>")
    'DESCRIBE'

    """
    tokens = lexer.tokenize(text)
    index = 0
    while index < len(tokens) and tokens[index].text.upper() in ("PREFIX", "BASE"):
        index += 3 if tokens[index].text.upper() == "PREFIX" else 2
    word = tokens[index].text.upper() if index < len(tokens) else ""
    if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return word
    if UPDATE.fullmatch(word):
        raise QueryError(f"{name}: this is a SPARQL update, and queries are read-only")
    raise QueryError(f"{name}: not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
