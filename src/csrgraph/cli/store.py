"""``csrgraph load``: put the graph (or your own files) into a SPARQL 1.1 triple store."""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from csrgraph.arguments import check_iri
from csrgraph.cli.common import Command, PositiveSeconds, StrictChoice
from csrgraph.cli.progress import quiet_option, status
from csrgraph.errors import NotConforming, UsageError
from csrgraph.resources import graph_files
from csrgraph.store import AUTH_MODES, DEFAULT_TIMEOUT, SECONDS_PER_TRIPLE

if TYPE_CHECKING:
    import pyoxigraph


@click.command("load", cls=Command)
@click.option(
    "--store",
    "store_url",
    required=True,
    metavar="URL",
    help="Graph Store protocol endpoint, e.g. http://localhost:7878/store (Oxigraph), "
    "http://localhost:3030/ds/data (Fuseki).",
)
@click.option("--graph", metavar="IRI", help="Load into this named graph.")
@click.option("--default-graph", is_flag=True, help="Load into the store's default graph.")
@click.option(
    "--replace/--append",
    default=True,
    show_default=True,
    help="Replace the graph's content atomically, or add to it.",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    metavar="FILE",
    help="Also load this RDF file (.ttl, .nt, .rdf, .owl, .jsonld; - is stdin) with the "
    "bundled graph; repeatable.",
)
@click.option(
    "--query-endpoint",
    "query",
    metavar="URL",
    help="SPARQL query endpoint (default: from --store).",
)
@click.option(
    "--update-endpoint",
    "update",
    metavar="URL",
    help="SPARQL update endpoint (default: from --store).",
)
@click.option(
    "--timeout",
    type=PositiveSeconds(),
    metavar="S",
    help=f"Seconds each request may take, from the connection to the answer's last byte "
    f"[default: "
    f"{DEFAULT_TIMEOUT:g}; for the upload and the swap {DEFAULT_TIMEOUT:g} plus "
    f"{SECONDS_PER_TRIPLE * 1000:g} per 1000 triples].",
)
@click.option(
    "--auth",
    type=StrictChoice(AUTH_MODES),
    default="auto",
    show_default=True,
    help="How to send the user and password: as the store's challenge asks (auto), or always "
    "Basic or Digest (for a store that asks without naming a scheme).",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check the data against the SHACL shapes before sending anything.",
)
@quiet_option
def load_command(
    store_url: str,
    graph: str | None,
    default_graph: bool,
    replace: bool,
    data: tuple[Path, ...],
    query: str | None,
    update: str | None,
    timeout: float | None,
    auth: str,
    validate: bool,
    quiet: bool,
) -> None:
    """Load the graph into a triple store, safely, and report the triple count.

    The data is parsed and (by default) validated before anything is sent; bad data
    leaves the store untouched. A target that holds triples gets the upload through a
    temporary graph that one SPARQL Update then moves onto it, so a failed load never leaves
    it empty or half-written; an empty target takes the upload itself, and is emptied again
    if the load fails. Credentials: CSRGRAPH_STORE_USER and CSRGRAPH_STORE_PASSWORD, or
    CSRGRAPH_STORE_TOKEN, or ~/.netrc. On a terminal a progress line and an upload bar
    show (-q: none).

    \b
    Example:
      oxigraph serve --location db &
      csrgraph load --store http://localhost:7878/store --graph https://w3id.org/csrgraph/
    """
    from csrgraph import store

    if (graph is None) == (not default_graph):
        raise UsageError("say where to load: --graph IRI or --default-graph (one of them)")
    if graph is not None:
        check_iri(graph)  # the library checks again; here, before the data is read
    endpoints = store.endpoints_for(store_url, query=query, update=update)
    store.refuse_unsafe(endpoints, graph)  # before the data is even read

    with tempfile.TemporaryDirectory(prefix="csrgraph-load-") as tmp:
        extra = _save_stdin(data, Path(tmp))
        upload = Path(tmp) / "upload.nt"
        with status("load", quiet) as progress:
            if validate:  # parsed once, by pyoxigraph; rdflib gets a copy for pySHACL
                prepared = store.prepare_parsed(_validated(extra, data, progress), upload)
            else:  # parsed once, streaming, straight into the upload file
                if progress is not None:
                    progress("reading the data")
                prepared = store.prepare([*graph_files(), *extra], upload)
        load = functools.partial(
            store.load, prepared, endpoints, graph, replace=replace, timeout=timeout, auth=auth
        )
        if _on_terminal() and not quiet:
            size = prepared.path.stat().st_size
            with click.progressbar(length=size, label="Uploading", file=sys.stderr) as bar:
                result = load(progress=bar.update)
        else:
            result = load()

    target = "the default graph" if graph is None else f"<{graph}>"
    verb = "Replaced" if replace else "Appended to"
    click.echo(
        f"{verb} {target} at {store.redact(endpoints.store)}: sent {result.sent} triples, "
        f"the graph holds {result.stored} triples"
    )
    where = "" if graph is None else f" --graph {graph}"
    click.echo(
        f"Query it with: csrgraph query NAME --endpoint {store.redact(endpoints.query)}{where}"
    )


def _on_terminal() -> bool:
    """Return whether messages go to a terminal (then a progress bar is shown)."""
    return sys.stderr.isatty()


def _save_stdin(data: tuple[Path, ...], tmp: Path) -> list[Path]:
    """Return the --data files, with stdin (``-``) saved to a file so it can be read twice."""
    files = []
    for index, path in enumerate(data):
        if str(path) == "-":
            saved = tmp / f"stdin-{index}"  # no suffix: the format is sniffed from the content
            with saved.open("wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out)
            files.append(saved)
        else:
            files.append(path)
    return files


def _validated(
    extra: list[Path], given: Sequence[Path], progress: Callable[[str], None] | None = None
) -> list[pyoxigraph.Quad]:
    """Return the bundled graph plus ``extra``, parsed once and checked against the shapes.

    The bundled files are parsed once per process (``graph.load_parsed`` keeps them);
    ``given`` are the --data arguments as the user typed them, for the hint.
    """
    import shlex

    from csrgraph.graph.load import graph_from_parsed, load_parsed
    from csrgraph.validation import validate

    if progress is not None:
        progress("reading the data")
    parsed = load_parsed(extra)
    report = validate(graph_from_parsed(parsed), progress=progress)
    if not report.conforms:
        first = report.results[0].to_line(report.prefixes) if report.results else ""
        command = " ".join(["csrgraph validate", *(f"--data {shlex.quote(str(p))}" for p in given)])
        raise NotConforming(
            f"the data does not conform to the shapes ({len(report.results)} results; first: "
            f"{first}); nothing was sent. Run `{command}` for the full report, or "
            "--no-validate to load anyway"
        )
    return parsed.quads
