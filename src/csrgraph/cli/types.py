"""The parameter types of the options: a bad value is one ``Error:`` line, exit code 2.

click's own types end in a usage block, and read numbers with ``int()`` and ``float()``,
which take other scripts' digits (``"\u0663"`` is 3) and ``1_0``; these refuse both, as a
:class:`csrgraph.errors.UsageError` naming the option.
"""

from __future__ import annotations

from typing import Any, NoReturn

import click

from csrgraph.errors import UsageError


class StrictChoice(click.Choice):
    """A choice whose bad value is a csrgraph UsageError (one ``Error:`` line, exit 2)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the value if it is one of the choices, else raise UsageError."""
        if value in self.choices:
            return value
        name = param.opts[-1] if param is not None and param.opts else "value"
        choices = ", ".join(map(str, self.choices))
        raise UsageError(f"{name}: {value!r} is not one of: {choices}", value=value)


class _Strict(click.ParamType):
    """Mixin: a bad value is a csrgraph UsageError (one ``Error:`` line, exit 2)."""

    def fail(
        self, message: str, param: click.Parameter | None = None, ctx: click.Context | None = None
    ) -> NoReturn:
        """Raise UsageError ``OPTION: message`` instead of click's usage block."""
        name = param.opts[-1] if param is not None and param.opts else "value"
        raise UsageError(f"{name}: {message}")


class StrictIntRange(_Strict, click.IntRange):
    """An integer range whose bad value is a csrgraph UsageError; ASCII digits only.

    click reads a number with ``int()``, which also takes other scripts' digits (``"\u0663"``
    is 3) and underscores (``1_0``); such a value is refused here.

    >>> StrictIntRange(min=0).convert("12", None, None)
    12
    >>> StrictIntRange(min=0).convert("\u0663", None, None)
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: value: '\u0663' is not a whole number (ASCII digits 0-9)
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return ``value`` as an int in the range, else raise UsageError."""
        from csrgraph.arguments import ascii_integer

        if isinstance(value, str) and ascii_integer(value) is None:
            self.fail(f"{value!r} is not a whole number (ASCII digits 0-9)", param, ctx)
        return super().convert(value, param, ctx)


class StrictFloatRange(_Strict, click.FloatRange):
    """A float range whose bad value is a csrgraph UsageError; an ASCII decimal only.

    >>> StrictFloatRange(min=0).convert("0.5", None, None)
    0.5
    >>> StrictFloatRange(min=0).convert("1_0", None, None)
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: value: '1_0' is not a number (ASCII digits, e.g. 2.5)
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return ``value`` as a float in the range, else raise UsageError."""
        from csrgraph.arguments import ascii_number

        if isinstance(value, str) and ascii_number(value) is None:
            self.fail(f"{value!r} is not a number (ASCII digits, e.g. 2.5)", param, ctx)
        return super().convert(value, param, ctx)


class PositiveSeconds(_Strict, click.ParamType):
    """A positive, finite number of seconds up to a day (``--timeout``); else a UsageError.

    The bound is :data:`csrgraph.arguments.MAX_TIMEOUT`, the library's own.

    >>> PositiveSeconds().convert("2.5", None, None)
    2.5
    >>> PositiveSeconds().convert("0", None, None)
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: value: '0' is not a positive number of seconds up to 86400
    """

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return ``value`` as a float if it is a positive, finite number, else raise."""
        import math

        from csrgraph.arguments import MAX_TIMEOUT, ascii_number

        typed: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            typed = float(value)  # the default, given as a number
        elif isinstance(value, str):  # ASCII digits only (float() reads "\u0662" as 2, "1_0")
            typed = ascii_number(value)
        seconds = math.nan if typed is None else typed
        if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
            self.fail(
                f"{value!r} is not a positive number of seconds up to {MAX_TIMEOUT:g}", param, ctx
            )
        return seconds
