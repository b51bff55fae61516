"""Every generated file of the checkout is current: `python tools/regenerate.py --check`."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "regenerate.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


regenerate = _tool()
ARTEFACTS = regenerate.artefacts()


def test_every_generated_file_is_listed() -> None:
    # data/dataset.ttl, data/mappings.ttl, data/onet-task-links.ttl, docs/model.md
    assert len(ARTEFACTS) == 4
    assert len({a.name for a in ARTEFACTS}) == len(ARTEFACTS)


@pytest.mark.parametrize("artefact", ARTEFACTS, ids=[a.name for a in ARTEFACTS])
def test_generated_file_is_current(artefact: object) -> None:
    assert artefact.is_current(), (
        f"{artefact.name} is out of date; run `python tools/regenerate.py`"
    )


def test_check_lists_a_stale_file_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ARTEFACTS[0]
    stale = regenerate.Artefact(first.path, lambda: "not what is committed\n")
    monkeypatch.setattr(regenerate, "artefacts", lambda: [stale, *ARTEFACTS[1:]])
    assert regenerate.main(["--check"]) == 1
    assert capsys.readouterr().err == (
        f"{first.name}: out of date\nError: run `python tools/regenerate.py`\n"
    )


@pytest.mark.slow
def test_check_from_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")
    bad = subprocess.run([sys.executable, str(TOOL), "--nosuch"], capture_output=True, text=True)
    assert (bad.returncode, bad.stderr) == (
        2,
        "Error: usage: python tools/regenerate.py [--check]\n",
    )
