"""Refuse RDF nested deeper than a bound before a native parser sees the bytes.

pyoxigraph's JSON-LD parser needs memory quadratic in the nesting depth and overflows its
stack past a few thousand levels (a 136 KB file of 4,000 nested objects kills the process
with SIGSEGV); its RDF/XML parser takes time that grows faster than the square of the
depth (40,000 nested elements: 46 s), and its Turtle parser holds about 500 bytes per level
of nested collections or ``[ ]`` lists (2 MB of ``(((...)))``: 960 MB). No real graph
nests anywhere near that deep, so a cheap linear scan counts the nesting first and refuses
a file deeper than :func:`max_nesting` levels with one :class:`~csrgraph.errors.InputError`
line naming the file and the line where the bound was passed.

The scan strips what cannot nest (strings, IRIs, comments; in XML comments, CDATA and
processing instructions) with regular expressions, then adds up the brackets (JSON ``{ [``,
Turtle ``( [``, XML start and end tags) in C, so it costs a fraction of the parse.
N-Triples cannot nest and is not scanned. The bound is :data:`MAX_NESTING` levels, raised
with the environment variable ``CSRGRAPH_MAX_NESTING`` (at most :data:`NESTING_CEILING`).

This module imports neither rdflib nor pyoxigraph.
"""

from __future__ import annotations

import os
import re
from itertools import accumulate
from typing import BinaryIO

from csrgraph.arguments import ascii_integer
from csrgraph.errors import InputError, UsageError

#: The default bound on nesting (JSON objects and arrays, XML elements, Turtle collections
#: and blank-node property lists): serde_json's default, far beyond any real graph.
MAX_NESTING = 128
#: The highest bound ``CSRGRAPH_MAX_NESTING`` may set: below the depth where the parsers
#: take seconds or hundreds of megabytes per nested chain.
NESTING_CEILING = 1000
#: The environment variable that raises (or lowers) the bound.
NESTING_VARIABLE = "CSRGRAPH_MAX_NESTING"

_STRING = rb'"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"'
_SINGLE = rb"'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*'"
_LONG = rb'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
#: A backslash and the byte after it, outside strings and IRIs: a local-name escape such as
#: ``ex:a\#b`` or ``ex:a\'b``, whose ``#`` or ``'`` opens neither a comment nor a string.
_ESCAPE = rb"\\[^\n\r]"
_LONG_SINGLE = rb"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
#: What cannot hold nesting, per format; the lookahead lets the engine skip other bytes fast.
_INERT = {
    "JSON_LD": re.compile(_STRING),
    "TURTLE": re.compile(
        rb"(?=[\"'<#\\])(?:"
        + b"|".join(
            [_LONG, _LONG_SINGLE, _STRING, _SINGLE, rb"<<|<[^<>\s]*>", _ESCAPE, rb"#[^\n\r]*"]
        )
        + b")"
    ),
    "RDF_XML": re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL),
}
#: Bytes that open an inert token: left after stripping, they start one not yet closed.
_OPENERS = {"JSON_LD": b'"', "TURTLE": b"\"'<", "RDF_XML": b"<"}
_BRACKETS = {"JSON_LD": (b"{[", b"}]"), "TURTLE": (b"([", b")]")}
_XML_TAG = rb"[^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*"
_XML_EMPTY = re.compile(rb"<[^/!?]" + _XML_TAG + rb"/>")
_XML_END = re.compile(rb"</" + _XML_TAG + rb">")
_XML_START = re.compile(rb"<[^/!?]" + _XML_TAG + rb">")
_ALL = bytes(range(256))
#: The most bytes carried while a token is open (past it, the parser refuses the token).
_MAX_CARRY = 64 * 1024 * 1024
_STEP = bytes.maketrans(b"\x01\x02", b"\x01\xff")


def max_nesting() -> int:
    """Return the nesting bound: ``CSRGRAPH_MAX_NESTING`` if set, else :data:`MAX_NESTING`.

    >>> max_nesting()
    128
    """
    raw = os.environ.get(NESTING_VARIABLE, "").strip()
    if not raw:
        return MAX_NESTING
    value = ascii_integer(raw) or 0  # ASCII digits only: int() also reads "\u0663" as 3
    if not 1 <= value <= NESTING_CEILING:
        raise UsageError(
            f"{NESTING_VARIABLE}={raw}: give a whole number from 1 to {NESTING_CEILING}"
            " in ASCII digits"
        )
    return value


def _steps(text: bytes, fmt: str) -> tuple[bytes, bool]:
    """Return ``text`` as one byte per level (0x01 in, 0x02 out), and whether a token is open.

    An open token is one that starts in ``text`` and does not end there: a string, an IRI,
    an XML tag or comment that goes on in the next piece.
    """
    text = _INERT[fmt].sub(b"", text.translate(None, b"\x01\x02"))
    if fmt == "RDF_XML":
        text = _XML_EMPTY.sub(b"", text)
        text = _XML_END.sub(b"\x02", text)
        text = _XML_START.sub(b"\x01", text)
        keep = b"\x01\x02"
    else:
        opening, closing = _BRACKETS[fmt]
        table = bytes.maketrans(opening + closing, b"\x01" * len(opening) + b"\x02" * len(closing))
        text = text.translate(table)
        keep = b"\x01\x02"
    is_open = any(text.find(bytes([c])) >= 0 for c in _OPENERS[fmt])
    return text.translate(None, _ALL.translate(None, keep)), is_open


class NestingScan:
    r"""Count the nesting of RDF text fed in pieces; refuse it past the bound.

    Pieces are cut at line ends; a token still open at the end of a piece (a long string,
    an XML tag or comment over several lines) is carried over to the next one.

    >>> scan = NestingScan("JSON_LD", "a.jsonld", bound=2)
    >>> scan.feed(b'{"a": "{{{",\n "b": [1]}\n')
    >>> scan.feed(b'[[[1]]]', last=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: a.jsonld:3: nested deeper than 2 levels (raise the bound ...)
    """

    def __init__(self, fmt: str, name: str, bound: int | None = None) -> None:
        self.fmt = _SCANNED_AS.get(fmt, fmt)
        self.name = name
        self.bound = max_nesting() if bound is None else bound
        self.depth = 0
        self.line = 1
        self._carry = b""

    def feed(self, piece: bytes, *, last: bool = False) -> None:
        """Count the nesting of ``piece``; at ``last``, of whatever is still carried."""
        text = self._carry + piece
        cut = len(text) if last else text.rfind(b"\n") + 1
        if cut <= 0:
            self._carry = text
            return
        steps, is_open = _steps(text[:cut], self.fmt)
        if is_open and not last and len(text) < _MAX_CARRY:
            self._carry = text  # a token spans the cut: wait for its end
            return
        self._carry = text[cut:]
        if not steps:
            self.line += text.count(b"\n", 0, cut)
            return
        levels = accumulate(memoryview(steps.translate(_STEP)).cast("b"), initial=self.depth)
        deepest = max(levels)
        if deepest > self.bound:
            raise self._refusal(text[:cut])
        self.depth += steps.count(b"\x01") - steps.count(b"\x02")
        self.line += text.count(b"\n", 0, cut)

    def _refusal(self, text: bytes) -> InputError:
        """Return the error, naming the first line of ``text`` past the bound."""
        depth, line = self.depth, self.line
        for row in text.split(b"\n"):
            steps = _steps(row, self.fmt)[0].translate(_STEP)
            if max(accumulate(memoryview(steps).cast("b"), initial=depth)) > self.bound:
                break
            depth += steps.count(b"\x01") - steps.count(b"\xff")
            line += 1
        else:
            line = self.line
        return InputError(
            f"{self.name}:{line}: nested deeper than {self.bound} levels "
            f"(raise the bound with {NESTING_VARIABLE})",
            file=self.name,
            line=line,
        )


#: Formats scanned as another: TriG nests as Turtle does.
_SCANNED_AS = {"TRIG": "TURTLE"}
#: Formats that can nest, and so are scanned.
NESTING_FORMATS = frozenset(_INERT) | frozenset(_SCANNED_AS)
#: Bytes read per piece when scanning a file.
_PIECE = 4 * 1024 * 1024


def check_bytes(data: bytes, fmt: str, name: str) -> None:
    """Refuse ``data`` when it nests deeper than the bound (a no-op for N-Triples).

    >>> check_bytes(b"<a> <b> (((1))) .", "TURTLE", "a.ttl")
    >>> check_bytes(b"<a> <b> " + b"(" * 200 + b")" * 200 + b" .", "TURTLE", "b.ttl")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: b.ttl:1: nested deeper than 128 levels (raise the bound ...)
    """
    if fmt in NESTING_FORMATS:
        NestingScan(fmt, name).feed(data, last=True)


def check_stream(raw: BinaryIO, fmt: str, name: str) -> None:
    """Refuse a file read from ``raw`` (to its end) when it nests deeper than the bound."""
    if fmt not in NESTING_FORMATS:
        return
    scan = NestingScan(fmt, name)
    while piece := raw.read(_PIECE):
        scan.feed(piece)
    scan.feed(b"", last=True)
