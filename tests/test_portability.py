"""Every bundled query is portable SPARQL 1.1: Oxigraph and rdflib give the same rows.

Each query runs twice over the same graph: through csrgraph (the embedded Oxigraph engine,
parameters bound by the engine) and through rdflib's own SPARQL engine, with the parameters
bound the standard way (a ``VALUES`` block, as csrgraph sends them to a remote endpoint).
Literal forms are normalised before the comparison (numbers by value, ``xsd:string`` as a
plain literal), and the items of a ``GROUP_CONCAT`` list are compared as a set, since SPARQL
leaves their order to the engine. Row order is compared as is: every query orders its rows.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from importer_fixtures import imported_ntriples

from csrgraph.catalog import get_query, list_queries
from csrgraph.graph import load_graph
from csrgraph.sparql import bind_parameters, inject_values, run_query

SECOND = Path(__file__).parent / "fixtures" / "second-occupation.ttl"
LOCAL = sorted(q.name for q in list_queries() if not q.name.startswith("federated-"))
PARAMS: dict[str, dict[str, str]] = {
    "source-of": {"node_iri": "https://w3id.org/csrgraph/claim/employment-growth-call-centres"},
}
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "int", "long")}

#: (language, extra data files): the bundled graph in English, and with a second occupation
#: in German (so that label fallbacks and several occupations are compared too).
CASES = [("en", ()), ("de", (SECOND,))]


def normalise(
    value: str | None, datatype: str | None, language: str | None, kind: str = "literal"
) -> Any:
    """Return a comparable form of one cell."""
    if value is None:
        return None
    if kind != "literal":
        return (kind, value)
    if language:
        datatype = None  # rdf:langString is implied by the tag
    if datatype in NUMERIC:
        try:
            return ("number", Decimal(value).normalize())
        except InvalidOperation:
            pass
    if datatype == XSD + "string":
        datatype = None
    if "; " in value:  # a GROUP_CONCAT list: the engine picks the order of its items
        return ("list", tuple(sorted(value.split("; "))), datatype, language)
    return (value, datatype, language)


#: Queries of imported data get the O*NET sample's import of two occupations as well.
_FOLDER = tempfile.mkdtemp(prefix="csrgraph-portability-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
ONET_SAMPLE = Path(_FOLDER) / "onet.nt"
ONET_SAMPLE.write_bytes(imported_ntriples("onet", ("43-4051.00", "43-4199.00")))
NEEDS_IMPORT = {"onet-occupation", "compare-tasks"}


def with_imports(name: str, data: tuple[Path, ...]) -> tuple[Path, ...]:
    """Return the data files a query runs on: the case's, plus the import where it needs it."""
    return (*data, ONET_SAMPLE) if name in NEEDS_IMPORT else data


def oxigraph_rows(name: str, lang: str, data: tuple[Path, ...]) -> list[tuple[Any, ...]]:
    """Run the query through csrgraph (pyoxigraph)."""
    import pyoxigraph as ox

    result = run_query(name, params=PARAMS.get(name), lang=lang, data=data)
    rows = []
    for row in result.rows:
        cells = []
        for term in row:
            if term is None:
                cells.append(None)
                continue
            if not isinstance(term, ox.Literal):
                cells.append(normalise(term.value, None, None, type(term).__name__))
                continue
            cells.append(normalise(term.value, term.datatype.value, term.language))
        rows.append(tuple(cells))
    return rows


@pytest.fixture(scope="module")
def graphs() -> dict[tuple[Path, ...], Any]:
    """The rdflib graphs of the cases, each built once."""
    cases = {d for _, data in CASES for d in (data, with_imports("compare-tasks", data))}
    return {data: load_graph(list(data)) for data in cases}


def rdflib_rows(graph: Any, name: str, lang: str) -> list[tuple[Any, ...]]:
    """Run the query on rdflib's engine, parameters bound by a VALUES block."""
    from rdflib import BNode, Literal, URIRef

    query = get_query(name)
    text = inject_values(query.text, bind_parameters(query, PARAMS.get(name), lang))
    rows = []
    for row in graph.query(text):
        cells = []
        for term in row:
            if term is None:
                cells.append(None)
            elif isinstance(term, Literal):
                datatype = str(term.datatype) if term.datatype else None
                cells.append(normalise(str(term), datatype, term.language))
            else:
                kind = {URIRef: "NamedNode", BNode: "BlankNode"}[type(term)]
                cells.append(normalise(str(term), None, None, kind))
        rows.append(tuple(cells))
    return rows


def test_the_portability_check_sees_every_query() -> None:
    assert len(LOCAL) >= 15, LOCAL


@pytest.mark.parametrize("name", LOCAL, ids=LOCAL)
@pytest.mark.parametrize(("lang", "data"), CASES, ids=["en", "de-two-occupations"])
def test_same_rows_on_oxigraph_and_rdflib(
    name: str, lang: str, data: tuple[Path, ...], graphs: dict[tuple[Path, ...], Any]
) -> None:
    data = with_imports(name, data)
    expected = oxigraph_rows(name, lang, data)
    assert expected, f"{name} returns no rows, so the comparison would prove nothing"
    assert rdflib_rows(graphs[data], name, lang) == expected
