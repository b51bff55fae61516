"""The wheel: built from the checkout, installed into a fresh venv, used from another folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_wheel_installs_and_runs_from_any_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT, cwd=tmp_path)
    wheels = list(dist.glob("csrgraph-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    for kind, suffix in (("ontology", ".ttl"), ("data", ".ttl"), ("queries", ".rq")):
        bundled = [n for n in names if n.startswith(f"csrgraph/_resources/{kind}/")]
        assert any(n.endswith(suffix) for n in bundled), kind
    assert not any(n.startswith("tests/") for n in names)

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    _run(bindir / "python", "-m", "pip", "install", "--quiet", wheels[0], cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    rows = _run(bindir / "csrgraph", "query", "pay-by-experience", "-f", "csv", cwd=elsewhere)
    assert rows.stdout.splitlines()[0].startswith("occupation,")
    assert "34000" in rows.stdout
    located = _run(
        bindir / "python",
        "-c",
        "from csrgraph import resources; print(resources.root())",
        cwd=elsewhere,
    )
    assert str(venv) in located.stdout  # the wheel's own copy, not the checkout
    assert "_resources" in located.stdout
    info = _run(bindir / "csrgraph", "info", "-f", "json", cwd=elsewhere)
    assert '"facts"' in info.stdout
