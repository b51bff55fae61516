"""One exception hierarchy; each class carries the exit code the CLI turns it into.

Exit codes (documented in docs/guide.md and tested):

* 0: success (and, for ``validate``, the data conforms);
* 1: the data does not conform, or the command failed on its input (a query error, a
  broken link, a store that refused the data, a generated file out of date);
* 2: usage error, or a file or server that cannot be read.

Every class is defined here (a test reads the source and fails on one defined elsewhere).
Errors speak the library's words: a message names a parameter by its Python name
(``data``, ``store_dir``), never by a command-line flag. Where the message names parameters
it is a template: with ``parameter="data"`` (or ``other="data"``), ``{data}`` stands for the
parameter ``data`` and ``str(err)`` shows the name itself; the CLI renders the same template
with its option spellings (``--data``), so one raise gives both texts:

>>> err = UsageError("{data} cannot be used with {endpoint}", parameter="data", other="endpoint")
>>> str(err)
'data cannot be used with endpoint'
>>> err.render({"data": "--data", "endpoint": "--endpoint"})
'--data cannot be used with --endpoint'
>>> (err.parameter, err.other, err.exit_code)
('data', 'endpoint', 2)

What the raise site knows is kept in structured fields too (``file``, ``line``, ``column``,
``value``), not only in the text:

>>> err = InputError("a.ttl:3:7: bad IRI", file="a.ttl", line=3, column=7)
>>> (str(err), err.file, err.line, err.column)
('a.ttl:3:7: bad IRI', 'a.ttl', 3, 7)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: A placeholder of a message template: a parameter name in braces, ``{store_dir}``.
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

#: The structured fields an error may carry, in the order :meth:`CsrgraphError.fields` gives.
FIELDS = ("parameter", "other", "value", "file", "line", "column")


class CsrgraphError(Exception):
    """Base class of every expected failure; ``str(err)`` is the one-line message.

    Attributes:
        exit_code: the CLI's exit code for this kind of failure.
        template: the message as raised, ``{name}`` standing for the parameter ``name``.
        parameter: the parameter the failure is about (its Python name), if any.
        other: the other parameter(s) the message names (one that conflicts), if any.
        value: the offending value, if any.
        file: the file the failure was found in, if any.
        line: its line (1-based), if known.
        column: its column (1-based), if known.

    """

    exit_code: int = 1

    def __init__(
        self,
        message: str = "",
        *,
        parameter: str | None = None,
        other: str | tuple[str, ...] | None = None,
        value: Any = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.template = message
        self.parameter = parameter
        self.other = other if other is None or isinstance(other, str) else tuple(other)
        self.value = value
        self.file = None if file is None else str(file)
        self.line = line
        self.column = column
        super().__init__(self.render())

    def parameters(self) -> tuple[str, ...]:
        """Return the parameters named by the error: ``parameter``, then ``other``.

        Only these names' placeholders are replaced; other braces in a message stay as they are.

        >>> UsageError("{a} needs {b} or {c}", parameter="a", other=("b", "c")).parameters()
        ('a', 'b', 'c')
        """
        others = (self.other,) if isinstance(self.other, str) else (self.other or ())
        return tuple(name for name in (self.parameter, *others) if name is not None)

    def render(self, spelling: Mapping[str, str] | Callable[[str], str] | None = None) -> str:
        """Return the message, each parameter's ``{name}`` replaced by its spelling.

        The spelling defaults to the name itself (that is ``str(err)``).

        >>> UsageError("{dir} is empty", parameter="dir").render(lambda name: "--" + name)
        '--dir is empty'
        >>> UsageError("{nosuch} stays {as_is}", parameter="nosuch").render({})
        'nosuch stays {as_is}'
        """
        names = self.parameters()
        if not names:
            return self.template
        if spelling is None:
            spell: Callable[[str], str] = str
        elif callable(spelling):
            spell = spelling
        else:
            table = spelling
            spell = lambda name: table.get(name, name)  # noqa: E731

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            return spell(name) if name in names else match.group(0)

        return _PLACEHOLDER.sub(replace, self.template)

    def fields(self) -> dict[str, Any]:
        """Return the structured fields that are set (for passing the error on, e.g. a child's).

        >>> InputError("x", file="a.ttl", line=2).fields()
        {'file': 'a.ttl', 'line': 2}
        """
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name) is not None}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the template and the fields (the keyword arguments ``args`` lacks)."""
        return (_rebuild, (type(self), self.template, self.fields()), self.__dict__)


def _rebuild(cls: type[CsrgraphError], template: str, fields: dict[str, Any]) -> CsrgraphError:
    """Recreate a pickled error (see :meth:`CsrgraphError.__reduce__`)."""
    return cls(template, **fields)


class UsageError(CsrgraphError):
    """The command was called wrongly (bad option value, unknown name, bad parameter)."""

    exit_code = 2


class InputError(CsrgraphError):
    """A file (data, shapes, query) cannot be read or parsed."""

    exit_code = 2


class NotCompilable(InputError):
    """The compiled SHACL engine cannot run these shapes (a construct outside SHACL Core).

    ``auto`` takes it as a signal to run another engine; ``--engine oxigraph`` reports it.
    """


class QueryError(CsrgraphError):
    """A query is malformed, refused by the sandbox, or failed while running."""

    exit_code = 1


class QueryTimeout(QueryError):
    """A query ran longer than its time limit."""


class NotConforming(CsrgraphError):
    """The data does not conform to the shapes."""

    exit_code = 1


class OutOfDate(CsrgraphError):
    """A generated file (the dataset description, a diagram) differs from what it should be."""

    exit_code = 1


class BrokenLinks(CsrgraphError):
    """At least one mapping target did not resolve."""

    exit_code = 1


class StoreError(CsrgraphError):
    """A triple store could not be reached, refused a request or answered wrongly: exit code 2.

    ``may_have_written`` tells whether the failed request may have changed what the store
    holds: false when it never left the machine (connection refused, unknown host) or the
    store refused it with a 4xx answer, or 501/505 (it does not support the request); true
    (the default, the safe guess) otherwise.
    """

    exit_code = 2
    may_have_written: bool = True


class StoreRefused(StoreError):
    """The store was reached but refused the data (400 bad data, 413 too large): exit code 1.

    Unlike the other store errors (exit code 2) the fault is in what was sent, not in the
    connection, the URL or the credentials.
    """

    exit_code = 1


def not_one_of(parameter: str, value: object, choices: Iterable[object]) -> UsageError:
    """Return the error for a value outside its choices: one wording for every such mistake.

    The CLI's choices say it the same way, with the flag: ``--engine: 'x' is not one of: ...``.

    >>> err = not_one_of("engine", "x", ["auto", "pyshacl"])
    >>> str(err), err.render({"engine": "--engine"}), err.value
    ("engine: 'x' is not one of: auto, pyshacl", "--engine: 'x' is not one of: auto, pyshacl", 'x')
    """
    known = ", ".join(map(str, choices))
    return UsageError(
        f"{{{parameter}}}: {value!r} is not one of: {known}", parameter=parameter, value=value
    )


def error_classes() -> Iterable[type[CsrgraphError]]:
    """Return every error class of this module, the base first.

    >>> [cls.__name__ for cls in error_classes()][:2]
    ['CsrgraphError', 'UsageError']
    """
    return [
        value
        for value in globals().values()
        if isinstance(value, type) and issubclass(value, CsrgraphError)
    ]


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: raised so cleanup code runs (see :mod:`csrgraph.signals`).

    A ``BaseException``, like :class:`KeyboardInterrupt`: ``except Exception`` lets it pass.

    >>> Terminated(15).signum
    15
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)
