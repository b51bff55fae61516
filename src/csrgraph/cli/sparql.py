"""``csrgraph queries`` and ``csrgraph query``: the bundled catalogue and the query path."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from csrgraph.cli.common import (
    Command,
    PositiveSeconds,
    StrictChoice,
    StrictIntRange,
    data_option,
    default_format,
    format_option,
    label_language_option,
    missing_language,
    output_option,
    param_option,
    parse_params,
    raw_cells_option,
    say,
    write_output,
)
from csrgraph.errors import UsageError
from csrgraph.formats import Table, graph_formats, render, result_formats, row_formats

#: The formats of the query catalogue (written by :data:`csrgraph.formats.REGISTRY`).
QUERIES_FORMATS = ("table", "json", "md")

if TYPE_CHECKING:
    from csrgraph.sparql import QueryResult
    from csrgraph.sparql.catalog import Query


@click.command("queries", cls=Command)
@format_option(QUERIES_FORMATS, "Output format [default: table].")
def queries_command(fmt: str | None) -> None:
    """List the bundled queries: name, summary and parameters.

    \b
    Example:
      csrgraph queries -f json
    """
    from csrgraph.sparql.catalog import list_queries

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
    table = Table(
        ("name", "summary", "parameters"),
        [(q.name, q.summary, _parameters_text(q)) for q in items],
        data=records,
        count=False,
    )
    write_output(render(table, fmt or default_format(QUERIES_FORMATS)), None)


def _parameters_text(query: Query) -> str:
    """Return a query's parameters as ``name`` or ``name=default``, comma-separated.

    >>> from csrgraph.sparql.catalog import get_query
    >>> _parameters_text(get_query("tasks"))
    'occupation_iri, lang=en'
    """
    return ", ".join(p.name + ("" if p.default is None else f"={p.default}") for p in query.params)


#: Seconds a query may run from the command line unless --timeout says otherwise.
DEFAULT_TIMEOUT = 60.0


@click.command("query", cls=Command)
@click.argument("target", required=False)
@click.option("-e", "--expression", metavar="TEXT", help="The query text itself.")
@param_option
@label_language_option
@format_option(result_formats(), "Output format [default: table on a terminal, else csv or ttl].")
@raw_cells_option
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
    type=StrictChoice(["auto", "basic", "digest"]),
    default="auto",
    show_default=True,
    help="With --endpoint: how to send the user and password (see `csrgraph load --help`).",
)
@click.option(
    "--max-answer",
    type=StrictIntRange(min=1, max=1 << 20),
    default=64,
    show_default=True,
    metavar="MIB",
    help="With --endpoint: read at most MIB mebibytes of the store's answer, all pages "
    "together when the store cuts it at a row cap (a larger one is refused); --timeout "
    "bounds the whole answer too.",
)
@click.option(
    "--store-dir",
    metavar="DIR",
    help="Query the index built by `csrgraph index` (no parsing; not with --data).",
)
@click.option(
    "--limit",
    type=StrictIntRange(min=0),
    metavar="N",
    help="Show at most N rows (0: all). A bundled query with a long answer shows one page "
    "by default; a Note on stderr then says how many rows there are.",
)
@click.option(
    "--offset",
    type=StrictIntRange(min=0),
    default=0,
    metavar="N",
    help="Skip the first N rows (with --limit: show the page after them).",
)
@click.pass_context
def query_command(
    ctx: click.Context,
    target: str | None,
    expression: str | None,
    params: tuple[str, ...],
    lang: str,
    fmt: str | None,
    raw_cells: bool,
    output: str | None,
    data: tuple[str, ...],
    timeout: float | None,
    allow_network: bool,
    endpoint: str | None,
    graph: str | None,
    auth: str,
    max_answer: int,
    store_dir: str | None,
    limit: int | None,
    offset: int,
) -> None:
    """Run a bundled query (by name), a .rq file, or query text (-e, or - for stdin).

    Queries are read-only and reach no file or network unless --allow-network is given.

    \b
    Examples:
      csrgraph query pay-by-experience --lang de
      csrgraph query -e 'SELECT ?s WHERE { ?s a schema:Occupation }' -f csv
      csrgraph query statements-by-authority -p authority_iri=org:bls -o rows.json
      csrgraph query tasks --store-dir index --limit 100 --offset 200
    """
    from csrgraph.sparql import resolve, run_query
    from csrgraph.sparql.catalog import query_from_text

    if expression is not None and target is not None:
        raise UsageError("give either TARGET or -e TEXT, not both")
    if expression is None and target is None:
        raise UsageError("give a query: a bundled name, a .rq file, - for stdin, or -e TEXT")
    if expression is not None and not expression.strip():
        raise UsageError("-e: the query text is empty")
    query: Query = resolve(query_from_text(expression) if expression is not None else str(target))
    form = _form(query)
    offset_given = ctx.get_parameter_source("offset") is not click.core.ParameterSource.DEFAULT
    if form not in (None, "SELECT") and (limit is not None or offset_given):
        raise UsageError(
            f"--limit and --offset page the rows of a SELECT; this query is a {form}, "
            "which has no rows to page"
        )
    if limit is None and form == "SELECT":
        limit = query.page_size  # only a SELECT has rows to page
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
        max_answer=max_answer << 20,
        isolate=True,
        limit=limit or None,
        offset=offset,
    )
    if fmt is None:
        graphs = ["ttl", *(name for name in graph_formats() if name != "ttl")]
        fmt = default_format(graphs if result.kind == "graph" else row_formats(), output)
    write_output(render(result, fmt, raw_cells=raw_cells), output)
    if result.total is not None:
        say("Note", page_note(result.offset, len(result.rows), result.total))
    asked = values.get("lang", values.get("_lang", lang))
    if (given_lang or asked != lang) and not _has_language(
        result,
        asked,
        data=data,
        endpoint=endpoint,
        store_dir=store_dir,
        graph=graph,
        auth=auth,
        timeout=timeout,
    ):
        say("Warning", missing_language(asked))
        return
    for column, others in result.fallbacks(lang).items():
        say(
            "Warning",
            f"{column}: some labels are not in {lang!r}; shown in "
            f"{', '.join(others)} instead (see the {column}_lang column)",
        )


#: Whether the graph holds a literal in the language ``?_lang`` (langMatches: ``pt`` matches
#: ``pt-BR``): an ASK stops at the first one it finds.
HAS_LANGUAGE = "ASK { ?s ?p ?o FILTER(isLiteral(?o) && langMatches(lang(?o), ?_lang)) }"


def _has_language(result: QueryResult, lang: str, **source: Any) -> bool:
    """Tell whether the graph the query ran on holds a literal in ``lang``.

    A literal of the answer in ``lang`` says yes at no cost; so does a language of the
    bundled graph (``de``, ``en``) when the query ran on it. Otherwise one ASK on the same
    graph (the same ``--data``, index or endpoint) decides; if it fails or runs out of time
    the answer is yes (no warning on a guess).
    """
    from csrgraph.cli.common import LANGUAGES, language_matches
    from csrgraph.errors import CsrgraphError
    from csrgraph.sparql import run_query

    for row in result.rows:
        for term in row:
            tag = getattr(term, "language", None)
            if tag and language_matches(tag, lang):
                return True
    if source["endpoint"] is None and lang.lower() in LANGUAGES:
        return True
    try:
        return bool(run_query(HAS_LANGUAGE, lang=lang, isolate=True, **source).boolean)
    except CsrgraphError:
        return True


def _form(query: Query) -> str | None:
    """Return the query's form (``SELECT``, ...), or None when it has none (run_query says why).

    >>> from csrgraph.sparql.catalog import query_from_text
    >>> _form(query_from_text("CONSTRUCT WHERE { ?s ?p ?o }")), _form(query_from_text("hi"))
    ('CONSTRUCT', None)
    """
    from csrgraph.errors import CsrgraphError
    from csrgraph.sparql.form import query_form

    try:
        return query_form(query.text, query.label)
    except CsrgraphError:
        return None


def page_note(offset: int, shown: int, total: int) -> str:
    """Say which rows of the whole answer a page holds, and how to get the next one.

    >>> page_note(0, 1000, 18808)
    'rows 1-1,000 of 18,808 shown (--offset 1000 for the next page, --limit 0 for all)'
    >>> page_note(18800, 8, 18808)
    'rows 18,801-18,808 of 18,808 shown'
    >>> page_note(20, 0, 5)
    'no rows shown: the answer has 5 rows'
    """
    if not shown:
        return f"no rows shown: the answer has {total:,} rows"
    text = f"rows {offset + 1:,}-{offset + shown:,} of {total:,} shown"
    if offset + shown < total:
        text += f" (--offset {offset + shown} for the next page, --limit 0 for all)"
    return text
