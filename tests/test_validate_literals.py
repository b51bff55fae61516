"""validate --data judges typed literals as written, though Oxigraph's store rewrites some.

pyoxigraph's Store keeps ``"05"^^xsd:int`` as ``"5"^^xsd:integer`` and an out-of-range
``"99999999999"^^xsd:int`` as a valid integer: an engine reading the store would judge
values the file does not hold (:mod:`csrgraph.graph.literals`).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from external import need

from csrgraph.cli import main
from csrgraph.errors import InputError
from csrgraph.graph.literals import LiteralWatch, rewritten_among
from csrgraph.graph.load import load_parsed
from csrgraph.validation import compiled as compiled_module
from csrgraph.validation import validate
from csrgraph.validation.jena import jena_available

XSD = "http://www.w3.org/2001/XMLSchema#"
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <urn:ex:> .
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:%s ] .
"""
LINE = '<urn:ex:a> <urn:ex:p> "%s"^^<http://www.w3.org/2001/XMLSchema#%s> .\n'


def _files(tmp_path: Path, value: str, datatype: str, suffix: str = ".nt") -> tuple[Path, Path]:
    data = tmp_path / f"data{suffix}"
    data.write_text(LINE % (value, datatype), encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES % datatype, encoding="utf-8")
    return data, shapes


CASES = [(engine, suffix) for engine in ("auto", "pyshacl") for suffix in (".nt", ".ttl")]


def test_the_cases_exist() -> None:
    assert len(CASES) == 4


@pytest.mark.parametrize(("engine", "suffix"), CASES)
def test_a_valid_int_conforms(tmp_path: Path, engine: str, suffix: str) -> None:
    data, shapes = _files(tmp_path, "5", "int", suffix)
    report = validate(data=[data], shapes=shapes, engine=engine)
    assert report.conforms, report.to_text()


@pytest.mark.parametrize(("engine", "suffix"), CASES)
def test_an_int_out_of_range_violates_as_written(tmp_path: Path, engine: str, suffix: str) -> None:
    data, shapes = _files(tmp_path, "99999999999", "int", suffix)
    report = validate(data=[data], shapes=shapes, engine=engine)
    assert not report.conforms
    assert [r.value for r in report.results] == [f'"99999999999"^^<{XSD}int>']


@pytest.mark.external
def test_jena_judges_the_int_as_written(tmp_path: Path) -> None:
    need("Java and Apache Jena", jena_available(), "apt-get install libapache-jena-java")
    data, shapes = _files(tmp_path, "5", "int")
    assert validate(data=[data], shapes=shapes, engine="jena").conforms
    data, shapes = _files(tmp_path, "99999999999", "int")
    assert not validate(data=[data], shapes=shapes, engine="jena").conforms


def test_the_store_engines_refuse_data_they_would_rewrite(tmp_path: Path) -> None:
    data, shapes = _files(tmp_path, "05", "int")
    with pytest.raises(InputError, match=r'"05"\^\^<.*#int>.*engine pyshacl or jena'):
        validate(data=[data], shapes=shapes, engine="oxigraph")
    done = CliRunner().invoke(
        main, ["validate", "--data", str(data), "--shapes", str(shapes), "--engine", "turbo"]
    )
    assert done.exit_code == 2, done.output
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and '"05"' in lines[0]


def test_only_clean_data_takes_the_oxigraph_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = compiled_module.validate_store

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compiled_module, "validate_store", spy)
    data, _ = _files(tmp_path, "5", "integer")  # kept as written
    assert validate(data=[data]).conforms  # the bundled shapes: run here, not in a child
    assert len(calls) == 1
    data, _ = _files(tmp_path, "05", "int")
    assert validate(data=[data]).conforms
    assert len(calls) == 1  # pySHACL ran


def test_the_scan_finds_the_literals_the_parser_finds(tmp_path: Path) -> None:
    path = tmp_path / "d.nt"
    path.write_text(
        '<urn:a> <urn:b> "x \\"07\\"^^<http://www.w3.org/2001/XMLSchema#int> y" .\n'
        '# <urn:a> <urn:b> "08"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
        '<urn:a> <urn:b> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    watch = LiteralWatch()
    watch.scan(path)
    assert watch.rewritten() is None  # in a string, in a comment: no literal of the data
    for line in (
        '<urn:a> <urn:b> "1" ^^ <http://www.w3.org/2001/XMLSchema#int> .\n',
        '<urn:a> <urn:b> "1"^^<http://www.w3.org/2001/XMLSchema\\u0023int> .\n',
    ):
        path.write_text(line, encoding="utf-8")
        watch = LiteralWatch()
        watch.scan(path)
        assert watch.rewritten() is not None, line


def test_the_bundled_graph_holds_no_literal_the_store_rewrites() -> None:
    literals = [q.object for q in load_parsed().quads if isinstance(q.object, ox.Literal)]
    assert len(literals) > 100
    assert rewritten_among(literals) is None


def test_a_given_graph_is_judged_as_written(tmp_path: Path) -> None:
    import rdflib

    _, shapes = _files(tmp_path, "5", "int")
    graph = rdflib.Graph()
    value = rdflib.Literal("5", datatype=rdflib.URIRef(XSD + "int"), normalize=False)
    graph.add((rdflib.URIRef("urn:ex:a"), rdflib.URIRef("urn:ex:p"), value))
    assert validate(graph, shapes=shapes).conforms
    assert validate(graph, shapes=shapes, engine="pyshacl").conforms
    with pytest.raises(InputError, match="engine pyshacl or jena"):
        validate(graph, shapes=shapes, engine="oxigraph")


def test_a_rewrite_within_the_datatype_keeps_the_store_path() -> None:
    """``"57.10"^^xsd:decimal`` is kept as ``"57.1"``: the same value, so not a rewrite."""
    watch = LiteralWatch()
    lines = (
        b'<urn:a> <urn:b> "57.10"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
        b'<urn:a> <urn:c> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
    )
    assert len(list(watch.quads(ox.parse(lines, ox.RdfFormat.N_TRIPLES)))) == 2
    assert watch.rewritten() is None
