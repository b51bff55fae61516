"""``csrgraph validate``: the SHACL shapes and integrity rules over the graph and your data."""

from __future__ import annotations

import click

from csrgraph.cli.common import (
    Command,
    PositiveSeconds,
    StrictChoice,
    data_option,
    default_format,
    format_option,
    output_option,
    write_output,
)
from csrgraph.cli.progress import quiet_option, status
from csrgraph.formats import render
from csrgraph.validation.engines import ENGINES

#: The report formats: ``text`` and ``json`` by :data:`csrgraph.formats.REGISTRY`, ``ttl`` the
#: SHACL report graph itself.
VALIDATE_FORMATS = ("text", "json", "ttl")


@click.command("validate", cls=Command)
@data_option
@click.option(
    "--shapes",
    metavar="FILE",
    multiple=True,
    help="Validate against these SHACL shapes instead of the bundled ones. Repeatable.",
)
@click.option(
    "--engine",
    type=StrictChoice(list(ENGINES)),
    default="auto",
    show_default=True,
    help="SHACL engine: auto is oxigraph (SHACL Core compiled to SPARQL) where the shapes"
    " allow, else pyshacl-turbo where installed (pip install 'csrgraph[fast]'), else pySHACL;"
    " jena runs Apache Jena's shacl where Java and Jena are installed.",
)
@click.option(
    "--timeout",
    type=PositiveSeconds(),
    default=None,
    metavar="SECONDS",
    help="Stop the whole job after SECONDS of wall-clock time: reading --data and --shapes"
    " (a Turtle, RDF/XML or JSON-LD file is parsed in a child killed on time; N-Triples and"
    " the built-in steps run here, the time checked after each) and validating. Validation"
    " runs in a child process (on Linux without network) with a timeout or with your own"
    " --shapes, whose SPARQL is checked as a query's is (no SERVICE, FROM, LOAD or update).",
)
@format_option(VALIDATE_FORMATS, "Report format [default: text].")
@output_option
@quiet_option
@click.pass_context
def validate_command(
    ctx: click.Context,
    data: tuple[str, ...],
    shapes: tuple[str, ...],
    engine: str,
    timeout: float | None,
    fmt: str | None,
    output: str | None,
    quiet: bool,
) -> None:
    """Validate the graph (plus your --data files) against the SHACL shapes and rules.

    With the bundled shapes, the integrity rules of ontology/rules/ (a fact ID unique in
    its document, a quote in its document's language, ...) run too, in the same report.
    Exit code 0: the data conforms; 1: it does not (one line per result: focus node, path,
    value, message), or --timeout ran out (one Error line and no report, as for a query's
    timeout); 2: a file cannot be read (with file:line:column for a syntax error) or the
    shapes cannot be used. On a terminal a progress line shows (-q: none).

    \b
    Example:
      csrgraph validate --data my-extension.ttl -f json -o report.json
    """
    from csrgraph.validation import validate

    with status("validate", quiet) as progress:
        report = validate(
            data=data,
            shapes=list(shapes) or None,
            engine=engine,
            timeout=timeout,
            progress=progress,
        )
    fmt = fmt or default_format(VALIDATE_FORMATS, output)
    if fmt == "ttl":
        write_output(report.to_turtle(), output)
    else:
        write_output(render(report.as_report(), fmt), output)
    if not report.conforms:
        ctx.exit(1)
