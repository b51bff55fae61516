"""Generate the CLI reference of the README from the commands' own ``--help`` texts.

The README keeps the reference between ``<!-- cli-reference -->`` markers; a test regenerates it
and fails on drift. To refresh it::

    python -m csrgraph.cli.reference --write README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

START = "<!-- cli-reference -->"
END = "<!-- /cli-reference -->"


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    with click.Context(
        command,
        info_name=name,
        parent=parent,
        terminal_width=100,
        max_content_width=100,
        help_option_names=["-h", "--help"],
    ) as ctx:
        return command.get_help(ctx)


def render() -> str:
    """Return the Markdown reference: the help of ``csrgraph`` and of every subcommand.

    >>> "csrgraph query" in render()
    True
    """
    from csrgraph.cli import main

    parts = ["```text", "$ csrgraph --help", _help(main, "csrgraph", None), "```"]
    with click.Context(main, info_name="csrgraph") as root:
        for name in main.list_commands(root):
            command = main.get_command(root, name)
            if command is None or command.hidden:
                continue
            parts += ["", f"### csrgraph {name}", "", "```text"]
            parts += [f"$ csrgraph {name} --help", _help(command, name, root), "```"]
    return "\n".join(parts) + "\n"


def splice(text: str, reference: str) -> str:
    """Return ``text`` with the part between the reference markers replaced by ``reference``."""
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise ValueError(f"the README has no {START} ... {END} block")
    return f"{head}{START}\n{reference}{END}{tail}"


def main_(argv: list[str] | None = None) -> int:
    """Print the reference, or with ``--write FILE`` splice it into that file."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--write":
        path = Path(args[1])
        path.write_text(splice(path.read_text(encoding="utf-8"), render()), encoding="utf-8")
        return 0
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
