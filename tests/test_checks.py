"""The static checks run with the tests: ruff's lint and format check, and mypy.

They run here rather than as extra lines in .ci/run so the README's one test command runs them
on every machine, and a failure shows up next to the other tests with the tool's own report.
The configuration is pyproject.toml's ([tool.ruff], [tool.mypy]); the tools come with the
``test`` extra, so a missing tool fails instead of skipping.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["src", "tests", "benchmarks"]

CHECKS = {
    "ruff check": ["ruff", "check", "--no-cache", *CHECKED],
    "ruff format": ["ruff", "format", "--check", "--no-cache", *CHECKED],
    # files = ["src"] in [tool.mypy]; the cache stays out of the checkout's way
    "mypy": ["mypy", "--cache-dir", "/dev/null"],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_static_check_passes(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *CHECKS[name]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{name} failed:\n{result.stdout}{result.stderr}"
