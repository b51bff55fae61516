"""Shared fixtures: paths of the test inputs and a click runner for the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from csrgraph.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = FIXTURES / "queries"
BAD = FIXTURES / "bad"
MINI = [FIXTURES / "mini-ontology.ttl", FIXTURES / "mini-data.ttl"]
#: A query that echoes three string parameters, each bound another way (see the file).
ECHO = QUERIES / "echo-params.rq"

#: The occupation's category code in each code set, as data/csr.sssom.tsv maps it: the SKOS
#: links, the schema.org CategoryCodes and the schema.org export must all give these.
CATEGORY_CODES = {
    "SOC 2010": "43-4051",
    "SOC 2018": "43-4051",
    "O*NET-SOC 2019": "43-4051.00",
    "ISCO-08": "4222",
    "ESCO v1.2": "13d1b2b4-99dd-44da-9734-c9f74bae18f7",
    "KldB 2010, Fassung 2020": "92122",
}

#: Parameter values that try to leave their literal: each must come back as it went in.
HOSTILE = [
    '"',
    "'",
    '"""',
    "'''",
    "> } ; DROP ALL ; #",
    '" } ; DROP ALL ; #',
    "' } ; DROP ALL ; #",
    "{ } { }",
    "x\ny",
    "x\r\n} #",
    r"\u0022 } ; DROP ALL ; #",
    r"\U00000022 } #",
    r"\\u0022",
    r"\u005C\u0022",
    "back\\",
    '\\"',
    '" } SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } #',
    "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    "?_text",
    "$other",
    "\x00\x01\x7f",
    "\u2028\u2029",
    '"@en',
    '"^^<http://www.w3.org/2001/XMLSchema#integer>',
    "",
    "Grüße # {",
]


# -- external tools: count the tests that use one, so CI can show that none was skipped ------

_EXTERNAL = {"passed": 0, "failed": 0, "skipped": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the outcome of each test marked ``external`` (once per test, not per phase)."""
    if "external" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _EXTERNAL[report.outcome] = _EXTERNAL.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print one line with the external-tool tests' outcomes (``.ci/run`` checks it)."""
    counts = ", ".join(f"{n} {k}" for k, n in _EXTERNAL.items())
    terminalreporter.write_line(f"csrgraph external-tool tests: {counts}")


@pytest.fixture
def fixtures() -> Path:
    """The folder of test inputs."""
    return FIXTURES


@pytest.fixture
def cli():
    """Run ``csrgraph ARGS...`` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke
