"""The command class, the options shared by the commands (defined once), the output writer.

Bad option values raise :class:`csrgraph.errors.UsageError`, so they come out as one
``Error: ...`` line with exit code 2, like every other expected failure (the parameter types:
:mod:`csrgraph.cli.types`, re-exported here).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from csrgraph.cli.types import PositiveSeconds as PositiveSeconds
from csrgraph.cli.types import StrictChoice as StrictChoice
from csrgraph.cli.types import StrictFloatRange as StrictFloatRange
from csrgraph.cli.types import StrictIntRange as StrictIntRange
from csrgraph.errors import CsrgraphError, InputError, UsageError
from csrgraph.namespaces import LABEL_LANGUAGES

if TYPE_CHECKING:
    from csrgraph.sparql import QueryResult

F = TypeVar("F", bound=Callable[..., Any])


def option_spelling(command: click.Command) -> Callable[[str], str]:
    """Return how ``command`` spells each parameter: its long option (``--store-dir``).

    Library errors name parameters by their Python names; the CLI shows its flags instead.
    A name the command has no option for is spelt the way click derives one from a name.

    >>> fmt = click.Option(["-f", "--format", "fmt"])
    >>> spell = option_spelling(click.Command("x", params=[fmt]))
    >>> spell("fmt"), spell("store_dir")
    ('--format', '--store-dir')
    """
    spellings: dict[str, str] = {}
    for param in command.params:
        if isinstance(param, click.Option) and param.name is not None and param.opts:
            longs = [opt for opt in param.opts if opt.startswith("--")]
            spellings[param.name] = longs[0] if longs else param.opts[0]
    return lambda name: spellings.get(name, "--" + name.replace("_", "-"))


def say(kind: str, message: str) -> None:
    r"""Print one ``KIND: MESSAGE`` line on stderr, its control characters shown escaped.

    Every ``Error:`` and ``Warning:`` line goes through here: a file name, a store's page or
    a parser's message cannot send a terminal an escape sequence, a bell or a NUL byte
    (see :func:`csrgraph.formats.neutral.terminal_text`).

    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(click.command()(lambda: say("Error", "a\x1b]0;T\x07b"))).stderr
    'Error: a\\x1b]0;T\\x07b\n'
    """
    from csrgraph.formats.neutral import terminal_text

    click.echo(f"{kind}: {terminal_text(message)}", err=True)


class Command(click.Command):
    """A csrgraph command: a library error leaves it as one line that names this command's flags.

    >>> @click.command("x", cls=Command)
    ... @click.option("--store-dir", "store_dir")
    ... def x(store_dir: str) -> None:
    ...     raise UsageError("{store_dir} is not an index", parameter="store_dir")
    >>> from click.testing import CliRunner
    >>> result = CliRunner().invoke(x, ["--store-dir", "d"])
    >>> result.exit_code, result.output.strip()
    (2, 'Error: --store-dir is not an index')
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; print a :class:`CsrgraphError` in its words and exit with its code."""
        try:
            return super().invoke(ctx)
        except CsrgraphError as err:
            say("Error", err.render(option_spelling(self)))
            ctx.exit(err.exit_code)


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


def raw_cells_option(func: F) -> F:
    """Add ``--raw-cells``: write CSV/TSV cells a spreadsheet would read as formulas as is."""
    return click.option(
        "--raw-cells",
        is_flag=True,
        help="With -f csv or tsv: write cells that start with =, +, -, @, a tab or CR as they "
        "are (by default such a cell, unless it is a plain number, gets a leading ' so a "
        "spreadsheet shows it as text instead of running it as a formula).",
    )(func)


def check_output_file(value: str, option: str = "-o/--output") -> str:
    """Return ``value`` if it can name an output file: not empty, not a folder's spelling.

    A name that ends in a separator (``out/new/``) or in ``.`` or ``..`` names a folder,
    whether or not it exists: writing a file ``new`` there would surprise. ``-`` is stdout.

    >>> check_output_file("rows.csv"), check_output_file("-")
    ('rows.csv', '-')
    >>> check_output_file("out/new/")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: -o/--output: 'out/new/' names a folder (it ends in '/'), not a file
    """
    import os

    if not value.strip():
        raise UsageError(f"{option}: the file name is empty (give a FILE, or - for stdout)")
    if value == "-":
        return value
    separators = tuple(s for s in (os.sep, os.altsep) if s)
    last = os.path.basename(value)
    if value.endswith(separators) or last in (".", ".."):
        end = value[-1] if value.endswith(separators) else last
        raise UsageError(f"{option}: {value!r} names a folder (it ends in {end!r}), not a file")
    return value


def output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an ``-o/--output`` that names no file (empty) or a folder (``dir/``)."""
    return None if value is None else check_output_file(value)


def output_option(func: F) -> F:
    """Add ``-o/--output FILE`` (written atomically; ``-`` or none for stdout)."""
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        callback=output_path,
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


#: The label languages of the graph: the choices of every ``--lang`` option.
LANGUAGES = LABEL_LANGUAGES


def language_option(
    default: str | None = "en", help_text: str = "Language of labels."
) -> Callable[[F], F]:
    """Return ``--lang de|en`` with the given default (None: the command decides)."""
    return click.option(
        "--lang",
        type=StrictChoice(list(LANGUAGES)),
        default=default,
        show_default=default is not None,
        help=help_text,
    )


class LanguageTag(click.ParamType):
    """A language tag (``de``, ``fr``, ``pt-br``): a bad one is a csrgraph UsageError."""

    name = "language"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the tag if it is well formed, else raise UsageError ``--lang: ...``."""
        from csrgraph.sparql.params import check_language

        flag = param.opts[-1] if param is not None and param.opts else "value"
        return check_language(str(value), flag)


def label_language_option(func: F) -> F:
    """Add ``--lang TAG``: any language of the graph, the bundled ones or an import's."""
    return click.option(
        "--lang",
        type=LanguageTag(),
        default="en",
        show_default=True,
        metavar="TAG",
        help="Language of labels: de, en or a language of your imported data (e.g. fr); "
        "labels missing in it fall back to English, and *_lang columns say which was used.",
    )(func)


def language_matches(tag: str, lang: str) -> bool:
    """Tell whether a literal's language ``tag`` is ``lang`` or a variant of it (langMatches).

    >>> language_matches("pt-BR", "pt"), language_matches("EN", "en"), language_matches("de", "d")
    (True, True, False)
    """
    tag, lang = tag.lower(), lang.lower()
    return tag == lang or tag.startswith(lang + "-")


def missing_language(lang: str) -> str:
    """Return the warning for a ``--lang`` the graph holds no label in.

    >>> missing_language("xx")
    "the graph has no label in 'xx'; labels are shown in another language"
    """
    return f"the graph has no label in {lang!r}; labels are shown in another language"


def lang_option(func: F) -> F:
    """Add ``--lang de|en`` (the language of labels, default ``en``)."""
    return language_option()(func)


def parse_params(values: Sequence[str]) -> dict[str, str]:
    """Turn ``NAME=VALUE`` strings into a dict, refusing anything else.

    >>> parse_params(["authority_iri=https://example.org/x", "lang=de"])
    {'authority_iri': 'https://example.org/x', 'lang': 'de'}
    >>> parse_params(["oops"])
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: -p 'oops': expected NAME=VALUE
    """
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-p {item!r}: expected NAME=VALUE")
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
    """Tell whether stdout is an interactive terminal (not when it is closed: ``>&-``)."""
    return sys.stdout is not None and sys.stdout.isatty()


def write_output(payload: bytes | str, output: str | None) -> None:
    """Write to stdout (``output`` None or ``-``), else to the file through :func:`atomic_write`.

    A link is followed, a FIFO or device is written to as it is, a regular file is replaced
    all or nothing (see :mod:`csrgraph.writing`).
    """
    from csrgraph.writing import atomic_write, write_stdout

    data = payload.encode() if isinstance(payload, str) else payload
    if output is None or output == "-":
        write_stdout(data)  # a full disk or a closed stdout: one Error: line, exit code 2
        return
    atomic_write(output, data)


def output_folder(path: str) -> Path:
    """Return ``path`` as a folder to write into, refusing an existing non-folder.

    >>> output_folder("/dev/null")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: /dev/null: cannot write (not a folder)
    >>> output_folder("")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: -o/--output: the folder name is empty (give a DIR, or . for here)
    """
    if not path.strip():  # Path("") is the current folder: never write there unasked
        raise UsageError("-o/--output: the folder name is empty (give a DIR, or . for here)")
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{path}: cannot write (not a folder)")
    return folder


def suffix_format(output: str | None, choices: Sequence[str]) -> str | None:
    """Return the format named by an output file's suffix, if it is one of ``choices``.

    >>> suffix_format("rows.json", ["csv", "json"]), suffix_format(None, ["csv"])
    ('json', None)
    """
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lower().lstrip(".")
    return suffix if suffix in choices else None


def default_format(choices: Sequence[str], output: str | None = None) -> str:
    """Return the format of a command run without ``-f``: one rule for every command.

    An output file whose suffix names one of ``choices`` picks that format; else stdout on a
    terminal gets the first choice (``table``, or the command's report); else ``csv`` when the
    command offers it (rows piped to another program), else the first choice again.

    >>> default_format(["table", "csv", "tsv"], "rows.tsv")
    'tsv'
    >>> default_format(["table", "csv", "tsv"], "rows.txt")
    'csv'
    >>> default_format(["text", "json"])
    'text'
    """
    named = suffix_format(output, choices)
    if named is not None:
        return named
    if (output is None or output == "-") and stdout_is_terminal():
        return choices[0]
    return "csv" if "csv" in choices else choices[0]


def rows_result(
    rows: Sequence[dict[str, str]], fields: Sequence[str], iri_fields: Sequence[str] = ()
) -> QueryResult:
    r"""Wrap rows of strings as a SELECT result, so the formats of the registry can write them.

    A cell of a field in ``iri_fields`` becomes an IRI, any other a plain literal; an empty
    cell is unbound.

    >>> from csrgraph.formats import serialize
    >>> result = rows_result([{"a": "x", "b": ""}], ["a", "b"])
    >>> serialize(result, "csv")
    b'a,b\r\nx,\r\n'
    """
    import pyoxigraph as ox

    from csrgraph.sparql import QueryResult

    def term(field: str, value: str) -> ox.NamedNode | ox.Literal | None:
        if value == "":
            return None
        return ox.NamedNode(value) if field in iri_fields else ox.Literal(value)

    return QueryResult(
        "select",
        list(fields),
        [tuple(term(f, row.get(f, "")) for f in fields) for row in rows],
    )
