"""The ``csrgraph`` command line: a thin client of the library.

Commands live in modules of this package and are imported only when they run (or when
``--help`` lists them), so ``csrgraph --help`` never imports rdflib or pyshacl. Every
expected failure is raised as a :class:`csrgraph.errors.CsrgraphError` and turned here into one
``Error: ...`` line on stderr and the exit code the error class documents.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from csrgraph import __version__
from csrgraph.errors import CsrgraphError

# command name -> "module:attribute"; the module is imported on first use.
COMMANDS: dict[str, str] = {
    "links": "csrgraph.cli.links:links_command",
    "load": "csrgraph.cli.store:load_command",
    "describe": "csrgraph.cli.publish:describe_command",
    "diagram": "csrgraph.cli.publish:diagram_command",
    "dist": "csrgraph.cli.publish:dist_command",
    "docs": "csrgraph.cli.publish:docs_command",
    "queries": "csrgraph.cli.query:queries_command",
    "query": "csrgraph.cli.query:query_command",
    "validate": "csrgraph.cli.query:validate_command",
    "export": "csrgraph.cli.query:export_command",
    "info": "csrgraph.cli.query:info_command",
    "index": "csrgraph.cli.index:index_command",
    "explain": "csrgraph.cli.query:explain_command",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the names of all commands, eager and lazy, sorted."""
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command called ``cmd_name``, importing its module if it is lazy."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring bug
            raise TypeError(f"{target} is not a click command")
        return command

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
        """Run the command; turn library errors into one ``Error:`` line and an exit code."""
        try:
            return super().invoke(ctx)
        except CsrgraphError as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:  # pragma: no cover - e.g. `csrgraph query ... | head`
            sys.stderr.close()
            ctx.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="csrgraph")
def main() -> None:
    """Query, validate and export the customer service representative knowledge graph.

    \b
    Example:
      csrgraph query pay-by-experience --lang de
    """
