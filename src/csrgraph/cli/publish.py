"""Commands that publish the dataset: ``describe``, ``dist``, ``docs`` and ``diagram``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from csrgraph.errors import InputError, NotConforming

_DIAGRAM_VIEWS = ("overview", "claims", "qualifiers", "all")  # keys of csrgraph.diagram.VIEWS
_DIAGRAM_FORMATS = ("mermaid", "dot", "svg")  # keys of csrgraph.diagram.RENDERERS


def _write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically, or to stdout for ``-``."""
    if path == "-":
        click.echo(text, nl=False)
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror or err})") from None


@click.command("describe")
@click.option("--check", "mode", flag_value="check", help="Exit 1 if data/dataset.ttl is stale.")
@click.option(
    "--write", "mode", flag_value="write", help="Rewrite data/dataset.ttl's generated part."
)
def describe_command(mode: str | None) -> None:
    """Print the dataset description with statistics computed from the graph.

    The part of data/dataset.ttl below its "Generated" line (VoID statistics, linksets,
    distributions, SPARQL examples) is computed; --write rewrites it, --check fails when the
    committed file differs.

    \b
    Example:
      csrgraph describe --check
    """
    from csrgraph import describe

    if mode == "write":
        changed = describe.write()
        click.echo(
            f"{describe.description_path()}: {'updated' if changed else 'up to date'}", err=True
        )
    elif mode == "check":
        if not describe.is_current():
            raise NotConforming(
                f"{describe.DESCRIPTION_FILE} is out of date; run `{describe.FIX_COMMAND}`"
            )
        click.echo(f"{describe.DESCRIPTION_FILE}: up to date", err=True)
    else:
        click.echo(describe.expected_text(), nl=False)


@click.command("dist")
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="dist",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the release artefacts.",
)
def dist_command(out_dir: str) -> None:
    """Write the release artefacts: the graph in every format, mappings, description, checksums.

    The files are byte-identical for the same version (canonical triple order).

    \b
    Example:
      csrgraph dist -o dist
    """
    from csrgraph import dist

    sizes = dist.write(out_dir)
    for line in dist.summary(sizes):
        click.echo(line)
    click.echo(f"{len(sizes)} files in {out_dir}", err=True)


@click.command("docs")
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="build/docs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for index.html.",
)
def docs_command(out_dir: str) -> None:
    """Write the ontology's HTML documentation with pyLODE (needs the docs extra).

    \b
    Example:
      csrgraph docs -o build/docs
    """
    from csrgraph import docs

    click.echo(str(docs.write(out_dir)))


@click.command("diagram")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_DIAGRAM_FORMATS),
    default="mermaid",
    show_default=True,
    help="Output format (svg needs Graphviz's dot).",
)
@click.option(
    "--view",
    type=click.Choice(_DIAGRAM_VIEWS),
    default="overview",
    show_default=True,
    help="Which part of the model to draw.",
)
@click.option(
    "--lang",
    type=click.Choice(("de", "en")),
    default=None,
    help="Show labels in this language instead of prefixed names.",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file.")
@click.option(
    "--readme",
    type=click.Path(dir_okay=False),
    default=None,
    help="Rewrite the diagram section of this README instead.",
)
def diagram_command(fmt: str, view: str, lang: str | None, output: str, readme: str | None) -> None:
    """Draw the model (classes and the properties between them) from the ontology and data.

    \b
    Examples:
      csrgraph diagram --view claims -f svg -o claims.svg
      csrgraph diagram --readme README.md
    """
    from csrgraph import diagram
    from csrgraph.graph import decode_utf8, read_bytes

    if readme is not None:
        text = decode_utf8(read_bytes(readme), readme)
        _write_text(readme, diagram.update_readme(text))
        return
    _write_text(output, diagram.render(view, fmt, lang))
