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
