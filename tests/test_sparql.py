"""run_query: the embedded engine, parameters, the sandbox, the timeout and endpoints."""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from conftest import BAD, ECHO, HOSTILE, MINI, QUERIES
from oxigraph_server import OxigraphServer

from csrgraph import run_query
from csrgraph.errors import QueryError, QueryTimeout, StoreError, UsageError
from csrgraph.sparql import analyse, inject_values, service_endpoints, values_insertion_points

ENGLISH_CLASS_LABELS = {"statement", "section", "source document"}


def labels(lang: str) -> set[str]:
    result = run_query(str(QUERIES / "labels-by-lang.rq"), lang=lang)
    return {row["label"] for row in result.records()}


def test_lang_parameter_only_in_a_filter_is_bound() -> None:
    english, german = labels("en"), labels("de")
    assert english >= ENGLISH_CLASS_LABELS
    assert {"Aussage", "Abschnitt", "Quelldokument"} <= german
    assert not english & {"Aussage", "Abschnitt"}


def test_explicit_parameter_beats_lang_option() -> None:
    result = run_query(str(QUERIES / "labels-by-lang.rq"), {"lang": "de"}, lang="en")
    assert "Aussage" in {row["label"] for row in result.records()}


def test_parameter_in_a_nested_optional_filter_is_bound() -> None:
    rows = run_query(str(QUERIES / "nested-optional.rq"), lang="en", data=MINI).records()
    assert rows == [{"thing": "http://example.org/mini#a", "label": "A"}]
    rows_de = run_query(str(QUERIES / "nested-optional.rq"), lang="de", data=MINI).records()
    assert rows_de == [{"thing": "http://example.org/mini#a", "label": None}]


def test_typed_parameters_defaults_and_values() -> None:
    path = str(QUERIES / "typed-params.rq")
    assert run_query(path, data=MINI).records() == [
        {"_thing_iri": "http://example.org/mini#a", "label": "A", "n": "2", "note": "none"}
    ]
    given = {"count": "41", "note": "hi", "thing_iri": "<http://example.org/mini#a>"}
    assert run_query(path, given, data=MINI).records() == [
        {
            "_thing_iri": "http://example.org/mini#a",
            "label": "A",
            "n": "42",
            "note": "hi",
        }
    ]


def test_substitution_is_used_when_the_engine_accepts_it(monkeypatch) -> None:
    def no_values(*args: object) -> str:
        raise AssertionError("VALUES binding used although substitution works")

    monkeypatch.setattr("csrgraph.sparql.inject_values", no_values)
    path = str(QUERIES / "in-scope.rq")
    assert run_query(path, data=MINI).records() == [
        {"_thing_iri": "http://example.org/mini#a", "label": "A"}
    ]
    assert run_query(path, {"thing_iri": "http://example.org/mini#b"}, data=MINI).records() == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"count": "many"}, "parameter count: 'many' is not a valid integer"),
        ({"thing_iri": "not an iri"}, "parameter thing_iri: 'not an iri' is not an IRI"),
        ({"cuont": "1"}, "has no parameter 'cuont'; did you mean: count?"),
    ],
)
def test_bad_parameters_are_usage_errors(params: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        run_query(str(QUERIES / "typed-params.rq"), params)


def test_a_parameter_value_cannot_break_out_of_its_literal() -> None:
    evil = '" } } SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } #'
    rows = run_query(str(QUERIES / "typed-params.rq"), {"note": evil}, data=MINI).records()
    assert rows[0]["note"] == evil


def test_construct_and_ask() -> None:
    graph = run_query(str(QUERIES / "construct-things.rq"), data=MINI)
    assert graph.kind == "graph" and len(graph.triples) == 2
    assert run_query(str(QUERIES / "ask-thing.rq"), data=MINI).boolean is True
    assert run_query(str(QUERIES / "ask-thing.rq")).boolean is False


def test_keywords_in_strings_iris_comments_and_names_are_not_refused() -> None:
    assert len(run_query(str(QUERIES / "words-in-strings.rq"))) == 4


REFUSED = [
    ("service-nested.rq", "bad/service-nested.rq:3:30: SERVICE is refused"),
    ("service-escaped.rq", "bad/service-escaped.rq:2:18: a backslash outside a string or IRI"),
    ("from-named.rq", "bad/from-named.rq:1:10: FROM NAMED is refused"),
    ("from.rq", "bad/from.rq:1:10: FROM is refused"),
    ("update.rq", "bad/update.rq:2:1: DELETE is refused: csrgraph query is read-only"),
    ("load.rq", "bad/load.rq:1:1: LOAD is refused: csrgraph query is read-only"),
]


def test_the_sandbox_cases_are_all_there() -> None:
    assert len(REFUSED) == 6


@pytest.mark.parametrize(("name", "message"), REFUSED, ids=[name for name, _ in REFUSED])
def test_sandbox_refuses_before_evaluation(name: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(str(BAD / name))


def test_updates_are_refused_even_with_network_allowed() -> None:
    with pytest.raises(QueryError, match="read-only"):
        run_query(str(BAD / "update.rq"), allow_network=True)


def test_allow_network_lets_service_through() -> None:
    # SILENT: the closed loopback port yields no rows instead of an error
    result = run_query(str(BAD / "service-nested.rq"), allow_network=True, data=MINI)
    assert result.kind == "select" and len(result.rows) > 0


def test_malformed_query_and_unknown_prefix() -> None:
    # a user's file is named as given (folder and extension), not by its stem
    with pytest.raises(QueryError, match=rf"^{re.escape(str(BAD))}/malformed.rq:4:1: malformed "):
        run_query(str(BAD / "malformed.rq"))
    with pytest.raises(QueryError, match=r"/unknown-prefix.rq:1:22: unknown prefix 'nosuchpr"):
        run_query(str(BAD / "unknown-prefix.rq"))


def unused_port() -> int:
    """Return a loopback port nothing listens on (bound to port 0, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("timeout", [None, 30.0], ids=["in-process", "in-a-child"])
def test_an_unreachable_service_endpoint_is_a_store_error(timeout: float | None) -> None:
    endpoint = f"http://127.0.0.1:{unused_port()}/query"
    with pytest.raises(StoreError) as caught:
        run_query(
            "federated-wikidata-item",
            {"endpoint_iri": endpoint},
            allow_network=True,
            timeout=timeout,
        )
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(
        f"federated-wikidata-item: the SERVICE endpoint {endpoint} cannot be reached ("
    )


def test_other_engine_failures_stay_query_errors() -> None:
    with pytest.raises(QueryError, match=r"query failed: .*URL scheme"):
        run_query("SELECT * { SERVICE <ftp://127.0.0.1/q> { ?s ?p ?o } }", allow_network=True)


def test_service_endpoints_are_found_in_any_case_and_through_parameters() -> None:
    text = r"SELECT * { sErViCe <http://a/q> { ?s ?p ?o } SERVICE ?_e { ?s ?p ?o } }"
    assert service_endpoints(text, {"_e": ox.NamedNode("http://b/q")}) == [
        "http://a/q",
        "http://b/q",
    ]
    assert service_endpoints(text, {}) == ["http://a/q"]


def test_known_prefixes_need_no_declaration() -> None:
    result = run_query(str(QUERIES / "count-classes.rq"))
    assert int(result.records()[0]["n"] or 0) > 10


def test_unknown_query_name_suggests_close_names() -> None:
    with pytest.raises(UsageError, match="did you mean: pay-by-experience"):
        run_query("pay-by-experiance")


def test_timeout_stops_a_runaway_cross_product() -> None:
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        run_query(str(QUERIES / "runaway.rq"), timeout=1)
    assert multiprocessing.active_children() == []


def test_timeout_path_gives_the_same_answer() -> None:
    for name in ("nested-optional.rq", "construct-things.rq", "ask-thing.rq"):
        path = str(QUERIES / name)
        fast = run_query(path, data=MINI)
        slow = run_query(path, data=MINI, timeout=30)
        assert (slow.kind, slow.variables, slow.rows, slow.boolean) == (
            fast.kind,
            fast.variables,
            fast.rows,
            fast.boolean,
        )
        assert sorted(map(str, slow.triples)) == sorted(map(str, fast.triples))


def test_timeout_reports_query_errors_from_the_worker() -> None:
    with pytest.raises(QueryError, match="malformed SPARQL"):
        run_query("SELECT * WHERE { ?s ?p }", timeout=10)


def test_values_go_into_every_group_but_templates_values_minus_and_subselect_braces() -> None:
    text = (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?x { 1 } ?s ?p ?o "
        "OPTIONAL { ?s ?q ?r } MINUS { ?s ?p 2 } { SELECT ?s WHERE { ?s ?p ?o } } }"
    )
    snippets = [text[i : i + 8] for i in values_insertion_points(text)]
    assert snippets == [" VALUES ", " ?s ?q ?", " ?s ?p ?"]
    assert "VALUES (?_v)" in inject_values("SELECT * { ?s ?p ?o }", {"_v": _literal("1")})


def _literal(text: str):
    import pyoxigraph

    return pyoxigraph.Literal(text)


def test_analyse_finds_the_form() -> None:
    assert analyse("PREFIX ex: <http://e/> ASK { ?s ex:p 1 }").form == "ASK"
    with pytest.raises(QueryError, match="not a SPARQL query"):
        analyse("PREFIX ex: <http://e/>")


@pytest.fixture(scope="module")
def mini_server(tmp_path_factory: pytest.TempPathFactory):
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        for path in MINI:
            response = requests.post(
                f"{server.store}?default",
                data=Path(path).read_bytes(),
                headers={"Content-Type": "text/turtle"},
                timeout=30,
            )
            response.raise_for_status()
        yield server


@pytest.mark.server
@pytest.mark.parametrize(
    "name", ["nested-optional.rq", "typed-params.rq", "construct-things.rq", "ask-thing.rq"]
)
def test_endpoint_gives_the_same_answer_as_the_embedded_engine(mini_server, name: str) -> None:
    path = str(QUERIES / name)
    for lang in ("en", "de"):
        local = run_query(path, lang=lang, data=MINI)
        remote = run_query(path, lang=lang, endpoint=mini_server.query)
        assert (remote.kind, remote.variables, remote.boolean) == (
            local.kind,
            local.variables,
            local.boolean,
        )
        assert remote.records() == local.records()
        assert sorted(map(str, remote.triples)) == sorted(map(str, local.triples))


@pytest.mark.server
def test_endpoint_and_data_do_not_mix(mini_server) -> None:
    with pytest.raises(UsageError, match=r"^data cannot be used with endpoint "):
        run_query(str(QUERIES / "ask-thing.rq"), data=MINI, endpoint=mini_server.query)


def test_service_endpoint_parameter_becomes_the_iri_and_its_group_gets_no_values() -> None:
    import pyoxigraph

    text = "SELECT ?_e WHERE { ?s ?p ?o SERVICE SILENT ?_e { ?s ?p ?x } }"
    bound = inject_values(text, {"_e": pyoxigraph.NamedNode("http://127.0.0.1:9/sparql")})
    assert bound == (
        "SELECT ?_e WHERE { VALUES (?_e) { (<http://127.0.0.1:9/sparql>) } ?s ?p ?o "
        "SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?x } }"
    )


def test_a_bundled_query_by_name_reads_only_its_own_file() -> None:
    import subprocess
    import sys

    probe = (
        "from csrgraph.sparql.catalog import _catalog, get_query; "
        "q = get_query('pay-by-experience'); "
        "print(q.name, len(q.params), _catalog.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["pay-by-experience", "2", "0"]


# Binding planned once from the tokens: substitution, the term in place, or VALUES blocks

MINI_A = "<http://example.org/mini#a>"
PLANNED = {
    # name: (query text, bindings as N-Triples terms, how it must be bound)
    "filter-only": (
        "SELECT ?s ?l { ?s skos:prefLabel ?l FILTER (lang(?l) = ?_lang) }",
        {"_lang": '"de"'},
        "in place",
    ),
    "nested-optional": (
        "SELECT ?s ?l { ?s a ?t OPTIONAL { ?s skos:prefLabel ?l FILTER (lang(?l) = ?_lang) } }",
        {"_lang": '"en"'},
        "in place",
    ),
    "bound-and-filter": (
        "SELECT ?s { ?s skos:prefLabel ?l FILTER (!BOUND(?__s_iri) || ?s = ?__s_iri) }",
        {"__s_iri": MINI_A},
        "in place",
    ),
    "select-star": (
        "SELECT * { ?s skos:prefLabel ?l FILTER (lang(?l) = ?_lang) }",
        {"_lang": '"en"'},
        "in place",
    ),
    "projected": (
        "SELECT ?_s_iri ?l { ?_s_iri skos:prefLabel ?l }",
        {"_s_iri": MINI_A},
        "substitution",
    ),
    "sub-select-projection": (
        "SELECT ?s { { SELECT ?s ?_l WHERE { ?s skos:prefLabel ?_l } } }",
        {"_l": '"A"@en'},
        "values",
    ),
    "literal-as-predicate": (
        "SELECT ?s { ?s ?_p ?o }",
        {"_p": '"x"'},
        "in place",
    ),
}


def test_the_planned_binding_cases_are_all_there() -> None:
    assert len(PLANNED) == 7


def _terms(bindings: dict[str, str]) -> dict[str, object]:
    from csrgraph.sparql import _decode_term

    return {name: _decode_term(text) for name, text in bindings.items()}


@pytest.mark.parametrize("case", sorted(PLANNED))
def test_planned_binding_gives_the_rows_of_substitution_or_values(case: str) -> None:
    from csrgraph.graph.load import load_store
    from csrgraph.sparql import _evaluate, _evaluate_unplanned, plan_binding, result_from_engine

    text, given, how = PLANNED[case]
    bindings = _terms(given)
    plan = plan_binding(text, bindings)
    if how == "substitution":
        assert plan.text == text and set(plan.substitutions) == set(bindings)
    elif how == "in place":
        assert not plan.substitutions
        # the variables are gone, but for the one VALUES block that shows them in SELECT *
        assert plan.text.count("VALUES") == (case == "select-star")
        assert all(plan.text.count(f"?{name}") == (case == "select-star") for name in bindings)
    else:
        assert plan.text.count("VALUES") >= 1
    prefixes = {"skos": "http://www.w3.org/2004/02/skos/core#"}
    planned = _evaluate(text, bindings, prefixes, MINI, case)
    store = load_store(MINI)
    before = result_from_engine(_evaluate_unplanned(store, text, bindings, prefixes), prefixes)
    assert planned.variables == before.variables
    assert sorted(map(str, planned.rows)) == sorted(map(str, before.rows))
    if case != "literal-as-predicate":
        assert planned.rows, "a case that finds nothing proves nothing"


def test_pay_by_experience_is_evaluated_once_without_values_blocks(monkeypatch) -> None:
    import pyoxigraph

    from csrgraph.sparql import bind_parameters, plan_binding
    from csrgraph.sparql.catalog import get_query

    query = get_query("pay-by-experience")
    plan = plan_binding(query.text, bind_parameters(query, {}, "de"))
    assert "VALUES" not in plan.text and '"de"' in plan.text
    occupation = _occupation_iri()
    calls: list[str] = []
    original = pyoxigraph.Store.query

    def counted(self: pyoxigraph.Store, text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(pyoxigraph.Store, "query", counted)
    rows = run_query("pay-by-experience", lang="de").records()
    assert len(calls) == 1 and len(rows) >= 3
    # the optional parameter given: BOUND(?__occupation_iri) is true, the filter applies
    one = run_query("pay-by-experience", {"occupation_iri": occupation}).records()
    assert one and len(one) <= len(rows) and len(calls) == 2


def _occupation_iri() -> str:
    rows = run_query("occupation").records()
    assert len(rows) >= 1
    return str(rows[0]["occupation_iri"])


# Malformed SPARQL: one line, the position, a few expected tokens

MALFORMED = [
    ("SELECT ?x WHERE {", "<query>:1:18: malformed SPARQL: expected one of "),
    ("SELECT * WHERE { ?s ?p }", "<query>:1:25: malformed SPARQL: expected "),
    ("SELECT * WHERE { ?s ?p ?o . FILTER(?o = } ", "<query>:1:43: malformed SPARQL: "),
    ("SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT x", "<query>:3:9: malformed SPARQL: "),
]


def test_the_malformed_cases_are_all_there() -> None:
    assert len(MALFORMED) == 4


@pytest.mark.parametrize(("text", "start"), MALFORMED, ids=[t for t, _ in MALFORMED])
@pytest.mark.parametrize("timeout", [None, 30], ids=["in-process", "in-a-child"])
def test_malformed_sparql_is_one_short_line(text: str, start: str, timeout: float | None) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(text, timeout=timeout)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(start), message
    assert "\\u{" not in message and "..=" not in message  # no character ranges
    assert message.count(", ") <= 5 and len(message) <= 240


def test_the_expected_tokens_are_cut_to_a_few() -> None:
    from csrgraph.sparql import shorten_expected

    many = "expected one of " + ", ".join(f'"t{i}"' for i in range(20)) + ",\n ['a'..='z'], [_]"
    shown = ", ".join(f'"t{i}"' for i in range(6))
    assert shorten_expected(many) == f"expected one of {shown} (or 14 more)"
    assert shorten_expected("expected one of [_]") == "unexpected input here"
    assert shorten_expected("expected\n  OPTIONAL") == "expected OPTIONAL"


# The lang parameter takes the language tags --lang takes: the bundled languages or an import's


@pytest.mark.parametrize("value", ["EN", "", "f", 'en" } ; DROP ALL ; #'])
def test_a_lang_parameter_must_be_a_language_tag(value: str) -> None:
    with pytest.raises(UsageError, match=r"^parameter lang: .* is not a language tag such as"):
        run_query(str(QUERIES / "labels-by-lang.rq"), {"lang": value})


def test_a_language_of_an_import_is_a_lang_parameter() -> None:
    """Issue 19: --lang chose only de or en, so an import's French labels could not be asked."""
    result = run_query(str(QUERIES / "labels-by-lang.rq"), {"lang": "fr"})
    assert result.kind == "select"


def test_the_lang_choices_are_those_of_the_cli() -> None:
    from csrgraph.cli.common import LANGUAGES as CLI_LANGUAGES
    from csrgraph.sparql import LANGUAGES

    assert LANGUAGES == CLI_LANGUAGES == ("de", "en")


def test_explain_binds_as_run_query_does(monkeypatch) -> None:
    import csrgraph.sparql.evaluate
    from csrgraph.explore.explain import explain

    planned: list[str] = []
    original = csrgraph.sparql.plan_binding

    def spy(text: str, bindings: dict[str, object]) -> object:
        planned.append(text)
        return original(text, bindings)

    def no_values(*args: object, **kwargs: object) -> str:
        raise AssertionError("explain bound a parameter outside plan_binding")

    monkeypatch.setattr(csrgraph.sparql.evaluate, "plan_binding", spy)
    monkeypatch.setattr(csrgraph.sparql.evaluate, "inject_values", no_values)
    (german,) = explain("F27", lang="de")
    assert planned and german.fact_id == "F27"
    assert german.authority and "Statistikbüro" in german.authority


# Hostile parameter values: one literal each, or refused; never a change to the query


def test_the_hostile_values_are_all_there() -> None:
    assert len(HOSTILE) == 26


def test_the_echo_query_binds_each_parameter_a_different_way() -> None:
    from csrgraph.sparql import bind_parameters, plan_binding
    from csrgraph.sparql.catalog import query_from_file

    query = query_from_file(ECHO)
    plan = plan_binding(query.text, bind_parameters(query, {}, "en"))
    assert list(plan.substitutions) == ["_shown"]  # the engine's substitution
    assert "?_text" not in plan.text  # in place of each use
    assert plan.text.count('VALUES (?_other) { ("plain") }') == 2  # VALUES blocks


@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v) for v in HOSTILE])
@pytest.mark.parametrize("timeout", [None, 30], ids=["in-process", "in-a-child"])
def test_a_hostile_value_binds_as_one_literal(value: str, timeout: float | None) -> None:
    given = {"shown": value, "text": value, "other": value}
    result = run_query(str(ECHO), given, timeout=timeout)
    assert result.records() == [{"_shown": value, "text": value, "other": value}]
    assert all(type(term).__name__ == "Literal" for term in result.rows[0])


@pytest.mark.server
def test_a_hostile_value_binds_as_one_literal_on_an_endpoint(mini_server) -> None:
    for value in HOSTILE:
        if "\x00" in value:  # NUL cannot go into an HTTP form field
            continue
        given = {"shown": value, "text": value, "other": value}
        records = run_query(str(ECHO), given, endpoint=mini_server.query).records()
        assert records == [{"_shown": value, "text": value, "other": value}], repr(value)


REFUSED_VALUES = [
    ({"thing_iri": "http://example.org/a> } ; DROP ALL ; #"}, "parameter thing_iri: "),
    ({"thing_iri": "<http://example.org/a> } ; DROP ALL ; #>"}, "parameter thing_iri: "),
    ({"thing_iri": "http://example.org/\\u0022"}, "parameter thing_iri: "),
    ({"thing_iri": "http://example.org/a\nb"}, "parameter thing_iri: "),
    ({"thing_iri": "http://example.org/{a}"}, "parameter thing_iri: "),
    ({"count": "1 } ; DROP ALL ; #"}, "parameter count: "),
    ({"count": "1\n"}, "parameter count: "),
]


def test_the_refused_values_are_all_there() -> None:
    assert len(REFUSED_VALUES) == 7


@pytest.mark.parametrize(("params", "start"), REFUSED_VALUES)
def test_a_hostile_iri_or_number_is_refused_in_one_line(params: dict[str, str], start: str) -> None:
    with pytest.raises(UsageError) as caught:
        run_query(str(QUERIES / "typed-params.rq"), params, data=MINI)
    assert str(caught.value).startswith(start)
    assert "\n" not in str(caught.value)


def test_escapes_inside_strings_and_iris_are_the_engines_view() -> None:
    from csrgraph.sparql import tokenize

    text = r'SELECT ?x { BIND(<http://e/\u0041?_x> AS ?x) "\u0022 ?_y" }'
    tokens = tokenize(text)
    assert [t.text for t in tokens if t.kind == "var"] == ["?x", "?x"]
    assert [t.kind for t in tokens][5] == "iri" and tokens[-2].kind == "string"


def _scan_cases() -> list[tuple[str, str]]:
    """Every bundled and fixture query, and texts built to trip a shortcut scan."""
    from csrgraph import resources

    files = sorted(resources.queries_dir().glob("*.rq")) + sorted(QUERIES.glob("*.rq"))
    files += sorted(BAD.glob("*.rq"))
    cases = [(path.name, path.read_text(encoding="utf-8")) for path in files]
    cases += [
        ("in-iri", "SELECT * { ?s <urn:a?_x#?_y> ?o }"),
        ("in-strings", "SELECT * { ?s ?p \"?_a\" , '?_b' , '''?_c\n''' , \"\"\"?_d\"\"\" }"),
        ("in-comment", "SELECT * { ?s ?p ?o # ?_hidden\n FILTER(?o < ?_max) }"),
        ("less-than", "SELECT * { ?s ?p ?o FILTER(?o<?_max&&?o>$_min) }"),
        ("lone-marks", "SELECT * { ?s ?p ?o . ? $ ' \" < ?_z }"),
        ("escaped-pname", r"SELECT * { ?s ex:a\?_no ?o ; ?p ?_yes }"),
        ("escaped-string", r'SELECT * { ?s ?p "a\"?_no" , ?_yes }'),
        ("unicode", "SELECT * { ?s ?p ?_wert·x ; ex:ä ?_ö }"),
    ]
    return cases


def test_the_variable_scan_has_cases() -> None:
    assert len(_scan_cases()) >= 17 + 8


@pytest.mark.parametrize(("name", "text"), _scan_cases(), ids=[n for n, _ in _scan_cases()])
def test_variable_scan_finds_what_the_tokenizer_finds(name: str, text: str) -> None:
    from csrgraph.sparql import tokenize, variable_names

    assert variable_names(text) == [t.text for t in tokenize(text) if t.kind == "var"]


def test_tokens_are_cached_but_each_caller_gets_its_own_list() -> None:
    from csrgraph.sparql import tokenize

    first = tokenize("SELECT ?s { ?s ?p ?o }")
    first.clear()
    assert len(tokenize("SELECT ?s { ?s ?p ?o }")) == 7
