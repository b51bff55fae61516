"""validate(): SHACL reports as objects, text, JSON and Turtle."""

from __future__ import annotations

import json

import pytest
from conftest import BAD, FIXTURES, MINI

from csrgraph import load_graph, validate
from csrgraph.errors import InputError
from csrgraph.validation import ValidationResult

SHAPES = FIXTURES / "mini-shapes.ttl"


@pytest.fixture(scope="module")
def mini_report():
    graph = load_graph(MINI, include_ontology=False, include_data=False)
    return validate(graph, shapes=SHAPES)


def test_bundled_graph_conforms() -> None:
    report = validate()
    assert report.conforms, report.to_text()
    assert report.results == []


def test_subclass_instance_meets_superclass_shape(mini_report) -> None:
    # ex:b is only an ex:SpecialThing; the shape targets ex:Thing. No RDFS inference is run:
    # SHACL's own rdfs:subClassOf* rule must find it.
    focus = {r.focus for r in mini_report.results}
    assert focus == {"<http://example.org/mini#b>"}
    assert not mini_report.conforms


def test_dangling_link_fails_sh_class_despite_rdfs_range(mini_report) -> None:
    # ex:part has rdfs:range ex:Thing; with RDFS inference ex:dangling would pass sh:class.
    dangling = [r for r in mini_report.results if r.value == "<http://example.org/mini#dangling>"]
    assert len(dangling) == 1
    assert dangling[0].message == "A part must be a thing"
    assert dangling[0].severity == "Violation"


def test_text_report_has_one_line_per_result(mini_report) -> None:
    lines = mini_report.to_text().splitlines()
    assert lines[0] == "Does not conform: 2 results."
    assert lines[1:] == [
        "Violation: ex:b ex:part value ex:dangling: A part must be a thing",
        "Violation: ex:b skos:prefLabel: Every thing needs a label",
    ]


def test_json_and_turtle_reports(mini_report) -> None:
    payload = json.loads(mini_report.to_json())
    assert payload["conforms"] is False
    assert len(payload["results"]) == 2
    assert {r["path"] for r in payload["results"]} == {
        "<http://example.org/mini#part>",
        "<http://www.w3.org/2004/02/skos/core#prefLabel>",
    }
    assert "sh:ValidationReport" in mini_report.to_turtle()


def test_user_data_files_join_the_bundled_graph() -> None:
    report = validate(data=MINI, shapes=SHAPES)
    assert {r.focus for r in report.results} == {"<http://example.org/mini#b>"}


def test_unreadable_shapes_file_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"malformed.ttl:4:1: "):
        validate(shapes=BAD / "malformed.ttl")


SERVICE_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<http://example.org/S> a sh:NodeShape ;
    sh:targetClass schema:Occupation ;
    sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }" ] .
"""

NO_SHAPES = """@prefix ex: <http://example.org/> .
ex:a ex:b ex:c .
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SERVICE_SHAPE, "shapes.ttl: sh:select: 1:22: SERVICE is refused: shapes may not reach"),
        (NO_SHAPES, "shapes.ttl: no SHACL shapes found"),
    ],
    ids=["service-in-constraint", "no-shapes"],
)
def test_shapes_pyshacl_cannot_use_are_an_input_error(tmp_path, cli, text: str, message: str):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate(shapes=shapes)
    assert str(caught.value).startswith(str(shapes))
    assert message in str(caught.value)
    out = tmp_path / "report.txt"
    result = cli("validate", "--shapes", shapes, "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shapes.ttl"]


LINE_CASES = [
    ("skos:definition: give two", "Violation: ex:a: skos:definition: give two"),
    ("skos:definition give two", "Violation: ex:a: skos:definition give two"),
    ("skos:definition", "Violation: ex:a: skos:definition"),
    ("skos:definitions: give two", "Violation: ex:a skos:definition: skos:definitions: give two"),
    ("give two", "Violation: ex:a skos:definition: give two"),
]


@pytest.mark.parametrize(("message", "line"), LINE_CASES)
def test_a_message_that_starts_with_the_path_is_not_prefixed_again(message: str, line: str) -> None:
    assert len(LINE_CASES) == 5
    result = ValidationResult(
        "<http://example.org/a>",
        "<http://www.w3.org/2004/02/skos/core#definition>",
        None,
        message,
        "_:s",
        "Violation",
    )
    prefixes = {"ex": "http://example.org/", "skos": "http://www.w3.org/2004/02/skos/core#"}
    assert result.to_line(prefixes) == line


def test_bundled_shapes_messages_are_not_prefixed_twice(tmp_path, cli) -> None:
    data = tmp_path / "scheme.ttl"
    data.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://example.org/o> a skos:ConceptScheme ; skos:prefLabel "o"@de, "o"@en .\n',
        "utf-8",
    )
    result = cli("validate", "--data", data)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "https://example.org/o" in line]
    assert len(lines) >= 1
    assert "Violation: <https://example.org/o>: skos:definition: give exactly two" in lines[0]
    assert not [line for line in result.stdout.splitlines() if "skos:definition: skos:" in line]


ENGLISH = FIXTURES / "second" / "english-source.ttl"


def test_a_second_occupation_from_an_english_source_conforms(cli) -> None:
    result = cli("validate", "--data", ENGLISH)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Conforms")


def test_a_quote_in_another_language_than_its_document_is_caught(tmp_path) -> None:
    text = ENGLISH.read_text("utf-8")
    quote = 'csro:quote "Library assistants shelve returned books."@en'
    assert quote in text
    broken = tmp_path / "german-quote.ttl"
    broken.write_text(text.replace(quote, 'csro:quote "Sie stellen Bücher ein."@de'), "utf-8")
    report = validate(data=[broken])
    assert not report.conforms
    assert [(r.focus, r.shape) for r in report.results] == [
        (
            "<https://example.org/library/statement-L1>",
            "<https://w3id.org/csrgraph/rules/quote-language>",
        )
    ]


def test_ill_typed_literals_give_results_not_warnings(tmp_path, cli) -> None:
    data = tmp_path / "ill-typed.ttl"
    data.write_text(
        "@prefix csro: <https://w3id.org/csrgraph/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/csrgraph/claim/median-hourly-wage-2017>"
        ' csro:referencePeriod "2017-13"^^xsd:gYearMonth .\n'
        "<https://w3id.org/csrgraph/section/introduction>"
        ' <https://schema.org/position> "x"^^xsd:integer .\n',
        "utf-8",
    )
    result = cli("validate", "--data", data)
    assert result.exit_code == 1
    assert result.stderr == ""
    assert "schema:position" in result.stdout and "csro:referencePeriod" in result.stdout


BROKEN_SHAPES = {
    "malformed-sh-select": 'sh:sparql [ sh:select "SELECT $this WHERE { ?? broken" ]',
    "invalid-regex": 'sh:property [ sh:path schema:name ; sh:pattern "[" ]',
    "literal-as-path": 'sh:property [ sh:path "name" ; sh:minCount 1 ]',
    "text-as-count": 'sh:property [ sh:path schema:name ; sh:minCount "one" ]',
}


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
@pytest.mark.parametrize("name", sorted(BROKEN_SHAPES))
def test_a_broken_user_shapes_file_is_one_error_line(tmp_path, cli, name: str, engine: str):
    assert len(BROKEN_SHAPES) == 4
    shapes = tmp_path / f"{name}.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix schema: <https://schema.org/> .\n"
        "<http://example.org/S> a sh:NodeShape ; sh:targetClass schema:Occupation ;\n"
        f"    {BROKEN_SHAPES[name]} .\n",
        encoding="utf-8",
    )
    result = cli("validate", "--shapes", shapes, "--engine", engine)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {shapes}: "), result.stderr


def test_auto_falls_back_to_pyshacl_when_turbo_raises(monkeypatch) -> None:
    from csrgraph.validation import engines

    def broken(*args: object) -> None:
        raise RuntimeError("turbo broke")

    monkeypatch.setattr(engines, "turbo_available", lambda: True)
    monkeypatch.setattr(engines, "_turbo", broken)
    report = validate(data=[FIXTURES / "rules" / "mapping-clash.ttl"])
    assert not report.conforms
    assert any(r.shape.endswith("rules/mapping-clash>") for r in report.results)
    with pytest.raises(InputError, match="pyshacl-turbo failed: turbo broke"):
        validate(engine="turbo")


def test_turbo_where_it_cannot_run_is_a_usage_error(monkeypatch, cli) -> None:
    from csrgraph.errors import UsageError
    from csrgraph.validation import engines

    monkeypatch.setattr(engines, "turbo_available", lambda: False)
    with pytest.raises(UsageError, match=r"csrgraph\[fast\]"):
        validate(engine="turbo")
    assert validate(engine="auto").conforms  # pySHACL instead
    result = cli("validate", "--engine", "turbo")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the turbo engine needs pyshacl-turbo")
