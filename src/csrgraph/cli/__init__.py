"""The ``csrgraph`` command line: a thin client of the library.

Commands live in modules of this package and are imported only when they run, so
``csrgraph --help`` imports none of them (and never rdflib or pyshacl): the one-line summary
it lists is kept next to each command's location in :data:`COMMANDS`, and a test checks it
against the command's own help. Every expected failure is raised as a
:class:`csrgraph.errors.CsrgraphError` and turned into one ``Error: ...`` line on stderr and
the exit code the error class documents: by the command that ran
(:class:`csrgraph.cli.common.Command`, which spells the library's parameter names as its own
flags), or here for a failure outside any command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NamedTuple

import click

from csrgraph.errors import CsrgraphError


class OneLineUsageError(click.ClickException):
    """A click usage error shown as one ``Error: ...`` line (exit code 2), like ours.

    Click shows its own usage errors (a bad option value, an unknown option or command, a
    missing required option) as a block with the usage and a hint; csrgraph prints every
    expected failure as one line.
    """

    exit_code = 2


def one_line(err: click.UsageError) -> click.ClickException:
    """Return ``err`` as an error click shows in one line, or ``err`` itself for ``--help``.

    >>> one_line(click.UsageError("No such option: --nosuch")).format_message()
    'No such option: --nosuch'
    """
    from csrgraph.formats.neutral import terminal_text

    if isinstance(err, click.exceptions.NoArgsIsHelpError):  # the help text, not an error
        return err
    return OneLineUsageError(terminal_text(" ".join(err.format_message().split())))


class LazyCommand(NamedTuple):
    """Where a command lives (``"module:attribute"``) and its summary for ``--help``.

    The summary is the first sentence of the command's docstring, as click shortens it
    (``get_short_help_str``); ``tests/test_cli.py`` fails when the two drift apart.
    """

    target: str
    summary: str


# command name -> where it lives and its one-line summary; the module is imported on first use.
COMMANDS: dict[str, LazyCommand] = {
    "links": LazyCommand(
        "csrgraph.cli.links:links_command",
        "List the mappings to SOC, O*NET-SOC, ISCO-08, ESCO and KldB, or check that they resolve.",
    ),
    "load": LazyCommand(
        "csrgraph.cli.store:load_command",
        "Load the graph into a triple store, safely, and report the triple count.",
    ),
    "describe": LazyCommand(
        "csrgraph.cli.publish:describe_command",
        "Print the dataset description with statistics computed from the graph.",
    ),
    "diagram": LazyCommand(
        "csrgraph.cli.publish:diagram_command",
        "Draw the model (classes and the properties between them) from the ontology and data.",
    ),
    "dist": LazyCommand(
        "csrgraph.cli.publish:dist_command",
        "Write the release artefacts: the graph in every format, mappings, description, checksums.",
    ),
    "docs": LazyCommand(
        "csrgraph.cli.publish:docs_command",
        "Write the ontology's HTML documentation with pyLODE (needs the docs extra).",
    ),
    "queries": LazyCommand(
        "csrgraph.cli.sparql:queries_command",
        "List the bundled queries: name, summary and parameters.",
    ),
    "query": LazyCommand(
        "csrgraph.cli.sparql:query_command",
        "Run a bundled query (by name), a .rq file, or query text (-e, or - for stdin).",
    ),
    "validate": LazyCommand(
        "csrgraph.cli.validation:validate_command",
        "Validate the graph (plus your --data files) against the SHACL shapes and rules.",
    ),
    "export": LazyCommand(
        "csrgraph.cli.graph:export_command",
        "Export the dataset (ontology and data, plus your --data files) as RDF.",
    ),
    "info": LazyCommand(
        "csrgraph.cli.explore:info_command",
        "Show version, licence, source, counts and languages, computed from the graph.",
    ),
    "index": LazyCommand(
        "csrgraph.cli.graph:index_command",
        "Load the bundled graph plus your --data files once into an on-disk store.",
    ),
    "import": LazyCommand(
        "csrgraph.cli.importers:import_group",
        "Convert another occupation dataset's download (O*NET, ...) into csrgraph RDF.",
    ),
    "diff": LazyCommand(
        "csrgraph.cli.explore:diff_command",
        "Show what changed between two releases of a vocabulary (SKOS concepts).",
    ),
    "search": LazyCommand(
        "csrgraph.cli.search:search_command",
        "Find occupations, skills, tasks, concepts and codes by name or code.",
    ),
    "site": LazyCommand(
        "csrgraph.cli.site:site_command",
        "Write a static website of the graph: a page per resource, German and English.",
    ),
    "serve": LazyCommand(
        "csrgraph.cli.site:serve_command",
        "Preview a site built by `csrgraph site` on 127.0.0.1, with content negotiation.",
    ),
    "explain": LazyCommand(
        "csrgraph.cli.explore:explain_command",
        "Show the source statement behind a fact ID or a node.",
    ),
}


def shorten(summary: str, limit: int) -> str:
    """Shorten a summary to ``limit`` characters the way click shortens a command's help.

    >>> shorten("List the bundled queries: name, summary and parameters.", 30)
    'List the bundled queries:...'
    """
    if len(summary) <= limit:
        return summary
    if limit < 3:
        return "..."
    import textwrap

    return textwrap.shorten(summary, limit, placeholder="...", break_on_hyphens=False)


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the names of all commands, eager and lazy, sorted."""
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command called ``cmd_name``, importing its module if it is lazy."""
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return super().get_command(ctx, cmd_name)
        target = lazy.target
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring bug
            raise TypeError(f"{target} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their summaries, without importing the lazy ones."""
        rows: list[tuple[str, str | None]] = []
        for name in self.list_commands(ctx):
            lazy = COMMANDS.get(name)
            if lazy is not None:
                rows.append((name, lazy.summary))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, None))
        if not rows:
            return
        # the same width click gives the summaries ("3 times the default spacing")
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        lines = []
        for name, summary in rows:
            if summary is None:
                command = super().get_command(ctx, name)
                text = command.get_short_help_str(limit) if command is not None else ""
            else:
                text = shorten(summary, limit)
            lines.append((name, text))
        with formatter.section("Commands"):
            formatter.write_dl(lines)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse the group's own options; a usage error is one ``Error:`` line."""
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as err:
            raise one_line(err) from err

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Resolve a command name, suggesting the closest ones for a typo."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as err:
            import difflib

            name = args[0] if args else ""
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.5)
            if close and name and not name.startswith("-"):
                raise click.UsageError(
                    f"No such command {name!r}. Did you mean: {', '.join(close)}?", ctx
                ) from err
            raise

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn library errors into one ``Error:`` line and an exit code.

        The subcommand's name is resolved and its arguments parsed in here, so click's usage
        errors for them (and any raised by a command) become one line with exit code 2 too.
        """
        from csrgraph.signals import cleanup_on_signals, end_by_signal

        try:
            with cleanup_on_signals():  # SIGTERM/SIGHUP: clean up, then end by the signal
                return super().invoke(ctx)
        except click.UsageError as err:
            raise one_line(err) from err
        except CsrgraphError as err:
            _say_error(err.render(_option))
            ctx.exit(err.exit_code)
        except BrokenPipeError:  # pragma: no cover - e.g. `csrgraph query ... | head`
            _silence_stdout()
            ctx.exit(1)
        except KeyboardInterrupt:  # SIGINT (Ctrl-C), after cleanup: end by it (shell: 130)
            import signal

            end_by_signal(signal.SIGINT)
        except OSError as err:  # a write no code path expected (the disk, a device): one line
            where = f"{err.filename}: " if err.filename else ""
            _say_error(f"{where}{err.strerror or err}")
            ctx.exit(2)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; stdout that fails at its last flush is one ``Error:`` line.

        Text printed with ``click.echo`` (``--help``, ``--version``) sits in a buffer until
        the interpreter exits, where a full disk (``> /dev/full``) would print a traceback.
        """
        try:
            return super().main(*args, **kwargs)
        except OSError as err:  # outside a command only --help and --version write
            _silence_stdout()
            _say_error(f"stdout: cannot write ({err.strerror or err})")
            sys.exit(2)
        finally:
            _flush_stdout()


def _silence_stdout() -> None:
    """Point stdout at the null device, so no later flush can fail on it."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no stdout to point
        pass


def _flush_stdout() -> None:
    """Flush stdout; on failure print one ``Error:`` line and exit with code 2."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except (OSError, ValueError) as err:
        _silence_stdout()
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "it is closed"
        _say_error(f"stdout: cannot write ({reason})")
        sys.exit(2)


def _say_error(message: str) -> None:
    """Print one ``Error:`` line through :func:`csrgraph.cli.common.say` (controls escaped)."""
    from csrgraph.cli.common import say

    say("Error", message)


def _option(name: str) -> str:
    """Spell a parameter named outside any command as click would derive its flag."""
    return "--" + name.replace("_", "-")


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="csrgraph", prog_name="csrgraph")
def main() -> None:
    """Query, validate and export the customer service representative knowledge graph.

    \b
    Example:
      csrgraph query pay-by-experience --lang de
    """
