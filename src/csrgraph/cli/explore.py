"""``csrgraph info`` and ``csrgraph explain``: what the graph holds, and where a fact came from."""

from __future__ import annotations

import click

from csrgraph.cli.common import (
    data_option,
    format_option,
    lang_option,
    write_output,
)


@click.command("info")
@format_option(["table", "json"], "Output format [default: table].")
@data_option
def info_command(fmt: str | None, data: tuple[str, ...]) -> None:
    """Show version, licence, source, counts and languages, computed from the graph.

    \b
    Example:
      csrgraph info -f json
    """
    from csrgraph.explore.info import info, to_json, to_table

    details = info(data)
    write_output(to_json(details) if fmt == "json" else to_table(details), None)


@click.command("explain")
@click.argument("target")
@lang_option
@format_option(["text", "json"], "Output format [default: text].")
@data_option
def explain_command(target: str, lang: str, fmt: str | None, data: tuple[str, ...]) -> None:
    """Show the source statement behind a fact ID or a node.

    Prints the German quote, the English rendering, the section, the authority and the
    nodes modelled from the statement.

    \b
    Examples:
      csrgraph explain F27
      csrgraph explain https://w3id.org/csrgraph/statement/F27 --lang de
    """
    from csrgraph.explore.explain import explain

    explanations = explain(target, lang=lang, data=data)
    if fmt == "json":
        import json

        payload = json.dumps([e.to_dict() for e in explanations], indent=2, ensure_ascii=False)
        write_output(payload + "\n", None)
    else:
        write_output("\n".join(e.to_text() for e in explanations), None)
