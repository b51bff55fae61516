"""The external tools other tests rely on start and answer, so a broken set-up fails here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from external import jena, virtuoso

pytestmark = pytest.mark.external


def test_jena_arq_starts_and_answers(tmp_path: Path) -> None:
    data = tmp_path / "d.ttl"
    data.write_text("<urn:x:a> <urn:x:b> 42 .\n", encoding="utf-8")
    out = subprocess.run(
        [*jena(tmp_path / "cp"), "arq.sparql", "--data", str(data), "--results", "csv",
         "SELECT ?o { ?s ?p ?o }"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["o", "42"]


def test_virtuoso_reports_its_version() -> None:
    out = subprocess.run(
        [virtuoso(), "-?"], capture_output=True, text=True, timeout=60, check=False
    )
    assert "Virtuoso" in out.stdout + out.stderr
