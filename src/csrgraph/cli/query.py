"""The commands ``queries``, ``query``, ``validate``, ``export``, ``info`` and ``explain``.

Each parses its arguments, calls one library function and hands the result to a formatter.
Heavy libraries are imported inside the commands, so listing them costs nothing.
"""

from __future__ import annotations

import click

from csrgraph.cli.common import (
    PositiveSeconds,
    StrictChoice,
    data_option,
    format_option,
    lang_option,
    output_option,
    param_option,
    parse_params,
    stdout_is_terminal,
    suffix_format,
    write_output,
)
from csrgraph.errors import UsageError
from csrgraph.formats import REGISTRY, graph_formats, row_formats


@click.command("queries")
@format_option(["table", "json", "md"], "Output format [default: table].")
def queries_command(fmt: str | None) -> None:
    """List the bundled queries: name, summary and parameters.

    \b
    Example:
      csrgraph queries -f json
    """
    from csrgraph.catalog import list_queries

    items = list_queries()
    records = [
        {
            "name": q.name,
            "summary": q.summary,
            "description": q.description,
            "tags": list(q.tags),
            "parameters": [
                {"name": p.name, "kind": p.kind, "default": p.default, "optional": p.optional}
                for p in q.params
            ],
        }
        for q in items
    ]
    fmt = fmt or "table"
    if fmt == "json":
        import json

        write_output(json.dumps(records, indent=2, ensure_ascii=False) + "\n", None)
        return

    def params_text(record: dict) -> str:
        return ", ".join(
            p["name"] + ("" if p["default"] is None else f"={p['default']}")
            for p in record["parameters"]
        )

    rows = [(r["name"], r["summary"], params_text(r)) for r in records]
    header = ("name", "summary", "parameters")
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|---|---|---|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    else:
        widths = [max([len(header[i])] + [len(row[i]) for row in rows]) for i in range(3)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
        ]
    write_output("\n".join(lines) + "\n", None)


#: Seconds a query may run from the command line unless --timeout says otherwise.
DEFAULT_TIMEOUT = 60.0


@click.command("query")
@click.argument("target", required=False)
@click.option("-e", "--expression", metavar="TEXT", help="The query text itself.")
@param_option
@lang_option
@format_option(list(REGISTRY), "Output format [default: table on a terminal, else csv or ttl].")
@output_option
@data_option
@click.option(
    "--timeout",
    type=PositiveSeconds(),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after SECONDS of wall-clock time (loading, evaluating, decoding). "
    "The query runs in a child process that, on Linux, has no network unless "
    "--allow-network.",
)
@click.option(
    "--allow-network",
    is_flag=True,
    help="Allow SERVICE and FROM / FROM NAMED (off by default: queries see only the graph).",
)
@click.option("--endpoint", metavar="URL", help="Send the query to this SPARQL endpoint instead.")
@click.option(
    "--graph",
    metavar="IRI",
    help="With --endpoint: query this graph (sent as default-graph-uri), e.g. one loaded "
    "with `csrgraph load --graph IRI`.",
)
@click.option(
    "--auth",
    type=click.Choice(["auto", "basic", "digest"]),
    default="auto",
    show_default=True,
    help="With --endpoint: how to send the user and password (see `csrgraph load --help`).",
)
@click.option(
    "--store-dir",
    metavar="DIR",
    help="Query the index built by `csrgraph index` (no parsing; not with --data).",
)
@click.pass_context
def query_command(
    ctx: click.Context,
    target: str | None,
    expression: str | None,
    params: tuple[str, ...],
    lang: str,
    fmt: str | None,
    output: str | None,
    data: tuple[str, ...],
    timeout: float | None,
    allow_network: bool,
    endpoint: str | None,
    graph: str | None,
    auth: str,
    store_dir: str | None,
) -> None:
    """Run a bundled query (by name), a .rq file, or query text (-e, or - for stdin).

    Queries are read-only and reach no file or network unless --allow-network is given.

    \b
    Examples:
      csrgraph query pay-by-experience --lang de
      csrgraph query -e 'SELECT ?s WHERE { ?s a schema:Occupation }' -f csv
      csrgraph query statements-by-authority -p authority_iri=org:bls -o rows.json
    """
    from csrgraph.catalog import Query, query_from_text
    from csrgraph.formats import serialize
    from csrgraph.sparql import run_query

    if expression is not None and target is not None:
        raise UsageError("give either TARGET or -e TEXT, not both")
    if expression is None and target is None:
        raise UsageError("give a query: a bundled name, a .rq file, - for stdin, or -e TEXT")
    if expression is not None and not expression.strip():
        raise UsageError("-e: the query text is empty")
    query: str | Query = query_from_text(expression) if expression is not None else str(target)
    values = parse_params(params)
    given_lang = ctx.get_parameter_source("lang") is not click.core.ParameterSource.DEFAULT
    for name, value in values.items():
        if name.lstrip("_") == "lang" and given_lang and value != lang:
            raise UsageError(f"--lang {lang} and -p {name}={value} disagree; give one of them")
    result = run_query(
        query,
        values,
        lang=lang,
        data=data,
        timeout=timeout,
        allow_network=allow_network,
        endpoint=endpoint,
        store_dir=store_dir,
        graph=graph,
        auth=auth,
        isolate=True,
    )
    if fmt is None:
        choices = graph_formats() if result.kind == "graph" else row_formats()
        fmt = suffix_format(output, choices)
    if fmt is None:
        if result.kind == "graph":
            fmt = "ttl"
        else:
            fmt = "table" if output is None and stdout_is_terminal() else "csv"
    write_output(serialize(result, fmt), output)


@click.command("validate")
@data_option
@click.option(
    "--shapes",
    metavar="FILE",
    multiple=True,
    help="Validate against these SHACL shapes instead of the bundled ones. Repeatable.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "pyshacl", "turbo"]),
    default="auto",
    show_default=True,
    help="SHACL engine: auto is pyshacl-turbo where installed (pip install 'csrgraph[fast]'),"
    " else pySHACL.",
)
@format_option(["text", "json", "ttl"], "Report format [default: text].")
@output_option
@click.pass_context
def validate_command(
    ctx: click.Context,
    data: tuple[str, ...],
    shapes: tuple[str, ...],
    engine: str,
    fmt: str | None,
    output: str | None,
) -> None:
    """Validate the graph (plus your --data files) against the SHACL shapes and rules.

    With the bundled shapes, the integrity rules of ontology/rules/ (a fact ID unique in
    its document, a quote in its document's language, ...) run too, in the same report.
    Exit code 0: the data conforms; 1: it does not (one line per result: focus node, path,
    value, message); 2: a file cannot be read (with file:line:column for a syntax error)
    or the shapes cannot be used.

    \b
    Example:
      csrgraph validate --data my-extension.ttl -f json -o report.json
    """
    from csrgraph.validate import validate

    report = validate(data=data, shapes=list(shapes) or None, engine=engine)
    fmt = fmt or "text"
    payload = {"text": report.to_text, "json": report.to_json, "ttl": report.to_turtle}[fmt]()
    write_output(payload, output)
    if not report.conforms:
        ctx.exit(1)


@click.command("export")
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
        from csrgraph.graph import load_graph
        from csrgraph.schemaorg import occupation_jsonld_text

        write_output(occupation_jsonld_text(load_graph(data), occupation=occupation), output)
        return
    if occupation is not None:
        raise UsageError("--occupation goes with --profile schema.org")

    import pyoxigraph as ox

    from csrgraph.formats import serialize_graph
    from csrgraph.graph import load_store_and_prefixes

    # the store holds each triple once; sorted, the output is the same on every run
    store, prefixes = load_store_and_prefixes(data, include_ontology=not data_only)
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    triples = sorted((quad.triple for quad in quads), key=str)
    write_output(serialize_graph(triples, fmt or "ttl", prefixes), output)


@click.command("info")
@format_option(["table", "json"], "Output format [default: table].")
@data_option
def info_command(fmt: str | None, data: tuple[str, ...]) -> None:
    """Show version, licence, source, counts and languages, computed from the graph.

    \b
    Example:
      csrgraph info -f json
    """
    from csrgraph.info import info, to_json, to_table

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
    from csrgraph.explain import explain

    explanations = explain(target, lang=lang, data=data)
    if fmt == "json":
        import json

        payload = json.dumps([e.to_dict() for e in explanations], indent=2, ensure_ascii=False)
        write_output(payload + "\n", None)
    else:
        write_output("\n".join(e.to_text() for e in explanations), None)
