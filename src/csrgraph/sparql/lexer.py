"""SPARQL's token rules as Oxigraph 0.5 reads them, each a linear pattern.

Every pattern here mirrors one rule of the grammar Oxigraph 0.5 parses queries with
(``lib/spargebra/src/parser.rs``): the same character classes, comments that end at ``\\r``
or ``\\n``, ``\\u`` escapes decoded only inside strings and IRIs (never before tokenising),
a prefixed name's local part with a single run of dots. Patterns use possessive
quantifiers and disjoint alternatives, so none backtracks: each costs time linear in what
it reads. :func:`tokenize` (for the binding of parameters) and :mod:`csrgraph.sparql.policy`
(the security check) both read text through them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_U = "_" + _BASE
_CHARS = "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040" + _U
_HEX = "[0-9A-Fa-f]"
_PLX = rf"%{_HEX}{_HEX}|\\[_~.\-!$&'()*+,;=/?#@%]"

#: ``WS`` and comments (``#`` up to ``\r`` or ``\n``).
SPACE = re.compile(r"[ \t\r\n]++")
COMMENT = re.compile(r"#[^\r\n]*+")
_ESCAPES = rf"\\[tbnrf\"'\\]|\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
#: The four string forms, with ECHAR/UCHAR escapes (a short string holds no line break).
STRING = re.compile(
    rf'"""(?:(?:""|")?+(?:[^"\\]|{_ESCAPES}))*+"""'
    rf"|'''(?:(?:''|')?+(?:[^'\\]|{_ESCAPES}))*+'''"
    rf'|"(?:[^"\\\n\r]|{_ESCAPES})*+"'
    rf"|'(?:[^'\\\n\r]|{_ESCAPES})*+'"
)
#: Oxigraph's IRIREF: anything up to the next ``>`` (the engine then checks it is an IRI).
IRI_SPAN = re.compile(r"<[^>]*+>")
#: Characters no IRI may hold written as they are (escapes aside).
NOT_IRI = re.compile(r"[\x00-\x20<\"{}|^`]")
#: An IRI holding none of them; it stops at the next ``<``, so scans never overlap.
PLAIN_IRI = re.compile(r"<[^\x00-\x20<>\"{}|^`]*+>")
#: Any character beyond ASCII. The grammar's Unicode classes cost tens of milliseconds to
#: compile, so the patterns below let every non-ASCII character through where a name may
#: hold one, and :func:`exact` checks a name that holds one against the grammar's classes.
_WIDE = r"[^\x00-\x7f]"
_PLX_OR_WIDE = rf"{_PLX}|{_WIDE}"
VARIABLE = re.compile(rf"[?$](?:[0-9_A-Za-z]|{_WIDE})(?:[0-9_A-Za-z]|{_WIDE})*+")
#: ``PN_LOCAL``: note the single optional run of dots followed by name characters.
LOCAL = re.compile(
    rf"(?:[_A-Za-z:0-9]|{_PLX_OR_WIDE})(?:[\-0-9_A-Za-z:]|{_PLX_OR_WIDE})*+"
    rf"(?:\.++(?:[\-0-9_A-Za-z:]|{_PLX_OR_WIDE})++)?+"
)
#: ``BLANK_NODE_LABEL`` after ``_:``.
LABEL = re.compile(
    rf"(?:[0-9_A-Za-z]|{_WIDE})(?:[\-0-9_A-Za-z]|{_WIDE})*+"
    rf"(?:\.++(?:[\-0-9_A-Za-z]|{_WIDE})++)*+"
)
#: A run of characters a name or a number is made of (prefix, keyword, number).
NAME_RUN = re.compile(rf"(?:[\-0-9_A-Za-z.]|{_WIDE})++")
_WORD_RUN = re.compile(rf"(?:[\-0-9_A-Za-z]|{_WIDE})++")
#: The same three rules with the grammar's own Unicode classes (see :func:`exact`).
_EXACT = {
    "VARIABLE": rf"[?$][0-9{_U}][0-9\u00b7\u0300-\u036f\u203f-\u2040{_U}]*+",
    "LOCAL": rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*+(?:\.++(?:[{_CHARS}:]|{_PLX})++)?+",
    "LABEL": rf"[0-9{_U}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+",
}


@cache
def exact(rule: str) -> re.Pattern[str]:
    """Return the rule (``VARIABLE``, ``LOCAL``, ``LABEL``) with the grammar's exact classes.

    >>> exact("LOCAL").match("a\u00d7b").end()  # U+00D7 is not a name character
    1
    """
    return re.compile(_EXACT[rule])


_CODEPOINT = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})")


class Token(NamedTuple):
    """A lexical token: its kind (``word``, ``var``, ``iri``, ...), text and offset."""

    kind: str
    text: str
    start: int


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX``/``\UXXXXXXXX`` escapes everywhere (the standard's reading).

    Oxigraph does not do this before parsing; other engines do, so the policy checks a
    query that holds escapes in both readings.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group(0)
        return chr(code)

    return _CODEPOINT.sub(replace, text)


#: rdflib's reading (pySHACL's engine): ``\\u`` or ``\\U`` in either case, then 8 hex
#: digits if there are, else 4, decoded over the whole text before it is parsed.
_RDFLIB_CODEPOINT = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)


def unescape_rdflib(text: str) -> str:
    r"""Apply the ``\u`` escapes the way rdflib does before it parses a query.

    An escape naming no character is left as written (rdflib refuses the query).

    >>> unescape_rdflib(r"\u00000022 \U0041")
    '" A'
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _RDFLIB_CODEPOINT.sub(replace, text)


def ambiguous_escape(text: str) -> int:
    r"""Return the offset of the first escape rdflib and the standard read differently, or -1.

    The standard reads ``\u`` with 4 hex digits and ``\U`` with 8; rdflib reads either
    letter with 8 digits where there are 8, else 4 (``\u00000022`` is ``"`` to it, NUL and
    ``0022`` to the standard; ``\U0041`` is ``A`` to it and no escape to the standard).

    >>> ambiguous_escape(r"\u0041\u00000022"), ambiguous_escape(r"\u0041 \U0001F600")
    (6, -1)
    """
    for match in _RDFLIB_CODEPOINT.finditer(text):
        standard = _CODEPOINT.match(text, match.start())
        if standard is None or standard.end() != match.end():
            return match.start()
    return -1


def bad_codepoint(text: str) -> bool:
    r"""Tell whether a ``\u``/``\U`` escape in ``text`` names no character (the engine fails).

    >>> bad_codepoint(r"\uD800"), bad_codepoint(r"\u0041")
    (True, False)
    """
    for match in _CODEPOINT.finditer(text):
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return True
    return False


def _iri_span(text: str, start: int) -> int:
    """Return the end of an IRI written at ``start`` as a tokenizer for binding reads it."""
    match = PLAIN_IRI.match(text, start)
    return -1 if match is None else match.end()


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens, whitespace and comments dropped (linear time).

    Used to bind parameters; the security check reads the text itself
    (:func:`csrgraph.sparql.policy.check`). Each caller gets a list of its own.

    >>> [t.kind for t in tokenize('SELECT ?s { ?s ex:p "x # y" } # c')]
    ['word', 'var', 'lbrace', 'var', 'pname', 'string', 'rbrace']
    """
    return list(_tokens(text))


@lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[Token, ...]:
    """Tokenise ``text`` (cached: the tokens are immutable)."""
    tokens: list[Token] = []
    pos, end = 0, len(text)
    plain = -1  # up to here the current run of name characters holds no prefixed name
    while pos < end:
        char = text[pos]
        match: re.Match[str] | None
        if char in " \t\r\n":
            pos = SPACE.match(text, pos).end()  # type: ignore[union-attr]
            continue
        if char == "#":
            pos = COMMENT.match(text, pos).end()  # type: ignore[union-attr]
            continue
        kind, stop = "other", pos + 1
        if char in "\"'" and (match := STRING.match(text, pos)):
            kind, stop = "string", match.end()
        elif char == "<" and (iri_end := _iri_span(text, pos)) > 0:
            kind, stop = "iri", iri_end
        elif char in "?$" and (match := VARIABLE.match(text, pos)):
            kind, stop = "var", match.end()
        elif char == "_" and text.startswith("_:", pos):
            match = LABEL.match(text, pos + 2)
            kind, stop = "bnode", match.end() if match else pos + 2
        elif pos < plain and char not in "-.":
            stop = _WORD_RUN.match(text, pos).end()  # type: ignore[union-attr]
            kind = "word" if char.isalpha() else "other"
        elif char == ":" or (char not in "-." and NAME_RUN.match(text, pos)):
            kind, stop, plain = _name(text, pos)
        elif char == "{":
            kind = "lbrace"
        elif char == "}":
            kind = "rbrace"
        tokens.append(Token(kind, text[pos:stop], pos))
        pos = stop
    return tuple(tokens)


def _name(text: str, pos: int) -> tuple[str, int, int]:
    """Read a word, a number or a prefixed name at ``pos``.

    Returns its kind, its end, and how far the run of name characters goes when it holds
    no prefixed name (else -1), so the words after it are read without scanning it again.
    """
    run = NAME_RUN.match(text, pos)
    stop = run.end() if run else pos
    while stop > pos and text[stop - 1] == ".":  # a name or number does not end with a dot
        stop -= 1
    if stop < len(text) and text[stop] == ":" and not text[pos].isdigit():
        local = LOCAL.match(text, stop + 1)
        return "pname", local.end() if local else stop + 1, -1
    plain = stop
    word = text[pos:stop]
    if not word[:1].isdigit() and "." in word:  # ``true.FILTER``: a word ends at a dot
        stop = pos + word.index(".")
        word = text[pos:stop]
    return ("word" if word[:1].isalpha() else "other"), max(stop, pos + 1), plain


def variable_names(text: str) -> list[str]:
    """Return the text of every variable token, in order, exactly as :func:`tokenize` finds them.

    >>> variable_names('SELECT ?s { ?s <urn:x?y> "?no" ; $p ?_o } # ?c')
    ['?s', '?s', '$p', '?_o']
    """
    return [token.text for token in _tokens(text) if token.kind == "var"]


def position(text: str, offset: int) -> str:
    """Return ``line:column`` (1-based) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"
