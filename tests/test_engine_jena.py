"""``validate --engine jena``: Apache Jena's ``shacl`` run by csrgraph, its report read back.

That Jena itself agrees with pySHACL on every mutation case is shown by
``test_shapes.py::test_other_engines_give_the_same_verdict_and_results`` (one JVM for all
cases). What this file shows is csrgraph's own path around Jena: the data and shapes copied
out as N-Triples, the report parsed back, the integrity rules added, the sandbox, the time
bound and the errors. A JVM start costs seconds, so the mutation cases run here are the ones
that stress that path: lexical forms Jena must see as written (ill-typed literals, blank
text), language tags, inverse paths, a closed shape, a dangling ``sh:class`` link, a rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from external import need

from csrgraph.cli import main
from csrgraph.errors import InputError, QueryTimeout, UsageError
from csrgraph.graph.load import load_graph
from csrgraph.validation import ValidationReport, load_shapes, validate
from csrgraph.validation import jena as jena_module
from csrgraph.validation.jena import jena_available

MUTATIONS = Path(__file__).parent / "mutations"
#: The cases that stress the copy-out and read-back (see the module's docstring).
CASES = [
    "ill-typed-boolean.ru",
    "ill-typed-decimal.ru",
    "blank-quote.ru",
    "label-in-other-language.ru",
    "untagged-label.ru",
    "malformed-isco-code.ru",
    "claim-property-typo.ru",
    "dangling-reference.ru",
    "quote-wrong-language.ru",
]

pytestmark = pytest.mark.filterwarnings("ignore:.*weird:UserWarning")


def _need_jena() -> None:
    need("Java and Apache Jena", jena_available(), "apt-get install libapache-jena-java")


def _key(report: ValidationReport) -> set[tuple]:
    """Which shape failed on which focus node, path and value (blank-node foci left out)."""
    return {(r.focus, r.path, r.value, r.shape) for r in report.results if r.focus[:2] != "_:"}


@pytest.fixture(scope="module")
def bundled() -> rdflib.Graph:
    return load_graph()


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes()


def test_the_cases_exist() -> None:
    assert len(CASES) == 9
    assert all((MUTATIONS / name).is_file() for name in CASES)


@pytest.mark.external
@pytest.mark.parametrize("case", CASES)
def test_jena_agrees_with_pyshacl(case: str, bundled: rdflib.Graph, shapes: rdflib.Graph) -> None:
    _need_jena()
    graph = rdflib.Graph()
    graph += bundled
    graph.update((MUTATIONS / case).read_text(encoding="utf-8"))
    theirs = validate(graph, shapes=shapes, rules=True, engine="jena")
    ours = validate(graph, shapes=shapes, rules=True, engine="pyshacl")
    assert not theirs.conforms
    assert theirs.conforms == ours.conforms
    assert _key(theirs) == _key(ours), f"jena differs from pySHACL on {case}"


@pytest.mark.external
def test_the_cli_runs_jena_on_data_files(tmp_path: Path) -> None:
    """``--data`` through Jena: the bundled graph conforms, a broken extension does not."""
    _need_jena()
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "--engine", "jena"]).exit_code == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix csro: <https://w3id.org/csrgraph/ontology#> .\n"
        "<https://w3id.org/csrgraph/task/x> a csro:Task .\n",
        encoding="utf-8",
    )
    command = ["validate", "--engine", "jena", "--data", str(broken), "-f", "json"]
    done = runner.invoke(main, command)
    assert done.exit_code == 1, done.output
    assert "https://w3id.org/csrgraph/task/x" in done.output


def test_jena_missing_is_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jena_module, "jena_command", lambda scratch: None)
    with pytest.raises(UsageError, match="needs Java and Apache Jena"):
        validate(engine="jena")
    done = CliRunner().invoke(main, ["validate", "--engine", "jena"])
    assert done.exit_code == 2
    assert done.output.strip().splitlines() == [
        "Error: the jena engine needs Java and Apache Jena: install Java and Apache Jena"
        " (Debian: apt-get install libapache-jena-java)"
    ]


def test_jena_is_stopped_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Jena that never ends is killed at ``timeout`` (a stand-in process, no Java needed)."""
    import sys

    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    monkeypatch.setattr(jena_module, "jena_command", lambda scratch: sleeper)
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.5 s"):
        validate(engine="jena", timeout=0.5)


def test_jena_cannot_reach_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Java process starts sandboxed: a stand-in that reaches a loopback server fails.

    Had it connected, it would print a conforming report and ``validate`` would pass.
    """
    import socket
    import sys

    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        probe = (
            f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5); "
            "print('[] a <http://www.w3.org/ns/shacl#ValidationReport>; "
            "<http://www.w3.org/ns/shacl#conforms> true .')"
        )
        command = [sys.executable, "-c", probe]
        monkeypatch.setattr(jena_module, "jena_command", lambda scratch: command)
        with pytest.raises(InputError, match="Jena shacl failed: "):
            validate(engine="jena")
