"""Everything the CLI prints, written by one registry whose keys are the ``--format`` choices.

Rows (SELECT) and booleans (ASK): ``table``, ``csv``, ``tsv``, ``json`` (SPARQL 1.1 Query
Results JSON), ``xml`` (SPARQL Query Results XML), ``md``. Graphs (CONSTRUCT, DESCRIBE,
``csrgraph export``): ``ttl``, ``nt``, ``jsonld`` (with a compact context built from the
prefixes, so reading it back needs no network), ``xml`` (RDF/XML), ``trig``. Graphs are
written by pyoxigraph's serialisers (JSON-LD by a small writer here, since pyoxigraph's
ignores prefixes); rdflib is not imported.

What the other commands print is handed over in two neutral forms: a :class:`Table` (rows of
text: the query catalogue, ``info``) for ``table``, ``csv``, ``tsv``, ``json`` and ``md``, and a
:class:`Report` (records of labelled lines: ``explain``, ``validate``) for ``text`` and ``json``.
:func:`render` writes any of the three in any format that has a writer for it.

Output a program would interpret is made inert here, in one place
(:mod:`csrgraph.formats.neutral`): a CSV or TSV cell a spreadsheet would read as a formula
gets a leading quote (``raw_cells=True`` keeps every cell as it is), and ``table``, ``md`` and
``text`` show control characters escaped. The data formats (JSON, XML, RDF) are exact.

Importing this module is cheap (the CLI's ``--format`` choices come from it): the engine
module, pyoxigraph and the XML and CSV helpers are imported by the writers that use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csrgraph.errors import UsageError
from csrgraph.formats.neutral import spreadsheet_cell
from csrgraph.formats.terms import compact_iri, csv_value, display, json_term, tsv_term
from csrgraph.formats.text import (
    Record as Record,
)
from csrgraph.formats.text import (
    Report,
    Table,
    aligned,
    data_json,
    markdown,
    report_text,
    table_csv,
    table_markdown,
    table_text,
    table_tsv,
)
from csrgraph.namespaces import RDF_TYPE, XSD

if TYPE_CHECKING:
    from csrgraph.sparql import QueryResult

_XSD_STRING = XSD + "string"
_RDF_TYPE = RDF_TYPE


@dataclass(frozen=True)
class Format:
    """One output format: how it writes rows/booleans, graphs, tables and reports.

    The writers of rows, tables and reports take the item and ``raw`` (keep spreadsheet
    formulas as they are: only ``csv`` and ``tsv`` use it).
    """

    name: str
    description: str
    rows: Callable[[QueryResult, bool], bytes] | None = None
    graph: Callable[[list[Any], dict[str, str]], bytes] | None = None
    table: Callable[[Table, bool], bytes] | None = None
    report: Callable[[Report, bool], bytes] | None = None


# ---------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------


def _need_select(result: QueryResult, name: str) -> None:
    """Refuse a graph result for a row format."""
    if result.kind == "graph":
        raise UsageError(
            f"format {name!r} is for SELECT and ASK results; for a graph use one of: "
            + ", ".join(graph_formats())
        )


def to_table(result: QueryResult, raw: bool = False) -> bytes:
    """Write an aligned text table (an ASK answer is ``true`` or ``false``)."""
    _need_select(result, "table")
    if result.kind == "ask":
        return b"true\n" if result.boolean else b"false\n"
    cells = [[display(term, result.prefixes) for term in row] for row in result.rows]
    return aligned(result.variables, cells, Table([], []))


def to_markdown(result: QueryResult, raw: bool = False) -> bytes:
    """Write a GitHub-flavoured Markdown table."""
    _need_select(result, "md")
    if result.kind == "ask":
        return b"| result |\n|---|\n| " + (b"true" if result.boolean else b"false") + b" |\n"
    return markdown(
        result.variables, ([display(t, result.prefixes) for t in row] for row in result.rows)
    )


def to_csv(result: QueryResult, raw: bool = False) -> bytes:
    """Write SPARQL 1.1 Query Results CSV (CRLF line ends, plain values).

    A value a spreadsheet would read as a formula gets a leading quote unless ``raw``.
    """
    import csv
    import io

    _need_select(result, "csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        writer.writerows([spreadsheet_cell(csv_value(t), raw) for t in row] for row in result.rows)
    return buffer.getvalue().encode()


def to_tsv(result: QueryResult, raw: bool = False) -> bytes:
    """Write SPARQL 1.1 Query Results TSV (terms in their N-Triples form).

    A literal whose text a spreadsheet would read as a formula gets a leading quote inside
    its quotes (``"'=1+1"``) unless ``raw``.
    """
    _need_select(result, "tsv")
    if result.kind == "ask":
        return b"?boolean\n" + (b"true\n" if result.boolean else b"false\n")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(tsv_term(t, raw) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


def to_json(result: QueryResult, raw: bool = False) -> bytes:
    """Write SPARQL 1.1 Query Results JSON."""
    import json

    _need_select(result, "json")
    if result.kind == "ask":
        payload: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        payload = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode()


def to_results_xml(result: QueryResult, raw: bool = False) -> bytes:
    """Write SPARQL Query Results XML."""
    from xml.sax.saxutils import quoteattr

    _need_select(result, "xml")
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out.append('<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
    if result.kind == "ask":
        out.append("  <head/>")
        out.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("  <head>")
        out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        out.append("  </head>")
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for var, term in zip(result.variables, row, strict=True):
                if term is not None:
                    out.append(f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return ("\n".join(out) + "\n").encode()


def _xml_term(term: Any) -> str:
    """Return a term as a SPARQL Results XML element."""
    from xml.sax.saxutils import escape, quoteattr

    data = json_term(term)
    if data["type"] == "uri":
        return f"<uri>{escape(data['value'])}</uri>"
    if data["type"] == "bnode":
        return f"<bnode>{escape(data['value'])}</bnode>"
    attributes = ""
    if "xml:lang" in data:
        attributes = f" xml:lang={quoteattr(data['xml:lang'])}"
    elif "datatype" in data:
        attributes = f" datatype={quoteattr(data['datatype'])}"
    return f"<literal{attributes}>{escape(data['value'])}</literal>"


# ---------------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------------


def _oxigraph_writer(format_name: str) -> Callable[[list[Any], dict[str, str]], bytes]:
    """Return a graph writer using pyoxigraph's serialiser for ``RdfFormat.<format_name>``."""

    def write(triples: list[Any], prefixes: dict[str, str]) -> bytes:
        import io

        import pyoxigraph as ox

        rdf_format = getattr(ox.RdfFormat, format_name)
        items: Iterable[Any] = triples
        if format_name in ("TRIG", "N_QUADS"):
            items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        with_prefixes = format_name in ("TURTLE", "TRIG", "RDF_XML")
        buffer = io.BytesIO()
        ox.serialize(items, buffer, rdf_format, prefixes=prefixes if with_prefixes else None)
        return buffer.getvalue()

    return write


def to_jsonld(triples: list[Any], prefixes: dict[str, str]) -> bytes:
    """Write JSON-LD with an inline context of the prefixes (compact IRIs, no remote context).

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
    >>> import json
    >>> json.loads(to_jsonld([t], {"ex": "http://e/"}))["@graph"]
    [{'@id': 'ex:a', 'ex:p': [{'@value': 'x'}]}]
    """
    import json

    import pyoxigraph as ox

    safe = {k: v for k, v in prefixes.items() if k and k not in ("http", "https", "_")}

    def iri(value: str) -> str:
        return compact_iri(value, safe) or value

    def node_id(term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else iri(term.value)

    nodes: dict[str, dict[str, Any]] = {}
    for triple in sorted(triples, key=str):
        subject = node_id(triple.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        obj = triple.object
        if triple.predicate.value == _RDF_TYPE and not isinstance(obj, ox.Literal):
            node.setdefault("@type", []).append(node_id(obj))
            continue
        if isinstance(obj, ox.Literal):
            value: dict[str, str] = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != _XSD_STRING:
                value["@type"] = iri(obj.datatype.value)
        else:
            value = {"@id": node_id(obj)}
        node.setdefault(iri(triple.predicate.value), []).append(value)
    used = {k: v for k, v in sorted(safe.items())}
    payload = {"@context": used, "@graph": list(nodes.values())}
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode()


# ---------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------

REGISTRY: dict[str, Format] = {
    "table": Format(
        "table", "aligned text table (default on a terminal)", rows=to_table, table=table_text
    ),
    "csv": Format("csv", "SPARQL 1.1 results CSV", rows=to_csv, table=table_csv),
    "tsv": Format("tsv", "SPARQL 1.1 results TSV", rows=to_tsv, table=table_tsv),
    "json": Format(
        "json", "SPARQL 1.1 results JSON", rows=to_json, table=data_json, report=data_json
    ),
    "xml": Format(
        "xml",
        "SPARQL results XML, or RDF/XML for a graph",
        rows=to_results_xml,
        graph=_oxigraph_writer("RDF_XML"),
    ),
    "md": Format("md", "Markdown table", rows=to_markdown, table=table_markdown),
    "ttl": Format("ttl", "Turtle", graph=_oxigraph_writer("TURTLE")),
    "nt": Format("nt", "N-Triples", graph=_oxigraph_writer("N_TRIPLES")),
    "jsonld": Format("jsonld", "JSON-LD with an inline context", graph=to_jsonld),
    "trig": Format("trig", "TriG", graph=_oxigraph_writer("TRIG")),
    "text": Format("text", "a report in labelled lines", report=report_text),
}


def row_formats() -> list[str]:
    """Return the names of the formats for SELECT and ASK results.

    >>> row_formats()
    ['table', 'csv', 'tsv', 'json', 'xml', 'md']
    """
    return [name for name, fmt in REGISTRY.items() if fmt.rows is not None]


def table_formats() -> list[str]:
    """Return the names of the formats for a :class:`Table` (``info``, ``diff``, ...).

    >>> table_formats()
    ['table', 'csv', 'tsv', 'json', 'md']
    """
    return [name for name, fmt in REGISTRY.items() if fmt.table is not None]


def result_formats() -> list[str]:
    """Return the names of the formats for query results (rows, booleans or graphs).

    >>> result_formats()
    ['table', 'csv', 'tsv', 'json', 'xml', 'md', 'ttl', 'nt', 'jsonld', 'trig']
    """
    return [name for name, fmt in REGISTRY.items() if fmt.rows or fmt.graph]


def graph_formats() -> list[str]:
    """Return the names of the formats for graphs.

    >>> graph_formats()
    ['xml', 'ttl', 'nt', 'jsonld', 'trig']
    """
    return [name for name, fmt in REGISTRY.items() if fmt.graph is not None]


def get_format(name: str) -> Format:
    """Return the format called ``name``.

    >>> get_format("yaml")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: unknown format 'yaml'; choose one of: table, csv, tsv, json, xml, md, ttl, nt, jsonld, trig, text
    """  # noqa: E501
    if name not in REGISTRY:
        raise UsageError(f"unknown format {name!r}; choose one of: {', '.join(REGISTRY)}")
    return REGISTRY[name]


def serialize_graph(triples: list[Any], name: str, prefixes: dict[str, str]) -> bytes:
    """Write triples in the graph format ``name``."""
    fmt = get_format(name)
    if fmt.graph is None:
        raise UsageError(
            f"format {name!r} is for SELECT and ASK results; for a graph use one of: "
            + ", ".join(graph_formats())
        )
    return fmt.graph(triples, prefixes)


def serialize(result: QueryResult, name: str, *, raw_cells: bool = False) -> bytes:
    """Write a query result in the format ``name`` (rows/boolean or graph, by its kind).

    ``raw_cells``: write CSV and TSV cells that a spreadsheet would read as a formula as they
    are, without the leading quote (see :mod:`csrgraph.formats.neutral`).

    >>> import json
    >>> from csrgraph.sparql import QueryResult
    >>> json.loads(serialize(QueryResult("ask", boolean=True), "json"))
    {'head': {}, 'boolean': True}
    """
    if result.kind == "graph":
        return serialize_graph(result.triples, name, result.prefixes)
    fmt = get_format(name)
    if fmt.rows is None:
        raise UsageError(
            f"format {name!r} is for graphs (CONSTRUCT, DESCRIBE); for SELECT and ASK "
            "use one of: " + ", ".join(row_formats())
        )
    return fmt.rows(result, raw_cells)


def render(item: QueryResult | Table | Report, name: str, *, raw_cells: bool = False) -> bytes:
    r"""Write a query result, a :class:`Table` or a :class:`Report` in the format ``name``.

    ``raw_cells`` as for :func:`serialize`.

    >>> render(Table(["name"], [["a"]], count=False), "md")
    b'| name |\n|---|\n| a |\n'
    >>> render(Report([Record("ok")]), "csv")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: format 'csv' cannot write a report; use one of: json, text
    """
    if not isinstance(item, Table | Report):
        return serialize(item, name, raw_cells=raw_cells)
    kind = "table" if isinstance(item, Table) else "report"
    writer = getattr(get_format(name), kind)
    if writer is None:
        fits = [n for n, fmt in REGISTRY.items() if getattr(fmt, kind) is not None]
        raise UsageError(f"format {name!r} cannot write a {kind}; use one of: {', '.join(fits)}")
    writer_for: Callable[[Any, bool], bytes] = writer
    return writer_for(item, raw_cells)
