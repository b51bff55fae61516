"""Options shared by the commands, defined once, and the atomic output writer.

Bad option values raise :class:`csrgraph.errors.UsageError`, so the command group prints
them as one ``Error: ...`` line with exit code 2, like every other expected failure.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from csrgraph.errors import InputError, UsageError

F = TypeVar("F", bound=Callable[..., Any])


class StrictChoice(click.Choice):
    """A choice whose bad value is a csrgraph UsageError (one ``Error:`` line, exit 2)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the value if it is one of the choices, else raise UsageError."""
        if value in self.choices:
            return value
        name = param.opts[-1] if param is not None and param.opts else "value"
        raise UsageError(f"{name}: {value!r} is not one of: {', '.join(map(str, self.choices))}")


def format_option(choices: Sequence[str], help_text: str) -> Callable[[F], F]:
    """Return ``-f/--format`` with the given choices (default: chosen by the command)."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=StrictChoice(list(choices)),
        default=None,
        help=help_text,
    )


def output_option(func: F) -> F:
    """Add ``-o/--output FILE`` (written atomically; ``-`` or none for stdout)."""
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="Write to FILE instead of stdout (all or nothing: no partial file on failure).",
    )(func)


def data_option(func: F) -> F:
    """Add ``--data FILE`` (repeatable): the user's RDF files on top of the bundled graph."""
    return click.option(
        "--data",
        "data",
        metavar="FILE",
        multiple=True,
        help="Add an RDF file (Turtle, N-Triples, RDF/XML, JSON-LD; - for stdin). Repeatable.",
    )(func)


def lang_option(func: F) -> F:
    """Add ``--lang de|en`` (the language of labels)."""
    return click.option(
        "--lang",
        type=StrictChoice(["de", "en"]),
        default="en",
        show_default=True,
        help="Language of labels.",
    )(func)


def parse_params(values: Sequence[str]) -> dict[str, str]:
    """Turn ``NAME=VALUE`` strings into a dict, refusing anything else.

    >>> parse_params(["authority_iri=https://example.org/x", "lang=de"])
    {'authority_iri': 'https://example.org/x', 'lang': 'de'}
    >>> parse_params(["oops"])
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: -p oops: expected NAME=VALUE
    """
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-p {item}: expected NAME=VALUE")
        params[name.strip()] = value
    return params


def param_option(func: F) -> F:
    """Add ``-p/--param NAME=VALUE`` (repeatable)."""
    return click.option(
        "-p",
        "--param",
        "params",
        metavar="NAME=VALUE",
        multiple=True,
        help="Set a query parameter (an IRI for names ending in _iri). Repeatable.",
    )(func)


def stdout_is_terminal() -> bool:
    """Tell whether stdout is an interactive terminal."""
    return sys.stdout.isatty()


def write_output(payload: bytes | str, output: str | None) -> None:
    """Write to stdout, or to ``output`` through a temporary file renamed on success."""
    data = payload.encode() if isinstance(payload, str) else payload
    if output is None or output == "-":
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a text-only stream (e.g. replaced by a caller)
            sys.stdout.write(data.decode("utf-8"))
        else:
            binary.write(data)
            binary.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise InputError(f"{output}: is a folder, not a file")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as err:
        raise InputError(f"{output}: cannot write ({err.strerror or err})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def suffix_format(output: str | None, choices: Sequence[str]) -> str | None:
    """Return the format named by an output file's suffix, if it is one of ``choices``.

    >>> suffix_format("rows.json", ["csv", "json"]), suffix_format(None, ["csv"])
    ('json', None)
    """
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lower().lstrip(".")
    return suffix if suffix in choices else None
