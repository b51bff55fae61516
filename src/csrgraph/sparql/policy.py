"""The security boundary: a query must be read-only, local, and small enough for the engine.

:func:`check` reads the text the way Oxigraph 0.5 does (the token rules of
:mod:`csrgraph.sparql.lexer`) and blanks out what cannot hold a keyword: strings,
comments, IRIs, variable names, blank node labels and the local part of prefixed names.
What is left is the text the engine can read as keywords, and there it refuses

* ``SERVICE`` and ``FROM`` (so ``FROM NAMED``) unless ``allow_network``, found anywhere in
  a word, not only as a whole word: the engine matches a keyword as its letters without
  asking where the word ends, so ``SERVICE:``, ``1SERVICE`` and ``ASKFROM`` are keywords
  to it;
* updates (``INSERT``, ``LOAD``, ...): the engine is asked to run a query, which cannot
  hold one, but the message says why;
* whatever two readings could tell apart: a backslash outside a string or IRI (other
  engines decode ``\\u`` escapes before tokenising, Oxigraph does not), a control
  character outside a string or comment, ``BASE`` (it changes which ``<...>`` is an IRI),
  a ``<`` that may be an IRI or a comparison and whose text would read differently either
  way, a prefixed name whose IRI the engine would reject (it would then read the local
  part as more query text), and a ``\\u`` escape naming no character.

A ``\\u`` escape that engines read differently is refused: rdflib (pySHACL's engine) reads
``\\u`` or ``\\U`` with 8 hex digits where there are 8, the standard ``\\u`` with 4 and
``\\U`` with 8. A query holding escapes is then checked again as the standard and as rdflib
read it (escapes decoded first), so what pySHACL or a remote endpoint reads is checked too.

Size: a query longer than :data:`MAX_QUERY_CHARS`, nested deeper than :data:`MAX_DEPTH`
brackets, or with more than :data:`MAX_OPERATORS` operators or :data:`MAX_GROUPS` group
keywords is refused before the engine sees it (the native parser overflows its stack at a
few thousand). Every pattern is linear, so a check costs time linear in the text.

Defence in depth, not a reason to relax this check: the engine also runs with a fixed
dataset (so ``FROM`` cannot change it) and, where the OS allows, in a child process that
has no network (:mod:`csrgraph.sparql.sandbox`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from csrgraph.errors import QueryError, UsageError
from csrgraph.sparql import lexer
from csrgraph.sparql.form import UPDATE as _UPDATE
from csrgraph.sparql.form import query_form

#: The longest query accepted, in characters.
MAX_QUERY_CHARS = 256 * 1024
#: The deepest nesting of ``(``, ``{`` and ``[`` accepted (the engine crashes near 3,000).
MAX_DEPTH = 128
#: The most operator characters (``|| && ! + - * / = < > ^ ,``) in one query.
MAX_OPERATORS = 2_000
#: The most tokens (words, names, strings, IRIs, punctuation) in one query.
MAX_TOKENS = 20_000
#: The most ``UNION``/``MINUS``/``OPTIONAL``/``GRAPH``/``EXISTS``/``LATERAL`` in one query.
MAX_GROUPS = 1_000

_NETWORK = re.compile(r"SERVICE|FROM", re.IGNORECASE)
_FORM = re.compile(r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_GROUPS = re.compile(r"UNION|MINUS|OPTIONAL|GRAPH|EXISTS|LATERAL", re.IGNORECASE)
_BASE = re.compile(r"\bBASE\b", re.IGNORECASE)
_NAMED = re.compile(r"\s*+NAMED", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\\]")
#: The tokens after which a ``<`` cannot be a comparison: it opens an IRI.
_NOT_OPERAND = frozenset("(,{;.=!&|+-*/^<>[")
_OPERATORS = frozenset("|&!+-*/=<>^,")
_OPEN, _CLOSE = frozenset("({["), frozenset(")}]")


@dataclass(frozen=True)
class Analysis:
    """What the check found: the query form and prefix use."""

    form: str
    declared: dict[str, str]
    undeclared: dict[str, int]  # prefix -> offset of its first use


def check(
    text: str,
    *,
    allow_network: bool = False,
    name: str = "<query>",
    prefixes: Mapping[str, str] | None = None,
) -> Analysis:
    """Check a query and return its form and prefix use; see the module docstring.

    ``prefixes`` are the ones the engine is given besides the query's own declarations.

    Raises:
        UsageError: the query is too long or too deeply nested (exit code 2).
        QueryError: the query is an update, reaches out without permission, or cannot be
            read the same way by every reader.

    >>> check("SELECT * { ?s ?p ?o }").form
    'SELECT'
    >>> check("PREFIX SERVICE: <urn:x:> SELECT * { SERVICE: { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    csrgraph.errors.QueryError: <query>:1:8: SERVICE is refused: a query may not reach the network or other files (allow it with allow_network)

    """  # noqa: E501
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(
            f"{name}: the query is {len(text):,} characters long; "
            f"at most {MAX_QUERY_CHARS:,} are accepted"
        )
    if (offset := lexer.ambiguous_escape(text)) >= 0:
        where = lexer.position(text, offset)
        line, column = (int(part) for part in where.split(":"))
        raise QueryError(
            f"{name}:{where}: this \\u escape is read differently by different engines "
            "(write \\u with 4 hex digits, \\U with 8)",
            line=line,
            column=column,
        )
    analysis = _check_reading(text, allow_network, name, dict(prefixes or {}))
    if "\\" in text:
        # What engines that decode escapes first would see: the standard's reading, and
        # rdflib's (pySHACL's engine), which also decodes lone surrogates.
        readings = {lexer.unescape_codepoints(text), lexer.unescape_rdflib(text)} - {text}
        for reading in sorted(readings):
            _check_reading(reading, allow_network, name, dict(prefixes or {}))
    return analysis


def _check_reading(text: str, allow_network: bool, name: str, prefixes: dict[str, str]) -> Analysis:
    """Check one reading of the text (see :func:`check`)."""
    scan = _Scan(text, name, prefixes)
    scan.run()
    live = "".join(scan.parts)

    def refuse(offset: int, message: str, **fields: Any) -> QueryError:
        where = lexer.position(text, offset)
        line, column = (int(part) for part in where.split(":"))
        return QueryError(f"{name}:{where}: {message}", line=line, column=column, **fields)

    if (found := _CONTROL.search(live)) is not None:
        what = (
            "a backslash" if found.group() == "\\" else f"the control character {found.group()!r}"
        )
        raise refuse(
            found.start(),
            f"{what} outside a string or IRI is refused (engines read it differently)",
        )
    if (found := _UPDATE.search(live)) is not None:
        raise refuse(
            found.start(),
            f"{found.group().upper()} is refused: csrgraph query is read-only "
            "(updates are not run)",
        )
    if not allow_network and (found := _NETWORK.search(live)) is not None:
        what = found.group().upper()
        if what == "FROM" and _NAMED.match(live, found.end()):
            what = "FROM NAMED"
        raise refuse(
            found.start(),
            f"{what} is refused: a query may not reach the network or other files "
            "(allow it with {allow_network})",
            parameter="allow_network",
        )
    if (found := _BASE.search(live)) is not None:
        raise refuse(found.start(), "BASE is refused: write each IRI in full")
    if len(_GROUPS.findall(live)) > MAX_GROUPS:
        raise UsageError(f"{name}: the query has more than {MAX_GROUPS:,} nested patterns")
    if _FORM.search(live) is None:
        raise QueryError(f"{name}: not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    undeclared = {p: o for p, o in scan.used.items() if p not in scan.declared}
    return Analysis(query_form(text, name), scan.declared, undeclared)


class _Scan:
    """One pass over the text: blank what cannot hold a keyword, note prefixes and depth."""

    def __init__(self, text: str, name: str, prefixes: dict[str, str]) -> None:
        self.text, self.name, self.prefixes = text, name, prefixes
        self.parts: list[str] = []  # the text, hidden spans replaced by spaces
        self.declared: dict[str, str] = {}
        self.used: dict[str, int] = {}
        self.parens = 0  # open ``(``: a ``<`` may compare only inside one
        self.depth = 0
        self.operators = 0
        self.operand = False  # the last token can end an operand of a comparison
        self.pending_prefix: str | None = None  # after PREFIX name:, its IRI is next
        self.after_prefix_word = False
        self.tokens = 0
        # The next ``>`` and the next character no IRI holds, at or after where ``<`` was
        # last seen: both only move forward, so finding IRIs costs linear time in all.
        self.next_gt = -1
        self.next_bad = -1

    def fail(self, offset: int, message: str) -> QueryError:
        """Return the error for the text at ``offset``."""
        return QueryError(f"{self.name}:{lexer.position(self.text, offset)}: {message}")

    def keep(self, start: int, end: int) -> None:
        """Keep text the engine may read as keywords."""
        self.parts.append(self.text[start:end])

    def hide(self, start: int, end: int) -> None:
        """Blank text the engine cannot read as keywords (same length, offsets kept)."""
        self.parts.append(" " * (end - start))

    def run(self) -> None:
        """Scan the whole text."""
        text, pos, end = self.text, 0, len(self.text)
        while pos < end:
            char = text[pos]
            if char not in " \t\r\n":
                self.tokens += 1
                if self.tokens > MAX_TOKENS:
                    raise UsageError(f"{self.name}: the query has more than {MAX_TOKENS:,} tokens")
            if char in " \t\r\n":
                stop = lexer.SPACE.match(text, pos).end()  # type: ignore[union-attr]
                self.keep(pos, stop)
            elif char == "#":
                stop = lexer.COMMENT.match(text, pos).end()  # type: ignore[union-attr]
                self.hide(pos, stop)
            elif char in "\"'":
                stop = self.string(pos)
            elif char == "<":
                stop = self.iri(pos)
            elif char in "?$" and (match := lexer.VARIABLE.match(text, pos)):
                stop = self.exact("VARIABLE", pos, match.end())
                self.keep(pos, pos + 1)
                self.hide(pos + 1, stop)
                self.operand = True
            elif char == ":" or (char not in "-." and lexer.NAME_RUN.match(text, pos)):
                stop = self.name_or_pname(pos)
            else:
                stop = pos + 1
                self.keep(pos, stop)
                self.punctuation(char, pos)
            pos = stop

    def exact(self, rule: str, start: int, end: int) -> int:
        """Return ``end`` if the name from ``start`` is exactly the grammar's; else refuse.

        The fast patterns let any non-ASCII character into a name; the engine ends a name
        at one that is not a name character, and would read what follows as more query.
        """
        if self.text[start:end].isascii():
            return end
        match = lexer.exact(rule).match(self.text, start)
        if match is None or match.end() != end:
            raise self.fail(start, "a character that cannot stand in a name is refused")
        return end

    def punctuation(self, char: str, pos: int) -> None:
        """Track depth, operators and whether a comparison may follow."""
        if char in _OPEN:
            self.depth += 1
            self.parens += char == "("
            if self.depth > MAX_DEPTH:
                raise UsageError(
                    f"{self.name}:{lexer.position(self.text, pos)}: the query is nested "
                    f"deeper than {MAX_DEPTH} brackets"
                )
        elif char in _CLOSE:
            self.depth = max(0, self.depth - 1)
            if char == ")":
                self.parens = max(0, self.parens - 1)
        if char in _OPERATORS:
            self.operators += 1
            if self.operators > MAX_OPERATORS:
                raise UsageError(
                    f"{self.name}: the query has more than {MAX_OPERATORS:,} operators"
                )
        self.operand = char not in _NOT_OPERAND

    def string(self, pos: int) -> int:
        """Blank a string; refuse one the engine would not read as a string."""
        match = lexer.STRING.match(self.text, pos)
        if match is None or lexer.bad_codepoint(match.group()):
            raise self.fail(pos, "malformed SPARQL: a string is not closed or has a bad escape")
        self.hide(pos, match.end())
        self.operand = True
        return match.end()

    def iri(self, pos: int) -> int:
        """Decide whether ``<`` opens an IRI (blanked) or is an operator."""
        text = self.text
        if self.next_gt != len(text) and self.next_gt <= pos:
            found = text.find(">", pos)
            self.next_gt = len(text) if found < 0 else found
        if self.next_bad != len(text) and self.next_bad <= pos:
            bad = lexer.NOT_IRI.search(text, pos + 1)
            self.next_bad = len(text) if bad is None else bad.start()
        if self.next_gt == len(text) or self.next_bad < self.next_gt:
            self.keep(pos, pos + 1)  # a comparison, ``<<`` or a syntax error
            self.punctuation("<", pos)
            return pos + 1
        content = text[pos + 1 : self.next_gt]
        span_end = self.next_gt + 1
        valid = _is_iri(content)
        comparison = self.parens > 0 and self.operand
        suspicious = any(c in content for c in "#'()") or _NETWORK.search(content)
        if (valid and comparison and suspicious) or (
            not valid and ("#" in content or "'" in content)
        ):
            raise self.fail(
                pos,
                "cannot tell whether '<' opens an IRI or compares: put spaces around "
                "the comparison or write the IRI in full",
            )
        if not valid:
            self.keep(pos, pos + 1)
            self.punctuation("<", pos)
            return pos + 1
        if self.pending_prefix is not None:
            self.declared[self.pending_prefix] = lexer.unescape_codepoints(content)
        self.pending_prefix = None
        self.hide(pos, span_end)
        self.operand = True
        return span_end

    def name_or_pname(self, pos: int) -> int:
        """Keep a word or number; for a prefixed name, blank its local part."""
        text = self.text
        run = lexer.NAME_RUN.match(text, pos)
        colon = run.end() if run and char_ok(text, pos) else pos
        if colon >= len(text) or text[colon] != ":":
            word = text[pos:colon]
            self.keep(pos, colon)
            self.after_prefix_word = word.upper() == "PREFIX"
            self.pending_prefix = None
            self.operand = True
            return colon
        prefix = text[pos:colon]
        local = lexer.LOCAL.match(text, colon + 1)
        stop = self.exact("LOCAL", colon + 1, local.end()) if local else colon + 1
        if prefix.endswith("_") and (label := lexer.LABEL.match(text, colon + 1)):
            # also a blank node label: blank the shorter
            stop = min(stop, self.exact("LABEL", colon + 1, label.end()))
        self.keep(pos, colon + 1)
        self.hide(colon + 1, stop)
        local_text = text[colon + 1 : stop]
        if prefix == "_":  # a blank node label: no prefix is looked up
            self.after_prefix_word = False
            self.operand = True
            return stop
        if self.after_prefix_word and not local_text:
            self.pending_prefix = prefix
        else:
            self.pending_prefix = None
            self.used.setdefault(prefix, pos)
            self.check_local(prefix, local_text, pos)
        self.after_prefix_word = False
        self.operand = True
        return stop

    def check_local(self, prefix: str, local: str, pos: int) -> None:
        """Refuse a prefixed name the engine could not turn into an IRI.

        The engine would then read the prefix alone and the local part as more query text.
        It may read any known prefix that ends the written one (``SERVICEex:`` is the
        keyword and ``ex:``), so each is tried.
        """
        if not local:
            return
        known = {**self.prefixes, **self.declared}
        for candidate, namespace in known.items():
            if prefix.endswith(candidate) and not _is_iri(namespace + local.replace("\\", "")):
                raise self.fail(
                    pos, f"{prefix}:{local} is not an IRI (the engine would misread it)"
                )


def char_ok(text: str, pos: int) -> bool:
    """Tell whether a name run may start at ``pos`` (not on ``-`` or ``.``)."""
    return text[pos] not in "-."


def _is_iri(text: str) -> bool:
    r"""Tell whether the engine reads ``text`` (its ``\u`` escapes decoded) as an IRI."""
    import pyoxigraph as ox

    if "\\" in text:
        if re.search(r"\\(?![uU])", text) or lexer.bad_codepoint(text):
            return False
        text = lexer.unescape_codepoints(text)
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
