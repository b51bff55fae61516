"""``csrgraph export`` and ``csrgraph index``: the graph out as RDF, or into an on-disk index."""

from __future__ import annotations

import click

from csrgraph.cli.common import (
    Command,
    StrictChoice,
    data_option,
    format_option,
    output_option,
    suffix_format,
    write_output,
)
from csrgraph.cli.progress import quiet_option, status
from csrgraph.errors import UsageError
from csrgraph.formats import Record, Report, graph_formats, render


@click.command("export", cls=Command)
@format_option(graph_formats(), "Output format [default: ttl].")
@click.option("--data-only", is_flag=True, help="Leave out the ontology (instance data only).")
@click.option(
    "--profile",
    type=StrictChoice(["rdf", "schema.org"]),
    default="rdf",
    show_default=True,
    help="rdf: the whole graph; schema.org: one schema.org Occupation document (JSON-LD only).",
)
@click.option(
    "--occupation",
    metavar="IRI",
    help="With --profile schema.org: the occupation to describe (when there are several).",
)
@data_option
@output_option
def export_command(
    fmt: str | None,
    data_only: bool,
    profile: str,
    occupation: str | None,
    data: tuple[str, ...],
    output: str | None,
) -> None:
    """Export the dataset (ontology and data, plus your --data files) as RDF.

    \b
    Examples:
      csrgraph export -f jsonld -o csrgraph.jsonld
      csrgraph export --profile schema.org -f jsonld -o occupation.jsonld
    """
    fmt = fmt or suffix_format(output, graph_formats())
    if profile == "schema.org":
        if fmt not in (None, "jsonld"):
            raise UsageError(f"--profile schema.org writes JSON-LD only, not {fmt!r}")
        from csrgraph.graph.load import load_graph
        from csrgraph.publish.schemaorg import occupation_jsonld_text

        write_output(occupation_jsonld_text(load_graph(data), occupation=occupation), output)
        return
    if occupation is not None:
        raise UsageError("--occupation goes with --profile schema.org")

    import pyoxigraph as ox

    from csrgraph.formats import serialize_graph
    from csrgraph.graph.load import load_store_and_prefixes

    # the store holds each triple once; sorted, the output is the same on every run
    store, prefixes = load_store_and_prefixes(data, include_ontology=not data_only)
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    triples = sorted((quad.triple for quad in quads), key=str)
    write_output(serialize_graph(triples, fmt or "ttl", prefixes), output)


@click.command("index", cls=Command)
@data_option
@click.option(
    "--add",
    metavar="FILE",
    multiple=True,
    help="Add an RDF file to the index at --store-dir, keeping what it holds (no re-parse). "
    "Repeatable; not with --data.",
)
@click.option(
    "--store-dir",
    required=True,
    metavar="DIR",
    help="The index folder: created, or replaced if it is an index already (with --add: "
    "an index to add to).",
)
@format_option(["text", "json"], "Report format [default: text].")
@quiet_option
def index_command(
    data: tuple[str, ...], add: tuple[str, ...], store_dir: str, fmt: str | None, quiet: bool
) -> None:
    """Load the bundled graph plus your --data files once into an on-disk store.

    Then `csrgraph query ... --store-dir DIR` answers from it without parsing anything,
    with the same rows as `csrgraph query ... --data FILE...`. Rebuild the index when
    your files change, or --add new files to it: only they are parsed, and the manifest
    lists each with its size, SHA-256, the triples it added and when. A file already in
    the index (the same bytes) is refused. A build or an add is all or nothing: when it
    fails, DIR stays as it was. On a terminal a progress line shows (-q: none).

    \b
    Example:
      csrgraph index --data esco.nt --data extra.ttl --store-dir ~/.cache/csr-index
      csrgraph index --add crosswalk.nt --store-dir ~/.cache/csr-index
      csrgraph query pay-by-experience --store-dir ~/.cache/csr-index
    """
    if data and add:
        raise UsageError("give --data (build a new index) or --add (add to one), not both")
    with status("index", quiet) as progress:
        if add:
            from csrgraph.graph.index_add import add_to_index

            info = add_to_index(add, store_dir, progress)
        else:
            from csrgraph.graph.index import build_index

            info = build_index(data, store_dir, progress)
    if fmt == "json":
        write_output(info.to_json(), None)  # the manifest the index keeps, as it is stored
    else:
        names = ", ".join(f.path for f in info.files) or "no files of yours"
        line = f"{store_dir}: {info.triples} triples (bundled graph + {names})"
        write_output(render(Report([Record(line)]), "text"), None)
