"""Checks of the values a caller hands the library: time limits, IRIs, file lists.

The CLI and the library call the same checks, so a bad value gives the same error whichever
way it came in (a :class:`~csrgraph.errors.UsageError` naming the parameter, which the CLI
spells as its option). A leaf: it imports only the errors (and pyoxigraph, lazily, to read
an IRI as the store will).

>>> check_timeout(2)
2.0
>>> as_paths("data.ttl")
['data.ttl']
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from csrgraph._typing import PathLike
from csrgraph.errors import UsageError

#: The longest time limit accepted, in seconds (one day): beyond it the platform's timers
#: overflow, and no command of csrgraph should be left waiting longer.
MAX_TIMEOUT = 86400.0

# What cannot appear inside ``<...>`` in SPARQL or Turtle (RFC 3987 excludes it from IRIs).
_NOT_IN_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# A number as people type it in ASCII: Python's int() and float() also take other scripts'
# digits ("\u0663" is 3), underscores ("1_0") and words ("infinity"), which no option should.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def check_timeout(value: Any, parameter: str = "timeout") -> float | None:
    """Return a time limit as a float: positive, finite, at most :data:`MAX_TIMEOUT`.

    ``None`` (no limit given) passes through.

    >>> check_timeout(float("inf"))
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: timeout: inf is not a positive number of seconds up to 86400
    """
    if value is None:
        return None
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    try:
        seconds = float(value) if numeric else math.nan
    except OverflowError:  # an int too large for a float
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        shown = value if isinstance(value, int | float) else repr(value)
        raise UsageError(
            f"{{{parameter}}}: {shown} is not a positive number of seconds up to {MAX_TIMEOUT:g}",
            parameter=parameter,
            value=value,
        )
    return seconds


def ascii_integer(text: str) -> int | None:
    """Return ``text`` (surrounding white space aside) as an int if it is ASCII digits.

    One sign may lead; anything else (other scripts' digits, ``_``, a fraction) is ``None``.

    >>> ascii_integer(" 42 "), ascii_integer("-3"), ascii_integer("\u0663"), ascii_integer("1_0")
    (42, -3, None, None)
    """
    text = text.strip()
    return int(text) if _INTEGER.fullmatch(text) else None


def ascii_number(text: str) -> float | None:
    """Return ``text`` (surrounding white space aside) as a float if it is an ASCII decimal.

    Digits with an optional sign, fraction and exponent; ``inf``, ``nan``, ``1_0`` and other
    scripts' digits are ``None``.

    >>> ascii_number("2.5"), ascii_number("1e3"), ascii_number("\u0662.5"), ascii_number("inf")
    (2.5, 1000.0, None, None)
    """
    text = text.strip()
    return float(text) if _NUMBER.fullmatch(text) else None


def check_size(value: Any, parameter: str) -> int | None:
    """Return a size limit in bytes: a positive whole number (``None`` passes through).

    >>> check_size(1 << 20, "max_answer")
    1048576
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UsageError(
            f"{{{parameter}}}: {value!r} is not a positive whole number of bytes",
            parameter=parameter,
            value=value,
        )
    return value


def check_count(value: Any, parameter: str, *, zero: bool = True) -> int | None:
    """Return a count of rows: a whole number, at least 0 (or 1 if not ``zero``); None passes.

    >>> check_count(100, "limit"), check_count(None, "offset")
    (100, None)
    """
    if value is None:
        return None
    lowest = 0 if zero else 1
    if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
        raise UsageError(
            f"{{{parameter}}}: {value!r} is not a whole number of rows of at least {lowest}",
            parameter=parameter,
            value=value,
        )
    return value


def check_iri(value: Any, parameter: str = "graph") -> str:
    """Return ``value`` if it is an absolute IRI that cannot break out of ``<...>``.

    >>> check_iri("https://w3id.org/csrgraph/")
    'https://w3id.org/csrgraph/'
    >>> check_iri("urn:x> ; DROP ALL ; #")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: graph needs an absolute IRI, got 'urn:x> ; DROP ALL ; #'
    """
    import pyoxigraph

    error = UsageError(
        f"{{{parameter}}} needs an absolute IRI, got {value!r}", parameter=parameter, value=value
    )
    if not isinstance(value, str) or not _SCHEME.match(value) or _NOT_IN_IRI.search(value):
        raise error
    try:
        pyoxigraph.NamedNode(value)
    except ValueError:
        raise error from None
    return value


def as_paths(data: Any, parameter: str = "data") -> list[PathLike]:
    """Return the files ``data`` names as a list: a ``str`` or path object is one file.

    >>> as_paths(("a.ttl", "b.ttl"))
    ['a.ttl', 'b.ttl']
    >>> as_paths(None)
    []
    """
    if data is None:
        return []
    if isinstance(data, str | os.PathLike):
        return [data]
    if isinstance(data, bytes) or not isinstance(data, Iterable):
        raise UsageError(
            f"{{{parameter}}} must be a file name or a list of them, got {type(data).__name__}",
            parameter=parameter,
        )
    paths = list(data)
    for path in paths:
        if not isinstance(path, str | os.PathLike):
            raise UsageError(
                f"{{{parameter}}}: not a file name: {path!r}", parameter=parameter, value=path
            )
    return paths


def check_flag(value: Any, parameter: str) -> bool:
    """Return ``value`` if it is a real ``bool``: a string such as ``"no"`` is not a flag.

    >>> check_flag(False, "allow_network")
    False
    >>> check_flag("no", "allow_network")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: allow_network must be True or False, got 'no'
    """
    if not isinstance(value, bool):
        raise UsageError(
            f"{{{parameter}}} must be True or False, got {value!r}",
            parameter=parameter,
            value=value,
        )
    return value


def check_text(value: Any, parameter: str) -> str:
    """Return ``value`` if it is a string.

    >>> check_text("en", "lang")
    'en'
    >>> check_text(None, "target")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: target must be a string, got None
    """
    if not isinstance(value, str):
        raise UsageError(
            f"{{{parameter}}} must be a string, got {value!r}", parameter=parameter, value=value
        )
    return value


def check_params(value: Any, parameter: str = "params") -> dict[str, str]:
    """Return parameter values as a dict of strings (``None`` is no values).

    >>> check_params({"lang": "de"})
    {'lang': 'de'}
    >>> check_params({"lang": ["de"]})
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: params: the value of 'lang' must be a string, got ['de']
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise UsageError(
            f"{{{parameter}}} must map names to values, got {type(value).__name__}",
            parameter=parameter,
        )
    for name, item in value.items():
        if not isinstance(name, str):
            raise UsageError(
                f"{{{parameter}}}: a parameter name must be a string, got {name!r}",
                parameter=parameter,
                value=name,
            )
        if not isinstance(item, str):
            raise UsageError(
                f"{{{parameter}}}: the value of {name!r} must be a string, got {item!r}",
                parameter=parameter,
                value=item,
            )
    return dict(value)


def check_path(value: Any, parameter: str) -> PathLike:
    """Return ``value`` if it names one file or directory (a ``str`` or path object).

    >>> check_path(3, "store_dir")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: store_dir must be a file name, got 3
    """
    if not isinstance(value, str | os.PathLike):
        raise UsageError(
            f"{{{parameter}}} must be a file name, got {value!r}", parameter=parameter, value=value
        )
    return value
