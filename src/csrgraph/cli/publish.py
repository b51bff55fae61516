"""Commands that publish the dataset: ``describe``, ``dist``, ``docs`` and ``diagram``."""

from __future__ import annotations

from pathlib import Path

import click

from csrgraph.cli.common import (
    Command,
    StrictChoice,
    language_option,
    output_folder,
    output_path,
    write_output,
)
from csrgraph.cli.progress import quiet_option, status
from csrgraph.errors import OutOfDate
from csrgraph.formats import Record, Report, render

# Copies of the keys of csrgraph.publish.diagram_model.VIEWS and
# csrgraph.publish.diagram.RENDERERS, so that --help needn't import rdflib;
# tests/test_diagram.py fails when they drift apart.
DIAGRAM_VIEWS = ("overview", "claims", "qualifiers", "all")
DIAGRAM_FORMATS = ("mermaid", "dot", "svg")


@click.command("describe", cls=Command)
@click.option("--check", "mode", flag_value="check", help="Exit 1 if the description is stale.")
@click.option(
    "--write", "mode", flag_value="write", help="Rewrite the description's generated part."
)
@click.option(
    "--path",
    metavar="FILE",
    default=None,
    help="The description file to print, check or rewrite [default: data/dataset.ttl; "
    "--write needs a checkout or this option].",
)
def describe_command(mode: str | None, path: str | None) -> None:
    """Print the dataset description with statistics computed from the graph.

    The part of data/dataset.ttl below its "Generated" line (VoID statistics, linksets,
    distributions, SPARQL examples) is computed; --write rewrites it, --check fails when the
    committed file differs. From an installed package, --write needs --path.

    \b
    Example:
      csrgraph describe --check
    """
    from csrgraph.publish import describe

    file = Path(path) if path is not None else None
    if mode == "write":
        changed = describe.write(file)
        shown = path if path is not None else describe.description_path()
        click.echo(f"{shown}: {'updated' if changed else 'up to date'}", err=True)
    elif mode == "check":
        name = path if path is not None else describe.DESCRIPTION_FILE
        if not describe.is_current(file):
            fix = describe.FIX_COMMAND + (f" --path {path}" if path is not None else "")
            raise OutOfDate(f"{name} is out of date; run `{fix}`", file=str(name))
        click.echo(f"{name}: up to date", err=True)
    else:
        click.echo(describe.expected_text(file), nl=False)


@click.command("dist", cls=Command)
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="dist",
    show_default=True,
    metavar="DIRECTORY",
    help="Folder for the release artefacts.",
)
@quiet_option
def dist_command(out_dir: str, quiet: bool) -> None:
    """Write the release artefacts: the graph in every format, mappings, description, checksums.

    The files are byte-identical for the same version (canonical triple order). On a
    terminal a progress line shows (-q: none).

    \b
    Example:
      csrgraph dist -o dist
    """
    from csrgraph.publish import dist

    output_folder(out_dir)  # refuse a file before the build, not after
    with status("dist", quiet) as progress:
        sizes = dist.write(out_dir, progress=progress)
    listing = Report([Record(line) for line in dist.summary(sizes)])
    write_output(render(listing, "text"), None)
    click.echo(f"{len(sizes)} files in {out_dir}", err=True)


@click.command("docs", cls=Command)
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="build/docs",
    show_default=True,
    metavar="DIRECTORY",
    help="Folder for index.html.",
)
def docs_command(out_dir: str) -> None:
    """Write the ontology's HTML documentation with pyLODE (needs the docs extra).

    \b
    Example:
      csrgraph docs -o build/docs
    """
    from csrgraph.publish import docs

    output_folder(out_dir)  # refuse a file before the page is rendered
    write_output(f"{docs.write(out_dir)}\n", None)


@click.command("diagram", cls=Command)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=StrictChoice(DIAGRAM_FORMATS),
    default="mermaid",
    show_default=True,
    help="Output format (svg needs Graphviz's dot).",
)
@click.option(
    "--view",
    type=StrictChoice(DIAGRAM_VIEWS),
    default="overview",
    show_default=True,
    help="Which part of the model to draw.",
)
@language_option(None, "Show labels in this language instead of prefixed names.")
@click.option(
    "-o", "--output", default="-", show_default=True, callback=output_path, help="Output file."
)
@click.option(
    "--readme",
    metavar="FILE",
    default=None,
    help="Rewrite the diagram section of this README instead: the lines between "
    "<!-- diagram --> and <!-- /diagram --> (a file without them is refused).",
)
def diagram_command(fmt: str, view: str, lang: str | None, output: str, readme: str | None) -> None:
    """Draw the model (classes and the properties between them) from the ontology and data.

    \b
    Examples:
      csrgraph diagram --view claims -f svg -o claims.svg
      csrgraph diagram --readme docs/model.md
    """
    from csrgraph.graph.reading import decode_utf8, display_name, read_bytes
    from csrgraph.publish import diagram

    if readme is not None:
        text = decode_utf8(read_bytes(readme), readme)
        write_output(diagram.update_readme(text, display_name(readme)), readme)
        return
    write_output(diagram.render(view, fmt, lang), output)
